"""The kept counts (corpus/summaries.py) equal a full recount after every kind of write, and the
dashboard and stats read them: on SQLite and the real PostgreSQL server."""

from __future__ import annotations

import re

from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.entities import link_entities
from ontherecord.corpus.summaries import COLUMNS, recount

from .conftest import build_article

GAZETTE = "https://gazette.example.com/a"
TRIBUNE = "https://tribune.example.com/b"


def kept(store: Store) -> list[tuple]:
    return sorted(tuple(row[column] for column in COLUMNS) for row in store.db.rows("SELECT * FROM summary_counts"))


def recounted(store: Store) -> list[tuple]:
    return sorted(tuple(row[column] for column in COLUMNS) for row in recount(store.db))


def dashboard_by_hand(store: Store) -> dict:
    """The dashboard's totals and per-outlet quotes as plain counts over the rows."""
    db = store.db
    totals = db.row("SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM quotes) AS quotes, "
                    "(SELECT COUNT(*) FROM speakers) AS speakers, "
                    "(SELECT COUNT(DISTINCT outlet) FROM articles) AS outlets")
    per_outlet = {row["outlet"]: (row["articles"], row["quotes"]) for row in db.rows(
        "SELECT a.outlet, COUNT(DISTINCT a.id) AS articles, COUNT(q.id) AS quotes FROM articles a "
        "LEFT JOIN quotes q ON q.article_id = a.id GROUP BY a.outlet")}
    months = [(row["month"], row["n"]) for row in db.rows(
        "SELECT SUBSTR(a.published, 1, 7) AS month, COUNT(*) AS n FROM quotes q JOIN articles a "
        "ON a.id = q.article_id WHERE a.published IS NOT NULL GROUP BY SUBSTR(a.published, 1, 7) ORDER BY month")]
    return {"totals": totals, "outlets": per_outlet, "months": months}


def dashboard_read(store: Store) -> dict:
    data = Corpus(store).dashboard()
    totals = {key: data["totals"][key] for key in ("articles", "quotes", "speakers", "outlets")}
    outlets = {row["outlet"]: (row["articles"], row["quotes"]) for row in data["outlets"]}
    return {"totals": totals, "outlets": outlets, "months": [(m["month"], m["quotes"]) for m in data["over_time"]]}


def assert_consistent(store: Store) -> None:
    assert kept(store) == recounted(store)
    assert dashboard_read(store) == dashboard_by_hand(store)


def test_counts_follow_ingest_update_force_and_delete(store):
    store.save_article(build_article(url=GAZETTE, outlet="Gazette", published="2025-09-01"))
    store.save_article(build_article(" More.", url=TRIBUNE, outlet="Tribune", published="2025-10-02",
                                     organization="Rangers Football Club"))
    store.save_article(build_article(" Undated, no outlet.", outlet=None, published=None))
    assert_consistent(store)
    assert dashboard_read(store)["totals"] == {"articles": 3, "quotes": 9, "speakers": 6, "outlets": 2}

    # an update moves the article to another outlet, month and speaker
    store.save_article(build_article(" Changed.", url=GAZETTE, outlet="Tribune", published="2024-01-05",
                                     speaker_name="Ada Quill"))
    assert_consistent(store)
    assert dashboard_read(store)["outlets"]["Tribune"] == (2, 6) and "Gazette" not in dashboard_read(store)["outlets"]

    # the same article saved again unchanged (ingest --force) counts once
    store.save_article(build_article(" Changed.", url=GAZETTE, outlet="Tribune", published="2024-01-05",
                                     speaker_name="Ada Quill"))
    assert_consistent(store)

    link_entities(store)
    assert store.delete_article(TRIBUNE) and not store.delete_article(TRIBUNE)
    assert_consistent(store)
    assert dashboard_read(store)["totals"]["articles"] == 2
    for identity in [row["identity"] for row in store.db.rows("SELECT identity FROM articles")]:
        store.delete_article(identity)
    assert kept(store) == [] == recounted(store)
    assert Corpus(store).dashboard()["totals"]["quotes"] == 0


