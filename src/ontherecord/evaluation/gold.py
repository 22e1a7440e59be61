"""Gold-standard loaders: the seed gold JSON and PolNeAR brat standoff directories.

Both formats become a :class:`GoldCorpus` of :class:`GoldArticle` records whose
quotes carry character ranges into the article text, so one scorer serves both.

Seed gold (``../shared/seed/gold.json``)
    A JSON list of articles (``id, title, outlet, author, url, text, quotes``).
    If an article has no ``text``, it is taken from ``articles.jsonl`` in the
    same directory, matched by ``id``. Each gold quote has one ``start``/``end``
    range; multi-paragraph quotes are split into one gold quote per paragraph.

PolNeAR (``../shared/data/polnear/dev``)
    ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``. Some
    articles were annotated by several annotators; we use exactly one
    annotation per article, the one whose annotator id sorts first, so results
    are deterministic. ``T`` lines give ``Source``/``Cue``/``Content`` spans
    (discontinuous spans as ``START END;START END``; brat joins the fragments
    with a single space in the text column, and on the whole dev split
    ``" ".join(text[s:e] for s, e in ranges)`` equals that string exactly);
    ``E`` lines tie them into attributions (``Attribution`` or
    ``Attribution-no-source``, ``Content``, ``Content2``, ``Cue``, ``Source``;
    any role may be missing). Every ``Content``/``Content2`` span of an
    attribution becomes part of one gold quote; an attribution without content
    yields no gold quote. ``Discuss``/``Discard`` spans are annotator notes and
    are ignored. PolNeAR has no quote types (``type`` is ``None``) and no
    speaker names: attribution is judged by overlap with the Source span.

A span whose brat text does not match the article text is a loader error
(:class:`GoldFormatError`): offsets are never silently repaired.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Range = tuple[int, int]
SEED = "seed"
POLNEAR = "polnear"
METADATA_FIELDS = ("id", "title", "outlet", "author", "url")


class GoldFormatError(ValueError):
    """The gold file or directory is not in a format we can read."""


@dataclass
class GoldQuote:
    """One gold attribution: its content range(s) and who said it."""

    ranges: list[Range]
    type: str | None = None
    speaker: str | None = None
    speaker_kind: str | None = None
    source_ranges: list[Range] = field(default_factory=list)
    cue: str | None = None
    optional: bool = False
    cue_ranges: list[Range] = field(default_factory=list)  # PolNeAR only: where the cue stands

    def content(self, text: str) -> str:
        return " ".join(text[start:end] for start, end in self.ranges)


@dataclass
class GoldArticle:
    id: str
    text: str
    quotes: list[GoldQuote]
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None

    def record(self) -> dict[str, Any]:
        """The input record for ``extract_many``: text plus metadata."""
        return {"text": self.text, **{name: getattr(self, name) for name in METADATA_FIELDS}}


@dataclass
class GoldCorpus:
    kind: str  # SEED or POLNEAR
    path: str
    articles: list[GoldArticle]
    skipped: list[str] = field(default_factory=list)  # one message per article that could not be read


def shared_dir() -> Path:
    """``$ONTHERECORD_SHARED``, or the ``shared`` directory beside the repository."""
    configured = os.environ.get("ONTHERECORD_SHARED")
    if configured:
        return Path(configured)
    return (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()


def load_gold(path: str | os.PathLike[str]) -> GoldCorpus:
    """A seed gold JSON file or a PolNeAR split directory, detected from ``path``."""
    path = Path(path)
    if path.is_dir():
        return load_polnear(path)
    if path.is_file():
        return load_seed(path)
    raise GoldFormatError(f"{path}: no such gold file or directory")


# --- seed gold ---------------------------------------------------------------------------


def load_seed(path: str | os.PathLike[str]) -> GoldCorpus:
    path = Path(path)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read seed gold JSON: {exc}") from exc
    if not isinstance(entries, list):
        raise GoldFormatError(f"{path}: seed gold must be a JSON list of articles")
    try:
        texts = _sibling_texts(path) if any("text" not in e for e in entries) else {}
        articles = [_seed_article(entry, texts, path) for entry in entries]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, GoldFormatError):
            raise
        raise GoldFormatError(f"{path}: malformed seed gold ({exc.__class__.__name__}: {exc})") from exc
    return GoldCorpus(SEED, str(path), articles)


def _sibling_texts(gold_path: Path) -> dict[str, str]:
    articles_path = gold_path.with_name("articles.jsonl")
    if not articles_path.is_file():
        raise GoldFormatError(f"{gold_path}: articles carry no text and {articles_path} is missing")
    texts = {}
    for line in articles_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            texts[str(record["id"])] = record["text"]
    return texts


def _seed_article(entry: dict[str, Any], texts: dict[str, str], path: Path) -> GoldArticle:
    article_id = str(entry.get("id"))
    text = entry.get("text", texts.get(article_id))
    if not isinstance(text, str):
        raise GoldFormatError(f"{path}: article {article_id!r} has no text")
    quotes = [_seed_quote(q, text, article_id, path) for q in entry.get("quotes", [])]
    metadata = {name: entry.get(name) for name in ("title", "outlet", "author", "url")}
    return GoldArticle(id=article_id, text=text, quotes=quotes, **metadata)


def _seed_quote(q: dict[str, Any], text: str, article_id: str, path: Path) -> GoldQuote:
    start, end = int(q["start"]), int(q["end"])
    if "content" in q and text[start:end] != q["content"]:
        raise GoldFormatError(f"{path}: {article_id} quote at {start}:{end} does not match its content string")
    return GoldQuote(
        ranges=[(start, end)],
        type=q.get("type"),
        speaker=q.get("speaker"),
        speaker_kind=q.get("speaker_kind"),
        cue=q.get("cue"),
        optional=bool(q.get("optional", False)),
    )


# --- PolNeAR -----------------------------------------------------------------------------

ANNOTATION_NAME = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]+)\.ann$")
CONTENT_ROLES = ("Content", "Content2")


@dataclass
class BratSpan:
    label: str
    ranges: list[Range]
    text: str


@dataclass
class PolnearFile:
    """One article of a PolNeAR split: its text and the annotation :func:`read_polnear` chose."""

    name: str
    annotator: str
    text: str
    annotation: str
    path: Path  # the .ann file


def read_polnear(directory: str | os.PathLike[str], skipped: list[str] | None = None) -> Iterator[PolnearFile]:
    """The articles of a PolNeAR split (``.../dev``, ``.../train``) in name order, with the first
    annotation of each (:func:`first_annotation_per_article`); an article whose files cannot be read
    is left out, with a message in ``skipped``. The one reader of PolNeAR's layout: the evaluation
    parses the annotations into gold quotes, the tagger's training into tag sequences."""
    directory = Path(directory)
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise GoldFormatError(f"{directory}: a PolNeAR split needs text/ and attributions/ subdirectories")
    for name, ann_path in sorted(first_annotation_per_article(ann_dir).items()):
        text_path = text_dir / f"{name}.txt"
        try:
            if not text_path.is_file():
                raise GoldFormatError(f"{ann_path}: no text file {text_path.name}")
            text = text_path.read_text(encoding="utf-8")
            annotation = ann_path.read_text(encoding="utf-8")
        except (GoldFormatError, UnicodeDecodeError) as exc:
            if skipped is not None:
                skipped.append(f"skipped {name}: {exc}")
            continue
        yield PolnearFile(name, ann_path.stem.rpartition("_")[2], text, annotation, ann_path)


