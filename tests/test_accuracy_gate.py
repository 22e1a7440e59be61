"""The evaluation gate: the engine's figures on the gold sets, pinned within a small tolerance.

A change that loses accuracy fails here; a change that gains it fails too, until its new figures are
pinned in ``tests/data/accuracy_pins.json`` (and written to docs/accuracy.md) by whoever made it.
Each row runs ``ontherecord evaluate`` exactly as ``benchmarks/accuracy.py`` does.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PINS = json.loads((HERE / "data" / "accuracy_pins.json").read_text(encoding="utf-8"))
TOLERANCE = 0.25  # points: the figures are rounded to 0.1
PINNED_METRICS = ("quote_f1", "attributed_f1", "exact_f1")


def _accuracy_benchmark():
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", HERE.parent / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy_benchmark()


@pytest.mark.parametrize("pin", PINS, ids=lambda pin: f"{pin['gold']}:{pin['configuration']}")
def test_figures_stay_where_they_are_pinned(pin: dict, tmp_path: Path) -> None:
    gold = accuracy.gold_path(pin["gold"], tmp_path)
    if not gold.exists():
        pytest.skip(f"{gold} not found: the gate needs ../shared (or $ONTHERECORD_SHARED)")
    measured = accuracy.figures(accuracy.evaluate(gold, pin["configuration"], processes=2))
    moved = {m: (pin[m], measured[m]) for m in PINNED_METRICS if abs(measured[m] - pin[m]) > TOLERANCE}
    assert not moved, f"pinned → measured: {moved}; if this is a gain, pin the new figures and update docs/accuracy.md"
