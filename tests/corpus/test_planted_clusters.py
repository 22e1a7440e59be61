"""The acceptance corpus in small: BBC articles (read from ../shared at test time) republished with
planted edits, through the real engine and store; the builder is ``benchmarks/quote_clusters.py``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.copies import mark_copies
from ontherecord.model import Article

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "quote_clusters.py"


def load_builder():
    spec = importlib.util.spec_from_file_location("quote_clusters_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = load_builder()
needs_bbc = pytest.mark.skipif(not builder.BBC.exists(), reason=f"BBC articles not found at {builder.BBC}")


def test_republishing_plants_the_edits_it_reports():
    text = 'Title\n\nOne.\n\n"We will act now on the harbour, and we will act together," he said.\n\nThree.\n\nFour.\n\nFive.'
    changed, planted = builder.republish(text, 0)
    assert changed.startswith("Title\n\nLONDON (Reuters) - One.")
    assert '"We would act now on the harbour, and we will act together,"' in changed
    assert [edit["kind"] for edit in planted] == ["dateline", "changed"]
    trimmed, planted = builder.republish(text, 1)
    assert '"We will act now on the harbour," he said.' in trimmed
    assert [edit["kind"] for edit in planted] == ["trimmed", "reordered"]


@needs_bbc
def test_planted_corpus_scores(tmp_path):
    figures = builder.planted_run(builder.load_bbc(), sample=6, unrelated=2, seed=3, directory=tmp_path)
    assert figures["errors"] == 0
    copies = figures["article_copies"]
    assert copies["planted"] == figures["copies"] > 0
    assert (copies["precision"], copies["recall"]) == (1.0, 1.0)
    clusters = figures["quote_clusters"]
    assert clusters["true_pairs"] > 10
    assert clusters["precision"] >= 0.95 and clusters["recall"] >= 0.7
    assert not clusters["wrong_pairs"]


@needs_bbc
def test_bbc_duplicate_texts_are_copies(sqlite_location):
    articles = builder.load_bbc()
    by_text: dict[str, list[dict]] = {}
    for article in articles:
        by_text.setdefault(article["text"], []).append(article)
    twice = [group for group in by_text.values() if len(group) == 2][:3]
    sample = [article for group in twice for article in group] + articles[:6]
    with Store.open(sqlite_location) as store:
        for article in sample:
            store.save_article(Article(text=article["text"], title=article["title"], outlet="BBC News",
                                       url=f"https://www.bbc.co.uk/news/{article['id']}", quotes=[], speakers=[]))
        mark_copies(store)
        copies = Corpus(store).article_copies()
    pairs = {(row["title"], row["original_title"]) for row in copies}
    assert len(copies) == 3
    assert pairs == {(group[0]["title"], group[0]["title"]) for group in twice}
    assert all(row["shared"] == 1.0 for row in copies)


CHECKS = Path(__file__).parent / "data" / "bbc_copy_checks.jsonl"


@needs_bbc
def test_hand_checked_bbc_pairs_keep_their_decision(sqlite_location):
    """``data/bbc_copy_checks.jsonl``: the closest BBC pairs left unmarked and the least similar ones marked
    in ``benchmarks/quote_clusters.py``'s run over the 2,225 texts, judged by hand (record ids only): each
    pair on its own, the earlier saved first, gets the same decision again."""
    articles = {article["id"]: article for article in builder.load_bbc()}
    checks = [json.loads(line) for line in CHECKS.read_text(encoding="utf-8").splitlines()]
    with Store.open(sqlite_location) as store:
        for check in checks:
            for key in ("earlier", "later"):
                article = articles[check[key]]
                store.save_article(Article(text=article["text"], title=article["title"], outlet="BBC News",
                                           url=f"https://www.bbc.co.uk/news/{article['id']}", quotes=[],
                                           speakers=[]))
            mark_copies(store)
        marked = {(row["article_id"], row["original_id"]) for row in store.db.rows(
            "SELECT article_id, original_id FROM article_copies")}
        ids = {row["url"].rsplit("/", 1)[-1]: row["id"] for row in store.db.rows("SELECT id, url FROM articles")}
    decisions = [(ids[check["later"]], ids[check["earlier"]]) in marked for check in checks]
    assert decisions == [check["marked"] for check in checks]
    assert all(check["verdict"] != "different story" for check in checks if check["marked"])
