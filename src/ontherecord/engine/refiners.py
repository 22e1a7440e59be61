"""Refiners: trained models that plug into the engine between the rule passes and speaker resolution.

The engine knows them only through :class:`Refiner`; they read the engine through its public types
(``ontherecord.engine``: :class:`~.view.TextView`, :class:`~.drafts.Draft`, :class:`~.frames.CueMatch`)
and never the other way round. Two ship: the reranker (:mod:`ontherecord.reranker`, accurate mode)
and the token tagger's spans for one text (:class:`ontherecord.tagger.hints.TaggedSpans`, ``--tagger``)."""

from __future__ import annotations

from typing import Protocol

from .drafts import Draft
from .view import TextView

MODES = ("fast", "accurate")  # accurate: the reranker refines the rules' drafts


class Refiner(Protocol):
    """Re-decides the drafts the rules made: keeps, changes, drops or adds drafts (new drafts carry
    a cue; their speakers are resolved from its source mention like any other draft's)."""

    def refine(self, view: TextView, drafts: list[Draft], content_style: str) -> list[Draft]: ...
