"""Render a :class:`CorpusScore` as rich tables or a JSON document, and its errors
(:mod:`.errors`) as a table of counts per class, a table of errors or JSONL."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import QUOTE_TYPES
from ..safetext import for_terminal
from .errors import COST_FIELDS, ERROR_CLASSES, AttributionError
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


def print_report(
    score: CorpusScore, *, gold_path: str, per_article: bool, console: Console,
    error_classes: dict[str, dict[str, int]] | None = None,
) -> None:
    title = f"{score.kind} gold: {gold_path} ({len(score.articles)} articles)"
    console.print(overall_table(score, title))
    if score.kind != "seed":
        console.print("[dim]Per-type rows omitted: this gold has no quote types.[/dim]")
    if per_article:
        console.print(per_article_table(score))
    if error_classes is not None:
        console.print(error_classes_table(error_classes))
    errors = [a for a in score.articles if a.error]
    for article in errors:
        console.print(Text.assemble(("warning", "yellow"), f": {for_terminal(str(article.id))}: {for_terminal(article.error)}"))
    console.print(f"Headline attributed F1: [bold]{_pct(score.total.metrics['attributed'].f1)}[/bold]")


def write_json(score: CorpusScore, *, gold_path: str, per_article: bool, out: TextIO, **extra: object) -> None:
    document = {"gold": gold_path, **extra, **score.to_dict(per_article=per_article)}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


# ------------------------------------------------------------------------------------------
# Errors

COST_LABELS = {"gold_only": "gold only", "predicted_only": "predicted only", "misattributed": "misattributed"}
ERRORS_CAPTION = (
    "Characters as the P/R figures count them. gold only: gold characters no prediction covers (quote and "
    "attributed recall); predicted only: predicted characters outside the gold (quote and attributed "
    "precision); misattributed: characters both cover, the speaker wrong (attributed P and R). Classes in "
    "their order of precedence (ontherecord.evaluation.errors)."
)
CONTEXT_SHOWN = 240  # characters of context in the error table


def error_classes_table(error_classes: dict[str, dict[str, int]]) -> Table:
    """Per class: errors and the characters they cost, with a total row."""
    table = Table(title="Errors by class", title_justify="left", caption=ERRORS_CAPTION, caption_justify="left")
    table.add_column("class")
    for column in ("errors", *(COST_LABELS[f] for f in COST_FIELDS)):
        table.add_column(column, justify="right")
    for name in ERROR_CLASSES:
        counts = error_classes.get(name, {})
        table.add_row(class_label(name), *(str(counts.get(f, 0)) for f in ("errors", *COST_FIELDS)))
    table.add_section()
    totals = [sum(c.get(f, 0) for c in error_classes.values()) for f in ("errors", *COST_FIELDS)]
    table.add_row("all", *map(str, totals), style="bold")
    return table


def class_label(name: str) -> str:
    return name.replace("_", " ")


def errors_table(errors: Iterable[AttributionError]) -> Table:
    """One row per error: where, what class, both speakers, what it costs and the sentence."""
    table = Table(title="Errors", title_justify="left", show_lines=True, expand=True,
                  caption="chars g/p/m: gold only / predicted only / misattributed characters", caption_justify="left")
    table.add_column("article", overflow="fold", ratio=2)
    table.add_column("class", min_width=12, max_width=13)
    table.add_column("gold speaker", overflow="fold", ratio=3)
    table.add_column("predicted speaker", overflow="fold", ratio=3)
    table.add_column("chars g/p/m", justify="right", no_wrap=True)
    table.add_column("context", ratio=6)
    for error in errors:
        cost = error.cost
        table.add_row(
            Text(for_terminal(error.article)), class_label(error.error_class),
            Text(for_terminal(_gold_speaker(error.gold))), Text(for_terminal(_predicted_speaker(error.predicted))),
            f"{cost.gold_only}/{cost.predicted_only}/{cost.misattributed}",
            Text(for_terminal(_shown_context(error.context["text"]))),
        )
    return table


def _gold_speaker(gold: dict[str, Any] | None) -> str:
    if gold is None:
        return "—"
    if gold.get("source"):
        return f"source: {gold['source']['text']}"
    if gold["speaker"] is None and gold["kind"] is None:
        return "(no source)"
    return f"{gold['speaker'] or '(none)'} ({gold['kind'] or '?'})"


def _predicted_speaker(predicted: dict[str, Any] | None) -> str:
    if predicted is None:
        return "—"
    if predicted["kind"] is None:
        return "(no speaker)"
    shown = f"{predicted['speaker'] or '(no name)'} ({predicted['kind']})"
    mention = predicted["mention"]
    return shown + (f" via “{mention['text']}”" if mention and mention["text"] != predicted["speaker"] else "")


def _shown_context(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= CONTEXT_SHOWN:
        return text
    half = CONTEXT_SHOWN // 2
    return f"{text[:half]} … {text[-half:]}"


def write_errors_jsonl(errors: Iterable[AttributionError], out: TextIO) -> None:
    """One JSON object per error and line (:meth:`AttributionError.to_dict`)."""
    for error in errors:
        out.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
