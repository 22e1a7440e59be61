"""Coreference scores: pairwise links, MUC and B³, on gold mentions of chosen types (GUM).

The three metrics take a key (gold clusters) and a response (predicted clusters) over hashable
mention ids, and return counts that add up over documents (micro-average):

* pairwise: a link is an unordered pair of mentions in one cluster; P = correct predicted links /
  predicted links, R = correct / gold links;
* MUC (Vilain et al. 1995): R = Σ_k (|k| − |p(k)|) / Σ_k (|k| − 1), where p(k) is the partition
  of k by the response (a mention the response lacks is a part of its own); P the same with key
  and response swapped;
* B³ in the CoNLL scorer's form for predicted mentions: R = Σ_k Σ_r |k∩r|² / |k| over Σ_k |k|,
  P = Σ_r Σ_k |k∩r|² / |r| over Σ_r |r|.

A system predicts clusters of character spans. :func:`restrict` turns one document's gold and
prediction into key and response for a set of entity types (person, organization or both):
the key is the gold entities of those types; predicted spans are aligned to gold mentions
(:func:`align`), the response keeps every predicted cluster holding at least one aligned mention
of those types, with all its mentions (one aligned to another type, or to no gold mention, is a
wrong link). Predicted clusters about nothing of those types are not this evaluation's business.

Alignment (:data:`EXACT` or :data:`CONTAINMENT`): exact needs the same span; containment also
aligns a span to the smallest gold mention containing it (GUM's mentions are whole noun phrases,
"U.S. President Donald Trump", where a named-entity tagger finds "Donald Trump"). Each gold
mention takes at most one predicted span: exact matches first, then the longest spans.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .gum import ORGANIZATION, PERSON, GumDocument, GumMention
from .scores import PRCounts

Span = tuple[int, int]
Clusters = Sequence[Sequence[Hashable]]
EXACT, CONTAINMENT = "exact", "containment"
ALIGNMENTS = (EXACT, CONTAINMENT)
PREFERRED_TYPES = frozenset({PERSON, ORGANIZATION})
METRICS = ("pairwise", "muc", "b3")


@dataclass
class CorefScores:
    ratios: dict[str, PRCounts] = field(default_factory=lambda: {metric: PRCounts() for metric in METRICS})

    def add(self, key: Clusters, response: Clusters) -> None:
        self.ratios["pairwise"].add(pairwise(key, response))
        self.ratios["muc"].add(muc(key, response))
        self.ratios["b3"].add(b_cubed(key, response))


def _deduplicated(clusters: Clusters) -> list[list[Hashable]]:
    """Each mention once, in its first cluster; empty clusters dropped."""
    seen: set[Hashable] = set()
    result = []
    for cluster in clusters:
        kept = [m for m in dict.fromkeys(cluster) if m not in seen]
        seen.update(kept)
        if kept:
            result.append(kept)
    return result


def _links(clusters: Clusters) -> set[frozenset]:
    return {frozenset(pair) for cluster in clusters for pair in combinations(cluster, 2)}


def pairwise(key: Clusters, response: Clusters) -> PRCounts:
    gold, predicted = _links(_deduplicated(key)), _links(_deduplicated(response))
    correct = len(gold & predicted)
    return PRCounts(correct, len(predicted), correct, len(gold))  # links: numerator, then each side's total


def _muc_recall(key: list[list[Hashable]], response: list[list[Hashable]]) -> tuple[int, int]:
    cluster_of = {m: i for i, cluster in enumerate(response) for m in cluster}
    numerator = denominator = 0
    for cluster in key:
        parts = {cluster_of.get(m, ("alone", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator, denominator


def muc(key: Clusters, response: Clusters) -> PRCounts:
    key, response = _deduplicated(key), _deduplicated(response)
    recall_num, recall_den = _muc_recall(key, response)
    precision_num, precision_den = _muc_recall(response, key)
    return PRCounts(precision_num, precision_den, recall_num, recall_den)


def _b_cubed_recall(key: list[list[Hashable]], response: list[list[Hashable]]) -> tuple[float, int]:
    cluster_of = {m: i for i, cluster in enumerate(response) for m in cluster}
    numerator = 0.0
    for cluster in key:
        overlaps: dict[int, int] = {}
        for m in cluster:
            if m in cluster_of:
                overlaps[cluster_of[m]] = overlaps.get(cluster_of[m], 0) + 1
        numerator += sum(n * n for n in overlaps.values()) / len(cluster)
    return numerator, sum(len(cluster) for cluster in key)


def b_cubed(key: Clusters, response: Clusters) -> PRCounts:
    key, response = _deduplicated(key), _deduplicated(response)
    recall_num, recall_den = _b_cubed_recall(key, response)
    precision_num, precision_den = _b_cubed_recall(response, key)
    return PRCounts(precision_num, precision_den, recall_num, recall_den)


def align(spans: Iterable[Span], gold: Sequence[GumMention], method: str = CONTAINMENT) -> dict[Span, int]:
    """Predicted span → index of its gold mention in ``gold`` (spans aligned to none are absent)."""
    if method not in ALIGNMENTS:
        raise ValueError(f"alignment {method!r} is not one of {', '.join(ALIGNMENTS)}")
    spans = sorted(set(spans), key=lambda s: (s[0] - s[1], s))
    exact: dict[Span, list[int]] = {}
    for index, mention in enumerate(gold):
        exact.setdefault((mention.start, mention.end), []).append(index)
    aligned: dict[Span, int] = {}
    taken: set[int] = set()
    for span in spans:
        free = [i for i in exact.get(span, ()) if i not in taken]
        if free:
            aligned[span] = _preferred(free, gold)
            taken.add(aligned[span])
    if method == CONTAINMENT:
        for span in (s for s in spans if s not in aligned):
            containing = [
                i for i, m in enumerate(gold) if i not in taken and m.start <= span[0] and span[1] <= m.end
            ]
            if containing:
                smallest = min(gold[i].end - gold[i].start for i in containing)
                aligned[span] = _preferred([i for i in containing if gold[i].end - gold[i].start == smallest], gold)
                taken.add(aligned[span])
    return aligned


def _preferred(candidates: list[int], gold: Sequence[GumMention]) -> int:
    """A person or organization mention before any other of the same span, then the first."""
    return min(candidates, key=lambda i: (gold[i].entity_type not in PREFERRED_TYPES, i))


def restrict(
    document: GumDocument, predicted: Sequence[Sequence[Span]], types: frozenset[str], method: str = CONTAINMENT
) -> tuple[list[list[Hashable]], list[list[Hashable]]]:
    """(key, response) over mention ids: a gold mention's index, or ``("predicted", span)`` for a
    span aligned to no gold mention."""
    gold = document.mentions
    aligned = align((span for cluster in predicted for span in cluster), gold, method)
    key_by_cluster: dict[str, list[Hashable]] = {}
    for index, mention in enumerate(gold):
        if mention.entity_type in types:
            key_by_cluster.setdefault(mention.cluster, []).append(index)
    response = []
    for cluster in predicted:
        ids = [aligned.get(tuple(span), ("predicted", tuple(span))) for span in cluster]
        if any(isinstance(i, int) and gold[i].entity_type in types for i in ids):
            response.append(ids)
    return list(key_by_cluster.values()), response


def score_documents(
    pairs: Iterable[tuple[GumDocument, Sequence[Sequence[Span]]]], types: frozenset[str], method: str = CONTAINMENT
) -> CorefScores:
    """The three metrics, micro-averaged over (document, predicted clusters) pairs."""
    scores = CorefScores()
    for document, predicted in pairs:
        scores.add(*restrict(document, predicted, types, method))
    return scores
