"""Invented stories with one attributed quote, for the quote-cluster and copy tests."""

from __future__ import annotations

from ontherecord.corpus import Store
from ontherecord.corpus.ingest import link_across_articles
from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef

PORT_QUOTE = "We will reopen the northern berth on Monday, and the ferries will run to the old timetable"
BACKGROUND = (
    "The harbour board met for six hours behind closed doors before the announcement. Dock workers had "
    "walked out three weeks ago over night shifts, and the ferry company said it had lost a fifth of its "
    "summer bookings. Shopkeepers along the quay reported the quietest August in a decade. The union is "
    "expected to put the offer to its members at a meeting in the town hall on Thursday evening."
)


def quoted_article(quote: str, *, outlet: str, published: str | None, speaker: str | None = "Maria Lopez",
                   kind: str = "person", url: str | None = None, lead: str = "", tail: str = BACKGROUND) -> Article:
    """An article with one direct quote of ``speaker`` (``None``: no speaker) and some invented background."""
    opening = f'{lead}"{quote}," said '
    name = speaker or "a voice"
    text = f"{opening}{name}. {tail}"
    start = len(lead) + 1
    end = start + len(quote)
    mention = Span(name, len(opening), len(opening) + len(name))
    ref = SpeakerRef("s1", speaker, kind, mention) if speaker else None
    quotes = [Quote("q1", "direct", quote, start, end, [(start, end)], cue=Span("said", len(opening) - 5,
                                                                                  len(opening) - 1),
                    speaker=ref, confidence=0.9)]
    speakers = [Speaker("s1", speaker, kind, mentions=[mention], quotes=["q1"])] if speaker else []
    return Article(text=text, title=f"Port news from {outlet}", url=url or f"https://{outlet.lower()}.example/{hash(text)}",
                   outlet=outlet, published=published, quotes=quotes, speakers=speakers)


def save(store: Store, *articles: Article) -> None:
    for article in articles:
        store.save_article(article)
    link_across_articles(store)
