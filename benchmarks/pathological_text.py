"""Time per character of pathological text through ``ontherecord.extract``, against plain prose.

    python benchmarks/pathological_text.py [--min-chars 1024] [--max-chars 65536] [--limit 60]
                                           [--repeat 1] [--only quotes,brackets] [--json]

For each kind of run (quote marks, brackets, dashes, emoji, combining marks) and each size n
(doubling from ``--min-chars`` to ``--max-chars``) one article is built: a sentence, a run of n
characters of that kind with no whitespace (random, seeded, so no two sizes share a run and the
tokenizer's cache does not help), another sentence. The baseline is invented prose of the same
length, measured in the same run. Each article goes through ``extract`` ``--repeat`` times; the
least CPU time is kept (CPU seconds of this process: steadier than wall time on a shared
machine; wall time is printed too).

Printed per kind and size: CPU seconds, microseconds per character, the growth ratio
time(2n)/time(n) (about 2 when the cost per character is constant, about 4 when quadratic) and
the cost per character against prose of the same length. A kind whose article takes longer than
``--limit`` seconds is not measured at larger sizes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable

import ontherecord

INTRO = "The council met on Tuesday. Its spokesperson said: "
OUTRO = " The meeting ended at noon, and the mayor said the vote would be held next week."
PROSE = (
    "\u201cWe will reopen the harbour on Monday,\u201d said Maria Lopez, the port director. "
    "The union said its members would vote on the offer later this week. ",
    "According to the city council, the strike has cost the local economy four million dollars. ",
    "Daniel Okafor, a crane driver, told reporters that the talks had been difficult. ",
    "\u201cNobody wants a long dispute,\u201d one official said, asking not to be named.\n\n",
)
EMOJI = ("😀", "👍🏽", "🇺🇸", "🇫🇷", "❤️", "🎉", "🔥", "😂")  # no ZWJ sequences: spaCy splits these one by one
COMBINING = [chr(c) for c in range(0x0300, 0x036F)]


def run_of(alphabet: str) -> Callable[[random.Random, int], str]:
    return lambda rng, n: "".join(rng.choice(alphabet) for _ in range(n))


def filled(rng: random.Random, n: int, piece: Callable[[random.Random], str]) -> str:
    """Pieces from ``piece(rng)`` until there are ``n`` characters, cut at ``n``."""
    pieces, size = [], 0
    while size < n:
        pieces.append(piece(rng))
        size += len(pieces[-1])
    return "".join(pieces)[:n]


def emoji_run(rng: random.Random, n: int) -> str:
    return filled(rng, n, lambda r: r.choice(EMOJI))


def combining_run(rng: random.Random, n: int) -> str:
    """Letters each carrying up to eight combining marks ("zalgo" text), no spaces."""
    return filled(rng, n, lambda r: r.choice("aeiouxyz") + "".join(r.choice(COMBINING) for _ in range(r.randrange(9))))


# The marks spaCy's English tokenizer splits off one at a time (the worst case): not ‹ › ⟨ ⟩, the
# hyphen or the rarer dashes, which it leaves inside one long token.
KINDS: dict[str, Callable[[random.Random, int], str]] = {
    "quotes": run_of("\u201c\u201d\u2018\u2019\"'\u00ab\u00bb\u201e\u201a"),
    "brackets": run_of("()[]{}<>"),
    "dashes": run_of("\u2013\u2014"),
    "emoji": emoji_run,
    "combining": combining_run,
}


def article(kind: str, n: int, rng: random.Random) -> str:
    middle = filled(rng, n, lambda r: r.choice(PROSE)) if kind == "prose" else KINDS[kind](rng, n)
    return INTRO + middle + OUTRO


def timed_extract(text: str, repeat: int) -> tuple[float, float]:
    """Least CPU seconds and least wall seconds of ``repeat`` extractions."""
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = ontherecord.extract(text)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
        assert result.text == text, "the record's text is not the input"
    return min(cpu), min(wall)


def sizes(smallest: int, largest: int) -> list[int]:
    found = [smallest]
    while found[-1] * 2 <= largest:
        found.append(found[-1] * 2)
    return found


def measure(kinds: list[str], ns: list[int], repeat: int, limit: float) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {}
    rng = random.Random(2026)
    for kind in ["prose", *kinds]:
        rows = results.setdefault(kind, [])
        for n in ns:
            text = article(kind, n, rng)
            cpu, wall = timed_extract(text, repeat)
            rows.append({"chars": n, "length": len(text), "cpu": cpu, "wall": wall})
            print(f"{kind:>10} {n:>6}: {cpu:8.2f} s CPU, {wall:8.2f} s wall", file=sys.stderr, flush=True)
            if wall > limit:
                print(f"{kind:>10}: over the {limit:.0f} s limit, larger sizes not measured", file=sys.stderr)
                break
    return results


def print_table(results: dict[str, list[dict]]) -> None:
    prose = {row["chars"]: row for row in results["prose"]}
    print(f"{'kind':>10} {'chars':>6} {'CPU s':>8} {'wall s':>8} {'us/char':>8} {'t(2n)/t(n)':>10} {'vs prose':>8}")
    for kind, rows in results.items():
        previous = None
        for row in rows:
            per_char = row["cpu"] / row["length"] * 1e6
            growth = f"{row['cpu'] / previous['cpu']:.2f}" if previous and previous["cpu"] > 0 else "-"
            baseline = prose.get(row["chars"])
            versus = f"{row['cpu'] / baseline['cpu']:.2f}" if baseline and baseline["cpu"] > 0 else "-"
            print(f"{kind:>10} {row['chars']:>6} {row['cpu']:8.2f} {row['wall']:8.2f} {per_char:8.1f} {growth:>10} {versus:>8}")
            previous = row
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-chars", type=int, default=1024)
    parser.add_argument("--max-chars", type=int, default=65536)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds; a kind stops after an article over it")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", default=",".join(KINDS), help="comma-separated kinds (%(default)s)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kinds = [kind for kind in args.only.split(",") if kind]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    ontherecord.extract(article("prose", 2000, random.Random(0)))  # load and warm the pipeline
    results = measure(kinds, sizes(args.min_chars, args.max_chars), args.repeat, args.limit)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    else:
        print_table(results)


if __name__ == "__main__":
    main()
