"""Render a :class:`CorpusScore` as rich tables or a JSON document."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import QUOTE_TYPES
from ..safetext import for_terminal
from .scores import METRICS, CorpusScore, PRCounts

METRIC_LABELS = {"quote": "quote (chars)", "attributed": "attributed (chars)", "exact": "exact content (quotes)"}
OVERALL_CAPTION = (
    "P, R, F1 in %. predicted / gold: what a row counts, in the predicted and the gold quotes: "
    "alphanumeric characters for the (chars) rows, quotes for exact content (one predicted quote over "
    "several paragraphs can match several gold quotes, one per piece). In a type's rows, precision counts "
    "the quotes the engine gave that type, recall those the gold gave it."
)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _metric_cells(counts: PRCounts) -> list[str]:
    return [_pct(counts.precision), _pct(counts.recall), _pct(counts.f1)]


def overall_table(score: CorpusScore, title: str) -> Table:
    """One row per (scope, metric): overall, then each quote type when the gold has types."""
    table = Table(title=title, title_justify="left", caption=OVERALL_CAPTION, caption_justify="left")
    for column in ("scope", "metric", "P", "R", "F1", "predicted", "gold"):
        table.add_column(column, justify="left" if column in ("scope", "metric") else "right")
    _add_rows(table, "all", score.total.metrics)
    known = [t for t in QUOTE_TYPES if t in score.total.by_type]
    others = sorted(t for t in score.total.by_type if t not in QUOTE_TYPES)
    for quote_type in known + others:
        table.add_section()
        _add_rows(table, quote_type, score.total.by_type[quote_type])
    return table


def _add_rows(table: Table, scope: str, metrics: dict[str, PRCounts]) -> None:
    for metric in METRICS:
        counts = metrics[metric]
        style = "bold" if scope == "all" and metric == "attributed" else None
        table.add_row(
            scope, METRIC_LABELS[metric], *_metric_cells(counts),
            str(counts.pred_total), str(counts.gold_total), style=style,
        )


def per_article_table(score: CorpusScore) -> Table:
    table = Table(title="Per article (F1, %)", title_justify="left")
    table.add_column("article")
    for column in ("gold", "pred", "quote", "attributed", "exact"):
        table.add_column(column, justify="right")
    table.add_column("note")
    for article in score.articles:
        metrics = article.scores.metrics
        table.add_row(
            Text(for_terminal(str(article.id))), str(article.gold_quotes), str(article.predicted_quotes),
            *(_pct(metrics[m].f1) for m in METRICS), Text(for_terminal(article.error or "")),
        )
    return table


def print_report(score: CorpusScore, *, gold_path: str, per_article: bool, console: Console) -> None:
    title = f"{score.kind} gold: {gold_path} ({len(score.articles)} articles)"
    console.print(overall_table(score, title))
    if score.kind != "seed":
        console.print("[dim]Per-type rows omitted: this gold has no quote types.[/dim]")
    if per_article:
        console.print(per_article_table(score))
    errors = [a for a in score.articles if a.error]
    for article in errors:
        console.print(Text.assemble(("warning", "yellow"), f": {for_terminal(str(article.id))}: {for_terminal(article.error)}"))
    console.print(f"Headline attributed F1: [bold]{_pct(score.total.metrics['attributed'].f1)}[/bold]")


def write_json(score: CorpusScore, *, gold_path: str, per_article: bool, out: TextIO, **extra: object) -> None:
    document = {"gold": gold_path, **extra, **score.to_dict(per_article=per_article)}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
