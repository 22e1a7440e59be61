"""Accurate mode: models trained on PolNeAR that work with the rule engine.

The shipped model (``--mode accurate``) is the reranker: :mod:`.candidates` (what the article could
attribute), :mod:`.features`, :mod:`.linear` (a hashed logistic regression, numpy only),
:mod:`.reranker` (the choice, inside the engine) and :mod:`.reranker_training` (``ontherecord train``).

The other family compared, a MiniLM token tagger (:mod:`.data`, :mod:`.grouping`, :mod:`.metrics`,
:mod:`.model`, :mod:`.train`, :mod:`.infer`; ``ontherecord train --family minilm``), needs the
``accurate`` extra (torch, transformers); importing this package imports nothing heavy.
"""
