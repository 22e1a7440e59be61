"""Scores on PolNeAR: CofeNet-style exact span match and the project's character convention.

* Exact match (CofeNet, COLING 2022): spans of the tag sequence over word tokens; a
  predicted span counts only if role, first and last token all equal a gold span's.
* Characters: quote P/R/F1 over the alphanumeric characters of content; "attributed"
  counts a content character only if it is gold content, predicted content, and the
  predicted source span overlaps the gold source (or both attributions lack a source).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from ..evaluation.scores import PRCounts, Scores
from .data import ROLES, Fragment, PolnearArticle, word_offsets
from .grouping import PredictedAttribution


def counts(true_positive: int, predicted: int, gold: int) -> PRCounts:
    """One precision/recall pair in the evaluation's terms (nothing predicted for nothing to find is perfect)."""
    return PRCounts(pred_correct=true_positive, pred_total=predicted, gold_found=true_positive, gold_total=gold)


def _short(pair: PRCounts) -> dict[str, float]:
    return {"p": round(pair.precision, 4), "r": round(pair.recall, 4), "f1": round(pair.f1, 4)}


TAGGER_METRICS = tuple(f"exact_{role.lower()}" for role in ROLES) + ("quote", "attributed")


def new_scores() -> Scores:
    """Empty tagger scores: exact span match per role, content and attributed characters."""
    return Scores.of(TAGGER_METRICS)


def figures(scores: Scores) -> dict[str, dict[str, float]]:
    result = {f"exact_{role.lower()}": _short(scores.metrics[f"exact_{role.lower()}"]) for role in ROLES}
    result["quote_chars"] = _short(scores.metrics["quote"])
    result["attributed_chars"] = _short(scores.metrics["attributed"])
    return result


def summary(scores: Scores) -> str:
    exact = " ".join(f"{role.lower()} {100 * scores.metrics[f'exact_{role.lower()}'].f1:.1f}" for role in ROLES)
    quote, attributed = scores.metrics["quote"], scores.metrics["attributed"]
    return (
        f"exact-match F1: {exact} | content chars P/R/F1 "
        f"{100 * quote.precision:.1f}/{100 * quote.recall:.1f}/{100 * quote.f1:.1f} | "
        f"attributed P/R/F1 {100 * attributed.precision:.1f}/"
        f"{100 * attributed.recall:.1f}/{100 * attributed.f1:.1f}"
    )


def word_spans(fragments: Iterable[Fragment], words: Sequence[tuple[int, int]]) -> set[tuple[str, int, int]]:
    """(role, first word, last word) for each fragment that covers at least one word token."""
    word_starts = [start for start, _ in words]
    word_ends = [end for _, end in words]
    result = set()
    for fragment in fragments:
        first = bisect.bisect_right(word_ends, fragment.start)  # first word ending after the span starts
        last = bisect.bisect_left(word_starts, fragment.end) - 1  # last word starting before the span ends
        if first <= last:
            result.add((fragment.role, first, last))
    return result


def _merge_runs(fragments: Iterable[Fragment], text: str) -> list[Fragment]:
    """Gold tag-sequence spans: fragments of one role separated only by whitespace stay separate
    (each fragment begins with B), so nothing is merged; only empty/whitespace fragments drop."""
    return [f for f in fragments if text[f.start : f.end].strip()]


def exact_counts(text: str, gold: Sequence[Fragment], predicted: Sequence[Fragment]) -> dict[str, PRCounts]:
    words = word_offsets(text)
    gold_spans = word_spans(_merge_runs(gold, text), words)
    predicted_spans = word_spans(predicted, words)
    by_role = {}
    for role in ROLES:
        g = {s for s in gold_spans if s[0] == role}
        p = {s for s in predicted_spans if s[0] == role}
        by_role[role] = counts(len(g & p), len(p), len(g))
    return by_role


def _alnum_positions(text: str, fragments: Iterable[Fragment]) -> set[int]:
    return {i for f in fragments for i in range(f.start, f.end) if text[i].isalnum()}


def _source_by_char(text: str, groups: Iterable[tuple[Iterable[Fragment], Iterable[Fragment]]]) -> dict[int, set[int]]:
    """Content char -> the char positions of its attribution's source spans."""
    mapping: dict[int, set[int]] = {}
    for contents, sources in groups:
        source_chars = {i for s in sources for i in range(s.start, s.end)}
        for i in _alnum_positions(text, contents):
            mapping.setdefault(i, set()).update(source_chars)
    return mapping


def char_counts(
    article: PolnearArticle, predicted_spans: Sequence[Fragment], predicted: Sequence[PredictedAttribution]
) -> tuple[PRCounts, PRCounts]:
    text = article.text
    gold_chars = _alnum_positions(text, (f for f in article.fragments if f.role == "CONTENT"))
    predicted_chars = _alnum_positions(text, (f for f in predicted_spans if f.role == "CONTENT"))
    both = gold_chars & predicted_chars
    gold_source = _source_by_char(text, ((a.contents, a.sources) for a in article.attributions))
    predicted_source = _source_by_char(text, ((a.contents, [a.source] if a.source else []) for a in predicted))
    attributed = 0
    for i in both:
        g, p = gold_source.get(i, set()), predicted_source.get(i, set())
        if (g & p) or (not g and not p):
            attributed += 1
    quote = counts(len(both), len(predicted_chars), len(gold_chars))
    return quote, counts(attributed, len(predicted_chars), len(gold_chars))


def score_article(
    scores: Scores,
    article: PolnearArticle,
    predicted_spans: Sequence[Fragment],
    predicted: Sequence[PredictedAttribution],
) -> None:
    """Add one article's counts to ``scores`` (made by :func:`new_scores`)."""
    for role, pair in exact_counts(article.text, article.fragments, predicted_spans).items():
        scores.metrics[f"exact_{role.lower()}"].add(pair)
    quote, attributed = char_counts(article, predicted_spans, predicted)
    scores.metrics["quote"].add(quote)
    scores.metrics["attributed"].add(attributed)
