"""The explorer's HTML pages: dashboard, search, articles, speakers, analyze (the audit's: :mod:`.audit_pages`).

Templates autoescape everything; article text is cut into segments by :mod:`.highlight` and
each segment is escaped, so no text from an article or a user is ever markup.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from ..audit import RULES
from ..corpus.queries import ArticleFilters, PageRequest, QuoteFilters, page_of
from ..corpus.store import NulCharacter, StoredArticle, refuse_nul
from . import charts
from .analyze import METADATA, AnalyzeError, AnalyzeRequest, store_article
from .api import ArticleId, EntityId, article_filters, merge_people, quote_filters, split_person
from .audit_pages import article_flags, flags_by_quote, source_genders
from .clusters import cluster_notes
from .context import Explorer, explorer, page_request
from .highlight import segments, speaker_styles
from .security import check_token

router = APIRouter(include_in_schema=False)
SOURCE_GROUPS = (("Named", ("person", "organization")), ("Anonymous and groups", ("anonymous", "group")),
                 ("Documents", ("document",)), ("Other outlets and journalists", ("media",)), ("Other", ("unknown",)))


@router.get("/")
def dashboard(request: Request, app: Explorer = Depends(explorer)):
    data = app.corpus().dashboard()
    outlets = data["outlets"]
    by_quotes = sorted(outlets, key=lambda o: (-o["quotes"], o["outlet"] or ""))
    dated = sum(row["quotes"] for row in data["over_time"])
    return app.render(request, "dashboard.html", {
        "data": data,
        "undated": max(0, int(data["totals"].get("quotes") or 0) - dated),
        "quotes_chart": charts.bars([(o["outlet"] or "(no outlet)", o["quotes"], None) for o in by_quotes]),
        "shares": charts.share_stacks(by_quotes),
        "speakers_chart": charts.bars([(s["name"], s["quotes"], f"/speakers/{s['entity_id']}")
                                       for s in data["top_speakers"]]),
        "organizations_chart": charts.bars([(o["name"], o["quotes"], None) for o in data["top_organizations"]]),
        "timeline": charts.columns(data["over_time"]),
    })


@router.get("/search")
def search(request: Request, filters: QuoteFilters = Depends(quote_filters),
           page: PageRequest = Depends(page_request), app: Explorer = Depends(explorer)):
    results = app.corpus().search_quotes(filters, page)
    return app.render(request, "search.html", {"filters": filters, "params": filters.active(), "results": results,
                                               "audit_rules": RULES})


@router.get("/articles")
def articles(request: Request, filters: ArticleFilters = Depends(article_filters),
             page: PageRequest = Depends(page_request), app: Explorer = Depends(explorer)):
    results = app.corpus().list_articles(filters, page)
    return app.render(request, "articles.html", {"filters": filters, "params": filters.active(), "results": results})


@router.get("/articles/{article_id}")
def article(request: Request, article_id: ArticleId, app: Explorer = Depends(explorer)):
    found = app.store().load_article(article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id} in this corpus")
    return app.render(request, "article.html", with_cluster_notes(article_view(found), cluster_notes(app, article_id)))


def with_cluster_notes(view: dict[str, Any], notes: dict[str, Any]) -> dict[str, Any]:
    """Each quote's "also in N stories, first in X on DATE" (with its cluster's page), and the original
    this article copies."""
    for quote_id, info in notes["clusters"].items():
        if info["other_articles"] > 0 and quote_id in view["quote_data"]:
            view["quote_data"][quote_id]["elsewhere"] = elsewhere_text(info)
            view["quote_data"][quote_id]["cluster_url"] = f"/clusters/{int(info['cluster_id'])}"
    return {**view, **notes}


def elsewhere_text(info: dict[str, Any]) -> str:
    stories = "story" if info["other_articles"] == 1 else "stories"
    first = f", first in {info['first_outlet'] or '(no outlet)'}" + (
        f" on {info['first_published'][:10]}" if info["first_published"] else "")
    return f"also in {info['other_articles']} {stories}{first}"


def article_view(found: StoredArticle | None, article=None) -> dict[str, Any]:
    """What the article template needs, for a stored article or a just-analyzed one."""
    article = found.article if found else article
    entity_ids = found.entity_ids if found else {}
    styles = speaker_styles(article)
    speakers = {speaker.id: speaker for speaker in article.speakers}
    genders = source_genders(article)
    flags = article_flags(article)
    at_quote = flags_by_quote(flags)
    quote_data = {
        quote.id: {
            "speaker": quote.speaker.name if quote.speaker else None,
            "speaker_url": f"/speakers/{entity_ids[quote.speaker.id]}"
                           if quote.speaker and entity_ids.get(quote.speaker.id) else None,
            "kind": quote.speaker.kind if quote.speaker else None,
            "title": quote.speaker.title if quote.speaker else None,
            "role": quote.speaker.role if quote.speaker else None,
            "organization": quote.speaker.organization if quote.speaker else None,
            "cue": quote.cue.text if quote.cue else None,
            "channel": quote.channel,
            "type": quote.type,
            "confidence": round(quote.confidence, 2),
            "content": quote.content(article.text),
            "style": styles[quote.speaker.id].css if quote.speaker and quote.speaker.id in styles else None,
            "gender": genders[quote.speaker.id]["evidence"] if quote.speaker and quote.speaker.id in genders else None,
            "flags": ", ".join(flag["rule"] for flag in at_quote.get(quote.id, [])) or None,
        }
        for quote in article.quotes
    }
    groups = [(label, [s for s in article.speakers if s.kind in kinds]) for label, kinds in SOURCE_GROUPS]
    return {
        "found": found,
        "article": article,
        "segments": segments(article),
        "styles": styles,
        "speakers": speakers,
        "entity_ids": entity_ids,
        "source_groups": [(label, members) for label, members in groups if members],
        "quote_data": quote_data,
        "genders": genders,
        "flags": flags,
        "flags_at_quote": at_quote,
    }


@router.get("/speakers")
def speakers(request: Request, page: PageRequest = Depends(page_request), app: Explorer = Depends(explorer)):
    corpus = app.corpus()
    ranked = corpus.speakers(top=page.offset + page.per_page)
    results = page_of(ranked[page.offset:], corpus.speaker_count(), page)
    organizations = corpus.top_organizations(top=20)
    return app.render(request, "speakers.html", {"results": results, "organizations": organizations, "params": {}})


@router.get("/speakers/{entity_id}")
def speaker(request: Request, entity_id: EntityId, page: PageRequest = Depends(page_request),
            app: Explorer = Depends(explorer)):
    corpus = app.corpus()
    found = corpus.entity(entity_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no speaker entity {entity_id} in this corpus")
    quotes = corpus.search_quotes(QuoteFilters(entity=entity_id, sort="newest"), page, facets=False)
    return app.render(request, "speaker.html", {"entity": found, "quotes": quotes, "params": {}})


@router.post("/speakers/{entity_id}/merge")
def merge_form(request: Request, entity_id: EntityId, others: str = Form(..., max_length=500),
               note: str = Form("", max_length=500), token: str = Form("", max_length=200),
               app: Explorer = Depends(explorer)):
    check_token(request, app.settings.token, token)
    try:
        ids = [entity_id] + [int(part) for part in others.replace(",", " ").split()]
    except ValueError:
        raise HTTPException(status_code=400, detail="entity ids are numbers, separated by spaces or commas") from None
    merged = merge_people(app, ids, note or None)
    return RedirectResponse(f"/speakers/{merged}", status_code=303)


@router.post("/speakers/{entity_id}/split")
def split_form(request: Request, entity_id: EntityId, article: str = Form(..., max_length=2000),
               note: str = Form("", max_length=500), token: str = Form("", max_length=200),
               app: Explorer = Depends(explorer)):
    check_token(request, app.settings.token, token)
    new_entity = split_person(app, entity_id, article, note or None)
    return RedirectResponse(f"/speakers/{new_entity}", status_code=303)


@router.get("/analyze")
def analyze_form(request: Request, app: Explorer = Depends(explorer)):
    return app.render(request, "analyze.html", {"form": AnalyzeRequest(), "error": None})


@router.post("/analyze")
def analyze(
    request: Request,
    text: str = Form("", max_length=200_000),
    url: str = Form("", max_length=2000),
    title: str = Form("", max_length=1000),
    outlet: str = Form("", max_length=200),
    author: str = Form("", max_length=200),
    published: str = Form("", max_length=40),
    store: str = Form(""),
    token: str = Form("", max_length=200),
    app: Explorer = Depends(explorer),
):
    form = AnalyzeRequest(text, url, title, outlet, author, published)
    if store or (url.strip() and not text.strip()):
        check_token(request, app.settings.token, token)
    try:
        if store:  # refused before the engine runs: the store would not take it
            refuse_nul(vars(form))
        article = app.analyzer.analyze(form)
    except NulCharacter as exc:
        return app.render(request, "analyze.html", {"form": form, "error": str(exc)}, status_code=422)
    except AnalyzeError as exc:
        return app.render(request, "analyze.html", {"form": form, "error": str(exc)}, status_code=exc.status)
    if store:
        try:
            article_id = store_article(app.stores.writer(), article, app.settings.engine.label())
        except NulCharacter as exc:
            return app.render(request, "analyze.html", {"form": form, "error": str(exc)}, status_code=422)
        return RedirectResponse(f"/articles/{article_id}", status_code=303)
    # "Store it" posts the form again: it carries the fetched text and metadata, not the URL alone.
    form.text = article.text
    for name in (n for n in METADATA if n != "url"):
        setattr(form, name, getattr(form, name) or getattr(article, name))
    return app.render(request, "analyze.html", {"form": form, "error": None, **article_view(None, article)})
