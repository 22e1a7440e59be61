"""``ontherecord load``: the job's Parquet output into SQLite and PostgreSQL, idempotently."""

from __future__ import annotations

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store, article_identity
from ontherecord.spark.load import load_output

TABLES = ("articles", "quotes", "speakers", "mentions", "errors")


def stored_quotes(store: Store) -> list[tuple]:
    rows = store.db.rows(
        "SELECT a.record_id, q.local_id, q.type, q.start_char, q.end_char, q.text, q.speaker_name "
        "FROM quotes q JOIN articles a ON a.id = q.article_id"
    )
    return sorted(tuple(row.values()) for row in rows)


def test_load_twice_adds_nothing(bbc_output, bbc_articles, store_location):
    distinct = {article_identity(a.url, a.text): a for a in bbc_articles}
    want = sorted((a.id, q.id, q.type, q.start, q.end, q.text, q.speaker.name if q.speaker else None)
                  for a in distinct.values() for q in a.quotes)
    with Store.open(store_location) as store:
        first = load_output(str(bbc_output), store)
        counts = {table: store.count(table) for table in TABLES}
        assert (first.added, first.errors) == (len(distinct), 0)
        assert counts["articles"] == len(distinct)
        assert stored_quotes(store) == want

        second = load_output(str(bbc_output), store)
        assert (second.added, second.updated, second.unchanged) == (0, 0, len(bbc_articles))
        assert {table: store.count(table) for table in TABLES} == counts


def test_load_records_error_rows_once(warc_output, sqlite_location):
    with Store.open(sqlite_location) as store:
        first = load_output(str(warc_output), store)
        assert (first.added, first.errors_added) == (4, 3)
        errors = store.count("errors")
        second = load_output(str(warc_output), store)
        assert (second.added, second.errors_added, second.errors_known) == (0, 0, 3)
        assert store.count("errors") == errors == 3
        kinds = sorted(row["kind"] for row in store.db.rows("SELECT kind FROM errors"))
        assert kinds == ["error", "error", "skipped"]


def test_load_command_exit_codes(bbc_output, tmp_path):
    db = str(tmp_path / "corpus.db")
    loaded = CliRunner().invoke(cli, ["load", str(bbc_output), "--db", db])
    assert loaded.exit_code == 0, loaded.output
    assert "added" in loaded.output
    not_output = CliRunner().invoke(cli, ["load", str(tmp_path), "--db", db])
    assert not_output.exit_code == 2
    assert "not the output of 'ontherecord spark'" in not_output.output
