"""Word shingles and their MinHash signatures, shared by quote clusters and article copies.

Text is compared as its normalised words (:func:`words`: folded to lower case without accents,
punctuation dropped), so two wordings that differ only in punctuation and case are the same.
A signature is stored as hex (``uint32`` little-endian values), and the in-memory LSH index of
a pass is built again from the stored signatures, never from the texts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..names import fold
from ..wordlists import data_lines

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SEED = 1
SCHEME = "affine32"  # 32-bit values: what the stored hex holds


@cache
def settings() -> dict[str, float]:
    """``data/clusters.tsv``: name → value."""
    pairs = (line.split("\t") for line in data_lines("clusters.tsv"))
    return {name.strip(): float(value) for name, value in pairs}


def setting(name: str) -> float:
    return settings()[name]


def words(text: str) -> list[str]:
    """The folded words of ``text`` ("Don't" and "don’t" are the same word)."""
    return [word.replace("’", "'") for word in WORD.findall(fold(text))]


def normalized(text: str) -> str:
    return " ".join(words(text))


def text_key(normal: str) -> str:
    """A short key for an exact lookup of a normalised text (an index on the text itself would be too long)."""
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


def shingles(tokens: list[str], size: int) -> set[str]:
    """The runs of ``size`` words (the whole text when it is shorter)."""
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


@cache
def _permutations(permutations: int) -> tuple:
    return MinHash(num_perm=permutations, seed=SEED, scheme=SCHEME).permutations


def signature(items: Iterable[str], permutations: int) -> MinHash:
    found = MinHash(num_perm=permutations, seed=SEED, permutations=_permutations(permutations), scheme=SCHEME)
    found.update_batch([item.encode("utf-8") for item in items])
    return found


def to_hex(minhash: MinHash) -> str:
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes().hex()


def from_hex(text: str, permutations: int) -> MinHash:
    values = np.frombuffer(bytes.fromhex(text), dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=permutations, seed=SEED, hashvalues=values, permutations=_permutations(permutations), scheme=SCHEME)


def lsh_index(threshold: float, permutations: int) -> MinHashLSH:
    return MinHashLSH(threshold=threshold, num_perm=permutations)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(part: set[str], whole: set[str]) -> float:
    """The share of ``part`` found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0
