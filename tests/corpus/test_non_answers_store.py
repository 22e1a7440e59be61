"""Non-answers are kept by the store (SQLite and PostgreSQL): saved, loaded, the same record."""

from __future__ import annotations

from ontherecord.model import Span

from .conftest import build_article


def test_the_store_keeps_non_answers(store):
    article = build_article(" The Pentagon declined to comment.", url="https://a.example.com/story")
    start = article.text.index("declined to comment")
    article.speakers[0].non_answers = [Span("declined to comment", start, start + len("declined to comment"))]
    store.save_article(article)
    loaded = store.load_article(store.db.scalar("SELECT id FROM articles"))
    assert loaded.article.speakers[0].non_answers == article.speakers[0].non_answers
    assert loaded.article == article
