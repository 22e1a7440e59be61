"""A MiniLM tagger's Source spans as hints for the engine's speakers (``--source-tagger DIR``).

The tagger (``ontherecord train --family minilm``) finds PolNeAR's sources better than the parse
does (exact-match 74.2 against 66.6 on dev), while the engine links content to cues better. So
the engine keeps its quotes and cues, and where the source mention it found is not one the tagger
marks, it takes the tagger's Source span nearest the cue in the cue's sentence (outside the
content) instead. Speakers are then resolved from that mention as usual (names, pronouns, roles).

Needs the accurate extra (torch, transformers) and a trained tagger directory.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Token

from ..cues import sentence_bounds
from ..engine import Draft, TextView

Range = tuple[int, int]

_taggers: dict[str, object] = {}
_lock = threading.Lock()


def load_source_tagger(directory: str | Path):
    """The tagger in ``directory``, one per process; its weights load on the first article.

    Raises :class:`~ontherecord.accurate.infer.AccurateModeUnavailable` without torch/transformers
    and ``FileNotFoundError`` when ``directory`` holds no tagger."""
    with _lock:
        _one_thread_per_worker()
        tagger = _taggers.get(str(directory))
        if tagger is None:  # the first call in this process (or its parent): check the extra, read the config
            from .infer import AccurateTagger, require_extra

            require_extra()
            tagger = _taggers[str(directory)] = AccurateTagger.load(directory)
        return tagger


_threads_limited_in: set[int] = set()


def _one_thread_per_worker() -> None:
    """In a pool worker the processes are the parallelism: one torch thread each (once per process;
    a forked worker inherits the parent's tagger cache but not a thread setting made for it)."""
    if multiprocessing.current_process().name == "MainProcess" or os.getpid() in _threads_limited_in:
        return
    import torch

    torch.set_num_threads(1)
    _threads_limited_in.add(os.getpid())


def tagged_sources(directory: str | Path, text: str) -> list[Range]:
    """The character ranges the tagger marks as Source in ``text`` (whitespace trimmed)."""
    from .infer import trimmed

    spans = (trimmed(text, span) for span in load_source_tagger(directory).spans([text])[0])
    return [(span.start, span.end) for span in spans if span is not None and span.role == "SOURCE"]


def apply_source_hints(view: TextView, drafts: list[Draft], hints: list[Range]) -> None:
    """Give each draft whose source mention no hint confirms the hint nearest its cue, in the cue's
    sentence and outside its content (when there is one). Changes ``draft.cue`` in place."""
    if not hints:
        return
    for draft in drafts:
        cue = draft.cue
        if cue is None or _confirmed(cue.source_start, cue.source_end, hints):
            continue
        first, last = sentence_bounds(view.doc, cue.verb.i)
        sentence = (view.doc[first].idx, view.doc[last - 1].idx + len(view.doc[last - 1].text))
        near = [
            (start, end)
            for start, end in hints
            if sentence[0] <= start < sentence[1] and not any(s <= start < e for s, e in draft.pieces)
        ]
        if not near:
            continue
        start, end = min(near, key=lambda hint: abs(hint[0] - cue.cue_start))
        head = _head_of(view, start, end)
        if head is not None:
            draft.cue = replace(cue, source_head=head, source_start=start, source_end=end, relative=None)


def _confirmed(start: int | None, end: int | None, hints: list[Range]) -> bool:
    return start is not None and end is not None and any(s < end and start < e for s, e in hints)


def _head_of(view: TextView, start: int, end: int) -> Token | None:
    """The token of the span whose head lies outside it (the span's syntactic head)."""
    tokens = [t for t in view.tokens_within(start, end) if not t.is_space and not t.is_punct]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None