def load_polnear(directory: str | os.PathLike[str]) -> GoldCorpus:
    directory = Path(directory)
    metadata = _polnear_metadata(directory.parent / "metadata.tsv")
    articles: list[GoldArticle] = []
    skipped: list[str] = []
    for article in read_polnear(directory, skipped):
        try:
            quotes = parse_brat_attributions(article.annotation, article.text, str(article.path))
        except GoldFormatError as exc:
            skipped.append(f"skipped {article.name}: {exc}")  # one broken annotation must not sink the split
            continue
        info = metadata.get(article.name, {})
        articles.append(
            GoldArticle(
                id=article.name,
                text=article.text,
                quotes=quotes,
                title=info.get("title"),
                outlet=info.get("publisher"),
                author=info.get("author"),
            )
        )
    if not articles and skipped:
        raise GoldFormatError(f"{directory}: no readable article ({skipped[0]})")
    return GoldCorpus(POLNEAR, str(directory), articles, skipped)


def first_annotation_per_article(ann_dir: Path) -> dict[str, Path]:
    """One ``.ann`` per article: the annotator id that sorts first."""
    chosen: dict[str, tuple[str, Path]] = {}
    for path in ann_dir.glob("*.ann"):
        match = ANNOTATION_NAME.match(path.name)
        article, annotator = (match["article"], match["annotator"]) if match else (path.stem, "")
        if article not in chosen or annotator < chosen[article][0]:
            chosen[article] = (annotator, path)
    return {article: path for article, (_, path) in chosen.items()}


