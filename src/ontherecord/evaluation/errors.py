"""Every disagreement between predicted and gold attributions of an article, classified.

The characters are those of :mod:`.scoring` (alphanumeric only, optional gold removed from both
sides), and a speaker is right by the scorer's own rule (:func:`.speaker_match.speaker_rule_for`),
so the errors account for every character the P / R figures lose, once:

``gold_only``
    gold characters no predicted quote covers: quote recall (and attributed recall) lost;
``predicted_only``
    predicted characters outside every required gold quote: quote precision (and attributed
    precision) lost;
``misattributed``
    characters both cover, with no covering (gold, predicted) pair whose speakers match: attributed
    precision and recall lost, quote figures untouched.

Summed over a corpus, ``gold_only`` is ``quote.gold_total - quote.gold_found``, ``predicted_only``
``quote.pred_total - quote.pred_correct`` and ``misattributed`` ``quote.pred_correct -
attributed.pred_correct``. Each character goes to exactly one error: a ``gold_only`` character to
the first gold quote covering it (with the predicted quote overlapping that gold quote most, if
any), a ``predicted_only`` one to the first predicted quote covering it (with the gold quote it
overlaps most, if any), a ``misattributed`` one to the first predicted and first gold quote covering
it. Two quotes *overlap* when they share a scored character.

An error is a gold quote alone, a predicted quote alone, or an overlapping (gold, predicted) pair.
Its class is the first of these that applies (the order of precedence):

``missed``
    a required gold quote that no predicted quote overlaps.
``spurious``
    a predicted quote that overlaps no required gold quote (what lies inside optional gold is
    neither counted nor an error).
``no_speaker``
    a pair whose speakers do not match, the prediction having no speaker (none, or one with
    neither a name nor a mention).
``document_vs_author``
    a pair where exactly one of the gold and the predicted kinds is ``document``: a document
    credited where the gold names its author, or the other way round. It is a class whether or not
    the scorer's rule matches the two ("the letter from Acme" matches "Acme" on a shared word).
``pronoun``
    a pair whose speakers do not match, the predicted mention being a pronoun (the pronouns the
    engine resolves: personal, plural, neuter, document and relative): resolved wrongly, or not at all.
``unresolved_description``
    a pair whose speakers do not match, the gold naming a person or organization while the predicted
    speaker is unresolved: kind anonymous or group, no name, or a name that is a description, its
    last word not capitalised (a common-noun head: "the company", "his manager", "Acme spokeswoman"),
    or a name cut from such a mention ("Acme Party" out of "the Acme Party chief executive"). An
    ``unknown`` speaker with a capitalised head ("The ACB") is a name, not a description.
``organization_not_resolved``
    a pair whose speakers do not match, the gold speaker an organization: the prediction a different
    organization, or a short form or acronym left apart ("ACB" for "Acme Cycle Board").
``wrong_person``
    every other pair whose speakers do not match: most often two persons that are not the same
    person by :func:`ontherecord.names.same_person`; also any other pair of kinds (a named person
    where the gold has an anonymous source, a speaker where the gold has none).
``wrong_kind``
    a pair whose speakers match (same words, by the scorer's rule) with different kinds: the
    attribution scores, the record's kind is wrong (an organization made a person "Board" with the
    title "Water" out of "the Water Board said"). Costs only its boundary characters.
``boundary``
    a pair whose speakers match, same kind, that costs characters: content too short or too long.

Only disagreements are errors: a pair with a matching speaker, the same kind and no character to
pay is none, nor is a non-matching pair that pays no character (another covering quote is right).
A kind disagreement that pays nothing is reported once per predicted quote, with the gold quote it
overlaps most (one quote over three gold paragraphs is one wrong kind, not three).

PolNeAR names no speakers and gives no kinds: the speaker is right when the predicted mention
overlaps the gold Source span. Its pairs are ``no_speaker`` (no predicted mention where the gold has
a Source), ``wrong_person`` (any other mismatch: a mention elsewhere, or one where the gold has no
Source) or ``boundary``; the classes that need a gold kind or name do not arise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..engine.cues import DOCUMENT_PRONOUNS, RELATIVE_PRONOUNS
from ..engine.speakers.resolver import NEUTER_PRONOUNS, PERSONAL_PRONOUNS, PLURAL_PRONOUNS
from ..model import Article, Quote, SpeakerRef
from .gold import POLNEAR, GoldArticle, GoldQuote
from .scoring import alnum_positions
from .speaker_match import speaker_rule_for

MISSED = "missed"
SPURIOUS = "spurious"
NO_SPEAKER = "no_speaker"
DOCUMENT_VS_AUTHOR = "document_vs_author"
PRONOUN = "pronoun"
UNRESOLVED_DESCRIPTION = "unresolved_description"
ORGANIZATION_NOT_RESOLVED = "organization_not_resolved"
WRONG_PERSON = "wrong_person"
WRONG_KIND = "wrong_kind"
BOUNDARY = "boundary"
ERROR_CLASSES = (
    MISSED, SPURIOUS, NO_SPEAKER, DOCUMENT_VS_AUTHOR, PRONOUN, UNRESOLVED_DESCRIPTION,
    ORGANIZATION_NOT_RESOLVED, WRONG_PERSON, WRONG_KIND, BOUNDARY,
)  # in the order of precedence
COST_FIELDS = ("gold_only", "predicted_only", "misattributed")
PRONOUNS = PERSONAL_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS | DOCUMENT_PRONOUNS | RELATIVE_PRONOUNS
NAMED_KINDS = ("person", "organization")
UNRESOLVED_KINDS = ("anonymous", "group")
CONTEXT_CHARS = 200  # at most this many characters of context on each side of an error
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n")


@dataclass
class Cost:
    """The scored characters one error costs (see the module docstring)."""

    gold_only: int = 0
    predicted_only: int = 0
    misattributed: int = 0

    def total(self) -> int:
        return self.gold_only + self.predicted_only + self.misattributed


@dataclass
class AttributionError:
    """One disagreement: the gold side, the predicted side (either may be ``None``), its class and cost."""

    article: str
    error_class: str
    context: dict[str, Any]  # {"start", "end", "text"}: the sentence(s) around the error, bounded
    gold: dict[str, Any] | None
    predicted: dict[str, Any] | None
    cost: Cost = field(default_factory=Cost)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article, "class": self.error_class, "characters": asdict(self.cost),
            "gold": self.gold, "predicted": self.predicted, "context": self.context,
        }


# ------------------------------------------------------------------------------------------
# Finding the errors of one article


@dataclass
class _Characters:
    """Scored characters of each quote, and which quotes cover each character."""

    gold: list[set[int]]
    predicted: list[set[int]]
    gold_at: dict[int, list[int]]
    predicted_at: dict[int, list[int]]


def _characters(gold: GoldArticle, predicted: list[Quote]) -> _Characters:
    text = gold.text
    optional = alnum_positions(text, [r for q in gold.quotes if q.optional for r in q.ranges])
    gold_sets = [set() if q.optional else alnum_positions(text, q.ranges) - optional for q in gold.quotes]
    predicted_sets = [alnum_positions(text, q.pieces) - optional for q in predicted]
    return _Characters(gold_sets, predicted_sets, _index(gold_sets), _index(predicted_sets))


def _index(sets: list[set[int]]) -> dict[int, list[int]]:
    covering: dict[int, list[int]] = {}
    for number, characters in enumerate(sets):
        for i in characters:
            covering.setdefault(i, []).append(number)
    return covering


def _overlapping(characters: set[int], covering: dict[int, list[int]]) -> set[int]:
    return {number for i in characters for number in covering.get(i, ())}


def _costs(
    chars: _Characters, gold_partner: list[int | None], predicted_partner: list[int | None]
) -> dict[tuple[int | None, int | None], Cost]:
    """Every ``gold_only`` and ``predicted_only`` character, charged to one (gold, predicted) key."""
    costs: dict[tuple[int | None, int | None], Cost] = {}
    for i, gold_numbers in chars.gold_at.items():
        if i not in chars.predicted_at:
            g = gold_numbers[0]
            costs.setdefault((g, gold_partner[g]), Cost()).gold_only += 1
    for i, predicted_numbers in chars.predicted_at.items():
        if i not in chars.gold_at:
            p = predicted_numbers[0]
            costs.setdefault((predicted_partner[p], p), Cost()).predicted_only += 1
    return costs


def _partner(characters: set[int], others: list[set[int]], covering: dict[int, list[int]]) -> int | None:
    """The other side's quote sharing most characters with ``characters`` (the first on a tie), or ``None``."""
    best, best_overlap = None, 0
    for number in sorted(_overlapping(characters, covering)):
        overlap = len(characters & others[number])
        if overlap > best_overlap:
            best, best_overlap = number, overlap
    return best


