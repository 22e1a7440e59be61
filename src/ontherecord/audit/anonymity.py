"""Anonymous-sourcing checks: the rules a standards desk applies to unnamed sources, per quote and
per article. Each rule has a name and a reason (``data/anonymity_rules.tsv``); the words that vary
are in ``data/`` too (reasons for anonymity, bare descriptions, positions to know, opinion words).

An unnamed source here is a speaker of kind ``anonymous`` with quotes, except one that speaks for
an institution on the record ("a Labour spokesperson"), a collective ("people", "prosecutors"), an
office holder ("the prime minister"), one named right after its description ("the charity's
director, Barbara Stocking") and one the engine left without a description ("who").
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Article, Audit, AuditFlag, Quote, Span, Speaker
from ..names import fold, is_title
from ..wordlists import data_lines

WORD = re.compile(r"[\w’'-]+")
NAMED_AFTER = re.compile(r"[,\s]{1,3}[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+)+")
POSSESSIVE = re.compile(r"['’]s?$")
SENTENCE_END = re.compile(r"[.!?][\"”’']?\s|\n")
HEAD_WORDS = 3  # a collective's word is among the first of its description ("the organisers of ...")
SENTENCE_CHARS = 400  # how far a mention's sentence is looked at either side


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data_lines(name)]


RULES = {rule: reason for rule, reason in _rows("anonymity_rules.tsv")}
REASONS = [(phrase, kind) for phrase, kind in _rows("anonymity_reasons.tsv")]
BARE_WORDS = frozenset(data_lines("anonymity_bare_words.txt"))
POSITION_PHRASES = tuple(data_lines("anonymity_position_words.txt"))
EXEMPT_WORDS = frozenset(data_lines("anonymity_exempt_words.txt"))
COLLECTIVE_WORDS = frozenset(data_lines("anonymity_collective_words.txt"))
UNRESOLVED_WORDS = frozenset(data_lines("anonymity_unresolved_words.txt"))
OPINION_WORDS = frozenset(data_lines("opinion_words.txt"))
SETTINGS = {key: float(value) for key, value in _rows("anonymity_settings.tsv")}
DIRECT_TYPES = ("direct", "mixed")


def audit_article(article: Article) -> Audit:
    """The article's flags (in text order) and how many of each rule."""
    sources = unnamed_sources(article)
    flags: list[AuditFlag] = []
    for speaker in sources:
        flags += source_flags(article, speaker)
    flags += _single_source_flags(article, sources)
    flags.sort(key=lambda flag: (flag.start, list(RULES).index(flag.rule)))
    return Audit(flags=flags, counts=dict(Counter(flag.rule for flag in flags)))


def unnamed_sources(article: Article) -> list[Speaker]:
    return [s for s in article.speakers if s.kind == "anonymous" and s.quotes and not _exempt(article.text, s)]


def _exempt(text: str, speaker: Speaker) -> bool:
    """Not a confidential source: a spokesperson, a collective, an office holder ("the prime
    minister"), one named after its description, or one the engine left unresolved ("who")."""
    words = _words(speaker.name or "")
    if not words or set(words) & EXEMPT_WORDS or set(words[:HEAD_WORDS]) & COLLECTIVE_WORDS:
        return True
    if _unresolved(speaker.name or "") or _office_holder(words):
        return True
    return any(NAMED_AFTER.match(text, mention.end) for mention in speaker.mentions)


def _office_holder(words: list[str]) -> bool:
    """ "The prime minister", "the home secretary": one person, named by the office (data/titles.txt)."""
    return len(words) > 1 and words[0] == "the" and all(is_title(word) for word in words[1:])


def _words(text: str) -> list[str]:
    return [fold(word) for word in WORD.findall(text)]


