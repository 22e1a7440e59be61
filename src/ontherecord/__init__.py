"""ontherecord: who said what, how, and on what authority, for every statement a news story attributes."""

from .model import Article, Figure, ItemError, Quote, Span, Speaker, SpeakerRef
from .pipeline import DEFAULT_MODEL, extract, extract_many, load_pipeline

__all__ = [
    "Article",
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
__version__ = "0.1.0"
