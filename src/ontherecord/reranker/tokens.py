"""Small readings of tokens and cues that candidates, features and the boundary model share."""

from __future__ import annotations

from spacy.tokens import Token

from ..engine import CueMatch, TextView

FUNCTION_POS = frozenset({"ADP", "SCONJ", "PART", "DET", "PRON", "CCONJ", "AUX", "PUNCT"})


def neighbour(view: TextView, i: int, step: int) -> Token | None:
    """The nearest token before (``step`` -1) or after (+1) token ``i`` that is not whitespace."""
    i += step
    while 0 <= i < len(view.doc) and view.doc[i].is_space:
        i += step
    return view.doc[i] if 0 <= i < len(view.doc) else None


def word_class(token: Token | None, missing: str) -> str:
    """A function word or punctuation as itself, any other word as its part of speech; ``missing`` for none."""
    if token is None:
        return missing
    return token.lower_ if token.pos_ in FUNCTION_POS or token.is_punct else token.pos_


def has_letters(token: Token) -> bool:
    """A word, a number: a token that counts in content (alphanumerics are what scoring counts)."""
    return any(ch.isalnum() for ch in token.text)


def cue_lemma(cue: CueMatch) -> str:
    """The cue verb's lemma, or the phrase ("according", "as-put") of a cue that is not a verb."""
    return cue.verb.lemma_.lower() if cue.phrase == "verb" else cue.phrase
