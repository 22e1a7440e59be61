"""Accurate mode, step 3: a trained model keeps the candidates that are attributions.

Every candidate (:mod:`~ontherecord.reranker.candidates`) gets a probability from a logistic
regression trained on PolNeAR train (:mod:`~ontherecord.reranker.training`). The most
probable candidates are kept, best first, while they clear their threshold (one for the rules' own
drafts, one for the model's candidates, both tuned on dev) and do not overlap a kept one. The rules'
direct and mixed quotes are always kept. The chosen drafts go back to the engine, which resolves
speakers, channels and figures as in fast mode. Weights ship in ``ontherecord/models/reranker`` and are read on first use.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from ..engine import Draft, TextView
from .candidates import Candidate, candidates
from .features import all_features
from .linear import LinearModel

WEIGHTS_FILE = "weights.npz"
BOUNDARY_FILE = "boundaries.npz"
META_FILE = "reranker.json"
KEPT_AS_DRAWN = frozenset({"rule:direct", "rule:mixed"})


def shipped_model_dir() -> Path:
    return Path(str(resources.files("ontherecord").joinpath("models", "reranker")))


@dataclass
class Reranker:
    model: LinearModel
    threshold: float = 0.5  # what a candidate of the model's own needs
    rule_threshold: float = 0.5  # what a draft of the rules, as the rules drew it, needs
    boundary_model: LinearModel | None = None  # proposes content boundaries (:mod:`.boundaries`)

    def choose(
        self, view: TextView, drafts: list[Draft], masked: list[tuple[int, int]], content_style: str = "clean"
    ) -> list[Draft]:
        return self.select(self.scored(view, drafts, masked, content_style))

    def refine(self, view: TextView, drafts: list[Draft], content_style: str) -> list[Draft]:
        """The engine's refiner hook (:class:`ontherecord.engine.Refiner`)."""
        return self.choose(view, drafts, view.masked, content_style)

    def scored(
        self, view: TextView, drafts: list[Draft], masked: list[tuple[int, int]], content_style: str, known: dict | None = None
    ) -> list[tuple[float, Candidate]]:
        """Every candidate with its probability, likeliest first. ``known``: probabilities by
        :func:`candidate_key` from an earlier run over the same parse (tuning reads them back)."""
        found = candidates(view, drafts, masked, content_style, self.boundary_model)
        keys = [candidate_key(c) for c in found]
        if known is None or any(key not in known for key in keys):
            probabilities = [
                1.0 if _kept_as_drawn(c) else p for c, p in zip(found, self.model.probabilities(all_features(view, found)))
            ]
            if known is not None:
                known.update(zip(keys, probabilities))
        else:
            probabilities = [known[key] for key in keys]
        return sorted(zip(probabilities, found), key=lambda pair: (-pair[0], pair[1].draft.start))

    def select(self, scored: list[tuple[float, Candidate]]) -> list[Draft]:
        """The likeliest candidates that clear their threshold and clash with no likelier one (copies)."""
        chosen: list[Draft] = []
        for probability, candidate in scored:
            if probability < min(self.threshold, self.rule_threshold):
                break
            if probability < (self.rule_threshold if _rules_own(candidate) else self.threshold):
                continue
            if not any(_clashes(candidate.draft, kept) for kept in chosen):
                chosen.append(replace(candidate.draft, pieces=list(candidate.draft.pieces), confidence=probability))
        return chosen

    def save(self, directory: Path, **meta) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.model.save(directory / WEIGHTS_FILE)
        if self.boundary_model is not None:
            self.boundary_model.save(directory / BOUNDARY_FILE)
        thresholds = {"threshold": self.threshold, "rule_threshold": self.rule_threshold, "bits": self.model.bits}
        (directory / META_FILE).write_text(json.dumps({**thresholds, **meta}, indent=2) + "\n")

    @classmethod
    def load(cls, directory: str | Path | None = None) -> "Reranker":
        directory = Path(directory) if directory is not None else shipped_model_dir()
        if not (directory / WEIGHTS_FILE).is_file():
            raise FileNotFoundError(f"{directory} holds no accurate-mode model ({WEIGHTS_FILE}); train one with `ontherecord train`")
        meta = json.loads((directory / META_FILE).read_text())
        threshold = float(meta["threshold"])
        boundary_path = directory / BOUNDARY_FILE
        boundary_model = LinearModel.load(boundary_path) if boundary_path.is_file() else None
        return cls(LinearModel.load(directory / WEIGHTS_FILE), threshold, float(meta.get("rule_threshold", threshold)), boundary_model)


def candidate_key(candidate: Candidate) -> tuple:
    draft = candidate.draft
    return (tuple(draft.pieces), draft.cue.cue_start if draft.cue is not None else None, candidate.origin, candidate.variant)


def _kept_as_drawn(candidate: Candidate) -> bool:
    """Quotation marks linked to a cue are the surest evidence there is: the rules' quotes stand."""
    return candidate.origin in KEPT_AS_DRAWN and candidate.variant == "base"


def _rules_own(candidate: Candidate) -> bool:
    return candidate.origin.startswith("rule:") and candidate.variant == "base"


def _clashes(draft: Draft, kept: Draft) -> bool:
    """Overlapping content, or content over the other's cue."""
    for start, end in draft.pieces:
        for kept_start, kept_end in kept.pieces:
            if start < kept_end and kept_start < end:
                return True
    for cue, pieces in ((draft.cue, kept.pieces), (kept.cue, draft.pieces)):
        if cue is not None and any(s <= cue.cue_start < e for s, e in pieces):
            return True
    return False


_cache: dict[str, Reranker] = {}
_lock = threading.Lock()


def load_reranker(directory: str | Path | None = None) -> Reranker:
    """The reranker in ``directory`` (default: the shipped one), loaded once per process."""
    key = str(directory or "")
    with _lock:
        if key not in _cache:
            _cache[key] = Reranker.load(directory)
        return _cache[key]


__all__ = ["Candidate", "Reranker", "load_reranker", "shipped_model_dir"]
