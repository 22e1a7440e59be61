"""Person names: how two mentions of a name compare (accents folded, particles, given names)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "del", "della", "di", "la", "le", "bin", "al", "jr", "sr", "ii", "iii"})


def normalise(text: str) -> str:
    """Lowercase, accents removed, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass
class PersonName:
    name: str
    title: str | None
    start: int
    end: int
    modifier: bool = False  # "Trump administration", "Trump’s order": not a pronoun antecedent
    subject: bool = False  # the subject of its clause: the likeliest antecedent of a later "he said"

    @property
    def parts(self) -> list[str]:
        return [p for p in self.name.replace("’s", "").replace("'s", "").split() if p]

    @property
    def surname(self) -> str:
        parts = [p for p in self.parts if normalise(p).strip(".") not in NAME_PARTICLES]
        return normalise(parts[-1]) if parts else normalise(self.name)

    @property
    def given(self) -> str | None:
        parts = self.parts
        return normalise(parts[0]).rstrip(".") if len(parts) > 1 else None



def given_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return a == b or a[0] == b[0] and (len(a) == 1 or len(b) == 1)
