"""The JSON API under ``/api``: the explorer's data with pagination, filters and downloads.

Every list takes ``format=json`` (a page), ``csv`` or ``jsonl`` (every matching row, streamed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParameter

from ..audit.summary import COLUMNS as AUDIT_COLUMNS
from ..corpus import Corpus
from ..corpus.dialect import MAX_ROW_ID
from ..corpus.overrides import merge_entities, split_speaker
from ..corpus.queries import (
    ARTICLE_COLUMNS,
    ENTITY_TIMELINE_COLUMNS,
    ORGANIZATION_COLUMNS,
    OUTLET_COLUMNS,
    QUOTE_ROW_COLUMNS,
    RUN_COLUMNS,
    SPEAKER_COLUMNS,
    ArticleFilters,
    BadFilter,
    NulInFilter,
    PageRequest,
    QuoteFilters,
    page_of,
)
from ..corpus.store import NulCharacter, StoredArticle, refuse_nul
from .analyze import AnalyzeError, AnalyzeRequest, store_article
from .context import Explorer, explorer, page_request
from .schemas import (
    AnalyzeBody,
    AnalyzeResult,
    ArticleRecord,
    ArticleRow,
    EntityDetail,
    EntityResult,
    MergeBody,
    Page,
    QuoteSearch,
    SpeakerRow,
    SplitBody,
    Stats,
    StoredArticleResponse,
)
from .security import check_token
from .tabular import download, listing

router = APIRouter(prefix="/api", tags=["api"])
ListFormat = Literal["json", "csv", "jsonl"]
FORMAT = Query("json", description="json: one page; csv or jsonl: every matching row as a download")
# Ids are 64-bit on both backends: a larger one is a 422, never an overflow inside the driver.
ArticleId = Annotated[int, PathParameter(ge=-MAX_ROW_ID, le=MAX_ROW_ID, description="an article's store id")]
EntityId = Annotated[int, PathParameter(ge=-MAX_ROW_ID, le=MAX_ROW_ID, description="a cross-article entity's id")]


def filter_error(exc: BadFilter) -> HTTPException:
    """422 for text the store cannot take (a NUL character), 400 for other unusable filters."""
    return HTTPException(status_code=422 if isinstance(exc, NulInFilter) else 400, detail=str(exc))


def quote_filters(
    q: str | None = Query(None, max_length=500, description="full-text search over quote text and speaker"),
    speaker: str | None = Query(None, max_length=200, description="speaker or entity name contains this"),
    outlet: str | None = Query(None, max_length=200),
    kind: str | None = Query(None, description="speaker kind: person, organization, anonymous, group, document"),
    type: str | None = Query(None, description="quote type: direct, indirect, mixed"),
    since: str | None = Query(None, max_length=32, description="published on or after (YYYY-MM-DD)"),
    until: str | None = Query(None, max_length=32, description="published on or before (YYYY-MM-DD)"),
    entity: int | None = Query(None, ge=-MAX_ROW_ID, le=MAX_ROW_ID, description="quotes of one cross-article entity"),
    article: int | None = Query(None, ge=-MAX_ROW_ID, le=MAX_ROW_ID, description="quotes of one article"),
    min_confidence: str | None = Query(None, max_length=20, description="attribution confidence at least this "
                                                                     "(0 to 1; blank: any, as the search form sends it)"),
    sort: str | None = Query(None, max_length=20, description="relevance (default: then confidence), confidence, "
                                                              "newest, oldest, speaker, outlet"),
    gender: str | None = Query(None, max_length=20, description="the speaker's gender: female, male, unknown"),
    flag: str | None = Query(None, max_length=40, description="quotes with this audit flag (a rule of "
                                                              "`ontherecord audit --rules`, or any)"),
) -> QuoteFilters:
    try:
        return QuoteFilters(q=q, outlet=outlet, since=since, until=until, speaker=speaker, kind=kind, type=type,
                            entity=entity, article=article, min_confidence=blank_or_number(min_confidence), sort=sort,
                            gender=gender, flag=flag)
    except BadFilter as exc:
        raise filter_error(exc) from None


def blank_or_number(text: str | None) -> float | None:
    """A form field's number; a blank field is no filter (a 422 for anything else that is not a number)."""
    if text is None or not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise HTTPException(status_code=422, detail=f"not a number: {text!r}") from None


