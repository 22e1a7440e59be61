"""NUL characters (U+0000) are treated the same on SQLite and PostgreSQL (issue 18, item 10).

PostgreSQL text cannot hold a NUL, SQLite can: ingesting such a text was an item error on one
backend and fine on the other, and a NUL in a filter was a driver error on PostgreSQL. Now the
store refuses text with a NUL on both (a documented item error; the run goes on) and every text
filter with a NUL is a :class:`BadFilter`.
"""

from __future__ import annotations

import json

import pytest

from ontherecord.corpus import Corpus
from ontherecord.corpus.ingest import ingest
from ontherecord.corpus.queries import ArticleFilters, BadFilter, QuoteFilters
from ontherecord.corpus.store import NulCharacter

from .conftest import article_text, build_article


def test_ingesting_text_with_a_nul_is_the_same_item_error_on_both_backends(tmp_path, store):
    source = tmp_path / "stories.jsonl"
    records = [{"id": "clean", "url": "https://example.org/clean", "text": article_text(1)},
               {"id": "nul", "url": "https://example.org/nul", "text": article_text(2).replace("berth", "ber\x00th")}]
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    summary = ingest([str(source)], store, link_entities=False)
    assert (summary.added, summary.errors) == (1, 1)
    [(kind, _, message)] = summary.problems
    assert kind == "error" and message.startswith("the text contains a NUL character (U+0000)")
    assert store.count("articles") == 1


@pytest.mark.parametrize("field", ["text", "title", "outlet"])
def test_the_store_refuses_a_nul_in_any_text_field_on_both_backends(store, field):
    article = build_article()
    setattr(article, field, getattr(article, field) + "\x00")
    with pytest.raises(NulCharacter, match=f"{'the text' if field == 'text' else field} contains a NUL"):
        store.save_article(article)
    assert store.count("articles") == 0


def test_a_nul_in_a_filter_is_a_bad_filter_on_both_backends(store):
    store.save_article(build_article())
    corpus = Corpus(store)
    for make in (lambda: QuoteFilters(q="re\x00ady"), lambda: QuoteFilters(speaker="\x00"),
                 lambda: QuoteFilters(outlet="Ex\x00"), lambda: ArticleFilters(q="\x00")):
        with pytest.raises(BadFilter, match="NUL"):
            make()
    for filters in ({"speaker": "Par\x00nell"}, {"search": "ready\x00"}, {"outlet": "\x00"}):
        with pytest.raises(BadFilter, match="NUL"):
            corpus.quotes(**filters)
    with pytest.raises(BadFilter, match="NUL"):
        corpus.entities(name="Par\x00")
    assert len(corpus.quotes(speaker="Parnell")) == 2  # the connection is still usable
