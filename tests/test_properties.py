"""Robustness properties of ``ontherecord.extract``: it never raises and every record it returns is valid.

``extract`` raises on any failure (the component's swallowed engine errors included), so
"never raises" is checked by calling it. Whatever the text (random unicode, unbalanced quote marks of every style, control characters,
odd line breaks and spaces, right-to-left scripts, emoji, very long words), every Article must
have exact offsets, consistent ids, values from the allowed sets and a lossless dict/JSON form.
"""

from __future__ import annotations

import json
import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ontherecord
from ontherecord import Article, Span
from ontherecord import pipeline as api
from ontherecord.model import QUOTE_TYPES, SPEAKER_KINDS
from ontherecord.segments import split_long_text

FIGURE_KINDS = {"percent", "money", "quantity", "date", "number", "ordinal", "time"}

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

QUOTE_MARKS = ["\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb", "\u201e", "\u2039", "\u203a",
               "\u201a", "\u201f", "\u300c", "\u300d", "``", "''"]
LINE_BREAKS = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"]
CONTROL_CHARACTERS = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x1f", "\x7f", "\x9f", "\t", "\ufffd", "\ufeff"]
UNICODE_SPACES = ["\u00a0", "\u2000", "\u2002", "\u2003", "\u2007", "\u2009", "\u200a", "\u200b", "\u202f",
                  "\u205f", "\u3000", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069"]
SENTENCES = [
    '"We will not back down," said Maria Lopez, the mayor.',
    "\u201cIt is a disaster,\u201d he told reporters on Tuesday.",
    "The minister said the plan would cost \u00a34.5bn, or 12% of the budget.",
    "According to a spokesman, \u2018nothing has been decided\u2019.",
    "She said: \u201cWe are reviewing it",  # unclosed
    "\u201eDas ist gut\u201c, sagte er. \u00abC\u2019est fini\u00bb, a-t-il dit.",
    "The report \u2014 published by the World Bank \u2014 warned of \u201ca lost decade\u201d.",
    "\u201cFirst part,\u201d said John Smith, \u201csecond part.\u201d",
    "Officials said that 1,200 people had been evacuated since 5 March.",
    "He added: 'I don't know.' \"Really?\" she asked.",
]
RTL_AND_EMOJI = [
    "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631: \u00ab\u0644\u0646 \u0646\u062a\u0631\u0627\u062c\u0639\u00bb.",
    "\u05d4\u05d5\u05d0 \u05d0\u05de\u05e8: \"\u05d6\u05d4 \u05dc\u05d0 \u05e0\u05db\u05d5\u05df\".",
    "\u201c\u0645\u0631\u062d\u0628\u0627\u201d said Ahmed.",
    "\U0001F600\U0001F44D\U0001F3FD \u201c\U0001F525 hot take \U0001F525\u201d",
    "\U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F1EC\U0001F1E7 said \"\U0001F92F\"",
    "e\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354 combining",
    "\U0001D400\U0001D401 mathematical \U00010348 gothic",
]
FRAGMENTS = QUOTE_MARKS + LINE_BREAKS + CONTROL_CHARACTERS + UNICODE_SPACES + SENTENCES + RTL_AND_EMOJI + [
    "", " ", "  ", "said", "told", "according to", ",", ".", ":", "\u2014", "\u2026",
]

fragment = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "x", "\u00e9", "\u4e2d", "-", "\u201c", "'", "9"]),
              st.integers(100, 1000)),  # very long words and runs of one quote mark
    st.lists(st.sampled_from(QUOTE_MARKS + [" ", "\n"]), max_size=30).map("".join),  # nothing but quote marks
    st.text(max_size=20),
)
adversarial_text = st.lists(fragment, max_size=25).map("".join)
empty_paragraphs = st.lists(st.sampled_from(SENTENCES + ["", " ", "\u00a0", "\t"]), max_size=20).map(
    lambda paragraphs: "\n\n".join(paragraphs)
)


# --- invariants --------------------------------------------------------------------------------


def assert_span_exact(text: str, span: Span | None, what: str) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(text), f"{what} out of range: {span}"
    assert text[span.start : span.end] == span.text, f"{what} does not slice the text: {span}"


def assert_valid_quotes(article: Article) -> None:
    text = article.text
    ids = [q.id for q in article.quotes]
    assert len(ids) == len(set(ids)), f"duplicate quote ids: {ids}"
    speaker_ids = {s.id for s in article.speakers}
    for q in article.quotes:
        assert 0 <= q.start <= q.end <= len(text), f"quote out of range: {q}"
        assert text[q.start : q.end] == q.text, f"quote text does not slice the article: {q}"
        assert q.type in QUOTE_TYPES, q.type
        assert isinstance(q.confidence, (int, float)) and not math.isnan(q.confidence)
        assert 0.0 <= q.confidence <= 1.0, q.confidence
        assert q.channel is None or isinstance(q.channel, str)
        assert_valid_pieces(q.pieces, q.start, q.end)
        assert_span_exact(text, q.cue, "cue")
        for figure in q.figures:
            assert_span_exact(text, Span(figure.text, figure.start, figure.end), "figure")
            assert q.start <= figure.start and figure.end <= q.end, f"figure outside its quote: {figure}"
            assert figure.kind in FIGURE_KINDS, figure.kind
        if q.speaker is not None:
            assert q.speaker.id in speaker_ids, f"quote {q.id} names unknown speaker {q.speaker.id}"
            assert q.speaker.kind in SPEAKER_KINDS, q.speaker.kind
            assert_span_exact(text, q.speaker.mention, "speaker mention")


