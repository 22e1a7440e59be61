"""Corpus counts kept, not recomputed: the numbers of the dashboard, ``stats`` and the speaker lists.

One table, ``summary_counts``, holds per (subject, scope, item) the quotes, articles and speakers
that count there. Subjects:

* ``outlet`` (item ``''``): articles, quotes and speakers;
* ``kind``: quotes by speaker kind (``none`` for quotes without a speaker); ``type``: by quote type;
* ``month``: quotes by publication month (``YYYY-MM``, dated articles only);
* ``person``: quotes of people, by the speaker's name in the article;
* ``organization``: quotes an organization accounts for (its own and those of people speaking for it);
* ``named:organization`` / ``named:document``: organizations and documents as speakers, by their
  lowercased name (``label``: the smallest spelling seen).

The scope is ``'='`` + the outlet, ``'-'`` for articles without one, and ``'*'`` for the whole corpus;
each article belongs to one outlet, so an article count is exact in every scope.

:func:`contributions_sql` is the one definition of these counts: over one article when the store
saves or removes it (:func:`add_article`, :func:`remove_article`, in the article's transaction),
over a batch when ``load`` writes one (:func:`add_articles`), over the whole store when the
migration builds the table, and in the tests' recount.
"""

from __future__ import annotations

from typing import Any

from .dialect import Database

COLUMNS = ("subject", "scope", "item", "label", "quotes", "articles", "speakers")
TABLE_SQL = """
CREATE TABLE summary_counts (
    subject TEXT NOT NULL,
    scope TEXT NOT NULL,              -- '=' + outlet | '-' (no outlet) | '*' (the whole corpus)
    item TEXT NOT NULL,
    label TEXT,
    quotes INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    speakers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (subject, scope, item)
);
CREATE INDEX summary_counts_rank ON summary_counts(subject, scope, quotes DESC, articles DESC);
"""
# The orders and filters of the explorer's lists, read from an index instead of sorting or scanning.
LIST_INDEXES_SQL = """
CREATE INDEX entities_rank ON entities(quote_count DESC, article_count DESC);
CREATE INDEX quotes_confidence ON quotes(confidence DESC, id DESC);
CREATE INDEX articles_outlet_folded ON articles(LOWER(outlet));
"""
OUTLET_SCOPE = "COALESCE('=' || a.outlet, '-')"
ALL_SCOPE = "'*'"
ORGANIZATION_NAME = "CASE WHEN s.kind = 'organization' THEN s.name ELSE s.organization END"
SPEAKS_FOR_AN_ORGANIZATION = "((s.kind = 'organization' AND s.name IS NOT NULL) OR s.organization IS NOT NULL)"
# An expression, not the column: an index on speaker_kind would be read instead of the article's quotes.
PERSON_QUOTE = "COALESCE(q.speaker_kind, '') = 'person' AND q.speaker_name IS NOT NULL"
QUOTES_OF_ARTICLES = "FROM quotes q JOIN articles a ON a.id = q.article_id"
SPEAKERS_OF_ARTICLES = "FROM speakers s JOIN articles a ON a.id = s.article_id"
# subject, item, label, quotes, articles, speakers, FROM, condition, grouped by (besides the scope)
SUBJECTS: tuple[tuple[str, ...], ...] = (
    ("'outlet'", "''", "MAX(a.outlet)", "SUM(a.quote_count)", "COUNT(*)", "SUM(a.speaker_count)",
     "FROM articles a", "", ""),
    ("'kind'", "COALESCE(q.speaker_kind, 'none')", "NULL", "COUNT(*)", "COUNT(DISTINCT a.id)", "0",
     QUOTES_OF_ARTICLES, "", "COALESCE(q.speaker_kind, 'none')"),
    ("'type'", "q.type", "NULL", "COUNT(*)", "COUNT(DISTINCT a.id)", "0", QUOTES_OF_ARTICLES, "", "q.type"),
    ("'month'", "SUBSTR(a.published, 1, 7)", "NULL", "COUNT(*)", "COUNT(DISTINCT a.id)", "0",
     QUOTES_OF_ARTICLES, "a.published IS NOT NULL", "SUBSTR(a.published, 1, 7)"),
    ("'person'", "q.speaker_name", "q.speaker_name", "COUNT(*)", "COUNT(DISTINCT a.id)", "0",
     QUOTES_OF_ARTICLES, PERSON_QUOTE, "q.speaker_name"),
    ("'organization'", ORGANIZATION_NAME, ORGANIZATION_NAME, "SUM(s.quote_count)", "COUNT(DISTINCT a.id)", "0",
     SPEAKERS_OF_ARTICLES, f"{SPEAKS_FOR_AN_ORGANIZATION} AND {ORGANIZATION_NAME} IS NOT NULL", ORGANIZATION_NAME),
    ("'named:' || s.kind", "LOWER(s.name)", "MIN(s.name)", "SUM(s.quote_count)", "COUNT(DISTINCT a.id)", "0",
     SPEAKERS_OF_ARTICLES, "s.kind IN ('organization', 'document') AND s.name IS NOT NULL",
     "s.kind, LOWER(s.name)"),
)


