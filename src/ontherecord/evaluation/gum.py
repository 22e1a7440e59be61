"""GUM entity coreference (``data/gum-coref`` in the shared directory): documents, mentions, the split.

Each file is one document in GUM's CoNLL export: ``# begin document NAME``, then one token a line
(``index<TAB>token<TAB>entities``). The entities column brackets every mention with its type and
cluster id, a named entity adding its Wikipedia identifier: ``(person-7`` opens, ``person-7)``
closes, ``(person-7)`` is a one-token mention, several in a row (``(time-8)time-7)``).

The text is rebuilt from the tokens with one deterministic spacing (:func:`join_tokens`), so every
mention gets exact character offsets into it. The genre is the second part of the document name
(``GUM_news_afghan`` → ``news``). News and interviews are the held-out test set (:data:`TEST_GENRES`),
never used to train or tune; the other genres may be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .gold import shared_dir

TEST_GENRES = frozenset({"news", "interview"})
PERSON, ORGANIZATION = "person", "organization"

CLITICS = ("'s", "n't", "'re", "'m", "'ve", "'d", "'ll")
NO_SPACE_BEFORE = frozenset([*",.;:?!)]}%…”’", "...", *CLITICS, *(clitic.replace("'", "’") for clitic in CLITICS)])
NO_SPACE_AFTER = frozenset("([{$“‘")
HYPHEN = "-"  # GUM splits "all-girl" into three tokens; a dash is "--", "–" or "—"
STRAIGHT_QUOTE = '"'
MARKER = re.compile(r"\(|\)|[^()]+")
BODY = re.compile(r"([a-z]+)-(\d+)(?:-.*)?$")


class GumFormatError(ValueError):
    pass


@dataclass(frozen=True)
class GumMention:
    start: int  # character offsets into GumDocument.text
    end: int
    entity_type: str  # person, organization, place, ...
    cluster: str  # unique in the document: "person-7"


@dataclass(frozen=True)
class GumDocument:
    name: str
    genre: str
    text: str
    mentions: tuple[GumMention, ...]

    @property
    def held_out(self) -> bool:
        return self.genre in TEST_GENRES

    def clusters(self, types: frozenset[str]) -> list[list[tuple[int, int]]]:
        """The gold entities of ``types`` as clusters of char spans, in order of first mention."""
        by_cluster: dict[str, list[tuple[int, int]]] = {}
        for mention in self.mentions:
            if mention.entity_type in types:
                by_cluster.setdefault(mention.cluster, []).append((mention.start, mention.end))
        return list(by_cluster.values())


def gum_dir() -> Path:
    return shared_dir() / "data" / "gum-coref"


def genre_of(name: str) -> str:
    """``GUM_news_afghan`` → ``news``."""
    parts = name.split("_")
    if len(parts) < 3 or parts[0] != "GUM":
        raise GumFormatError(f"{name!r}: not a GUM document name (GUM_GENRE_NAME)")
    return parts[1]


def load_gum(directory: Path | None = None) -> list[GumDocument]:
    """Every ``*.conll`` document of ``directory`` (default: the shared GUM directory), sorted by name."""
    directory = gum_dir() if directory is None else Path(directory)
    paths = sorted(directory.glob("*.conll"))
    if not paths:
        raise GumFormatError(f"{directory}: no GUM .conll files")
    return sorted((doc for path in paths for doc in parse_conll(path.read_text(encoding="utf-8"))), key=lambda d: d.name)


def split(documents: list[GumDocument]) -> tuple[list[GumDocument], list[GumDocument]]:
    """(training/tuning documents, held-out test documents), by genre."""
    return [d for d in documents if not d.held_out], [d for d in documents if d.held_out]


def parse_conll(content: str) -> list[GumDocument]:
    documents, name, rows = [], None, []
    for number, line in enumerate(content.splitlines(), 1):
        if line.startswith("# begin document "):
            name, rows = line.removeprefix("# begin document ").strip(), []
        elif line.startswith("# end document"):
            if name is None:
                raise GumFormatError(f"line {number}: end of a document never begun")
            documents.append(build_document(name, rows))
            name = None
        elif line.strip():
            fields = line.split("\t")
            if name is None or len(fields) != 3:
                raise GumFormatError(f"line {number}: expected index<TAB>token<TAB>entities inside a document")
            rows.append((fields[1], fields[2]))
    if name is not None:
        raise GumFormatError(f"document {name!r} never ends")
    return documents


def build_document(name: str, rows: list[tuple[str, str]]) -> GumDocument:
    text, offsets = join_tokens([token for token, _ in rows])
    mentions = token_mentions(name, [column for _, column in rows])
    spans = [
        GumMention(offsets[first][0], offsets[last][1], entity_type, cluster)
        for first, last, entity_type, cluster in mentions
    ]
    spans.sort(key=lambda m: (m.start, -m.end, m.cluster))
    return GumDocument(name, genre_of(name), text, tuple(spans))


def join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text and each token's (start, end): one space between tokens, none before closing
    punctuation and clitics nor after opening brackets, none around a hyphen; straight double quotes
    alternate open/close."""
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    length, quote_open, glue_next = 0, False, True
    for token in tokens:
        is_quote = token == STRAIGHT_QUOTE
        closing = token in NO_SPACE_BEFORE or token == HYPHEN or (is_quote and quote_open)
        if pieces and not glue_next and not closing:
            pieces.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        pieces.append(token)
        length += len(token)
        glue_next = token in NO_SPACE_AFTER or token == HYPHEN or (is_quote and not quote_open)
        if is_quote:
            quote_open = not quote_open
    return "".join(pieces), offsets


def token_mentions(name: str, columns: list[str]) -> list[tuple[int, int, str, str]]:
    """(first token, last token, type, cluster) of every bracketed mention."""
    found, open_at = [], {}
    for index, column in enumerate(columns):
        if column == "_":
            continue
        parts = MARKER.findall(column)
        position = 0
        while position < len(parts):
            opens = parts[position] == "("
            body = parts[position + 1] if opens else parts[position]
            position += 2 if opens else 1
            closes = position < len(parts) and parts[position] == ")"
            position += 1 if closes else 0
            if not opens and not closes:
                raise GumFormatError(f"{name}: token {index}: {column!r} is neither an opening nor a closing")
            entity_type, cluster = parse_body(name, body)
            if opens and closes:
                found.append((index, index, entity_type, cluster))
            elif opens:
                open_at.setdefault(cluster, []).append(index)
            elif not open_at.get(cluster):
                raise GumFormatError(f"{name}: token {index}: {cluster} closes but was not opened")
            else:
                found.append((open_at[cluster].pop(), index, entity_type, cluster))
    unclosed = [cluster for cluster, starts in open_at.items() if starts]
    if unclosed:
        raise GumFormatError(f"{name}: mentions never closed: {', '.join(sorted(unclosed))}")
    return found


def parse_body(name: str, body: str) -> tuple[str, str]:
    matched = BODY.match(body)
    if matched is None:
        raise GumFormatError(f"{name}: {body!r} is not TYPE-ID[-WIKI]")
    return matched.group(1), f"{matched.group(1)}-{matched.group(2)}"
