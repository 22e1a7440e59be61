"""Stage 4: figures inside quotes: numbers, percentages, money, quantities and dates."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Span as SpacySpan

from ..model import Figure

ENTITY_KINDS = {
    "PERCENT": "percent",
    "MONEY": "money",
    "QUANTITY": "quantity",
    "DATE": "date",
    "TIME": "time",
    "CARDINAL": "number",
    "ORDINAL": "ordinal",
}
CURRENCY_SIGNS = "$€£¥"
# Numbers the entity recogniser misses ("83.5", "$1.2bn", "12%").
_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|per cent|bn|m|billion|million|thousand))?(?![\w])")


def figures_in(text: str, pieces: list[tuple[int, int]], entities: list[SpacySpan], starts: list[int] | None = None) -> list[Figure]:
    """Figures whose characters lie inside the quote ``pieces``, in text order.

    ``text`` and ``entities`` are the Doc's text and ``list(doc.ents)``, read once by the
    caller (spaCy rebuilds both on every access); ``starts`` their start offsets.
    """
    found: dict[tuple[int, int], Figure] = {}
    if starts is None:
        starts = [ent.start_char for ent in entities]  # doc.ents come in text order
    for ent in (entities[i] for s, e in pieces for i in range(bisect_left(starts, s), bisect_left(starts, e))):
        kind = ENTITY_KINDS.get(ent.label_)
        if kind and _inside(ent.start_char, ent.end_char, pieces):
            start = ent.start_char
            if kind == "money" and start > 0 and text[start - 1] in CURRENCY_SIGNS and _inside(start - 1, start, pieces):
                start -= 1  # the recogniser leaves the sign out of "£4.5bn"
            found[(start, ent.end_char)] = Figure(text[start : ent.end_char], start, ent.end_char, kind)
    for start, end in pieces:
        for match in _NUMBER.finditer(text, start, end):
            if any(s < match.end() and match.start() < e for s, e in found):
                continue  # "£4.5bn" when the entity recogniser already has "4.5bn"
            found[(match.start(), match.end())] = Figure(match.group(), match.start(), match.end(), _kind_of(match.group()))
    return [found[key] for key in sorted(found)]


def _inside(start: int, end: int, pieces: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in pieces)


def _kind_of(number: str) -> str:
    if "%" in number or "per" in number:
        return "percent"
    if number[0] in "$€£":
        return "money"
    return "number"
