"""The PySpark job: inputs → items → :func:`~.partition.process_partition` → Parquet tables.

Inputs are WARC/WARC.gz and JSONL files (each task streams its own file with the corpus
readers: :func:`ontherecord.corpus.ingest.iter_source_items`, which extracts the article
from each HTML response of a WARC), or Parquet with a ``text`` (or ``html``) column plus
optional metadata columns. The engine runs in ``mapPartitions`` (fast or accurate mode, see
:class:`JobOptions`); its rows are persisted once and written as four tables under OUTPUT:
``articles``, ``quotes`` and ``speakers`` (partitioned by ``outlet`` and ``month``) and ``errors``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from ..config import DEFAULT_MODEL, EngineConfig
from ..corpus.fetch import WARC_SUFFIXES
from ..corpus.ingest import iter_source_items
from ..corpus.items import SourceItem
from ..engine import CONTENT_STYLES, MODES
from ..model import METADATA_FIELDS, ArticleInput, ItemError
from .partition import process_partition
from .rows import TABLES, TableRow

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
FORMAT_SUFFIXES = {"warc": WARC_SUFFIXES, "jsonl": JSONL_SUFFIXES, "parquet": PARQUET_SUFFIXES}
INPUT_FORMATS = ("auto", *FORMAT_SUFFIXES)
PARQUET_COLUMNS = (*METADATA_FIELDS, "text", "html", "language")
TASKS_PER_CORE = 4  # more, smaller tasks even out articles of very different lengths


class JobSetupError(ValueError):
    """The job cannot start (no input files, unknown format, output exists...); the message says why."""


@dataclass
class JobOptions:
    inputs: list[str]
    output: str
    input_format: str = "auto"
    model: str = DEFAULT_MODEL
    partitions: int | None = None  # engine tasks; default: the input's, at least TASKS_PER_CORE per core
    batch_size: int = 16
    overwrite: bool = False
    mode: str = "fast"
    content_style: str = "clean"
    reranker: str | None = None  # accurate mode's reranker directory, at the same path on every executor
    tagger: str | None = None  # "bundled" or a tagger directory, likewise
    gender_names: bool = False  # name statistics for the sources' genders (the gender extra on every executor)

    @classmethod
    def for_engine(cls, inputs: list[str], output: str, engine: EngineConfig, **options: Any) -> JobOptions:
        return cls(inputs, output, model=engine.model, mode=engine.mode, content_style=engine.content_style,
                   reranker=engine.reranker, tagger=engine.tagger, gender_names=engine.gender_names, **options)

    def engine(self) -> EngineConfig:
        """The engine the executors run (sent to them with the job: their environment is not read)."""
        return EngineConfig(self.model, self.mode, self.content_style, self.reranker, self.tagger, self.gender_names)


@dataclass
class JobSummary:
    output: str
    rows: dict[str, int] = field(default_factory=dict)
    partitions: int = 0
    seconds: float = 0.0


# --- session ---------------------------------------------------------------------------------


def java_problem() -> str | None:
    """Why Spark cannot start here (no Java), or None."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and Path(java_home, "bin", "java").exists():
        return None
    if shutil.which("java"):
        return None
    return "Spark needs Java 17 or newer: install a JDK and set JAVA_HOME (or put java on PATH)"