def contributions_sql(articles: int = 0) -> str:
    """A query of every summary row (:data:`COLUMNS`) that the store's articles contribute, or (with
    ``articles`` > 0) the rows in their outlets' scopes of that many articles, whose ids are each
    select's parameters. Every count is a sum over articles, so a set counts as its articles one by one."""
    some_articles = articles > 0
    ids = ", ".join("?" * articles)
    selects = []
    for subject, item, label, quotes, articles, speakers, source, condition, grouped in SUBJECTS:
        # on the child table's article_id: the planner then reads that article's rows by index
        article_condition = f"{source.split()[2]}.article_id IN ({ids})" if "JOIN" in source else f"a.id IN ({ids})"
        where = " AND ".join(part for part in (condition, article_condition if some_articles else "") if part)
        for scope in (OUTLET_SCOPE,) if some_articles else (OUTLET_SCOPE, ALL_SCOPE):
            shown = "NULL" if subject == "'outlet'" and scope == ALL_SCOPE else label  # the corpus has no name
            group = ", ".join(part for part in (grouped, scope if scope != ALL_SCOPE else "") if part)
            selects.append(
                f"SELECT {subject} AS subject, {scope} AS scope, {item} AS item, {shown} AS label, "
                f"{quotes} AS quotes, {articles} AS articles, {speakers} AS speakers {source}"
                + (f" WHERE {where}" if where else "") + (f" GROUP BY {group}" if group else "")
            )
    return f"SELECT * FROM ({' UNION ALL '.join(selects)}) counted WHERE counted.articles > 0"


BUILD_SQL = f"INSERT INTO summary_counts ({', '.join(COLUMNS)}) {contributions_sql()};"
MIGRATION_SQL = TABLE_SQL + LIST_INDEXES_SQL + BUILD_SQL
UPSERT_SQL = (
    f"INSERT INTO summary_counts ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (subject, scope, item) DO UPDATE SET quotes = summary_counts.quotes + excluded.quotes, "
    "articles = summary_counts.articles + excluded.articles, speakers = summary_counts.speakers + excluded.speakers, "
    "label = CASE WHEN excluded.label IS NOT NULL AND (summary_counts.label IS NULL "
    "OR excluded.label < summary_counts.label) THEN excluded.label ELSE summary_counts.label END"
)
EMPTY_SQL = "DELETE FROM summary_counts WHERE subject = ? AND scope = ? AND item = ? AND articles <= 0"


BATCH_ARTICLES = 100  # ids per query: parameters stay under every backend's limit


def article_rows(db: Database, article_ids: list[int]) -> list[dict[str, Any]]:
    """The articles' rows in their outlets' scopes and the same counts in the whole corpus's."""
    rows = db.rows(contributions_sql(len(article_ids)), article_ids * len(SUBJECTS))
    corpus = [{**row, "scope": "*", "label": None if row["subject"] == "outlet" else row["label"]} for row in rows]
    return rows + corpus


def add_article(db: Database, article_id: int) -> None:
    """Count the stored article (call after its quotes and speakers are written)."""
    add_articles(db, [article_id])


def add_articles(db: Database, article_ids: list[int]) -> None:
    """Count the stored articles, a batch per query (call after their quotes and speakers are written)."""
    for first in range(0, len(article_ids), BATCH_ARTICLES):
        rows = article_rows(db, article_ids[first : first + BATCH_ARTICLES])
        db.executemany(UPSERT_SQL, [tuple(row[column] for column in COLUMNS) for row in rows])


def remove_article(db: Database, article_id: int) -> None:
    """Uncount the stored article (call before its rows are rewritten or deleted)."""
    rows = article_rows(db, [article_id])
    db.executemany(UPSERT_SQL, [(row["subject"], row["scope"], row["item"], None, -(row["quotes"] or 0),
                                 -row["articles"], -(row["speakers"] or 0)) for row in rows])
    db.executemany(EMPTY_SQL, [(row["subject"], row["scope"], row["item"]) for row in rows])


def recount(db: Database) -> list[dict[str, Any]]:
    """The summary rows as a full recount of the store gives them (what the table must hold)."""
    return db.rows(contributions_sql())


def rebuild(db: Database) -> None:
    """Recount the whole table, after rows were changed by hand (SQL outside the store)."""
    with db.transaction():
        db.execute("DELETE FROM summary_counts")
        db.execute(BUILD_SQL.rstrip(";"))
