"""Search order (relevance, then confidence), the minimum-confidence filter and the sortable
article list, through the one store API, on SQLite and the real PostgreSQL server."""

from __future__ import annotations

import pytest

from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.queries import ArticleFilters, BadFilter, PageRequest, QuoteFilters
from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef

ALL = PageRequest(1, 100)


def quoted_article(title: str, sentences: list[tuple[str, float]], *, published: str | None,
                   outlet: str = "Harbour Herald") -> Article:
    """One speaker per sentence, each quoted directly with the given confidence."""
    text, quotes, speakers = f"{title}\n\n", [], []
    for number, (words, confidence) in enumerate(sentences, 1):
        name = f"Speaker{'ABCDEFGH'[number]} Person"
        text += f"“{words},” said {name}. "
        start = text.index(words, len(text) - len(words) - len(name) - 12)
        mention = Span.of(text, text.rindex(name), text.rindex(name) + len(name))
        cue = Span.of(text, text.rindex("said"), text.rindex("said") + 4)
        ref = SpeakerRef(f"s{number}", name, "person", mention)
        quotes.append(Quote(f"q{number}", "direct", words, start, start + len(words),
                            [(start, start + len(words))], cue=cue, speaker=ref, confidence=confidence))
        speakers.append(Speaker(f"s{number}", name, "person", mentions=[mention], quotes=[f"q{number}"]))
    return Article(text=text, title=title, outlet=outlet, published=published, quotes=quotes, speakers=speakers)


@pytest.fixture
def corpus(store_location):
    with Store.open(store_location) as store:
        store.save_article(quoted_article("Harbour strike", [
            ("The harbour opened on Monday and the ships came in with grain, steel and harbour news", 0.95),
            ("Harbour harbour harbour", 0.40),
            ("Nothing about the port today", 0.99),
            ("Harbour harbour harbour", 0.90),
        ], published="2025-03-02"))
        store.save_article(quoted_article("Quiet week", [("We will talk again soon", 0.7)], published="2025-04-01",
                                          outlet="Alpha Times"))
        store.save_article(quoted_article("Zebra crossing", [("Fine", 0.6), ("Also fine", 0.5), ("Yes", 0.8)],
                                          published=None, outlet="Beta Post"))
        yield Corpus(store)


def contents(result) -> list[tuple[str, float]]:
    return [(row["content"], row["confidence"]) for row in result["items"]]


def test_search_orders_by_relevance_then_confidence(corpus):
    found = contents(corpus.search_quotes(QuoteFilters(q="harbour"), ALL))
    assert found == [("Harbour harbour harbour", 0.90), ("Harbour harbour harbour", 0.40),
                     ("The harbour opened on Monday and the ships came in with grain, steel and harbour news", 0.95)]
    downloads = [(row["content"], row["confidence"]) for row in corpus.iter_quote_rows(QuoteFilters(q="harbour"))]
    assert downloads == found


def test_without_words_the_surest_attributions_come_first(corpus):
    confidences = [confidence for _, confidence in contents(corpus.search_quotes(QuoteFilters(), ALL))]
    assert confidences == sorted(confidences, reverse=True) and len(confidences) == 8


def test_minimum_confidence_and_other_sorts(corpus):
    sure = contents(corpus.search_quotes(QuoteFilters(min_confidence=0.9), ALL))
    assert sorted(confidence for _, confidence in sure) == [0.9, 0.95, 0.99]
    by_confidence = contents(corpus.search_quotes(QuoteFilters(q="harbour", sort="confidence"), ALL))
    assert [confidence for _, confidence in by_confidence] == [0.95, 0.90, 0.40]
    oldest = corpus.search_quotes(QuoteFilters(sort="oldest"), ALL)["items"]
    assert [row["published"] for row in oldest][:4] == ["2025-03-02"] * 4 and oldest[-1]["published"] is None
    by_outlet = [row["outlet"] for row in corpus.search_quotes(QuoteFilters(sort="outlet"), ALL)["items"]]
    assert by_outlet == ["Alpha Times"] + ["Beta Post"] * 3 + ["Harbour Herald"] * 4
    with pytest.raises(BadFilter):
        QuoteFilters(sort="loudest")
    with pytest.raises(BadFilter):
        QuoteFilters(min_confidence=2)


@pytest.mark.parametrize(("sort", "expected"), [
    (None, ["Quiet week", "Harbour strike", "Zebra crossing"]),
    ("title", ["Harbour strike", "Quiet week", "Zebra crossing"]),
    ("-title", ["Zebra crossing", "Quiet week", "Harbour strike"]),
    ("-quotes", ["Harbour strike", "Zebra crossing", "Quiet week"]),
    ("quotes", ["Quiet week", "Zebra crossing", "Harbour strike"]),
    ("outlet", ["Quiet week", "Zebra crossing", "Harbour strike"]),
])
def test_article_list_sorts(corpus, sort, expected):
    titles = [row["title"] for row in corpus.list_articles(ArticleFilters(sort=sort), ALL)["items"]]
    assert titles == expected
    assert [row["title"] for row in corpus.iter_article_rows(ArticleFilters(sort=sort))] == expected
