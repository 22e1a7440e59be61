"""Score the rule engine (fast mode) on PolNeAR dev with the accurate-mode metrics, for comparison.

    nice -n 15 .venv/bin/python benchmarks/accurate_rules_on_polnear.py [--limit N]

Quotes become tagged spans: content pieces -> CONTENT, cue -> CUE, speaker mention -> SOURCE
(overlaps resolved first-come, as PolNeAR is univocal); each quote is one attribution.
"""

from __future__ import annotations

import argparse
import time

from ontherecord.accurate.data import Fragment, default_polnear_dir, load_polnear
from ontherecord.accurate.grouping import PredictedAttribution
from ontherecord.accurate.metrics import Scores, score_article
from ontherecord.model import Quote
from ontherecord.pipeline import extract_many


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    dev = load_polnear(default_polnear_dir() / "dev", limit=args.limit)
    started = time.perf_counter()
    scores = Scores()
    for article, result in zip(dev, extract_many([a.text for a in dev])):
        spans, attributions = fragments_of(getattr(result, "quotes", []))
        score_article(scores, article, spans, attributions)
    print(f"rules (fast mode) on {len(dev)} dev articles: {scores.summary()} ({time.perf_counter() - started:.0f}s)")


if __name__ == "__main__":
    main()
