"""Exact-match source / cue / content F1 on PolNeAR dev in CofeNet's terms (COLING 2022), either mode.

    .venv/bin/python benchmarks/cofenet_exact.py --mode accurate --processes 2 [--limit N]

CofeNet scores spans of a tag sequence over word tokens: a predicted span counts only when its
role, first token and last token all equal a gold span's (punctuation tokens included). Its
published test-split figures (BERT, GPU) are printed beside ours; ours are on dev, as the test
split is not distributed with the data here.

Quotes become tagged spans: content pieces -> CONTENT, cue -> CUE, speaker mention -> SOURCE
(overlaps resolved first-come, as PolNeAR is univocal); each quote is one attribution.
"""

from __future__ import annotations

import argparse
import time

from ontherecord.model import Quote
from ontherecord.pipeline import extract_many
from ontherecord.tagger.data import Fragment, default_polnear_dir, load_polnear
from ontherecord.tagger.grouping import PredictedAttribution
from ontherecord.tagger.metrics import Scores, score_article


def fragments_of(quotes: list[Quote]) -> tuple[list[Fragment], list[PredictedAttribution]]:
    spans: list[Fragment] = []
    attributions = []
    for quote in quotes:
        contents = [Fragment("CONTENT", s, e) for s, e in quote.pieces]
        cue = Fragment("CUE", quote.cue.start, quote.cue.end) if quote.cue else None
        mention = quote.speaker.mention if quote.speaker else None
        source = Fragment("SOURCE", mention.start, mention.end) if mention else None
        spans.extend(contents + [f for f in (cue, source) if f])
        attributions.append(PredictedAttribution(contents, cue, source))
    taken: set[int] = set()
    univocal = []
    for span in sorted(spans, key=lambda f: (f.start, f.end)):
        if not taken & set(range(span.start, span.end)):
            univocal.append(span)
            taken.update(range(span.start, span.end))
    return univocal, attributions


COFENET_TEST = {"SOURCE": 83.2, "CUE": 75.3, "CONTENT": 72.9}  # exact-match F1, CofeNet paper, PolNeAR test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("fast", "accurate"), default="fast")
    parser.add_argument("--content-style", choices=("clean", "polnear"), default="polnear")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    dev = load_polnear(default_polnear_dir() / "dev", limit=args.limit)
    started = time.perf_counter()
    scores = Scores()
    for article, result in zip(dev, extract_many([a.text for a in dev], mode=args.mode, content_style=args.content_style, processes=args.processes)):
        spans, attributions = fragments_of(getattr(result, "quotes", []))
        score_article(scores, article, spans, attributions)
    print(f"{args.mode} mode, {args.content_style} content, on {len(dev)} PolNeAR dev articles ({time.perf_counter() - started:.0f}s)")
    print(f"{'exact-match F1':<16}{'ours (dev)':>12}{'CofeNet (test)':>16}")
    for role, pair in scores.exact.items():
        print(f"{role.lower():<16}{100 * pair.f1:>12.1f}{COFENET_TEST[role]:>16.1f}")
    print(scores.summary())


if __name__ == "__main__":
    main()
