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
    covering it:

    * seed gold, ``speaker_kind == "person"``: the surnames (last name token,
      case- and accent-insensitive; a hyphenated surname is compared whole)
      are equal, and the given names are compatible (when both sides have
      one, the first given names are equal or one is the initial of the
      other). Titles (Mr, Dr, President, Secretary, Sen., Gen., ...) and
      suffixes (Jr., III) are ignored.
    * seed gold, other kinds: the names share at least one content word
      (lowercased, accent-folded, possessive 's removed, stopwords such as
      the/a/of/I/to/me ignored).
    * the gold speaker is compared with the predicted ``speaker.name`` and
      with the predicted ``speaker.mention.text``; either matching counts.
      A gold speaker of ``null`` is matched by nothing.
    * PolNeAR: the predicted speaker mention span overlaps the gold Source
      span (any of its ranges). If the gold attribution has no Source, the
      character counts only if the prediction has no speaker mention either.

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

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model import Article, Quote
from .gold import POLNEAR, GoldArticle, GoldQuote, Range

METRICS = ("quote", "attributed", "exact")
UNTYPED = "untyped"  # a predicted quote without a type

# ------------------------------------------------------------------------------------------
# Counts


@dataclass
class PRCounts:
    """Numerators and denominators of one precision/recall pair."""

    pred_correct: int = 0
    pred_total: int = 0
    gold_found: int = 0
    gold_total: int = 0

    def add(self, other: "PRCounts") -> None:
        self.pred_correct += other.pred_correct
        self.pred_total += other.pred_total
        self.gold_found += other.gold_found
        self.gold_total += other.gold_total

    @property
    def precision(self) -> float:
        if self.pred_total == 0:
            return 1.0 if self.gold_total == 0 else 0.0
        return self.pred_correct / self.pred_total

    @property
    def recall(self) -> float:
        if self.gold_total == 0:
            return 1.0 if self.pred_total == 0 else 0.0
        return self.gold_found / self.gold_total

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pred_correct": self.pred_correct,
            "pred_total": self.pred_total,
            "gold_found": self.gold_found,
            "gold_total": self.gold_total,
        }


@dataclass
class Scores:
    """quote / attributed / exact counts, overall and per quote type."""

    metrics: dict[str, PRCounts] = field(default_factory=lambda: {m: PRCounts() for m in METRICS})
    by_type: dict[str, dict[str, PRCounts]] = field(default_factory=dict)

    def type_counts(self, quote_type: str) -> dict[str, PRCounts]:
        return self.by_type.setdefault(quote_type, {m: PRCounts() for m in METRICS})

    def add(self, other: "Scores") -> None:
        for metric, counts in other.metrics.items():
            self.metrics[metric].add(counts)
        for quote_type, metrics in other.by_type.items():
            mine = self.type_counts(quote_type)
            for metric, counts in metrics.items():
                mine[metric].add(counts)

    def to_dict(self) -> dict:
        return {
            **{metric: counts.to_dict() for metric, counts in self.metrics.items()},
            "by_type": {
                t: {metric: counts.to_dict() for metric, counts in metrics.items()}
                for t, metrics in sorted(self.by_type.items())
            },
        }


@dataclass
class ArticleScore:
    id: str
    scores: Scores
    gold_quotes: int
    predicted_quotes: int
    error: str | None = None


@dataclass
class CorpusScore:
    kind: str
    articles: list[ArticleScore]
    total: Scores

    def to_dict(self, per_article: bool = True) -> dict:
        document = {
            "gold_kind": self.kind,
            "articles": len(self.articles),
            "gold_quotes": sum(a.gold_quotes for a in self.articles),
            "predicted_quotes": sum(a.predicted_quotes for a in self.articles),
            "headline_attributed_f1": round(self.total.metrics["attributed"].f1, 4),
            "overall": self.total.to_dict(),
            "errors": [{"id": a.id, "error": a.error} for a in self.articles if a.error],
        }
        if per_article:
            document["per_article"] = [
                {"id": a.id, "gold_quotes": a.gold_quotes, "predicted_quotes": a.predicted_quotes,
                 "error": a.error, **a.scores.to_dict()}
                for a in self.articles
            ]
        return document


# ------------------------------------------------------------------------------------------
# Characters


def alnum_positions(text: str, ranges: Iterable[Range]) -> set[int]:
    """Positions inside ``ranges`` whose character is alphanumeric."""
    return {i for start, end in ranges for i in range(max(start, 0), min(end, len(text))) if text[i].isalnum()}