def article_filters(
    q: str | None = Query(None, max_length=500, description="full-text search over title and text"),
    outlet: str | None = Query(None, max_length=200),
    since: str | None = Query(None, max_length=32),
    until: str | None = Query(None, max_length=32),
    sort: str | None = Query(None, max_length=20, description="published, title, outlet, quotes or speakers; "
                                                              "a leading - sorts descending (default -published)"),
) -> ArticleFilters:
    try:
        return ArticleFilters(q=q, outlet=outlet, since=since, until=until, sort=sort)
    except BadFilter as exc:
        raise filter_error(exc) from None


@router.get("/stats", response_model=Stats, summary="Corpus totals and the dashboard's series")
def stats(app: Explorer = Depends(explorer)) -> dict[str, Any]:
    return app.corpus().dashboard()


@router.get("/runs", summary="Ingest runs, newest first; a killed run is 'interrupted'")
def runs(format: ListFormat = FORMAT, top: int = Query(100, ge=1, le=10_000),
         app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().runs(top=top), RUN_COLUMNS, format, "runs")


@router.get("/outlets", summary="Per outlet: articles, quotes, named/anonymous/document shares, top sources")
def outlets(format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().stats(), OUTLET_COLUMNS, format, "outlets")


@router.get("/audit", summary="The sourcing audit: sources by kind, women and men quoted, anonymous-sourcing flags")
def audit(format: ListFormat = FORMAT, by: Literal["article", "outlet", "author", "month"] = Query("outlet"),
          app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().audit(by), AUDIT_COLUMNS, format, f"audit-by-{by}")


@router.get("/quotes", response_model=QuoteSearch, summary="Search quotes, with facet counts")
def quotes(
    filters: QuoteFilters = Depends(quote_filters),
    page: PageRequest = Depends(page_request),
    format: ListFormat = FORMAT,
    app: Explorer = Depends(explorer),
) -> Any:
    if format != "json":
        return stream_rows(app, lambda corpus: corpus.iter_quote_rows(filters), QUOTE_ROW_COLUMNS, format, "quotes")
    return app.corpus().search_quotes(filters, page)


def stream_rows(app: Explorer, iterate: Callable[[Corpus], Iterator[dict[str, Any]]], columns, fmt: str,
                name: str) -> Any:
    """Every row of ``iterate(corpus)`` as a download, on the request's connection (lent until the
    download is complete)."""
    corpus = app.corpus()  # a missing or busy store fails here, before the download starts

    def rows():
        yield from iterate(corpus)

    return download(rows(), columns, fmt, name)


@router.get("/articles", response_model=Page[ArticleRow], summary="Articles, newest first")
def articles(
    filters: ArticleFilters = Depends(article_filters),
    page: PageRequest = Depends(page_request),
    format: ListFormat = FORMAT,
    app: Explorer = Depends(explorer),
) -> Any:
    if format != "json":
        return stream_rows(app, lambda corpus: corpus.iter_article_rows(filters), ARTICLE_COLUMNS, format,
                           "articles")
    return app.corpus().list_articles(filters, page)


@router.get("/articles/{article_id}", response_model=ArticleRecord,
            summary="One article's record, exactly as Article.to_dict()")
def article(article_id: ArticleId, app: Explorer = Depends(explorer)) -> dict[str, Any]:
    return stored_article(app, article_id).article.to_dict()


@router.get("/articles/{article_id}/stored", response_model=StoredArticleResponse,
            summary="One article's record with its store id, identity and speaker entities")
def article_stored(article_id: ArticleId, app: Explorer = Depends(explorer)) -> dict[str, Any]:
    found = stored_article(app, article_id)
    return {"article_id": found.row_id, "identity": found.identity, "record": found.article.to_dict(),
            "entity_ids": found.entity_ids}


