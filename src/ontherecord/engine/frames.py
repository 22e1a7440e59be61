"""A cue frame: one attribution the syntax shows, before it is linked to any quotation marks."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import CueVerb


@dataclass
class CueMatch:
    cue_start: int  # character span of the cue words
    cue_end: int
    verb: Token  # the cue's head token (the verb, or "according")
    source_head: Token | None
    source_start: int | None  # character span of the source mention (no apposition)
    source_end: int | None
    content_start: int | None  # character span of the syntactic content, if any
    content_end: int | None
    channel: str | None
    lexeme: CueVerb | None
    phrase: str  # "verb" | "according" | "as-put"
    relative: Token | None = None  # "Jordan, who said ...": the relative pronoun is the local mention

    @property
    def has_content(self) -> bool:
        return self.content_start is not None and self.content_end is not None and self.content_end > self.content_start
