"""What every query mixin of :class:`~ontherecord.corpus.Corpus` reads from: one open store."""

from __future__ import annotations

from ..store import Store


class StoreSource:
    store: Store
