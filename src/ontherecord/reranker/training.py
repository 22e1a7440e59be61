"""Train accurate mode on PolNeAR train; score dev after every epoch; tune its thresholds on dev.

Two stages. First the boundary model (:mod:`.boundary_training`): where content starts and ends
after its cue. Then the reranker: a candidate is a positive example when its content is exactly
(alphanumerics, case folded) the content of a gold attribution, so the model learns boundaries,
not just "is there speech here". The reranker learns from the candidates of boundary models
cross-fitted on the other half of train, so that it trusts their spans as much as they deserve on
text they never saw; the boundary model shipped is trained on all of train.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..component import package_article
from ..engine import Draft, TextView, attribute
from ..evaluation.gold import POLNEAR, GoldArticle, load_polnear
from ..evaluation.scoring import CorpusScore, alnum_positions, content_keys, normalise_content, score_corpus
from ..pipeline import DEFAULT_MODEL, load_pipeline
from .boundary_training import BoundaryExamples, add_examples, train_boundary_model
from .candidates import candidates, every_cue
from .features import all_features
from .linear import AdagradState, LinearModel, hash_features
from .reranker import Reranker

DOC_ATTRS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE", "SPACY"]
THRESHOLDS = tuple(round(0.25 + 0.05 * i, 2) for i in range(8))  # 0.25 ... 0.60
RULE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)  # a rules' draft may need less


@dataclass
class RerankerConfig:
    epochs: int = 4  # 4 to 6 epochs scored within 0.5 point on dev; 4 was best
    boundary_epochs: int = 4
    seed: int = 13
    bits: int = 20
    learning_rate: float = 0.1
    l2: float = 1e-6
    partial_credit: float = 0.5  # a near miss's label: its character overlap (Dice) with gold content, times this
    threshold: float = 0.5  # used during training; the final one is tuned on dev
    processes: int = 2
    limit: int | None = None
    dev_limit: int | None = None
    model: str = DEFAULT_MODEL
    parse_cache: str | None = None  # a directory for the parses of train and dev, reused by later runs


@dataclass
class EngineState:
    """What the engine hands the reranker for one article: read once, reused by every training stage."""

    gold: GoldArticle
    view: TextView
    drafts: list[Draft]
    masked: list[tuple[int, int]]


class _Capture:
    """Stands where the reranker stands, keeps what the engine hands it, and lets the rules' drafts stand."""

    def refine(self, view: TextView, drafts: list[Draft], content_style: str = "polnear") -> list[Draft]:
        self.state = (view, list(drafts), view.masked)
        return drafts


def engine_states(pairs: Iterable[tuple[GoldArticle, Doc]]) -> list[EngineState]:
    states = []
    for gold, doc in pairs:
        capture = _Capture()
        attribute(doc, reranker=capture)
        states.append(EngineState(gold, *capture.state))
    return states


