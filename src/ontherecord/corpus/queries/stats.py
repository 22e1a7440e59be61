"""Sourcing statistics: per outlet, the corpus totals and the explorer dashboard's series."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .people import PeopleQueries
from .runs import RunQueries

NAMED_KINDS = ("person", "organization")
TOP_PER_OUTLET = 3
TOP_CHART_ITEMS = 10
OUTLET_COLUMNS = ("outlet", "articles", "quotes", "quotes_per_article", "named_share", "anonymous_share",
                  "document_share", "top_speakers", "top_organizations")


class StatsQueries(PeopleQueries, RunQueries):
    def stats(self) -> list[dict[str, Any]]:
        """Per outlet (:data:`OUTLET_COLUMNS`): articles, quotes, quotes per article, the share of quotes
        from named (person, organization), anonymous and document sources, top speakers (by their name in
        the articles) and organizations; read from the kept counts (:mod:`..summaries`)."""
        outlets = self._summary("outlet", ORDER_BY_ARTICLES)
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.store.db.rows(
            "SELECT scope, item, quotes FROM summary_counts WHERE subject = 'kind' AND scope <> '*'"
        ):
            by_kind[row["scope"]][row["item"]] += row["quotes"]
        return [
            _outlet_stats(row["label"], row["articles"], by_kind[row["scope"]],
                          self._top_items("person", row["scope"]), self._top_items("organization", row["scope"]))
            for row in outlets if row["scope"] != ALL_SCOPE
        ]

    def _summary(self, subject: str, order: str, scope: str | None = None) -> list[dict[str, Any]]:
        condition, params = ("scope = ?", [subject, scope]) if scope else ("1 = 1", [subject])
        return self.store.db.rows(
            f"SELECT scope, item, label, quotes, articles, speakers FROM summary_counts "
            f"WHERE subject = ? AND {condition} ORDER BY {order}", params)

    def _top_items(self, subject: str, scope: str) -> list[str]:
        return [row["label"] for row in self.store.db.rows(
            "SELECT label FROM summary_counts WHERE subject = ? AND scope = ? "
            "ORDER BY quotes DESC, item LIMIT ?", (subject, scope, TOP_PER_OUTLET))]

    def totals(self) -> dict[str, Any]:
        """Articles, quotes, speakers, entities, outlets, the first and last publication date, problems."""
        kept = self.store.db.row(
            "SELECT articles, quotes, speakers FROM summary_counts WHERE subject = 'outlet' AND scope = '*'"
        ) or {"articles": 0, "quotes": 0, "speakers": 0}
        others = self.store.db.row(
            "SELECT (SELECT COUNT(*) FROM entities) AS entities, "
            "(SELECT COUNT(*) FROM summary_counts WHERE subject = 'outlet' AND scope LIKE '=%') AS outlets, "
            "(SELECT MIN(published) FROM articles) AS first_published, "
            "(SELECT MAX(published) FROM articles) AS last_published, "
            "(SELECT COUNT(*) FROM errors) AS problems"
        ) or {}
        return {**kept, **others}

    def dashboard(self) -> dict[str, Any]:
        """Totals, per-outlet statistics, top speakers and organizations, quotes per month, the
        latest ingest runs (a killed one ``interrupted``; its mixin is :class:`~.runs.RunQueries`)."""
        return {
            "totals": self.totals(),
            "outlets": self.stats(),
            "top_speakers": self.top_people(top=TOP_CHART_ITEMS),
            "top_organizations": self.top_organizations(top=TOP_CHART_ITEMS),
            "over_time": self.quotes_per_month(),
            "recent_runs": self.runs(top=TOP_CHART_ITEMS),
        }

    def quotes_per_month(self) -> list[dict[str, Any]]:
        """Quotes per publication month (``YYYY-MM``); undated articles are left out."""
        return [{"month": row["item"], "quotes": row["quotes"]}
                for row in self._summary("month", "item", ALL_SCOPE) if row["quotes"]]


ORDER_BY_ARTICLES = "articles DESC, COALESCE(label, '')"
ALL_SCOPE = "*"


def _outlet_stats(
    outlet: str | None, articles: int, kinds: Counter[str], top_speakers: list[str], top_organizations: list[str]
) -> dict[str, Any]:
    quotes = sum(kinds.values())

    def share(*names: str) -> float:
        return round(sum(kinds[name] for name in names) / quotes, 3) if quotes else 0.0

    return {
        "outlet": outlet,
        "articles": articles,
        "quotes": quotes,
        "quotes_per_article": round(quotes / articles, 2) if articles else 0.0,
        "named_share": share(*NAMED_KINDS),
        "anonymous_share": share("anonymous"),
        "document_share": share("document"),
        "top_speakers": top_speakers,
        "top_organizations": top_organizations,
    }
