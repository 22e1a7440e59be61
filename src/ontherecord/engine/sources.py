"""Whether a cue frame is a real attribution: a source that can speak or publish, and a cue verb
whose class accepts that kind of source (``data/cue_sources.tsv``).

Events, numbers and objects ("a fall in prices", "Alerts", "the unemployment rate", "40%") are
not sources; verbs of action that can also report speech ("agreed to buy" / "agreed that ...")
count only with a content clause.
"""

from __future__ import annotations

from spacy.tokens import Token

from .frames import CueMatch
from .lexicon import Lexicon
from .syntax import to_infinitive

SPEAKING_ENTITIES = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "NORP": "group"}
NOT_SOURCE_ENTITIES = frozenset({"PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "DATE", "TIME", "EVENT"})
PRONOUN_POS = frozenset({"PRON", "DET"})
MIN_SUFFIX_NOUN = 4  # "user" yes; a shorter word ending in "-er" is rarely a person


def source_kind(head: Token, lexicon: Lexicon) -> str | None:
    """person | organization | group | anonymous | document | pronoun, or None: not a source."""
    if head.pos_ == "NUM" or head.lemma_.lower() in lexicon.quantity_heads:
        counted = _counted_source(head)
        return source_kind(counted, lexicon) if counted is not None else "group"
    if head.ent_type_ in SPEAKING_ENTITIES:
        return SPEAKING_ENTITIES[head.ent_type_]
    if head.ent_type_ in NOT_SOURCE_ENTITIES and head.pos_ != "PROPN":
        return None  # a name the small model took for a date ("Stumpf") is still a name
    if head.pos_ in PRONOUN_POS:
        return "pronoun"
    if head.pos_ in ("PROPN", "ADJ", "X") or _capitalised_inside_sentence(head):
        return "person"  # a name the small model left unlabelled ("Wal-Mart", "Jaden")
    return _noun_kind(head, lexicon)


def _capitalised_inside_sentence(head: Token) -> bool:
    """A capitalised word the tagger took for a common noun ("... that Wines believes"): a name."""
    return head.text[:1].isupper() and not head.is_sent_start and not head.text.isupper()


def _counted_source(head: Token) -> Token | None:
    """ "57 percent of voters": the noun the "of" phrase names."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    return None


def _noun_kind(head: Token, lexicon: Lexicon) -> str | None:
    words = {head.lemma_.lower(), head.lower_}
    if words & lexicon.document_heads:
        return "document"
    if words & lexicon.organization_heads:
        return "organization"
    if words & lexicon.group_heads:
        return "group"
    if words & lexicon.anonymous_heads:
        return "anonymous"
    if words & lexicon.person_nouns:
        return "person"
    lemma = head.lemma_.lower()
    if lemma in lexicon.source_nouns:
        return lexicon.source_nouns[lemma]
    if len(lemma) >= MIN_SUFFIX_NOUN and lemma.endswith(lexicon.source_suffixes):
        return "person"
    return None


def is_real_attribution(cue: CueMatch, lexicon: Lexicon) -> bool:
    """A verb cue whose source can speak or publish and whose verb class accepts that source."""
    if cue.phrase != "verb" or cue.lexeme is None or cue.source_head is None:
        return True
    if _frames_another_cue(cue.verb, lexicon) and not has_content_clause(cue):
        return False
    kind = source_kind(cue.source_head, lexicon)
    accepted = lexicon.source_kinds.get(cue.lexeme.verb_class)
    if kind is None or (accepted is not None and kind not in accepted):
        return False
    if has_content_clause(cue):
        return True
    if cue.lexeme.verb_class == "clause-only":
        return False
    if cue.lexeme.verb_class != "action-ambiguous":
        return True
    infinitive = to_infinitive(cue.verb)
    if infinitive is None:
        return False
    if kind in lexicon.source_kinds.get("action-ambiguous+infinitive", ()):
        return True
    said = lexicon.cue_verbs.get(infinitive.lemma_.lower())
    return said is not None and said.verb_class in ("communication", "publication")


def _frames_another_cue(verb: Token, lexicon: Lexicon) -> bool:
    """ "Replying to the critics, she said ...": a participle without a subject of its own before a
    cue verb sets the scene for what the head verb reports; what it names is not a second statement
    (after it, "..., she said, citing the audit", it is one)."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBG", "VBN") or verb.i > verb.head.i:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in verb.children):
        return False
    return verb.head.lemma_.lower() in lexicon.cue_verbs


def has_content_clause(cue: CueMatch) -> bool:
    """ "agreed that ...": a clause of its own (not "agreed to pay", not "offered a discount")."""
    verb = cue.verb
    if any(c.dep_ == "ccomp" for c in verb.children) or verb.dep_ == "parataxis":
        return True
    before = verb.doc.text[: cue.content_start].rstrip().split()
    return bool(before) and before[-1].lower() == "that"
