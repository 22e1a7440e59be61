"""The typed data model every pipeline stage reads and writes.

An :class:`Article` is the record the engine produces for one news story. All
offsets are character offsets into ``Article.text`` (Python string indices),
and every span is exact: ``text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .safetext import short_text

QuoteType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "anonymous", "group", "document", "media", "unknown"]
SPEAKER_KINDS: tuple[str, ...] = ("person", "organization", "anonymous", "group", "document", "media", "unknown")
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
SOURCE_CHARS = 500  # an item error's source (path, URL, id) as shown and stored
METADATA_FIELDS: tuple[str, ...] = ("id", "title", "url", "outlet", "author", "published")  # an article's, in record order


@dataclass
class Span:
    """A stretch of the article text: ``article.text[start:end] == text``."""

    text: str
    start: int
    end: int

    @classmethod
    def of(cls, source: str, start: int, end: int) -> "Span":
        return cls(source[start:end], start, end)


@dataclass
class Figure:
    """A number, percentage, amount of money, quantity or date inside a quote."""

    text: str
    start: int
    end: int
    kind: str  # percent | money | quantity | date | number | ordinal | time


@dataclass
class SpeakerRef:
    """The speaker as it stands at one quote: the article-level speaker plus the local mention."""

    id: str
    name: str | None
    kind: str
    mention: Span | None = None
    title: str | None = None
    role: str | None = None
    organization: str | None = None


@dataclass
class EntityMention:
    """One mention of an article entity: ``text[start:end]``, its form (name, surname, acronym,
    description, pronoun) and the evidence that linked it to the entity (``None`` for the first)."""

    text: str
    start: int
    end: int
    form: str
    evidence: str | None = None


@dataclass
class Quote:
    id: str
    type: str
    text: str
    start: int
    end: int
    pieces: list[tuple[int, int]]
    cue: Span | None = None
    speaker: SpeakerRef | None = None
    channel: str | None = None
    figures: list[Figure] = field(default_factory=list)
    confidence: float = 0.0

    def content(self, article_text: str) -> str:
        """The quoted words only, pieces joined by a space (no interrupting attribution)."""
        return " ".join(article_text[s:e] for s, e in self.pieces)


@dataclass
class GenderEvidence:
    """A word of the article that says a person source's gender ("she", "Ms", "spokeswoman")."""

    text: str
    start: int
    end: int
    kind: str  # pronoun | honorific | role | kin | name
    value: str  # female | male


@dataclass
class Gender:
    """A person source's gender and why: ``method`` "text" (the article's words in ``evidence``),
    "name" (name statistics, on request, with their ``probability``) or "none" (nothing to go on)."""

    value: str  # female | male | unknown
    evidence: list[GenderEvidence] = field(default_factory=list)
    method: str = "none"
    probability: float | None = None

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Gender":
        evidence = [GenderEvidence(**e) for e in record.get("evidence", [])]
        return cls(value=record["value"], evidence=evidence, method=record.get("method", "none"),
                   probability=record.get("probability"))


@dataclass
class AuditFlag:
    """One anonymous-sourcing rule an article breaks, at a quote (``quote_id``) or the whole article (None)."""

    rule: str
    quote_id: str | None
    text: str
    start: int
    end: int


@dataclass
class Audit:
    """The article's sourcing flags and how many of each rule."""

    flags: list[AuditFlag] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Audit":
        return cls(flags=[AuditFlag(**f) for f in record.get("flags", [])], counts=dict(record.get("counts", {})))


@dataclass
class Speaker:
    id: str
    name: str | None
    kind: str
    title: str | None = None
    role: str | None = None
    organization: str | None = None
    mentions: list[Span] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    non_answers: list[Span] = field(default_factory=list)  # "declined to comment": cue to end
    gender: Gender | None = None  # person and anonymous sources only
    entity_mentions: list[EntityMention] = field(default_factory=list)  # every mention of its article entity
    people: list[str] = field(default_factory=list)  # an organization's: the speakers who speak for it
    organization_id: str | None = None  # a person's: the speaker id of their organization
    author: str | None = None  # a document's: the speaker id of its author


