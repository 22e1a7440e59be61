"""ontherecord.readers: every input kind, read from real temporary files (no spaCy needed)."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ontherecord.model import ArticleInput, ItemError
from ontherecord.readers import html_to_record, iter_records

NBSP = "\u00a0"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Ferry fares to rise | Harbor Gazette</title>
  <meta name="author" content="Mara Lindqvist">
  <meta property="og:site_name" content="Harbor Gazette">
  <meta property="og:title" content="Ferry fares to rise in April">
  <meta property="article:published_time" content="2024-03-01T08:00:00Z">
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
  <article>
    <h1>Ferry fares to rise in April</h1>
    <p>Fares on the Calder Bay ferry will rise by eight percent on the first of April, the
    Harbor Authority said on Thursday, citing the cost of fuel and repairs to its oldest boat.</p>
    <p>\u201cFuel costs alone went up by more than two million dollars last year,\u201d said
    Nadia Holm, the head of transit at the authority. \u201cWe held fares flat for as long as we could.\u201d</p>
    <p>Commuter groups said the increase would hit shift workers hardest, and promised to
    raise the matter at the next meeting of the city council in May.</p>
  </article>
  <footer>Copyright Harbor Gazette. All rights reserved.</footer>
</body>
</html>
"""


def read(*paths: str | Path, stdin: bytes | None = None) -> list[ArticleInput | ItemError]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_records([str(p) for p in paths], stdin=stream))


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def only_error(results: list[Any]) -> ItemError:
    assert len(results) == 1 and isinstance(results[0], ItemError), results
    return results[0]


# --- plain text ------------------------------------------------------------------------------


def test_txt_is_read_exactly_crlf_and_nbsp_preserved(tmp_path: Path) -> None:
    text = f"Headline\r\n\r\n\u201cWe are ready,\u201d said Ms{NBSP}Okafor.\r\nIt cost $4.2{NBSP}million.  \r\n"
    path = write_bytes(tmp_path / "story.txt", text.encode("utf-8"))
    [record] = read(path)
    assert isinstance(record, ArticleInput)
    assert record.text == text  # no newline translation, no stripping
    assert record.id == str(path) and record.source == str(path)


def test_markdown_is_text(tmp_path: Path) -> None:
    text = "# Port strike\n\n*Updated* \u2014 \u201cNo,\u201d she said.\n"
    [record] = read(write_bytes(tmp_path / "story.md", text.encode()))
    assert record.text == text


def test_utf8_bom_is_kept_as_text(tmp_path: Path) -> None:
    [record] = read(write_bytes(tmp_path / "bom.txt", b"\xef\xbb\xbfHello, she said."))
    assert record.text == "\ufeffHello, she said."


def test_stdin_is_read_exactly(tmp_path: Path) -> None:
    text = f"\u201cYes,\u201d he said.\r\nSecond{NBSP}line\n"
    [record] = read("-", stdin=text.encode())
    assert record == ArticleInput(text=text, id="stdin", source="stdin")


def test_stdin_with_invalid_utf8_is_an_item_error() -> None:
    error = only_error(read("-", stdin=b"caf\xe9"))
    assert error.source == "stdin" and "UTF-8" in error.message


def test_unknown_extension_is_text_when_it_decodes(tmp_path: Path) -> None:
    text = "Plain words, said nobody in particular.\n"
    [record] = read(write_bytes(tmp_path / "notes.article", text.encode()))
    assert record.text == text


def test_binary_file_is_an_item_error(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = only_error(read(path))
    assert error.source == str(path) and "binary" in error.message


def test_binary_with_text_extension_is_an_item_error(tmp_path: Path) -> None:
    error = only_error(read(write_bytes(tmp_path / "story.txt", b"valid start\x00then nul")))
    assert "NUL" in error.message


def test_invalid_utf8_is_an_item_error(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "latin1.txt", "Caf\u00e9 owners said no.".encode("latin-1"))
    error = only_error(read(path))
    assert error.source == str(path)
    assert "UTF-8" in error.message and "offset 3" in error.message


def test_empty_and_blank_files_are_item_errors(tmp_path: Path) -> None:
    empty = write_bytes(tmp_path / "empty.txt", b"")
    blank = write_bytes(tmp_path / "blank.txt", b" \r\n\t\n")
    first, second = read(empty, blank)
    assert isinstance(first, ItemError) and first.message == "empty file"
    assert isinstance(second, ItemError) and "whitespace" in second.message


def test_missing_file_is_an_item_error(tmp_path: Path) -> None:
    error = only_error(read(tmp_path / "nowhere.txt"))
    assert error.source == str(tmp_path / "nowhere.txt") and error.message == "no such file"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))).filter(str.strip))
def test_any_text_round_trips_exactly(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "story.txt"
        path.write_bytes(text.encode("utf-8"))
        [record] = read(path)
    assert record.text == text


# --- HTML ------------------------------------------------------------------------------------


def test_html_file_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "ferry.html", ARTICLE_HTML.encode())
    [record] = read(path)
    assert isinstance(record, ArticleInput), record
    assert record.id == str(path) and record.source == str(path)
    assert record.title == "Ferry fares to rise in April"
    assert record.author == "Mara Lindqvist"
    assert record.outlet == "Harbor Gazette"
    assert record.published == "2024-03-01"
    assert record.language == "en"
    assert "\u201cFuel costs alone went up" in record.text
    assert "Nadia Holm" in record.text
    assert "All rights reserved" not in record.text  # boilerplate dropped
    assert "Sport" not in record.text


