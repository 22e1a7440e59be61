"""The corpus schema, as versioned migrations a person can read.

Each migration is ``(version, SQL)``. The SQL is shared by SQLite and PostgreSQL; the few
words that differ are written as ``{placeholders}`` that :mod:`.dialect` fills in
(``{pk}`` for an auto-numbered primary key, ``{real}`` for a float column). Search indexes
differ entirely between the two engines, so they live in :data:`SEARCH_SQL`, keyed by
dialect name and version.

Tables:

* ``articles``: one row per story; ``identity`` is the canonical URL, else ``sha256:<hex>``
  of the text, and is unique: ingesting the same story again updates this row.
* ``speakers``: the speakers of one article (``local_id`` is the engine's ``s1``, ``s2``...), with
  their non-answers ("declined to comment") as JSON.
* ``mentions``: every span of the article that refers to a speaker.
* ``quotes``: attributed statements, with the speaker's name and kind copied in for
  browsing (the ``speaker_id`` column is the link).
* ``entities`` / ``entity_links``: people across articles; each link keeps a score and the
  evidence (JSON) that put the speaker in the entity.
* ``entity_anchors``: the entity of each (article identity, speaker name) at the last
  linking, so entity ids stay the same when articles are re-ingested.
* ``speaker_keys`` / ``entity_pending``: the name key of each person speaker (indexed: the
  candidates a speaker can be linked with) and the keys saved since the last linking
  (:mod:`.name_keys`).
* ``entity_overrides``: manual ``merge`` / ``split`` decisions, keyed by article identity
  and speaker name so they survive re-ingest.
* ``errors``: items that failed (``kind = 'error'``) or were skipped with a reason.
* ``runs``: one row per ingest run, with its counts, and the host and process id that ran it
  (a ``running`` run whose process is gone is shown as ``interrupted``: :mod:`.runs`).
* ``quote_clusters`` / ``quote_cluster_members``: the same statement across articles (one row per
  cluster, with its earliest appearance and counts; one row per quote, with its normalised words,
  how it relates to the first wording and its MinHash signatures): :mod:`.quote_clusters`.
* ``article_fingerprints`` / ``article_copies``: each article's MinHash signature and the wire
  service its text names; the articles that copy an earlier one, with the share of shared text:
  :mod:`.copies`.
* ``media_citations``: other outlets and journalists cited as a source, one row per citation, with
  the citing article's outlet and who is cited (:mod:`.citations`). Articles stored before this
  table existed have none until they are ingested again.
* ``summary_counts``: the counts the dashboard, ``stats`` and the speaker lists show, kept as
  articles are saved and removed (:mod:`.summaries`).
* ``deferred_indexes``: the indexes a big load set aside until it ends (:mod:`.deferred_indexes`).
* ``schema_version``: the migrations applied.
"""

from __future__ import annotations

