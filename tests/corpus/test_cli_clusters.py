"""``ingest`` (the real engine) then ``quotes --clusters``, ``trace`` and ``stats --include-copies`` /
``--copies``, on invented stories that three outlets run with small changes."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from ontherecord.cli import cli

STORY = (
    "Harbour to reopen\n\n"
    '"We will reopen the northern berth on Monday, and the ferries will run to the old timetable," '
    "said Maria Lopez, the port director, on Tuesday.\n\n"
    "The harbour board met for six hours before the announcement. Dock workers walked out three weeks ago over "
    "night shifts, and the ferry company said it had lost a fifth of its summer bookings.\n\n"
    "Shopkeepers along the quay reported the quietest August in a decade. The union will put the offer to its "
    "members at a meeting in the town hall on Thursday evening."
)
OTHER = (
    "Library budget delayed\n\n"
    '"The budget for the new library will be published before the end of the month," said Daniel Okafor, '
    "the council treasurer. Residents have waited two years for the plans, and the old building closed in May."
)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_stories(path) -> None:
    records = [
        {"id": "herald-1", "outlet": "Herald", "published": "2025-03-01", "url": "https://herald.example/1",
         "title": "Harbour to reopen", "text": STORY},
        {"id": "wire-1", "outlet": "Gazette", "published": "2025-03-02", "url": "https://gazette.example/1",
         "title": "Harbour to reopen", "text": STORY.replace("Harbour to reopen\n\n",
                                                             "Harbour to reopen\n\nPORTSMOUTH (Reuters) - ")},
        {"id": "courier-1", "outlet": "Courier", "published": "2025-03-03", "url": "https://courier.example/1",
         "title": "Berth reopens", "text": STORY.replace("old timetable", "new timetable")},
        {"id": "library-1", "outlet": "Courier", "published": "2025-03-04", "url": "https://courier.example/2",
         "title": "Library budget delayed", "text": OTHER},
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def test_clusters_trace_and_copies_from_the_command_line(tmp_path):
    source, db = tmp_path / "stories.jsonl", str(tmp_path / "corpus.db")
    write_stories(source)
    assert invoke("ingest", str(source), "--db", db).exit_code == 0

    clusters = [json.loads(line) for line in invoke("quotes", "--clusters", "--db", db, "--format", "jsonl").output
                .splitlines()]
    port = next(row for row in clusters if "northern berth" in row["text"])
    assert (port["article_count"], port["first_outlet"], port["variant_count"]) == (3, "Herald", 1)
    assert not any("library" in row["text"] for row in clusters)

    traced = invoke("trace", "reopen the northern berth on Monday", "--db", db, "--format", "csv")
    assert traced.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(traced.output)))
    assert [row["outlet"] for row in rows] == ["Herald", "Gazette", "Courier"]
    assert "[-old-] {+new+}" in rows[2]["changes"] and rows[2]["relation"] == "variant"
    assert invoke("trace", "words nobody ever said in any story", "--db", db).exit_code == 1

    copies = [json.loads(line) for line in invoke("stats", "--copies", "--db", db, "--format", "jsonl").output
              .splitlines()]
    assert {(row["outlet"], row["original_outlet"], row["wire_service"]) for row in copies} >= {
        ("Gazette", "Herald", "Reuters")}
    counted = {row["outlet"]: row["articles"] for row in map(json.loads, invoke(
        "stats", "--db", db, "--format", "jsonl").output.splitlines())}
    everything = {row["outlet"]: row["articles"] for row in map(json.loads, invoke(
        "stats", "--include-copies", "--db", db, "--format", "jsonl").output.splitlines())}
    assert everything == {"Herald": 1, "Gazette": 1, "Courier": 2}
    assert counted["Herald"] == 1 and "Gazette" not in counted

    table = invoke("quotes", "--clusters", "--db", db, "--format", "table")
    assert "Herald" in table.output and "northern" in table.output
