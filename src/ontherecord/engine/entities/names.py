"""Which organization names are one organization: the same words, an acronym of the long
name ("NISCC" after "National Infrastructure Security Coordination Centre"), a short form
("Lib Dems" for "Liberal Democrats") or the name without its generic last word ("Menatep" for
"Menatep Group"). Each is a key: names are grouped by keys, never compared all against all."""

from __future__ import annotations

from ...names import fold

FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "&", "in", "on", "de"})
MIN_PREFIX = 3  # "Lib" for "Liberal", "Dem" for "Democrats"


def name_words(text: str) -> list[str]:
    words = [w.strip(".,'’") for w in fold(text).replace("’s", "").replace("'s", "").split()]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    return [_singular(w) for w in words]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def exact_key(text: str) -> str:
    return " ".join(name_words(text))


def core_key(text: str, generic: frozenset[str]) -> str | None:
    """The name without generic trailing words: "menatep" for "Menatep Group"."""
    words = name_words(text)
    while len(words) > 1 and words[-1] in generic:
        words = words[:-1]
    return " ".join(words) if words else None


def initials(text: str) -> str | None:
    words = [w for w in text.replace("-", " ").split() if w.lower() not in FUNCTION_WORDS and w[:1].isalpha()]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words).lower()


def acronym_key(text: str) -> str:
    return "".join(c for c in text if c.isalpha()).lower()


def short_form_of(short: list[str], long: list[str]) -> bool:
    """Each word of ``short`` begins the word of ``long`` in its place, one at least shorter."""
    if len(short) != len(long) or short == long:
        return False
    return all(len(part) >= MIN_PREFIX and word.startswith(part) for part, word in zip(short, long, strict=True))
