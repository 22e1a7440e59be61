"""A 5 MB article of adversarial text goes through in segments: no exception, no bad offset.

(A 5 MB article of ordinary prose is the same code path with ~8 minutes of parsing:
`tests/test_properties.py::test_five_megabyte_article`.)
"""

from __future__ import annotations

import random

import ontherecord
from ontherecord.segments import MAX_SEGMENT_CHARS

MARKS = "“”‘’\"'«»„‹›"


def adversarial_article(size: int, seed: int = 7) -> str:
    """Long runs without spaces, unbalanced marks of every style, control characters, RTL text,
    CR/LF mixtures and a few real attributions, until ``size`` characters."""
    rng = random.Random(seed)
    pieces = []
    total = 0
    while total < size:
        choice = rng.randrange(6)
        if choice == 0:
            piece = "x" * rng.randrange(1_000, 20_000)  # one enormous "word"
        elif choice == 1:
            piece = "".join(rng.choice(MARKS) for _ in range(rng.randrange(50, 500)))
        elif choice == 2:
            piece = "\x00\x07\x1b\u200b\u202e" * rng.randrange(10, 100)
        elif choice == 3:
            piece = "قال المتحدث «لن نتراجع» ״שלום״ " * rng.randrange(5, 30)
        elif choice == 4:
            piece = "“We will not go back,” said Ana Ruiz, a driver. " * rng.randrange(1, 5)
        else:
            piece = rng.choice(["\r\n", "\n\n", "\r", "\n \n", "\u2029"])
        pieces.append(piece)
        total += len(piece)
    return "".join(pieces)[:size]


def test_five_megabyte_adversarial_article() -> None:
    text = adversarial_article(5_000_000)
    assert len(text) > 40 * MAX_SEGMENT_CHARS
    article = ontherecord.extract(text)
    assert article.text == text
    assert article.quotes, "the real attributions scattered in the text were not found"
    ids = [q.id for q in article.quotes]
    assert len(ids) == len(set(ids))
    speaker_ids = {s.id for s in article.speakers}
    for quote in article.quotes:
        assert text[quote.start : quote.end] == quote.text
        for start, end in quote.pieces:
            assert quote.start <= start <= end <= quote.end
        if quote.cue is not None:
            assert text[quote.cue.start : quote.cue.end] == quote.cue.text
        if quote.speaker is not None:
            assert quote.speaker.id in speaker_ids
            if quote.speaker.mention is not None:
                m = quote.speaker.mention
                assert text[m.start : m.end] == m.text
