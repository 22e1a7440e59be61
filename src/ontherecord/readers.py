"""Input readers: turn files, directories and stdin into article records, one at a time.

:func:`iter_records` is the single entry point the CLI (``extract``, ``ingest``) uses. It
yields, in input order, either an :class:`~ontherecord.model.ArticleInput` (``text`` plus metadata,
and ``source`` for messages) or an :class:`~ontherecord.model.ItemError` for an item that cannot be read; it
never raises for bad input, and it never holds more than one article in memory.

By extension:

* ``.txt`` / ``.md`` / ``-`` (stdin): the UTF-8 text exactly as is: no newline
  normalisation, no stripping, so offsets index the original bytes' decoded text; a first
  line that is a headline (:func:`headline_of`) is also the record's title (it stays in the text);
* ``.html`` / ``.htm``: main text and metadata via trafilatura, readability-lxml as fallback;
* ``.jsonl``: one record per line (``{"id", "text"}`` plus optional ``title, url, outlet,
  author, published``); a bad line is an item error and the other lines go on;
* ``.csv``: one record per row, same columns as JSONL; a bad row (invalid UTF-8, a malformed
  field) is an item error and the other rows go on;
* ``.gz``: any of the above, gzip-compressed (``story.html.gz``); in a truncated or corrupt
  ``.jsonl.gz``/``.csv.gz`` the records before the damage are read, the damage is an item error;
* anything else: text, if it decodes as UTF-8 and has no NUL bytes.

A directory is walked recursively (sorted, hidden entries skipped) and contributes only the
files with a known extension.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .model import METADATA_FIELDS, ArticleInput, ItemError

STDIN = "-"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
DAMAGED_GZIP = (EOFError, gzip.BadGzipFile, zlib.error)  # truncated or corrupt compressed data
MIN_BODY_CHARS = 20  # letters and digits a page needs besides its title to count as an article
HEADLINE_MAX_CHARS = 150
HEADLINE_MAX_WORDS = 25
HEADLINE_END_PUNCTUATION = tuple(".,;:!?\"'”’)…")
QUOTE_OPENINGS = tuple("\"'“‘«")

Record = dict[str, Any]  # a page's fields as the HTML extractors find them


class UnreadableItem(ValueError):
    """An input item that cannot become an article; the message says why, in a few words."""


def iter_records(paths: Iterable[str], *, stdin: IO[bytes] | None = None) -> Iterator[ArticleInput | ItemError]:
    """Records (or item errors) for every path, in order; ``-`` reads ``stdin`` (default: sys.stdin)."""
    for path in paths:
        if path == STDIN:
            yield _stdin_record(stdin)
        elif os.path.isdir(path):
            yield from _iter_directory(path)
        else:
            yield from _iter_file(path)


def html_to_record(html: str, url: str | None = None) -> Record:
    """Main text and metadata of an article page.

    Keys: ``text, title, author, published, outlet, url, language`` (missing ones are None).
    ``text`` is empty when no article body was found; callers decide whether that is an error.
    """
    if _looks_binary(html):
        return {"title": None, "author": None, "published": None, "outlet": None, "url": url, "language": None, "text": ""}
    record = _trafilatura_record(html, url) or _readability_record(html)
    record = {key: record.get(key) for key in ("title", "author", "published", "outlet", "url", "language", "text")}
    record["url"] = record["url"] or url
    record["language"] = record["language"] or _declared_language(html)
    record["text"] = record["text"] or ""
    return record


def has_article_body(record: Record) -> bool:
    """Whether a page's record has article text besides its title: at least :data:`MIN_BODY_CHARS`
    letters and digits on lines that are not the title (a page of only a headline is no article)."""
    title = _folded(record.get("title") or "")
    body = (line for line in (record.get("text") or "").splitlines() if _folded(line) != title)
    return sum(ch.isalnum() for line in body for ch in line) >= MIN_BODY_CHARS


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _looks_binary(html: str, sample: int = 4096) -> bool:
    """Bytes labelled text/html that are not text (an image, a corrupt body): control characters
    and undecodable bytes make up a visible share of the start."""
    head = html[:sample]
    if not head:
        return False
    junk = sum(1 for ch in head if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return junk / len(head) > 0.05


# --- dispatch -------------------------------------------------------------------------------


def _iter_directory(directory: str) -> Iterator[ArticleInput | ItemError]:
    for root, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and _format_suffix(name) in KNOWN_SUFFIXES:
                yield from _iter_file(os.path.join(root, name))


def _iter_file(path: str) -> Iterator[ArticleInput | ItemError]:
    suffix = _format_suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _iter_jsonl(path)
        elif suffix in CSV_SUFFIXES:
            yield from _iter_csv(path)
        elif suffix in HTML_SUFFIXES:
            yield _html_file_record(path)
        else:
            yield _text_record(_read_bytes(path), path)
    except UnreadableItem as problem:
        yield ItemError(path, str(problem))
    except DAMAGED_GZIP as exc:  # before OSError: BadGzipFile is one
        yield ItemError(path, f"truncated or corrupt gzip data ({exc}); the records before it were read")
    except OSError as exc:
        yield ItemError(path, _describe_os_error(exc))
    except Exception as exc:  # a surprise in one file must not end the batch
        yield ItemError(path, f"stopped reading this file: {type(exc).__name__}: {exc}")


def _format_suffix(path: str) -> str:
    """The suffix that decides the format: ``a.html.gz`` → ``.html``."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _open_binary(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_bytes(path: str) -> bytes:
    try:
        with _open_binary(path) as handle:
            return handle.read()
    except DAMAGED_GZIP as exc:
        raise UnreadableItem(f"not a valid gzip file ({exc})") from exc


