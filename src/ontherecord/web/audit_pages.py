"""The sourcing audit in the explorer: the page desks use (``/audit``: women quoted per outlet and
month, the most quoted women and men, the flags by rule), its downloads under ``/api/audit/``, and
what the article page shows of each source's gender and the article's flags."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from ..audit import RULES
from ..corpus.queries import FLAG_RULE_COLUMNS, GENDER_COLUMNS, OUTLET_GENDER_COLUMNS, PEOPLE_GENDER_COLUMNS
from ..model import Article, Gender
from . import charts
from .api import FORMAT, ListFormat
from .context import Explorer, explorer
from .tabular import listing

api_router = APIRouter(prefix="/api/audit", tags=["api"])
page_router = APIRouter(include_in_schema=False)
TOP_PEOPLE = 15
TOP = Query(TOP_PEOPLE, ge=1, le=1000, description="how many people")
METHODS = {"text": "from the article's words", "name": "from name statistics", "none": "nothing to go on"}


@api_router.get("/genders", summary="Per outlet: women, men and unknown among the person sources, women's share")
def genders(format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().gender_by_outlet(), OUTLET_GENDER_COLUMNS, format, "women-quoted-by-outlet")


@api_router.get("/genders/months", summary="Per outlet and month: women, men and unknown among the person sources")
def gender_months(format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().gender_by_month(), GENDER_COLUMNS, format, "women-quoted-by-month")


@api_router.get("/people", summary="The most quoted women or men (people across articles)")
def people(
    gender: Literal["female", "male"] = Query(..., description="female or male"),
    top: int = TOP,
    format: ListFormat = FORMAT,
    app: Explorer = Depends(explorer),
) -> Any:
    rows = app.corpus().top_by_gender(gender, top=top)
    return listing(rows, PEOPLE_GENDER_COLUMNS, format, f"top-{'women' if gender == 'female' else 'men'}")


@api_router.get("/rules", summary="Each anonymous-sourcing rule with its reason and how often the corpus breaks it")
def rules(format: ListFormat = FORMAT, app: Explorer = Depends(explorer)) -> Any:
    return listing(app.corpus().flags_by_rule(), FLAG_RULE_COLUMNS, format, "audit-flags-by-rule")


@page_router.get("/audit")
def audit_page(request: Request, app: Explorer = Depends(explorer)):
    corpus = app.corpus()
    outlets = corpus.gender_by_outlet()
    by_month = corpus.gender_by_month()
    top = {gender: corpus.top_by_gender(gender, top=TOP_PEOPLE) for gender in ("female", "male")}
    return app.render(
        request,
        "audit.html",
        {
            "outlets": outlets,
            "outlet_bars": charts.gender_bars(outlets),
            "women_lines": charts.share_lines(by_month, "women_share"),
            "unknown_lines": charts.share_lines(by_month, "gender_unknown_share"),
            "undated": sum(row["person_sources"] for row in by_month if not row["month"]),
            "top_women": _people_bars(top["female"]),
            "top_men": _people_bars(top["male"]),
            "rules": corpus.flags_by_rule(),
            "params": {},
        },
    )


def _people_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.bars([(row["name"], row["quotes"], f"/speakers/{row['entity_id']}") for row in rows])


def source_genders(article: Article) -> dict[str, dict[str, str]]:
    """Speaker id → its gender's value and, for the hover, the evidence as one line; only person sources."""
    return {
        speaker.id: {
            "value": speaker.gender.value,
            "method": speaker.gender.method,
            "evidence": gender_evidence(speaker.gender),
        }
        for speaker in article.speakers
        if speaker.gender is not None
    }


def gender_evidence(gender: Gender) -> str:
    """The gender and its evidence as one line for the hover: female, from the article's words:
    “She” (pronoun, female, 120-123); “Ms” (honorific, female, 80-82)."""
    how = METHODS.get(gender.method, gender.method)
    if gender.probability is not None:
        how += f" (probability {gender.probability:.2f})"
    pieces = "; ".join(f"“{e.text}” ({e.kind}, {e.value}, {e.start}-{e.end})" for e in gender.evidence)
    conflict = gender.value == "unknown" and len({e.value for e in gender.evidence}) > 1
    return (
        f"{gender.value}, {how}" + (": the evidence disagrees" if conflict else "") + (f": {pieces}" if pieces else "")
    )


def article_flags(article: Article) -> list[dict[str, Any]]:
    """The article's audit flags, each with its rule's reason, the quote it concerns (None: the whole
    article) and that quote's speaker, in the order of the text."""
    quotes = {quote.id: quote for quote in article.quotes}
    flags, anchored = [], set()
    for flag in sorted(article.audit.flags if article.audit else [], key=lambda f: (f.start, f.rule)):
        quote = quotes.get(flag.quote_id) if flag.quote_id else None
        anchor = bool(flag.quote_id) and flag.quote_id not in anchored  # the quote's first flag is the link target
        anchored.add(flag.quote_id)
        flags.append(
            {
                "rule": flag.rule,
                "reason": RULES.get(flag.rule, ""),
                "quote_id": flag.quote_id,
                "text": flag.text,
                "speaker": quote.speaker.name if quote and quote.speaker else None,
                "content": quote.content(article.text) if quote else None,
                "anchor": anchor,
            }
        )
    return flags


def flags_by_quote(flags: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Quote id → the flags at that quote."""
    found: dict[str, list[dict[str, Any]]] = {}
    for flag in flags:
        if flag["quote_id"]:
            found.setdefault(flag["quote_id"], []).append(flag)
    return found
