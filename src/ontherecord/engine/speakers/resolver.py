"""Stage 3: who is speaking: speaker resolution and profiles inside one article.

Turns the source mention of each quote into an article-level :class:`Speaker`:
surnames to full names ("Parnell" → Sean Parnell), pronouns to the person they stand
for, nominal anaphora ("the lawyer", "the Guard source", "the president"), titles and
ranks split from names, roles and organizations from appositions ("Geoffrey Corn,
director of the Center ... at Texas Tech School of Law"), and the kind of source:
person, organization, anonymous, group or document. Anonymous sources are never
merged with named people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ...model import Span, Speaker, SpeakerRef
from ...names import same_person
from ..entities import ArticleEntity, EntityIndex, entity_index
from ..lexicon import Lexicon
from ..ranges import disjoint, in_sorted_ranges
from .entity_links import author_of, entity_of, mentions_name, nearest_before, same_name
from .names import PersonName, normalise
from .profiles import ORG_LABELS, is_title, person_name, profile_of, role_before_name, strip_determiner, unwrap_copy

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
NEUTER_PRONOUNS = frozenset({"it"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})

@dataclass
class _Entry:
    """An article-level speaker while it is being built."""

    speaker: Speaker
    surname: str | None = None
    given: str | None = None
    heads: set[str] = field(default_factory=set)  # head lemmas of its nominal mentions
    last_offset: int = 0
    entity: ArticleEntity | None = None  # its article entity (engine/entities)


class SpeakerResolver:
    """Resolves source mentions, in text order, to article-level speakers."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        lexicon: Lexicon,
        paragraph_of: Callable[[int], int],
        reported: list[tuple[int, int]] | None = None,
        article_entities: EntityIndex | None = None,
    ) -> None:
        self.doc = doc
        self.text = text
        self.lexicon = lexicon
        self.paragraph_of = paragraph_of
        self.reported = disjoint(reported or [])  # what the article's quotes cover
        self._reported_starts = [start for start, _ in self.reported]
        self.entities = list(doc.ents)  # doc.ents is rebuilt on every access
        self.article_entities = article_entities or entity_index(doc, text)
        self.channels: dict[tuple[int, int], str] = {}  # a quote's document, when its author speaks
        self.entries: list[_Entry] = []
        self.people = [p for p in (person_name(e, doc, lexicon) for e in self._name_entities()) if p is not None]
        self.surnames = {p.surname for p in self.people}

    def _name_entities(self) -> list[SpacySpan]:
        """PERSON entities, plus proper names the tagger mislabelled that an apposition shows are people."""
        found = []
        for ent in self.entities:
            if ent.label_ == "PERSON" or (ent.root.pos_ == "PROPN" and self._has_person_apposition(ent.root)):
                found.append(ent)
        return found

    def _has_person_apposition(self, head: Token) -> bool:
        return any(c.dep_ == "appos" and c.lemma_.lower() in self.lexicon.person_nouns for c in head.children)

    # --- public -------------------------------------------------------------------------------

    def resolve(self, head: Token, start: int, end: int, mention_at: tuple[int, int] | None = None) -> SpeakerRef:
        """The speaker behind the source mention ``doc.text[start:end]`` headed by ``head``; the local
        mention is ``mention_at`` when another word stands for it ("Jordan, who said")."""
        entry = self._resolve_entry(head, start, end)
        if (start, end) in self.channels and mention_at is not None:
            self.channels[mention_at] = self.channels[(start, end)]
        if mention_at is not None:
            start, end = mention_at
        mention = Span.of(self.text, start, end)
        if not any(m.start == start and m.end == end for m in entry.speaker.mentions):
            entry.speaker.mentions.append(mention)
        entry.last_offset = max(entry.last_offset, start)
        self._add_profile(entry, head)
        s = entry.speaker
        return SpeakerRef(s.id, s.name, s.kind, mention, s.title, s.role, s.organization)

    def inherit(self, speaker_id: str, mention: Span | None) -> SpeakerRef | None:
        """The speaker of a floating quote: the mention is the one that named them for the quote before."""
        entry = next((e for e in self.entries if e.speaker.id == speaker_id), None)
        if entry is None:
            return None
        s = entry.speaker
        return SpeakerRef(s.id, s.name, s.kind, mention, s.title, s.role, s.organization)

    def speakers(self) -> list[Speaker]:
        for entry in self.entries:
            if entry.speaker.kind == "person" and entry.surname:
                self._add_name_mentions(entry)
            entry.speaker.mentions.sort(key=lambda m: m.start)
            organization = self.article_entities.get(entry.entity.organization) if entry.entity else None
            if organization is not None and not entry.speaker.organization:
                entry.speaker.organization = organization.canonical
        return [e.speaker for e in self.entries]

    def entity_of_speaker(self) -> dict[int, ArticleEntity]:
        """The article entity of each speaker, by ``id()`` of the speaker (ids are renumbered later)."""
        return {id(e.speaker): e.entity for e in self.entries if e.entity is not None}

    def refresh(self, ref: SpeakerRef) -> SpeakerRef:
        """The reference with the speaker's final name and profile."""
        entry = next(e for e in self.entries if e.speaker.id == ref.id)
        s = entry.speaker
        return SpeakerRef(s.id, s.name, s.kind, ref.mention, s.title, s.role, s.organization)

    # --- resolution ---------------------------------------------------------------------------

    def channel_at(self, mention: Span | None) -> str | None:
        """The document a quote was taken from when the quote is its author's ("the letter from Qwest")."""
        return self.channels.get((mention.start, mention.end)) if mention is not None else None

    def _resolve_entry(self, head: Token, start: int, end: int) -> _Entry:
        """The rules' speaker, or the article entity's when the entity stage names one the rules did not."""
        entity = entity_of(self.article_entities, self.doc, head, start, end)
        author = author_of(self.article_entities, entity)
        if author is not None:
            self.channels[(start, end)] = self.text[start:end]
            return self._entity_entry(author, start)
        entry = self._rules_entry(head, start, end)
        if entity is not None and not entity.named and entry.speaker.kind == "unknown" and head.pos_ == "PRON":
            return self._entity_entry(entity, start)  # "they", "it": a description the entity stage linked
        if entity is None or not entity.named or entry.entity is entity:
            return entry
        kind = entry.speaker.kind
        if kind == "person" and not (entity.kind == "person" or mentions_name(entity, entry.speaker.name)):
            return entry  # a person the rules found by name, not an organization's name taken for one
        if (kind == "person" and entity.kind == "person") or (head.pos_ == "PRON" and kind != "unknown"):
            if same_name(entity, entry.speaker.name, kind):
                entry.entity = entity
            return entry
        return self._entity_entry(entity, start)

    def _entity_entry(self, entity: ArticleEntity, offset: int) -> _Entry:
        if entity.kind == "person":
            entry = self._person_entry(PersonName(entity.canonical, entity.title, offset, offset), offset)
        else:
            key = entity.canonical.lower() if entity.named else "entity:" + entity.id
            entry = self._keyed_entry(entity.kind, entity.canonical, key, offset)
        entry.entity = entry.entity or entity
        return entry

    def _rules_entry(self, head: Token, start: int, end: int) -> _Entry:
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PERSONAL_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS:
            return self._pronoun(head, start)
        person = self._person_in(start, end, head) or self._name_like(head)
        if person is not None:
            return self._person_entry(person, start)
        org = self._organization_entity(head, start, end)
        if org is not None:
            return self._keyed_entry("organization", org, org.lower(), start)
        return self._nominal(head, start, end)

    def _pronoun(self, head: Token, start: int) -> _Entry:
        lower = head.lower_
        if lower in PERSONAL_PRONOUNS:
            candidates = [e for e in self.entries if e.speaker.kind == "person" and e.last_offset < start]
            latest_person = self._latest_person_before(start)
            best = max(candidates, key=lambda e: e.last_offset, default=None)
            if latest_person is not None and (best is None or latest_person.start > best.last_offset):
                # "Perdue said ... did Romney in. “...,” he said": a recent speaker outranks a later
                # name that is only an object
                subject = latest_person.subject and not self._inside_reported(latest_person.start)
                if subject or best is None or self._paragraph_distance(best.last_offset, start) > 1:
                    return self._person_entry(latest_person, latest_person.start)
            if best is not None:
                return best
            return self._new_entry(None, "unknown", start)
        kinds = ("group", "anonymous", "organization") if lower in PLURAL_PRONOUNS else ("organization", "document")
        candidates = [e for e in self.entries if e.speaker.kind in kinds and e.last_offset < start]
        best = max(candidates, key=lambda e: e.last_offset, default=None)
        if best is not None and self._paragraph_distance(best.last_offset, start) <= 2:
            return best
        antecedent = self._plural_antecedent(head) if lower in PLURAL_PRONOUNS else self._document_antecedent(head)
        if antecedent is not None:
            return self._nominal(antecedent, antecedent.left_edge.idx, antecedent.idx + len(antecedent.text))
        return self._new_entry(None, "unknown", start)

    def _document_antecedent(self, pronoun: Token) -> Token | None:
        """ "The city sent a cease-and-desist letter. It says ...": the nearest document noun."""
        heads = self.lexicon.document_heads
        return nearest_before(pronoun, 40, lambda t: t.tag_ in ("NN", "NNP") and t.lemma_.lower() in heads)

    def _plural_antecedent(self, pronoun: Token) -> Token | None:
        """ "I've been talking to those soldiers, and they affirm ...": the nearest plural people noun."""
        lex = self.lexicon
        people = lex.anonymous_heads | lex.group_heads | lex.person_nouns
        return nearest_before(pronoun, 30, lambda t: t.tag_ in ("NNS", "NNPS") and (
            t.lemma_.lower() in people or t.lower_ in lex.anonymous_heads))

    def _latest_person_before(self, offset: int) -> PersonName | None:
        earlier = [
            p for p in self.people if p.end <= offset and not p.modifier and self._paragraph_distance(p.start, offset) <= 2
        ]
        return earlier[-1] if earlier else None

    def _inside_reported(self, offset: int) -> bool:
        """Inside someone's quote ("Wilson said president Lula has decided ..."): named, not speaking."""
        return in_sorted_ranges(offset, self.reported, self._reported_starts)

    def _paragraph_distance(self, a: int, b: int) -> int:
        return abs(self.paragraph_of(b) - self.paragraph_of(a))

    def _person_in(self, start: int, end: int, head: Token) -> PersonName | None:
        inside = [p for p in self.people if p.start < end and p.end > start]
        if not inside:
            return None
        containing_head = [p for p in inside if p.start <= head.idx < p.end]
        return (containing_head or inside)[0]

    def _name_like(self, head: Token) -> PersonName | None:
        """A proper-noun source that is a person although the tagger did not say so."""
        if head.pos_ != "PROPN":
            return None
        tokens = [t for t in head.lefts if t.dep_ in ("compound", "flat", "punct") and t.i >= head.i - 4] + [head]
        titles = []
        while len(tokens) > 1 and (is_title(tokens[0], self.lexicon) or tokens[0].is_punct):
            token = tokens.pop(0)
            if not token.is_punct:
                titles.append(token.text)
        start, end = tokens[0].idx, head.idx + len(head.text)
        text = self.text[start:end]
        candidate = PersonName(text, " ".join(titles) or None, start, end)
        if candidate.surname in self.surnames or self._has_person_apposition(head) or titles:
            return candidate  # "Mr Wilson" is a person whatever the tagger's entity label
        lowered = {normalise(t.text) for t in tokens}
        if lowered & self.lexicon.organization_heads or head.ent_type_ in ("GPE", "NORP"):
            return None
        proper = [t for t in tokens if t.pos_ == "PROPN"]
        if 2 <= len(proper) <= 3 and all(t.is_title for t in proper) and head.ent_type_ != "ORG":
            return candidate
        return None

    def _person_entry(self, person: PersonName, offset: int) -> _Entry:
        full = self._full_name(person, offset)
        for entry in self.entries:
            if entry.speaker.kind == "person" and same_person((entry.given, entry.surname), (full.given, full.surname)):
                if full.given and not entry.given:
                    entry.given = full.given
                    entry.speaker.name = full.name
                if full.title and not entry.speaker.title:
                    entry.speaker.title = full.title
                return entry
        entry = self._new_entry(full.name, "person", offset)
        entry.surname, entry.given = full.surname, full.given
        entry.speaker.title = full.title
        return entry

    def _full_name(self, person: PersonName, offset: int) -> PersonName:
        """A surname-only mention expanded to the nearest full name with that surname."""
        if person.given is not None:
            return person
        fuller = [p for p in self.people if p.given is not None and p.surname == person.surname]
        if not fuller:
            return person
        before = [p for p in fuller if p.start <= offset]
        chosen = (before or fuller)[-1 if before else 0]
        title = person.title or chosen.title
        return PersonName(chosen.name, title, person.start, person.end)

    def _organization_entity(self, head: Token, start: int, end: int) -> str | None:
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.lexicon.document_heads:
            return None
        if head.ent_type_ in ORG_LABELS:
            for ent in self.entities:
                if ent.label_ in ORG_LABELS and ent.start <= head.i < ent.end:
                    return strip_determiner(ent.text)
        return None

    def _nominal(self, head: Token, start: int, end: int) -> _Entry:
        head = unwrap_copy(head)
        lemma = head.lemma_.lower()
        name = self._core_phrase(head, start, end)
        definite = any(t.lower_ in DEFINITE for t in head.lefts if t.dep_ == "det")
        plural = head.tag_ in ("NNS", "NNPS")
        lex = self.lexicon
        if lemma in lex.document_heads:
            return self._keyed_entry("document", name, "doc:" + lemma, start, head=lemma)
        if definite:
            previous = self._anaphor(head, lemma, start)
            if previous is not None:
                return previous
        if lemma in lex.organization_heads and not plural:
            return self._keyed_entry("organization", name, "org:" + normalise(name), start, head=lemma)
        if plural and (lemma in lex.group_heads or head.lower_ in lex.group_heads) and lemma not in ("source", "official"):
            return self._keyed_entry("group", name, "group:" + normalise(name), start, head=lemma)
        if lemma in lex.anonymous_heads or head.lower_ in lex.anonymous_heads or lemma in lex.person_nouns:
            # an unnamed source is known only by its description: keep all of it
            # ("a person familiar with the negotiations", "officials who spoke on condition of anonymity")
            description = self.text[start:end].strip(" ,;:\u00a0") or name
            entry = self._new_entry(description, "anonymous", start)
            entry.heads.add(lemma)
            return entry
        if plural:
            return self._keyed_entry("group", name, "group:" + normalise(name), start, head=lemma)
        entry = self._new_entry(name, "unknown", start)
        entry.heads.add(lemma)
        return entry

    def _anaphor(self, head: Token, lemma: str, start: int) -> _Entry | None:
        """ "the Guard source" / "the president" / "the lawyer": an earlier speaker it refers to."""
        earlier = sorted((e for e in self.entries if e.last_offset < start), key=lambda e: -e.last_offset)
        for entry in earlier:
            if lemma in entry.heads:
                return entry
        for entry in earlier:
            profile = " ".join(filter(None, (entry.speaker.title, entry.speaker.role))).lower()
            if entry.speaker.kind == "person" and lemma in profile.split():
                return entry
        titled = [p for p in self.people if p.title and lemma in p.title.lower().split() and p.start < start]
        if titled:
            return self._person_entry(titled[-1], titled[-1].start)
        if lemma in self.lexicon.person_nouns and lemma not in self.lexicon.anonymous_heads:
            for entry in earlier:
                if entry.speaker.kind == "person" and self._paragraph_distance(entry.last_offset, start) <= 3:
                    return entry
        return None

    def _keyed_entry(self, kind: str, name: str, key: str, offset: int, head: str | None = None) -> _Entry:
        for entry in self.entries:
            if entry.speaker.kind == kind and key in entry.heads:
                return entry
        entry = self._new_entry(name, kind, offset)
        entry.heads.add(key)
        if head:
            entry.heads.add(head)
        return entry

    def _new_entry(self, name: str | None, kind: str, offset: int) -> _Entry:
        speaker = Speaker(id=f"s{len(self.entries) + 1}", name=name, kind=kind)
        entry = _Entry(speaker, last_offset=offset)
        self.entries.append(entry)
        return entry

    def _core_phrase(self, head: Token, start: int, end: int) -> str:
        """Determiner + modifiers + head: "a DC National Guard source", "the order"."""
        left = min((t.left_edge.i for t in head.lefts), default=head.i)
        left = max(left, _token_at(self.doc, start))
        right = head.i
        text = self.doc[left : right + 1].text
        return text.strip(" ,;:\u00a0") or head.text

    # --- names and profiles -------------------------------------------------------------------

    def _add_profile(self, entry: _Entry, head: Token) -> None:
        speaker = entry.speaker
        if speaker.kind not in ("person", "anonymous", "unknown"):
            return
        role, organization = profile_of(head, self.lexicon)
        if role is None and speaker.kind == "person":
            person = self._person_in(head.idx, head.idx + len(head.text), head)
            role, organization = role_before_name(head, person.start if person is not None else head.idx,
                                                  organization, self.lexicon)
        if role and not speaker.role:
            speaker.role = role
        if organization and not speaker.organization:
            speaker.organization = organization
        if speaker.kind == "person" and speaker.title is None:
            person = self._person_in(head.idx, head.idx + len(head.text), head)
            if person is not None and person.title:
                speaker.title = person.title

    def _add_name_mentions(self, entry: _Entry) -> None:
        for person in self.people:
            if same_person((entry.given, entry.surname), (person.given, person.surname)):
                if not any(m.start <= person.start < m.end for m in entry.speaker.mentions):
                    entry.speaker.mentions.append(Span.of(self.text, person.start, person.end))


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the first token starting at or after ``offset``."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.start if span is not None else len(doc) - 1
