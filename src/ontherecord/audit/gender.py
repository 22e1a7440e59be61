"""The gender of each person source, from the article's own words and, on request, name statistics.

Evidence is read from spans of the article that stand for or describe the source: its mentions
("she", "Ms Sanders", "the spokeswoman"), and its role and title where the text has them.
:func:`evidence_in_spans` is the one rule over those spans, so every mention an earlier stage links
to the source (pronouns included) is more evidence. Conflicting evidence gives "unknown" with all
of it listed. With ``names=True`` a named person with no evidence at all gets the gender that
nomquamgender's offline name statistics give its first name, when they are sure enough
(``data/gender_settings.tsv``); evidence always wins over names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ..model import Gender, GenderEvidence, Span, Speaker
from ..names import GENDERED_TITLES, fold, person_name_parts
from ..wordlists import data_lines

PERSON_KINDS = ("person", "anonymous")  # the sources that get a gender; organizations, groups, documents don't
UNKNOWN = "unknown"
WORD = re.compile(r"[\w’'.-]+")
POSSESSIVE = re.compile(r"['’]s?$")


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data_lines(name)]


PRONOUNS = {word: gender for word, gender in _rows("gender_pronouns.tsv")}
WORDS = {row[0]: (row[1], row[2], row[3:4] == ["generic"]) for row in _rows("gendered_words.tsv")}
SCOPE_BREAKS = frozenset(data_lines("gender_scope_breaks.txt"))
SETTINGS = {key: float(value) for key, value in _rows("gender_settings.tsv")}


class NamesUnavailable(RuntimeError):
    """--gender-names without the optional ``gender`` extra (nomquamgender)."""


Found = tuple[GenderEvidence, bool]  # the evidence, and whether its word is a generic "-man" word


def evidence_in(text: str, start: int) -> list[Found]:
    """The gender evidence in one span of the article: ``text`` starting at offset ``start``."""
    stripped = text.strip()
    pronoun = PRONOUNS.get(fold(stripped))
    if pronoun:
        at = start + text.index(stripped)
        return [(GenderEvidence(stripped, at, at + len(stripped), "pronoun", pronoun), False)]
    found: list[Found] = []
    for match in WORD.finditer(text):
        raw = match.group()
        word = fold(raw).rstrip(".")
        if word in SCOPE_BREAKS:
            break
        if POSSESSIVE.search(raw) and raw[-1] != ".":  # "the Queen's spokesman": what came before is the owner
            found.clear()
            continue
        item = _gendered_word(word)
        if item:
            value, kind, generic = item
            found.append((GenderEvidence(raw, start + match.start(), start + match.end(), kind, value), generic))
    return found


def _is_generic(text: str) -> bool:
    item = _gendered_word(fold(text).rstrip("."))
    return item is not None and item[2]


def _gendered_word(word: str) -> tuple[str, str, bool] | None:
    if word in GENDERED_TITLES:
        return GENDERED_TITLES[word], "honorific", False
    return WORDS.get(word)


def evidence_in_spans(spans: Iterable[Span]) -> list[Found]:
    """The evidence of every span, each word once (a role found inside a mention is not counted twice)."""
    seen: set[tuple[int, int]] = set()
    found: list[Found] = []
    for span in spans:
        for item in evidence_in(span.text, span.start):
            key = (item[0].start, item[0].end)
            if key not in seen:
                seen.add(key)
                found.append(item)
    return sorted(found, key=lambda item: item[0].start)


def decide(found: list[Found]) -> Gender:
    """One gender from the evidence: what it all says, else unknown with it all listed. A generic
    "-man" word decides only when nothing else does, and is no conflict with other evidence."""
    if not found:
        return Gender(UNKNOWN)
    specific = [evidence for evidence, generic in found if not generic]
    deciding = specific or [evidence for evidence, _ in found]
    values = {evidence.value for evidence in deciding}
    value = values.pop() if len(values) == 1 else UNKNOWN
    return Gender(value, [evidence for evidence, _ in found], "text")


def described_spans(text: str, speaker: Speaker) -> list[Span]:
    """The speaker's mentions (at its quotes and elsewhere, its entity's), and its role, title and name
    (an unnamed source's is its description) placed in the text, nearest a mention."""
    spans = list(speaker.mentions)
    at_cues = {(m.start, m.end) for m in spans}
    spans += [Span(m.text, m.start, m.end) for m in speaker.entity_mentions if (m.start, m.end) not in at_cues]
    anchors = [mention.start for mention in spans]
    for phrase in (speaker.role, speaker.title, speaker.name):
        placed = _nearest(text, phrase, anchors) if phrase and anchors else None
        if placed is not None and not _inside_a_mention(placed, speaker.mentions):
            spans.append(placed)
    return spans


def _inside_a_mention(span: Span, mentions: list[Span]) -> bool:
    # read with the mention's own scope: "Queen" in "a spokesman for the Queen" describes someone else
    return any(m.start <= span.start and span.end <= m.end for m in mentions)


def _nearest(text: str, phrase: str, anchors: list[int]) -> Span | None:
    """The occurrence of ``phrase`` nearest an anchor, looked for only near each anchor: the cost is
    linear in the mentions, not in the article times its speakers."""
    window = int(SETTINGS["place_window"])
    best: tuple[int, int] | None = None  # (distance, position)
    for anchor in anchors:
        low = max(0, anchor - window)
        position = text.find(phrase, low, anchor + window + len(phrase))
        while position >= 0:
            candidate = (abs(position - anchor), position)
            best = candidate if best is None or candidate < best else best
            position = text.find(phrase, position + 1, anchor + window + len(phrase))
    return None if best is None else Span.of(text, best[1], best[1] + len(phrase))


def speaker_gender(text: str, speaker: Speaker, *, names: bool = False) -> Gender | None:
    """The gender of one source (None for organizations, groups, documents and unknown kinds)."""
    if speaker.kind not in PERSON_KINDS:
        return None
    gender = decide(evidence_in_spans(described_spans(text, speaker)))
    if names and gender.method == "none" and speaker.kind == "person":
        return name_gender(text, speaker) or gender
    return gender


def assign_genders(text: str, speakers: list[Speaker], *, names: bool = False) -> None:
    for speaker in speakers:
        speaker.gender = speaker_gender(text, speaker, names=names)


def combined_gender(genders: Iterable[Gender]) -> Gender:
    """One person's gender over several articles (a cross-article entity): all their text evidence
    decides as in one article; without any, the name statistics when they agree."""
    genders = [g for g in genders if g is not None]
    found = [(e, _is_generic(e.text)) for g in genders if g.method == "text" for e in g.evidence]
    if found:
        return decide(found)
    named = [g for g in genders if g.method == "name" and g.value != UNKNOWN]
    if named and len({g.value for g in named}) == 1:
        return Gender(named[0].value, [e for g in named for e in g.evidence], "name",
                      max(g.probability or 0.0 for g in named))
    return Gender(UNKNOWN)


# --- names, on request ------------------------------------------------------------------------------


def name_gender(text: str, speaker: Speaker) -> Gender | None:
    """The gender name statistics give the speaker's first given name, or None when they are not sure."""
    given = _given_name(speaker.name or "")
    if given is None:
        return None
    probability = female_probability(given)
    if probability is None:
        return None
    value, chance = ("female", probability) if probability >= 0.5 else ("male", 1 - probability)
    if chance < SETTINGS["name_threshold"]:
        return Gender(UNKNOWN, [], "name", round(chance, 3))
    placed = _name_span(text, speaker, given)
    evidence = [GenderEvidence(placed.text, placed.start, placed.end, "name", value)] if placed else []
    return Gender(value, evidence, "name", round(chance, 3))


def _given_name(name: str) -> str | None:
    parts = person_name_parts(name)
    if parts is None or not parts[0]:
        return None
    given = parts[0][0].rstrip(".")
    return given if len(given) > 1 else None  # an initial says nothing


def _name_span(text: str, speaker: Speaker, given: str) -> Span | None:
    for mention in speaker.mentions:
        at = fold(mention.text).find(given)
        if at >= 0:
            return Span.of(text, mention.start + at, mention.start + at + len(given))
    return None


def female_probability(given: str) -> float | None:
    """nomquamgender's p(female) for a folded first name, or None when it does not know the name."""
    row = name_statistics().get(given)
    if not row or row[1] < SETTINGS["name_min_count"]:
        return None
    return float(row[2])


@lru_cache(maxsize=1)
def name_statistics() -> dict[str, list]:
    """nomquamgender's table (name → [sources, counts, p(female), ...]), read from its data file
    (importing the package would import pandas for nothing)."""
    spec = find_spec("nomquamgender")
    if spec is None or spec.origin is None:
        raise NamesUnavailable("--gender-names needs nomquamgender: pip install 'ontherecord[gender]'")
    with open(Path(spec.origin).parent / "name_data.json", encoding="utf-8") as handle:
        return json.load(handle)
