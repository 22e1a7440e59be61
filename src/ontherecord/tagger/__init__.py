"""The token tagger: a MiniLM model trained on PolNeAR that marks Source, Cue and Content spans.

:mod:`.data` (PolNeAR texts and windows), :mod:`.model` (the network), :mod:`.training`
(``ontherecord train --family minilm``), :mod:`.infer` (:class:`~.infer.Tagger`), :mod:`.grouping`
(spans into attributions), :mod:`.metrics`, and :mod:`.hints` (``--tagger``: its spans for one text,
a :class:`ontherecord.engine.Refiner`). Usable in fast and accurate mode; it needs the ``accurate``
extra (torch, transformers), and importing this package imports nothing heavy.
"""