def source_flags(article: Article, speaker: Speaker) -> list[AuditFlag]:
    """The rules one unnamed source breaks: its description, its reason, its quotes."""
    quotes = [q for q in article.quotes if q.id in speaker.quotes]
    first = quotes[0]
    at = _mention_at(first, speaker)
    flags = []
    description = speaker.name or at.text
    if is_bare(description):
        flags.append(_flag("bare_source", first.id, at))
    elif not has_position(description):
        flags.append(_flag("no_position", first.id, at))
    reason = reason_kind(article.text, speaker, quotes)
    if reason is None:
        flags.append(_flag("no_reason", first.id, at))
    elif reason == "boilerplate":
        flags.append(_flag("boilerplate_reason", first.id, at))
    for quote in quotes:
        if quote.type in DIRECT_TYPES and is_opinion(quote.content(article.text)):
            flags.append(_flag("anonymous_opinion", quote.id, Span(quote.text, quote.start, quote.end)))
    return flags


def _mention_at(quote: Quote, speaker: Speaker) -> Span:
    """The words a flag points at: the mention at the quote, else (a "who") the first that describes."""
    mention = quote.speaker.mention if quote.speaker is not None else None
    if mention is not None and not _unresolved(mention.text):
        return mention
    described = [m for m in speaker.mentions if not _unresolved(m.text)]
    return described[0] if described else mention or Span(quote.text, quote.start, quote.end)


def _unresolved(text: str) -> bool:
    return all(word in UNRESOLVED_WORDS for word in _words(text))


def _flag(rule: str, quote_id: str | None, span: Span) -> AuditFlag:
    return AuditFlag(rule=rule, quote_id=quote_id, text=span.text, start=span.start, end=span.end)


def is_bare(description: str) -> bool:
    """Only determiners and words that describe no one ("a source", "sources", "one critic")."""
    raw = WORD.findall(description)
    if any(word[:1].isupper() for word in raw[1:]):  # a name: "The Observer"
        return False
    words = _words(description)
    return bool(words) and all(word in BARE_WORDS for word in words)


def has_position(description: str) -> bool:
    """An affiliation, a role, an owner or access ("a DC National Guard source", "an aide", "the
    company's engineer", "a person familiar with the talks")."""
    words = WORD.findall(description)
    if any(word[:1].isupper() and fold(word) not in BARE_WORDS or POSSESSIVE.search(word) for word in words):
        return True
    folded = " " + " ".join(_words(description)) + " "
    return any(f" {phrase} " in folded for phrase in POSITION_PHRASES)


def reason_kind(text: str, speaker: Speaker, quotes: list[Quote]) -> str | None:
    """"substantive", "boilerplate" or None: the best reason for anonymity given in the sentence of
    a mention of the source or in its quotes."""
    places = [_sentence(text, mention) for mention in speaker.mentions] + [q.text for q in quotes]
    found = {kind for place in places for phrase, kind in REASONS if phrase in place.lower()}
    if "substantive" in found:
        return "substantive"
    return "boilerplate" if "boilerplate" in found else None


def _sentence(text: str, mention: Span) -> str:
    left = text[max(0, mention.start - SENTENCE_CHARS):mention.start]
    ends = list(SENTENCE_END.finditer(left))
    start = mention.start - len(left) + (ends[-1].end() if ends else 0)
    after = SENTENCE_END.search(text, mention.end, mention.end + SENTENCE_CHARS)
    return text[start:after.end() if after else mention.end + SENTENCE_CHARS]


def is_opinion(content: str) -> bool:
    return any(word in OPINION_WORDS for word in _words(content)) or "!" in content


def _single_source_flags(article: Article, sources: list[Speaker]) -> list[AuditFlag]:
    if len(sources) != 1 or not article.quotes:
        return []
    source = sources[0]
    if len(source.quotes) / len(article.quotes) <= SETTINGS["single_source_share"]:
        return []
    mention = source.mentions[0] if source.mentions else None
    span = mention or Span(article.quotes[0].text, article.quotes[0].start, article.quotes[0].end)
    return [_flag("single_anonymous_source", None, span)]
