"""Untrusted text made safe to show: on a terminal, and in one-line error messages.

The data itself is never changed (records, JSON and CSV keep every character); these are
for what a person reads. :func:`for_terminal` drops what a terminal would act on instead of
showing — escape sequences (clear the screen, set the window title, hyperlinks) and C0/C1
control characters; :func:`short_text` turns an error message or source name into one short,
printable line (control characters escaped, at most ``limit`` characters).
"""

from __future__ import annotations

import re

MESSAGE_CHARS = 300

# ESC [ ... final (CSI), ESC ] ... BEL or ESC \ (OSC), ESC P/X/^/_ ... ESC \ (DCS, SOS, PM, APC),
# and the two-character ESC sequences; then the same introducers as single C1 characters. A string
# sequence without its terminator loses only its ESC: the rest is shown, as text.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]{0,512}\x1b\\"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x1b\x9c]{0,512}(?:\x07|\x9c|\x1b\\)"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def for_terminal(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (tabs and line breaks
    stay; a carriage return becomes a line break, so it cannot overwrite what was printed)."""
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def short_text(text: str, limit: int = MESSAGE_CHARS) -> str:
    """One printable line of at most ``limit`` characters: control characters and line breaks
    written as escapes (``\\x1b``, ``\\n``), the rest cut with an ellipsis."""
    escaped = _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"
