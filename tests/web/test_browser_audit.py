"""The sourcing-audit views in headless Chromium over the invented stories: the /audit page's two
charts and top lists, the article page's genders and flags, and the search page's gender and flag
filters. Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import httpx
import pytest

from .conftest import CHROMIUM
from .test_browser import Visit

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium")


def test_the_audit_page_draws_women_per_outlet_and_month_with_the_unknown_share(browser, audit_server, artifacts_dir):
    outlets = httpx.get(f"{audit_server}/api/audit/genders").json()
    months = httpx.get(f"{audit_server}/api/audit/genders/months").json()
    visit = Visit(browser, audit_server, artifacts_dir, width=1280)
    page = visit.go("/audit")
    for outlet in outlets:
        row = page.locator(f'#women-by-outlet .bar-row[data-outlet="{outlet["outlet"]}"]')
        bar, axis = row.locator("rect.women").bounding_box(), row.locator("svg.bar").bounding_box()
        assert bar["width"] == pytest.approx(axis["width"] * outlet["women_share"], abs=2)
        strip = {kind: row.locator(f"rect.share-{kind}") for kind in ("women", "men", "unknown")}
        if outlet["gender_unknown"]:
            unknown = strip["unknown"].bounding_box()["width"]
            assert unknown == pytest.approx(axis["width"] * outlet["gender_unknown"] / outlet["person_sources"], abs=2)
        assert "unknown" in row.locator(".unknown-share").inner_text()
    dated = [row for row in months if row["month"] and row["women_share"] is not None]
    circles = page.locator("#women-by-month svg.chart.lines").first.locator("circle")
    assert circles.count() == len(dated) > 3
    assert page.locator("#women-by-month svg.chart.lines").count() == 2  # women's share, unknown share
    assert page.locator("#top-women .bar-row").count() >= 2 and page.locator("#top-men .bar-row").count() >= 3
    assert not visit.foreign_requests()
    visit.shot("audit-page")
    page.locator("#top-women .bar-row a").first.click()
    page.wait_for_url("**/speakers/*")
    assert (
        page.locator("h1").inner_text()
        == httpx.get(f"{audit_server}/api/audit/people", params={"gender": "female"}).json()[0]["name"]
    )
    visit.close()


def test_the_article_page_gives_each_sources_gender_and_the_flags_at_their_quotes(browser, audit_server, artifacts_dir):
    visit = Visit(browser, audit_server, artifacts_dir, width=1280)
    page = visit.go("/articles")
    page.locator("table.data a", has_text="Ferry fares").first.click()
    page.wait_for_selector("#article-text")
    tag = page.locator(".source", has_text="Marta Velloso").locator(".tag.gender")
    assert tag.inner_text() == "female" and "from the article's words" in tag.get_attribute("title")
    assert "She" in tag.get_attribute("title")
    unnamed = page.locator(".source", has_text="A source").locator(".tag.gender")
    assert unnamed.inner_text() == "unknown"
    marks = page.locator("#article-text a.flag-mark")
    assert marks.count() == page.locator(".audit-flag[data-quote]").evaluate_all(
        "nodes => new Set(nodes.map(n => n.dataset.quote)).size"
    )
    # the mark sits right before the quote it concerns, and says why on hover
    quote_id = marks.first.get_attribute("href").removeprefix("#flag-")
    assert marks.first.evaluate("n => n.nextElementSibling.id") == f"quote-{quote_id}"
    rules = marks.first.get_attribute("data-flags").split()
    assert all(f"{rule}: " in marks.first.get_attribute("title") for rule in rules) and rules
    page.locator(f'#article-text [data-q="{quote_id}"]').first.hover()
    page.locator("#tooltip").wait_for(state="visible")
    tooltip = page.locator("#tooltip").inner_text()
    assert "Audit flags" in tooltip and "Gender" in tooltip
    visit.shot("audit-article-flags")
    marks.first.click()
    assert page.evaluate("location.hash") == f"#flag-{quote_id}"
    assert page.locator(f"#flag-{quote_id}").is_visible()
    visit.close()


def test_search_filters_by_gender_and_by_flag(browser, audit_server, artifacts_dir):
    visit = Visit(browser, audit_server, artifacts_dir, width=1280)
    page = visit.go("/search")
    page.select_option("select[name=gender]", "female")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**gender=female**")
    women = httpx.get(f"{audit_server}/api/quotes", params={"gender": "female"}).json()["total"]
    assert page.locator("li.quote-row").count() == women > 0
    assert page.locator("select[name=gender]").input_value() == "female"
    assert page.locator("li.quote-row .tag.gender").all_inner_texts() == ["female"] * women
    visit.shot("audit-search-women")
    page.select_option("select[name=gender]", "")
    page.select_option("select[name=flag]", "anonymous_opinion")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**flag=anonymous_opinion**")
    rows = page.locator("li.quote-row")
    assert rows.count() == 1 and "disgrace" in rows.first.inner_text()
    csv_link = page.locator(".summary .downloads a", has_text="CSV").get_attribute("href")
    assert "flag=anonymous_opinion" in csv_link and "format=csv" in csv_link
    visit.shot("audit-search-flag")
    visit.close()


def test_the_audit_page_fits_a_phone(browser, audit_server, artifacts_dir):
    visit = Visit(browser, audit_server, artifacts_dir, width=390)
    page = visit.go("/audit")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    for outlet in ("Harbour Herald", "Valley Courier"):
        row = page.locator(f'#women-by-outlet .bar-row[data-outlet="{outlet}"]')
        assert row.locator("svg.bar").bounding_box()["width"] >= 40 and row.locator(".unknown-share").is_visible()
    visit.shot("audit-page-390")
    visit.close()
