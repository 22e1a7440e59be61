"""Union-find over an article's mentions, with what each cluster knows so far (kind, gender,
whether a name is among its mentions, its roles) and the evidence of every link."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...names import same_person
from .mentions import Mention

NAMED_FORMS = frozenset({"name", "surname", "acronym"})


@dataclass
class ClusterInfo:
    kind: str
    named: bool
    gender: str | None
    plural: bool
    person: tuple[str | None, str] | None
    roles: set[str] = field(default_factory=set)  # description heads and titles of a person or organization


class Clusters:
    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.info = [self.initial(m) for m in mentions]
        self.evidence: dict[int, str] = {}
        self.relations: list[tuple[str, int, int, str]] = []  # (relation, mention, mention, evidence)

    @staticmethod
    def initial(mention: Mention) -> ClusterInfo:
        named = mention.form in NAMED_FORMS
        roles = {mention.lemma} if mention.form == "description" else set()
        if mention.title:
            roles |= {word.lower().rstrip(".") for word in mention.title.split()}
        return ClusterInfo(mention.kind, named, mention.gender, mention.plural, mention.person, roles)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def of(self, mention: Mention) -> ClusterInfo:
        return self.info[self.find(mention.index)]

    def same(self, a: Mention, b: Mention) -> bool:
        return self.find(a.index) == self.find(b.index)

    def link(self, anaphor: Mention, antecedent: Mention, evidence: str) -> bool:
        """Join ``anaphor``'s cluster to ``antecedent``'s; two different named people never join."""
        a, b = self.find(anaphor.index), self.find(antecedent.index)
        if a == b:
            return True
        left, right = self.info[a], self.info[b]
        if left.person and right.person and not same_person(left.person, right.person):
            return False
        if left.gender and right.gender and left.gender != right.gender:
            return False
        self.parent[a] = b
        self.info[b] = _merged(right, left)
        self.evidence.setdefault(anaphor.index, evidence)
        return True

    def relate(self, relation: str, source: Mention, target: Mention, evidence: str) -> None:
        self.relations.append((relation, source.index, target.index, evidence))

    def groups(self) -> list[list[Mention]]:
        members: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            members.setdefault(self.find(mention.index), []).append(mention)
        return list(members.values())


def _merged(kept: ClusterInfo, joined: ClusterInfo) -> ClusterInfo:
    named = kept.named or joined.named
    kind = kept.kind if kept.named or not joined.named else joined.kind
    if kind == "organization" and joined.kind == "state" and not kept.named:
        kind = "state"
    person = _fuller(kept.person, joined.person)
    return ClusterInfo(kind, named, kept.gender or joined.gender, kept.plural and joined.plural, person,
                       kept.roles | joined.roles)


def _fuller(a: tuple[str | None, str] | None, b: tuple[str | None, str] | None) -> tuple[str | None, str] | None:
    if a is None:
        return b
    if b is None or a[0]:
        return a
    return b
