"""Built-in evaluation: gold loaders, the project-wide scoring convention, reports.

See :mod:`ontherecord.evaluation.scoring` for the exact scoring rules and
:mod:`ontherecord.evaluation.gold` for how the seed gold and PolNeAR are read.
"""

from .gold import GoldArticle, GoldCorpus, GoldFormatError, GoldQuote, load_gold, load_polnear, load_seed, shared_dir
from .run import pair_with_predictions, predictions_from_engine, read_prediction_file
from .scoring import (
    CorpusScore,
    PRCounts,
    Scores,
    names_share_content_word,
    person_names_match,
    score_article,
    score_corpus,
)

__all__ = [
    "CorpusScore",
    "GoldArticle",
    "GoldCorpus",
    "GoldFormatError",
    "GoldQuote",
    "PRCounts",
    "Scores",
    "load_gold",
    "load_polnear",
    "load_seed",
    "names_share_content_word",
    "pair_with_predictions",
    "person_names_match",
    "predictions_from_engine",
    "read_prediction_file",
    "score_article",
    "score_corpus",
    "shared_dir",
]
