"""``ontherecord evaluate``: score the engine (or a prediction file) against gold attributions."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from ..config import EngineConfig
from ..evaluation.gold import GoldFormatError, load_gold
from ..evaluation.report import print_report, write_json
from ..evaluation.run import pair_with_predictions, predictions_from_engine, read_prediction_file
from ..evaluation.scoring import score_corpus
from ..pipeline import DEFAULT_MODEL
from ..safetext import for_terminal
from .modes import mode_options, usable_engine

EXIT_BAD_INPUT = 2


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True))
@click.option(
    "--pred",
    "pred_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Score these Article records (JSONL, matched by id) instead of running the engine.",
)
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline to run the engine with.")
@mode_options
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON document instead of tables.")
@click.option("--per-article", is_flag=True, help="Add per-article figures.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N gold articles.")
def command(
    gold: str,
    pred_path: str | None,
    engine: EngineConfig,
    processes: int,
    as_json: bool,
    per_article: bool,
    limit: int | None,
) -> None:
    """Precision, recall and F1 of attributions against gold annotations.

    GOLD is a seed-format gold JSON file (e.g. ../shared/seed/gold.json) or a
    PolNeAR split directory with text/ and attributions/ (e.g.
    ../shared/data/polnear/dev; one annotation per article, the first
    annotator id in sorted order).

    Figures (alphanumeric characters only, micro-averaged): quote P/R/F1 on
    quoted content; attributed P/R/F1, where a character also needs the right
    speaker (the headline figure); exact-content P/R/F1 per attribution.
    Optional gold quotes are neither required nor penalised. Recall per quote
    type uses the gold type, precision per type the predicted type. The
    predicted and gold columns count what each row scores: alphanumeric
    characters for the (chars) rows, quotes for exact content. The full
    rules are in the docstring of ontherecord.evaluation.scoring.

    --pred records are matched to gold articles by id; when no id matches,
    the exit code is 2 and the message lists the ids on both sides.

    \b
    Exit codes:
      0  scored
      2  bad input: unreadable gold, no --pred id matching a gold id,
         unknown --model, unusable accurate model

    \b
    Examples:
      ontherecord evaluate ../shared/seed/gold.json
      ontherecord evaluate ../shared/data/polnear/dev --processes 2 --json
      ontherecord evaluate ../shared/data/polnear/dev --mode accurate --content-style polnear
      ontherecord extract ../shared/seed/articles.jsonl --format jsonl > pred.jsonl
      ontherecord evaluate ../shared/seed/gold.json --pred pred.jsonl --per-article
    """
    try:
        corpus = load_gold(gold)
    except GoldFormatError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for message in corpus.skipped:
        click.echo(f"warning: {message}", err=True)
    articles = corpus.articles[:limit] if limit else corpus.articles

    if pred_path:
        predictions, problems = read_prediction_file(pred_path)
        for problem in problems:
            click.echo(f"warning: {problem}", err=True)
        _exit_if_no_id_matches(articles, predictions, pred_path)
        pairs = pair_with_predictions(articles, predictions)
    else:
        pairs = _engine_pairs(articles, engine, processes)

    score = score_corpus(corpus.kind, pairs)
    source = {"predictions": pred_path or f"engine ({engine.model}, {engine.mode} mode, {engine.content_style} content)"}
    if as_json:
        write_json(score, gold_path=gold, per_article=per_article, out=sys.stdout, **source)
    else:
        console = Console(width=max(Console().width, 100))
        console.print(f"Predictions: {source['predictions']}")
        print_report(score, gold_path=gold, per_article=per_article, console=console)


def _exit_if_no_id_matches(articles, predictions: dict, pred_path: str) -> None:
    """Predictions none of whose ids is a gold article's id would score 0 everywhere: that is an input error."""
    gold_ids = [str(article.id) for article in articles]
    if set(gold_ids) & set(map(str, predictions)):
        return
    click.echo(f"error: no record in {pred_path} has the id of a gold article "
               f"(prediction ids: {_some(list(map(str, predictions)))}; gold ids: {_some(gold_ids)})", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _some(ids: list[str], shown: int = 5) -> str:
    if not ids:
        return "none"
    listed = ", ".join(for_terminal(i) for i in ids[:shown])
    return listed + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _engine_pairs(articles, engine: EngineConfig, processes: int):
    from ..pipeline import ModelNotFound, load_pipeline

    engine = usable_engine(engine, EXIT_BAD_INPUT)
    try:
        load_pipeline(config=engine)  # fail fast; forked workers inherit the loaded pipeline
    except ModelNotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    return predictions_from_engine(articles, engine, processes=processes)
