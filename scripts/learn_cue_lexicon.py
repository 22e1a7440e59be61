"""Learn cue-word statistics from PolNeAR train into ``src/ontherecord/data/cue_verbs_learned.tsv``.

For every verb lemma (spaCy tag VB*) in the training articles, counts how often it occurs
and how often it is (part of) an annotated Cue span. The engine adds lemmas whose cue
rate and count clear its thresholds to the hand-written cue list, so cues the list did not
anticipate ("accuse", "denounce", "vow") come from data, not code. Deterministic.

    python scripts/learn_cue_lexicon.py [--polnear DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import spacy

from ontherecord.pipeline import DEFAULT_MODEL
from ontherecord.tagger.data import default_polnear_dir, load_polnear

HEADER = "# lemma\tcue_count\ttotal_count\tcue_rate   (learned from PolNeAR train by scripts/learn_cue_lexicon.py)\n"


def learn(polnear_dir: Path, model: str) -> list[tuple[str, int, int]]:
    articles = load_polnear(polnear_dir / "train")
    nlp = spacy.load(model, disable=["ner"])
    total: collections.Counter[str] = collections.Counter()
    as_cue: collections.Counter[str] = collections.Counter()
    texts = (a.text for a in articles)
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=16)):
        cue_chars = {i for f in article.fragments if f.role == "CUE" for i in range(f.start, f.end)}
        for token in doc:
            if not token.tag_.startswith("VB"):
                continue
            lemma = token.lemma_.lower()
            total[lemma] += 1
            if token.idx in cue_chars:
                as_cue[lemma] += 1
    return sorted(((lemma, as_cue[lemma], total[lemma]) for lemma in as_cue), key=lambda r: (-r[1], r[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", type=Path, default=default_polnear_dir())
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/ontherecord/data/cue_verbs_learned.tsv")
    args = parser.parse_args()
    rows = learn(args.polnear, args.model)
    with args.out.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for lemma, cue_count, total_count in rows:
            out.write(f"{lemma}\t{cue_count}\t{total_count}\t{cue_count / total_count:.3f}\n")
    print(f"wrote {len(rows)} lemmas to {args.out}")


if __name__ == "__main__":
    main()