def article_errors(gold: GoldArticle, predicted: list[Quote], kind: str) -> list[AttributionError]:
    """The errors of one article, in text order; ``kind`` is the gold kind (seed or PolNeAR)."""
    rule = speaker_rule_for(kind)
    chars = _characters(gold, predicted)
    gold_partner = [_partner(characters, chars.predicted, chars.predicted_at) for characters in chars.gold]
    predicted_partner = [_partner(characters, chars.gold, chars.gold_at) for characters in chars.predicted]
    costs = _costs(chars, gold_partner, predicted_partner)
    matches: dict[tuple[int, int], bool] = {}

    def match(g: int, p: int) -> bool:
        if (g, p) not in matches:
            matches[g, p] = rule(gold.quotes[g], predicted[p])
        return matches[g, p]

    for i, gold_numbers in chars.gold_at.items():
        predicted_numbers = chars.predicted_at.get(i)
        if predicted_numbers and not any(match(g, p) for g in gold_numbers for p in predicted_numbers):
            cost = costs.setdefault((gold_numbers[0], predicted_numbers[0]), Cost())
            cost.misattributed += 1
    for p, g in enumerate(predicted_partner):
        if g is not None:
            costs.setdefault((g, p), Cost())  # it may pay nothing and still disagree on the kind
    errors = []
    for (g, p), cost in costs.items():
        gold_quote = gold.quotes[g] if g is not None else None
        predicted_quote = predicted[p] if p is not None else None
        matched = g is not None and p is not None and match(g, p)
        error_class = classify(gold_quote, predicted_quote, matched, kind)
        if cost.total() or (matched and error_class in (WRONG_KIND, DOCUMENT_VS_AUTHOR)):
            errors.append(_error(gold, gold_quote, predicted_quote, error_class, cost))
    errors.sort(key=lambda e: (e.context["start"], ERROR_CLASSES.index(e.error_class)))
    return errors


