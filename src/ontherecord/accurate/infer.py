"""Accurate-mode inference: a trained tagger turns article text into :class:`~ontherecord.model.Quote` records.

``AccurateTagger.load(path)`` only records where the model is; the weights are read on the
first call. A model directory holds ``config.json`` and the tokenizer files plus either
``quantized.pt`` (int8 linear layers, fp16 embeddings; see :func:`export_quantized`) or
the full-precision ``model.safetensors`` written by training.
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import Article, Quote, Span, Speaker, SpeakerRef
from .data import Fragment
from .grouping import PredictedAttribution, group_spans

QUANTIZED_WEIGHTS = "quantized.pt"
_QUOTE_MARKS = "\"“”«»"
_PRONOUN_KINDS = {"he": "person", "she": "person", "him": "person", "her": "person"}


class AccurateTagger:
    """A trained PolNeAR tagger; thread-safe lazy loading, CPU inference."""

    def __init__(
        self, path: str | Path, max_length: int = 256, stride: int | None = None, batch_size: int = 16
    ) -> None:
        self.path = Path(path)
        self.max_length = max_length
        self.stride = stride
        self.batch_size = batch_size
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: str | Path, **options: Any) -> "AccurateTagger":
        path = Path(path)
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"{path} is not an accurate-mode model directory (no config.json)")
        settings = path / "ontherecord_accurate.json"
        if settings.is_file() and "max_length" not in options:
            options["max_length"] = json.loads(settings.read_text()).get("max_length", 256)
        return cls(path, **options)

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _ensure_loaded(self) -> None:
        with self._lock:
            if self._model is None:
                self._model, self._tokenizer = load_weights(self.path)

    # -- tagging ---------------------------------------------------------------------

    def tag(self, texts: Sequence[str]) -> list[Any]:
        """Wordpiece-level tags (:class:`~ontherecord.accurate.model.TaggedText`) per text."""
        self._ensure_loaded()
        from .model import predict_texts

        return predict_texts(self._model, self._tokenizer, list(texts), self.max_length, self.stride, self.batch_size)

    def spans(self, texts: Sequence[str]) -> list[list[Fragment]]:
        return [tagged.spans() for tagged in self.tag(texts)]

    def quotes(self, text: str) -> list[Quote]:
        return self.quotes_many([text])[0]

    def quotes_many(self, texts: Sequence[str]) -> list[list[Quote]]:
        results = []
        for text, tagged in zip(texts, self.tag(texts)):
            spans, confidence = trimmed_spans(text, tagged)
            results.append(quotes_from_attributions(text, group_spans(text, spans), confidence))
        return results

    def extract(self, text: str, **metadata: Any) -> Article:
        """An :class:`Article` with the tagger's quotes and one speaker per distinct source text."""
        quotes = self.quotes(text)
        fields = {k: metadata.get(k) for k in ("id", "title", "url", "outlet", "author", "published")}
        return Article(text=text, quotes=quotes, speakers=speakers_of(quotes), **fields)


class AccurateModeUnavailable(ImportError):
    """The accurate extra (torch, transformers) is not installed."""


