"""Cross-article entities: linking evidence, anonymous sources, overrides that survive re-ingest."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.clustering import normalize_name
from ontherecord.corpus.entities import link_entities
from ontherecord.model import Speaker

from .conftest import build_article


def entity_by_article(store: Store) -> dict[str, int]:
    """article identity → entity id of its main person speaker (``s1``)."""
    rows = store.db.rows(
        "SELECT a.identity, l.entity_id FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE s.local_id = 's1'"
    )
    return {row["identity"]: row["entity_id"] for row in rows}


def save(store: Store, key: str, suffix: str = "", *, also_quoted: str | None = "Lloyd Austin", **fields) -> str:
    """Store a built article at a URL made from ``key``; ``also_quoted`` adds another named speaker."""
    url = f"https://{key}.example.com/story"
    article = build_article(suffix or f" Story {key}.", url=url, **fields)
    if also_quoted:
        article.speakers.append(Speaker("s9", also_quoted, "person"))
    store.save_article(article)
    return url


def test_normalize_name_drops_titles_accents_and_punctuation():
    assert normalize_name("Dr. Cecilia Farfán-Méndez") == "cecilia farfan mendez"
    assert normalize_name("President Donald Trump's") == "donald trump"
    assert normalize_name("  SEAN   PARNELL ") == "sean parnell"
    assert normalize_name("Mr") == "mr"
    assert normalize_name(None) == ""


def test_same_name_and_organization_link_across_articles_with_evidence(store):
    first = save(store, "gazette", outlet="Gazette", organization="Pentagon", role="spokesperson")
    second = save(store, "tribune", outlet="Tribune", organization="the Pentagon", role="chief spokesman")
    link_entities(store)
    entities = entity_by_article(store)
    assert entities[first] == entities[second]
    link = store.db.row(
        "SELECT l.score, l.evidence, l.method FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE a.identity = ? AND s.local_id = 's1'", (second,))
    evidence = json.loads(link["evidence"])
    assert link["method"] == "auto" and link["score"] >= 0.9
    assert "organization: the Pentagon" in evidence["matched"] and "role: chief spokesman" in evidence["matched"]
    entity = store.db.row("SELECT name, article_count, quote_count, organization FROM entities WHERE id = ?",
                          (entities[first],))
    assert (entity["name"], entity["article_count"], entity["quote_count"]) == ("Sean Parnell", 2, 4)


def test_same_name_different_organization_or_era_stays_apart(store):
    pentagon = save(store, "a", organization="Pentagon", published="2025-01-01")
    football = save(store, "b", organization="Rangers Football Club", role="striker", published="2025-02-01")
    old = save(store, "c", organization=None, role=None, published="1990-05-01")
    link_entities(store)
    entities = entity_by_article(store)
    assert len({entities[pentagon], entities[football], entities[old]}) == 3
    evidence = [json.loads(row["evidence"]) for row in store.db.rows(
        "SELECT l.evidence FROM entity_links l JOIN speakers s ON s.id = l.speaker_id WHERE s.local_id = 's1'")]
    assert all(e.get("first") for e in evidence)  # each starts its own entity


def test_anonymous_sources_are_never_linked(store):
    save(store, "a")
    save(store, "b")
    link_entities(store)
    linked_kinds = {row["kind"] for row in store.db.rows(
        "SELECT s.kind FROM entity_links l JOIN speakers s ON s.id = l.speaker_id")}
    assert linked_kinds == {"person"}
    assert store.db.scalar("SELECT COUNT(*) AS n FROM speakers WHERE kind = 'anonymous'") == 2


def test_a_bare_surname_joins_the_dominant_full_name_entity_unless_evidence_conflicts(store):
    full = save(store, "a", speaker_name="Sean Parnell", organization="Pentagon")
    save(store, "a2", speaker_name="Sean Parnell", organization="Pentagon")
    save(store, "a3", speaker_name="Sean Parnell", organization="Pentagon")
    bare = save(store, "b", speaker_name="Parnell", organization=None)
    bare_same_org = save(store, "c", speaker_name="Mr Parnell", organization="the Pentagon")
    bare_other_org = save(store, "d", speaker_name="Parnell", organization="Rangers Football Club")
    other_outlet = save(store, "e", speaker_name="Parnell", organization=None, outlet="Other Paper")
    no_shared_context = save(store, "f", speaker_name="Parnell", organization=None, also_quoted="Jane Doe")
    link_entities(store)
    entities = entity_by_article(store)
    assert entities[bare] == entities[bare_same_org] == entities[full]
    assert entities[bare_other_org] != entities[full]
    assert entities[other_outlet] != entities[full]
    assert entities[no_shared_context] != entities[full]
    evidence = json.loads(store.db.scalar(
        "SELECT l.evidence FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE a.identity = ? AND s.local_id = 's1'", (bare,)))
    assert evidence["surname_of"] == "sean parnell" and "only entity" in evidence["dominance"]


def test_a_bare_surname_shared_by_two_comparable_entities_stays_apart(store):
    sean = save(store, "a", speaker_name="Sean Parnell", organization="Pentagon")
    tom = save(store, "b", speaker_name="Tom Parnell", organization="Rangers Football Club")
    bare = save(store, "c", speaker_name="Parnell", organization=None)
    bare_again = save(store, "d", speaker_name="Parnell", organization=None)
    link_entities(store)
    entities = entity_by_article(store)
    assert len({entities[sean], entities[tom], entities[bare], entities[bare_again]}) == 4


def test_merge_and_split_overrides_survive_reingest(store_location):
    store = Store.open(store_location)
    try:
        a = save(store, "a", organization="Pentagon")
        b = save(store, "b", organization="Pentagon")
        c = save(store, "c", organization="Department of Defense")
        link_entities(store)
        before = entity_by_article(store)
        assert before[a] == before[b] != before[c]
    finally:
        store.close()

    runner = CliRunner()
    result = runner.invoke(cli, ["entities", "merge", str(before[a]), str(before[c]), "--db", store_location,
                                 "--note", "DoD is the Pentagon"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["entities", "split", str(before[a]), "--article", b, "--db", store_location])
    assert result.exit_code == 0, result.output

    def check(store: Store) -> None:
        entities = entity_by_article(store)
        assert entities[a] == entities[c] == before[a]  # ids are stable across relinking
        assert entities[b] not in (entities[a], entities[c])

    with Store.open(store_location) as store:
        check(store)
        methods = {row["method"] for row in store.db.rows("SELECT method FROM entity_links")}
        assert methods == {"auto", "override"}
        # Re-ingest every article with new text (speakers are rewritten), then relink.
        for key in ("a", "b", "c"):
            save(store, key, f" Story {key}, updated.",
                 organization="Department of Defense" if key == "c" else "Pentagon")
        assert store.count("entity_overrides") == 3
        link_entities(store)
        check(store)

    result = runner.invoke(cli, ["entities", "show", str(before[a]), "--db", store_location, "--format", "jsonl"])
    members = [json.loads(line) for line in result.stdout.splitlines()]
    assert {m["article_identity"] for m in members} == {a, c}
    assert any(m["evidence"].get("override") == "merge" for m in members)


def test_entities_commands_report_bad_ids(sqlite_location):
    with Store.open(sqlite_location) as store:
        save(store, "a")
        link_entities(store)
    runner = CliRunner()
    assert runner.invoke(cli, ["entities", "merge", "1", "--db", sqlite_location]).exit_code == 2
    result = runner.invoke(cli, ["entities", "merge", "99998", "99999", "--db", sqlite_location])
    assert result.exit_code == 1 and "no such entity" in result.stderr
    result = runner.invoke(cli, ["entities", "split", "1", "--article", "https://nowhere/", "--db", sqlite_location])
    assert result.exit_code == 1
    result = runner.invoke(cli, ["entities", "list", "--db", sqlite_location, "--format", "jsonl"])
    assert {json.loads(line)["name"] for line in result.stdout.splitlines()} == {"Sean Parnell", "Lloyd Austin"}
    result = runner.invoke(cli, ["entities", "list", "--name", "parn", "--db", sqlite_location, "--format", "jsonl"])
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == ["Sean Parnell"]
