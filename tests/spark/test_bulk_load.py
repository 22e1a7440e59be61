"""``load`` writes new articles in batches (corpus/bulk, spark/store_rows): the stored rows equal
those of saving each article on its own, on SQLite and PostgreSQL (``COPY``), and an article
stored before, a duplicate or a refused one still takes the one-article path."""

from __future__ import annotations

import re
import uuid

import pytest
from corpus.conftest import build_article

from ontherecord.audit import audited
from ontherecord.corpus import Corpus, Store, article_identity, summaries
from ontherecord.corpus.deferred_indexes import set_aside
from ontherecord.model import EntityMention, Speaker
from ontherecord.spark import load
from ontherecord.spark.load import load_output
from ontherecord.spark.local_output import write_output


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


@pytest.mark.parametrize("deferred", [False, True], ids=["counted", "indexes-deferred"])
def test_batched_load_stores_what_saving_one_by_one_stores(store_location, tmp_path, monkeypatch, deferred):
    monkeypatch.setattr(load, "BATCH_ARTICLES", 5)  # several batches
    monkeypatch.setattr(load, "DEFER_INDEXES_AT", 0 if deferred else 10**9)
    articles = invented_articles()
    write_output(articles, tmp_path / "out", model="test")
    with Store.open(store_location) as batched, Store.open(tmp_path / "one_by_one.db") as one_by_one:
        for store in (batched, one_by_one):  # stored before the load: counted with the new ones, left alone
            save(store, articles[:2])
        summary = load_output(str(tmp_path / "out"), batched, link_entities=False)
        assert (summary.added, summary.unchanged, summary.errors) == (len(articles) - 2, 2, 0)
        assert summary.quotes == 3 * (len(articles) - 2)
        save(one_by_one, articles[2:])
        assert stored_rows(batched) == stored_rows(one_by_one)
        assert batched.count("entity_pending") == 4 and batched.count("speaker_keys") == 2 * len(articles) - 1
        assert schema_objects(batched) == fresh_objects(store_location, tmp_path)
        assert batched.count("deferred_indexes") == 0
    for word in ("lawful", "parnell", "official"):  # the search indexes hold every article
        assert searched(store_location, word) == searched(str(tmp_path / "one_by_one.db"), word)


def test_indexes_a_killed_load_set_aside_are_built_when_its_run_is_over(store_location, tmp_path):
    articles = invented_articles()
    with Store.open(store_location) as store:
        save(store, articles[:3])
        run_id = store.start_run(["a load"])
        set_aside(store.db, run_id)  # as the load does, then killed
        save(store, articles[3:])
        assert store.count("deferred_indexes") > 0
    with Store.open(store_location) as store:  # while the load runs, its indexes stay set aside
        assert store.count("deferred_indexes") > 0
        store.finish_run(run_id, {}, status="interrupted")
    with Store.open(store_location) as store:
        assert store.count("deferred_indexes") == 0
        assert schema_objects(store) == fresh_objects(store_location, tmp_path)
        kept = store.db.rows(f"SELECT {', '.join(summaries.COLUMNS)} FROM summary_counts")
        assert sorted(map(sorted_row, summaries.recount(store.db))) == sorted(map(sorted_row, kept))
    assert len(searched(store_location, "lawful")) == len(articles)


def sorted_row(row: dict) -> tuple:
    return tuple(str(row[column]) for column in summaries.COLUMNS)


def save(store: Store, articles: list) -> None:
    for article in articles:
        store.save_article(article, identity=article_identity(article.url, article.text), source=article.url,
                           language="en", model="test")


def fresh_objects(store_location: str, tmp_path) -> list[tuple]:
    """The indexes and triggers of an empty store on the same backend, as the migrations make them."""
    if "://" not in store_location:
        with Store.open(tmp_path / "fresh.db") as store:
            return schema_objects(store)
    import psycopg

    base = store_location.split("?")[0]
    schema = f"ontherecord_test_fresh_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        with Store.open(f"{base}?options=-csearch_path%3D{schema}") as store:
            return schema_objects(store)
    finally:
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def schema_objects(store: Store) -> list[tuple]:
    """Every index and trigger of the store, as defined."""
    if store.dialect == "sqlite":
        sql = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
    else:
        sql = ("SELECT indexname, regexp_replace(indexdef, ' ON [^.]+[.]', ' ON ') AS definition FROM pg_indexes "
               "WHERE schemaname = current_schema() ORDER BY indexname")
    return [tuple(row.values()) for row in store.db.rows(sql)]


def searched(location: str, word: str) -> list:
    with Corpus(location) as corpus:
        return sorted((quote["url"], quote["text"]) for quote in corpus.quotes(search=word, limit=1000))


def test_stored_duplicate_and_refused_articles_take_the_one_article_path(sqlite_location, tmp_path):
    articles = invented_articles()[:4]
    changed = build_article(" Story 0, corrected.", url=articles[0].url, outlet=articles[0].outlet,
                            published="2025-01-02")
    refused = build_article(" Bad \x00 byte.", url="https://nul.example.org/a", outlet="Outlet 0")
    write_output([*articles, articles[1], refused], tmp_path / "first", model="test")
    write_output([changed, *articles[1:]], tmp_path / "second", model="test")
    with Store.open(sqlite_location) as store:
        first = load_output(str(tmp_path / "first"), store)
        assert (first.added, first.unchanged, first.errors) == (4, 1, 1)
        assert "NUL" in first.problems[0][2]
        second = load_output(str(tmp_path / "second"), store)
        assert (second.added, second.updated, second.unchanged) == (0, 1, 3)
        assert store.count("articles") == 4 and store.count("entity_pending") == 0
        assert store.count("entities") > 0


def test_load_links_as_a_full_relink_of_the_same_articles_does(tmp_path, monkeypatch):
    from corpus.test_incremental_links import linking_state

    from ontherecord.corpus.entities import link_entities

    monkeypatch.setattr(load, "DEFER_INDEXES_AT", 0)  # the first load builds its indexes last, the second not
    articles = invented_articles()
    write_output(articles[:8], tmp_path / "first", model="test")
    write_output(articles[8:], tmp_path / "second", model="test")
    with Store.open(tmp_path / "loaded.db") as loaded, Store.open(tmp_path / "full.db") as full:
        for output in ("first", "second"):
            load_output(str(tmp_path / output), loaded)
        save(full, articles)
        link_entities(full)
        assert linking_state(loaded) == linking_state(full)


def test_load_command_reports_its_rate(tmp_path):
    from click.testing import CliRunner

    from ontherecord.cli import cli

    write_output(invented_articles(), tmp_path / "out", model="test")
    loaded = CliRunner().invoke(cli, ["load", str(tmp_path / "out"), "--db", str(tmp_path / "corpus.db")])
    assert loaded.exit_code == 0, loaded.output
    assert re.search(r"13 added .* in [0-9.]+s \([0-9]+ articles/s, linking included\)", loaded.output)
