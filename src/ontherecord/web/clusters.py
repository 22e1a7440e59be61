"""Quote clusters and article copies in the explorer: the JSON API (``/api/clusters``,
``/api/trace``, ``/api/copies``) and the pages (``/clusters``, ``/clusters/{id}``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParameter

from ..corpus.dialect import MAX_ROW_ID
from ..corpus.queries import APPEARANCE_COLUMNS, CLUSTER_COLUMNS, COPY_COLUMNS
from .api import FORMAT, ArticleId, ListFormat
from .context import Explorer, explorer
from .tabular import listing

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)
ClusterId = Annotated[int, PathParameter(ge=-MAX_ROW_ID, le=MAX_ROW_ID, description="a quote cluster's id")]
MIN_ARTICLES = Query(2, ge=1, le=1_000_000, description="only clusters carried by at least this many articles")
TOP = Query(100, ge=1, le=10_000)
TEXT = Query(..., min_length=1, max_length=5000, description="the quote's words (exact, a part, or a near wording)")


@api_router.get("/clusters", summary="Quote clusters: the same statement across articles, most widely carried first")
def clusters(format: ListFormat = FORMAT, min_articles: int = MIN_ARTICLES,
             speaker: str | None = Query(None, max_length=200), q: str | None = Query(None, max_length=1000),
             top: int = TOP, app: Explorer = Depends(explorer)) -> Any:
    rows = app.corpus().quote_clusters(min_articles=min_articles, speaker=speaker, search=q, limit=top)
    return listing(rows, CLUSTER_COLUMNS, format, "clusters")


@api_router.get("/clusters/{cluster_id}", summary="One quote cluster: appearances, outlets, variants with diffs")
def cluster(cluster_id: ClusterId, format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    found = app.corpus().quote_cluster(cluster_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no quote cluster {cluster_id} in this corpus")
    return found if format == "json" else listing(found["appearances"], APPEARANCE_COLUMNS, format,
                                                  f"cluster-{cluster_id}")


@api_router.get("/trace", summary="Every appearance of a quote, earliest first, variants diffed")
def trace(text: str = TEXT, format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().trace(text), APPEARANCE_COLUMNS, format, "trace")


@api_router.get("/copies", summary="Articles that copy an earlier one (wire copy, syndication)")
def copies(format: ListFormat = FORMAT, outlet: str | None = Query(None, max_length=200), top: int = TOP,
           app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().article_copies(outlet=outlet, limit=top), COPY_COLUMNS, format, "copies")


@api_router.get("/articles/{article_id}/clusters",
                summary="Each quote's cluster (other articles, first appearance) and the original it copies")
def article_clusters(article_id: ArticleId, app: Explorer = Depends(explorer)) -> dict[str, Any]:
    corpus = app.corpus()
    return {"quotes": corpus.article_clusters(article_id), "copy_of": corpus.copy_of(article_id)}


@page_router.get("/clusters")
def cluster_list(request: Request, min_articles: int = MIN_ARTICLES, q: str | None = Query(None, max_length=1000),
                 app: Explorer = Depends(explorer)):
    rows = app.corpus().quote_clusters(min_articles=min_articles, search=q or None, limit=200)
    return app.render(request, "clusters.html", {"clusters": rows, "q": q or "", "min_articles": min_articles})


@page_router.get("/clusters/{cluster_id}")
def cluster_page(request: Request, cluster_id: ClusterId, app: Explorer = Depends(explorer)):
    found = app.corpus().quote_cluster(cluster_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no quote cluster {cluster_id} in this corpus")
    return app.render(request, "cluster.html", {"cluster": found})


def cluster_notes(app: Explorer, article_id: int) -> dict[str, Any]:
    """What the article page adds: per quote "also in N stories, first in X on DATE", and its original."""
    corpus = app.corpus()
    return {"clusters": corpus.article_clusters(article_id), "copy_of": corpus.copy_of(article_id)}