def _describe_os_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or str(exc)


# --- plain text -----------------------------------------------------------------------------


def _stdin_record(stdin: IO[bytes] | None) -> ArticleInput | ItemError:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        return _text_record(stream.read(), "stdin")
    except UnreadableItem as problem:
        return ItemError("stdin", str(problem))


def _text_record(data: bytes, source: str) -> ArticleInput:
    text = decode_text(data)
    _require_text(text)
    return ArticleInput(text=text, id=source, title=headline_of(text), source=source)


def headline_of(text: str) -> str | None:
    """The text's first line, if it reads as a headline: the first non-blank line, at most
    :data:`HEADLINE_MAX_CHARS` characters and :data:`HEADLINE_MAX_WORDS` words, not opening with a
    quotation mark and not ending with punctuation (a sentence or a quote is body, not headline),
    with more article text after it (a blank line, then the body, or the body straight away)."""
    lines = text.lstrip("\ufeff").split("\n")
    first_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_index is None:
        return None
    first = " ".join(lines[first_index].split())
    rest = "\n".join(lines[first_index + 1:])
    if not rest.strip() or len(first) > HEADLINE_MAX_CHARS or len(first.split()) > HEADLINE_MAX_WORDS:
        return None
    if first.endswith(HEADLINE_END_PUNCTUATION) or first.startswith(QUOTE_OPENINGS):
        return None
    if not any(ch.isalpha() for ch in first):
        return None
    return first.lstrip("#").strip() or None


