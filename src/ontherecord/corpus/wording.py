"""Word-level differences between two wordings of one statement (difflib over the words).

Words are compared as :func:`.shingles.words` folds them, so a change of case or punctuation is
no difference; the pieces keep the words as written.
"""

from __future__ import annotations

import difflib
from typing import Any

from .shingles import normalized

DiffPiece = dict[str, Any]  # {"op": equal | insert | delete | replace, "old": str, "new": str}


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """The pieces that turn ``old`` into ``new``, in order."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=[normalized(w) for w in old_words], b=[normalized(w) for w in new_words],
                                      autojunk=False)
    return [
        {"op": op, "old": " ".join(old_words[i1:i2]), "new": " ".join(new_words[j1:j2])}
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def changed_words(pieces: list[DiffPiece]) -> int:
    """How many words the pieces add, drop or change."""
    return sum(max(len(p["old"].split()), len(p["new"].split())) for p in pieces if p["op"] != "equal")


def diff_text(pieces: list[DiffPiece]) -> str:
    """The pieces as one line: ``[-dropped-]`` and ``{+added+}`` around the changes."""
    out = []
    for piece in pieces:
        if piece["op"] == "equal":
            out.append(piece["new"])  # the later wording as written, its changes marked
            continue
        if piece["old"]:
            out.append(f"[-{piece['old']}-]")
        if piece["new"]:
            out.append(f"{{+{piece['new']}+}}")
    return " ".join(out)
