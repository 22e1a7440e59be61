"""ontherecord: who said what, how, and on what authority, for every statement a news story attributes."""

from importlib.metadata import version as _installed_version

from .model import Article, Figure, ItemError, Quote, Span, Speaker, SpeakerRef
from .pipeline import DEFAULT_MODEL, extract, extract_many, load_pipeline

__all__ = [
    "Article",
    "Corpus",
    "DEFAULT_MODEL",
    "Figure",
    "ItemError",
    "Quote",
    "Span",
    "Speaker",
    "SpeakerRef",
    "extract",
    "extract_many",
    "load_pipeline",
]
__version__ = _installed_version("ontherecord")  # the one version, pyproject.toml's


def __getattr__(name: str):
    # The corpus store is imported on first use: extraction alone never needs it.
    if name == "Corpus":
        from .corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'ontherecord' has no attribute {name!r}")
