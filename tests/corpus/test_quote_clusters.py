"""Quote clusters and article copies on real stores (SQLite and PostgreSQL), with invented stories."""

from __future__ import annotations

import pytest

from ontherecord.corpus import Corpus
from ontherecord.corpus.copies import wire_service
from ontherecord.corpus.quote_clusters import load_index
from ontherecord.corpus.shingles import normalized
from ontherecord.corpus.wording import diff_text, word_diff

from .cluster_articles import PORT_QUOTE, quoted_article, save


def test_words_ignore_case_and_punctuation():
    assert normalized("We’ll GO — now!") == normalized("we'll go now")
    assert normalized("Café, déjà vu") == "cafe deja vu"


def test_word_diff_marks_the_changed_word():
    pieces = word_diff("the ferries will run to the old timetable", "The ferries will run to the new timetable.")
    assert diff_text(pieces) == "The ferries will run to the [-old-] {+new+} timetable."
    assert [piece["op"] for piece in pieces] == ["equal", "replace", "equal"]


@pytest.mark.parametrize(("text", "service"), [
    ("LONDON (Reuters) - Shares fell.", "Reuters"),
    ("WASHINGTON (AP) — The Senate voted.", "Associated Press"),
    ("Shares fell on Monday.\n\nPress Association", "Press Association"),
    ("Shares fell on Monday, the minister told reporters.", None),
    ("The coach was delighted, she told the Associated Press.", None),
    ("Riots flared in the east, Agence France Presse (AFP) reported.", None),
    ("PARIS (AFP) - Riots flared in the east.", "Agence France-Presse"),
    ("Shares fell on Monday.\n\n© Reuters 2025", "Reuters"),
])
def test_wire_service_named_in_a_dateline_or_credit(text, service):
    assert wire_service(text) == service


def test_the_same_quote_in_three_outlets_is_one_cluster_first_by_date(store):
    save(store,
         quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-02"),
         quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-01"),
         quoted_article(PORT_QUOTE.upper() + "!", outlet="Courier", published="2025-03-03"))
    corpus = Corpus(store)
    clusters = corpus.quote_clusters()
    assert len(clusters) == 1
    cluster = clusters[0]
    assert (cluster["article_count"], cluster["outlet_count"], cluster["variant_count"]) == (3, 3, 0)
    assert (cluster["first_outlet"], cluster["first_published"]) == ("Gazette", "2025-03-01")
    detail = corpus.quote_cluster(cluster["cluster_id"])
    assert [row["outlet"] for row in detail["appearances"]] == ["Gazette", "Herald", "Courier"]
    assert [row["relation"] for row in detail["appearances"]] == ["first", "same", "same"]


def test_variants_trimmed_and_changed_words(store):
    trimmed = "We will reopen the northern berth on Monday"
    changed = PORT_QUOTE.replace("old", "new")
    save(store,
         quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01"),
         quoted_article(trimmed, outlet="Gazette", published="2025-03-02"),
         quoted_article(changed, outlet="Courier", published="2025-03-03"))
    corpus = Corpus(store)
    [cluster] = corpus.quote_clusters()
    assert (cluster["article_count"], cluster["variant_count"]) == (3, 2)
    variants = {row["relation"]: row for row in corpus.quote_cluster(cluster["cluster_id"])["variants"]}
    assert set(variants) == {"part", "variant"}
    assert "[-old-] {+new+}" in variants["variant"]["changes"]
    assert variants["part"]["changes"].endswith("[-and the ferries will run to the old timetable-]")


def test_different_speakers_stay_apart_and_an_unknown_one_joins(store):
    save(store,
         quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01", speaker="Maria Lopez"),
         quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-02", speaker="Daniel Okafor"),
         quoted_article(PORT_QUOTE, outlet="Courier", published="2025-03-03", speaker=None))
    corpus = Corpus(store)
    clusters = corpus.quote_clusters(min_articles=1)
    assert sorted(c["article_count"] for c in clusters) == [1, 2]
    joined = next(c for c in clusters if c["article_count"] == 2)
    assert joined["speaker_name"] == "Maria Lopez"


