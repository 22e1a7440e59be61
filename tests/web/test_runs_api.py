"""The explorer shows a run whose process is gone as interrupted: /api/runs, the dashboard data and page."""

from __future__ import annotations

import subprocess
import sys

import httpx

from ontherecord.corpus import Store

from .conftest import live_server


def test_a_run_left_running_by_a_dead_process_is_interrupted(tmp_path):
    location = str(tmp_path / "runs.db")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    with Store.open(location) as store:
        killed = store.start_run(["a.jsonl"])
        store.db.execute("UPDATE runs SET pid = ? WHERE id = ?", (int(gone.stdout), killed))
        live = store.start_run(["b.jsonl"])
    with live_server(location) as url, httpx.Client(base_url=url) as http:
        runs = {run["id"]: run["status"] for run in http.get("/api/runs").json()}
        assert runs == {killed: "interrupted", live: "running"}
        recent = http.get("/api/stats").json()["recent_runs"]
        assert [(run["id"], run["status"]) for run in recent] == [(live, "running"), (killed, "interrupted")]
        csv = http.get("/api/runs", params={"format": "csv"}).text
        assert "interrupted" in csv.splitlines()[2]
        page = http.get("/").text
        assert 'class="run-interrupted"' in page and 'class="run-running"' in page
