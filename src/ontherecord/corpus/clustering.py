"""Cross-article entities, in memory: which person speakers of different stories are one person.

Pure functions over :class:`SpeakerFacts` (no store, no SQL; :mod:`.entities` reads the
speakers and writes the entities). Only named ``person`` speakers are linked; anonymous
sources, groups, documents and unnamed speakers never are, so "a senior official" in two
stories stays two sources.

Linking, in order:

1. Speakers are grouped by normalised name (accents, honorifics and punctuation removed, by
   :mod:`ontherecord.names`):
   "Dr. Cecilia Farfán-Méndez" and "Cecilia Farfan Mendez" share a block.
2. Within a block, speakers are taken in date order and each joins the best-scoring
   compatible entity, else starts a new one. Evidence for: same name (0.6), same
   organisation (+0.25), same role (+0.1), same outlet (+0.05). Against: a different
   organisation, or a speaker of the same article already in the entity, or dates more than
   ``MAX_YEARS_APART`` apart without a shared organisation — each keeps them apart. A
   different role lowers the score. Single-word names ("Parnell", "Mr Armes") link to each
   other only with a shared organisation.
3. A single-word name joins the full-name entity with that surname when that entity is the
   only one, or has at least three times the articles of the next ("Howard" → Michael
   Howard in a politics corpus), shares the outlet, shows no conflicting evidence, and
   another speaker is quoted both in the speaker's article and in the entity's articles
   (shared context); the evidence says so and the score is lower (0.45 base).
4. Manual overrides (``entity_overrides``) are applied last: a ``split`` speaker gets an
   entity of its own; speakers of one ``merge`` group share one entity. Overrides name a
   speaker by (article identity, normalised name), so they survive re-ingest.

Every link carries its score and the evidence (what matched, what conflicted, the override
applied); :func:`assign_ids` gives each entity the id most of its speakers had before.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..names import Person, fold, same_person, strip_honorifics

NAME_WEIGHT = 0.6
ORGANIZATION_WEIGHT = 0.25
ROLE_WEIGHT = 0.1
OUTLET_WEIGHT = 0.05
ROLE_MISMATCH_PENALTY = 0.15
LINK_THRESHOLD = 0.5
SINGLE_WORD_THRESHOLD = NAME_WEIGHT + ORGANIZATION_WEIGHT
SURNAME_WEIGHT = 0.45
SURNAME_DOMINANCE = 3
MAX_YEARS_APART = 12

STOP_WORDS = frozenset("the of and for at in a an to s".split())
ROLE_SYNONYMS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "chairman": "chair",
                 "chairwoman": "chair", "chairperson": "chair", "ceo": "chief executive"}

Anchor = tuple[str, str]  # (article identity, normalised speaker name): how overrides and ids name a speaker


def normalize_name(name: str | None) -> str:
    """``"Dr. Cecilia Farfán-Méndez"`` → ``"cecilia farfan mendez"``."""
    if not name:
        return ""
    text = re.sub(r"['’]s\b", "", fold(name))
    return " ".join(strip_honorifics(re.findall(r"[a-z0-9]+", text)))


def _person(normalized: str) -> Person:
    """(given name, surname) of a normalised name; a single word is a surname."""
    words = normalized.split()
    return (words[0] if len(words) > 1 else None), words[-1]


def _content_words(text: str | None) -> frozenset[str]:
    words = normalize_name(text).split()
    return frozenset(ROLE_SYNONYMS.get(word, word) for word in words if word not in STOP_WORDS)


@dataclass
class SpeakerFacts:
    speaker_id: int
    name: str
    normalized: str
    article_identity: str
    outlet: str | None
    published_year: int | None
    role_words: frozenset[str]
    organization_words: frozenset[str]
    role: str | None
    organization: str | None
    quote_count: int

    @property
    def anchor(self) -> Anchor:
        return (self.article_identity, self.normalized)


@dataclass
class Cluster:
    members: list[SpeakerFacts] = field(default_factory=list)
    links: dict[int, tuple[float, dict[str, Any], str]] = field(default_factory=dict)  # speaker id → link
    # What the members say, kept up to date so comparing a speaker does not rescan them all.
    organizations: set[frozenset[str]] = field(default_factory=set)
    roles: set[frozenset[str]] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)

    def add(self, speaker: SpeakerFacts, score: float, evidence: dict[str, Any], method: str = "auto") -> None:
        self.members.append(speaker)
        self.links[speaker.speaker_id] = (score, evidence, method)
        if speaker.organization_words:
            self.organizations.add(speaker.organization_words)
        if speaker.role_words:
            self.roles.add(speaker.role_words)
        if speaker.published_year:
            self.years.add(speaker.published_year)
        self.articles.add(speaker.article_identity)
        if speaker.outlet:
            self.outlets.add(speaker.outlet)

    def absorb(self, other: "Cluster", group_key: str) -> None:
        for member in other.members:
            score, evidence, _ = other.links[member.speaker_id]
            self.add(member, score, {**evidence, "override": "merge", "merge_group": group_key}, "override")


def compare(
    speaker: SpeakerFacts, cluster: Cluster, *, base: float = NAME_WEIGHT, threshold: float | None = None
) -> tuple[float | None, dict[str, Any]]:
    """(score, evidence) for putting ``speaker`` in ``cluster``; score None means incompatible."""
    evidence: dict[str, Any] = {"name": speaker.normalized, "matched": [], "mismatched": [], "conflicts": []}
    shared_organization = any(speaker.organization_words & words for words in cluster.organizations)
    if speaker.article_identity in cluster.articles:
        evidence["conflicts"].append("another speaker of the same article")
    if speaker.organization_words and cluster.organizations and not shared_organization:
        evidence["conflicts"].append(f"organization: {speaker.organization} vs {_an_organization(cluster)}")
    if speaker.published_year and cluster.years and not shared_organization:
        gap = min(abs(speaker.published_year - year) for year in cluster.years)
        if gap > MAX_YEARS_APART:
            evidence["conflicts"].append(f"{gap} years apart")
    if evidence["conflicts"]:
        return None, evidence

    score = base
    if shared_organization:
        score += ORGANIZATION_WEIGHT
        evidence["matched"].append(f"organization: {speaker.organization}")
    if speaker.role_words and cluster.roles:
        if any(speaker.role_words & words for words in cluster.roles):
            score += ROLE_WEIGHT
            evidence["matched"].append(f"role: {speaker.role}")
        else:
            score -= ROLE_MISMATCH_PENALTY
            evidence["mismatched"].append(f"role: {speaker.role}")
    if speaker.outlet and speaker.outlet in cluster.outlets:
        score += OUTLET_WEIGHT
        evidence["matched"].append(f"outlet: {speaker.outlet}")
    if threshold is None:
        threshold = SINGLE_WORD_THRESHOLD if " " not in speaker.normalized else LINK_THRESHOLD
    return (round(min(score, 1.0), 3) if score >= threshold else None), evidence


def _an_organization(cluster: Cluster) -> str | None:
    return next((m.organization for m in cluster.members if m.organization), None)


def cluster_block(speakers: Iterable[SpeakerFacts]) -> list[Cluster]:
    """Greedy, date-ordered clustering of speakers that share a normalised name."""
    clusters: list[Cluster] = []
    for speaker in speakers:
        best: tuple[float, Cluster, dict[str, Any]] | None = None
        for cluster in clusters:
            score, evidence = compare(speaker, cluster)
            if score is not None and (best is None or score > best[0]):
                best = (score, cluster, evidence)
        if best is None:
            cluster = Cluster()
            cluster.add(speaker, 1.0, {"name": speaker.normalized, "first": True})
            clusters.append(cluster)
        else:
            score, cluster, evidence = best
            cluster.add(speaker, score, evidence)
    return clusters


def cluster_speakers(
    speakers: Iterable[SpeakerFacts],
    context: dict[str, frozenset[str]],
    splits: set[Anchor] = frozenset(),
) -> list[Cluster]:
    """The entities of ``speakers`` (steps 1-3 above); ``splits`` speakers stay alone."""
    blocks: dict[str, list[SpeakerFacts]] = defaultdict(list)
    clusters: list[Cluster] = []
    for speaker in speakers:
        if speaker.anchor in splits:
            cluster = Cluster()
            cluster.add(speaker, 1.0, {"name": speaker.normalized, "override": "split"}, "override")
            clusters.append(cluster)
        else:
            blocks[speaker.normalized].append(speaker)
    for name, block in blocks.items():
        if " " in name:
            clusters.extend(cluster_block(_by_date(block)))
    single_word = [speaker for name, block in blocks.items() if " " not in name for speaker in block]
    for block in _group_by_name(_attach_surnames(single_word, clusters, context)).values():
        clusters.extend(cluster_block(_by_date(block)))
    return clusters


def _by_date(speakers: list[SpeakerFacts]) -> list[SpeakerFacts]:
    return sorted(speakers, key=lambda s: (s.published_year or 0, s.article_identity, s.speaker_id))


def _group_by_name(speakers: Iterable[SpeakerFacts]) -> dict[str, list[SpeakerFacts]]:
    groups: dict[str, list[SpeakerFacts]] = defaultdict(list)
    for speaker in speakers:
        groups[speaker.normalized].append(speaker)
    return groups


def _attach_surnames(
    single_word: list[SpeakerFacts], clusters: list[Cluster], context: dict[str, frozenset[str]]
) -> list[SpeakerFacts]:
    """Put surname-only speakers into their dominant full-name entity; returns the rest.

    Besides dominance, outlet and no conflict, the speaker's article must share context with
    the entity's articles: another speaker quoted in both (e.g. both quote Tony Blair).
    """
    by_surname: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        given, surname = _person(cluster.members[0].normalized)
        if given is not None:
            by_surname[surname].append(cluster)
    leftovers = []
    for speaker in _by_date(single_word):
        candidate, dominance = _dominant(by_surname.get(speaker.normalized, []))
        if candidate is None or (speaker.outlet and speaker.outlet not in candidate.outlets):
            leftovers.append(speaker)
            continue
        shared = _shared_context(speaker, candidate, context)
        score, evidence = compare(speaker, candidate, base=SURNAME_WEIGHT, threshold=SURNAME_WEIGHT - 0.01)
        if score is None or not shared:
            leftovers.append(speaker)
            continue
        evidence.update({"surname_of": candidate.members[0].normalized, "dominance": dominance,
                         "shared_context": sorted(shared)[:5]})
        candidate.add(speaker, score, evidence)
    return leftovers


def _shared_context(speaker: SpeakerFacts, cluster: Cluster, context: dict[str, frozenset[str]]) -> set[str]:
    """Other speakers (by normalised name) quoted both in the speaker's article and the entity's."""
    own = context.get(speaker.article_identity, frozenset())
    theirs: set[str] = set()
    for member in cluster.members:
        theirs |= context.get(member.article_identity, frozenset())
    excluded = {speaker.normalized} | {m.normalized for m in cluster.members}
    speaker_person = _person(speaker.normalized)
    return {name for name in own & theirs if name not in excluded and not same_person(_person(name), speaker_person)}


def _dominant(candidates: list[Cluster]) -> tuple[Cluster | None, str]:
    """The full-name entity a bare surname most likely means, if one clearly dominates."""
    if not candidates:
        return None, ""
    ranked = sorted(candidates, key=lambda c: -_article_count(c))
    top = _article_count(ranked[0])
    if len(ranked) == 1:
        return ranked[0], f"only entity with this surname ({top} articles)"
    runner_up = _article_count(ranked[1])
    if top >= SURNAME_DOMINANCE * runner_up:
        return ranked[0], f"{top} articles vs {runner_up} for the next with this surname"
    return None, ""


def _article_count(cluster: Cluster) -> int:
    return len(cluster.articles)


def apply_merges(clusters: list[Cluster], merges: dict[str, set[Anchor]]) -> list[Cluster]:
    """Step 4's merges: the clusters holding speakers of one merge group become one."""
    for group_key, anchors in merges.items():
        involved = [c for c in clusters if any(m.anchor in anchors for m in c.members)]
        if len(involved) < 2:
            continue
        target = involved[0]
        for other in involved[1:]:
            target.absorb(other, group_key)
            clusters.remove(other)
    return clusters