def test_stats_and_speakers_read_the_kept_counts(store):
    store.save_article(build_article(url=GAZETTE, outlet="Gazette"))
    store.save_article(build_article(" Again.", url=TRIBUNE, outlet="Gazette", organization="Rangers Football Club"))
    link_entities(store)
    corpus = Corpus(store)
    [gazette] = corpus.stats()
    assert (gazette["articles"], gazette["quotes"], gazette["anonymous_share"]) == (2, 6, round(2 / 6, 3))
    assert gazette["top_speakers"] == ["Sean Parnell"]
    assert sorted(gazette["top_organizations"]) == ["Pentagon", "Rangers Football Club"]
    assert [(o["name"], o["quotes"], o["articles"]) for o in corpus.top_organizations()] == [
        ("Pentagon", 2, 1), ("Rangers Football Club", 2, 1)]
    assert corpus.speaker_count() == len(corpus.speakers())


def test_an_existing_store_gets_its_counts_from_the_migration(store_location):
    with Store.open(store_location) as store:
        store.save_article(build_article(url=GAZETTE, outlet="Gazette"))
        store.save_article(build_article(" Again.", url=TRIBUNE, outlet="Tribune"))
        expected = kept(store)
        assert len(expected) > 10
        with store.db.transaction():  # back to the store as schema 5 left it
            store.db.execute("DROP TABLE summary_counts")
            for index in ("entities_rank", "quotes_confidence", "articles_outlet_folded"):
                store.db.execute(f"DROP INDEX {index}")
            undo_migrations_after(store.db, 10)
            store.db.execute("DELETE FROM schema_version WHERE version >= 10")
    with Store.open(store_location) as upgraded:
        assert kept(upgraded) == expected == recounted(upgraded)


def undo_migrations_after(db, version):
    """Drop what the migrations after ``version`` made, so the store is as that version left it."""
    from ontherecord.corpus.schema import MIGRATIONS

    for later, sql in reversed(MIGRATIONS):
        if later > version:
            for kind, name in re.findall(r"CREATE (TABLE|INDEX)(?: IF NOT EXISTS)? (\w+)", sql):
                db.execute(f"DROP {kind} IF EXISTS {name}")


def test_search_counts_are_exact_up_to_the_scan_limit_then_a_lower_bound(store, monkeypatch):
    from ontherecord.corpus.queries import PageRequest, QuoteFilters, facets

    store.save_article(build_article(url=GAZETTE, outlet="Gazette"))
    store.save_article(build_article(" Again.", url=TRIBUNE, outlet="Gazette"))
    store.save_article(build_article(" Elsewhere.", outlet="Tribune"))
    corpus = Corpus(store)
    everything = corpus.search_quotes(QuoteFilters(), PageRequest())
    scanned = facets.counted_matches(store.db, "FROM quotes q JOIN articles a ON a.id = q.article_id "
                                     "LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id "
                                     "LEFT JOIN entities e ON e.id = l.entity_id", "WHERE 1 = 1", [], True)
    assert everything["total"] == scanned.total == 9 and not everything["total_is_lower_bound"]
    for name in ("outlet", "kind", "type"):  # the kept counts give what counting the rows gives
        assert everything["facets"][name] == scanned.facets[name]
    gazette = corpus.search_quotes(QuoteFilters(outlet="Gazette"), PageRequest())
    assert (gazette["total"], gazette["total_is_lower_bound"]) == (6, False)
    monkeypatch.setattr(facets, "SCAN_LIMIT", 4)
    bounded = corpus.search_quotes(QuoteFilters(outlet="Gazette"), PageRequest(per_page=5))
    assert (bounded["total"], bounded["total_is_lower_bound"], len(bounded["items"])) == (4, True, 5)
    assert sum(entry["count"] for entry in bounded["facets"]["type"]) == 4


def test_relevance_ranks_the_most_recent_matches_only(store, monkeypatch):
    from ontherecord.corpus.queries import PageRequest, QuoteFilters, filters

    for number in range(3):
        store.save_article(build_article(f" Part {number}.", url=f"https://gazette.example.com/{number}"))
    corpus = Corpus(store)
    everything = corpus.search_quotes(QuoteFilters(q="ready"), PageRequest())
    assert len(everything["items"]) == everything["total"] == 3
    monkeypatch.setattr(filters, "RANKED_MATCHES", 2)
    ranked = corpus.search_quotes(QuoteFilters(q="ready"), PageRequest())
    newest = sorted(row["article_id"] for row in everything["items"])[1:]
    assert sorted(row["article_id"] for row in ranked["items"]) == newest and ranked["total"] == 3
    by_confidence = corpus.search_quotes(QuoteFilters(q="ready", sort="confidence"), PageRequest())
    assert len(by_confidence["items"]) == 3  # every match, in another order
