"""How search folds text: lower case, the accents of :file:`data/search_folding.tsv` removed, words
as runs of letters and digits. The query parser (:mod:`.queries.search`) folds the user's words
with it, and PostgreSQL's search index folds the stored text with the same table in SQL
(:func:`postgres_fold_sql`); SQLite's FTS5 tokenizer (unicode61, remove_diacritics 2) folds alike.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def folding_table() -> dict[str, str]:
    text = resources.files("ontherecord").joinpath("data/search_folding.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {letter: base for letter, base in pairs}


def fold(text: str) -> str:
    table = folding_table()
    return "".join(table.get(char, char) for char in text.lower())


def search_words(text: str) -> list[str]:
    """The folded words of ``text`` ("Café-Crème 3.5" → cafe, creme, 3, 5)."""
    return WORD.findall(fold(text))


def postgres_fold_sql(column: str) -> str:
    """SQL folding ``column`` like :func:`search_words`, words joined by spaces (immutable, so it can
    feed a generated column). ``translate`` reads the whole table for every character, so it runs
    only on text that holds one of its letters."""
    table = folding_table()
    letters, bases = "".join(table), "".join(table.values())
    lowered = f"lower(coalesce({column}, ''))"
    return (f"regexp_replace(CASE WHEN {lowered} ~ '[{letters}]' THEN translate({lowered}, '{letters}', '{bases}') "
            f"ELSE {lowered} END, '[^[:alnum:]]+', ' ', 'g')")