def test_unrelated_quotes_are_not_clustered(store):
    save(store,
         quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01"),
         quoted_article("The budget for the new library will be published before the end of the month",
                        outlet="Gazette", published="2025-03-02"))
    assert Corpus(store).quote_clusters() == []
    assert len(Corpus(store).quote_clusters(min_articles=1)) == 2


def test_new_articles_join_existing_clusters_incrementally(store):
    save(store, quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-02"))
    [before] = Corpus(store).quote_clusters(min_articles=1)
    save(store, quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-01"))
    [after] = Corpus(store).quote_clusters()
    assert after["cluster_id"] == before["cluster_id"]
    assert (after["first_outlet"], after["article_count"]) == ("Gazette", 2)
    index = load_index(store)  # rebuilt from the stored signatures alone
    assert len(index.members) == store.count("quotes") == 2


def test_reingested_article_keeps_the_cluster_counts_right(store):
    first = quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01", url="https://herald.example/1")
    save(store, first, quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-02"))
    changed = quoted_article("The budget for the new library will be published before the end of the month",
                             outlet="Herald", published="2025-03-01", url="https://herald.example/1")
    save(store, changed)
    clusters = Corpus(store).quote_clusters(min_articles=1)
    assert sorted((c["article_count"], c["first_outlet"]) for c in clusters) == [(1, "Gazette"), (1, "Herald")]
    assert store.count("quote_cluster_members") == store.count("quotes") == 2


def test_trace_finds_exact_partial_and_near_wordings(store):
    save(store,
         quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01"),
         quoted_article(PORT_QUOTE.replace("old", "new"), outlet="Courier", published="2025-03-03"))
    corpus = Corpus(store)
    exact = corpus.trace(PORT_QUOTE)
    assert [row["outlet"] for row in exact] == ["Herald", "Courier"]
    assert "{+new+}" in exact[1]["changes"]
    assert [row["outlet"] for row in corpus.trace("reopen the northern berth")] == ["Herald", "Courier"]
    near = corpus.trace(PORT_QUOTE.replace("northern", "southern"))
    assert [row["outlet"] for row in near] == ["Herald", "Courier"]
    assert corpus.trace("nothing like this was ever said by anyone at all") == []


def test_article_clusters_say_where_it_was_first(store):
    save(store,
         quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01"),
         quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-02"))
    gazette = store.db.scalar("SELECT id FROM articles WHERE outlet = 'Gazette'")
    info = Corpus(store).article_clusters(gazette)["q1"]
    assert (info["other_articles"], info["first_outlet"], info["first_published"]) == (1, "Herald", "2025-03-01")


def test_a_republished_article_is_a_copy_of_the_earliest(store):
    original = quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-02")
    wire = quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-03", lead="PORTSMOUTH (Reuters) - ")
    other = quoted_article(PORT_QUOTE, outlet="Courier", published="2025-03-02",
                           tail="The council will vote on the plan next week, and the mayor has promised a "
                                "public hearing first. Residents of the old town have collected signatures "
                                "against the new car park. Traders say the works would close the market for "
                                "a year. The regional paper printed a long letter from the harbour master.")
    save(store, original, wire, other)
    corpus = Corpus(store)
    [copy] = corpus.article_copies()
    assert (copy["outlet"], copy["original_outlet"], copy["wire_service"]) == ("Gazette", "Herald", "Reuters")
    assert 0.9 <= copy["shared"] <= 1.0
    counted = {row["outlet"]: row["articles"] for row in corpus.stats()}
    assert counted == {"Herald": 1, "Courier": 1}
    assert {row["outlet"]: row["articles"] for row in corpus.stats(include_copies=True)} == {
        "Herald": 1, "Courier": 1, "Gazette": 1}


def test_an_older_copy_found_later_becomes_the_original(store):
    save(store, quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-02"),
         quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-03"))
    save(store, quoted_article(PORT_QUOTE, outlet="Courier", published="2025-03-01"))
    copies = {row["outlet"]: row["original_outlet"] for row in Corpus(store).article_copies()}
    assert copies == {"Herald": "Courier", "Gazette": "Courier"}
