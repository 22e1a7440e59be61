"""The explorer as a desk editor meets it, in headless Chromium: speaker colours, the tooltip,
the dashboard's charts, search marks and order, sortable lists, subheads, phone widths and a
missing corpus. Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import json
import re

import pytest
from corpus.conftest import build_article

from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities

from .conftest import CHROMIUM, live_server
from .test_browser import SPEAKER_STYLE, Visit

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium)")
PHONE = 390
DESKTOP = 1280


def article_path(visit: Visit, title_part: str) -> str:
    page = visit.go("/articles")
    return page.locator("table.data a", has_text=title_part).first.get_attribute("href")


def test_speakers_of_an_article_never_share_colour_and_pattern(browser, seed_server, artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir)
    for title in ("Mexican cartels", "Los Angeles", "DC Troop"):
        page = visit.go(article_path(visit, title))
        styles = page.evaluate(f"""() => {{
            const style = {SPEAKER_STYLE};
            const bySpeaker = {{}};
            document.querySelectorAll('#article-text .q.piece[data-speaker]').forEach(n => {{
                (bySpeaker[n.dataset.speaker] = bySpeaker[n.dataset.speaker] || new Set()).add(style(n)); }});
            return Object.fromEntries(Object.entries(bySpeaker).map(([k, v]) => [k, [...v]]));
        }}""")
        assert len(styles) >= 4, title
        assert all(len(seen) == 1 for seen in styles.values()), title  # one look per speaker
        looks = [seen[0] for seen in styles.values()]
        assert len(set(looks)) == len(looks), (title, styles)
        # the second cue: every quote starts with its speaker's initials, the source list shows them too
        firsts = page.locator("#article-text .q[id^=quote-][data-speaker]")
        assert firsts.count() == page.locator("#article-text .q[id^=quote-][data-initials]").count() > 0
        badge = firsts.first.evaluate("n => getComputedStyle(n, '::before').content")
        assert badge.strip('"') == firsts.first.get_attribute("data-initials") != ""
        assert page.locator(".source .swatch").first.inner_text().strip()
    visit.shot("explorer-colours-klippenstein-dc")
    visit.close()


def test_tooltip_leaves_the_quote_readable_closes_on_click_and_links_the_speaker(browser, seed_server,
                                                                                 artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir, width=DESKTOP)
    page = visit.go(article_path(visit, "Mexican cartels"))
    corn = page.locator(".source", has_text="Geoffrey Corn")
    speaker_id = corn.get_attribute("data-speaker")
    data = json.loads(page.locator("#quote-data").text_content())
    # a quote of Corn's over more than one line
    quote_id = page.evaluate(f"""() => [...document.querySelectorAll('#article-text .q.piece[data-speaker="{speaker_id}"]')]
        .find(n => n.getClientRects().length > 1).dataset.q""")
    parts = page.locator(f'#article-text [data-q="{quote_id}"]')
    parts.first.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    overlaps = page.evaluate(f"""() => {{
        const tip = document.getElementById('tooltip').getBoundingClientRect();
        return [...document.querySelectorAll('#article-text [data-q="{quote_id}"]')].flatMap(n => [...n.getClientRects()])
            .filter(r => r.left < tip.right && tip.left < r.right && r.top < tip.bottom && tip.top < r.bottom).length;
    }}""")
    assert overlaps == 0, "the tooltip covers the quote it describes"
    link = tooltip.locator("a.speaker-link")
    assert link.inner_text() == "Geoffrey Corn" and link.get_attribute("href") == data[quote_id]["speaker_url"]
    visit.shot("explorer-tooltip")

    parts.first.click()
    page.locator("#selected-quote").wait_for(state="visible")
    assert tooltip.is_hidden(), "the tooltip stays open over the selected-quote panel"
    selected = page.locator("#selected-quote a.speaker-link")
    assert selected.inner_text() == "Geoffrey Corn"
    assert page.locator("#selected-quote blockquote").inner_text().startswith("“")  # a direct quote
    page.mouse.move(5, 5)

    parts.first.hover()
    tooltip.wait_for(state="visible")
    tooltip.locator("a.speaker-link").click()  # the pointer can reach the tooltip's link
    page.wait_for_selector("h1.speaker-name")
    assert page.locator("h1.speaker-name").inner_text() == "Geoffrey Corn"
    page.go_back()
    page.locator("#selected-quote a.speaker-link").wait_for(state="hidden")
    page.locator(f'#article-text [data-q="{quote_id}"]').first.click()
    page.locator("#selected-quote a.speaker-link").click()
    page.wait_for_selector("h1.speaker-name")
    assert visit.dialogs == []
    visit.close()


@pytest.fixture(scope="module")
def dated_server(tmp_path_factory):
    """Two outlets whose article and quote counts rank them differently, quotes in 2018-10, 2019-03
    and 2019-11, and an undated article."""
    location = str(tmp_path_factory.mktemp("dated") / "dated.db")
    with Store.open(location) as store:
        for number, published in enumerate(("2018-10-05", "2019-11-20")):
            article = build_article(f" Day {number}.", outlet="Alpha Times", published=published,
                                    title=f"Alpha story {number}")
            article.quotes = article.quotes[:1]
            for speaker in article.speakers:
                speaker.quotes = [q for q in speaker.quotes if q == "q1"]
            article.speakers = [s for s in article.speakers if s.quotes]
            store.save_article(article)
        store.save_article(build_article(" Beta.", outlet="Beta Post", published="2019-03-11", title="Beta story",
                                         speaker_name="Ingrid Halvorsen"))
        store.save_article(build_article(" Undated.", outlet="Gamma Daily", published=None, title="Gamma story",
                                         speaker_name="Tomas Brandt"))
        link_entities(store)
    with live_server(location) as url:
        yield url


def test_dashboard_timeline_fills_months_shows_values_and_counts_undated(browser, dated_server, artifacts_dir):
    visit = Visit(browser, dated_server, artifacts_dir, width=DESKTOP)
    page = visit.go("/")
    months = page.locator("svg.chart.columns g.month")
    labels = [months.nth(i).get_attribute("data-month") for i in range(months.count())]
    assert labels[0] == "2018-10" and labels[-1] == "2019-11" and len(labels) == 14
    values = {months.nth(i).get_attribute("data-month"): int(months.nth(i).get_attribute("data-quotes"))
              for i in range(months.count())}
    assert values["2018-10"] == values["2019-11"] == 1 and values["2019-03"] == 3 and values["2019-01"] == 0
    shown = [t.strip() for t in page.locator("svg.chart.columns text.value").all_text_contents()]
    assert shown == ["1", "3", "1"]
    font = page.locator("svg.chart.columns text.month-label").first.evaluate(
        "n => n.getBoundingClientRect().height")
    assert 8 <= font <= 20, f"axis labels {font}px tall"
    assert "3 undated quotes not shown" in page.locator(".undated").inner_text()

    bars = page.locator(".chart.bars[aria-label='quotes per outlet'] .value").all_text_contents()
    assert [int(value) for value in bars] == [3, 3, 2]
    outlets = page.locator(".chart.bars[aria-label='quotes per outlet'] .label").all_text_contents()
    assert outlets[-1] == "Alpha Times"
    visit.shot("explorer-dated-dashboard")
    visit.close()


def test_seed_dashboard_says_every_quote_is_undated(browser, seed_server, artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir, width=DESKTOP)
    page = visit.go("/")
    total = page.locator(".totals div", has_text="quotes").first.locator("strong").inner_text()
    assert f"{total} undated quotes not shown" in page.locator(".undated").inner_text()
    visit.close()


def test_search_marks_the_words_quotes_direct_quotes_and_filters_by_confidence(browser, seed_server,
                                                                              artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir, width=DESKTOP)
    page = visit.go("/search?q=cartels")
    rows = page.locator("ol.quotes > li.quote-row")
    assert rows.count() >= 3
    for index in range(rows.count()):
        marks = rows.nth(index).locator("blockquote mark").all_inner_texts()
        assert marks and all(mark.lower().startswith("cartel") for mark in marks), index
    direct = page.locator("ol.quotes blockquote.direct")
    assert direct.count() >= 1
    assert all(text.startswith("“") and text.endswith("”") for text in direct.all_inner_texts())
    visit.shot("explorer-search-marks")

    page = visit.go("/search")
    everything = int(page.locator(".summary strong").inner_text().replace(",", ""))
    confidences = [float(c) for c in rows.evaluate_all("nodes => nodes.map(n => n.dataset.confidence)")]
    assert confidences == sorted(confidences, reverse=True)
    page.fill("input[name=min_confidence]", "0.9")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**min_confidence=0.9**")
    sure = int(page.locator(".summary strong").inner_text().replace(",", ""))
    confidences = [float(c) for c in rows.evaluate_all("nodes => nodes.map(n => n.dataset.confidence)")]
    assert 0 < sure < everything and min(confidences) >= 0.9
    page.locator(".sort a[data-sort=speaker]").click()
    page.wait_for_url("**sort=speaker**")
    assert "min_confidence=0.9" in page.url and page.locator(".sort strong").inner_text() == "speaker"
    visit.close()


def test_article_list_sorts_by_its_columns(browser, seed_server, artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir, width=DESKTOP)
    page = visit.go("/articles")

    def column(index: int) -> list[str]:
        return page.locator(f"table.data tbody tr td:nth-child({index})").all_inner_texts()

    page.locator("th a[data-sort=quotes]").click()
    page.wait_for_url("**sort=-quotes")
    counts = [int(value) for value in column(4)]
    assert counts == sorted(counts, reverse=True) and len(set(counts)) > 1
    page.locator("th a[data-sort=quotes]").click()
    page.wait_for_url("**sort=quotes")
    assert [int(value) for value in column(4)] == sorted(counts)
    page.locator("th a[data-sort=title]").click()
    page.wait_for_url("**sort=title")
    titles = column(1)
    assert titles == sorted(titles, key=str.lower)
    visit.close()


def test_subheads_render_as_subheads(browser, seed_server, artifacts_dir):
    visit = Visit(browser, seed_server, artifacts_dir, width=DESKTOP)
    page = visit.go(article_path(visit, "Mexican cartels"))
    subheads = page.locator("#article-text .subhead[role=heading]").all_inner_texts()
    assert {"Sending a Message", "Military Action Could Backfire on the Border",
            "Sheinbaum Could Be Political Victim"} <= set(subheads)
    assert not any(re.search(r"[.“”\"]$", text) for text in subheads)
    weight = page.locator("#article-text .subhead").first.evaluate("n => getComputedStyle(n).fontWeight")
    assert int(weight) >= 600
    visit.close()


@pytest.mark.parametrize("path", ["/search", "/articles"])
def test_date_filter_stays_on_one_line(browser, seed_server, artifacts_dir, path):
    visit = Visit(browser, seed_server, artifacts_dir, width=DESKTOP)
    page = visit.go(path)
    since, until = (page.locator(f"form.filters input[name={name}]").bounding_box() for name in ("since", "until"))
    assert abs(since["y"] - until["y"]) < 2
    for label in ("from", "to"):
        box = page.locator("form.filters label", has_text=label).first
        assert box.evaluate("n => n.getClientRects().length") == 1 and box.bounding_box()["height"] < 50
    visit.close()


PAGES = {"dashboard": "/", "search": "/search?q=cartels", "speaker": None, "article": None, "analyze": "/analyze"}


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_pages_fit_the_screen(browser, seed_server, artifacts_dir, width):
    """Dashboard, article, search, speaker and analyze: nothing wider than the viewport, the navigation
    inside it; a screenshot of each at this width."""
    visit = Visit(browser, seed_server, artifacts_dir, width=width)
    paths = dict(PAGES, article=article_path(visit, "Mexican cartels"))
    page = visit.go(paths["article"])
    paths["speaker"] = page.locator(".source a.speaker-link", has_text="Geoffrey Corn").get_attribute("href")
    for name, path in paths.items():
        page = visit.go(path)
        width_used = page.evaluate("() => document.documentElement.scrollWidth")
        assert width_used <= width, f"{name} is {width_used}px wide at {width}px"
        nav = page.evaluate("""() => { const nav = document.querySelector('header.top nav');
            const links = [...nav.querySelectorAll('a')].map(a => a.getBoundingClientRect());
            return {overflow: nav.scrollWidth - nav.clientWidth, right: Math.max(...links.map(r => r.right))}; }""")
        assert nav["overflow"] <= 0 and nav["right"] <= width, (name, nav)
        visit.shot(f"page-{name}-{width}")
    visit.close()


def test_missing_corpus_is_a_page_saying_how_to_make_one(browser, tmp_path, artifacts_dir):
    location = str(tmp_path / "nothing-here.db")
    with live_server(location) as url:
        visit = Visit(browser, url, artifacts_dir, width=DESKTOP)
        for path in ("/", "/search?q=cartels", "/articles/1", "/speakers"):
            response = visit.page.goto(url + path)
            assert response.status == 503 and "text/html" in response.headers["content-type"], path
            assert "ontherecord ingest" in visit.page.locator("main").inner_text(), path
            assert visit.page.locator("h1").inner_text() == "No corpus to explore yet"
        visit.shot("explorer-no-corpus")
        api = visit.page.goto(url + "/api/stats")
        assert api.status == 503 and "ontherecord ingest" in api.json()["detail"]
        visit.close()
    assert not (tmp_path / "nothing-here.db").exists()
