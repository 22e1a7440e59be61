"""Article records from the HTML responses of WARC archives (e.g. CC-NEWS), damage and all.

A ``.warc.gz`` is a series of gzip members, one record each. It is read member by member: a
member that does not decompress (corrupt, truncated) is one item error, and reading resumes at
the next gzip header after it, so one bad member loses one record, not every later one. Other
archives (``.warc``, ``.arc``, ``.arc.gz``) go through warcio's iterator as they are; damage
there ends the file with an item error, keeping the records before it.
"""

from __future__ import annotations

import io
import itertools
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..model import ItemError
from .fetch import Page, classify, page_record
from .items import Skipped, SourceItem

GZIP_MAGIC = b"\x1f\x8b\x08"
CHUNK = 1 << 16
HEADER_ALLOWANCE = 1_000_000  # bytes of WARC and HTTP headers kept beyond a member's max_bytes


def iter_warc(path: str, max_bytes: int = 5_000_000) -> Iterator[SourceItem]:
    """Items for the response records of the archive at ``path`` (request and other records skipped)."""
    try:
        with open(path, "rb") as stream:
            if path.lower().endswith(".warc.gz") and stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC:
                yield from _member_items(path, stream, max_bytes)
            else:
                stream.seek(0)
                yield from _archive_items(path, stream, max_bytes, itertools.count(1))
    except OSError as exc:
        yield ItemError(path, exc.strerror or str(exc))


def _archive_items(path: str, stream: IO[bytes], max_bytes: int, numbers: Iterator[int]) -> Iterator[SourceItem]:
    """Items of the records in ``stream``, numbered by ``numbers``; a failure ends it with an error."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(stream):
            number = next(numbers)
            if record.rec_type == "response":
                yield _warc_item(record, f"{path}#{number}", max_bytes)
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        yield ItemError(path, f"not a valid WARC file ({exc})")


def _member_items(path: str, stream: IO[bytes], max_bytes: int) -> Iterator[SourceItem]:
    numbers = itertools.count(1)
    for offset, data, problem in gzip_members(stream, max_bytes + HEADER_ALLOWANCE):
        if problem is not None:
            yield ItemError(f"{path}#{next(numbers)}", f"{problem}; skipped to the next gzip member")
            continue
        for item in _archive_items(path, io.BytesIO(data), max_bytes, numbers):
            if isinstance(item, ItemError) and item.source == path:
                item = ItemError(f"{path}@{offset}", f"not a valid WARC record at byte {offset} ({item.message})")
            yield item


def gzip_members(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes, str | None]]:
    """``(offset, data, problem)`` for each gzip member of ``stream``: its decompressed bytes (at
    most ``limit`` of them), or why it could not be read, after which the search for the next
    member starts one byte after the bad one's header. Bytes between members that are not one
    are a problem too."""
    position, resyncing = 0, False
    while True:
        start = _next_magic(stream, position)
        stray = (start if start is not None else _size(stream)) - position
        if stray > 0 and not resyncing:
            yield position, b"", f"{stray} bytes at byte {position} are not a gzip member"
        if start is None:
            return
        try:
            data, end = _inflate(stream, start, limit)
        except (zlib.error, EOFError) as exc:
            yield start, b"", f"corrupt gzip member at byte {start} ({exc})"
            position, resyncing = start + 1, True
            continue
        yield start, data, None
        position, resyncing = end, False


def _size(stream: IO[bytes]) -> int:
    return stream.seek(0, io.SEEK_END)


def _next_magic(stream: IO[bytes], position: int) -> int | None:
    stream.seek(position)
    carried = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return None
        window = carried + chunk
        found = window.find(GZIP_MAGIC)
        if found >= 0:
            return position - len(carried) + found
        position += len(chunk)
        carried = window[-(len(GZIP_MAGIC) - 1):]


def _inflate(stream: IO[bytes], start: int, limit: int) -> tuple[bytes, int]:
    """The member at ``start`` decompressed (cut at ``limit`` bytes) and the offset just after it.

    Output is produced a bounded amount at a time, so a member that inflates enormously costs
    time, not memory."""
    stream.seek(start)
    inflater = zlib.decompressobj(wbits=31)
    parts, size, position = [], 0, start
    while not inflater.eof:
        pending = stream.read(CHUNK)
        if not pending:
            raise EOFError("the file ends inside the member")
        position += len(pending)
        while pending and not inflater.eof:
            data = inflater.decompress(pending, CHUNK * 16)
            pending = inflater.unconsumed_tail
            if size < limit:
                parts.append(data[: limit - size])
            size += len(data)
    return b"".join(parts), position - len(inflater.unused_data)


def _warc_item(record: Any, position: str, max_bytes: int) -> SourceItem:
    url = record.rec_headers.get_header("WARC-Target-URI") or position
    http = record.http_headers
    status = http.get_statuscode() if http else None
    if status and not status.startswith("2"):
        return Skipped(url, f"HTTP {status} response")
    content_type = (http.get_header("Content-Type") or "" if http else "").split(";")[0].strip().lower()
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return ItemError(url, f"too large (over the {max_bytes}-byte limit)")
    page = Page(url, content_type, body, _charset(http.get_header("Content-Type") if http else None))
    if classify(page) != "html":
        return Skipped(url, f"content type {content_type or 'unknown'} is not HTML")
    return page_record(page.text(), url, source=url)


def _charset(content_type: str | None) -> str | None:
    if not content_type or "charset=" not in content_type.lower():
        return None
    return content_type.lower().split("charset=")[-1].split(";")[0].strip().strip("\"'") or None
