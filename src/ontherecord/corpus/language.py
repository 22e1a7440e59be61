"""A cheap English check: declared language first, else the share of common English words.

No model is downloaded: in English news 16-45% of the words are these function words
("the", "of", "and", "said"...; the 2,225 BBC articles score 16% at the lowest); German or
French text scores under 5%. Below 8% over at least 30 words counts as not English.
"""

from __future__ import annotations

import re

ENGLISH_FUNCTION_WORDS = frozenset(
    """a about after all also an and are as at be been but by can could for from had has have he her
    his i if in into is it its last more most new not of on one or our out over said says she so than
    that the their there they this to two up was we were when which who will with would you""".split()
)
MIN_WORDS_TO_JUDGE = 30
MIN_ENGLISH_SHARE = 0.08
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def english_share(text: str, max_words: int = 2000) -> tuple[float, int]:
    """(share of English function words, words looked at) over the first ``max_words`` words."""
    words = [match.group(0).lower() for match in _WORD.finditer(text[: max_words * 12])][:max_words]
    if not words:
        return 0.0, 0
    return sum(word in ENGLISH_FUNCTION_WORDS for word in words) / len(words), len(words)


def non_english_reason(text: str, declared: str | None = None) -> str | None:
    """Why the article is not English, or None if it is (or is too short to tell)."""
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if code and code != "en":
            return f"not English (declared language: {declared})"
        if code == "en":
            return None
    share, count = english_share(text)
    if count >= MIN_WORDS_TO_JUDGE and share < MIN_ENGLISH_SHARE:
        return f"not English ({share:.0%} English function words)"
    return None
