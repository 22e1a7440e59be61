"""Save and load side by side: an article saved and loaded again is the same record."""

from __future__ import annotations

import json

import pytest

from ontherecord import extract_many
from ontherecord.corpus import Store, article_identity
from ontherecord.evaluation import shared_dir
from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef

SEED = shared_dir() / "seed" / "articles.jsonl"


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    """The seed stories through the real engine (once for the module)."""
    if not SEED.exists():
        pytest.skip(f"seed corpus not found at {SEED} (set ONTHERECORD_SHARED)")
    records = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = list(extract_many(records))
    assert all(isinstance(article, Article) and article.quotes for article in articles)
    return articles


def saved_and_loaded(store: Store, article: Article) -> Article:
    store.save_article(article)
    state = store.stored_state(article_identity(article.url, article.text))
    found = store.load_article(state.id)
    assert found is not None and found.row_id == state.id
    return found.article


def test_seed_records_saved_then_loaded_are_equal(store, seed_articles):
    for article in seed_articles:
        assert saved_and_loaded(store, article) == article


def test_a_quote_mention_keeps_its_place_when_the_speaker_is_named_the_same_way_twice(store):
    # The first "Mr Okafor" (just before the cue) is the quote's mention; the second starts nearer
    # the cue's start, but further from the cue itself.
    text = '"We will reopen the berth," Mr Okafor said. Mr Okafor left early.'
    mention = Span.of(text, text.index("Mr Okafor"), text.index("Mr Okafor") + 9)
    later = Span.of(text, text.index("Mr Okafor", mention.end), text.index("Mr Okafor", mention.end) + 9)
    cue = Span.of(text, text.index("said"), text.index("said") + 4)
    content = Span.of(text, 1, text.index(",") + 1)
    quote = Quote("q1", "direct", content.text, content.start, content.end, [(content.start, content.end)], cue=cue,
                  speaker=SpeakerRef("s1", "Okafor", "person", mention, "Mr"), confidence=0.9)
    speaker = Speaker("s1", "Okafor", "person", "Mr", mentions=[mention, later], quotes=["q1"])
    article = Article(text=text, title="Berth reopens", outlet="Harbour Herald", quotes=[quote], speakers=[speaker])
    assert mention.text == later.text == "Mr Okafor" and content.text == "We will reopen the berth,"
    assert saved_and_loaded(store, article) == article


def test_loading_an_unknown_row_id_gives_none(store):
    assert store.load_article(12345) is None