from .citations import MIGRATION_SQL as CITATIONS_SQL
from .searchfold import postgres_fold_sql
from .summaries import MIGRATION_SQL as SUMMARIES_SQL

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
CREATE TABLE runs (
    id {pk},
    started_at TEXT NOT NULL,
    finished_at TEXT,
    sources TEXT NOT NULL,            -- JSON list of the sources given
    model TEXT,
    status TEXT NOT NULL DEFAULT 'running',  -- running | finished | failed | interrupted (killed)
    articles_added INTEGER NOT NULL DEFAULT 0,
    articles_updated INTEGER NOT NULL DEFAULT 0,
    articles_unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id {pk},
    identity TEXT NOT NULL UNIQUE,    -- canonical URL, else 'sha256:' + hash of the text
    url TEXT,
    record_id TEXT,                   -- the id the input gave the article, if any
    source TEXT,                      -- file, line or URL it was read from
    title TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    language TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,          -- sha256 of the text: an unchanged article is skipped
    model TEXT,
    quote_count INTEGER NOT NULL DEFAULT 0,
    speaker_count INTEGER NOT NULL DEFAULT 0,
    first_ingested_at TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE speakers (
    id {pk},
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    name TEXT,
    kind TEXT NOT NULL,               -- person | organization | anonymous | group | document | unknown
    title TEXT,
    role TEXT,
    organization TEXT,
    quote_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (article_id, local_id)
);
CREATE INDEX speakers_name ON speakers(name);

CREATE TABLE mentions (
    id {pk},
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE INDEX mentions_speaker ON mentions(speaker_id);

CREATE TABLE quotes (
    id {pk},
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    type TEXT NOT NULL,               -- direct | indirect | mixed
    text TEXT NOT NULL,               -- the whole quote span
    content TEXT NOT NULL,            -- the quoted words only (pieces joined)
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    pieces TEXT NOT NULL,             -- JSON [[start, end], ...]
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    speaker_name TEXT,
    speaker_kind TEXT,
    speaker_mention TEXT,
    channel TEXT,
    figures TEXT NOT NULL DEFAULT '[]',  -- JSON list of {text, start, end, kind}
    confidence {real} NOT NULL DEFAULT 0,
    UNIQUE (article_id, local_id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_speaker_kind ON quotes(speaker_kind);

CREATE TABLE errors (
    id {pk},
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'error',  -- error | skipped
    message TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX errors_run ON errors(run_id);
""",
    ),
    (
        2,
        """
CREATE TABLE entities (
    id {pk},
    name TEXT NOT NULL,               -- the fullest name seen
    normalized_name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'person',
    role TEXT,                        -- most frequent role / organization among its speakers
    organization TEXT,
    article_count INTEGER NOT NULL DEFAULT 0,
    quote_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_normalized_name ON entities(normalized_name);

CREATE TABLE entity_links (
    speaker_id INTEGER PRIMARY KEY REFERENCES speakers(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    score {real} NOT NULL,
    evidence TEXT NOT NULL,           -- JSON: what matched, what conflicted, overrides applied
    method TEXT NOT NULL              -- auto | override
);
CREATE INDEX entity_links_entity ON entity_links(entity_id);

-- The entity each (article, speaker name) had at the last linking: keeps entity ids stable
-- when articles are re-ingested (their speakers and links are rewritten).
CREATE TABLE entity_anchors (
    article_identity TEXT NOT NULL,
    speaker_name TEXT NOT NULL,       -- normalized name
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (article_identity, speaker_name)
);

CREATE TABLE entity_overrides (
    id {pk},
    action TEXT NOT NULL,             -- merge | split
    group_key TEXT NOT NULL,          -- speakers sharing a merge group_key are one entity
    article_identity TEXT NOT NULL,
    speaker_name TEXT NOT NULL,       -- normalized name of the speaker in that article
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (action, group_key, article_identity, speaker_name)
);
""",
    ),
    (
        3,
        """
-- "declined to comment" and the like, recorded on the speaker instead of as quotes
ALTER TABLE speakers ADD COLUMN non_answers TEXT NOT NULL DEFAULT '[]';  -- JSON list of {text, start, end}
""",
    ),
    (
        4,
        """
-- Who runs an ingest: a 'running' row whose process is gone on this host was interrupted.
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN pid INTEGER;
""",
    ),
    (5, "-- PostgreSQL's search columns move to the shared search syntax (SEARCH_SQL)\n"),
    (
        6,
        """
-- The sourcing audit: each person source's gender and the article's anonymous-sourcing flags
ALTER TABLE speakers ADD COLUMN gender TEXT;  -- JSON {value, evidence, method, probability}; NULL: none
ALTER TABLE speakers ADD COLUMN gender_value TEXT;  -- female | male | unknown; NULL: not a person source
ALTER TABLE articles ADD COLUMN audit TEXT;  -- JSON {flags, counts}; NULL: stored before the audit
""",
    ),
    (
        7,
        """
-- The same statement across articles (corpus/quote_clusters.py): every quote is in one cluster.
CREATE TABLE quote_clusters (
    id {pk},
    text TEXT NOT NULL,               -- the words of its earliest appearance
    speaker_name TEXT,                -- the first named speaker among its quotes
    first_quote_id INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
    first_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    first_outlet TEXT,
    first_published TEXT,
    quote_count INTEGER NOT NULL DEFAULT 0,
    article_count INTEGER NOT NULL DEFAULT 0,
    outlet_count INTEGER NOT NULL DEFAULT 0,
    variant_count INTEGER NOT NULL DEFAULT 0  -- wordings other than the first (beyond punctuation and case)
);
CREATE INDEX quote_clusters_article_count ON quote_clusters(article_count);

CREATE TABLE quote_cluster_members (
    quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
    cluster_id INTEGER NOT NULL REFERENCES quote_clusters(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    normalized TEXT NOT NULL,         -- folded words, no punctuation: equal for the same wording
    text_key TEXT NOT NULL,           -- sha1 of normalized, for exact lookups
    relation TEXT NOT NULL,           -- first | same | variant | part (of a longer one) | longer
    similarity {real} NOT NULL,       -- to the quote it matched when it joined (1 for a new cluster)
    signatures TEXT NOT NULL          -- MinHash of its word shingles, then of its longer clauses: hex, space-separated
);
CREATE INDEX quote_cluster_members_cluster ON quote_cluster_members(cluster_id);
CREATE INDEX quote_cluster_members_article ON quote_cluster_members(article_id);
CREATE INDEX quote_cluster_members_text_key ON quote_cluster_members(text_key);

-- Whole articles copied from an earlier one (corpus/copies.py): wire copy, syndication.
CREATE TABLE article_fingerprints (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text_hash TEXT NOT NULL,          -- the text fingerprinted: a changed article is fingerprinted again
    wire_service TEXT,                -- the service its text names (data/wire_services.tsv)
    signature TEXT                    -- MinHash of its word shingles, hex; NULL when too short to compare
);
CREATE TABLE article_copies (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    original_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the earliest of the copies
    shared {real} NOT NULL            -- share of this article's word shingles found in the original
);
CREATE INDEX article_copies_original ON article_copies(original_id);
""",
    ),
    (
        8,
        """
-- Linking that grows with what is new: each linkable speaker's name key (the last word of its
-- normalised name), so the speakers a new name can join are found through an index; the keys
-- saved since the last linking wait in entity_pending ('*': relink everything).
CREATE TABLE speaker_keys (
    speaker_id INTEGER PRIMARY KEY REFERENCES speakers(id) ON DELETE CASCADE,
    name_key TEXT NOT NULL
);
CREATE INDEX speaker_keys_name_key ON speaker_keys(name_key);
CREATE TABLE entity_pending (name_key TEXT PRIMARY KEY);
ALTER TABLE entity_anchors ADD COLUMN name_key TEXT;
CREATE INDEX entity_anchors_name_key ON entity_anchors(name_key);
CREATE INDEX entity_anchors_entity ON entity_anchors(entity_id);
INSERT INTO entity_pending (name_key) SELECT '*' WHERE EXISTS (SELECT 1 FROM speakers);
""",
    ),
    (
        9,
        """
-- The entity stage's fields of a speaker (entity_mentions, people, organization_id, author), as JSON
ALTER TABLE speakers ADD COLUMN entity TEXT;
""",
    ),
    (10, "-- Counts kept as articles are saved and removed, built here for an existing store\n" + SUMMARIES_SQL),
    (11, CITATIONS_SQL),
    (
        12,
        """
-- The indexes a big load drops until it ends (corpus/deferred_indexes.py), kept here meanwhile so a
-- load killed halfway leaves them to be built again
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL,         -- its CREATE statement
    run_id INTEGER                    -- the load's run
);
""",
    ),
]

def _search_column_sql(table: str, first: str, second: str) -> str:
    """Rebuild ``table``'s tsvector search column over two text columns, accents folded."""
    return f"""
DROP INDEX {table}_search;
ALTER TABLE {table} DROP COLUMN search;
ALTER TABLE {table} ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', {postgres_fold_sql(first)}) || to_tsvector('simple', {postgres_fold_sql(second)})
) STORED;
CREATE INDEX {table}_search ON {table} USING GIN (search);
"""


# PostgreSQL's search columns (migrations 5 and 12)
SEARCH_COLUMNS_SQL = _search_column_sql("quotes", "text", "speaker_name") + _search_column_sql("articles", "title", "text")

# Full-text search: SQLite FTS5 tables kept in sync by triggers; PostgreSQL tsvector + GIN.
SEARCH_SQL: dict[str, dict[int, str]] = {
    "sqlite": {
        2: """
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, content=[quotes], content_rowid=[id], tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
    VALUES ('delete', old.id, old.text, old.speaker_name);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
    VALUES ('delete', old.id, old.text, old.speaker_name);
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content=[articles], content_rowid=[id], tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
""",
    },
    "postgresql": {
        2: """
ALTER TABLE quotes ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, '') || ' ' || coalesce(speaker_name, ''))) STORED;
CREATE INDEX quotes_search ON quotes USING GIN (search);
ALTER TABLE articles ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED;
CREATE INDEX articles_search ON articles USING GIN (search);
""",
        # One search syntax on both backends: the folded words (searchfold), no stemming, no stop words.
        5: SEARCH_COLUMNS_SQL,
        # The same words, folded faster (translate only where the text has an accented letter).
        12: SEARCH_COLUMNS_SQL,
    },
}

CURRENT_VERSION = MIGRATIONS[-1][0]
