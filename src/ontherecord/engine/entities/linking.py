"""The links between mentions, pass by pass: the article's own appositions and role phrases,
names (surnames, acronyms, short forms), descriptions (back to the organization or person they
describe, or forward to a person named just after), pronouns (the nearest agreeing mention),
then the relations (the organization a role belongs to, a document's author). Every pass looks
up candidates by key or in a bounded window of mentions: the cost stays linear."""

from __future__ import annotations

from spacy.tokens import Doc

from ...names import fold
from .clusters import Clusters
from .mentions import Mention
from .names import acronym_key, core_key, exact_key, initials, name_words, short_form_of
from .words import EntityWords

WINDOW = 40  # mentions looked back at for a description or a pronoun
DESCRIPTION_PARAGRAPHS = 4  # how far back "the company" finds its organization
ROLE_PARAGRAPHS = 8  # how far back "the chancellor" finds the person with that role
FORWARD_SENTENCES = 1  # "Opera spokeswoman ... said. Jane Doe added": the name in the next sentence
PRONOUN_SENTENCES = {"person": 4, "organization": 3, "group": 2}
ORGANIZATION_KINDS = ("organization", "state")


class Linker:
    def __init__(self, doc: Doc, mentions: list[Mention], words: EntityWords) -> None:
        self.doc = doc
        self.mentions = mentions
        self.words = words
        self.clusters = Clusters(mentions)
        self.at_token: dict[int, Mention] = {}
        for mention in mentions:
            if mention.form != "description":
                for i in range(mention.first, mention.last + 1):
                    self.at_token.setdefault(i, mention)
        for mention in mentions:
            self.at_token.setdefault(mention.head, mention)
        self.heads = {m.head: m for m in mentions if m.form != "pronoun"}

    def run(self) -> Clusters:
        self.appositions()
        self.person_names()
        self.organization_names()
        self.descriptions()
        self.pronouns()
        self.relations()
        return self.clusters

    # --- appositions and role phrases --------------------------------------------------------------

    def appositions(self) -> None:
        for mention in self.mentions:
            if mention.form != "description":
                continue
            head = self.doc[mention.head]
            for child in head.children:
                if child.dep_ == "appos":
                    self._link_named(mention, self.at_token.get(child.i), "apposition")
            if head.dep_ == "appos":
                self._link_named(mention, self.at_token.get(head.head.i), "apposition")
            elif head.dep_ in ("compound", "nmod") and head.head.i > head.i:
                self._link_named(mention, self.at_token.get(head.head.i), "role phrase")

    def _link_named(self, description: Mention, name: Mention | None, evidence: str) -> None:
        if name is None or name.form not in ("name", "surname", "acronym") or not _kinds_agree(description, name):
            return
        self.clusters.link(description, name, evidence)

    # --- names ---------------------------------------------------------------------------------------

    def person_names(self) -> None:
        surnames = {m.person[1] for m in self.mentions if m.person is not None and m.person[0]}
        for mention in self.mentions:
            if mention.form == "name" and mention.kind != "person" and mention.first == mention.last:
                surname = fold(self._text(mention))
                if surname in surnames:  # "Trump's order" tagged an organization in an article that names him
                    mention.kind, mention.person, mention.form = "person", (None, surname), "surname"
                    self.clusters.info[mention.index] = self.clusters.initial(mention)
        people = [m for m in self.mentions if m.kind == "person" and m.person is not None]
        full: dict[str, list[Mention]] = {}
        for mention in people:
            given, surname = mention.person
            if given:
                earlier = full.setdefault(surname, [])
                match = next((m for m in earlier if self.clusters.link(mention, m, "same name")), None)
                if match is None:
                    earlier.append(mention)
        alone: dict[str, Mention] = {}
        for mention in people:
            given, surname = mention.person
            if given:
                continue
            fuller = full.get(surname)
            if fuller:
                before = [m for m in fuller if m.start < mention.start]
                self.clusters.link(mention, (before or fuller)[-1 if before else 0], "surname")
            elif surname in alone:
                self.clusters.link(mention, alone[surname], "same name")
            else:
                alone[surname] = mention

    def organization_names(self) -> None:
        names = [m for m in self.mentions if m.form in ("name", "acronym")]
        generic = self.words.lexicon.organization_heads
        by_exact: dict[str, Mention] = {}
        by_core: dict[str, Mention] = {}
        by_initials: dict[str, Mention] = {}
        by_shape: dict[tuple[int, str], list[Mention]] = {}
        for mention in names:
            text = self._text(mention)
            words = name_words(text)
            if not words:
                continue
            key = exact_key(text)
            if mention.kind == "person":
                continue  # a person's name is looked up below ("Lib Dems" tagged a person), never a key
            if key in by_exact:
                self.clusters.link(mention, by_exact[key], "same name")
                continue
            by_exact[key] = mention
            core = core_key(text, generic)
            if core and core != key:
                by_core.setdefault(core, mention)
            letters = initials(text)
            if letters:
                by_initials.setdefault(letters, mention)
            by_shape.setdefault((len(words), words[0][:1]), []).append(mention)
        for mention in names:
            text = self._text(mention)
            key, words = exact_key(text), name_words(text)
            if by_exact.get(key) is not mention and mention.kind != "person":
                continue
            if mention.form == "acronym" and acronym_key(text) in by_initials:
                self.clusters.link(mention, by_initials[acronym_key(text)], "acronym")
            elif key in by_core and by_core[key] is not mention:
                self.clusters.link(mention, by_core[key], "short form")
            elif len(words) > 1:
                longer = next((m for m in by_shape.get((len(words), words[0][:1]), [])
                               if short_form_of(words, name_words(self._text(m)))), None)
                if longer is not None:
                    self.clusters.link(mention, longer, "short form")

    def _text(self, mention: Mention) -> str:
        return self.doc[mention.first : mention.last + 1].text

    # --- descriptions --------------------------------------------------------------------------------

    def descriptions(self) -> None:
        for mention in self.mentions:
            if mention.form != "description" or not mention.definite or self.clusters.of(mention).named:
                continue
            if mention.kind == "document":
                self._same_description(mention, "document")
            elif mention.kind in ORGANIZATION_KINDS and not mention.plural:
                self._organization_description(mention)
            elif mention.kind == "person" and not mention.plural:
                self._person_description(mention)

    def _earlier(self, mention: Mention, paragraphs: int, window: int = WINDOW):
        low = max(0, mention.index - window)
        for other in reversed(self.mentions[low : mention.index]):
            if mention.paragraph - other.paragraph > paragraphs:
                return
            if other.end <= mention.start:
                yield other

    def _same_description(self, mention: Mention, kind: str) -> bool:
        for other in self._earlier(mention, DESCRIPTION_PARAGRAPHS):
            if other.form == "description" and other.kind == kind and other.lemma == mention.lemma:
                return self.clusters.link(mention, other, "same description")
        return False

    def _organization_description(self, mention: Mention) -> None:
        state_ok = mention.lemma in self.words.state_descriptors
        nearest = None
        for other in self._earlier(mention, DESCRIPTION_PARAGRAPHS):
            info = self.clusters.of(other)
            if not info.named or info.kind not in ORGANIZATION_KINDS or (info.kind == "state" and not state_ok):
                continue
            if mention.lemma in info.roles:
                self.clusters.link(mention, other, "description: same descriptor")
                return
            nearest = nearest or other
        if nearest is not None:
            self.clusters.link(mention, nearest, "description: nearest organization")
        else:
            self._same_description(mention, mention.kind)

    def _person_description(self, mention: Mention) -> None:
        for other in self._earlier(mention, ROLE_PARAGRAPHS, window=WINDOW * 2):
            info = self.clusters.of(other)
            if info.named and info.kind == "person" and mention.lemma in info.roles:
                self.clusters.link(mention, other, "role match")
                return
        if mention.subject and self._named_later(mention):
            return
        self._same_description(mention, "person")

    def _named_later(self, mention: Mention) -> bool:
        """A description the next words name: "the firm's spokeswoman said ... Jane Doe added"."""
        for other in self.mentions[mention.index + 1 : mention.index + 1 + WINDOW]:
            if other.sentence - mention.sentence > FORWARD_SENTENCES:
                return False
            if other.kind != "person" or other.form not in ("name", "surname") or other.modifier:
                continue
            if other.sentence == mention.sentence or not other.subject:
                continue
            info = self.clusters.of(other)
            if info.roles and mention.lemma not in info.roles:
                return False
            return self.clusters.link(mention, other, "named later")
        return False

    # --- pronouns ------------------------------------------------------------------------------------

    def pronouns(self) -> None:
        for mention in self.mentions:
            if mention.form == "pronoun":
                self._pronoun(mention)

    def _pronoun(self, pronoun: Mention) -> None:
        """The nearest agreeing mention; for "he" or "she", the nearest agreeing subject if there is one.
        A pronoun inside quotation marks is the quoted speaker's word: it stands for someone the quote
        itself names, never for someone outside it (often the speaker, who would say "I")."""
        limit = PRONOUN_SENTENCES[pronoun.kind]
        nearest = subject = None
        for other in reversed(self.mentions[max(0, pronoun.index - WINDOW) : pronoun.index]):
            if pronoun.sentence - other.sentence > limit:
                break
            if pronoun.quoted is not None and other.quoted != pronoun.quoted:
                break
            if other.end > pronoun.start or not self._agrees(pronoun, other):
                continue
            nearest = nearest or other
            if pronoun.kind != "person" or other.subject:
                subject = other if other.subject else None
                break
        if subject is not None:
            self.clusters.link(pronoun, subject, "pronoun: nearest agreeing subject")
        elif nearest is not None:
            self.clusters.link(pronoun, nearest, "pronoun: nearest agreeing")

    def _agrees(self, pronoun: Mention, other: Mention) -> bool:
        info = self.clusters.of(other)
        if other.modifier and pronoun.kind == "person":
            return False
        if pronoun.kind == "person":
            return info.kind == "person" and not info.plural and (
                pronoun.gender is None or info.gender in (None, pronoun.gender)
            )
        if pronoun.kind == "organization":
            possessive = self.doc[pronoun.head].dep_ == "poss"  # "its statement": whose, not which document
            kinds = ORGANIZATION_KINDS if possessive else ORGANIZATION_KINDS + ("document",)
            return info.kind in kinds and not other.plural
        return info.kind == "group" or (info.kind == "person" and other.plural) or (
            info.kind == "organization" and info.named)

    # --- relations -----------------------------------------------------------------------------------

    def relations(self) -> None:
        for mention in self.mentions:
            if mention.form != "description":
                continue
            for token in (mention.possessor, mention.organization_token):
                owner = self.at_token.get(token) if token is not None else None
                if owner is None:
                    continue
                owner_kind = self.clusters.of(owner).kind
                if mention.kind == "person" and owner_kind in ORGANIZATION_KINDS:
                    self.clusters.relate("organization", mention, owner, "role of organization")
                elif mention.kind == "document" and owner_kind != "document":
                    evidence = "possessive" if token == mention.possessor else "organization modifier"
                    self.clusters.relate("author", mention, owner, evidence)
            if mention.kind == "document" and mention.author_token is not None:
                author = self.at_token.get(mention.author_token)
                if author is not None and self.clusters.of(author).kind != "document":
                    self.clusters.relate("author", mention, author, "document from")


def _kinds_agree(description: Mention, name: Mention) -> bool:
    if description.kind == "person":
        return name.kind == "person"
    if description.kind in ORGANIZATION_KINDS:
        return name.kind in ORGANIZATION_KINDS or name.kind == "group"
    return False
