"""safetext: what terminal output drops, and error messages as one short printable line."""

from __future__ import annotations

import pytest

from ontherecord.safetext import for_terminal, short_text

CLEAR_SCREEN = "\x1b[2J\x1b[H"
SET_TITLE = "\x1b]0;owned\x07"
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\"
C1_CSI = "\x9b31m"


@pytest.mark.parametrize("sequence", [CLEAR_SCREEN, SET_TITLE, HYPERLINK, C1_CSI, "\x1bP1$r\x1b\\", "\x07\x08\x7f"])
def test_for_terminal_drops_each_kind_of_sequence_and_keeps_the_words(sequence):
    assert for_terminal(f"before{sequence}after") == "beforeafter"


def test_an_unterminated_sequence_loses_only_its_introducer():
    assert for_terminal("a\x1b]0;no terminator, the rest is text") == "a0;no terminator, the rest is text"


def test_short_text_is_one_printable_line():
    message = short_text("bad \x00\x1b[2J\nbytes " + "\ufffd" * 5000)
    assert message.isprintable() and len(message) == 300 and message.startswith("bad \\x00\\x1b[2J\\nbytes ")
