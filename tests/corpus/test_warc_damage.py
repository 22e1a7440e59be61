"""A damaged WARC loses only the damaged records: a corrupt gzip member, a truncated file, stray
bytes between members; and the errors are short printable text, never binary."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.warc import iter_warc
from ontherecord.model import ItemError

from .conftest import article_text, html_page

PAGES = 5


def write_warc(path: Path) -> list[int]:
    """A .warc.gz of PAGES HTML responses, one gzip member each; returns the members' offsets."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        for n in range(PAGES):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            body = html_page(f"Harbour talks, day {n}", article_text(n)).encode()
            writer.write_record(writer.create_warc_record(f"https://herald.example.com/{n}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        return [iterator.get_record_offset() for _ in iterator]


def damage(path: Path, offset: int, replacement: bytes) -> None:
    data = bytearray(path.read_bytes())
    data[offset: offset + len(replacement)] = replacement
    path.write_bytes(bytes(data))


def urls(items: list) -> list[str]:
    return [item["url"] for item in items if isinstance(item, dict)]


def assert_short_text(error: ItemError) -> None:
    assert error.message.isprintable() and len(error.message) <= 300, error.message


def test_a_corrupt_gzip_member_loses_one_record_not_the_rest(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    damage(path, offsets[1] + 40, b"\xff\x00\x1b[2J" * 40)  # inside the second member's compressed data
    items = list(iter_warc(str(path)))
    assert urls(items) == [f"https://herald.example.com/{n}" for n in (0, 2, 3, 4)]
    [error] = [item for item in items if isinstance(item, ItemError)]
    assert error.source == f"{path}#2" and error.message.startswith(f"corrupt gzip member at byte {offsets[1]}")
    assert_short_text(error)


def test_a_truncated_warc_keeps_every_whole_record(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    path.write_bytes(path.read_bytes()[: offsets[3] + 100])
    items = list(iter_warc(str(path)))
    assert urls(items) == [f"https://herald.example.com/{n}" for n in range(3)]
    [error] = [item for item in items if isinstance(item, ItemError)]
    assert "ends inside the member" in error.message


def test_stray_bytes_between_members_are_reported_and_skipped(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[2]] + b"\x00junk\x9b" * 100 + data[offsets[2]:])
    items = list(iter_warc(str(path)))
    assert len(urls(items)) == PAGES
    [error] = [item for item in items if isinstance(item, ItemError)]
    assert error.message.startswith(f"600 bytes at byte {offsets[2]} are not a gzip member")


def test_ingest_of_a_damaged_warc_stores_the_rest_and_short_errors(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    damage(path, offsets[1] + 40, bytes(range(0, 256, 3)))
    db = str(tmp_path / "corpus.db")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", db, "--no-link"])
    assert result.exit_code == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 1 and error_lines[0].isprintable() and len(error_lines[0]) < 400
    with Store.open(db) as store:
        assert store.count("articles") == PAGES - 1
        [row] = store.db.rows("SELECT message FROM errors")
        assert row["message"].isprintable() and len(row["message"]) <= 300


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_a_file_that_is_no_archive_is_one_short_error(tmp_path, suffix):
    path = tmp_path / f"bogus{suffix}"
    path.write_bytes(bytes(range(256)) * 8)
    [error] = list(iter_warc(str(path)))
    assert isinstance(error, ItemError)
    assert_short_text(error)
