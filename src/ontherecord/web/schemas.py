"""Response and request models of the JSON API (they document it at ``/docs``).

``ArticleRecord`` is the article record exactly as ``Article.to_dict()`` writes it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from .analyze import MAX_TEXT_CHARS

Item = TypeVar("Item")


class SpanRecord(BaseModel):
    text: str
    start: int
    end: int


class FigureRecord(SpanRecord):
    kind: str


class SpeakerRefRecord(BaseModel):
    id: str
    name: str | None
    kind: str
    mention: SpanRecord | None
    title: str | None
    role: str | None
    organization: str | None


class QuoteRecord(BaseModel):
    id: str
    type: str = Field(description="direct | indirect | mixed")
    text: str
    start: int
    end: int
    pieces: list[list[int]]
    cue: SpanRecord | None
    speaker: SpeakerRefRecord | None
    channel: str | None
    figures: list[FigureRecord]
    confidence: float


class GenderEvidenceRecord(SpanRecord):
    kind: str = Field(description="pronoun | honorific | role | kin | name")
    value: str = Field(description="female | male")


class GenderRecord(BaseModel):
    value: str = Field(description="female | male | unknown")
    evidence: list[GenderEvidenceRecord]
    method: str = Field(description="text (the article's words) | name (name statistics) | none")
    probability: float | None


class AuditFlagRecord(SpanRecord):
    rule: str
    quote_id: str | None


class AuditRecord(BaseModel):
    flags: list[AuditFlagRecord]
    counts: dict[str, int]


class EntityMentionRecord(SpanRecord):
    form: str  # name, surname, acronym, description, pronoun
    evidence: str | None  # what linked it to its entity; None for the mention the others were linked to


class SpeakerRecord(BaseModel):
    id: str
    name: str | None
    kind: str
    title: str | None
    role: str | None
    organization: str | None
    mentions: list[SpanRecord]
    quotes: list[str]
    non_answers: list[SpanRecord] = []  # "declined to comment": the times the speaker gave no answer
    gender: GenderRecord | None = None  # person and anonymous sources only
    entity_mentions: list[EntityMentionRecord] = []  # every mention of its article entity
    people: list[str] = []  # an organization's: the speakers who speak for it
    organization_id: str | None = None  # a person's: their organization's speaker
    author: str | None = None  # a document's: its author's speaker


class MediaCitationRecord(SpanRecord):
    """Another outlet or a journalist as the source (docs/record.md, "Citations")."""

    id: str
    mention: SpanRecord
    cue: SpanRecord | None = None
    outlet: str | None = None
    journalist: str | None = None
    evidence: str = ""
    quote_id: str | None = None
    speaker_id: str | None = None


class ArticleRecord(BaseModel):
    """The article record (``Article.to_dict()``): every offset indexes ``text`` exactly."""

    id: str | None
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    text: str
    quotes: list[QuoteRecord]
    speakers: list[SpeakerRecord]
    audit: AuditRecord | None = None  # the anonymous-sourcing flags (ontherecord.audit)
    citations: list[MediaCitationRecord] = []  # other outlets and journalists cited as the source


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int
    page: int
    per_page: int
    pages: int


class QuoteRow(BaseModel):
    """A quote with its article and speaker, as listed by search."""

    article_id: int
    article_identity: str
    article_title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    quote_id: str
    type: str
    content: str
    text: str
    start_char: int
    end_char: int
    speaker_name: str | None
    speaker_kind: str | None
    speaker_title: str | None
    speaker_role: str | None
    speaker_organization: str | None
    speaker_gender: str | None = None  # female | male | unknown; None: not a person source
    entity_id: int | None
    entity_name: str | None
    cue: str | None
    channel: str | None
    confidence: float


class FacetCount(BaseModel):
    value: str | None
    count: int


class QuoteSearch(Page[QuoteRow]):
    total_is_lower_bound: bool = Field(False, description="more quotes match than were counted: total is at least")
    facets: dict[str, list[FacetCount]] = Field(description="counts per outlet, kind, type and speaker")


class ArticleRow(BaseModel):
    id: int
    identity: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    quote_count: int
    speaker_count: int


class StoredArticleResponse(BaseModel):
    article_id: int
    identity: str
    record: ArticleRecord
    entity_ids: dict[str, int] = Field(description="speaker id → cross-article entity id")


class SpeakerRow(BaseModel):
    entity_id: int | None
    name: str | None
    kind: str
    role: str | None
    organization: str | None
    articles: int
    quotes: int


class EntityDetail(BaseModel):
    id: int
    name: str
    kind: str
    role: str | None
    organization: str | None
    article_count: int
    quote_count: int
    timeline: list[dict[str, Any]] = Field(description="one row per article: name, role, organization, link evidence")
    outlets: list[dict[str, Any]]
    similar: list[dict[str, Any]] = Field(description="other entities with the same surname (merge candidates)")
    gender: dict[str, Any] | None = Field(None, description="value, method, probability and the evidence of its "
                                          "articles (each with the article_identity its offsets index)")


class Stats(BaseModel):
    totals: dict[str, Any]
    outlets: list[dict[str, Any]]
    top_speakers: list[dict[str, Any]]
    top_organizations: list[dict[str, Any]]
    over_time: list[dict[str, Any]]
    recent_runs: list[dict[str, Any]] = Field(default_factory=list, description="latest ingest runs, newest first")


class AnalyzeBody(BaseModel):
    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="the article text (or give url)")
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    author: str | None = Field(None, max_length=200)
    published: str | None = Field(None, max_length=40)
    store: bool = Field(False, description="also store it in the corpus (needs the token off loopback)")


class AnalyzeResult(BaseModel):
    record: ArticleRecord
    article_id: int | None = Field(None, description="the stored article's id, when stored")


class MergeBody(BaseModel):
    entity_ids: list[int] = Field(min_length=2, max_length=50)
    note: str | None = Field(None, max_length=500)


class SplitBody(BaseModel):
    article: str = Field(max_length=2000, description="identity of the article whose speaker is split off")
    note: str | None = Field(None, max_length=500)


class EntityResult(BaseModel):
    entity_id: int
