"""Media citations on a corpus: how many, by evidence, and each one for a hand check.

PYTHONPATH=src python benchmarks/media_citations.py ../shared/data/bbc/articles.jsonl --limit 400
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter

from ontherecord.pipeline import extract_many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="a JSON Lines file of articles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--list", action="store_true", help="print every citation (outlet, evidence, cited, words)")
    args = parser.parse_args()
    with open(args.path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, args.limit)]
    evidence, articles, quoted = Counter(), 0, 0
    for article in extract_many(records):
        articles += 1
        for citation in article.citations:
            evidence[citation.evidence] += 1
            quoted += citation.quote_id is not None
            if args.list:
                who = citation.outlet or ""
                if citation.journalist:
                    who = f"{citation.journalist} ({who or '-'})"
                print(f"{article.outlet or '-'}\t{citation.evidence}\t{who}\t{citation.text}")
    total = sum(evidence.values())
    print(
        f"{articles} articles, {total} citations ({quoted} the source of a quote): "
        + ", ".join(f"{kind} {n}" for kind, n in evidence.most_common())
    )


if __name__ == "__main__":
    main()
