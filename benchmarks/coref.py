"""Entity coreference on GUM: pairwise links, MUC and B³ for persons, organizations and both.

    python benchmarks/coref.py [--alignment containment|exact] [--json]

Reads the 108 GUM documents of ``data/gum-coref`` (``../shared`` or ``$ONTHERECORD_SHARED``),
parses each once with ``ontherecord.pipeline.load_pipeline()`` (the default model) and scores
every system (``Doc -> clusters of char spans``) on the held-out test set (news and interviews)
and on the other genres (the documents that may be trained or tuned on), by
:mod:`ontherecord.evaluation.coref_scoring`. Systems:

- ``ner same name``: spaCy's PERSON/ORG entities, one cluster per name string (the baseline);
- ``ner same person``: the same, people joined by surname (``names.names_match``);
- ``entity stage``: ``ontherecord.engine.entities.article_entities`` ("not available" without it);
- ``learned pairs``: the shipped mention-pair scorer (:mod:`ontherecord.evaluation.coref_pairs`,
  trained on the other genres only) over its own candidate mentions.

Prints a Markdown table per split and entity type: P / R / F1 (percent) of each metric.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

from ontherecord.evaluation.coref_pairs import learned_pairs
from ontherecord.evaluation.coref_scoring import ALIGNMENTS, CONTAINMENT, METRICS, score_documents
from ontherecord.evaluation.coref_systems import ner_same_name, ner_same_person
from ontherecord.evaluation.gum import ORGANIZATION, PERSON, GumDocument, load_gum, split
from ontherecord.pipeline import load_pipeline

TYPE_SETS = {
    "persons": frozenset({PERSON}),
    "organizations": frozenset({ORGANIZATION}),
    "both": frozenset({PERSON, ORGANIZATION}),
}


def entity_stage_system() -> Callable | None:
    try:
        from ontherecord.engine.entities import article_entities
    except ImportError:
        return None

    def entity_stage(doc):
        return [[(m.start, m.end) for m in entity.mentions] for entity in article_entities(doc)]

    return entity_stage


def systems() -> dict[str, Callable | None]:
    return {
        "ner same name": ner_same_name,
        "ner same person": ner_same_person,
        "entity stage": entity_stage_system(),
        "learned pairs": learned_pairs,
    }


def predictions(documents: list[GumDocument], parsed, system: Callable) -> list:
    return [(document, system(doc)) for document, doc in zip(documents, parsed, strict=True)]


def figures(pairs: list, alignment: str) -> dict[str, dict[str, list[float]]]:
    """{type set: {metric: [P, R, F1]}} in percent."""
    result = {}
    for name, types in TYPE_SETS.items():
        ratios = score_documents(pairs, types, alignment).ratios
        result[name] = {m: [100 * ratios[m].precision, 100 * ratios[m].recall, 100 * ratios[m].f1] for m in METRICS}
    return result


def table(split_name: str, types: str, rows: dict[str, dict | None]) -> str:
    header = "| system | " + " | ".join(f"{m} P | {m} R | {m} F1" for m in METRICS) + " |"
    lines = [f"\n{split_name}, {types}\n", header, "|---" * (1 + 3 * len(METRICS)) + "|"]
    for system, result in rows.items():
        if result is None:
            lines.append(f"| {system} | not available |")
            continue
        cells = " | ".join(f"{value:.1f}" for m in METRICS for value in result[types][m])
        lines.append(f"| {system} | {cells} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--alignment", choices=ALIGNMENTS, default=CONTAINMENT)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    training, held_out = split(load_gum())
    nlp = load_pipeline()
    started = time.perf_counter()
    parsed = {name: list(nlp.pipe(d.text for d in docs)) for name, docs in (("held-out", held_out), ("training", training))}
    print(f"parsed {len(held_out) + len(training)} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    documents = {"held-out": held_out, "training": training}
    results: dict[str, dict[str, dict | None]] = {}
    for split_name, docs in documents.items():
        results[split_name] = {}
        for system_name, system in systems().items():
            pairs = None if system is None else predictions(docs, parsed[split_name], system)
            results[split_name][system_name] = None if pairs is None else figures(pairs, args.alignment)
    if args.json:
        print(json.dumps({"alignment": args.alignment, "results": results}, indent=2))
        return 0
    labels = {"held-out": "held-out test (news + interview, 43 docs)", "training": "other genres (65 docs; learned pairs trained on them)"}
    print(f"alignment: {args.alignment}")
    for split_name, rows in results.items():
        for types in TYPE_SETS:
            print(table(labels[split_name], types, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