def spark_session(master: str | None = None, conf: dict[str, str] | None = None, app_name: str = "ontherecord") -> Any:
    """A SparkSession; under spark-submit its settings win, locally ``master`` defaults to local[*]."""
    from pyspark.sql import SparkSession

    # Local workers must be this interpreter (it has ontherecord and the model); under
    # spark-submit (which set the gateway port) or on a cluster, PYSPARK_PYTHON is the user's call.
    if "PYSPARK_GATEWAY_PORT" not in os.environ and (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():  # PySpark warns about pandas 3 while starting; the job uses no pandas
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        return builder.getOrCreate()


# --- the job -----------------------------------------------------------------------------------


def run_job(spark: Any, options: JobOptions) -> JobSummary:
    """Run the engine over the inputs and write the four tables; bad items become error rows."""
    from pyspark import StorageLevel

    from .schemas import PARTITION_COLUMNS, SCHEMAS

    started = time.monotonic()
    input_format = validate(options)
    items = read_items(spark, options.inputs, input_format)
    items = _spread(items, options.partitions, spark.sparkContext.defaultParallelism)
    engine = partial(process_partition, config=options.engine(), batch_size=options.batch_size)
    rows = items.mapPartitions(engine).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table in TABLES:
            frame = spark.createDataFrame(rows.filter(partial(_in_table, table)).map(_row), SCHEMAS[table])
            if table == "errors":
                writer = frame.repartition(1).write
            else:
                writer = frame.repartition(*PARTITION_COLUMNS).write.partitionBy(*PARTITION_COLUMNS)
            writer.mode("overwrite" if options.overwrite else "errorifexists").parquet(_join(options.output, table))
        counts = rows.map(_table).countByValue()
    finally:
        rows.unpersist()
    return JobSummary(
        output=options.output,
        rows={table: int(counts.get(table, 0)) for table in TABLES},
        partitions=items.getNumPartitions(),
        seconds=time.monotonic() - started,
    )


def validate(options: JobOptions) -> str:
    """The input format, after checking what can be checked before Spark starts (JobSetupError if wrong)."""
    if options.input_format not in INPUT_FORMATS:
        raise JobSetupError(f"unknown input format {options.input_format!r} (choose from {', '.join(INPUT_FORMATS)})")
    if options.mode not in MODES:
        raise JobSetupError(f"unknown mode {options.mode!r} (choose from {', '.join(MODES)})")
    if options.content_style not in CONTENT_STYLES:
        raise JobSetupError(f"unknown content style {options.content_style!r} (choose from {', '.join(CONTENT_STYLES)})")
    _check_output(options.output, options.overwrite)
    input_format = detect_format(options.inputs) if options.input_format == "auto" else options.input_format
    local_files_only = input_format != "parquet" and not any(_is_uri(path) for path in options.inputs)
    if local_files_only and not input_files(options.inputs, input_format):
        raise JobSetupError(f"no {input_format} files in {', '.join(options.inputs)}")
    return input_format


def _in_table(table: str, row: TableRow) -> bool:
    return row[0] == table


def _table(row: TableRow) -> str:
    return row[0]


def _row(row: TableRow) -> dict[str, Any]:
    return row[1]


def _spread(items: Any, partitions: int | None, cores: int) -> Any:
    """``partitions`` engine tasks if asked, else the input's, raised to TASKS_PER_CORE per core."""
    if partitions:
        return items.repartition(partitions)
    if items.getNumPartitions() < cores:
        return items.repartition(cores * TASKS_PER_CORE)
    return items


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def _check_output(output: str, overwrite: bool) -> None:
    if _is_uri(output) or overwrite:
        return
    existing = [table for table in TABLES if os.path.exists(os.path.join(output, table))]
    if existing:
        raise JobSetupError(f"{output} already holds {', '.join(existing)} (pass --overwrite to replace)")


# --- inputs ------------------------------------------------------------------------------------


def read_items(spark: Any, inputs: list[str], input_format: str) -> Any:
    """An RDD of input items (records, item errors, skipped items) of one format (see :func:`validate`)."""
    if input_format == "parquet":
        return _parquet_items(spark, inputs)
    local = [path for path in inputs if not _is_uri(path)]
    remote = [path for path in inputs if _is_uri(path)]
    context = spark.sparkContext
    parts = []
    files = input_files(local, input_format)
    if files:
        parts.append(context.parallelize(files, len(files)).flatMap(_items_of_file))
    if remote:
        wanted = partial(_has_suffix, FORMAT_SUFFIXES[input_format])
        parts.append(context.binaryFiles(",".join(remote)).filter(wanted).flatMap(_items_of_bytes))
    if not parts:
        raise JobSetupError(f"no {input_format} files in {', '.join(inputs)}")
    return parts[0] if len(parts) == 1 else context.union(parts)


def detect_format(inputs: list[str]) -> str:
    """``warc``, ``jsonl`` or ``parquet``, from the file names (directories are looked into)."""
    names = [path for path in inputs if _is_uri(path)] + input_files([p for p in inputs if not _is_uri(p)], None)
    found = {fmt for name in names for fmt, suffixes in FORMAT_SUFFIXES.items() if name.lower().endswith(suffixes)}
    if len(found) == 1:
        return found.pop()
    if not found:
        raise JobSetupError(f"no .warc(.gz), .jsonl(.gz) or .parquet files in {', '.join(inputs)}: "
                            "give --input-format for other names")
    raise JobSetupError(f"inputs mix formats ({', '.join(sorted(found))}): run one job per format")


def input_files(paths: list[str], input_format: str | None) -> list[str]:
    """The files of one format (any known one for None) under local paths, directories walked in order."""
    suffixes = FORMAT_SUFFIXES[input_format] if input_format else sum(FORMAT_SUFFIXES.values(), ())
    files: list[str] = []
    for path in paths:
        if not os.path.exists(path):
            raise JobSetupError(f"no such file or directory: {path}")
        if os.path.isfile(path):
            if not path.lower().endswith(suffixes):
                raise JobSetupError(f"{path}: the name must end in {', '.join(suffixes)} (the readers go by it)")
            files.append(os.path.abspath(path))
            continue
        for root, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            files.extend(
                os.path.abspath(os.path.join(root, name))
                for name in sorted(filenames)
                if not name.startswith((".", "_")) and name.lower().endswith(suffixes)
            )
    return files


def _is_uri(path: str) -> bool:
    return "://" in path


def _has_suffix(suffixes: tuple[str, ...], pair: tuple[str, bytes]) -> bool:
    return pair[0].lower().endswith(suffixes)


def _items_of_file(path: str) -> Iterator[SourceItem]:
    return iter_source_items([path])


def _items_of_bytes(pair: tuple[str, bytes]) -> Iterator[SourceItem]:
    """Items of a file Spark read from HDFS, S3...: the readers stream it from local scratch."""
    uri, data = pair
    suffix = "".join(Path(uri).suffixes[-2:])
    with tempfile.TemporaryDirectory() as scratch:
        local = os.path.join(scratch, "input" + suffix)
        with open(local, "wb") as handle:
            handle.write(data)
        for item in iter_source_items([local]):
            yield _relabelled(item, local, uri)


def _relabelled(item: SourceItem, local: str, uri: str) -> SourceItem:
    """``item`` with the scratch path in its labels replaced by the file's real URI."""
    if isinstance(item, dict):
        return {key: value.replace(local, uri) if key in ("id", "source") and isinstance(value, str) else value
                for key, value in item.items()}
    if isinstance(item, ArticleInput):
        return replace(item, id=item.id and item.id.replace(local, uri), source=item.source and item.source.replace(local, uri))
    if isinstance(item, ItemError):
        return ItemError(item.source.replace(local, uri), item.message)
    item.source = item.source.replace(local, uri)
    return item


def _parquet_items(spark: Any, inputs: list[str]) -> Any:
    from pyspark.sql import functions as F

    frame = spark.read.parquet(*inputs)
    present = [column for column in PARQUET_COLUMNS if column in frame.columns]
    if "text" not in present and "html" not in present:
        raise JobSetupError(f"Parquet input needs a 'text' or 'html' column (it has: {', '.join(frame.columns)})")
    columns = [F.col(column).cast("string").alias(column) for column in present]
    return frame.select(*columns, F.input_file_name().alias("file")).rdd.map(_parquet_record)


def _parquet_record(row: Any) -> dict[str, Any]:
    record = row.asDict()
    file = record.pop("file")
    record["source"] = f"{file}#{record['id']}" if record.get("id") else file
    return record
