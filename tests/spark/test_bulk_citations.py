"""``load``'s batches (corpus/bulk, spark/store_rows) write the same ``media_citations`` rows as saving
each article on its own, on SQLite and PostgreSQL."""

from __future__ import annotations

from corpus.conftest import build_article

from ontherecord.corpus import Store, article_identity
from ontherecord.model import MediaCitation, Span
from ontherecord.spark import load
from ontherecord.spark.load import load_output
from ontherecord.spark.local_output import write_output

CITATIONS_SQL = (
    "SELECT a.identity, c.local_id, c.citing_outlet, c.cited, c.cited_outlet, c.cited_journalist, c.text, "
    "c.start_char, c.end_char, c.mention, c.mention_start, c.mention_end, c.cue, c.cue_start, c.cue_end, "
    "c.evidence, c.quote_id, c.speaker_id FROM media_citations c JOIN articles a ON a.id = c.article_id"
)
LEAD = "Første Avis reported that the quay would close. "


def cited_articles() -> list:
    articles = []
    for number in range(7):
        article = build_article(
            f" Story {number}.",
            url=f"https://cite{number}.example.org/a",
            outlet=f"Outlet {number % 2}" if number != 6 else None,
        )
        article.text = LEAD + article.text  # the citation's offsets point into the text, as the engine's do
        mention, cue = Span.of(article.text, 0, 11), Span.of(article.text, 12, 20)
        article.citations = [
            MediaCitation(
                "c1",
                article.text[0:20],
                0,
                20,
                mention,
                cue,
                "Første Avis",
                None,
                "corpus outlet" if number % 2 else "masthead",
            )
        ]
        if number % 3 == 0:
            article.citations.append(
                MediaCitation(
                    "c2",
                    "Ilse Varga",
                    30,
                    40,
                    Span("Ilse Varga", 30, 40),
                    None,
                    None,
                    "Ilse Varga",
                    "journalist role",
                    "q1",
                    "s1",
                )
            )
        articles.append(article)
    return articles


def test_batched_load_stores_the_citations_saving_one_by_one_stores(store_location, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "BATCH_ARTICLES", 3)
    articles = cited_articles()
    write_output(articles, tmp_path / "out", model="test")
    with Store.open(store_location) as batched, Store.open(tmp_path / "one_by_one.db") as one_by_one:
        summary = load_output(str(tmp_path / "out"), batched, link_entities=False)
        assert (summary.added, summary.errors) == (len(articles), 0)
        for article in articles:
            one_by_one.save_article(
                article,
                identity=article_identity(article.url, article.text),
                source=article.url,
                language="en",
                model="test",
            )
        rows = sorted(tuple(r.values()) for r in batched.db.rows(CITATIONS_SQL))
        assert rows == sorted(tuple(r.values()) for r in one_by_one.db.rows(CITATIONS_SQL))
        assert len(rows) == 10
        stored = batched.load_article(
            batched.db.row("SELECT id FROM articles WHERE url = ?", (articles[0].url,))["id"]
        ).article
        assert stored.citations == articles[0].citations