# ------------------------------------------------------------------------------------------
# Classes


def classify(gold: GoldQuote | None, predicted: Quote | None, matched: bool, kind: str) -> str:
    """The class of a gold quote, a predicted quote or a pair by the order of precedence (``matched``: the
    pair's speakers match by the scorer's rule); a pair is an error only if it costs characters or its
    matching speakers differ in kind (:func:`article_errors` decides)."""
    if predicted is None:
        return MISSED
    if gold is None:
        return SPURIOUS
    speaker = predicted.speaker
    has_speaker = speaker is not None and (speaker.name or speaker.mention is not None)
    if kind == POLNEAR:
        if matched:
            return BOUNDARY
        return NO_SPEAKER if gold.source_ranges and (speaker is None or speaker.mention is None) else WRONG_PERSON
    if not matched and not has_speaker:
        return NO_SPEAKER
    predicted_kind = speaker.kind if speaker is not None else None
    if (gold.speaker_kind == "document") != (predicted_kind == "document") and has_speaker:
        return DOCUMENT_VS_AUTHOR
    if matched:
        return WRONG_KIND if predicted_kind != gold.speaker_kind else BOUNDARY
    if speaker.mention is not None and speaker.mention.text.strip().lower() in PRONOUNS:
        return PRONOUN
    if gold.speaker_kind in NAMED_KINDS and _unresolved(speaker, predicted_kind):
        return UNRESOLVED_DESCRIPTION
    if gold.speaker_kind == "organization":
        return ORGANIZATION_NOT_RESOLVED
    return WRONG_PERSON


def _unresolved(speaker: SpeakerRef, kind: str | None) -> bool:
    name, mention = speaker.name, speaker.mention.text if speaker.mention is not None else ""
    if kind in UNRESOLVED_KINDS or not name:
        return True
    cut_from_mention = name in mention and "," not in mention
    return _is_description(name) or (cut_from_mention and _is_description(mention))