def require_extra() -> None:
    """Raise :class:`AccurateModeUnavailable` with an install hint when torch/transformers are missing."""
    missing = []
    for module in ("torch", "transformers"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise AccurateModeUnavailable(
            f"the MiniLM tagger needs {', '.join(missing)}: pip install 'ontherecord[accurate]' "
            "(torch==2.13.0 CPU build, transformers); the rules and accurate mode's reranker work without them"
        )


def load_weights(path: Path) -> tuple[Any, Any]:
    """Model and tokenizer from ``path`` (quantized weights preferred)."""
    require_extra()
    import torch
    from transformers import AutoConfig, AutoModelForTokenClassification

    from .model import load_tokenizer

    tokenizer = load_tokenizer(path)
    quantized = path / QUANTIZED_WEIGHTS
    if not quantized.is_file():  # full weights, stored in fp32 or fp16; always computed in fp32 on CPU
        model = AutoModelForTokenClassification.from_pretrained(str(path), local_files_only=True, dtype=torch.float32)
        return model.float().eval(), tokenizer
    config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    model = _quantize(AutoModelForTokenClassification.from_config(config).eval())
    state = torch.load(quantized, map_location="cpu", weights_only=True)  # tensors only: a --tagger DIR runs no code
    for key, value in state.items():  # in place: the state dict's _metadata (module versions) must survive
        if torch.is_tensor(value) and value.dtype == torch.float16:
            state[key] = value.float()
    model.load_state_dict(state)
    return model.eval(), tokenizer


def _quantize(model: Any) -> Any:
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch flags its eager int8 API as deprecated; it still works
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def export_quantized(model_dir: str | Path, out_dir: str | Path) -> Path:
    """Write an int8 (linear layers) + fp16 (embeddings, norms) copy of a trained model; return its weights file."""
    import torch
    from transformers import AutoModelForTokenClassification

    from .model import load_tokenizer

    model_dir, out_dir = Path(model_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = AutoModelForTokenClassification.from_pretrained(str(model_dir), local_files_only=True).eval()
    quantized = _quantize(model)
    state = quantized.state_dict()
    for key, value in state.items():  # in place: keep the state dict's _metadata (module versions)
        if torch.is_tensor(value) and value.dtype == torch.float32:
            state[key] = value.half()
    torch.save(state, out_dir / QUANTIZED_WEIGHTS)
    model.config.save_pretrained(str(out_dir))
    load_tokenizer(model_dir).save_pretrained(str(out_dir))
    for extra in model_dir.glob("ontherecord_*.json"):
        (out_dir / extra.name).write_text(extra.read_text())
    return out_dir / QUANTIZED_WEIGHTS


def export_half(model_dir: str | Path, out_dir: str | Path) -> Path:
    """Write an fp16 copy of a trained model (half the size, same predictions up to rounding); return its weights file.

    Unlike :func:`export_quantized` this keeps the model's accuracy: it is loaded back as fp32.
    """
    import torch
    from transformers import AutoModelForTokenClassification

    from .model import load_tokenizer

    model_dir, out_dir = Path(model_dir), Path(out_dir)
    model = AutoModelForTokenClassification.from_pretrained(str(model_dir), local_files_only=True, dtype=torch.float32)
    model.half().save_pretrained(str(out_dir))
    load_tokenizer(model_dir).save_pretrained(str(out_dir))
    for extra in model_dir.glob("ontherecord_*.json"):
        (out_dir / extra.name).write_text(extra.read_text())
    return out_dir / "model.safetensors"


# -- from spans to Quote records -----------------------------------------------------------


def trimmed(text: str, span: Fragment) -> Fragment | None:
    """The span without surrounding whitespace (None if nothing is left)."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Fragment(span.role, start, end) if start < end else None


def trimmed_spans(text: str, tagged: Any) -> tuple[list[Fragment], dict[tuple[int, int], float]]:
    """The tagged spans without surrounding whitespace, and their confidences keyed by the trimmed offsets."""
    untrimmed_confidence = span_confidence(tagged)
    spans, confidence = [], {}
    for span in tagged.spans():
        kept = trimmed(text, span)
        if kept is not None:
            spans.append(kept)
            confidence[(kept.start, kept.end)] = untrimmed_confidence.get((span.start, span.end), 0.0)
    return spans, confidence


def span_confidence(tagged: Any) -> dict[tuple[int, int], float]:
    """Mean tag probability of the wordpieces inside each predicted span, keyed by (start, end)."""
    result: dict[tuple[int, int], float] = {}
    spans = tagged.spans()
    if not tagged.confidences:
        return result
    index = 0
    for span in spans:
        values = []
        while index < len(tagged.offsets) and tagged.offsets[index][1] <= span.start:
            index += 1
        probe = index
        while probe < len(tagged.offsets) and tagged.offsets[probe][0] < span.end:
            values.append(tagged.confidences[probe])
            probe += 1
        result[(span.start, span.end)] = sum(values) / len(values) if values else 0.0
    return result


def quote_type(text: str, pieces: Sequence[tuple[int, int]]) -> str:
    """direct when every piece sits inside quotation marks, mixed when some text is quoted, else indirect."""
    quoted = [_is_quoted(text, start, end) for start, end in pieces]
    if all(quoted):
        return "direct"
    if any(quoted) or any(any(mark in text[s:e] for mark in _QUOTE_MARKS) for s, e in pieces):
        return "mixed"
    return "indirect"


def _is_quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start].strip()
    after = text[end : end + 3].lstrip()
    inner = text[start:end]
    opens = (before[-1:] in _QUOTE_MARKS) or (inner[:1] in _QUOTE_MARKS)
    closes = (after[:1] in _QUOTE_MARKS) or (inner.rstrip(".,!?")[-1:] in _QUOTE_MARKS) or after[:2][-1:] in _QUOTE_MARKS
    return opens and closes


@lru_cache(maxsize=1)
def _head_kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for kind, name in (
        ("anonymous", "anonymous_heads.txt"),
        ("group", "group_heads.txt"),
        ("organization", "organization_heads.txt"),
        ("document", "document_heads.txt"),
    ):
        try:
            lines = resources.files("ontherecord.data").joinpath(name).read_text(encoding="utf-8").splitlines()
        except (FileNotFoundError, ModuleNotFoundError):
            continue
        for line in lines:
            word = line.strip().lower()
            if word and not word.startswith("#"):
                kinds.setdefault(word, kind)
    return kinds


def speaker_kind(mention: str) -> str:
    """A kind only when it is obvious from the words: a he/she pronoun or a listed head noun."""
    words = re.findall(r"[A-Za-z]+", mention.lower())
    if not words:
        return "unknown"
    if len(words) == 1 and words[0] in _PRONOUN_KINDS:
        return _PRONOUN_KINDS[words[0]]
    head = words[-1]
    kinds = _head_kinds()
    return kinds.get(head) or kinds.get(head.rstrip("s")) or "unknown"


def quotes_from_attributions(
    text: str, attributions: Sequence[PredictedAttribution], confidence: dict[tuple[int, int], float] | None = None
) -> list[Quote]:
    confidence = confidence or {}
    quotes: list[Quote] = []
    speaker_ids: dict[str, str] = {}
    for number, attribution in enumerate(attributions, start=1):
        pieces = sorted((c.start, c.end) for c in attribution.contents)
        start, end = pieces[0][0], pieces[-1][1]
        cue = Span.of(text, attribution.cue.start, attribution.cue.end) if attribution.cue else None
        speaker = None
        if attribution.source is not None:
            mention = Span.of(text, attribution.source.start, attribution.source.end)
            key = mention.text.casefold()
            speaker_id = speaker_ids.setdefault(key, f"s{len(speaker_ids) + 1}")
            speaker = SpeakerRef(id=speaker_id, name=mention.text, kind=speaker_kind(mention.text), mention=mention)
        scores = [confidence.get(p, 0.0) for p in pieces]
        quotes.append(
            Quote(
                id=f"q{number}",
                type=quote_type(text, pieces),
                text=text[start:end],
                start=start,
                end=end,
                pieces=pieces,
                cue=cue,
                speaker=speaker,
                confidence=round(sum(scores) / len(scores), 4) if scores else 0.0,
            )
        )
    return quotes


def speakers_of(quotes: Sequence[Quote]) -> list[Speaker]:
    speakers: dict[str, Speaker] = {}
    for quote in quotes:
        ref = quote.speaker
        if ref is None:
            continue
        speaker = speakers.setdefault(ref.id, Speaker(id=ref.id, name=ref.name, kind=ref.kind))
        if ref.mention is not None:
            speaker.mentions.append(ref.mention)
        speaker.quotes.append(quote.id)
    return list(speakers.values())
