"""``load`` writes new articles in batches (corpus/bulk, spark/store_rows): the stored rows equal
those of saving each article on its own, on SQLite and PostgreSQL (``COPY``), and an article
stored before, a duplicate or a refused one still takes the one-article path."""

from __future__ import annotations

from pathlib import Path

from corpus.conftest import build_article

from ontherecord.audit import audited
from ontherecord.corpus import Store, article_identity
from ontherecord.model import EntityMention, Speaker
from ontherecord.spark import load
from ontherecord.spark.load import load_output
from ontherecord.spark.rows import article_rows


def write_output(articles, directory: Path) -> None:
    """The job's Parquet tables for these articles, written with pyarrow (no Spark needed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables: dict[str, list] = {"articles": [], "quotes": [], "speakers": []}
    for article in articles:
        for table, row in article_rows(article, source=article.url, language="en", model="test"):
            tables[table].append(row)
    for table, rows in tables.items():
        pq.write_to_dataset(pa.Table.from_pylist(rows), str(directory / table), partition_cols=["outlet", "month"])
    (directory / "errors").mkdir()


def stored_rows(store: Store) -> dict[str, list]:
    """Every row the save path writes, with row ids replaced by article identity and local ids."""
    queries = {
        "articles": "SELECT identity, url, record_id, source, title, outlet, author, published, language, text, "
                    "text_hash, model, quote_count, speaker_count, audit FROM articles",
        "speakers": "SELECT a.identity, s.local_id, s.name, s.kind, s.title, s.role, s.organization, s.quote_count, "
                    "s.non_answers, s.gender, s.gender_value, s.entity FROM speakers s JOIN articles a ON a.id = s.article_id",
        "mentions": "SELECT a.identity, s.local_id, m.text, m.start_char, m.end_char FROM mentions m "
                    "JOIN speakers s ON s.id = m.speaker_id JOIN articles a ON a.id = m.article_id",
        "quotes": "SELECT a.identity, q.local_id, q.type, q.text, q.content, q.start_char, q.end_char, q.pieces, q.cue, "
                  "q.cue_start, q.cue_end, s.local_id AS speaker, q.speaker_name, q.speaker_kind, q.speaker_mention, "
                  "q.channel, q.figures, q.confidence FROM quotes q JOIN articles a ON a.id = q.article_id "
                  "LEFT JOIN speakers s ON s.id = q.speaker_id",
        "speaker_keys": "SELECT a.identity, s.local_id, k.name_key FROM speaker_keys k JOIN speakers s "
                        "ON s.id = k.speaker_id JOIN articles a ON a.id = s.article_id",
        "entity_pending": "SELECT name_key FROM entity_pending",
        "summary_counts": "SELECT subject, scope, item, label, quotes, articles, speakers FROM summary_counts",
    }
    return {table: sorted(tuple(row.values()) for row in store.db.rows(sql)) for table, sql in queries.items()}


def invented_articles() -> list:
    articles = []
    for number in range(12):
        article = build_article(f" Story {number}.", url=f"https://news{number}.example.org/a",
                                outlet=f"Outlet {number % 3}", published=f"2025-0{number % 9 + 1}-02",
                                speaker_name=("Sean Parnell", "María López", "Okafor")[number % 3])
        article = audited(article)  # a gender and an audit on the record, as the engine gives
        named = article.speakers[0]  # an entity mention in a JSON column, with non-ASCII text in some
        start = article.text.index(named.name)
        named.entity_mentions = [EntityMention(named.name, start, start + len(named.name), "name")]
        article.speakers.append(Speaker("s9", "Lloyd Austin", "person"))
        articles.append(article)
    articles.append(build_article(" No outlet.", url="https://plain.example.org/a", outlet=None))
    return articles


def test_batched_load_stores_what_saving_one_by_one_stores(store_location, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "BATCH_ARTICLES", 5)  # several batches
    articles = invented_articles()
    write_output(articles, tmp_path / "out")
    with Store.open(store_location) as batched, Store.open(tmp_path / "one_by_one.db") as one_by_one:
        summary = load_output(str(tmp_path / "out"), batched, link_entities=False)
        assert (summary.added, summary.errors, summary.quotes) == (len(articles), 0, 3 * len(articles))
        for article in articles:
            one_by_one.save_article(article, identity=article_identity(article.url, article.text),
                                    source=article.url, language="en", model="test")
        assert stored_rows(batched) == stored_rows(one_by_one)
        assert batched.count("entity_pending") == 4 and batched.count("speaker_keys") == 2 * len(articles) - 1


def test_stored_duplicate_and_refused_articles_take_the_one_article_path(sqlite_location, tmp_path):
    articles = invented_articles()[:4]
    changed = build_article(" Story 0, corrected.", url=articles[0].url, outlet=articles[0].outlet,
                            published="2025-01-02")
    refused = build_article(" Bad \x00 byte.", url="https://nul.example.org/a", outlet="Outlet 0")
    write_output([*articles, articles[1], refused], tmp_path / "first")
    write_output([changed, *articles[1:]], tmp_path / "second")
    with Store.open(sqlite_location) as store:
        first = load_output(str(tmp_path / "first"), store)
        assert (first.added, first.unchanged, first.errors) == (4, 1, 1)
        assert "NUL" in first.problems[0][2]
        second = load_output(str(tmp_path / "second"), store)
        assert (second.added, second.updated, second.unchanged) == (0, 1, 3)
        assert store.count("articles") == 4 and store.count("entity_pending") == 0
        assert store.count("entities") > 0
