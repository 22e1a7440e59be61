"""Article text cut into highlight segments: nothing lost, every quote's words under its id."""

from __future__ import annotations

from corpus.conftest import build_article

from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef
from ontherecord.web.highlight import segments


def test_segments_rebuild_the_text_and_cover_every_piece():
    article = build_article()
    cut = segments(article)
    assert "".join(segment.text for segment in cut) == article.text
    position = 0
    covered: dict[str, str] = {}
    for segment in cut:
        for offset in range(position, position + len(segment.text)):
            if segment.role == "piece":
                covered[offset] = segment.quote
        position += len(segment.text)
    for quote in article.quotes:
        for start, end in quote.pieces:
            assert all(covered.get(offset) == quote.id for offset in range(start, end)), quote.id
    assert [s.quote for s in cut if s.first] == [q.id for q in article.quotes]


def test_an_interrupted_quote_over_two_paragraphs_is_one_run():
    text = "“We tried,” she said, “every door.\n\n“And every window,” the mayor added."
    first, second = (text.index("We tried"), text.index("every door.") + len("every door."))
    third = text.index("And every window")
    fourth = third + len("And every window")
    ref = SpeakerRef("s1", "the mayor", "person", Span.of(text, text.index("the mayor"), text.index("the mayor") + 9))
    quote = Quote("q1", "direct", text[first:fourth], first, fourth,
                  [(first, first + len("We tried")), (text.index("every door"), second), (third, fourth)],
                  cue=Span.of(text, text.index("said"), text.index("said") + 4), speaker=ref)
    article = Article(text=text, quotes=[quote],
                      speakers=[Speaker("s1", "the mayor", "person", mentions=[ref.mention], quotes=["q1"])])
    cut = segments(article)
    inside = [segment for segment in cut if segment.quote == "q1"]
    assert "".join(segment.text for segment in cut) == text
    assert [segment.role for segment in inside] == ["piece", "gap", "cue", "gap", "piece", "gap", "piece"]
    assert sum(segment.first for segment in inside) == 1 and "\n\n" in "".join(s.text for s in inside)
    assert {segment.colour for segment in inside} == {0}
