"""Speaker and entity queries: who is quoted across the corpus, one person's timeline, and the
entity lists of the explorer and the ``entities`` command."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ...audit.gender import combined_gender
from ...model import Gender
from .filters import PageRequest, check_text, contains, page_of, where_clause
from .source import StoreSource

SPEAKER_COLUMNS = ("entity_id", "name", "kind", "role", "organization", "articles", "quotes")
ORGANIZATION_COLUMNS = ("name", "quotes", "articles")
ENTITY_COLUMNS = ("id", "name", "role", "organization", "article_count", "quote_count")
ENTITY_TIMELINE_COLUMNS = ("article_id", "article_identity", "title", "outlet", "published", "speaker_name",
                           "title_word", "role", "organization", "quotes", "score", "method", "evidence")
ENTITY_MEMBER_COLUMNS = ("article_identity", "title", "outlet", "published", "speaker_name", "role", "organization",
                         "score", "method", "evidence")
ENTITY_ORDER = " ORDER BY quote_count DESC, article_count DESC, name"
LINKED_SPEAKERS = ("FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
                   "JOIN articles a ON a.id = s.article_id")


class PeopleQueries(StoreSource):
    def speakers(self, *, top: int | None = None) -> list[dict[str, Any]]:
        """Speakers across the corpus, most quoted first: people as cross-article entities,
        organizations and documents by name (kept counts, :mod:`..summaries`). Anonymous sources and
        groups ("analysts") are not ranked: the same words name different sources in different stories."""
        limit, params = (" LIMIT ?", [int(top)]) if top else ("", [])
        people = self.top_people(top=top)
        others = self.store.db.rows(
            "SELECT NULL AS entity_id, label AS name, SUBSTR(subject, 7) AS kind, NULL AS role, "
            "NULL AS organization, articles, quotes FROM summary_counts "
            "WHERE subject IN ('named:organization', 'named:document') AND scope = '*' "
            f"ORDER BY quotes DESC, articles DESC, label{limit}", params)
        ranked = sorted(people + others, key=lambda r: (-(r["quotes"] or 0), -(r["articles"] or 0), r["name"]))
        return ranked[:top] if top else ranked

    def speaker_count(self) -> int:
        """How many rows :meth:`speakers` has."""
        return int(self.store.db.scalar(
            "SELECT (SELECT COUNT(*) FROM entities) + (SELECT COUNT(*) FROM summary_counts "
            "WHERE subject IN ('named:organization', 'named:document') AND scope = '*') AS n") or 0)

    def top_people(self, *, top: int | None = None) -> list[dict[str, Any]]:
        """People (cross-article entities), most quoted first."""
        limit, params = (" LIMIT ?", [int(top)]) if top else ("", [])
        return self.store.db.rows(
            "SELECT e.id AS entity_id, e.name, 'person' AS kind, e.role, e.organization, "
            "e.article_count AS articles, e.quote_count AS quotes FROM entities e "
            f"ORDER BY e.quote_count DESC, e.article_count DESC, e.name{limit}", params)

    def top_organizations(self, *, top: int | None = None) -> list[dict[str, Any]]:
        """Organizations across the corpus by the quotes they account for: quotes of the
        organization itself plus quotes of people speaking for it."""
        limit, params = (" LIMIT ?", [int(top)]) if top else ("", [])
        return self.store.db.rows(
            "SELECT label AS name, quotes, articles FROM summary_counts "
            f"WHERE subject = 'organization' AND scope = '*' ORDER BY quotes DESC, articles DESC, label{limit}",
            params)

    def entities(self, *, name: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
        """Entities (:data:`ENTITY_COLUMNS`), most quoted first, optionally by name (substring)."""
        conditions, params = self._name_condition(name)
        sql = f"SELECT {', '.join(ENTITY_COLUMNS)} FROM entities{where_clause(conditions)}{ENTITY_ORDER}"
        if top:
            sql += " LIMIT ?"
            params.append(top)
        return self.store.db.rows(sql, params)

    def find_entities(self, name: str | None, page: PageRequest) -> dict[str, Any]:
        """One page of people entities (:data:`SPEAKER_COLUMNS`), most quoted first, optionally by name."""
        conditions, params = self._name_condition(name.strip() if name else None)
        where = where_clause(conditions)
        items = self.store.db.rows(
            f"SELECT id AS entity_id, name, kind, role, organization, article_count AS articles, "
            f"quote_count AS quotes FROM entities {where}{ENTITY_ORDER} LIMIT ? OFFSET ?",
            [*params, page.per_page, page.offset],
        )
        total = int(self.store.db.scalar(f"SELECT COUNT(*) AS n FROM entities {where}", params) or 0)
        return page_of(items, total, page)

    @staticmethod
    def _name_condition(name: str | None) -> tuple[list[str], list[Any]]:
        if not name:
            return [], []
        check_text("name", name)
        condition, pattern = contains("name", name)
        return [condition], [pattern]

    def entity(self, entity_id: int) -> dict[str, Any] | None:
        """An entity with its timeline (one row per article: name, role, organization as stated
        there, link score and evidence), the outlets quoting it, and same-surname entities."""
        found = self.store.db.row(
            "SELECT id, name, normalized_name, kind, role, organization, article_count, quote_count "
            "FROM entities WHERE id = ?",
            (entity_id,),
        )
        if found is None:
            return None
        timeline = _with_evidence(self.store.db.rows(
            "SELECT a.id AS article_id, a.identity AS article_identity, a.title, a.outlet, a.published, "
            "s.name AS speaker_name, s.title AS title_word, s.role, s.organization, s.quote_count AS quotes, "
            f"l.score, l.method, l.evidence {LINKED_SPEAKERS} WHERE l.entity_id = ? "
            "ORDER BY a.published NULLS LAST, a.id",
            (entity_id,),
        ))
        outlets = self.store.db.rows(
            "SELECT a.outlet, COUNT(*) AS quotes, COUNT(DISTINCT a.id) AS articles FROM quotes q "
            "JOIN entity_links l ON l.speaker_id = q.speaker_id JOIN articles a ON a.id = q.article_id "
            "WHERE l.entity_id = ? GROUP BY a.outlet ORDER BY quotes DESC, a.outlet",
            (entity_id,),
        )
        surname = (found["normalized_name"] or "").split()[-1:] or [""]
        similar = self.store.db.rows(
            "SELECT id, name, role, organization, article_count, quote_count FROM entities "
            "WHERE id <> ? AND (normalized_name = ? OR normalized_name LIKE ?) "
            "ORDER BY quote_count DESC, id LIMIT 20",
            (entity_id, surname[0], f"% {surname[0]}"),
        )
        return {**found, "timeline": timeline, "outlets": outlets, "similar": similar,
                "gender": self._entity_gender(entity_id)}

    def _entity_gender(self, entity_id: int) -> dict[str, Any]:
        """The gender its articles' evidence gives (:func:`~ontherecord.audit.gender.combined_gender`),
        each piece of evidence with the identity of the article whose text its offsets index."""
        rows = self.store.db.rows(
            f"SELECT a.identity AS article_identity, s.gender {LINKED_SPEAKERS} "
            "WHERE l.entity_id = ? AND s.gender IS NOT NULL ORDER BY a.published NULLS LAST, a.id",
            (entity_id,),
        )
        genders = [(row["article_identity"], Gender.from_dict(json.loads(row["gender"]))) for row in rows]
        combined = combined_gender(gender for _, gender in genders)
        evidence = [{"article_identity": identity, **asdict(e)} for identity, gender in genders
                    for e in gender.evidence if gender.method == combined.method]
        return {"value": combined.value, "method": combined.method, "probability": combined.probability,
                "evidence": evidence}

    def entity_members(self, entity_id: int) -> list[dict[str, Any]]:
        """The speakers linked to one entity (:data:`ENTITY_MEMBER_COLUMNS`), by date; [] for no such entity."""
        return _with_evidence(self.store.db.rows(
            "SELECT a.identity AS article_identity, a.title, a.outlet, a.published, s.name AS speaker_name, "
            f"s.role, s.organization, l.score, l.method, l.evidence {LINKED_SPEAKERS} "
            "WHERE l.entity_id = ? ORDER BY a.published, a.identity",
            (entity_id,),
        ))

    def entity_speaker_name(self, entity_id: int, article_identity: str) -> str | None:
        """The name of the entity's speaker in that article, if it has one there."""
        found = self.store.db.row(
            f"SELECT s.name {LINKED_SPEAKERS} WHERE l.entity_id = ? AND a.identity = ?",
            (entity_id, article_identity),
        )
        return found["name"] if found else None


def _with_evidence(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["evidence"] = json.loads(row["evidence"] or "{}")
    return rows
