"""Score an accurate-mode model directory on PolNeAR dev (CofeNet exact match + character convention).

    nice -n 15 .venv/bin/python benchmarks/accurate_eval.py /work/models/accurate-minilm [--quantize-to DIR]

With ``--quantize-to`` the model is also exported as int8 and scored again, so the two can be compared.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from ontherecord.tagger.data import default_polnear_dir, load_polnear
from ontherecord.tagger.grouping import group_spans
from ontherecord.tagger.infer import Tagger, export_quantized
from ontherecord.tagger.metrics import Scores, score_article

PUBLISHED_COFENET_TEST = {"source": 83.2, "cue": 75.3, "content": 72.9}


def score(model_dir: Path, articles) -> tuple[Scores, float]:
    tagger = Tagger.load(model_dir)
    started = time.perf_counter()
    spans_per_article = tagger.spans([a.text for a in articles])
    seconds = time.perf_counter() - started
    scores = Scores()
    for article, spans in zip(articles, spans_per_article):
        score_article(scores, article, spans, group_spans(article.text, spans))
    return scores, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--polnear", type=Path, default=default_polnear_dir())
    parser.add_argument("--quantize-to", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-fp32", action="store_true", help="score only the int8 copy")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    dev = load_polnear(args.polnear / "dev")
    results = {}
    targets = [] if args.skip_fp32 and args.quantize_to else [("fp32", args.model_dir)]
    if args.quantize_to:
        weights = export_quantized(args.model_dir, args.quantize_to)
        print(f"int8 weights: {weights} ({weights.stat().st_size / 1e6:.1f} MB)")
        targets.append(("int8", args.quantize_to))
    for name, directory in targets:
        scores, seconds = score(directory, dev)
        results[name] = scores.as_dict()
        print(f"{name}: {scores.summary()}  ({len(dev)} dev articles in {seconds:.0f}s)")
    print(f"published CofeNet (PolNeAR test): {PUBLISHED_COFENET_TEST}")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
