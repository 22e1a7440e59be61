"""Train the boundary model (:mod:`.boundaries`) on PolNeAR: where gold content starts and ends after its cue.

A gold attribution teaches the model when its Cue span holds one of our cue words and its
(one-piece) content starts within that cue's window: the first word of the content is the one
positive start among the window's words, its last word the one positive end.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine import CueMatch, TextView
from ..evaluation.gold import GoldArticle
from .boundaries import window_features
from .linear import AdagradState, LinearModel, hash_features
from .tokens import has_letters


@dataclass
class BoundaryExamples:
    features: list[np.ndarray]
    labels: list[float]
    matched: int = 0  # gold attributions whose cue is one of ours
    in_window: int = 0  # ... and whose content starts and ends inside that cue's window


def gold_boundaries(gold: GoldArticle, view: TextView, cues: Sequence[CueMatch]) -> list[tuple[CueMatch, int, int]]:
    """(our cue, first word, last word) of each one-piece gold content whose cue is one of ours."""
    found = []
    for quote in gold.quotes:
        if quote.optional or len(quote.ranges) != 1 or not quote.cue_ranges:
            continue
        cue = next((c for c in cues if any(start <= c.verb.idx < end for start, end in quote.cue_ranges)), None)
        if cue is None:
            continue
        start, end = quote.ranges[0]
        words = [t for t in view.tokens_within(start, end) if has_letters(t)]
        if words:
            found.append((cue, words[0].i, words[-1].i))
    return found


def add_examples(examples: BoundaryExamples, gold: GoldArticle, view: TextView, cues: Sequence[CueMatch], bits: int) -> None:
    for cue, first, last in gold_boundaries(gold, view, cues):
        examples.matched += 1
        start_rows, end_rows = window_features(view, cue)
        if first not in {t.i for t, _ in start_rows} or last not in {t.i for t, _ in end_rows}:
            continue
        examples.in_window += 1
        for rows, answer in ((start_rows, first), (end_rows, last)):
            for token, features in rows:
                examples.features.append(hash_features(features, bits))
                examples.labels.append(1.0 if token.i == answer else 0.0)


def train_boundary_model(examples: BoundaryExamples, bits: int, epochs: int, learning_rate: float, l2: float, seed: int) -> LinearModel:
    model = LinearModel.zeros(bits)
    state = AdagradState.for_model(model, learning_rate)
    rng = random.Random(seed)
    for _ in range(epochs):
        model.fit_epoch(examples.features, examples.labels, rng, state, l2)
    return model
