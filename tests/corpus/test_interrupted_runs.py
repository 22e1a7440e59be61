"""A SIGKILLed ingest (issue 18, item 14): its run shows as interrupted, and no entity link is lost.

A real ``ontherecord ingest --force`` subprocess re-ingests a linked corpus and is killed with
SIGKILL while it waits on a slow page, after re-saving some articles. Each re-saved article kept
its speakers' links in its own transaction, so the links are all there without another ingest;
the run's row names its host and pid and reads ``interrupted`` (the process is gone), in the
Python API and ``stats --runs``, and the next run marks it so in the table.
"""

from __future__ import annotations

import json
import os
import subprocess

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.ingest import ingest
from ontherecord.corpus.run_status import THIS_HOST

from .conftest import ingest_killed_when, wait_until_stalled, write_jsonl

ARTICLES = 40


def count(location: str, sql: str) -> int:
    with Store.open(location) as store:
        return int(store.db.scalar(sql) or 0)


def test_a_sigkilled_force_ingest_keeps_every_link_and_reads_interrupted(tmp_path, store_location, local_site):
    source = tmp_path / "articles.jsonl"
    write_jsonl(source, ARTICLES)
    with Store.open(store_location) as store:
        first = ingest([str(source)], store)
    assert first.added == ARTICLES
    links_before = count(store_location, "SELECT COUNT(*) AS n FROM entity_links")
    assert links_before >= ARTICLES

    stall = local_site.add("/stall", "<html><body>never sent in time</body></html>", delay=300)
    resaved, killed_pid = ingest_killed_when(
        ["--db", store_location, "--force", str(source), stall, "--timeout", "300"], tmp_path,
        lambda process: wait_for_resaved_articles(store_location, process))
    assert 0 < resaved <= ARTICLES

    assert count(store_location, "SELECT COUNT(*) AS n FROM entity_links") == links_before
    unlinked = count(store_location, "SELECT COUNT(*) AS n FROM speakers s WHERE s.kind = 'person' "
                                     "AND s.id NOT IN (SELECT speaker_id FROM entity_links)")
    assert unlinked == 0

    with Corpus(store_location) as corpus:
        killed = corpus.runs()[0]
    assert killed["status"] == "interrupted", corpus_runs(store_location)
    assert (killed["host"], killed["pid"]) == (THIS_HOST, killed_pid)
    listed = CliRunner().invoke(cli, ["stats", "--runs", "--db", store_location, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout.splitlines()[0])["status"] == "interrupted"

    with Store.open(store_location) as store:  # the next run marks it in the table
        ingest([str(source)], store)
        statuses = [row["status"] for row in store.db.rows("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["finished", "interrupted", "finished"]


def test_a_running_run_of_a_live_process_stays_running(store):
    run_id = store.start_run(["somewhere"])
    with Corpus(store) as corpus:
        [run] = corpus.runs()
    assert (run["id"], run["status"], run["pid"]) == (run_id, "running", os.getpid())


def wait_for_resaved_articles(location: str, process: subprocess.Popen) -> int:
    """Poll until the killed-to-be run has re-saved some articles and then stalls."""
    sql = "SELECT COUNT(*) AS n FROM articles WHERE run_id = (SELECT MAX(id) FROM runs)"

    def resaved() -> int:
        return count(location, sql) if count(location, "SELECT COUNT(*) AS n FROM runs") > 1 else 0

    return wait_until_stalled(process, resaved, settle=1.5, poll=0.2, what="re-saved")


def corpus_runs(location: str) -> list[dict]:
    with Corpus(location) as corpus:
        return corpus.runs()