def test_html_to_record_keeps_the_given_url() -> None:
    record = html_to_record(ARTICLE_HTML, url="https://harborgazette.example/ferry")
    assert record["url"] == "https://harborgazette.example/ferry"
    assert set(record) == {"title", "author", "published", "outlet", "url", "language", "text"}


def test_html_in_a_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"').replace("Nadia Holm", "Ren\u00e9e Holm")
    page = page.replace("\u201c", '"').replace("\u201d", '"')
    [record] = read(write_bytes(tmp_path / "legacy.htm", page.encode("cp1252")))
    assert "Ren\u00e9e Holm" in record.text


def test_html_without_article_text_is_an_item_error(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "blank.html", b"<html><head><title>Nothing</title></head><body></body></html>")
    error = only_error(read(path))
    assert "no article text" in error.message


def test_binary_labelled_as_html_is_an_item_error(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 40  # what a JPEG served as text/html looks like to a reader
    error = only_error(read(write_bytes(tmp_path / "image.html", junk)))
    assert "no article text" in error.message
    assert html_to_record(junk.decode("latin-1"))["text"] == ""


def test_gzipped_html(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "ferry.html.gz", gzip.compress(ARTICLE_HTML.encode()))
    [record] = read(path)
    assert record.title == "Ferry fares to rise in April"


# --- JSONL and CSV ---------------------------------------------------------------------------


def test_jsonl_keeps_ids_and_metadata_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a-1", "text": "One.\r\n", "title": "T", "outlet": "O", "published": 2024}),
        "{not json",
        json.dumps({"id": "a-3", "title": "no text here"}),
        "",  # blank lines are skipped, not errors
        json.dumps(["a", "list"]),
        json.dumps({"id": "a-6", "text": "   "}),
        json.dumps({"text": f"No id{NBSP}here.", "url": "https://x.example/6", "extra": "ignored"}),
    ]
    path = write_bytes(tmp_path / "articles.jsonl", "\n".join(lines).encode())
    results = read(path)
    assert [type(r).__name__ for r in results] == ["ArticleInput", "ItemError", "ItemError", "ItemError", "ItemError", "ArticleInput"]
    first, bad_json, no_text, not_object, blank_text, last = results
    assert first.id == "a-1" and first.text == "One.\r\n"
    assert (first.title, first.outlet, first.published) == ("T", "O", "2024")
    assert bad_json.source == f"{path}:2" and "invalid JSON" in bad_json.message
    assert no_text.source == f"{path}:3" and "text" in no_text.message
    assert not_object.source == f"{path}:5" and "object" in not_object.message
    assert blank_text.source == f"{path}:6" and "empty" in blank_text.message
    assert last.id == f"{path}:7" and last.text == f"No id{NBSP}here."
    assert last.url == "https://x.example/6" and not hasattr(last, "extra")


def test_jsonl_line_with_invalid_utf8_is_an_item_error(tmp_path: Path) -> None:
    data = b'{"id": "ok", "text": "fine"}\n{"id": "bad", "text": "caf\xe9"}\n'
    good, bad = read(write_bytes(tmp_path / "mixed.jsonl", data))
    assert good.id == "ok"
    assert isinstance(bad, ItemError) and "UTF-8" in bad.message


def test_csv_rows_are_records(tmp_path: Path) -> None:
    data = 'id,title,text\nc-1,First,"Line one\nline two"\nc-2,Empty,\n'
    first, second = read(write_bytes(tmp_path / "articles.csv", data.encode()))
    assert first.id == "c-1" and first.text == "Line one\nline two"
    assert isinstance(second, ItemError) and "empty" in second.message


# --- several inputs --------------------------------------------------------------------------


def test_mixed_inputs_keep_input_order(tmp_path: Path) -> None:
    good = write_bytes(tmp_path / "good.txt", b"Good story.")
    jsonl = write_bytes(tmp_path / "two.jsonl", b'{"id":"j1","text":"x"}\n{"id":"j2","text":"y"}\n')
    empty = write_bytes(tmp_path / "empty.md", b"")
    results = read(tmp_path / "missing.txt", good, "-", jsonl, empty, stdin=b"From stdin.")
    labels = [r.source if isinstance(r, ItemError) else r.id for r in results]
    assert labels == [str(tmp_path / "missing.txt"), str(good), "stdin", "j1", "j2", str(empty)]
    assert [isinstance(r, ItemError) for r in results] == [True, False, False, False, False, True]


def test_directory_is_walked_in_sorted_order_with_known_extensions_only(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    write_bytes(tmp_path / "b" / "two.txt", b"Two.")
    write_bytes(tmp_path / "a.md", b"One.")
    write_bytes(tmp_path / "c.jsonl", b'{"id": "three", "text": "Three."}\n')
    write_bytes(tmp_path / "notes.bin", b"\x00\x01")  # unknown extension: skipped inside directories
    write_bytes(tmp_path / ".hidden" / "secret.txt", b"Hidden.")
    results = read(tmp_path)
    assert [r.text for r in results] == ["One.", "Three.", "Two."]


def test_records_are_read_lazily(tmp_path: Path) -> None:
    first = write_bytes(tmp_path / "first.txt", b"First.")

    def paths():
        yield str(first)
        raise AssertionError("the second path was requested before the first record was used")

    records = iter_records(paths())
    assert next(records).text == "First."
