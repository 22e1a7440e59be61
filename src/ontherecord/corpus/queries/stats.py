"""Sourcing statistics: per outlet, the corpus totals and the explorer dashboard's series."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from ...audit import audited
from ...audit.summary import summarize
from ...model import Article
from ..summaries import ORGANIZATION_NAME, SPEAKS_FOR_AN_ORGANIZATION
from .people import PeopleQueries
from .runs import RunQueries

NAMED_KINDS = ("person", "organization")
TOP_PER_OUTLET = 3
TOP_CHART_ITEMS = 10
OUTLET_COLUMNS = ("outlet", "articles", "quotes", "quotes_per_article", "named_share", "anonymous_share",
                  "document_share", "top_speakers", "top_organizations", "women", "men", "gender_unknown",
                  "women_share", "flags")
GENDER_COUNTS = {"female": "women", "male": "men"}  # any other value, or none: gender_unknown
NOT_A_COPY = "a.id NOT IN (SELECT article_id FROM article_copies)"  # a copied article counts once (copies.py)


class StatsQueries(PeopleQueries, RunQueries):
    def stats(self, *, include_copies: bool = False) -> list[dict[str, Any]]:
        """Per outlet (:data:`OUTLET_COLUMNS`): articles, quotes, quotes per article, the share of quotes
        from named (person, organization), anonymous and document sources, top speakers (by their name in
        the articles) and organizations, the genders of person sources and the audit flags. An article
        that copies an earlier one is left out unless ``include_copies``: the kept counts answer when
        nothing is left out, the rows otherwise."""
        if include_copies or self.store.db.row("SELECT 1 AS found FROM article_copies LIMIT 1") is None:
            return self._kept_stats()
        return self._scanned_stats(include_copies)

    def _kept_stats(self) -> list[dict[str, Any]]:
        """:meth:`stats` read from the kept counts (:mod:`..summaries`), every article counted."""
        outlets = self._summary("outlet", ORDER_BY_ARTICLES)
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.store.db.rows(
            "SELECT scope, item, quotes FROM summary_counts WHERE subject = 'kind' AND scope <> '*'"
        ):
            by_kind[row["scope"]][row["item"]] += row["quotes"]
        audit = self._audit_per_outlet()
        return [
            {**_outlet_stats(row["label"], row["articles"], by_kind[row["scope"]],
                             self._top_items("person", row["scope"]), self._top_items("organization", row["scope"])),
             **_audit_stats(audit[row["label"]])}
            for row in outlets if row["scope"] != ALL_SCOPE
        ]

    def _scanned_stats(self, include_copies: bool) -> list[dict[str, Any]]:
        """:meth:`stats` counted from the rows, for a corpus with copies to leave out."""
        only = "1 = 1" if include_copies else NOT_A_COPY
        articles = {
            row["outlet"]: row["n"]
            for row in self.store.db.rows(f"SELECT outlet, COUNT(*) AS n FROM articles a WHERE {only} GROUP BY outlet")
        }
        by_kind: dict[Any, Counter[str]] = defaultdict(Counter)
        for row in self.store.db.rows(
            "SELECT a.outlet, q.speaker_kind AS kind, COUNT(*) AS n FROM quotes q "
            f"JOIN articles a ON a.id = q.article_id WHERE {only} GROUP BY a.outlet, q.speaker_kind"
        ):
            by_kind[row["outlet"]][row["kind"] or "none"] += row["n"]
        top_speakers = self._top_per_outlet(
            f"SELECT a.outlet, COALESCE(e.name, q.speaker_name) AS name, COUNT(*) AS n FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id "
            f"LEFT JOIN entities e ON e.id = l.entity_id WHERE q.speaker_kind = 'person' AND {only} "
            "GROUP BY a.outlet, COALESCE(e.name, q.speaker_name)"
        )
        top_organizations = self._top_per_outlet(
            f"SELECT a.outlet, {ORGANIZATION_NAME} AS name, SUM(s.quote_count) AS n FROM speakers s "
            f"JOIN articles a ON a.id = s.article_id WHERE ({SPEAKS_FOR_AN_ORGANIZATION}) AND {only} "
            f"GROUP BY a.outlet, {ORGANIZATION_NAME}"
        )
        audit = self._audit_per_outlet()
        return [
            {**_outlet_stats(outlet, count, by_kind[outlet], top_speakers.get(outlet, []),
                             top_organizations.get(outlet, [])), **_audit_stats(audit[outlet])}
            for outlet, count in sorted(articles.items(), key=lambda item: (-item[1], item[0] or ""))
        ]

    def _audit_per_outlet(self) -> dict[Any, Counter[str]]:
        """Per outlet, the person sources (kinds person and anonymous, with quotes) by gender and the
        audit flags: the counts of :mod:`ontherecord.audit.summary`."""
        counts: dict[Any, Counter[str]] = defaultdict(Counter)
        for row in self.store.db.rows(
            "SELECT a.outlet, s.gender_value AS gender, COUNT(*) AS n FROM speakers s "
            "JOIN articles a ON a.id = s.article_id WHERE s.quote_count > 0 AND s.kind IN ('person', 'anonymous') "
            "GROUP BY a.outlet, s.gender_value"
        ):
            counts[row["outlet"]][GENDER_COUNTS.get(row["gender"], "gender_unknown")] += row["n"]
        for row in self.store.db.stream("SELECT outlet, audit FROM articles WHERE audit IS NOT NULL", []):
            counts[row["outlet"]]["flags"] += len(json.loads(row["audit"]).get("flags", []))
        return counts

    def audit(self, by: str = "outlet", *, gender_names: bool = False) -> list[dict[str, Any]]:
        """The sourcing audit of the stored articles per ``by`` (:data:`~ontherecord.audit.summary.GROUPINGS`;
        the store keeps no section): the numbers ``ontherecord audit`` gives for the same articles as files."""
        return list(summarize(self.audit_articles(gender_names=gender_names), by))

    def audit_articles(self, *, gender_names: bool = False) -> Iterator[tuple[Article, None]]:
        """Each stored article with its sources' genders and audit flags (computed now for an article
        stored before the audit; ``gender_names`` only then), and no section."""
        for row in self.store.db.rows("SELECT id FROM articles ORDER BY id"):
            stored = self.store.load_article(row["id"])
            if stored is None:
                continue
            article = stored.article
            if article.audit is None:
                article = audited(article, gender_names=gender_names)
            yield article, None

    def _top_per_outlet(self, sql: str) -> dict[Any, list[str]]:
        ranked: dict[Any, list[tuple[int, str]]] = defaultdict(list)
        for row in self.store.db.rows(sql):
            ranked[row["outlet"]].append((row["n"] or 0, row["name"]))
        return {
            outlet: [name for _, name in sorted(rows, key=lambda r: (-r[0], r[1]))[:TOP_PER_OUTLET]]
            for outlet, rows in ranked.items()
        }

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


def _audit_stats(counts: Counter[str]) -> dict[str, Any]:
    people = counts["women"] + counts["men"]
    return {"women": counts["women"], "men": counts["men"], "gender_unknown": counts["gender_unknown"],
            "women_share": round(counts["women"] / people, 3) if people else None, "flags": counts["flags"]}


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
