"""Media citations: another news organization or a journalist as the source.

"first revealed by independent journalist Ken Klippenstein", "The Daily Meridian reported",
"according to a Reuters report", "Klippenstein's report". An outlet is a name of
``data/news_outlets.tsv`` (or an alias), a proper name with a masthead word ("the Harbor Post"),
or, once the record is made, one of the corpus's own outlets (:func:`confirm_citations`). A
journalist is a person the article gives a journalist's role ("journalist Ken Klippenstein",
"Mara Voss, a reporter for the Harbor Post") or journalism of their own ("Voss's scoop"); later
mentions by surname are the same journalist. The words are in ``data/media_words.tsv``.

A name is cited when it is the subject of a cue verb ("The Daily Meridian reported"), the agent of
one ("revealed by"), the object of "according to", or the owner of a work ("Klippenstein's report",
"a Reuters report", "a report by the Harbor Post"). "told CNN" is none of these: the speaker told
CNN, a channel. :func:`find_citations` runs on the parse; a proper name in a citing place that is
not known as media yet is kept as a candidate (``evidence`` "name") for :func:`confirm_citations`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..model import Article, MediaCitation, Quote, Span
from ..names import fold, name_tokens, names_match
from ..wordlists import data_lines
from .lexicon import load_lexicon

MEDIA_KIND = "media"
CANDIDATE = "name"  # evidence of a cited proper name not known as an outlet (yet)
NAME_TAGS = frozenset({"PROPN"})
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "FAC", "PRODUCT"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod"})
WORK_PREPOSITIONS = frozenset({"by", "in", "from"})
JOURNALIST_PREPOSITIONS = frozenset({"for", "at", "with", "of"})


@dataclass(frozen=True)
class MediaWords:
    outlets: dict[str, str]  # folded name or alias, without "the" → the outlet's name
    roles: frozenset[str]
    outlet_roles: frozenset[str]  # a journalist's only at an outlet ("editor of the Harbor Post")
    mastheads_last: frozenset[str]
    mastheads_first: frozenset[str]
    works: dict[str, bool]  # noun → True when any owner makes it journalism ("scoop")
    verbs: frozenset[str]


@lru_cache(maxsize=1)
def media_words() -> MediaWords:
    outlets: dict[str, str] = {}
    for line in data_lines("news_outlets.tsv"):
        name, _, aliases = line.partition("\t")
        for form in (name, *filter(None, aliases.split("|"))):
            outlets[outlet_key(form)] = name.strip()
    kinds: dict[str, set[str]] = {}
    for line in data_lines("media_words.tsv"):
        word, _, kind = line.partition("\t")
        kinds.setdefault(kind.strip(), set()).add(word.strip())
    works = {w.lower(): False for w in kinds.get("work", ())} | {w.lower(): True for w in kinds.get("work-any", ())}
    return MediaWords(
        outlets,
        frozenset(w.lower() for w in kinds.get("role", ())),
        frozenset(w.lower() for w in kinds.get("role-at", ())),
        frozenset(map(fold, kinds.get("masthead", ()))),
        frozenset(map(fold, kinds.get("masthead-first", ()))),
        works,
        frozenset(w.lower() for w in kinds.get("verb", ())),
    )


def outlet_key(name: str) -> str:
    """An outlet name as compared: folded words, possessive and a leading "the" dropped."""
    words = name_tokens(name)
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def known_outlet(name: str) -> str | None:
    """The outlet a name is in ``data/news_outlets.tsv`` (its listed name), or None."""
    return media_words().outlets.get(outlet_key(name))


def masthead_outlet(name: str) -> bool:
    """ "the Harbor Post", "The Daily Meridian": a name of two words or more led or ended by a masthead word."""
    shown = [w for w in name.split() if w.lower() != "the"]
    if len(shown) < 2 or not all(w[:1].isupper() for w in shown):
        return False
    words, folded = media_words(), [w for w in name_tokens(name) if w != "the"]
    return folded[-1] in words.mastheads_last or folded[0] in words.mastheads_first


# --- the parse ---------------------------------------------------------------------------------


@dataclass
class Journalist:
    name: str
    outlet: str | None
    evidence: str


def name_span(token: Token) -> tuple[int, int]:
    """The token indices of the proper name headed by ``token``: its entity, else its compound names."""
    if token.ent_type_ and token.ent_iob_ != "O":
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                start = ent.start + (1 if ent[0].lower_ == "the" else 0)
                end = max(ent.end, token.i + 1)
                return start, end - 1 if end - 1 > start and token.doc[end - 1].dep_ == "case" else end
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].pos_ in NAME_TAGS:
        start -= 1
    return start, token.i + 1


def is_name(token: Token) -> bool:
    return token.pos_ in NAME_TAGS or (token.ent_type_ in NAME_ENTITIES and token.text[:1].isupper())


def _role_of(token: Token, roles: frozenset[str]) -> Token | None:
    """The role noun that makes this name a journalist: a modifier ("journalist Ken Klippenstein"), an
    apposition either way ("Voss, a reporter"; "the reporter, Mara Voss")."""
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod", "appos") and child.lemma_.lower() in roles:
            return child
    head = token.head
    if token.dep_ == "appos" and head.lemma_.lower() in roles:
        return head
    return None


def _employer(role: Token) -> str | None:
    """ "a reporter for the Harbor Post", "a Harbor Post reporter", "BBC Delhi reporter": the outlet."""
    for child in role.children:
        candidates = [child, *(t for t in child.children if t.dep_ == "compound")] if child.dep_ in OWNER_DEPS else []
        if child.dep_ == "prep" and child.lower_ in JOURNALIST_PREPOSITIONS:
            candidates = [t for t in child.children if t.dep_ == "pobj"]
        for candidate in candidates:
            outlet = _outlet_of(candidate)
            if outlet is not None:
                return outlet
    return None


def _outlet_of(token: Token) -> str | None:
    """The outlet a name owning a role or a work is: listed, listed at its start ("BBC Delhi" of "BBC
    Delhi reporter"), or with a masthead word."""
    if not is_name(token):
        return None
    start, end = name_span(token)
    for last in range(end, start, -1):
        listed = known_outlet(token.doc[start:last].text)
        if listed is not None:
            return listed
    name = token.doc[start:end].text
    return outlet_name(name) if masthead_outlet(name) else None


def outlet_name(text: str) -> str:
    """A mention as an outlet's name: without a leading "the" or a possessive."""
    words = text.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    name = " ".join(words)
    for possessive in ("’s", "'s", "’", "'"):
        if name.endswith(possessive):
            return name[: -len(possessive)]
    return name


def _journalists(doc: Doc, words: MediaWords) -> list[Journalist]:
    """The journalists the article names: a person with a journalist's role, or a name (the small model
    takes many a surname for an organization) that owns journalism ("Varga's scoop")."""
    found: list[Journalist] = []
    for token in doc:
        if token.dep_ == "compound" or not is_name(token):
            continue
        start, end = name_span(token)
        name = outlet_name(doc[start:end].text)
        role = _role_of(token, words.roles | words.outlet_roles) if token.ent_type_ == "PERSON" else None
        employer = _employer(role) if role is not None else None
        if role is not None and (employer is not None or role.lemma_.lower() in words.roles):
            found.append(Journalist(name, employer, "journalist role"))
        elif token.dep_ == "poss" and words.works.get(token.head.lemma_.lower()) and _outlet_of(token) is None:
            found.append(Journalist(name, None, "journalism"))
    return found


def _citing_cue(token: Token, words: MediaWords) -> Token | None:
    """The word that cites the name at ``token``, or None: the name is not in a citing place."""
    head = token.head
    verbs = load_lexicon().cue_verbs
    is_verb = head.pos_ in ("VERB", "AUX") and (head.lemma_.lower() in verbs or head.lemma_.lower() in words.verbs)
    if token.dep_ == "nsubj" and is_verb:
        return head
    if token.dep_ in OWNER_DEPS and head.lemma_.lower() in words.works:
        return head
    if token.dep_ != "pobj":
        return None
    above = head.head
    # "(first) revealed by": the parser may take the participle for a past tense and "by" for a prep
    passive = head.dep_ == "agent" or (
        above.tag_ in ("VBN", "VBD") and not any(c.dep_ == "dobj" for c in above.children)
    )
    if head.lower_ == "by" and passive and (above.lemma_.lower() in verbs or above.lemma_.lower() in words.verbs):
        return above
    if head.lower_ == "to" and above.lower_ == "according":
        return above
    if head.lower_ in WORK_PREPOSITIONS and above.lemma_.lower() in words.works and head.dep_ == "prep":
        return above
    return None


def find_citations(doc: Doc) -> list[MediaCitation]:
    """Every name in a citing place that is an outlet, a journalist or (evidence "name") a proper name,
    in text order; :func:`confirm_citations` numbers them and ties them to quotes."""
    words = media_words()
    journalists = _journalists(doc, words)
    text = doc.text
    found: list[MediaCitation] = []
    for token in doc:
        if not is_name(token) or (token.dep_ == "compound" and token.head.pos_ in NAME_TAGS):
            continue
        cue = _citing_cue(token, words)
        if cue is None:
            continue
        start, end = name_span(token)
        mention = Span.of(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        cited = _cited(outlet_name(mention.text), token, journalists)
        if cited is None:
            continue
        cue_span = _cue_span(text, cue)
        first, last = min(mention.start, cue_span.start), max(mention.end, cue_span.end)
        found.append(MediaCitation("", text[first:last], first, last, mention, cue_span, *cited))
    return found


def _cited(name: str, token: Token, journalists: list[Journalist]) -> tuple[str | None, str | None, str] | None:
    """(outlet, journalist, evidence) of a cited name, or None: neither media nor a candidate."""
    journalist = next((j for j in journalists if names_match(j.name, name)), None)
    if journalist is not None:
        return journalist.outlet, journalist.name, journalist.evidence
    listed = known_outlet(name)
    if listed is not None:
        return listed, None, "outlet list"
    if masthead_outlet(name) and not _names_a_person(token):
        return name, None, "masthead"
    if token.ent_type_ != "PERSON":  # a place, a name the model left unlabelled: an outlet if the corpus has it
        return name, None, CANDIDATE
    return None


def _names_a_person(token: Token) -> bool:
    """ "Anshuman Magazine, managing director": a person's name, whatever its last word."""
    lexicon = load_lexicon()
    people = lexicon.titles | lexicon.person_nouns
    return token.ent_type_ == "PERSON" or any(c.dep_ == "appos" and c.lemma_.lower() in people for c in token.children)


def _cue_span(text: str, cue: Token) -> Span:
    if cue.lower_ == "according":
        following = cue.nbor(1)
        return Span.of(text, cue.idx, following.idx + len(following.text))
    return Span.of(text, cue.idx, cue.idx + len(cue.text))


# --- the record ---------------------------------------------------------------------------------


def confirm_citations(article: Article, citations: list[MediaCitation], outlets: Iterable[str] = ()) -> None:
    """The article's citations from the engine's (``article.citations`` set): a candidate (a cited proper
    name) is kept when ``outlets``, the corpus's own, name it; the article citing its own outlet or
    author is no citation. Each is tied to the quote whose speaker mention holds it, and that speaker
    becomes kind ``media``, at all its quotes."""
    corpus = {outlet_key(o): o for o in outlets if o and o.strip()}
    own_outlet = outlet_key(known_outlet(article.outlet or "") or article.outlet or "")
    kept = []
    for citation in citations:
        if citation.evidence == CANDIDATE:
            outlet = corpus.get(outlet_key(citation.outlet or ""))
            if outlet is None:
                continue
            citation.outlet, citation.evidence = outlet, "corpus outlet"
        if (citation.outlet and outlet_key(citation.outlet) == own_outlet) or (
            citation.journalist and article.author and names_match(citation.journalist, article.author)
        ):
            continue
        kept.append(citation)
    _tie_to_quotes(kept, article.quotes)
    media = {c.speaker_id for c in kept if c.speaker_id is not None}
    for speaker in article.speakers:
        if speaker.id in media:
            speaker.kind = MEDIA_KIND
    for quote in article.quotes:
        if quote.speaker is not None and quote.speaker.id in media:
            quote.speaker.kind = MEDIA_KIND
    for number, citation in enumerate(kept, start=1):
        citation.id = f"c{number}"
    article.citations = kept


def _tie_to_quotes(citations: list[MediaCitation], quotes: list[Quote]) -> None:
    for citation in citations:
        for quote in quotes:
            speaker = quote.speaker
            mention = speaker.mention if speaker is not None else None
            if mention is not None and mention.start < citation.mention.end and citation.mention.start < mention.end:
                citation.quote_id, citation.speaker_id = quote.id, speaker.id
                break
