"""Train the mention-pair scorer (:mod:`.coref_pairs`) on GUM's training genres, never on news or interviews.

    python -m ontherecord.evaluation.coref_training [--out DIR] [--epochs N]

Candidates (:mod:`.coref_mentions`) are aligned to GUM's mentions by containment
(:func:`.coref_scoring.align`). Typing examples: every candidate, positive when aligned to a person
or organization mention. Pair examples: every (earlier candidate, candidate) within the window
where one of the two is aligned to a person or organization mention, positive when both are
aligned to mentions of one entity. The thresholds are chosen by two-fold cross-validation over the
training documents (odd and even in name order), the mean of MUC and B³ F1 on persons and
organizations; the shipped weights are then trained on all of them.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from itertools import product
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..reranker.linear import AdagradState, LinearModel, hash_features
from .coref_mentions import candidates, mention_features
from .coref_pairs import MODEL_DIR, CorefModel, antecedent_rows
from .coref_scoring import CONTAINMENT, align, score_documents
from .gum import ORGANIZATION, PERSON, GumDocument

TYPES = frozenset({PERSON, ORGANIZATION})
BITS, SEED, WINDOW = 18, 13, 40
MENTION_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
LINK_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


def examples(document: GumDocument, doc: Doc, window: int = WINDOW) -> tuple[list, list, list, list]:
    """(typing rows, typing labels, pair rows, pair labels) of one document."""
    found = candidates(doc)
    aligned = align([(c.start, c.end) for c in found], document.mentions, CONTAINMENT)
    entity = []
    for c in found:
        index = aligned.get((c.start, c.end))
        mention = None if index is None else document.mentions[index]
        entity.append(mention.cluster if mention is not None and mention.entity_type in TYPES else None)
    typing_rows = [mention_features(c) for c in found]
    typing_labels = [float(e is not None) for e in entity]
    pair_rows, pair_labels = [], []
    for j in range(len(found)):
        for i, features in antecedent_rows(found, j, window):
            if entity[i] is None and entity[j] is None:
                continue
            pair_rows.append(features)
            pair_labels.append(float(entity[i] is not None and entity[i] == entity[j]))
    return typing_rows, typing_labels, pair_rows, pair_labels


def fit(rows: Sequence[Sequence[str]], labels: Sequence[float], epochs: int) -> LinearModel:
    model = LinearModel.zeros(BITS)
    state = AdagradState.for_model(model)
    hashed = [hash_features(row, BITS) for row in rows]
    rng = random.Random(SEED)
    for _ in range(epochs):
        model.fit_epoch(hashed, labels, rng, state)
    return model


def train(pairs: Sequence[tuple[GumDocument, Doc]], epochs: int) -> CorefModel:
    typing_rows, typing_labels, pair_rows, pair_labels = [], [], [], []
    for document, doc in pairs:
        t_rows, t_labels, p_rows, p_labels = examples(document, doc)
        typing_rows += t_rows
        typing_labels += t_labels
        pair_rows += p_rows
        pair_labels += p_labels
    print(f"{len(typing_rows)} candidates, {len(pair_rows)} pairs ({int(sum(pair_labels))} positive)", file=sys.stderr)
    return CorefModel(fit(typing_rows, typing_labels, epochs), fit(pair_rows, pair_labels, epochs), window=WINDOW)


def conll_f1(model: CorefModel, pairs: Sequence[tuple[GumDocument, Doc]]) -> float:
    ratios = score_documents([(d, model.cluster(doc)) for d, doc in pairs], TYPES, CONTAINMENT).ratios
    return float(np.mean([ratios["muc"].f1, ratios["b3"].f1]))


def cross_validated_thresholds(pairs: Sequence[tuple[GumDocument, Doc]], epochs: int) -> tuple[float, float, float]:
    """(mention threshold, link threshold, their mean cross-validated score)."""
    folds = [pairs[0::2], pairs[1::2]]
    models = [train(folds[1 - k], epochs) for k in range(2)]
    best = (-1.0, 0.5, 0.5)
    for mention_threshold, link_threshold in product(MENTION_THRESHOLDS, LINK_THRESHOLDS):
        scores = []
        for model, fold in zip(models, folds, strict=True):
            model.mention_threshold, model.link_threshold = mention_threshold, link_threshold
            scores.append(conll_f1(model, fold))
        score = float(np.mean(scores))
        print(f"mention {mention_threshold} link {link_threshold}: {100 * score:.1f}", file=sys.stderr)
        if score > best[0]:
            best = (score, mention_threshold, link_threshold)
    return best[1], best[2], best[0]


def main() -> int:
    from ..pipeline import load_pipeline
    from .gum import load_gum, split

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(MODEL_DIR), help="directory for the weights and coref.json")
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    training, _ = split(load_gum())
    nlp = load_pipeline()
    pairs = list(zip(training, nlp.pipe(d.text for d in training), strict=True))
    mention_threshold, link_threshold, score = cross_validated_thresholds(pairs, args.epochs)
    model = train(pairs, args.epochs)
    model.mention_threshold, model.link_threshold = mention_threshold, link_threshold
    model.save(
        Path(args.out),
        trained_on=[d.name for d in training],
        epochs=args.epochs,
        cross_validated_muc_b3_f1=round(100 * score, 1),
    )
    print(f"thresholds mention {mention_threshold} link {link_threshold}, cross-validated {100 * score:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
