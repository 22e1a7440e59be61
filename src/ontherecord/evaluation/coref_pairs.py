"""A learned mention-pair scorer for persons and organizations, trained on GUM (``models/coref``).

Two logistic regressions over hashed features (:class:`~ontherecord.reranker.linear.LinearModel`):
one types each candidate mention (:mod:`.coref_mentions`) as a person or organization or not, the
other scores an (antecedent, anaphor) pair as the same entity. :meth:`CorefModel.cluster` links
each kept candidate to its most probable antecedent within a window of candidates, best first,
when that probability reaches the link threshold. Thresholds and window are in ``coref.json``
beside the weights; :mod:`.coref_training` trains and writes them.

For the entity stage: :func:`pair_probability` scores two char spans of a parse.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from ..names import names_match
from ..reranker.linear import LinearModel
from .coref_mentions import NAME, NOMINAL, PRONOUN, Candidate, candidate_at, candidates, mention_features

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "coref"
SETTINGS, TYPING_WEIGHTS, PAIR_WEIGHTS = "coref.json", "typing.npz", "pairs.npz"
DISTANCE_BUCKETS = (0, 1, 2, 3, 5, 10, 20)

Clusters = list[list[tuple[int, int]]]


def bucket(distance: int) -> str:
    for limit in DISTANCE_BUCKETS:
        if distance <= limit:
            return str(limit)
    return f">{DISTANCE_BUCKETS[-1]}"


def _initials(text: str) -> str:
    return "".join(word[0] for word in text.split() if word)


def antecedent_rows(found: Sequence[Candidate], index: int, window: int) -> list[tuple[int, list[str]]]:
    """(antecedent index, pair features) for every candidate up to ``window`` before ``found[index]``."""
    rows, seen_kinds = [], Counter()
    for i in range(index - 1, max(0, index - window) - 1, -1):
        rows.append((i, pair_features(found[i], found[index], index - i - 1, seen_kinds[found[i].kind])))
        seen_kinds[found[i].kind] += 1
    return rows[::-1]


def pair_features(antecedent: Candidate, anaphor: Candidate, between: int, same_kind_between: int = 0) -> list[str]:
    """``between``: candidates between the two; ``same_kind_between``: those of the antecedent's kind
    (0: the nearest name, pronoun or noun phrase before the anaphor)."""
    a, m = antecedent, anaphor
    kinds = f"{a.kind}>{m.kind}"
    sentences = bucket(m.sentence - a.sentence)
    features = ["bias", f"kinds={kinds}", f"sd={sentences}|{kinds}", f"md={bucket(between)}|{kinds}"]
    features.append(f"nearest={bucket(same_kind_between)}|{kinds}|{a.label}")
    features += [f"labels={a.label}|{m.label}", f"plural={a.plural}|{m.plural}|{kinds}"]
    if a.text == m.text:
        features.append(f"exact|{kinds}")
    if a.lemma == m.lemma:
        features += [f"head|{kinds}", f"head|{kinds}|{m.determiner}"]
    if a.kind == NAME and m.kind == NAME:
        if names_match(a.text, m.text):
            features.append(f"same_person|{a.label}|{m.label}")
        if set(m.text.split()) < set(a.text.split()) or set(a.text.split()) < set(m.text.split()):
            features.append("name_subset")
        if len(m.text.split()) == 1 and len(a.text.split()) > 1 and _initials(a.text) == m.text:
            features.append("acronym")
    if m.kind == PRONOUN:
        about = a.lemma if a.kind == PRONOUN else a.label or f"{a.kind}:{a.lemma}"
        features += [f"pron={m.lemma}|{about}", f"pron={m.lemma}|{a.kind}|plural={a.plural}", f"pron={m.lemma}|sd={sentences}"]
    elif a.kind == PRONOUN:
        features.append(f"cataphor={a.lemma}|{m.kind}|{m.label}")
    if m.kind == NOMINAL:
        features += [f"nominal={m.lemma}|{a.label or a.kind}", f"nominal_det={m.determiner}|{a.kind}"]
    if m.sentence == a.sentence:
        if m.dep == "appos" and m.governor == a.head:
            features.append("appos")
        if a.governor == m.governor and a.dep.startswith("nsubj") and m.dep in ("attr", "oprd"):
            features.append("copula")
        if a.governor == m.governor and m.kind == PRONOUN:
            features.append(f"same_clause|{m.lemma}")
    if a.start <= m.start and m.end <= a.end or m.start <= a.start and a.end <= m.end:
        features.append(f"nested|{kinds}")
    return features


@dataclass
class CorefModel:
    typing: LinearModel
    pairs: LinearModel
    mention_threshold: float = 0.5
    link_threshold: float = 0.5
    window: int = 40

    def kept(self, found: list[Candidate]) -> list[Candidate]:
        """The candidates typed as a person or organization."""
        probabilities = self.typing.probabilities([mention_features(c) for c in found])
        return [c for c, p in zip(found, probabilities, strict=True) if p >= self.mention_threshold]

    def antecedent(self, kept: list[Candidate], index: int) -> tuple[int, float] | None:
        """(index of the most probable antecedent, its probability) of ``kept[index]``, or None."""
        rows = antecedent_rows(kept, index, self.window)
        if not rows:
            return None
        probabilities = self.pairs.probabilities([features for _, features in rows])
        best = max(range(len(rows)), key=lambda i: (probabilities[i], i))
        return rows[best][0], probabilities[best]

    def cluster(self, doc: Doc) -> Clusters:
        kept = self.kept(candidates(doc))
        cluster_of: list[int] = []
        clusters: Clusters = []
        for index, candidate in enumerate(kept):
            found = self.antecedent(kept, index)
            if found is not None and found[1] >= self.link_threshold:
                cluster_of.append(cluster_of[found[0]])
                clusters[cluster_of[-1]].append((candidate.start, candidate.end))
            else:
                cluster_of.append(len(clusters))
                clusters.append([(candidate.start, candidate.end)])
        return clusters

    def save(self, directory: Path, **about: object) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.typing.save(directory / TYPING_WEIGHTS)
        self.pairs.save(directory / PAIR_WEIGHTS)
        settings = {
            "mention_threshold": self.mention_threshold,
            "link_threshold": self.link_threshold,
            "window": self.window,
            **about,
        }
        (directory / SETTINGS).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "CorefModel":
        settings = json.loads((directory / SETTINGS).read_text(encoding="utf-8"))
        return cls(
            LinearModel.load(directory / TYPING_WEIGHTS),
            LinearModel.load(directory / PAIR_WEIGHTS),
            settings["mention_threshold"],
            settings["link_threshold"],
            settings["window"],
        )


@lru_cache(maxsize=1)
def shipped_model() -> CorefModel:
    return CorefModel.load(MODEL_DIR)


def learned_pairs(doc: Doc) -> Clusters:
    """The shipped model's person and organization clusters of ``doc`` (a coreference system)."""
    return shipped_model().cluster(doc)


def pair_probability(doc: Doc, antecedent: tuple[int, int], anaphor: tuple[int, int]) -> float:
    """The shipped model's probability that two char spans of ``doc`` are one entity; each span's
    syntactic root is its head. Spans that do not cover a token give 0."""
    found = [_span_candidate(doc, *span) for span in (antecedent, anaphor)]
    if None in found:
        return 0.0
    first, second = sorted(found, key=lambda c: (c.start, -c.end))
    between = [c for c in candidates(doc) if first.start < c.start < second.start]
    same_kind = sum(1 for c in between if c.kind == first.kind)
    return shipped_model().pairs.probability(pair_features(first, second, len(between), same_kind))


def _span_candidate(doc: Doc, start: int, end: int) -> Candidate | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sentence = sum(1 for s in doc.sents if s.end <= span.root.i)
    return candidate_at(doc, span.root, span.start, sentence)
