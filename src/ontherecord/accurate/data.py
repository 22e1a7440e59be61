"""PolNeAR loading and conversion to wordpiece BIO tag windows.

PolNeAR (Newell et al., LREC 2018) ships one ``text/<name>.txt`` per article and one
brat standoff file per annotator, ``attributions/<name>_<annotator>.ann``. ``T`` lines
are typed spans (``Source``, ``Cue``, ``Content``, and others we ignore), possibly
discontinuous (``START END;START END``); ``E`` lines tie them into attributions
(``Attribution:T4 Content:T3 Cue:T2 Source:T1``, every role optional).

PolNeAR is univocal: every character carries at most one of the three labels, so an
article is a tag sequence. This module has no torch dependency; the tokenizer is any
callable with the Hugging Face fast-tokenizer interface (``return_offsets_mapping``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluation.gold import GoldFormatError, event_roles, parse_brat_spans, read_polnear, shared_dir

ROLES: tuple[str, ...] = ("SOURCE", "CUE", "CONTENT")
LABELS: tuple[str, ...] = ("O",) + tuple(f"{prefix}-{role}" for role in ROLES for prefix in ("B", "I"))
LABEL_TO_ID: dict[str, int] = {label: index for index, label in enumerate(LABELS)}
IGNORE_INDEX = -100  # positions the loss skips: special tokens and padding

_WORD = re.compile(r"\w+|[^\w\s]")


def default_polnear_dir() -> Path:
    return shared_dir() / "data" / "polnear"


@dataclass(frozen=True)
class Fragment:
    """One contiguous stretch of an annotated span, with its role."""

    role: str  # SOURCE | CUE | CONTENT
    start: int
    end: int


@dataclass
class Attribution:
    """One ``E`` relation: fragments per role (any role may be empty)."""

    sources: list[Fragment] = field(default_factory=list)
    cues: list[Fragment] = field(default_factory=list)
    contents: list[Fragment] = field(default_factory=list)


@dataclass
class PolnearArticle:
    name: str
    annotator: str
    text: str
    fragments: list[Fragment]  # every Source/Cue/Content fragment, sorted, non-overlapping
    attributions: list[Attribution]


AnnotationError = GoldFormatError  # an offset that does not slice the text, an unknown span id


def _role_of(brat_type: str) -> str | None:
    role = brat_type.upper().rstrip("0123456789")  # Content2 is content too
    return role if role in ROLES else None


def parse_ann(ann: str, text: str, source: str = "?") -> tuple[list[Fragment], list[Attribution]]:
    """Fragments and attributions of a brat standoff file, read by the evaluation's brat parser
    (which raises :class:`AnnotationError` when an offset does not slice ``text``)."""
    spans = parse_brat_spans(ann, text, source)
    pieces = {
        span_id: [Fragment(role, start, end) for start, end in span.ranges]
        for span_id, span in spans.items()
        if (role := _role_of(span.label)) is not None
    }
    attributions = [
        _attribution_from_roles(event_roles(line, spans, source), pieces) for line in ann.splitlines() if line.startswith("E")
    ]
    fragments = sorted((f for fragments in pieces.values() for f in fragments), key=lambda f: (f.start, f.end))
    return _univocal(fragments), attributions


def _attribution_from_roles(roles: dict[str, list[str]], pieces: dict[str, list[Fragment]]) -> Attribution:
    attribution = Attribution()
    for role_name, span_ids in roles.items():
        role = _role_of(role_name)
        if role is None:
            continue
        target = {"SOURCE": attribution.sources, "CUE": attribution.cues, "CONTENT": attribution.contents}[role]
        for span_id in span_ids:
            target.extend(pieces.get(span_id, []))
    return attribution


def _univocal(fragments: list[Fragment]) -> list[Fragment]:
    """Drop empty fragments and trim any overlap (first fragment wins) so the result is a tag sequence."""
    kept: list[Fragment] = []
    for fragment in fragments:
        start = max(fragment.start, kept[-1].end) if kept else fragment.start
        if start < fragment.end:
            kept.append(Fragment(fragment.role, start, fragment.end))
    return kept


def load_polnear(directory: str | Path, limit: int | None = None) -> list[PolnearArticle]:
    """All articles of one PolNeAR compartment (``.../train`` or ``.../dev``), first annotator each,
    read by the evaluation's reader; an article whose annotation does not match its text is skipped."""
    articles = []
    for article in read_polnear(directory):
        try:
            fragments, attributions = parse_ann(article.annotation, article.text, str(article.path))
        except AnnotationError:
            continue
        articles.append(PolnearArticle(article.name, article.annotator, article.text, fragments, attributions))
        if limit is not None and len(articles) >= limit:
            break
    return articles


