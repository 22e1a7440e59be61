"""People's names, one of each: accent folding, the title list and the "same person" rule.

The engine (speaker resolution inside an article), the corpus (which speakers of different
articles are one person) and the scorer (does a predicted speaker match the gold one) all
compare names with these:

* :func:`fold`: lowercase without accents, ``"Farfán"`` → ``"farfan"``.
* :data:`TITLES`: ``data/titles.txt``, the titles, ranks and honorifics, all ignored when the
  scorer compares names; :data:`SPLIT_TITLES`, those the engine splits from a speaker's name
  into ``title`` (all but the ``compare-only`` ones); :data:`HONORIFICS`, those the corpus
  strips from the head of a name (marked ``honorific``); :data:`GENDERED_TITLES`, those marked
  ``female`` or ``male`` ("Ms", "Sir"), which the audit reads as evidence. The file says why they differ.
* :func:`same_person`: the same surname and compatible given names, titles already removed.
  Given names are compatible when either is missing, they are equal (periods ignored), or
  one is the initial of the other ("J." and "John").
* :func:`person_name_parts` / :func:`names_match`: the rule on plain name strings, for
  callers that have no parse ("Defense Secretary Pete Hegseth" vs "Hegseth").
"""

from __future__ import annotations

import re
import unicodedata

from .wordlists import data_lines

COMPARE_ONLY = "compare-only"
HONORIFIC = "honorific"
POSSESSIVE = re.compile(r"['’]s$")
EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()[]"

Person = tuple[str | None, str]  # (first given name or None, surname), folded


_TITLE_MARKS = {word.lower(): frozenset(marks) for word, *marks in map(str.split, data_lines("titles.txt"))}
TITLES = frozenset(_TITLE_MARKS)
SPLIT_TITLES = frozenset(word for word, marks in _TITLE_MARKS.items() if COMPARE_ONLY not in marks)
HONORIFICS = frozenset(word for word, marks in _TITLE_MARKS.items() if HONORIFIC in marks)
GENDERS = ("female", "male")
GENDERED_TITLES = {word: gender for word, marks in _TITLE_MARKS.items() for gender in GENDERS if gender in marks}
SUFFIXES = frozenset(word.lower() for word in data_lines("name_suffixes.txt"))


def fold(text: str) -> str:
    """Lowercase without accents: ``"Farfán"`` -> ``"farfan"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def is_title(word: str) -> bool:
    """A folded word of :data:`TITLES` (a trailing period ignored: "Sen.", "Gen.")."""
    return word.rstrip(".") in TITLES


def given_names_compatible(a: str | None, b: str | None) -> bool:
    """Either missing, equal with periods ignored, or one the initial of the other."""
    if not a or not b:
        return True
    a, b = a.replace(".", ""), b.replace(".", "")
    if not a or not b:
        return a == b
    return a == b or ((len(a) == 1 or len(b) == 1) and a[0] == b[0])


def same_person(a: Person, b: Person) -> bool:
    """The same surname and compatible given names (both folded, titles removed)."""
    (given_a, surname_a), (given_b, surname_b) = a, b
    return surname_a == surname_b and given_names_compatible(given_a, given_b)


def name_tokens(name: str) -> list[str]:
    """Folded word tokens with surrounding punctuation and possessive 's removed; hyphens kept."""
    tokens = []
    for raw in fold(name).split():
        token = POSSESSIVE.sub("", raw.strip(EDGE_PUNCTUATION)).strip(EDGE_PUNCTUATION)
        if token:
            tokens.append(token)
    return tokens


def person_name_parts(name: str) -> tuple[list[str], str] | None:
    """(given names, surname) with titles and suffixes dropped; ``None`` for a name without words.

    Words before a title qualify it ("Defense Secretary Pete Hegseth", "Private First Class
    Andrew Oliveira"), so the name is what follows the last title. The last word is the surname
    even when it is also a title word ("Martin Luther King Jr.", "Charles Prince").
    """
    tokens = [t for t in name_tokens(name) if t.rstrip(".") not in SUFFIXES]
    title_positions = [i for i, t in enumerate(tokens[:-1]) if is_title(t)]
    if title_positions:
        tokens = tokens[title_positions[-1] + 1 :]
    if not tokens:
        return None
    return tokens[:-1], tokens[-1]


def person_of(name: str) -> Person | None:
    """(first given name, surname) of a name string, for :func:`same_person`."""
    parts = person_name_parts(name)
    if parts is None:
        return None
    given, surname = parts
    return (given[0] if given else None), surname


def names_match(a: str, b: str) -> bool:
    """:func:`same_person` on two name strings (hyphenated surnames compared whole)."""
    person_a, person_b = person_of(a), person_of(b)
    return person_a is not None and person_b is not None and same_person(person_a, person_b)


def strip_honorifics(words: list[str]) -> list[str]:
    """``["dr", "cecilia", "farfan"]`` → ``["cecilia", "farfan"]``: :data:`HONORIFICS` at the head; a lone word is kept."""
    words = list(words)
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return words
