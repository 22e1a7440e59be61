"""Media citations in the explorer: the JSON API (``/api/citations``) and the citation graph page
(``/citations``, outlet → outlet or journalist, drawn server-side as SVG)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from ..corpus.queries import CITATION_COLUMNS, CITATION_LINK_COLUMNS
from .api import FORMAT, ListFormat
from .context import Explorer, explorer
from .graph import citation_graph
from .tabular import listing

api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)
OUTLET = Query(None, max_length=200, description="only what this outlet cites (case ignored)")
CITED = Query(None, max_length=200, description="only who cites this outlet or journalist (case ignored)")
TOP = Query(1000, ge=1, le=100_000)
GRAPH_LINKS = 200


@api_router.get("/citations", summary="Media citations: outlet → cited outlet or journalist, most cited first")
def citations(
    format: ListFormat = FORMAT,
    outlet: str | None = OUTLET,
    cited: str | None = CITED,
    by: Literal["link", "citation"] = Query("link", description="link: per outlet pair; citation: each one"),
    top: int = TOP,
    app: Explorer = Depends(explorer),
) -> Any:
    corpus = app.corpus()
    if by == "citation":
        return listing(
            corpus.media_citations(outlet=outlet, cited=cited, limit=top), CITATION_COLUMNS, format, "media-citations"
        )
    return listing(
        corpus.citation_links(outlet=outlet, cited=cited, limit=top), CITATION_LINK_COLUMNS, format, "citations"
    )


@page_router.get("/citations")
def citation_page(
    request: Request, outlet: str | None = OUTLET, cited: str | None = CITED, app: Explorer = Depends(explorer)
):
    corpus = app.corpus()
    links = corpus.citation_links(outlet=outlet or None, cited=cited or None)
    return app.render(
        request,
        "citations.html",
        {"links": links, "graph": citation_graph(links[:GRAPH_LINKS]), "outlet": outlet or "", "cited": cited or ""},
    )