# ---------------------------------------------------------------------------
# Tokens, tags and windows


def char_roles(text: str, fragments: Iterable[Fragment]) -> list[str | None]:
    """The role of every character (``None`` outside any span)."""
    roles: list[str | None] = [None] * len(text)
    for fragment in fragments:
        for index in range(fragment.start, fragment.end):
            roles[index] = roles[index] or fragment.role
    return roles


def tags_for_offsets(offsets: Sequence[tuple[int, int]], fragments: Sequence[Fragment]) -> list[str]:
    """BIO tag per token (token = char offsets): the fragment it overlaps; B on a fragment's first token."""
    tags = ["O"] * len(offsets)
    ordered = sorted(fragments, key=lambda f: f.start)
    cursor = 0
    for index, (start, end) in enumerate(offsets):
        if start == end:
            continue
        while cursor < len(ordered) and ordered[cursor].end <= start:
            cursor += 1
        if cursor < len(ordered) and ordered[cursor].start < end:
            fragment = ordered[cursor]
            first = index == 0 or not _overlaps(offsets[index - 1], fragment)
            tags[index] = f"{'B' if first else 'I'}-{fragment.role}"
    return tags


def _overlaps(offset: tuple[int, int], fragment: Fragment) -> bool:
    return offset[0] < fragment.end and fragment.start < offset[1] and offset[0] != offset[1]


def word_offsets(text: str) -> list[tuple[int, int]]:
    """Word tokens (runs of word characters, or single punctuation marks) as char offsets."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def spans_from_tags(tags: Sequence[str], offsets: Sequence[tuple[int, int]]) -> list[Fragment]:
    """Contiguous labelled runs as char spans; a run starts at B-X or at I-X after another label."""
    spans: list[Fragment] = []
    role: str | None = None
    start = end = 0
    for tag, (token_start, token_end) in zip(tags, offsets):
        prefix, _, tag_role = tag.partition("-")
        continues = prefix == "I" and tag_role == role
        if role is not None and not continues:
            spans.append(Fragment(role, start, end))
            role = None
        if prefix in ("B", "I") and not continues:
            role, start = tag_role, token_start
        if role is not None:
            end = token_end
    if role is not None:
        spans.append(Fragment(role, start, end))
    return spans


@dataclass
class Window:
    """A slice of one article's wordpieces, ready for the model."""

    article_index: int
    input_ids: list[int]
    labels: list[int]  # IGNORE_INDEX on special tokens
    offsets: list[tuple[int, int]]  # char offsets per position ((0, 0) on special tokens)
    first_piece: int  # index of the article's wordpiece at position 1


def tokenize_article(tokenizer: Any, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Wordpiece ids and char offsets of a whole article, without special tokens."""
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False)
    return list(encoded["input_ids"]), [tuple(o) for o in encoded["offset_mapping"]]


def window_starts(length: int, size: int, stride: int) -> list[int]:
    """Start positions so windows of ``size`` cover ``length`` items, ``stride`` apart (last one flush)."""
    if length <= size:
        return [0]
    starts = list(range(0, length - size, stride))
    starts.append(length - size)
    return starts


def make_windows(
    tokenizer: Any,
    articles: Sequence[PolnearArticle] | Sequence[str],
    max_length: int = 256,
    stride: int = 192,
) -> Iterator[Window]:
    """Overlapping windows of at most ``max_length`` positions (incl. [CLS] and [SEP]) per article.

    ``articles`` may be plain texts (labels are then all ``O``).
    """
    body = max_length - 2
    for article_index, article in enumerate(articles):
        text = article if isinstance(article, str) else article.text
        fragments = [] if isinstance(article, str) else article.fragments
        ids, offsets = tokenize_article(tokenizer, text)
        labels = [LABEL_TO_ID[tag] for tag in tags_for_offsets(offsets, fragments)]
        for start in window_starts(len(ids), body, stride):
            stop = start + body
            yield Window(
                article_index,
                [tokenizer.cls_token_id] + ids[start:stop] + [tokenizer.sep_token_id],
                [IGNORE_INDEX] + labels[start:stop] + [IGNORE_INDEX],
                [(0, 0)] + offsets[start:stop] + [(0, 0)],
                start,
            )
