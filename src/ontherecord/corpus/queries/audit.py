"""The sourcing audit's views over the store: women, men and unknown among the person sources per
outlet and month (the Gender Gap Tracker's two charts), the most quoted women and men, and the
audit flags by rule. The counts are those of :mod:`ontherecord.audit.summary`, from the genders
and audits the store keeps."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from ...audit import RULES
from ...audit.gender import PERSON_KINDS
from ...audit.summary import summary_row
from .people import PeopleQueries

GENDER_COLUMNS = (
    "outlet",
    "month",
    "person_sources",
    "women",
    "men",
    "gender_unknown",
    "women_share",
    "gender_unknown_share",
)
OUTLET_GENDER_COLUMNS = tuple(column for column in GENDER_COLUMNS if column != "month")
PEOPLE_GENDER_COLUMNS = ("entity_id", "name", "role", "organization", "articles", "quotes", "gender", "method")
FLAG_RULE_COLUMNS = ("rule", "reason", "flags", "articles")
COUNTED_AS = {"female": "women", "male": "men"}  # any other value, or none: gender_unknown
PERSON_SOURCES = "s.quote_count > 0 AND s.kind IN (" + ", ".join(f"'{kind}'" for kind in PERSON_KINDS) + ")"


class AuditQueries(PeopleQueries):
    def gender_by_month(self) -> list[dict[str, Any]]:
        """Per outlet and publication month (``YYYY-MM``; None when undated), the person sources
        (kinds person and anonymous, with quotes) as women, men and unknown, with ``women_share``
        (women among those whose gender is known) and ``gender_unknown_share`` (:data:`GENDER_COLUMNS`)."""
        counts: dict[tuple[Any, Any], Counter[str]] = defaultdict(Counter)
        for row in self.store.db.rows(
            "SELECT a.outlet, SUBSTR(a.published, 1, 7) AS month, s.gender_value AS gender, COUNT(*) AS n "
            f"FROM speakers s JOIN articles a ON a.id = s.article_id WHERE {PERSON_SOURCES} "
            "GROUP BY a.outlet, SUBSTR(a.published, 1, 7), s.gender_value"
        ):
            counts[row["outlet"], row["month"]][COUNTED_AS.get(row["gender"], "gender_unknown")] += row["n"]
        ordered = sorted(counts.items(), key=lambda item: (item[0][0] or "", item[0][1] is None, item[0][1] or ""))
        return [_gender_row({"outlet": outlet, "month": month}, counted) for (outlet, month), counted in ordered]

    def gender_by_outlet(self) -> list[dict[str, Any]]:
        """:meth:`gender_by_month` added up per outlet, the outlets with most person sources first
        (:data:`OUTLET_GENDER_COLUMNS`)."""
        counts: dict[Any, Counter[str]] = defaultdict(Counter)
        for row in self.gender_by_month():
            counts[row["outlet"]].update({key: row[key] for key in ("women", "men", "gender_unknown")})
        rows = [_gender_row({"outlet": outlet}, counted) for outlet, counted in counts.items()]
        return sorted(rows, key=lambda row: (-row["person_sources"], row["outlet"] or ""))

    def top_by_gender(self, gender: str, *, top: int = 20) -> list[dict[str, Any]]:
        """The most quoted people (cross-article entities) whose gender, from all their articles'
        evidence as :meth:`entity` decides it, is ``gender`` (:data:`PEOPLE_GENDER_COLUMNS`)."""
        candidates = self.store.db.rows(
            "SELECT e.id AS entity_id, e.name, e.role, e.organization, e.article_count AS articles, "
            "e.quote_count AS quotes FROM entities e WHERE e.id IN (SELECT l.entity_id FROM entity_links l "
            "JOIN speakers s ON s.id = l.speaker_id WHERE s.gender_value = ?) "
            "ORDER BY e.quote_count DESC, e.article_count DESC, e.name",
            [gender],
        )
        found = []
        for row in candidates:
            decided = self._entity_gender(row["entity_id"])
            if decided["value"] == gender:
                found.append({**row, "gender": gender, "method": decided["method"]})
                if len(found) >= top:
                    break
        return found

    def flags_by_rule(self) -> list[dict[str, Any]]:
        """Each audit rule with its reason, how many flags the stored articles have of it and in how
        many articles (:data:`FLAG_RULE_COLUMNS`)."""
        flags: Counter[str] = Counter()
        articles: Counter[str] = Counter()
        for row in self.store.db.stream("SELECT audit FROM articles WHERE audit IS NOT NULL", []):
            rules = [flag["rule"] for flag in json.loads(row["audit"]).get("flags", [])]
            flags.update(rules)
            articles.update(set(rules))
        return [
            {"rule": rule, "reason": reason, "flags": flags[rule], "articles": articles[rule]}
            for rule, reason in RULES.items()
        ]


def _gender_row(keys: dict[str, Any], counts: Counter[str]) -> dict[str, Any]:
    row = summary_row("outlet", None, counts)
    people = counts["women"] + counts["men"] + counts["gender_unknown"]
    return {**keys, "person_sources": people, **{column: row[column] for column in GENDER_COLUMNS[3:]}}
