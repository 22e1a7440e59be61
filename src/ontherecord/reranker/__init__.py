"""The reranker, accurate mode's refiner: a model trained on PolNeAR that re-decides the rules' drafts.

:mod:`.candidates` (what the article could attribute), :mod:`.boundaries` (a learned model of where
content starts and ends), :mod:`.features`, :mod:`.tokens` (token readings they share), :mod:`.linear`
(a hashed logistic regression, numpy only), :mod:`.reranker` (the choice; it plugs into the engine as a
:class:`ontherecord.engine.Refiner`), :mod:`.boundary_training` and :mod:`.training` (``ontherecord train``).
It reads the engine only through ``ontherecord.engine``'s public types.
"""
