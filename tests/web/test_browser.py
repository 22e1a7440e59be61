"""End to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Screenshots go to tests/artifacts/ (git-ignored); the path is printed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities
from ontherecord.corpus.ingest import ingest
from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef

from .conftest import CHROMIUM, live_server

# what tells a speaker's marks apart: the colour and the pattern over it
SPEAKER_STYLE = "n => getComputedStyle(n).backgroundColor + ' ' + getComputedStyle(n).backgroundImage"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium)")


class Visit:
    """A browser page that records every request and dialog, and saves screenshots."""

    def __init__(self, browser, base_url: str, artifacts: Path, width: int = 1400, **context_options) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 1000}, **context_options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.artifacts = artifacts
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def shot(self, name: str) -> None:
        path = self.artifacts / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url)]

    def close(self) -> None:
        self.context.close()


def test_seed_corpus_dashboard_search_article_speaker(browser, seed_server, artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir)
    page = visit.go("/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator(".chart.bars svg.bar rect").count() >= 4
    assert page.locator(".chart.shares svg.bar rect").count() >= 2
    visit.shot("1-dashboard")

    page.fill("header .quick-search input[name=q]", "cartels")
    page.press("header .quick-search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=cartels")
    results = page.locator("ol.quotes > li.quote-row").count()
    assert results >= 3 and f"{results} quotes" in page.locator(".summary").inner_text()
    visit.shot("2-search-cartels")

    page.locator("a.in-article", has_text="Mexican cartels").first.click()
    page.wait_for_selector("#article-text")
    assert "#quote-q" in page.url
    assert "Newsweek" in page.locator(".byline").inner_text()

    corn = page.locator(".source", has_text="Geoffrey Corn")
    speaker_id = corn.get_attribute("data-speaker")
    corn_colour = corn.locator(".swatch").evaluate(SPEAKER_STYLE)
    marks = page.locator(f'#article-text .q.piece[data-speaker="{speaker_id}"]')
    quote_ids = {marks.nth(i).get_attribute("data-q") for i in range(marks.count())}
    assert len(quote_ids) == 4
    colours = set(marks.evaluate_all(f"nodes => nodes.map({SPEAKER_STYLE})"))
    assert colours == {corn_colour}
    others = page.locator(f'#article-text .q.piece:not([data-speaker="{speaker_id}"])')
    assert corn_colour not in set(others.evaluate_all(f"nodes => nodes.map({SPEAKER_STYLE})"))

    marks.first.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert "Geoffrey Corn" in tooltip.inner_text() and "Texas Tech School of Law" in tooltip.inner_text()
    assert "Confidence" in tooltip.inner_text() and "Type" in tooltip.inner_text()
    visit.shot("3-newsweek-article-corn")

    # a quote over two paragraphs lights up as one
    quote_id = page.evaluate("""() => {
        const runs = {};
        document.querySelectorAll('#article-text [data-q]').forEach(n => {
            runs[n.dataset.q] = (runs[n.dataset.q] || '') + n.textContent; });
        return Object.keys(runs).find(id => runs[id].includes('\\n\\n'));
    }""")
    assert quote_id, "the Newsweek story has quotes over several paragraphs"
    long_quote = page.locator(f'#article-text [data-q="{quote_id}"]')
    long_quote.first.hover()
    assert page.locator(f'#article-text [data-q="{quote_id}"].active').count() == long_quote.count() >= 2
    long_quote.first.click()
    speaker = json.loads(page.locator("#quote-data").text_content())[quote_id]["speaker"]
    assert speaker in page.locator("#selected-quote").inner_text()

    corn.locator("a.speaker-link").click()
    page.wait_for_selector("h1.speaker-name")
    assert page.locator("h1.speaker-name").inner_text() == "Geoffrey Corn"
    assert page.locator("ol.quotes > li").count() == 4
    assert page.locator("form.merge").count() == 1
    visit.shot("4-speaker-geoffrey-corn")

    assert visit.foreign_requests() == [] and visit.dialogs == []
    visit.close()


def test_api_docs_render_offline(browser, seed_server, artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir)
    page = visit.go("/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    visit.shot("5-api-docs")
    assert visit.foreign_requests() == []
    visit.close()


# --- hostile input ------------------------------------------------------------------------------

PAYLOADS = [
    "<script>window.__xss = (window.__xss || 0) + 1</script>",
    '<img src=x onerror="window.__xss = 1">',
    '"><svg onload="window.__xss = 1">',
    "' onmouseover='window.__xss = 1' x='",
    "</script><script>window.__xss = 1</script>",
    "{{7*7}}",
]
PAYLOAD = " ".join(PAYLOADS)
CHECK_PAGE = """() => ({
    xss: window.__xss === undefined ? null : window.__xss,
    handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length,
    inline: [...document.querySelectorAll('script:not([src])')].filter(s => s.type !== 'application/json').length,
    scriptHrefs: document.querySelectorAll('a[href^="javascript:" i]').length,
    images: document.querySelectorAll('img').length,
    text: document.body.innerText,
})"""


def hostile_article() -> Article:
    """An article whose text, title, URL, speaker name, role, organization and cue carry payloads."""
    name = f"Eve {PAYLOADS[1]} Mallory"
    text = (f"{PAYLOAD}\n\n“{PAYLOAD} is our plan,” said {name}, the {PAYLOADS[2]} chief of {PAYLOADS[3]}.\n\n"
            f"{name} added that {PAYLOADS[4]} would follow.")

    def span(fragment: str, start_at: int = 0) -> Span:
        start = text.index(fragment, start_at)
        return Span(fragment, start, start + len(fragment))

    first = span(f"{PAYLOAD} is our plan", text.index("“"))
    second = span(f"{PAYLOADS[4]} would follow", text.index("added"))
    mention, again = span(name), span(name, text.index("added") - len(name) - 2)
    ref = SpeakerRef("s1", name, "person", mention, PAYLOADS[0], f"{PAYLOADS[2]} chief", PAYLOADS[3])
    quotes = [
        Quote("q1", "direct", first.text, first.start, first.end, [(first.start, first.end)], cue=span("said"),
              speaker=ref, channel=PAYLOADS[5], confidence=0.9),
        Quote("q2", "indirect", second.text, second.start, second.end, [(second.start, second.end)],
              cue=span("added"), speaker=SpeakerRef(**{**ref.__dict__, "mention": again}), confidence=0.8),
    ]
    speakers = [Speaker("s1", name, "person", PAYLOADS[0], f"{PAYLOADS[2]} chief", PAYLOADS[3], [mention, again],
                        ["q1", "q2"])]
    return Article(text=text, title=f"Title {PAYLOAD}", url='https://example.com/a"><script>window.__xss=1</script>',
                   outlet=f"Outlet {PAYLOADS[1]}", author=PAYLOADS[3], published="2025-08-01", quotes=quotes,
                   speakers=speakers)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    location = str(folder / "hostile.db")
    record = {"id": PAYLOADS[0], "title": PAYLOAD, "url": "javascript:window.__xss=1//", "outlet": PAYLOADS[2],
              "author": PAYLOADS[1], "published": "2025-08-02",
              "text": f"“{PAYLOAD} is coming,” said Maria Lopez, the port director of {PAYLOADS[1]}.\n\n"
                      f"The union said {PAYLOADS[3]} would vote later this week."}
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store.open(location) as store:
        summary = ingest([str(source)], store)
        assert summary.added == 1
        store.save_article(hostile_article())
        link_entities(store)
    with live_server(location) as url:
        yield url


def test_hostile_text_never_runs_in_the_browser(browser, hostile_server, artifacts_dir):
    """With the Content-Security-Policy bypassed, so that escaping alone must hold."""
    visit = Visit(browser, hostile_server, artifacts_dir, bypass_csp=True)
    page = visit.go("/articles")
    article_links = [page.locator("table.data tbody a").nth(i).get_attribute("href")
                     for i in range(page.locator("table.data tbody a").count())]
    assert len(article_links) == 2
    paths = ["/", "/articles", "/speakers", f"/search?q={PAYLOADS[0]}", f"/search?speaker={PAYLOADS[1]}",
             f"/search?outlet={PAYLOADS[2]}", f"/articles?q={PAYLOADS[3]}", *article_links]
    for path in paths:
        page = visit.go(path)
        for index in range(page.locator("#article-text [data-q]").count()):
            page.locator("#article-text [data-q]").nth(index).hover()
            page.locator("#article-text [data-q]").nth(index).click()
        state = page.evaluate(CHECK_PAGE)
        assert state["xss"] is None, path
        assert state["handlers"] == state["inline"] == state["scriptHrefs"] == state["images"] == 0, (path, state)
        if path in article_links:
            assert "<script>window.__xss" in state["text"] and "{{7*7}}" in state["text"], path
    visit.shot("6-hostile-article")
    evil = page.locator("a.speaker-link")
    if evil.count():
        evil.first.click()
        page.wait_for_selector("h1.speaker-name")
        state = page.evaluate(CHECK_PAGE)
        assert state["xss"] is None and state["handlers"] == state["images"] == 0
        assert PAYLOADS[1] in page.locator("h1.speaker-name").inner_text()

    page = visit.go("/analyze")
    page.fill("textarea[name=text]", f"“{PAYLOAD} is here,” said Maria Lopez, the port director.")
    page.fill("input[name=title]", PAYLOAD)
    page.click("button[name=analyze]")
    page.wait_for_selector("#article-text")
    for index in range(page.locator("#article-text [data-q]").count()):
        page.locator("#article-text [data-q]").nth(index).hover()
    state = page.evaluate(CHECK_PAGE)
    assert state["xss"] is None and state["handlers"] == state["inline"] == state["images"] == 0
    assert page.locator("textarea[name=text]").input_value().startswith(f"“{PAYLOAD}")
    visit.shot("7-hostile-analyze")
    assert visit.dialogs == []
    visit.close()
