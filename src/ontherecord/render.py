"""Output writers for extraction results: JSON Lines, one JSON document, or a rich terminal view.

Every writer takes an iterable of :class:`~ontherecord.model.Article` or
:class:`~ontherecord.model.ItemError` (in input order), writes articles to the output as they
arrive (nothing is accumulated), writes each error as one ``error: SOURCE: reason`` line to the
error stream (stderr by default, never the output), and returns a :class:`Tally`. The terminal
view shows article text without escape sequences and control characters
(:func:`~ontherecord.safetext.for_terminal`); JSON keeps every character.
"""

from __future__ import annotations

import codecs
import json
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from rich import box
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .model import Article, ItemError, Quote, Speaker
from .safetext import for_terminal

Result = Article | ItemError
CONTENT_WIDTH = 220  # characters of quoted content shown per table row
CONTENT_MIN_WIDTH = 20  # the content column's narrowest width, whatever the terminal
CHANNEL_WIDTH = 10  # the channel column's widest width; longer channels wrap at words
SPEAKER_WIDTH = 20  # speakers' names up to this wide are never wrapped
CUE_WIDTH = 16  # cues up to this wide are never wrapped
SPEAKER_COLOURS = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "bright_blue",
    "red",
    "bright_cyan",
    "bright_magenta",
    "bright_green",
    "bright_yellow",
    "blue",
    "bright_red",
)


@dataclass
class Tally:
    articles: int = 0
    quotes: int = 0
    errors: int = 0


def write_jsonl(results: Iterable[Result], stream: TextIO, *, errors: TextIO | None = None) -> Tally:
    """One ``Article.to_dict()`` record per line, flushed as each article arrives."""
    tally = Tally()
    ensure_ascii = not _writes_unicode(stream)
    for result in results:
        if _counted_error(result, tally, errors):
            continue
        stream.write(json.dumps(result.to_dict(), ensure_ascii=ensure_ascii) + "\n")
        stream.flush()
    return tally


def write_json(results: Iterable[Result], stream: TextIO, *, errors: TextIO | None = None) -> Tally:
    """One JSON document: always a list of article records (``[]`` when none succeeded)."""
    tally = Tally()
    ensure_ascii = not _writes_unicode(stream)
    stream.write("[")
    for result in results:
        if _counted_error(result, tally, errors):
            continue
        separator = "\n" if tally.articles == 1 else ",\n"
        stream.write(separator + json.dumps(result.to_dict(), ensure_ascii=ensure_ascii, indent=2))
        stream.flush()
    stream.write("\n]\n" if tally.articles else "]\n")
    stream.flush()
    return tally


def render_table(results: Iterable[Result], console: Console, *, errors: TextIO | None = None) -> Tally:
    """Per article: a header, a table of its quotes and a table of its speakers."""
    tally = Tally()
    for result in results:
        if _counted_error(result, tally, errors):
            continue
        render_article(result, console)
    return tally


def render_article(article: Article, console: Console) -> None:
    colours = speaker_colours(article)
    title = _one_line(article.title or article.id or "") or "(untitled article)"
    console.print(Rule(Text(title, style="bold"), align="left"))
    console.print(Text(_one_line(_article_summary(article)), style="dim"))
    if not article.quotes:
        console.print("No attributed statements found.\n")
        return
    console.print(_quotes_table(article, colours))
    if article.speakers:
        console.print(_speakers_table(article, colours))
    console.print()


def speaker_colours(article: Article) -> dict[str, str]:
    """A colour per speaker id: distinct within the article, in order of the speaker list."""
    colours: dict[str, str] = {}
    speaker_ids = [s.id for s in article.speakers] + [q.speaker.id for q in article.quotes if q.speaker]
    for speaker_id in speaker_ids:
        if speaker_id not in colours:
            colours[speaker_id] = SPEAKER_COLOURS[len(colours) % len(SPEAKER_COLOURS)]
    return colours


def colour_for(speaker_id: str, colours: dict[str, str]) -> str:
    """The speaker's colour; an id outside the article's list still gets a fixed one."""
    return colours.get(speaker_id) or SPEAKER_COLOURS[zlib.crc32(speaker_id.encode()) % len(SPEAKER_COLOURS)]


