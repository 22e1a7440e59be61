"""The attribution engine: one article's parse in, its attributed quotes and speakers out.

:func:`attribute` (:mod:`.attribute`) reads as the order of the stages. What a refiner (the reranker,
the tagger) may use of the engine is exported here; nothing under ``ontherecord.engine`` imports a refiner.
"""

from .attribute import attribute
from .content_style import CONTENT_STYLES
from .cues import FIRST_PERSON_CHANNEL, NOT_A_SOURCE, find_cues
from .drafts import Claims, Draft
from .frames import CueMatch
from .headings import is_heading
from .indirect import MIN_INDIRECT_CHARS
from .lexicon import CueVerb, Lexicon, load_lexicon
from .quotemarks import ALL_MARKS, DOUBLE_MARKS, Paragraph, QuotedSpan, split_paragraphs
from .records import renumber_speakers
from .refiners import MODES, Refiner
from .syntax import sentence_bounds
from .view import TextView

__all__ = [
    "ALL_MARKS",
    "CONTENT_STYLES",
    "DOUBLE_MARKS",
    "FIRST_PERSON_CHANNEL",
    "MIN_INDIRECT_CHARS",
    "MODES",
    "NOT_A_SOURCE",
    "Claims",
    "CueMatch",
    "CueVerb",
    "Draft",
    "Lexicon",
    "Paragraph",
    "QuotedSpan",
    "Refiner",
    "TextView",
    "attribute",
    "find_cues",
    "is_heading",
    "load_lexicon",
    "renumber_speakers",
    "sentence_bounds",
    "split_paragraphs",
]
