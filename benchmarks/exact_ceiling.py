"""How much of PolNeAR dev's gold content accurate mode could match exactly, if it always chose right.

    .venv/bin/python benchmarks/exact_ceiling.py [--tagger bundled|DIR] [--processes 2] [--limit N]

Accurate mode chooses among candidates (:mod:`ontherecord.accurate.candidates`: the rules' drafts,
the cues they left out, boundary variants and the boundary model's spans), and with ``--tagger`` it
may add the tagger's content. A gold content no candidate matches exactly (alphanumerics, case
folded, as the scorer compares them) cannot be found by any choice: the share that some candidate
matches is the ceiling of exact-content recall. Printed for the candidates alone, the tagger's
content alone (every span, and every grouped attribution), and both. The candidates are counted as
the reranker sees them: the polnear style's last steps (a quote's whole clause when the reporter's
words lead into it, the words before a frame set off by commas) come after the choice.
"""

from __future__ import annotations

import argparse

from ontherecord.accurate.candidates import candidates
from ontherecord.accurate.grouping import group_spans
from ontherecord.accurate.reranker import load_reranker
from ontherecord.accurate.reranker_training import engine_states, parsed
from ontherecord.evaluation.gold import load_polnear, shared_dir
from ontherecord.evaluation.scoring import content_keys, normalise_content
from ontherecord.pipeline import DEFAULT_MODEL, load_pipeline


def tagger_keys(tagger, text: str) -> set[str]:
    from ontherecord.accurate.tagger_hints import tagged_spans

    spans = tagged_spans(tagger, text).spans
    keys: set[str] = set()
    for attribution in group_spans(text, spans):
        pieces = [(c.start, c.end) for c in attribution.contents]
        keys |= content_keys(text, pieces)
        for piece in pieces:
            keys |= content_keys(text, [piece])
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", default=str(shared_dir() / "data" / "polnear" / "dev"), help="PolNeAR split directory")
    parser.add_argument("--tagger", default=None, help="bundled, or a MiniLM tagger directory (needs the accurate extra)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    articles = load_polnear(args.polnear).articles[: args.limit]
    states = engine_states(parsed(load_pipeline(DEFAULT_MODEL), articles, args.processes))
    boundary_model = load_reranker().boundary_model
    tagger = None
    if args.tagger:
        from ontherecord.accurate.tagger_hints import load_tagger
        from ontherecord.config import resolve_tagger

        tagger = load_tagger(resolve_tagger(args.tagger))
    total = by_candidates = by_tagger = by_either = 0
    for state in states:
        text = state.view.text
        gold = {normalise_content(q.content(text)) for q in state.gold.quotes if not q.optional} - {""}
        found = candidates(state.view, state.drafts, state.masked, "polnear", boundary_model)
        candidate_keys = set().union(*(content_keys(text, c.draft.pieces) for c in found))
        tagged = tagger_keys(tagger, text) if tagger is not None else set()
        total += len(gold)
        by_candidates += len(gold & candidate_keys)
        by_tagger += len(gold & tagged)
        by_either += len(gold & (candidate_keys | tagged))

    def share(count: int) -> str:
        return f"{count} ({100 * count / max(total, 1):.1f} %)"

    print(f"{len(states)} articles, {total} distinct gold contents; matched exactly by some")
    print(f"  candidate of accurate mode: {share(by_candidates)}")
    if tagger is not None:
        print(f"  tagger content span or attribution: {share(by_tagger)}")
        print(f"  either: {share(by_either)}")


if __name__ == "__main__":
    main()