def assert_valid_pieces(pieces: list[tuple[int, int]], start: int, end: int) -> None:
    previous_end = start
    for piece in pieces:
        piece_start, piece_end = piece
        assert isinstance(piece_start, int) and isinstance(piece_end, int), piece
        assert piece_start < piece_end, f"empty or reversed piece {piece}"
        assert previous_end <= piece_start, f"pieces unsorted or overlapping: {pieces}"
        assert piece_end <= end, f"piece {piece} outside quote [{start}, {end}]"
        previous_end = piece_end


def assert_valid_speakers(article: Article) -> None:
    speaker_ids = [s.id for s in article.speakers]
    assert len(speaker_ids) == len(set(speaker_ids)), f"duplicate speaker ids: {speaker_ids}"
    quote_ids = {q.id for q in article.quotes}
    for speaker in article.speakers:
        assert speaker.kind in SPEAKER_KINDS, speaker.kind
        for mention in speaker.mentions:
            assert_span_exact(article.text, mention, "speaker mention")
        missing = set(speaker.quotes) - quote_ids
        assert not missing, f"speaker {speaker.id} lists unknown quotes {missing}"


def assert_lossless_serialisation(article: Article) -> None:
    record = article.to_dict()
    assert Article.from_dict(record) == article
    restored = Article.from_dict(json.loads(json.dumps(record, ensure_ascii=False)))
    assert restored == article


def assert_valid_article(article: Article, source_text: str) -> None:
    assert isinstance(article, Article)
    assert article.text == source_text, "Article.text must be the input text, unchanged"
    assert_valid_quotes(article)
    assert_valid_speakers(article)
    assert_lossless_serialisation(article)


# --- properties --------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def pipeline_loaded_once() -> None:
    ontherecord.load_pipeline()


@PROPERTY_SETTINGS
@given(st.text(max_size=400))
def test_random_unicode_text(text: str) -> None:
    assert_valid_article(ontherecord.extract(text), text)


@PROPERTY_SETTINGS
@given(adversarial_text)
def test_adversarial_fragments(text: str) -> None:
    assert_valid_article(ontherecord.extract(text), text)


@PROPERTY_SETTINGS
@given(empty_paragraphs)
def test_quotes_across_empty_paragraphs(text: str) -> None:
    assert_valid_article(ontherecord.extract(text), text)


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(SENTENCES + RTL_AND_EMOJI), min_size=1, max_size=12),
       st.sampled_from([" ", "\n", "\r\n", "\r", "\u00a0", "\n\n"]))
def test_realistic_sentences_with_any_separator(sentences: list[str], separator: str) -> None:
    text = separator.join(sentences)
    assert_valid_article(ontherecord.extract(text, id="x", title="t"), text)


def test_realistic_article_has_quotes_and_valid_records() -> None:
    text = " ".join(SENTENCES)
    metadata = {"id": "a1", "title": "T", "url": "u", "outlet": "o", "author": "a", "published": "p"}
    article = ontherecord.extract(text, **metadata)
    assert_valid_article(article, text)
    assert (article.id, article.title, article.outlet) == ("a1", "T", "o")
    # These sentences are plain attributions: with none found the invariants above check nothing.
    assert article.quotes and article.speakers


def big_article(size: int) -> str:
    paragraph = " ".join(SENTENCES[:4] + SENTENCES[6:9]) + "\n\n"
    return (paragraph * (size // len(paragraph) + 1))[:size]


def test_large_article_of_20_kb() -> None:
    text = big_article(20_000)
    assert_valid_article(ontherecord.extract(text), text)


def test_long_article_processed_in_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    # Segments of at most 3,000 characters instead of 100,000 so that a 20 kB article is cut
    # seven times and the merged offsets and ids are checked without a 100 kB+ parse.
    monkeypatch.setattr(api, "split_long_text", lambda text: split_long_text(text, limit=3_000))
    text = big_article(20_000)
    article = ontherecord.extract(text)
    assert_valid_article(article, text)
    assert len(article.quotes) > 20


@pytest.mark.slow
def test_five_megabyte_article() -> None:
    text = big_article(5_000_000)
    started = time.perf_counter()
    article = ontherecord.extract(text)
    print(f"5 MB article: {time.perf_counter() - started:.1f} s, {len(article.quotes)} quotes")
    assert_valid_article(article, text)
