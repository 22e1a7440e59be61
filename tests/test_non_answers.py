"""Non-answers ("declined to comment") are recorded on the speaker, not as quotes with content
"to comment". The real spaCy pipeline; the phrases from the data file."""

from __future__ import annotations

import ontherecord
from ontherecord.model import Article
from ontherecord.non_answers import non_answer_phrases

STORY = (
    "Port talks stall\n\n"
    "The Harbor Authority declined to comment on the talks. "
    "\u201cWe are ready to act,\u201d said Maria Lopez, the union president. "
    "Lopez refused to comment further. "
    "Thomas Brandt, the authority's director, said the offer was fair.\n"
)


def test_declined_to_comment_is_a_non_answer_on_the_speaker_not_a_quote():
    article = ontherecord.extract(STORY)
    contents = [quote.content(article.text) for quote in article.quotes]
    assert not any(content.startswith("to comment") for content in contents), contents
    by_name = {speaker.name: speaker for speaker in article.speakers}
    authority = by_name["Harbor Authority"]
    assert [span.text for span in authority.non_answers] == ["declined to comment on the talks"]
    assert authority.quotes == []
    lopez = by_name["Maria Lopez"]
    assert [span.text for span in lopez.non_answers] == ["refused to comment further"]
    assert len(lopez.quotes) == 1
    for speaker in article.speakers:
        for span in speaker.non_answers:
            assert article.text[span.start:span.end] == span.text
    # quote ids stay q1..qN and every speaker's quote ids exist
    assert [quote.id for quote in article.quotes] == [f"q{n}" for n in range(1, len(article.quotes) + 1)]
    ids = {quote.id for quote in article.quotes}
    assert all(set(speaker.quotes) <= ids for speaker in article.speakers)
    assert [speaker.id for speaker in article.speakers] == [f"s{n}" for n in range(1, len(article.speakers) + 1)]


def test_non_answers_survive_the_record_round_trip_and_old_records_still_load():
    article = ontherecord.extract(STORY)
    record = article.to_dict()
    assert Article.from_dict(record) == article
    for speaker in record["speakers"]:
        del speaker["non_answers"]  # a record written before the field existed
    assert all(s.non_answers == [] for s in Article.from_dict(record).speakers)


def test_the_phrases_come_from_the_data_file():
    phrases = non_answer_phrases()
    assert "declined to comment" in phrases
    assert "did not respond to a request for comment" in phrases
