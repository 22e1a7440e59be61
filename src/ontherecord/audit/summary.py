"""The sourcing counts desks run, per article or per outlet, author, section or month.

A source is a speaker with quotes. Its kind gives the named (person, organization), anonymous and
document shares; the person sources (kinds person and anonymous: an unnamed person is still a
person) are counted as women, men or unknown, and ``women_share`` is the Gender Gap Tracker's
measure, women among the people quoted whose gender is known, with the unknown share beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import SPEAKER_KINDS, Article
from .anonymity import RULES
from .gender import PERSON_KINDS

GROUPINGS = ("article", "outlet", "author", "section", "month")
NAMED_KINDS = ("person", "organization")
SOURCE_COLUMNS = tuple(f"{kind}_sources" for kind in SPEAKER_KINDS)
FLAG_COLUMNS = tuple(f"flag_{rule}" for rule in RULES)
COLUMNS = ("by", "key", "articles", "quotes", "sources", *SOURCE_COLUMNS, "named_share", "anonymous_share",
           "document_share", "women", "men", "gender_unknown", "women_share", "gender_unknown_share", "flags",
           *FLAG_COLUMNS)
TABLE_COLUMNS = ("key", "articles", "sources", "named_share", "anonymous_share",
                 "women", "men", "gender_unknown", "women_share", "flags")
SHARE_DIGITS = 3


def article_counts(article: Article) -> Counter[str]:
    """The counts of one article, to add up over a group."""
    counts: Counter[str] = Counter(articles=1, quotes=len(article.quotes))
    for speaker in article.speakers:
        if not speaker.quotes:
            continue
        counts["sources"] += 1
        counts[f"{speaker.kind}_sources"] += 1
        if speaker.kind in PERSON_KINDS:
            value = speaker.gender.value if speaker.gender is not None else "unknown"
            counts[{"female": "women", "male": "men"}.get(value, "gender_unknown")] += 1
    for flag in article.audit.flags if article.audit else []:
        counts["flags"] += 1
        counts[f"flag_{flag.rule}"] += 1
    return counts


def group_key(article: Article, by: str, section: str | None = None) -> str | None:
    if by == "article":
        return article.id
    if by == "section":
        return section
    if by == "month":
        return article.published[:7] if article.published else None
    return getattr(article, by)


def summary_row(by: str, key: str | None, counts: Counter[str]) -> dict[str, Any]:
    """One row of :data:`COLUMNS`: the counts and the shares they give."""
    row: dict[str, Any] = {"by": by, "key": key}
    for column in COLUMNS[2:]:
        row[column] = counts[column]
    sources, people = counts["sources"], counts["women"] + counts["men"]
    row["named_share"] = _share(sum(counts[f"{kind}_sources"] for kind in NAMED_KINDS), sources)
    row["anonymous_share"] = _share(counts["anonymous_sources"], sources)
    row["document_share"] = _share(counts["document_sources"], sources)
    row["women_share"] = _share(counts["women"], people)
    row["gender_unknown_share"] = _share(counts["gender_unknown"], people + counts["gender_unknown"])
    return row


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, SHARE_DIGITS) if whole else None


def summarize(articles: Iterable[tuple[Article, str | None]], by: str) -> Iterator[dict[str, Any]]:
    """Rows per ``by`` (one of :data:`GROUPINGS`) over (article, section) pairs: per article as they
    come, else per group once all are read, the largest groups first."""
    if by == "article":
        for article, section in articles:
            yield summary_row(by, group_key(article, by, section), article_counts(article))
        return
    groups: dict[str | None, Counter[str]] = {}
    for article, section in articles:
        groups.setdefault(group_key(article, by, section), Counter()).update(article_counts(article))
    for key, counts in sorted(groups.items(), key=lambda item: (-item[1]["articles"], item[0] or "")):
        yield summary_row(by, key, counts)
