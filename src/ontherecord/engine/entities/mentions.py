"""Every mention of a person, organization, group or document in one parsed article:
names (spaCy's PERSON, ORG, NORP, GPE entities), descriptions (a person, organization or
document noun with its modifiers: "the firm", "his manager", "a Sony spokesman") and
third-person pronouns. Each carries what linking needs: kind, gender, number, definiteness,
the words it hangs on (possessor, organization modifier, author) and where it is."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...names import person_of
from ..speakers.profiles import is_title, titles_before
from .words import EntityWords

NAME_LABELS = {"PERSON": "person", "ORG": "organization", "NORP": "organization", "GPE": "state"}
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
ROLE_PREPOSITIONS = frozenset({"of", "for", "at", "with"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
DEMONYM_ENDINGS = ("ans", "ese", "ish", "is", "ians")


@dataclass
class Mention:
    start: int
    end: int
    first: int  # token indices, inclusive
    last: int
    head: int
    form: str  # name, surname, acronym, description, pronoun
    kind: str  # person, organization, state (a country or city), group, document
    lemma: str  # the head's, lowercased
    sentence: int
    paragraph: int
    label: str | None = None  # a name's entity label
    gender: str | None = None
    plural: bool = False
    definite: bool = True
    subject: bool = False
    modifier: bool = False  # "Trump's order", "Opera spokeswoman": the name only qualifies
    person: tuple[str | None, str] | None = None  # (given, surname), folded
    title: str | None = None
    possessor: int | None = None  # token of "its" / "the firm's" / "Oxfam's"
    organization_token: int | None = None  # "Opera spokeswoman", "director of the charity"
    author_token: int | None = None  # "the letter from Qwest"
    index: int = 0
    quoted: int | None = None  # the quoted piece it is inside (its start), None outside quotation marks


class MentionFinder:
    def __init__(self, doc: Doc, text: str, words: EntityWords) -> None:
        self.doc = doc
        self.text = text
        self.words = words
        self.sentence_of = _sentence_indices(doc)
        self.breaks = [i for i, char in enumerate(text) if char == "\n"]
        self.in_name: set[int] = set()

    def mentions(self) -> list[Mention]:
        found = self._names()
        found += self._descriptions()
        found += self._pronouns()
        found.sort(key=lambda m: (m.start, -m.end))
        for number, mention in enumerate(found):
            mention.index = number
        return found

    def _mention(self, first: int, last: int, head: Token, form: str, kind: str) -> Mention:
        doc = self.doc
        start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
        return Mention(
            start, end, first, last, head.i, form, kind, head.lemma_.lower(), self.sentence_of[head.i],
            bisect.bisect_right(self.breaks, start), plural=head.tag_ in ("NNS", "NNPS"),
            subject=head.dep_ in SUBJECTS or (head.dep_ == "appos" and head.head.dep_ in SUBJECTS),
        )

    # --- names ----------------------------------------------------------------------------------

    def _names(self) -> list[Mention]:
        found = []
        for ent in self.doc.ents:
            kind = NAME_LABELS.get(ent.label_)
            if kind is None:
                continue
            tokens = self._extended([t for t in ent if not t.is_space], ent.label_)
            while tokens and (tokens[0].is_punct or tokens[0].lower_ == "the"):
                tokens.pop(0)
            while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s", "'", "’")):
                tokens.pop()
            if not tokens or not any(c.isalpha() for t in tokens for c in t.text):
                continue
            if kind == "person" and len(tokens) == 1 and _acronym(tokens[0].text):
                kind = "organization"  # "NISCC": no person's name is in capitals
            elif kind != "person" and titles_before(self.doc, tokens[0].i, self.words.lexicon):
                kind = "person"  # "Mr Hockney", whatever the tagger's label
            mention = self._person(tokens, ent.root) if kind == "person" else self._organization(tokens, ent.root, kind)
            if mention is not None:
                mention.label = ent.label_
                mention.modifier = ent.root.dep_ in ("compound", "poss", "amod") or any(
                    c.dep_ == "case" for c in ent.root.children
                )
                found.append(mention)
                self.in_name.update(range(mention.first, mention.last + 1))
        return found

    def _extended(self, tokens: list[Token], label: str) -> list[Token]:
        """ "Liberal Democrat leader": the capitalised words the tagger left out of an organization's name."""
        if label == "PERSON" or not tokens:
            return tokens
        first = tokens[0]
        while first.i > 0:
            before = self.doc[first.i - 1]
            if before.pos_ not in ("PROPN", "ADJ") or not before.is_title or before.ent_type_:
                break
            if before.dep_ not in ("compound", "amod") or before.head.i < first.i or before.i == 0:
                break  # the sentence's first word is capitalised whatever it is
            if is_title(before, self.words.lexicon):
                break
            first = before
        return [t for t in self.doc[first.i : tokens[0].i] if not t.is_space] + tokens

    def _person(self, tokens: list[Token], root: Token) -> Mention | None:
        lexicon = self.words.lexicon
        titles = titles_before(self.doc, tokens[0].i, lexicon)
        while len(tokens) > 1 and is_title(tokens[0], lexicon):
            titles.append(tokens.pop(0))
        name = self.doc[tokens[0].i : tokens[-1].i + 1].text
        parts = person_of(name)
        if parts is None:
            return None
        first = titles[0].i if titles else tokens[0].i
        head = root if tokens[0].i <= root.i <= tokens[-1].i else tokens[-1]
        mention = self._mention(first, tokens[-1].i, head, "name" if parts[0] else "surname", "person")
        mention.person = parts
        mention.title = " ".join(t.text for t in titles) or None
        mention.gender = next((self.words.genders[t.lower_.rstrip(".")] for t in titles
                               if t.lower_.rstrip(".") in self.words.genders), None)
        return mention

    def _organization(self, tokens: list[Token], root: Token, kind: str) -> Mention:
        text = self.doc[tokens[0].i : tokens[-1].i + 1].text
        acronym = len(tokens) <= 2 and _acronym(text)
        if root.ent_type_ == "NORP" and text.lower().endswith(DEMONYM_ENDINGS):
            kind = "group"
        head = root if tokens[0].i <= root.i <= tokens[-1].i else tokens[-1]
        return self._mention(tokens[0].i, tokens[-1].i, head, "acronym" if acronym else "name", kind)

    # --- descriptions ---------------------------------------------------------------------------

    def _descriptions(self) -> list[Mention]:
        found = []
        for token in self.doc:
            if token.pos_ not in ("NOUN", "PROPN") or token.i in self.in_name:
                continue
            if token.pos_ == "PROPN" and _acronym(token.text):
                found.append(self._mention(token.i, token.i, token, "acronym", "organization"))
                continue
            if token.dep_ in ("compound", "amod") and token.head.i not in self.in_name:
                continue  # "university fees", "company profits": a modifier, not a mention
            kind = self._description_kind(token)
            if kind is not None:
                found.append(self._description(token, kind))
        return found

    def _description_kind(self, token: Token) -> str | None:
        lemma, words = token.lemma_.lower(), self.words
        if words.document_noun(lemma) and token.pos_ == "NOUN":
            return "document"
        if words.organization_noun(lemma):
            return "organization"
        if words.person_noun(lemma) or words.person_noun(token.lower_):
            return "group" if token.tag_ in ("NNS", "NNPS") and lemma in words.lexicon.group_heads else "person"
        return None

    def _description(self, head: Token, kind: str) -> Mention:
        lefts = [t for t in head.lefts if t.dep_ not in ("punct", "cc", "conj", "prep", "advmod")]
        first = min((t.left_edge.i for t in lefts), default=head.i)
        while first < head.i and (self.doc[first].is_punct or self.doc[first].is_space):
            first += 1
        mention = self._mention(first, head.i, head, "description", kind)
        determiners = [t.lower_ for t in head.lefts if t.dep_ in ("det", "predet", "nummod")]
        possessor = next((t for t in head.lefts if t.dep_ == "poss"), None)
        mention.possessor = possessor.i if possessor is not None else None
        mention.definite = possessor is not None or any(d in DEFINITE for d in determiners) or (
            not determiners and not mention.plural
        )
        mention.gender = self.words.genders.get(head.lower_) or self.words.genders.get(mention.lemma)
        mention.organization_token = self._organization_token(head)
        if kind == "document":
            mention.author_token = self._author_token(head)
        return mention

    def _organization_token(self, head: Token) -> int | None:
        for child in head.lefts:
            if child.dep_ in ("compound", "nmod") and child.ent_type_ in ("ORG", "GPE", "NORP") and child.pos_ == "PROPN":
                return child.i
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ROLE_PREPOSITIONS:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj.i
        return None

    def _author_token(self, head: Token) -> int | None:
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in self.words.author_prepositions:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_):
                    return pobj.i
        return None

    # --- pronouns -------------------------------------------------------------------------------

    def _pronouns(self) -> list[Mention]:
        found = []
        for token in self.doc:
            pronoun = self.words.pronouns.get(token.lower_)
            if pronoun is None or token.pos_ not in ("PRON", "DET") or token.dep_ == "expl":
                continue
            kind = "organization" if pronoun.gender == "n" else ("group" if pronoun.plural else "person")
            mention = self._mention(token.i, token.i, token, "pronoun", kind)
            mention.gender, mention.plural = pronoun.gender, pronoun.plural
            found.append(mention)
        return found


def _acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _sentence_indices(doc: Doc) -> list[int]:
    indices = [0] * len(doc)
    if not doc.has_annotation("SENT_START") and not doc.has_annotation("DEP"):
        return indices
    for number, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            indices[i] = number
    return indices


def mark_quoted(mentions: list[Mention], quoted: list[tuple[int, int]]) -> None:
    """Each mention's quoted piece (sorted, disjoint pieces; mentions in text order)."""
    pieces = iter(quoted)
    piece = next(pieces, None)
    for mention in mentions:
        while piece is not None and piece[1] <= mention.start:
            piece = next(pieces, None)
        if piece is not None and piece[0] <= mention.start and mention.end <= piece[1]:
            mention.quoted = piece[0]