def _is_description(words: str) -> bool:
    """Its last word is not capitalised: a common-noun head ("the company", "Acme spokeswoman")."""
    stripped = [w.strip(".,;:'\"“”‘’()") for w in words.split()]
    head = next((w for w in reversed(stripped) if w), "")
    return not head[:1].isupper()


# ------------------------------------------------------------------------------------------
# What an error shows


def _error(
    article: GoldArticle, gold: GoldQuote | None, predicted: Quote | None, error_class: str, cost: Cost
) -> AttributionError:
    text = article.text
    bounds: list[tuple[int, int]] = []
    if gold is not None:
        bounds += gold.ranges + gold.source_ranges
    if predicted is not None:
        bounds += predicted.pieces
        mention = predicted.speaker.mention if predicted.speaker is not None else None
        if mention is not None:
            bounds.append((mention.start, mention.end))
    start, end = min(s for s, _ in bounds), max(e for _, e in bounds)
    return AttributionError(
        article=str(article.id),
        error_class=error_class,
        context=context_around(text, start, end),
        gold=_gold_side(text, gold) if gold is not None else None,
        predicted=_predicted_side(text, predicted) if predicted is not None else None,
        cost=cost,
    )


def context_around(text: str, start: int, end: int) -> dict[str, Any]:
    """The sentence(s) from ``start`` to ``end``: back to the last sentence end and on to the next,
    at most :data:`CONTEXT_CHARS` characters beyond the error on each side."""
    low = max(0, start - CONTEXT_CHARS)
    ends_before = [m.end() for m in SENTENCE_END.finditer(text, low, start)]
    context_start = ends_before[-1] if ends_before else low
    after = SENTENCE_END.search(text, end, min(len(text), end + CONTEXT_CHARS))
    context_end = after.start() + 1 if after else min(len(text), end + CONTEXT_CHARS)
    context_end = max(context_end, end)
    return {"start": context_start, "end": context_end, "text": text[context_start:context_end]}


def _gold_side(text: str, quote: GoldQuote) -> dict[str, Any]:
    side = {
        "start": quote.ranges[0][0], "end": quote.ranges[-1][1], "content": quote.content(text),
        "type": quote.type, "speaker": quote.speaker, "kind": quote.speaker_kind,
    }
    if quote.source_ranges:
        side["source"] = {
            "start": quote.source_ranges[0][0], "end": quote.source_ranges[-1][1],
            "text": " ".join(text[s:e] for s, e in quote.source_ranges),
        }
    return side


def _predicted_side(text: str, quote: Quote) -> dict[str, Any]:
    speaker = quote.speaker
    mention = speaker.mention if speaker is not None else None
    return {
        "quote": quote.id, "start": quote.start, "end": quote.end, "content": quote.content(text),
        "type": quote.type,
        "speaker": speaker.name if speaker is not None else None,
        "kind": speaker.kind if speaker is not None else None,
        "mention": {"start": mention.start, "end": mention.end, "text": mention.text} if mention else None,
    }


# ------------------------------------------------------------------------------------------
# A corpus


def corpus_errors(kind: str, pairs: Iterable[tuple[GoldArticle, Article | None, str | None]]) -> list[AttributionError]:
    """The errors of every ``(gold, prediction or None, item error or None)`` triple, as
    :func:`~.scoring.score_corpus` scores them (a missing prediction is an article with no quotes)."""
    return [
        error
        for gold, prediction, _ in pairs
        for error in article_errors(gold, prediction.quotes if prediction is not None else [], kind)
    ]


def class_counts(errors: Iterable[AttributionError]) -> dict[str, dict[str, int]]:
    """Per class (every class, in the order of precedence): the number of errors and the characters they cost."""
    counts = {name: Counter({"errors": 0, **dict.fromkeys(COST_FIELDS, 0)}) for name in ERROR_CLASSES}
    for error in errors:
        counts[error.error_class]["errors"] += 1
        counts[error.error_class].update(asdict(error.cost))
    return {name: dict(values) for name, values in counts.items()}


__all__ = [
    "ERROR_CLASSES", "AttributionError", "Cost", "article_errors", "class_counts", "classify",
    "context_around", "corpus_errors",
]
