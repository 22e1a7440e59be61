"""Person names: how two mentions of a name compare (accents folded, particles, given names)."""

from __future__ import annotations

from dataclasses import dataclass

from ...names import fold as normalise

NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "del", "della", "di", "la", "le", "bin", "al", "jr", "sr", "ii", "iii"})


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
