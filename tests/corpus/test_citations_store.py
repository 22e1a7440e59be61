"""Media citations through ``ingest`` (the real engine) into SQLite and PostgreSQL: the
``media_citations`` rows, the record rebuilt from them, ``Corpus.citation_links``, the corpus's own
outlets counting as outlets, and ``ontherecord citations``."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.ingest import ingest

STORIES = [
    {
        "id": "c-1",
        "outlet": "Coast Wire",
        "published": "2025-04-01",
        "url": "https://coast.example/1",
        "title": "Bridges to close",
        "text": "Bridges to close\n\nThe Daily Meridian reported that the city would close two bridges in June. "
        "The ferry contract was cancelled, according to a Harbor Post report published on Monday.",
    },
    {
        "id": "c-2",
        "outlet": "Coast Wire",
        "published": "2025-04-03",
        "url": "https://coast.example/2",
        "title": "Mine flooded",
        "text": "Mine flooded\n\nThe Daily Meridian reported that the mine had flooded twice this spring. "
        "The mayor told the Harbor Post that she would not resign.",
    },
    {
        "id": "v-1",
        "outlet": "Veranda",
        "published": "2025-04-02",
        "url": "https://veranda.example/1",
        "title": "Festival moves",
        "text": "Festival moves\n\nThe festival will move to the riverside next year, said Ana Ruiz, the organiser.",
    },
]
LATER = {
    "id": "c-3",
    "outlet": "Coast Wire",
    "published": "2025-04-05",
    "url": "https://coast.example/3",
    "title": "Festival",
    "text": "Festival\n\nAccording to Veranda, the festival will sell twice as many tickets.",
}


def write(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_ingested_citations_are_stored_counted_and_rebuilt(store_location, tmp_path):
    with Store.open(store_location) as store:
        ingest([write(tmp_path / "a.jsonl", STORIES)], store, link_entities=False)
        rows = store.db.rows("SELECT citing_outlet, cited, cue, evidence, quote_id FROM media_citations ORDER BY id")
        assert [(r["citing_outlet"], r["cited"], r["cue"]) for r in rows] == [
            ("Coast Wire", "Daily Meridian", "reported"),
            ("Coast Wire", "Harbor Post", "report"),
            ("Coast Wire", "Daily Meridian", "reported"),
        ]
        assert all(r["quote_id"] for r in rows)  # each is the source of a quote
        kinds = {
            r["speaker_kind"]
            for r in store.db.rows(
                "SELECT speaker_kind FROM quotes WHERE channel IS NULL AND speaker_name LIKE '%Meridian%'"
            )
        }
        assert kinds == {"media"}
        first = store.db.row("SELECT id FROM articles WHERE record_id = 'c-1'")["id"]
        article = store.load_article(first).article
        assert [(c.outlet, c.cue.text) for c in article.citations] == [
            ("Daily Meridian", "reported"),
            ("Harbor Post", "report"),
        ]
        for citation in article.citations:
            assert article.text[citation.start : citation.end] == citation.text

        corpus = Corpus(store)
        links = corpus.citation_links()
        assert [(r["citing_outlet"], r["cited"], r["citations"], r["articles"]) for r in links] == [
            ("Coast Wire", "Daily Meridian", 2, 2),
            ("Coast Wire", "Harbor Post", 1, 1),
        ]
        assert [r["cited"] for r in corpus.media_citations(cited="harbor post")] == ["Harbor Post"]

        # the corpus's own outlet "Veranda" is an outlet a later story can cite
        ingest([write(tmp_path / "b.jsonl", [LATER])], store, link_entities=False)
        assert ("Coast Wire", "Veranda", 1, 1) in [
            (r["citing_outlet"], r["cited"], r["citations"], r["articles"]) for r in corpus.citation_links()
        ]
        assert (
            store.db.row("SELECT evidence FROM media_citations WHERE cited = 'Veranda'")["evidence"] == "corpus outlet"
        )


def test_saving_again_replaces_the_citations(store_location, tmp_path):
    with Store.open(store_location) as store:
        ingest([write(tmp_path / "a.jsonl", STORIES[:1])], store, link_entities=False)
        assert store.count("media_citations") == 2
        changed = {**STORIES[0], "text": STORIES[0]["text"].split(" The ferry")[0]}
        ingest([write(tmp_path / "b.jsonl", [changed])], store, link_entities=False)
        assert store.count("media_citations") == 1
        store.delete_article(store.db.row("SELECT identity FROM articles")["identity"])
        assert store.count("media_citations") == 0


def test_citations_command(sqlite_location, tmp_path):
    with Store.open(sqlite_location) as store:
        ingest([write(tmp_path / "a.jsonl", STORIES)], store, link_entities=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["citations", "--db", sqlite_location, "--format", "csv"], catch_exceptions=False)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["citing_outlet"], r["cited"], r["citations"]) for r in rows] == [
        ("Coast Wire", "Daily Meridian", "2"),
        ("Coast Wire", "Harbor Post", "1"),
    ]
    each = runner.invoke(cli, ["citations", "--db", sqlite_location, "--each", "--format", "json"])
    assert [r["cue"] for r in json.loads(each.output)] == ["reported", "reported", "report"]
    none = runner.invoke(cli, ["citations", "--db", sqlite_location, "--cited", "Nobody", "--format", "jsonl"])
    assert none.exit_code == 1 and none.output == ""
    helped = runner.invoke(cli, ["citations", "--help"]).output
    assert "told CNN" in helped and "--each" in helped and "Examples" in helped
