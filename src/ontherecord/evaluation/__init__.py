"""Built-in evaluation: gold loaders, the project-wide scoring convention, reports.

See :mod:`ontherecord.evaluation.scoring` for the exact scoring rules,
:mod:`ontherecord.evaluation.speaker_match` for when speakers match and
:mod:`ontherecord.evaluation.gold` for how the seed gold and PolNeAR are read.
"""

from .gold import GoldArticle, GoldCorpus, GoldFormatError, GoldQuote, load_gold, load_polnear, load_seed, shared_dir
from .run import pair_with_predictions, predictions_from_engine, read_prediction_file
from .scores import CorpusScore, PRCounts, Scores
from .scoring import score_article, score_corpus
from .speaker_match import names_share_content_word, seed_speaker_matches

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
    "seed_speaker_matches",
    "predictions_from_engine",
    "read_prediction_file",
    "score_article",
    "score_corpus",
    "shared_dir",
]