def stored_article(app: Explorer, article_id: int) -> StoredArticle:
    found = app.store().load_article(article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return found


@router.get("/speakers", response_model=Page[SpeakerRow],
            summary="Speakers across the corpus: people (entities), organizations, documents")
def speakers(page: PageRequest = Depends(page_request), format: ListFormat = FORMAT,
             app: Explorer = Depends(explorer)) -> Any:
    corpus = app.corpus()
    if format != "json":
        return download(corpus.speakers(), SPEAKER_COLUMNS, format, "speakers")
    items = corpus.speakers(top=page.offset + page.per_page)[page.offset:]
    return page_of(items, corpus.speaker_count(), page)


@router.get("/organizations", summary="Organizations by the quotes they account for")
def organizations(format: ListFormat = FORMAT, top: int = Query(50, ge=1, le=1000),
                  app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().top_organizations(top=top), ORGANIZATION_COLUMNS, format, "organizations")


@router.get("/entities", response_model=Page[SpeakerRow], summary="People linked across articles")
def entities(name: str | None = Query(None, max_length=200), page: PageRequest = Depends(page_request),
             app: Explorer = Depends(explorer)) -> Any:
    try:
        return app.corpus().find_entities(name, page)
    except BadFilter as exc:
        raise filter_error(exc) from None


@router.get("/entities/{entity_id}", response_model=EntityDetail,
            summary="One person: roles and organizations over time, outlets, merge candidates")
def entity(entity_id: EntityId, format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    found = app.corpus().entity(entity_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no entity {entity_id}")
    if format != "json":
        return download(found["timeline"], ENTITY_TIMELINE_COLUMNS, format, f"entity-{entity_id}")
    return found


@router.post("/entities/merge", response_model=EntityResult, summary="Make several entities one person")
def merge(body: MergeBody, request: Request, app: Explorer = Depends(explorer)) -> dict[str, int]:
    check_token(request, app.settings.token)
    return {"entity_id": merge_people(app, body.entity_ids, body.note)}


@router.post("/entities/{entity_id}/split", response_model=EntityResult,
             summary="Take one article's speaker out of an entity")
def split(entity_id: EntityId, body: SplitBody, request: Request, app: Explorer = Depends(explorer)) -> dict[str, int]:
    check_token(request, app.settings.token)
    return {"entity_id": split_person(app, entity_id, body.article, body.note)}


def merge_people(app: Explorer, entity_ids: list[int], note: str | None) -> int:
    if len(set(entity_ids)) < 2:
        raise HTTPException(status_code=400, detail="give at least two different entity ids")
    too_large = [entity_id for entity_id in entity_ids if abs(entity_id) > MAX_ROW_ID]
    if too_large:
        raise HTTPException(status_code=404, detail=f"no such entity: {', '.join(map(str, too_large))}")
    try:
        return merge_entities(app.stores.writer(), list(dict.fromkeys(entity_ids)), note)
    except ValueError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


def split_person(app: Explorer, entity_id: int, article_identity: str, note: str | None) -> int:
    found = app.corpus().entity(entity_id)
    member = next((row for row in (found or {}).get("timeline", []) if row["article_identity"] == article_identity),
                  None)
    if member is None:
        raise HTTPException(status_code=404, detail=f"entity {entity_id} has no speaker in article {article_identity}")
    return split_speaker(app.stores.writer(), article_identity, member["speaker_name"], note)


@router.post("/analyze", response_model=AnalyzeResult,
             summary="Run the engine on text or a URL; store the result only when asked")
def analyze(body: AnalyzeBody, request: Request, app: Explorer = Depends(explorer)) -> dict[str, Any]:
    needs_token = body.store or (body.url and not (body.text or "").strip())
    if needs_token:
        check_token(request, app.settings.token)
    article, article_id = run_analysis(app, AnalyzeRequest(body.text, body.url, body.title, body.outlet,
                                                            body.author, body.published), body.store)
    return {"record": article.to_dict(), "article_id": article_id}


def run_analysis(app: Explorer, request: AnalyzeRequest, store: bool):
    try:
        if store:  # refused before the engine runs: the store would not take it
            refuse_nul(vars(request))
        article = app.analyzer.analyze(request)
    except NulCharacter as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    except AnalyzeError as exc:
        raise HTTPException(status_code=exc.status, detail=str(exc)) from None
    try:
        article_id = store_article(app.stores.writer(), article, app.settings.engine.label()) if store else None
    except NulCharacter as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    return article, article_id
