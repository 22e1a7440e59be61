"""``process_partition`` without Spark: every kind of item becomes plain rows, nothing raises."""

from __future__ import annotations

import pickle

from ontherecord.corpus.items import Skipped
from ontherecord.model import ItemError
from ontherecord.spark.partition import process_partition
from ontherecord.spark.rows import month_of

STORY = ('"We will reopen the berth on Monday," said Maria Lopez, the port director.\n\n'
         "The union said its members would vote on the offer.")
GERMAN = ("Die Regierung hat am Montag beschlossen, dass die neuen Regeln für alle Unternehmen gelten sollen. "
          "Der Minister sagte, man werde die Lage genau beobachten und gegebenenfalls nachsteuern. "
          "Kritiker warnen vor hohen Kosten für kleine Betriebe und fordern Ausnahmen für Handwerker.")
PAGE = f"<!DOCTYPE html><html lang='en'><body><article><h1>Berth</h1><p>{STORY}</p></article></body></html>"


def test_every_item_becomes_rows():
    items = [
        {"id": "story", "text": STORY, "outlet": "Harbour Herald", "published": "Mon, 03 Mar 2025 10:00:00 GMT"},
        ItemError("feed.jsonl:2", "invalid JSON"),
        Skipped("https://example.com/a.pdf", "content type application/pdf is not HTML"),
        {"id": "german", "text": GERMAN},
        {"id": "no-text", "text": None},
        {"id": "odd-language", "text": STORY, "language": 5},
        {"id": "page", "html": PAGE, "url": "https://herald.example.com/berth", "outlet": "Harbour Herald"},
    ]
    rows = list(process_partition(items))
    pickle.dumps(rows)  # plain data, fit to travel between Spark workers
    by_table: dict[str, list[dict]] = {}
    for table, row in rows:
        by_table.setdefault(table, []).append(row)

    articles = {row["article_id"]: row for row in by_table["articles"]}
    assert set(articles) == {"story", "page"}
    assert (articles["story"]["outlet"], articles["story"]["month"]) == ("Harbour Herald", "2025-03")
    assert (articles["page"]["url"], articles["page"]["month"]) == ("https://herald.example.com/berth", "unknown")
    speakers = {(row["article_id"], row["name"]) for row in by_table["speakers"]}
    assert ("story", "Maria Lopez") in speakers
    quote = next(row for row in by_table["quotes"] if row["article_id"] == "story" and row["type"] == "direct")
    assert STORY[quote["start"]:quote["end"]] == quote["text"] and quote["speaker_name"] == "Maria Lopez"
    errors = {(row["source"], row["kind"]) for row in by_table["errors"]}
    assert errors == {("feed.jsonl:2", "error"), ("https://example.com/a.pdf", "skipped"),
                      ("german", "skipped"), ("no-text", "error"), ("odd-language", "error")}


def test_an_article_that_breaks_the_engine_costs_only_itself():
    # A non-string author makes the byline check raise outside the engine's per-article guard.
    items = [{"id": f"story-{n}", "text": STORY} for n in range(3)]
    items[1]["author"] = 1234
    rows = list(process_partition(items, batch_size=16))
    assert sorted(row["article_id"] for table, row in rows if table == "articles") == ["story-0", "story-2"]
    errors = [row for table, row in rows if table == "errors"]
    assert [row["source"] for row in errors] == ["story-1"]
    assert "AttributeError" in errors[0]["message"]


def test_month_of_dates():
    assert month_of("2025-09-01") == "2025-09"
    assert month_of("2025-09-01T10:00:00+02:00") == "2025-09"
    assert month_of("Tue, 18 Nov 2019 08:00:00 GMT") == "2019-11"
    assert month_of("last Tuesday") == month_of(None) == month_of("") == "unknown"
