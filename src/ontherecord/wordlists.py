"""The word lists of ``ontherecord/data/``: one reader for every stage."""

from __future__ import annotations

from importlib import resources


def data_lines(name: str) -> list[str]:
    """The lines of ``data/<name>`` without blank lines and ``#`` comments, stripped."""
    text = resources.files("ontherecord.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
