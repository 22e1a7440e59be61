"""One search syntax on both backends (issue 18, item 11): the same ids for the same queries.

The same articles are stored in SQLite and in the real PostgreSQL server; a table of queries
(words, stop words, phrases, OR, exclusions, accents, case, punctuation, no stemming) must find
the same quotes and the same articles on both, and the expected ones. On main PostgreSQL stemmed
and dropped stop words ("the" found nothing) while SQLite read OR and -word as plain words.
"""

from __future__ import annotations

import pytest

from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.queries import ArticleFilters, BadFilter, PageRequest, QuoteFilters
from ontherecord.corpus.queries.search import MAX_TERMS, parse_search

from .conftest import build_article

STORIES = [  # (speaker, extra sentence): each article has three quotes (two by the speaker)
    ("Sean Parnell", " The troops arrived at the border."),
    ("Maria Lopez", " Cartels moved north, the minister said."),
    ("Daniel Okafor", " A military action is not planned."),
    ("Ingrid Halvorsen", " The military budget grows."),
    ("José Núñez", " He visited Zürich and the café."),
    ("Tomas Brandt", " It is a well-known fact: inflation reached 3.5 percent."),
]
QUERIES = [
    "the", "THE", "troops", "troop", "cartels OR troops", "military -action", "military", "-military",
    '"the plan was lawful"', '"lawful plan"', "zurich", "Zürich", "cafe", "nunez", "NÚÑEZ ready",
    "well-known", "3.5", "3", "ready act", '"ready to act" -Parnell', "parnell OR lopez -troops",
    "nobody", "nothingmatchesthis", "told OR", "OR told", '"border', "action -\"military action\"",
]


@pytest.fixture(scope="module")
def stores(tmp_path_factory, postgres_base_url):
    import uuid

    import psycopg

    schema = f"ontherecord_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_base_url, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    locations = {"sqlite": str(tmp_path_factory.mktemp("search") / "search.db"),
                 "postgresql": f"{postgres_base_url}?options=-csearch_path%3D{schema}"}
    opened = {}
    for name, location in locations.items():
        store = Store.open(location)
        for number, (speaker, extra) in enumerate(STORIES):
            store.save_article(build_article(extra, url=f"https://example.org/{number}", speaker_name=speaker,
                                             title=f"Story {number}{extra}"))
        opened[name] = store
    try:
        yield opened
    finally:
        for store in opened.values():
            store.close()
        with psycopg.connect(postgres_base_url, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def found(store: Store, query: str) -> tuple[list, list, list]:
    corpus = Corpus(store)
    page = PageRequest(1, 100)
    quotes = sorted((q["article_identity"], q["quote_id"]) for q in
                    corpus.search_quotes(QuoteFilters(q=query), page, facets=False)["items"])
    articles = sorted(a["identity"] for a in corpus.list_articles(ArticleFilters(q=query), page)["items"])
    cli = sorted((q["article_identity"], q["quote_id"]) for q in corpus.quotes(search=query))
    return quotes, articles, cli


@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_find_the_same_for_every_query(stores, query):
    sqlite, postgres = found(stores["sqlite"], query), found(stores["postgresql"], query)
    assert sqlite == postgres, query
    assert sqlite[0] == sqlite[2], "the CLI's search and the explorer's are the same"


EXPECTED_ARTICLES = {  # query → numbers of the stories found (title and text)
    "the": {0, 1, 2, 3, 4, 5}, "troop": set(), "troops": {0}, "cartels OR troops": {0, 1},
    "military -action": {3}, "-military": {0, 1, 4, 5}, "zurich": {4}, "Zürich": {4}, "nunez": {4},
    "well-known": {5}, "3.5": {5}, '"lawful plan"': set(), "nothingmatchesthis": set(),
}


@pytest.mark.parametrize("query,numbers", EXPECTED_ARTICLES.items())
def test_the_syntax_means_what_the_documentation_says(stores, query, numbers):
    for store in stores.values():
        _, articles, _ = found(store, query)
        assert set(articles) == {f"https://example.org/{n}" for n in numbers}, (store.dialect, query)


def test_quotes_search_speaker_names_too(stores):
    for store in stores.values():
        quotes, _, _ = found(store, "parnell")
        assert [identity for identity, _ in quotes] == ["https://example.org/0"] * 2


def test_a_query_with_too_many_terms_is_a_bad_filter():
    parse_search(" ".join(f"w{n}" for n in range(MAX_TERMS)))
    with pytest.raises(BadFilter, match=f"at most {MAX_TERMS} terms"):
        QuoteFilters(q=" ".join(f"w{n}" for n in range(MAX_TERMS + 1)))
