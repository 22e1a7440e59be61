"""The store on SQLite and PostgreSQL: schema, identity, atomic writes, re-ingest, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from ontherecord.corpus import Store, StoreError, article_identity, canonical_url, text_hash
from ontherecord.corpus.dialect import open_database
from ontherecord.corpus.migrations import migrate, schema_version
from ontherecord.corpus.schema import CURRENT_VERSION

from .conftest import build_article

TABLES = ("articles", "quotes", "speakers", "mentions", "entities", "entity_links", "entity_anchors", "entity_overrides",
          "errors", "runs", "schema_version")


def test_new_store_has_every_table_at_the_current_version(store):
    assert store.version == CURRENT_VERSION
    for table in TABLES:
        assert store.db.table_exists(table), table


def test_saved_article_reads_back_with_quotes_speakers_and_mentions(store):
    article = build_article(url="https://news.example.com/a?utm_source=x#top")
    assert store.save_article(article, source="a.jsonl:1", language="en") == "added"

    row = store.db.row("SELECT * FROM articles")
    assert row["identity"] == "https://news.example.com/a"
    assert row["text_hash"] == text_hash(article.text)
    assert (row["quote_count"], row["speaker_count"], row["language"]) == (3, 2, "en")
    quotes = store.db.rows(
        "SELECT q.local_id, q.content, q.speaker_name, q.speaker_kind, s.local_id AS speaker_local "
        "FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY q.local_id"
    )
    assert [(q["local_id"], q["speaker_local"], q["speaker_kind"]) for q in quotes] == [
        ("q1", "s1", "person"), ("q2", "s1", "person"), ("q3", "s2", "anonymous")]
    assert quotes[0]["content"] == "We are ready to act,"
    mentions = store.db.rows("SELECT text, start_char, end_char FROM mentions ORDER BY start_char")
    assert [m["text"] for m in mentions] == ["Sean Parnell", "Parnell", "one official"]
    for mention in mentions:
        assert article.text[mention["start_char"]:mention["end_char"]] == mention["text"]


def test_saving_the_same_identity_again_updates_and_never_duplicates(store):
    url = "https://news.example.com/story"
    store.save_article(build_article(url=url))
    changed = build_article(" Later the minister resigned.", url=url + "?utm_medium=email")
    assert store.save_article(changed) == "updated"
    assert store.save_article(changed) == "updated"

    assert store.count("articles") == 1
    assert store.count("quotes") == 3
    assert store.count("speakers") == 2
    assert store.count("mentions") == 3
    assert store.db.scalar("SELECT text FROM articles").endswith("resigned.")


def test_identity_is_the_text_hash_without_a_url(store):
    article = build_article()
    identity = article_identity(None, article.text)
    assert identity == "sha256:" + text_hash(article.text)
    store.save_article(article)
    assert store.is_unchanged(identity, article.text)
    assert not store.is_unchanged(identity, article.text + " ")
    store.save_article(build_article(" Different text."))
    assert store.count("articles") == 2


def test_canonical_url_drops_fragment_tracking_default_port_and_host_case():
    assert canonical_url("HTTPS://News.Example.com:443/a/b?id=3&utm_campaign=z&fbclid=q#frag") == (
        "https://news.example.com/a/b?id=3")
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"


def test_a_failing_article_write_leaves_nothing_behind(store):
    broken = build_article(url="https://news.example.com/broken")
    broken.quotes[2].type = None  # violates NOT NULL on the last insert of the transaction
    with pytest.raises(Exception):
        store.save_article(broken)
    for table in ("articles", "speakers", "mentions", "quotes"):
        assert store.count(table) == 0, table
    assert store.save_article(build_article(url="https://news.example.com/fine")) == "added"


def test_runs_and_errors_are_recorded(store):
    run_id = store.start_run(["a.jsonl", "https://example.com/feed"], model="m")
    store.record_error("a.jsonl:3", "invalid JSON", run_id=run_id)
    store.record_error("https://example.com/x.pdf", "not HTML", kind="skipped", run_id=run_id)
    store.finish_run(run_id, {"articles_added": 2, "errors": 1, "skipped": 1})
    run = store.db.row("SELECT * FROM runs WHERE id = ?", (run_id,))
    assert (run["status"], run["articles_added"], run["errors"], run["skipped"]) == ("finished", 2, 1, 1)
    assert [e["kind"] for e in store.db.rows("SELECT kind FROM errors ORDER BY id")] == ["error", "skipped"]


def test_a_version_1_store_opens_and_upgrades_keeping_its_data(store_location):
    old = open_database(store_location)
    assert migrate(old, target=1) == [1]
    assert schema_version(old) == 1
    assert not old.table_exists("entities")
    with old.transaction():
        old.execute(
            "INSERT INTO articles (identity, title, text, text_hash, first_ingested_at, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ("sha256:old", "Harbour strike ends", "Dockers voted to return.", "x", "2024", "2024"),
        )
    old.close()

    with Store.open(store_location) as upgraded:
        assert upgraded.version == CURRENT_VERSION
        assert upgraded.db.table_exists("entity_overrides")
        assert upgraded.count("articles") == 1
        if upgraded.dialect == "sqlite":  # the search index was built over the existing rows
            found = upgraded.db.rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ("dockers",))
        else:
            found = upgraded.db.rows(
                "SELECT id FROM articles WHERE search @@ plainto_tsquery('simple', ?)", ("dockers",))
        assert len(found) == 1


def test_a_store_from_a_newer_version_is_refused(sqlite_location):
    Store.open(sqlite_location).close()
    connection = sqlite3.connect(sqlite_location)
    connection.execute("INSERT INTO schema_version VALUES (?, 'future')", (CURRENT_VERSION + 1,))
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(sqlite_location)


def test_sqlite_store_uses_wal_so_readers_see_committed_data_during_a_write(sqlite_location):
    with Store.open(sqlite_location) as writer:
        assert writer.db.scalar("PRAGMA journal_mode") == "wal"
        writer.save_article(build_article(url="https://news.example.com/1"))
        reader = sqlite3.connect(sqlite_location, timeout=1)
        with writer.db.transaction():
            writer.save_article(build_article(url="https://news.example.com/2"))
            # the write transaction is open: a reader is not blocked and sees the committed row
            assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
        reader.close()


def test_unsupported_urls_are_a_clear_error():
    with pytest.raises(StoreError, match="unsupported"):
        Store.open("mysql://localhost/db")


def test_sqlite_search_tables_are_declared_the_way_datasette_detects_them(sqlite_location):
    with Store.open(sqlite_location) as store:
        for table in ("quotes", "articles"):
            # the query Datasette (0.65) runs to find a table's full-text index
            found = store.db.rows(
                "SELECT name FROM sqlite_master WHERE rootpage = 0 AND "
                "(sql LIKE ? OR sql LIKE ?)",
                (f'%VIRTUAL TABLE%USING FTS%content="{table}"%', f"%VIRTUAL TABLE%USING FTS%content=[{table}]%"),
            )
            assert [row["name"] for row in found] == [f"{table}_fts"]