def _polnear_metadata(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}


def parse_brat_spans(ann: str, text: str, source: str = "<ann>") -> dict[str, BratSpan]:
    """Every ``T`` line, checked against the text (fragments joined by one space, as brat does)."""
    spans = {}
    for line in ann.splitlines():
        if not line.startswith("T"):
            continue
        try:
            span_id, label_and_ranges, span_text = line.split("\t", 2)
            label, range_list = label_and_ranges.split(" ", 1)
            ranges = [_parse_range(r) for r in range_list.split(";")]
        except ValueError as exc:
            raise GoldFormatError(f"{source}: malformed span line {line!r}") from exc
        if " ".join(text[s:e] for s, e in ranges) != span_text:
            raise GoldFormatError(f"{source}: {span_id} {ranges} does not match the text at those offsets")
        spans[span_id] = BratSpan(label, ranges, span_text)
    return spans


def _parse_range(value: str) -> Range:
    start, end = value.split()
    return int(start), int(end)


def parse_brat_attributions(ann: str, text: str, source: str = "<ann>") -> list[GoldQuote]:
    """One :class:`GoldQuote` per ``E`` attribution that has content."""
    spans = parse_brat_spans(ann, text, source)
    quotes = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        roles = event_roles(line, spans, source)
        content = [r for role in CONTENT_ROLES for r in roles.get(role, [])]
        if not content:
            continue
        cue = spans.get(roles["Cue"][0]) if roles.get("Cue") else None
        quotes.append(
            GoldQuote(
                ranges=sorted(_ranges_of(content, spans)),
                source_ranges=sorted(_ranges_of(roles.get("Source", []), spans)),
                cue=cue.text if cue else None,
                cue_ranges=sorted(_ranges_of(roles.get("Cue", []), spans)),
            )
        )
    quotes.sort(key=lambda q: q.ranges[0])
    return quotes


def event_roles(line: str, spans: dict[str, BratSpan], source: str) -> dict[str, list[str]]:
    """The span ids of every role of one ``E`` line (``Source``, ``Cue``, ``Content``, ``Content2`` ...)."""
    roles: dict[str, list[str]] = {}
    fields = line.split("\t")
    for argument in fields[1].split() if len(fields) > 1 else []:
        role, _, span_id = argument.partition(":")
        if span_id not in spans:
            raise GoldFormatError(f"{source}: {fields[0]} refers to unknown span {span_id}")
        roles.setdefault(role, []).append(span_id)
    return roles


def _ranges_of(span_ids: list[str], spans: dict[str, BratSpan]) -> list[Range]:
    return [r for span_id in span_ids for r in spans[span_id].ranges]