@dataclass
class MediaCitation:
    """Another news organization or a journalist as the source ("first revealed by independent
    journalist Ken Klippenstein", "according to a Reuters report"): ``mention`` names them in the text,
    ``cue`` is the word that cites them ("revealed", "according to", "report"); ``start``/``end`` span
    both. ``outlet`` and ``journalist``: who is cited, either or both; ``evidence``: what made them
    media; ``quote_id``/``speaker_id``: the quote they are the source of, if any."""

    id: str
    text: str
    start: int
    end: int
    mention: Span
    cue: Span | None = None
    outlet: str | None = None
    journalist: str | None = None
    evidence: str = ""
    quote_id: str | None = None
    speaker_id: str | None = None

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "MediaCitation":
        cue = record.get("cue")
        return cls(**{**record, "mention": Span(**record["mention"]), "cue": Span(**cue) if cue else None})


@dataclass
class ArticleText:
    """An article's text and its metadata (:data:`METADATA_FIELDS`): what every article record has."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass
class ArticleInput(ArticleText):
    """One article for the engine: its text and metadata, as the readers, feeds and archives give it.

    ``source`` says where it was read (a path, ``file:line``, a URL) for messages; ``language`` is
    the language the page declared, if any."""

    source: str | None = None
    language: str | None = None

    @classmethod
    def from_mapping(cls, fields: Mapping[str, Any]) -> "ArticleInput":
        """The input in a record dict (``text`` plus any of the metadata, ``source`` and ``language`` keys)."""
        known = {name: fields.get(name) for name in (*METADATA_FIELDS, "source", "language")}
        return cls(text=fields.get("text"), **known)

    def metadata(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in METADATA_FIELDS}

    def label(self) -> str:
        """The name an error about this article goes by: its id, else where it was read."""
        return str(self.id or self.source or "?")


@dataclass
class Article(ArticleText):
    """An article with its attributed quotes and speakers: what the engine returns."""

    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    audit: Audit | None = None
    citations: list[MediaCitation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        for quote in record["quotes"]:
            quote["pieces"] = [list(piece) for piece in quote["pieces"]]
        return {key: record[key] for key in ARTICLE_FIELD_ORDER}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Article":
        quotes = [quote_from_dict(q) for q in record.get("quotes", [])]
        speakers = [speaker_from_dict(s) for s in record.get("speakers", [])]
        metadata = {k: record.get(k) for k in METADATA_FIELDS}
        audit = Audit.from_dict(record["audit"]) if record.get("audit") else None
        citations = [MediaCitation.from_dict(c) for c in record.get("citations") or []]
        return cls(text=record["text"], quotes=quotes, speakers=speakers, audit=audit, citations=citations, **metadata)

    def speaker(self, speaker_id: str) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)


ARTICLE_FIELD_ORDER = (*METADATA_FIELDS, "text", "quotes", "speakers", "audit", "citations")


def speaker_from_dict(s: dict[str, Any]) -> Speaker:
    lists = ("mentions", "quotes", "non_answers", "entity_mentions", "people", "gender")
    fields = {k: v for k, v in s.items() if k not in lists}
    gender = Gender.from_dict(s["gender"]) if s.get("gender") else None
    return Speaker(**fields, mentions=[Span(**m) for m in s.get("mentions", [])], quotes=list(s.get("quotes", [])),
                   non_answers=[Span(**m) for m in s.get("non_answers", [])],
                   entity_mentions=[EntityMention(**m) for m in s.get("entity_mentions", [])],
                   people=list(s.get("people", [])), gender=gender)


def quote_from_dict(q: dict[str, Any]) -> Quote:
    speaker = q.get("speaker")
    if speaker is not None:
        mention = speaker.get("mention")
        speaker = SpeakerRef(**{**speaker, "mention": Span(**mention) if mention else None})
    cue = q.get("cue")
    return Quote(
        id=q["id"],
        type=q["type"],
        text=q["text"],
        start=q["start"],
        end=q["end"],
        pieces=[tuple(p) for p in q["pieces"]],
        cue=Span(**cue) if cue else None,
        speaker=speaker,
        channel=q.get("channel"),
        figures=[Figure(**f) for f in q.get("figures", [])],
        confidence=q.get("confidence", 0.0),
    )


@dataclass
class ItemError:
    """One input item that could not be processed; a batch reports it and goes on.

    Both fields are short printable text (:func:`~ontherecord.safetext.short_text`): a message
    quoting binary input cannot flood stderr or the errors table."""

    source: str  # file path, URL or record id
    message: str

    def __post_init__(self) -> None:
        self.source = short_text(str(self.source), SOURCE_CHARS)
        self.message = short_text(str(self.message))

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.message}