def parsed(
    nlp: Language, articles: list[GoldArticle], processes: int, cache: Path | None = None
) -> list[tuple[GoldArticle, Doc]]:
    """Gold articles with their parses (the attribution component is left out: we call the engine ourselves).

    With ``cache`` (a .spacy file), parses are read from it when it holds these very texts, else written to it."""
    texts = [a.text for a in articles]
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return list(zip(articles, docs))
    with nlp.select_pipes(disable=["ontherecord"]):
        docs = list(nlp.pipe(texts, n_process=processes, batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(attrs=DOC_ATTRS, docs=docs).to_disk(cache)
    return list(zip(articles, docs))


@dataclass
class Examples:
    features: list[np.ndarray]  # hashed feature indices per candidate
    labels: list[float]  # 1 for an exact gold content; else the best character overlap (Dice) with one
    gold_contents: int = 0
    gold_reachable: int = 0  # gold contents some candidate matches exactly: the ceiling of exact recall


def examples_from(
    states: Iterable[EngineState], bits: int, partial_credit: float, boundary_model_for: Callable[[int], LinearModel | None]
) -> Examples:
    """Every candidate of every article, labelled; ``boundary_model_for(i)`` gives article i's boundary model."""
    examples = Examples([], [])
    for index, state in enumerate(states):
        gold, text = state.gold, state.view.text
        gold_keys = {normalise_content(q.content(text)) for q in gold.quotes if not q.optional} - {""}
        gold_chars = [alnum_positions(text, q.ranges) for q in gold.quotes if not q.optional]
        # the labels follow PolNeAR's convention
        found = candidates(state.view, state.drafts, state.masked, "polnear", boundary_model_for(index))
        reached: set[str] = set()
        for candidate, features in zip(found, all_features(state.view, found)):
            examples.features.append(hash_features(features, bits))
            exact = content_keys(text, candidate.draft.pieces) & gold_keys
            reached |= exact
            chars = alnum_positions(text, candidate.draft.pieces)
            examples.labels.append(1.0 if exact else partial_credit * _best_overlap(chars, gold_chars))
        examples.gold_contents += len(gold_keys)
        examples.gold_reachable += len(reached)
    return examples


def boundary_models(states: list[EngineState], config: "RerankerConfig", log: Callable[[str], None]) -> tuple[LinearModel, list[LinearModel]]:
    """The boundary model trained on every article, and two cross-fitted ones (each trained on half the
    articles: the reranker learns from candidates the boundary model proposes for text it never saw)."""
    halves = [BoundaryExamples([], []), BoundaryExamples([], [])]
    for index, state in enumerate(states):
        add_examples(halves[index % 2], state.gold, state.view, every_cue(state.view, state.masked), config.bits)

    def train(examples: BoundaryExamples) -> LinearModel:
        return train_boundary_model(examples, config.bits, config.boundary_epochs, config.learning_rate, config.l2, config.seed)

    both = BoundaryExamples(halves[0].features + halves[1].features, halves[0].labels + halves[1].labels)
    matched, in_window = sum(h.matched for h in halves), sum(h.in_window for h in halves)
    log(f"boundaries: {matched} gold contents have one of our cues, {in_window} lie in its window; {len(both.labels)} words")
    return train(both), [train(halves[1]), train(halves[0])]  # article i's model never saw article i


def _best_overlap(chars: set[int], gold: list[set[int]]) -> float:
    return max((2 * len(chars & g) / (len(chars) + len(g)) for g in gold if g and chars & g), default=0.0)


class _ScoredOnce:
    """A reranker that computes each candidate's probability once and reads it back under other thresholds."""

    def __init__(self, reranker: Reranker) -> None:
        self.reranker = reranker
        self._known: dict[int, dict] = {}

    def refine(self, view: TextView, drafts: list[Draft], content_style: str) -> list[Draft]:
        masked = view.masked
        known = self._known.setdefault(id(view.doc), {})  # the dev parses live as long as this object
        return self.reranker.select(self.reranker.scored(view, drafts, masked, content_style, known))


def score_dev(dev: list[tuple[GoldArticle, Doc]], reranker: "Reranker | _ScoredOnce") -> CorpusScore:
    def pairs():
        for gold, doc in dev:
            quotes, speakers = attribute(doc, reranker=reranker, content_style="polnear")
            yield gold, package_article(doc.text, quotes, speakers, {"id": gold.id}), None

    return score_corpus(POLNEAR, pairs())


def summary(score: CorpusScore) -> str:
    metrics = score.total.metrics
    return " ".join(f"{name} F1 {100 * metrics[name].f1:.1f}" for name in ("quote", "attributed", "exact"))


def _headline(score: CorpusScore) -> float:
    """Threshold choice: attributed F1 (the headline) and exact-content F1, equally weighted."""
    metrics = score.total.metrics
    return metrics["attributed"].f1 + metrics["exact"].f1


def train_reranker(polnear_dir: str | Path, out_dir: str | Path, config: RerankerConfig, log: Callable[[str], None] = print) -> dict:
    """Train, report dev after each epoch, tune the threshold on dev, save to ``out_dir``; return the record saved."""
    polnear_dir, out_dir = Path(polnear_dir), Path(out_dir)
    started = time.monotonic()
    nlp = load_pipeline(config.model)
    train_articles = load_polnear(polnear_dir / "train").articles[: config.limit]
    dev_articles = load_polnear(polnear_dir / "dev").articles[: config.dev_limit]
    cache = Path(config.parse_cache) if config.parse_cache else None
    states = engine_states(parsed(nlp, train_articles, config.processes, cache and cache / "train.spacy"))
    boundary_model, cross_fitted = boundary_models(states, config, log)
    examples = examples_from(states, config.bits, config.partial_credit, lambda i: cross_fitted[i % 2])
    del states
    dev = parsed(nlp, dev_articles, config.processes, cache and cache / "dev.spacy")
    log(
        f"train: {len(train_articles)} articles, {len(examples.labels)} candidates; they reach "
        f"{examples.gold_reachable} of {examples.gold_contents} gold contents exactly; "
        f"dev: {len(dev)} articles ({time.monotonic() - started:.0f}s)"
    )

    model = LinearModel.zeros(config.bits)
    state = AdagradState.for_model(model, config.learning_rate)
    rng = random.Random(config.seed)
    history = []
    for epoch in range(1, config.epochs + 1):
        loss = model.fit_epoch(examples.features, examples.labels, rng, state, config.l2)
        score = score_dev(dev, Reranker(model, config.threshold, boundary_model=boundary_model))
        history.append({"epoch": epoch, "loss": round(loss, 5), **_figures(score)})
        log(f"epoch {epoch}: loss {loss:.4f}; dev {summary(score)}")

    best, best_score = (config.threshold, config.threshold), None
    scored_once = _ScoredOnce(Reranker(model, boundary_model=boundary_model))
    for threshold in THRESHOLDS:
        for rule_threshold in RULE_THRESHOLDS:
            if rule_threshold > threshold:
                continue
            scored_once.reranker.threshold, scored_once.reranker.rule_threshold = threshold, rule_threshold
            score = score_dev(dev, scored_once)
            log(f"thresholds {threshold:.2f} (model's candidates), {rule_threshold:.2f} (rules' drafts): dev {summary(score)}")
            if best_score is None or _headline(score) > _headline(best_score):
                best, best_score = (threshold, rule_threshold), score
    reranker = Reranker(model, *best, boundary_model)
    record = {
        "family": "reranker (hashed logistic regression over engine candidates, spans proposed by a learned boundary model)",
        "trained_on": f"PolNeAR train ({len(train_articles)} articles), threshold tuned on dev ({len(dev)} articles)",
        "config": {k: v for k, v in asdict(config).items() if k != "parse_cache"},
        "history": history,
        "dev": _figures(best_score),
        "seconds": round(time.monotonic() - started),
    }
    reranker.save(out_dir, **record)
    log(f"thresholds {best[0]:.2f} / {best[1]:.2f} kept: dev {summary(best_score)}; written to {out_dir}")
    return {"threshold": best[0], "rule_threshold": best[1], **record}


def _figures(score: CorpusScore) -> dict:
    return {name: round(100 * score.total.metrics[name].f1, 2) for name in ("quote", "attributed", "exact")}