def link(
    speakers: Iterable[SpeakerFacts],
    context: dict[str, frozenset[str]],
    splits: set[Anchor] = frozenset(),
    merges: dict[str, set[Anchor]] | None = None,
) -> list[Cluster]:
    """The entities of ``speakers`` with the manual overrides applied (steps 1-4 above)."""
    return apply_merges(cluster_speakers(speakers, context, splits), merges or {})


def assign_ids(clusters: list[Cluster], previous: dict[Anchor, int], next_id: int) -> list[int]:
    """An id per cluster: the ``previous`` id of most of its speakers (so ids survive relinking
    and re-ingest, and the commands can refer to them), else a new one from ``next_id`` on."""
    claimed: set[int] = set()
    ids: list[int | None] = [None] * len(clusters)
    for index in sorted(range(len(clusters)), key=lambda i: -len(clusters[i].members)):
        votes = Counter(previous[m.anchor] for m in clusters[index].members if m.anchor in previous)
        for old_id, _ in votes.most_common():
            if old_id not in claimed:
                ids[index] = old_id
                claimed.add(old_id)
                break
    for index, entity_id in enumerate(ids):
        if entity_id is None:
            ids[index] = next_id
            next_id += 1
    return [int(entity_id) for entity_id in ids]


def describe(cluster: Cluster) -> dict[str, Any]:
    """An entity's columns: the fullest spelling of its most frequent name, the most frequent
    role and organization, its articles and quotes."""
    members = cluster.members
    name = Counter(m.name for m in members).most_common(1)[0][0]
    name = max((m.name for m in members if m.normalized == normalize_name(name)), key=len, default=name)
    return {
        "name": name,
        "normalized_name": normalize_name(name),
        "role": _most_common(m.role for m in members),
        "organization": _most_common(m.organization for m in members),
        "article_count": len({m.article_identity for m in members}),
        "quote_count": sum(m.quote_count for m in members),
    }


def article_context(speakers: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Per article identity, the normalised names of the (article identity, name) ``speakers``."""
    names: dict[str, set[str]] = defaultdict(set)
    for identity, name in speakers:
        normalized = normalize_name(name)
        if normalized:
            names[identity].add(normalized)
    return {identity: frozenset(found) for identity, found in names.items()}


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(value for value in values if value)
    return counted.most_common(1)[0][0] if counted else None


def speaker_facts(
    speaker_id: int,
    name: str,
    article_identity: str,
    outlet: str | None = None,
    published: str | None = None,
    role: str | None = None,
    organization: str | None = None,
    quote_count: int = 0,
) -> SpeakerFacts:
    return SpeakerFacts(
        speaker_id=speaker_id,
        name=name,
        normalized=normalize_name(name),
        article_identity=article_identity,
        outlet=outlet,
        published_year=_year(published),
        role_words=_content_words(role),
        organization_words=_content_words(organization),
        role=role,
        organization=organization,
        quote_count=quote_count,
    )


def _year(published: str | None) -> int | None:
    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", published or "")
    return int(match.group(1)) if match else None