def speaker_label(speaker: Speaker) -> str:
    if speaker.name:
        return _one_line(speaker.name)
    if speaker.mentions:
        return _one_line(speaker.mentions[0].text)
    return f"({speaker.kind})"


def format_error(error: ItemError) -> str:
    return f"error: {error.source}: {error.message}"


# --- helpers --------------------------------------------------------------------------------


def _counted_error(result: Result, tally: Tally, errors: TextIO | None) -> bool:
    """Count ``result``; if it is an error, report it on the error stream and return True."""
    if isinstance(result, ItemError):
        tally.errors += 1
        stream = errors if errors is not None else sys.stderr
        stream.write(format_error(result) + "\n")
        stream.flush()
        return True
    tally.articles += 1
    tally.quotes += len(result.quotes)
    return False


def _writes_unicode(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _article_summary(article: Article) -> str:
    parts = [article.outlet, article.author, article.published, article.url]
    if article.title and article.id:
        parts.append(f"id {article.id}")
    parts.append(f"{_plural(len(article.quotes), 'quote')}, {_plural(len(article.speakers), 'speaker')}")
    return " · ".join(_distinct(p for p in parts if p))


def _distinct(parts: Iterable[str]) -> list[str]:
    """Each byline part once: a writer's own newsletter has the author as its outlet too."""
    seen: set[str] = set()
    kept = []
    for part in parts:
        key = " ".join(part.split()).casefold()
        if key not in seen:
            seen.add(key)
            kept.append(part)
    return kept


def _quotes_table(article: Article, colours: dict[str, str]) -> Table:
    # Speakers' names and cues up to their column's width are never wrapped or cut (longer labels, such
    # as "a spokesperson for the Harbor Authority", wrap at words); the channel wraps at words and the
    # content takes the rest of the terminal's width, wrapped.
    speakers = [_quote_speaker(quote, colours) for quote in article.quotes]
    cues = [Text(_one_line(quote.cue.text)) if quote.cue else Text("—", style="dim") for quote in article.quotes]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True, padding=(0, 0))
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("speaker", **_whole_up_to(speakers, "speaker", SPEAKER_WIDTH))
    table.add_column("cue", **_whole_up_to(cues, "cue", CUE_WIDTH))
    table.add_column("channel", max_width=CHANNEL_WIDTH, overflow="fold")
    table.add_column("content", ratio=1, min_width=CONTENT_MIN_WIDTH, overflow="fold")
    for number, (quote, speaker, cue) in enumerate(zip(article.quotes, speakers, cues), start=1):
        table.add_row(
            str(number),
            quote.type,
            speaker,
            cue,
            Text(_one_line(quote.channel or "")),
            Text(_trim(_one_line(quote.content(article.text)), CONTENT_WIDTH)),
        )
    return table


def _whole_up_to(cells: list[Text], header: str, limit: int) -> dict[str, int]:
    """Column widths that show every cell up to ``limit`` cells wide on one line, whole."""
    widest = max([len(header)] + [cell.cell_len for cell in cells])
    width = min(widest, limit)
    return {"min_width": width, "max_width": width}


def _quote_speaker(quote: Quote, colours: dict[str, str]) -> Text:
    ref = quote.speaker
    if ref is None:
        return Text("(unattributed)", style="dim")
    label = ref.name or (ref.mention.text if ref.mention else None) or f"({ref.kind})"
    return Text(_one_line(label), style=colour_for(ref.id, colours))


def _speakers_table(article: Article, colours: dict[str, str]) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        title="Speakers",
        title_justify="left",
    )
    for column in ("speaker", "kind", "title", "role", "organization", "quotes"):
        table.add_column(column, overflow="fold", justify="right" if column == "quotes" else "left")
    for speaker in article.speakers:
        table.add_row(
            Text(speaker_label(speaker), style=colour_for(speaker.id, colours)),
            speaker.kind,
            Text(_one_line(speaker.title or "")),
            Text(_one_line(speaker.role or "")),
            Text(_one_line(speaker.organization or "")),
            str(len(speaker.quotes)),
        )
    return table


def _one_line(text: str) -> str:
    """``text`` as one line for the terminal: whitespace collapsed, escape sequences and control
    characters dropped."""
    return " ".join(for_terminal(text).split())


def _trim(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