def normalise_content(text: str) -> str:
    """Alphanumeric characters only, lowercased: the key of exact-content matching."""
    return "".join(ch for ch in text if ch.isalnum()).lower()


# ------------------------------------------------------------------------------------------
# Speaker matching

TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor president vice secretary sen senator rep representative
    gov governor gen general lt col colonel maj major capt captain sgt sergeant adm admiral cmdr
    commander gen. judge justice mayor rev reverend sir dame lord lady chancellor minister prime
    ambassador attorney former chief deputy assistant speaker leader chairman chairwoman chair
    director commissioner sheriff officer agent private corporal spc specialist pfc class""".split()
)
SUFFIXES = frozenset("jr sr ii iii iv phd md esq".split())
STOPWORDS = frozenset(
    """the a an of i to me my we us our you your he him his she her they them their it its in on at
    for from by with and or that this these those who whom which one some any all no not as is was
    were be been are said says told""".split()
)
POSSESSIVE = re.compile(r"['’]s$")


def fold(text: str) -> str:
    """Lowercase without accents: ``"Farfán"`` -> ``"farfan"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_tokens(name: str) -> list[str]:
    """Folded word tokens with surrounding punctuation and possessive 's removed; hyphens kept."""
    tokens = []
    for raw in fold(name).split():
        token = POSSESSIVE.sub("", raw.strip(".,;:!?\"'“”‘’()[]"))
        token = token.strip(".,;:!?\"'“”‘’()[]")
        if token:
            tokens.append(token)
    return tokens


def person_name_parts(name: str) -> tuple[list[str], str] | None:
    """(given names, surname) with titles and suffixes dropped; ``None`` if nothing is left.

    Words before a title qualify it ("Defense Secretary Pete Hegseth", "Private
    First Class Andrew Oliveira"), so the name is what follows the last title.
    """
    tokens = [t for t in name_tokens(name) if t.rstrip(".") not in SUFFIXES]
    title_positions = [i for i, t in enumerate(tokens) if t.rstrip(".") in TITLES]
    if title_positions and title_positions[-1] < len(tokens) - 1:
        tokens = tokens[title_positions[-1] + 1 :]
    tokens = [t for t in tokens if t.rstrip(".") not in TITLES]
    if not tokens:
        return None
    return tokens[:-1], tokens[-1]


def _is_initial_of(short: str, full: str) -> bool:
    letters = short.replace(".", "")
    return len(letters) == 1 and full.startswith(letters)


def given_names_compatible(given_a: list[str], given_b: list[str]) -> bool:
    if not given_a or not given_b:
        return True
    a, b = given_a[0], given_b[0]
    return a.replace(".", "") == b.replace(".", "") or _is_initial_of(a, b) or _is_initial_of(b, a)


def person_names_match(gold: str, predicted: str) -> bool:
    """Same surname (hyphenated surnames whole) and compatible given names, titles ignored."""
    gold_parts, predicted_parts = person_name_parts(gold), person_name_parts(predicted)
    if gold_parts is None or predicted_parts is None:
        return False
    (gold_given, gold_surname), (predicted_given, predicted_surname) = gold_parts, predicted_parts
    return gold_surname == predicted_surname and given_names_compatible(gold_given, predicted_given)


def content_words(name: str) -> set[str]:
    return {t for t in name_tokens(name) if t not in STOPWORDS}


def names_share_content_word(gold: str, predicted: str) -> bool:
    return bool(content_words(gold) & content_words(predicted))


def seed_speaker_matches(gold: GoldQuote, predicted: Quote) -> bool:
    """The seed-gold rule: gold name vs predicted ``speaker.name`` or ``speaker.mention.text``."""
    if gold.speaker is None or predicted.speaker is None:
        return False
    rule = person_names_match if gold.speaker_kind == "person" else names_share_content_word
    candidates = [predicted.speaker.name]
    if predicted.speaker.mention is not None:
        candidates.append(predicted.speaker.mention.text)
    return any(candidate and rule(gold.speaker, candidate) for candidate in candidates)


def polnear_speaker_matches(gold: GoldQuote, predicted: Quote) -> bool:
    """The PolNeAR rule: the predicted speaker mention overlaps the gold Source span."""
    mention = predicted.speaker.mention if predicted.speaker is not None else None
    if not gold.source_ranges:
        return mention is None
    if mention is None:
        return False
    return any(mention.start < end and start < mention.end for start, end in gold.source_ranges)


SpeakerRule = Callable[[GoldQuote, Quote], bool]


def speaker_rule_for(kind: str) -> SpeakerRule:
    return polnear_speaker_matches if kind == POLNEAR else seed_speaker_matches


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
