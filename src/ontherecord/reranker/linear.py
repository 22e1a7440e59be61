"""A logistic regression over hashed string features, trained with AdaGrad (numpy only).

Features hash with CRC-32 (stable across processes, unlike ``hash()``), so a saved weight
vector means the same thing on every machine. Training is seeded and single-threaded: the
same data and seed give the same weights, bit for bit.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_BITS = 20


def hash_features(features: Sequence[str], bits: int) -> np.ndarray:
    mask = (1 << bits) - 1
    return np.unique(np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in features), dtype=np.int64))


@dataclass
class LinearModel:
    weights: np.ndarray  # float32, 2**bits
    bits: int = DEFAULT_BITS

    @classmethod
    def zeros(cls, bits: int = DEFAULT_BITS) -> "LinearModel":
        return cls(np.zeros(1 << bits, dtype=np.float32), bits)

    def probability(self, features: Sequence[str]) -> float:
        return float(_sigmoid(float(self.weights[hash_features(features, self.bits)].sum())))

    def probabilities(self, rows: Sequence[Sequence[str]]) -> list[float]:
        """:meth:`probability` of many feature lists at once (one weight lookup for all: much faster)."""
        if not rows:
            return []
        mask, crc32 = (1 << self.bits) - 1, zlib.crc32
        hashed = [sorted({crc32(f.encode("utf-8")) & mask for f in row}) for row in rows]
        starts = np.cumsum([0] + [len(indices) for indices in hashed[:-1]])
        flat = np.fromiter((i for indices in hashed for i in indices), dtype=np.int64)
        sums = np.add.reduceat(self.weights[flat].astype(np.float64), starts)
        return (1.0 / (1.0 + np.exp(-sums))).tolist()

    def fit_epoch(
        self,
        examples: Sequence[np.ndarray],
        labels: Sequence[float],
        rng: random.Random,
        state: "AdagradState",
        l2: float = 1e-6,
    ) -> float:
        """One pass over ``examples`` (hashed index arrays; labels may be soft, in [0, 1]) in a seeded order; returns the mean log loss."""
        order = list(range(len(examples)))
        rng.shuffle(order)
        weights, squares = self.weights, state.squares
        total = 0.0
        for i in order:
            indices = examples[i]
            p = _sigmoid(float(weights[indices].sum()))
            y = labels[i]
            total -= y * math.log(max(p, 1e-12)) + (1.0 - y) * math.log(max(1.0 - p, 1e-12))
            gradient = (p - y) + l2 * weights[indices]
            squares[indices] += gradient * gradient
            weights[indices] -= state.rate * gradient / np.sqrt(squares[indices])
        return total / max(1, len(examples))

    def save(self, path: Path) -> None:
        """Only the non-zero weights are stored (most hash slots never see a feature)."""
        nonzero = np.flatnonzero(self.weights)
        np.savez_compressed(path, bits=np.int64(self.bits), indices=nonzero.astype(np.int32), values=self.weights[nonzero].astype(np.float32))

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with np.load(path) as stored:
            bits = int(stored["bits"])
            weights = np.zeros(1 << bits, dtype=np.float32)
            weights[stored["indices"]] = stored["values"]
        return cls(weights, bits)


@dataclass
class AdagradState:
    squares: np.ndarray
    rate: float

    @classmethod
    def for_model(cls, model: LinearModel, rate: float = 0.1) -> "AdagradState":
        return cls(np.full_like(model.weights, 1e-8), rate)


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + np.exp(-value))
    z = np.exp(value)
    return z / (1.0 + z)
