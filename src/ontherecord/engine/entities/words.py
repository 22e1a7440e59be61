"""The word lists the entity stage reads (``data/``): pronouns, gendered nouns, descriptors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...wordlists import data_lines
from ..lexicon import Lexicon, load_lexicon


@dataclass(frozen=True)
class Pronoun:
    gender: str | None  # m, f, n (things, organizations) or None for any
    plural: bool


@dataclass(frozen=True)
class EntityWords:
    lexicon: Lexicon
    pronouns: dict[str, Pronoun]
    genders: dict[str, str]  # gendered nouns and titles
    state_descriptors: frozenset[str]  # descriptions that can refer back to a country or city
    author_prepositions: frozenset[str]
    voiced_documents: frozenset[str]  # a quote from one is its author's

    def person_noun(self, lemma: str) -> bool:
        lex = self.lexicon
        return lemma in lex.person_nouns or lemma in lex.anonymous_heads or lemma in self.genders

    def organization_noun(self, lemma: str) -> bool:
        return lemma in self.lexicon.organization_heads

    def document_noun(self, lemma: str) -> bool:
        return lemma in self.lexicon.document_heads


def _pronouns() -> dict[str, Pronoun]:
    table = {}
    for line in data_lines("pronouns.tsv"):
        word, gender, number = line.split("\t")
        table[word] = Pronoun(None if gender == "-" else gender, number == "pl")
    return table


@lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    return EntityWords(
        lexicon=load_lexicon(),
        pronouns=_pronouns(),
        genders=dict(line.split("\t") for line in data_lines("gendered_nouns.tsv")),
        state_descriptors=frozenset(data_lines("state_descriptors.txt")),
        author_prepositions=frozenset(data_lines("author_prepositions.txt")),
        voiced_documents=frozenset(data_lines("voiced_documents.txt")),
    )
