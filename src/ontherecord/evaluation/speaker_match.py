"""Does a predicted speaker match the gold one? The seed-gold and PolNeAR rules.

* Seed gold, ``speaker_kind == "person"``: the "same person" rule of :mod:`ontherecord.names`
  (same surname, compatible given names, titles and suffixes ignored).
* Seed gold, other kinds: the names share at least one content word (lowercased,
  accent-folded, possessive 's removed, stopwords such as the/a/of/I/to/me ignored).
* The rule follows the gold kind, never the predicted one: a predicted ``media`` speaker (an outlet
  or a journalist cited as the source) matches a gold organization or person by its name.
* Either rule compares the gold name with the predicted ``speaker.name`` and with the
  predicted ``speaker.mention.text``; either matching counts. A gold speaker of ``null`` is
  matched by nothing.
* PolNeAR: the predicted speaker mention overlaps the gold Source span; an attribution
  without a Source is matched only by a prediction without a speaker mention.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Quote
from ..names import name_tokens, names_match
from ..wordlists import data_lines
from .gold import POLNEAR, GoldQuote

STOPWORDS = frozenset(word for line in data_lines("speaker_stopwords.txt") for word in line.split())


def content_words(name: str) -> set[str]:
    return {t for t in name_tokens(name) if t not in STOPWORDS}


def names_share_content_word(gold: str, predicted: str) -> bool:
    return bool(content_words(gold) & content_words(predicted))


def seed_speaker_matches(gold: GoldQuote, predicted: Quote) -> bool:
    """The seed-gold rule: gold name vs predicted ``speaker.name`` or ``speaker.mention.text``."""
    if gold.speaker is None or predicted.speaker is None:
        return False
    rule = names_match if gold.speaker_kind == "person" else names_share_content_word
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
