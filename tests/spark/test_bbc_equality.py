"""Spark in local[2] on 100 BBC articles gives exactly what single-process ``extract`` gives."""

from __future__ import annotations

from ontherecord.model import Article
from ontherecord.spark.rows import article_from_rows

from .conftest import read_table


def test_quotes_and_speakers_equal_single_process(bbc_output, bbc_articles):
    articles = bbc_articles
    assert all(isinstance(article, Article) for article in articles)
    want_quotes = sorted(
        (a.id, q.id, q.type, q.start, q.end, q.text,
         q.speaker.name if q.speaker else None, q.speaker.kind if q.speaker else None)
        for a in articles for q in a.quotes
    )
    want_speakers = sorted(
        (a.id, s.id, s.name, s.kind, s.title, s.role, s.organization,
         tuple((m.text, m.start, m.end) for m in s.mentions), tuple(s.quotes))
        for a in articles for s in a.speakers
    )
    got_quotes = sorted(
        (r["article_id"], r["quote_id"], r["type"], r["start"], r["end"], r["text"],
         r["speaker_name"], r["speaker_kind"])
        for r in read_table(bbc_output, "quotes")
    )
    got_speakers = sorted(
        (r["article_id"], r["speaker_id"], r["name"], r["kind"], r["title"], r["role"], r["organization"],
         tuple((m["text"], m["start"], m["end"]) for m in r["mentions"]), tuple(r["quote_ids"]))
        for r in read_table(bbc_output, "speakers")
    )
    assert len(want_quotes) > 300  # the sample really is quoted
    assert got_quotes == want_quotes
    assert got_speakers == want_speakers
    assert read_table(bbc_output, "errors") == []


def test_rows_rebuild_the_same_articles(bbc_output, bbc_articles):
    articles = {a.id: a.to_dict() for a in bbc_articles}
    quotes, speakers = {}, {}
    for row in read_table(bbc_output, "quotes"):
        quotes.setdefault(row["article_id"], []).append(row)
    for row in read_table(bbc_output, "speakers"):
        speakers.setdefault(row["article_id"], []).append(row)
    rows = read_table(bbc_output, "articles")
    assert sorted(row["article_id"] for row in rows) == sorted(articles)
    for row in rows:
        rebuilt = article_from_rows(row, quotes.get(row["article_id"], []), speakers.get(row["article_id"], []))
        assert rebuilt.to_dict() == articles[row["article_id"]]
        assert (row["outlet"], row["month"]) == ("BBC News", "unknown")


def test_partition_directories_are_outlet_and_month(bbc_output):
    for table in ("articles", "quotes", "speakers"):
        assert [p.name for p in (bbc_output / table).iterdir() if p.is_dir()] == ["outlet=BBC News"]
        assert [p.name for p in (bbc_output / table / "outlet=BBC News").iterdir()] == ["month=unknown"]
