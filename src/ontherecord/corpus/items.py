"""What an input source turns into: article records, item errors, or items skipped with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import ItemError

Record = dict[str, Any]


@dataclass
class Skipped:
    """An item deliberately not ingested (not HTML, not English...), recorded with the reason."""

    source: str
    reason: str


SourceItem = Record | ItemError | Skipped
