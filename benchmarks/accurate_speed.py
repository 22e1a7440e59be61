"""Accurate-mode throughput: articles/s on the first N BBC articles, one process.

    nice -n 10 .venv/bin/python benchmarks/accurate_speed.py /work/models/accurate-minilm-int8 --articles 200
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from ontherecord.tagger.data import shared_dir
from ontherecord.tagger.infer import Tagger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=16, help="articles per tagger call")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    path = shared_dir() / "data" / "bbc" / "articles.jsonl"
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.articles), lines)]
    tagger = Tagger.load(args.model_dir)
    started = time.perf_counter()
    tagger.quotes("Warm-up, she said.")
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    quotes = 0
    for first in range(0, len(texts), args.batch):
        for article_quotes in tagger.quotes_many(texts[first : first + args.batch]):
            quotes += len(article_quotes)
    seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    print(
        f"{len(texts)} articles ({chars / 1e6:.2f} M chars), {quotes} quotes in {seconds:.1f}s: "
        f"{len(texts) / seconds:.2f} articles/s with {args.threads} thread(s); load {load_seconds:.1f}s"
    )


if __name__ == "__main__":
    main()
