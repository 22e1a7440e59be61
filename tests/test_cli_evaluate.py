"""evaluate --pred whose ids match no gold article is an input error (exit 2, naming the ids); the
report's table says what its columns count."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.evaluation import shared_dir
from ontherecord.evaluation.gold import load_gold

SEED_GOLD = shared_dir() / "seed" / "gold.json"
pytestmark = pytest.mark.skipif(not SEED_GOLD.exists(), reason=f"seed gold not found at {SEED_GOLD}")


def test_pred_with_no_matching_id_exits_2_naming_the_ids(tmp_path):
    gold = load_gold(str(SEED_GOLD))
    pred = tmp_path / "pred.jsonl"
    article = gold.articles[0]
    pred.write_text(json.dumps({"id": "not-a-gold-id", "text": article.text, "quotes": [], "speakers": []}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(SEED_GOLD), "--pred", str(pred)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "not-a-gold-id" in result.stderr
    assert str(article.id) in result.stderr


def test_pred_that_matches_scores_and_the_table_says_what_it_counts(tmp_path):
    gold = load_gold(str(SEED_GOLD))
    article = gold.articles[0]
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": article.id, "text": article.text, "quotes": [], "speakers": []}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(SEED_GOLD), "--pred", str(pred), "--limit", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "predicted" in result.stdout
    assert "alphanumeric characters for the (chars) rows, quotes for exact" in " ".join(result.stdout.split())
    assert "exact content (quotes)" in result.stdout
