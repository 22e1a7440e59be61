"""A source's profile from the parse: title words before a name, role and organization from an apposition."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..lexicon import Lexicon
from .names import PersonName

ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
ROLE_ORG_PREPOSITIONS = ("at", "with", "of", "for", "in")


def is_title(token: Token, lexicon: Lexicon) -> bool:
    return token.lower_.rstrip(".") in lexicon.titles and (token.is_title or token.is_upper) and not _names_an_organization(token, lexicon)


def _names_an_organization(token: Token, lexicon: Lexicon) -> bool:
    """ "the Commerce Department", "the Home Office": a title-like word on an organization head noun
    names that organization; it is nobody's title."""
    head = token.head
    return token.dep_ == "compound" and head.i > token.i and head.lower_ in lexicon.organization_heads


def titles_before(doc: Doc, index: int, lexicon: Lexicon) -> list[Token]:
    """Capitalised title words right before a name: "Defense Secretary", "Secretary of State"."""
    collected: list[Token] = []
    i = index - 1
    while i >= 0:
        token = doc[i]
        if token.is_space:
            i -= 1
            continue
        if is_title(token, lexicon):
            collected.insert(0, token)
        elif token.lower_ == "of" and collected and i > 0 and is_title(doc[i - 1], lexicon):
            collected.insert(0, token)
        else:
            break
        i -= 1
    return collected


def strip_determiner(text: str) -> str:
    for det in ("the ", "The "):
        if text.startswith(det):
            return text[len(det):]
    return text


def unwrap_copy(head: Token) -> Token:
    """ "a copy of the order" speaks for the order."""
    if head.lemma_.lower() in ("copy", "version", "draft", "portion", "excerpt", "part"):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return head


def profile_of(head: Token, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """Role and organization from an apposition or a prepositional phrase on the source."""
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is None:
        return None, _organization_in(head, only_prepositions=True)
    owner = next((c for c in appos.lefts if c.dep_ == "poss" or _possessive(c.text)), None)
    skipped = {t.i for t in owner.subtree} if owner is not None else set()
    tokens = [t for t in appos.subtree if t.i not in skipped and t.dep_ != "case" and not t.is_space]
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    role = head.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else None
    if owner is not None:
        organization = _strip_possessive(head.doc[owner.left_edge.i : owner.i + 1].text)
    else:
        organization = _organization_in(appos)
    return role, organization


def _possessive(text: str) -> bool:
    return text.endswith(("’s", "'s", "‘s")) and len(text) > 2


def _strip_possessive(text: str) -> str:
    text = text.strip(" \u00a0")
    if _possessive(text):
        text = text[:-2]
    return strip_determiner(text.strip(" \u00a0"))


def _organization_in(head: Token, only_prepositions: bool = False) -> str | None:
    """The organization in "... at Texas Tech School of Law" / "with the 578th Brigade Engineer Battalion"."""
    preps = [t for t in head.subtree if t.dep_ == "prep" and t.lower_ in ROLE_ORG_PREPOSITIONS]
    if only_prepositions:
        preps = [t for t in head.children if t.dep_ == "prep" and t.lower_ in ("of", "with", "at", "from")]
    for wanted in ROLE_ORG_PREPOSITIONS:
        for prep in reversed(preps):
            if prep.lower_ != wanted:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.ent_type_ in ORG_LABELS or pobj.pos_ == "PROPN" or any(t.ent_type_ in ORG_LABELS for t in pobj.lefts):
                text = head.doc[pobj.left_edge.i : pobj.right_edge.i + 1].text
                return strip_determiner(text.strip(" ,;\u00a0"))
    return None


def person_name(ent: SpacySpan, doc: Doc, lexicon: Lexicon) -> PersonName | None:
    """A PERSON entity as a name: titles split off, possessive dropped; whether it is a subject or only qualifies."""
    tokens = list(ent)
    titles = []
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    while tokens and is_title(tokens[0], lexicon) and len(tokens) > 1:
        titles.append(tokens.pop(0))
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s")):
        tokens.pop()
    if not tokens:
        return None
    outside = titles_before(doc, ent.start, lexicon)
    title_tokens = outside + titles
    title = " ".join(t.text for t in title_tokens) or None
    name = doc[tokens[0].i : tokens[-1].i + 1].text.replace("’s", "").replace("'s", "").strip()
    if not any(c.isalpha() for c in name):
        return None
    root = ent.root
    modifier = root.dep_ in ("compound", "poss") or any(c.dep_ == "case" for c in root.children)
    subject = root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
    return PersonName(name, title, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), modifier, subject)


def role_before_name(head: Token, name_start: int, organization: str | None, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """ "NUJ official Barry Fitzpatrick", "chief executive Geoff Dixon": the words before the name."""
    words = [
        t
        for t in head.lefts
        if t.idx < name_start and t.dep_ in ("compound", "amod", "nmod", "poss") and not t.is_punct
    ]
    tokens = [t for w in words for t in w.subtree if t.idx < name_start and t.dep_ not in ("det", "case", "punct")]
    tokens = [t for t in tokens if not is_title(t, lexicon)]
    if not tokens or not any(t.pos_ in ("NOUN", "ADJ") for t in tokens):
        return None, organization
    tokens.sort(key=lambda t: t.i)
    role = head.doc[tokens[0].i : tokens[-1].i + 1].text
    org_words = [t.text for t in tokens if t.ent_type_ in ORG_LABELS and t.pos_ == "PROPN"]
    return role, organization or (" ".join(org_words) or None)
