"""The explorer search's relevance order against its plain confidence order, on one generated store.

Ranking by relevance joins the full-text match's scores; this prints how much slower a page of
results is with it than ordered by confidence alone (same store, same filter, same run).

    .venv/bin/python benchmarks/search_order.py --articles 3000 [--db postgresql://...]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.queries import PageRequest, QuoteFilters
from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef

WORDS = [f"word{i}" for i in range(3000)]
COMMON = "harbour"


def generated_article(number: int, rng: random.Random) -> Article:
    """Four quotes of 25 words each; about a third of them say the common word."""
    text, quotes, speakers = f"Story {number}\n\n", [], []
    for index in range(4):
        words = " ".join(rng.choice(WORDS) if rng.random() > 0.04 else COMMON for _ in range(25))
        name = f"Person{index} Number{number}"
        text += f"“{words},” said {name}. "
        start = text.rindex(words)
        mention = Span.of(text, text.rindex(name), text.rindex(name) + len(name))
        cue = Span.of(text, text.rindex("said"), text.rindex("said") + 4)
        quotes.append(Quote(f"q{index}", "direct", words, start, start + len(words), [(start, start + len(words))],
                            cue=cue, speaker=SpeakerRef(f"s{index}", name, "person", mention),
                            confidence=round(rng.random(), 2)))
        speakers.append(Speaker(f"s{index}", name, "person", mentions=[mention], quotes=[f"q{index}"]))
    return Article(text=text, title=f"Story {number}", outlet="Generated", quotes=quotes, speakers=speakers)


def timed(corpus: Corpus, filters: QuoteFilters, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        corpus.search_quotes(filters, PageRequest(1, 20), facets=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", help="a store to fill (default: a temporary SQLite file); must be empty")
    args = parser.parse_args()
    location = args.db or str(Path(tempfile.mkdtemp()) / "search-order.db")
    rng = random.Random(19)
    with Store.open(location) as store:
        for number in range(args.articles):
            store.save_article(generated_article(number, rng))
            if number % 500 == 0:
                print(f"stored {number} articles", file=sys.stderr)
        corpus = Corpus(store)
        matches = corpus.search_quotes(QuoteFilters(q=COMMON), PageRequest(1, 1), facets=False)["total"]
        baseline = timed(corpus, QuoteFilters(q=COMMON, sort="confidence"), args.rounds)
        ranked = timed(corpus, QuoteFilters(q=COMMON), args.rounds)
    print(f"store: {store.dialect}, {args.articles * 4} quotes, {matches} match {COMMON!r}")
    print(f"confidence order: median {statistics.median(baseline) * 1000:.1f} ms (baseline)")
    print(f"relevance order:  median {statistics.median(ranked) * 1000:.1f} ms, "
          f"{statistics.median(ranked) / statistics.median(baseline):.2f}x the baseline")


if __name__ == "__main__":
    main()
