"""Ingest: counts, idempotent re-ingest, updates, errors, skipped items, the CLI, and SIGKILL + resume."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.ingest import ingest

from .conftest import GERMAN_TEXT, article_text, ingest_killed_when, wait_until_stalled, write_jsonl


def test_ingest_stores_every_article_and_reingest_changes_nothing(tmp_path, store_location):
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, 4)
    with Store.open(store_location) as store:
        first = ingest([str(source)], store)
        assert (first.added, first.updated, first.unchanged, first.errors) == (4, 0, 0, 0)
        counts = {table: store.count(table) for table in ("articles", "quotes", "speakers", "mentions")}
        assert counts["quotes"] > 0, "the engine found no quote in the generated articles"

        again = ingest([str(source)], store)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
        assert {table: store.count(table) for table in counts} == counts
        assert store.db.scalar("SELECT COUNT(DISTINCT identity) AS n FROM articles") == 4
        runs = store.db.rows("SELECT status, articles_added, articles_unchanged FROM runs ORDER BY id")
        assert runs == [
            {"status": "finished", "articles_added": 4, "articles_unchanged": 0},
            {"status": "finished", "articles_added": 0, "articles_unchanged": 4},
        ]


def test_changed_text_under_the_same_url_updates_the_article(tmp_path, sqlite_location):
    source = tmp_path / "articles.jsonl"
    records = write_jsonl(source, 2)
    with Store.open(sqlite_location) as store:
        ingest([str(source)], store)
        records[1]["text"] += ' "It is over," said Maria Lopez.'
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        summary = ingest([str(source)], store)
        assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 1)
        assert store.count("articles") == 2
        stored = store.db.scalar("SELECT text FROM articles WHERE url = ?", (records[1]["url"],))
        assert stored.endswith("said Maria Lopez.")


def test_articles_without_url_are_identified_by_their_text(tmp_path, sqlite_location):
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, 2, with_urls=False)
    copy = tmp_path / "copy.jsonl"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with Store.open(sqlite_location) as store:
        summary = ingest([str(source), str(copy)], store)
        assert (summary.added, summary.unchanged) == (2, 2)
        identities = [row["identity"] for row in store.db.rows("SELECT identity FROM articles")]
        assert all(identity.startswith("sha256:") for identity in identities)


def test_bad_items_are_recorded_and_the_run_goes_on(tmp_path, sqlite_location):
    good = tmp_path / "good.txt"
    good.write_text(article_text(7), encoding="utf-8")
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(
        json.dumps({"id": "ok", "text": article_text(8)}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "empty", "text": "   "}) + "\n"
        + json.dumps({"id": "german", "text": GERMAN_TEXT}) + "\n",
        encoding="utf-8",
    )
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    with Store.open(sqlite_location) as store:
        summary = ingest([str(tmp_path / "missing.txt"), str(mixed), str(binary), str(good)], store)
        assert (summary.added, summary.errors, summary.skipped) == (2, 4, 1)
        problems = {(kind, Path(source.split(":")[0]).name) for kind, source, _ in summary.problems}
        assert problems == {("error", "missing.txt"), ("error", "mixed.jsonl"), ("error", "image.txt"),
                            ("skipped", "mixed.jsonl")}
        rows = store.db.rows("SELECT kind, message FROM errors ORDER BY id")
        assert len(rows) == 5
        assert any(r["kind"] == "skipped" and "not English" in r["message"] for r in rows)
        assert store.db.scalar("SELECT errors FROM runs") == 4


def test_parallel_ingest_stores_the_same_as_serial(tmp_path):
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, 6)
    results = []
    for processes in (1, 2):
        with Store.open(tmp_path / f"p{processes}.db") as store:
            summary = ingest([str(source)], store, processes=processes)
            assert summary.added == 6
            results.append(store.db.rows(
                "SELECT a.identity, q.local_id, q.content, q.speaker_name FROM quotes q "
                "JOIN articles a ON a.id = q.article_id ORDER BY a.identity, q.local_id"))
    assert results[0] == results[1]


def test_cli_ingest_reports_the_summary_and_exits_1_on_item_errors(tmp_path):
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, 3)
    db = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(source), str(tmp_path / "nope.jsonl"), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "3 added" in result.stderr
    assert "nope.jsonl: no such file" in result.stderr

    result = runner.invoke(cli, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 added" in result.stderr and "3 unchanged" in result.stderr


def test_cli_ingest_refuses_a_bad_database_url(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", "mysql://x/y"])
    assert result.exit_code == 2
    assert "unsupported database URL" in result.stderr


def test_sigkill_mid_run_then_rerun_loses_nothing_and_duplicates_nothing(tmp_path, local_site):
    """Kill -9 an ingest while it is stuck on a slow page, run again: every article exactly once."""
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, 30)
    stall = local_site.add("/stall", "<html><body>never sent in time</body></html>", delay=120)
    db = tmp_path / "killed.db"
    # The slow URL follows the file: the feeder blocks on it with articles already stored
    # and more waiting in the engine's batch, so the kill lands mid-run.
    stored_before_kill, _ = ingest_killed_when(
        ["--db", str(db), "--no-link", str(source), stall, "--timeout", "300"], tmp_path,
        lambda process: _wait_for_articles(db, process))
    assert 0 < stored_before_kill < 30

    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    killed_count = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    connection.close()

    # Run again (in-process: the model is already loaded here, which keeps the test fast).
    rerun = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(source)])
    assert rerun.exit_code == 0, rerun.output
    assert f"{30 - killed_count} added" in rerun.stderr
    assert f"{killed_count} unchanged" in rerun.stderr

    connection = sqlite3.connect(db)
    assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT identity) FROM articles").fetchone() == (30, 30)
    identities = {row[0] for row in connection.execute("SELECT identity FROM articles")}
    assert identities == {f"https://herald.example.com/story/{n}" for n in range(30)}
    orphans = connection.execute(
        "SELECT COUNT(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
    assert orphans == 0
    per_article = connection.execute(
        "SELECT MIN(n), MAX(n) FROM (SELECT a.id, COUNT(q.id) AS n FROM articles a "
        "LEFT JOIN quotes q ON q.article_id = a.id GROUP BY a.id)").fetchone()
    assert per_article[0] == per_article[1], "every generated article has the same shape of quotes"
    statuses = [row[0] for row in connection.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["interrupted", "finished"]  # the killed run never finished; the next one marked it
    connection.close()


def _wait_for_articles(db: Path, process: subprocess.Popen) -> int:
    """Poll the store until the running ingest has committed some articles and is stuck."""
    return wait_until_stalled(process, lambda: _count_articles(db), settle=1.0, poll=0.1, what="stored")


def _count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        connection = sqlite3.connect(db, timeout=5)
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def test_the_summary_never_shows_a_database_password():
    from ontherecord.commands.ingest import _without_password

    assert _without_password("postgresql://me:s3cret@db.example.com/news") == "postgresql://me:***@db.example.com/news"
    assert _without_password("postgresql://me@localhost/news") == "postgresql://me@localhost/news"
