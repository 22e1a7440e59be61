"""Scoring predicted attributions against gold: the project-wide convention.

Characters
    Only alphanumeric characters count: position ``i`` of the article text is
    scored iff ``text[i].isalnum()``. Quote marks, spaces and punctuation never
    matter, so "Yes," and “Yes” cover the same characters.

Content characters
    A predicted quote covers the union of its ``pieces`` ranges, not
    ``start:end`` (which may include an interrupting "he said"). A gold quote
    covers its gold range(s). A character covered by several quotes counts once.

Optional gold
    Gold quotes with ``optional: true`` are neither required nor penalised:
    their characters are removed from the gold set, and predicted characters
    inside an optional gold span are removed from the predicted set.

quote P/R/F1
    P = |pred ∩ gold| / |pred| and R = |pred ∩ gold| / |gold| over character
    positions, micro-averaged over the corpus (counts are summed over
    articles before dividing).

attributed P/R/F1 (the headline figure is attributed F1)
    The same, but a character of ``pred ∩ gold`` counts only if a predicted
    quote covering it has a speaker matching the speaker of a gold quote
    covering it, by the rules of :mod:`.speaker_match`: for seed gold, the
    "same person" rule of :mod:`ontherecord.names` (same surname, compatible
    given names, titles ignored) for people and a shared content word for
    other speakers; for PolNeAR, the predicted speaker mention overlaps the
    gold Source span.

exact-content P/R/F1 (per attribution)
    A gold unit matches when its alnum-only lowercased content string equals
    that of a predicted quote's whole content or of one of its pieces (the seed
    gold splits multi-paragraph quotes per paragraph; the engine returns one
    quote with several pieces). Recall is over required gold units; precision
    is over predicted quotes, a quote being correct if it or one of its pieces
    matches a gold unit (required or optional). A predicted quote whose
    alphanumeric characters all lie inside optional gold is ignored.

Per quote type
    Recall-side figures are broken down by the *gold* type, precision-side
    figures by the *predicted* type: P(direct) is the precision of the quotes
    the system called direct, R(direct) the recall of the gold direct quotes.
    PolNeAR gold has no types, so per-type figures are only computed for gold
    whose quotes carry a type (the seed gold).

Degenerate cases
    With nothing predicted, P = 1 if there is also nothing to find, else 0;
    with nothing to find, R = 1 if nothing was predicted, else 0. F1 is the
    harmonic mean (0 when P + R = 0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Article, Quote
from .gold import GoldArticle, GoldQuote, Range
from .scores import METRICS, ArticleScore, CorpusScore, PRCounts, Scores
from .speaker_match import SpeakerRule, speaker_rule_for

__all__ = ["METRICS", "CorpusScore", "PRCounts", "Scores", "score_article", "score_corpus"]

UNTYPED = "untyped"  # a predicted quote without a type

# ------------------------------------------------------------------------------------------
# Characters


def alnum_positions(text: str, ranges: Iterable[Range]) -> set[int]:
    """Positions inside ``ranges`` whose character is alphanumeric."""
    return {i for start, end in ranges for i in range(max(start, 0), min(end, len(text))) if text[i].isalnum()}


def normalise_content(text: str) -> str:
    """Alphanumeric characters only, lowercased: the key of exact-content matching."""
    return "".join(ch for ch in text if ch.isalnum()).lower()


# ------------------------------------------------------------------------------------------
# Scoring one article


@dataclass
class _Coverage:
    """Which quotes cover each scored character."""

    gold: dict[int, list[GoldQuote]] = field(default_factory=dict)
    predicted: dict[int, list[Quote]] = field(default_factory=dict)


def _coverage(text: str, gold: GoldArticle, predicted: list[Quote], optional: set[int]) -> _Coverage:
    coverage = _Coverage()
    for quote in gold.quotes:
        if not quote.optional:
            for i in alnum_positions(text, quote.ranges) - optional:
                coverage.gold.setdefault(i, []).append(quote)
    for quote in predicted:
        for i in alnum_positions(text, quote.pieces) - optional:
            coverage.predicted.setdefault(i, []).append(quote)
    return coverage


def score_article(gold: GoldArticle, predicted: list[Quote], speaker_rule: SpeakerRule) -> Scores:
    """quote, attributed and exact counts for one article (overall and per type)."""
    text = gold.text
    optional = alnum_positions(text, [r for q in gold.quotes if q.optional for r in q.ranges])
    coverage = _coverage(text, gold, predicted, optional)
    typed = any(q.type for q in gold.quotes)
    scores = Scores()
    _score_characters(coverage, speaker_rule, scores, typed)
    _score_exact(text, gold.quotes, predicted, optional, scores, typed)
    return scores


def _score_characters(coverage: _Coverage, speaker_rule: SpeakerRule, scores: Scores, typed: bool) -> None:
    quote, attributed = scores.metrics["quote"], scores.metrics["attributed"]
    quote.gold_total += len(coverage.gold)
    attributed.gold_total += len(coverage.gold)
    quote.pred_total += len(coverage.predicted)
    attributed.pred_total += len(coverage.predicted)
    for i, predicted_quotes in coverage.predicted.items():
        if typed:
            for t in {q.type or UNTYPED for q in predicted_quotes}:
                scores.type_counts(t)["quote"].pred_total += 1
                scores.type_counts(t)["attributed"].pred_total += 1
        gold_quotes = coverage.gold.get(i)
        if not gold_quotes:
            continue
        matching = [(p, g) for p in predicted_quotes for g in gold_quotes if speaker_rule(g, p)]
        quote.pred_correct += 1
        quote.gold_found += 1
        if matching:
            attributed.pred_correct += 1
            attributed.gold_found += 1
        if typed:
            for t in {q.type or UNTYPED for q in predicted_quotes}:
                scores.type_counts(t)["quote"].pred_correct += 1
                if any((p.type or UNTYPED) == t for p, _ in matching):
                    scores.type_counts(t)["attributed"].pred_correct += 1
            for t in {q.type for q in gold_quotes if q.type}:
                scores.type_counts(t)["quote"].gold_found += 1
                if any(g.type == t for _, g in matching):
                    scores.type_counts(t)["attributed"].gold_found += 1
    if typed:
        for i, gold_quotes in coverage.gold.items():
            for t in {q.type for q in gold_quotes if q.type}:
                scores.type_counts(t)["quote"].gold_total += 1
                scores.type_counts(t)["attributed"].gold_total += 1


def predicted_content_keys(text: str, quote: Quote) -> set[str]:
    """Normalised whole content and each normalised piece of a predicted quote."""
    return content_keys(text, quote.pieces)


def content_keys(text: str, pieces: list[tuple[int, int]]) -> set[str]:
    """The exact-content keys of content made of ``pieces``: the whole (pieces joined by a space) and each piece."""
    keys = {normalise_content(" ".join(text[start:end] for start, end in pieces))}
    keys.update(normalise_content(text[start:end]) for start, end in pieces)
    keys.discard("")
    return keys


def _score_exact(
    text: str, gold_quotes: list[GoldQuote], predicted: list[Quote], optional: set[int], scores: Scores, typed: bool
) -> None:
    exact = scores.metrics["exact"]
    predicted_keys = [predicted_content_keys(text, q) for q in predicted]
    all_predicted_keys = set().union(*predicted_keys) if predicted_keys else set()
    gold_keys = {normalise_content(q.content(text)) for q in gold_quotes} - {""}
    for quote in gold_quotes:
        key = normalise_content(quote.content(text))
        if quote.optional or not key:
            continue
        found = key in all_predicted_keys
        exact.gold_total += 1
        exact.gold_found += found
        if typed and quote.type:
            scores.type_counts(quote.type)["exact"].gold_total += 1
            scores.type_counts(quote.type)["exact"].gold_found += found
    for quote, keys in zip(predicted, predicted_keys):
        characters = alnum_positions(text, quote.pieces)
        if characters and characters <= optional:
            continue
        correct = bool(keys & gold_keys)
        exact.pred_total += 1
        exact.pred_correct += correct
        if typed:
            scores.type_counts(quote.type or UNTYPED)["exact"].pred_total += 1
            scores.type_counts(quote.type or UNTYPED)["exact"].pred_correct += correct


# ------------------------------------------------------------------------------------------
# Scoring a corpus


def score_corpus(
    kind: str,
    pairs: Iterable[tuple[GoldArticle, Article | None, str | None]],
) -> CorpusScore:
    """Micro-averaged scores over ``(gold, prediction or None, error or None)`` triples.

    A missing prediction (an item error, or no record with that id) scores as an
    article with no quotes, so it costs recall; the error is kept in the report.
    """
    rule = speaker_rule_for(kind)
    total = Scores()
    articles = []
    for gold, prediction, error in pairs:
        quotes = prediction.quotes if prediction is not None else []
        scores = score_article(gold, quotes, rule)
        total.add(scores)
        articles.append(ArticleScore(gold.id, scores, len(gold.quotes), len(quotes), error))
    return CorpusScore(kind, articles, total)
