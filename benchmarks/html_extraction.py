"""Article-body extraction quality on ../shared/data/html-articles (181 real pages).

Scores the text that ontherecord's HTML reader (`readers.html_to_record`: trafilatura, with
readability-lxml as fallback) pulls from each page against the hand-made `articleBody`
ground truth, the way the ScrapingHub article-extraction benchmark does: bag-of-words
token precision/recall/F1 per page (lowercased `\\w+` tokens, multiset overlap), averaged
over pages. Trafilatura on its own is scored by the same harness for comparison.

    python benchmarks/html_extraction.py [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from ontherecord.evaluation import shared_dir
from ontherecord.readers import html_to_record

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> collections.Counter[str]:
    return collections.Counter(t.lower() for t in _TOKEN.findall(text or ""))


def page_scores(predicted: str, truth: str) -> tuple[float, float, float]:
    pred, gold = tokens(predicted), tokens(truth)
    overlap = sum((pred & gold).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(data: Path, extract: Callable[[str], str]) -> dict[str, float]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    results = []
    started = time.perf_counter()
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        results.append(page_scores(extract(html), entry.get("articleBody", "")))
    precisions, recalls, f1s = zip(*results)
    return {
        "pages": len(results),
        "precision": statistics.fmean(precisions),
        "recall": statistics.fmean(recalls),
        "f1": statistics.fmean(f1s),
        "median_f1": statistics.median(f1s),
        "empty_pages": sum(1 for p, r, _ in results if p == 0 and r == 0),
        "seconds": time.perf_counter() - started,
    }


def ontherecord_text(html: str) -> str:
    return html_to_record(html)["text"]


def trafilatura_text(html: str) -> str:
    return trafilatura.extract(html) or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=shared_dir() / "data" / "html-articles")
    parser.add_argument("--json", action="store_true", help="print a JSON document instead of a table")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        sys.exit(f"no ground-truth.json under {args.data}")
    report = {"ontherecord": evaluate(args.data, ontherecord_text), "trafilatura": evaluate(args.data, trafilatura_text)}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{'extractor':<14} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'median F1':>9} {'empty':>5} {'s':>6}")
    for name, r in report.items():
        print(
            f"{name:<14} {r['pages']:>5} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} "
            f"{r['median_f1']:>9.3f} {r['empty_pages']:>5} {r['seconds']:>6.1f}"
        )


if __name__ == "__main__":
    main()