def decode_text(data: bytes) -> str:
    """``data`` as UTF-8 text, exactly (a BOM is kept); :class:`UnreadableItem` if it isn't text."""
    if b"\x00" in data:
        raise UnreadableItem("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableItem(f"not valid UTF-8 (bad byte at offset {exc.start})") from exc


def _require_text(text: str) -> None:
    if not text:
        raise UnreadableItem("empty file")
    if not text.strip():
        raise UnreadableItem("only whitespace, no article text")


# --- HTML -----------------------------------------------------------------------------------


def _html_file_record(path: str) -> ArticleInput:
    data = _read_bytes(path)
    if not data.strip():
        raise UnreadableItem("empty file")
    html = _decode_html(data)
    record = html_to_record(html)
    if not has_article_body(record):
        raise UnreadableItem("no article text found in the HTML page")
    return ArticleInput.from_mapping({**record, "id": path, "source": path})


def _decode_html(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from trafilatura.utils import decode_file

        return decode_file(data)


def _trafilatura_record(html: str, url: str | None) -> Record | None:
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        return None
    found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    if not (found.get("text") or "").strip():
        return None
    return {
        "text": found.get("text"),
        "title": found.get("title"),
        "author": found.get("author"),
        "published": found.get("date"),
        "outlet": found.get("sitename"),
        "url": found.get("url"),
        "language": found.get("language"),
    }


_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _readability_record(html: str) -> Record:
    """Fallback extraction: readability's main-content HTML, one line per block element."""
    import lxml.html
    from readability import Document

    try:
        document = Document(html)
        summary = lxml.html.fromstring(document.summary(html_partial=True))
        title = document.short_title() or None
    except Exception:  # readability raises assorted errors on hopeless markup
        return {"text": ""}
    blocks = [" ".join(node.text_content().split()) for node in summary.iter(*_BLOCK_TAGS)]
    lines = [line for line in blocks if line]
    if not lines:
        lines = [" ".join(summary.text_content().split())]
    return {"text": "\n".join(line for line in lines if line), "title": title}


_LANG_ATTRIBUTE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)


def _declared_language(html: str) -> str | None:
    match = _LANG_ATTRIBUTE.search(html[:5000])
    return match.group(1).lower() if match else None


# --- JSONL and CSV --------------------------------------------------------------------------


def _iter_jsonl(path: str) -> Iterator[ArticleInput | ItemError]:
    with _open_binary(path) as handle:
        for line_number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{line_number}"
            try:
                yield _record_from_fields(_parse_json_line(raw), source)
            except UnreadableItem as problem:
                yield ItemError(source, str(problem))


def _parse_json_line(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UnreadableItem(f"not valid UTF-8 (bad byte at offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise UnreadableItem(f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(value, dict):
        raise UnreadableItem(f"expected a JSON object, got {type(value).__name__}")
    return value


def _iter_csv(path: str) -> Iterator[ArticleInput | ItemError]:
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))  # article texts exceed the 128 KiB default
    with _open_binary(path) as binary:
        # surrogateescape: an invalid byte stays in its row (as a lone surrogate) instead of failing the file
        handle = io.TextIOWrapper(binary, encoding="utf-8", errors="surrogateescape", newline="")
        rows = csv.DictReader(handle)
        try:
            if not rows.fieldnames or "text" not in rows.fieldnames:
                raise UnreadableItem("CSV has no 'text' column")
        except csv.Error as exc:
            raise UnreadableItem(f"malformed CSV ({exc})") from exc
        yield from _csv_rows(rows, path)


def _csv_rows(rows: csv.DictReader, path: str) -> Iterator[ArticleInput | ItemError]:
    """Each row's record, or its error; a malformed or undecodable row does not end the file."""
    for number in itertools.count(1):
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ItemError(f"{path}:{rows.line_num}", f"malformed CSV row {number} ({exc})")
            continue
        source = f"{path}:{rows.line_num}"
        try:
            yield _record_from_fields(_decoded_row(row, number), source)
        except UnreadableItem as problem:
            yield ItemError(source, str(problem))


def _decoded_row(row: dict[Any, Any], number: int) -> dict[Any, Any]:
    for column, value in row.items():
        values = value if isinstance(value, list) else [value]  # extra cells are a list under None
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in values):
            raise UnreadableItem(f"not valid UTF-8 (row {number}, column {column or 'beyond the header'})")
    return row


_SURROGATE = re.compile("[\udc80-\udcff]")


def _record_from_fields(fields: dict[str, Any], source: str) -> ArticleInput:
    """The article in a JSONL object or CSV row: ``text`` required, known metadata kept, ``id`` defaulted."""
    text = fields.get("text")
    if not isinstance(text, str):
        raise UnreadableItem("record has no 'text' string")
    if not text.strip():
        raise UnreadableItem("record text is empty")
    metadata = {key: _as_optional_string(fields.get(key)) for key in METADATA_FIELDS}
    metadata["id"] = metadata["id"] or source
    return ArticleInput(text=text, source=source, **metadata)


def _as_optional_string(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)
