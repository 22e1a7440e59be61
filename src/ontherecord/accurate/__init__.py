"""Accurate mode: models trained on PolNeAR that work with the rule engine.

The shipped model (``--mode accurate``) is the reranker: :mod:`.candidates` (what the article could
attribute), :mod:`.boundaries` (a learned model of where content starts and ends), :mod:`.features`,
:mod:`.tokens` (token readings they share), :mod:`.linear` (a hashed logistic regression, numpy only),
:mod:`.reranker` (the choice, inside the engine), :mod:`.boundary_training` and
:mod:`.reranker_training` (``ontherecord train``).

The other family compared, a MiniLM token tagger (:mod:`.data`, :mod:`.grouping`, :mod:`.metrics`,
:mod:`.model`, :mod:`.train`, :mod:`.infer`; ``ontherecord train --family minilm``), needs the
``accurate`` extra (torch, transformers); importing this package imports nothing heavy.
"""
