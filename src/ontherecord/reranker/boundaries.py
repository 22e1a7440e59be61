"""Accurate mode: a learned model of where a cue's content starts and where it ends.

The hand-made boundary variants (:mod:`~ontherecord.reranker.candidates`) reach a gold content
exactly only when the parse cuts the sentence where the annotators did. This model scores every
word after a cue as the first word of its content, and every word up to the sentence end as the
last, from the parse around it (how the word hangs from the cue, what stands before and after
it). The best starts and ends give the reranker new candidates, and every candidate gets the
model's opinion of its boundaries as a feature.

Start and end are scored apart (a start model and an end model sharing one hashed weight vector,
their features kept apart by prefix), so a cue costs one pass over its sentence, not one per pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..engine import CueMatch, TextView, load_lexicon, sentence_bounds
from .linear import LinearModel
from .tokens import cue_lemma, has_letters, neighbour, word_class

START_WINDOW = 10  # content starts within this many words after its cue
MAX_CONTENT_WORDS = 80


@dataclass
class Boundaries:
    """One cue's scored starts and ends (token index -> probability), over the words after it in its sentence."""

    starts: dict[int, float]
    ends: dict[int, float]

    def opinion(self, first: int, last: int) -> "Opinion | None":
        """What the model thinks of content from word ``first`` to word ``last`` (None: outside the scored words)."""
        if first not in self.starts or last not in self.ends or last < first:
            return None
        start_rank = sum(p > self.starts[first] for p in self.starts.values())
        end_rank = sum(p > self.ends[last] for i, p in self.ends.items() if i >= first)
        return Opinion(self.starts[first], self.ends[last], start_rank, end_rank)

    def best_spans(self, starts: int, ends: int) -> list[tuple[int, int]]:
        """The ``starts`` likeliest starts, each with its ``ends`` likeliest ends after it."""
        spans = []
        for first in sorted(self.starts, key=self.starts.get, reverse=True)[:starts]:
            after = [i for i in self.ends if i >= first]
            spans += [(first, last) for last in sorted(after, key=self.ends.get, reverse=True)[:ends]]
        return spans


@dataclass(frozen=True)
class Opinion:
    start: float  # probability that the content starts on its first word
    end: float  # ... and ends on its last
    start_rank: int  # 0: the likeliest start of its cue
    end_rank: int  # 0: the likeliest end after that start


def scoring_window(view: TextView, cue: CueMatch) -> tuple[list[Token], list[Token]]:
    """The words a content may start on and end on: after the cue, in its sentence."""
    doc = view.doc
    anchor = view.token_index(cue.cue_end)
    if doc[anchor].idx < cue.cue_end:
        anchor += 1
    sentence_end = sentence_bounds(doc, cue.verb.i)[1]
    words = [t for t in doc[anchor : min(sentence_end, anchor + MAX_CONTENT_WORDS)] if has_letters(t)]
    return words[:START_WINDOW], words


def _word_class(token: Token | None) -> str:
    return word_class(token, "EDGE")


def _edges(verb: Token) -> tuple[dict[int, str], dict[int, str]]:
    """Left and right subtree edges of the cue's dependents and their dependents, named by relation."""
    left: dict[int, str] = {}
    right: dict[int, str] = {}
    for child in verb.children:
        if child.i < verb.i:
            continue
        left.setdefault(child.left_edge.i, child.dep_)
        right.setdefault(child.right_edge.i, child.dep_)
        for grandchild in child.children:
            left.setdefault(grandchild.left_edge.i, f"{child.dep_}>{grandchild.dep_}")
            right.setdefault(grandchild.right_edge.i, f"{child.dep_}>{grandchild.dep_}")
    return left, right


@dataclass(frozen=True)
class _CueReading:
    """What every word of a cue's window is scored against: read once per cue."""

    verb: Token
    lemma: str
    listed: str  # "listed" | "unlisted"
    left: dict[int, str]  # :func:`_edges`
    right: dict[int, str]


def start_features(view: TextView, cue: _CueReading, token: Token, rank: int) -> list[str]:
    lemma, listed = cue.lemma, cue.listed
    previous = neighbour(view, token.i, -1)
    word, before = _word_class(token), _word_class(previous)
    edge = cue.left.get(token.i, "none")
    attach = token.dep_ if token.head.i == cue.verb.i else ("grand" if token.head.head.i == cue.verb.i else "far")
    return [
        "s|bias",
        f"s|rank={rank}",
        f"s|word={word}",
        f"s|dep={token.dep_}",
        f"s|before={before}",
        f"s|before*word={before}|{word}",
        f"s|edge={edge}",
        f"s|edge*word={edge}|{word}",
        f"s|attach={attach}",
        f"s|rank*edge={rank}|{edge}",
        f"s|lemma*edge={lemma}|{edge}",
        f"s|lemma*word={lemma}|{word}",
        f"s|lemma*rank={lemma}|{rank}",
        f"s|listed*edge={listed}|{edge}",
        f"s|quoted={token.is_quote or (previous is not None and previous.is_quote)}",
    ]


def end_features(view: TextView, cue: _CueReading, token: Token, distance: int, last: bool) -> list[str]:
    lemma = cue.lemma
    after = neighbour(view, token.i, 1)
    after2 = neighbour(view, after.i, 1) if after is not None else None
    edge = cue.right.get(token.i, "none")
    following = "END" if after is None else (after.text if after.is_punct else _word_class(after))
    bucket = next((f"<={limit}" for limit in (1, 2, 3, 5, 8, 12, 20, 30, 45) if distance <= limit), ">45")
    return [
        "e|bias",
        f"e|next={following}",
        f"e|next*next2={following}|{_word_class(after2)}",
        f"e|word={_word_class(token)}",
        f"e|dep={token.dep_}",
        f"e|edge={edge}",
        f"e|edge*next={edge}|{following}",
        f"e|lemma*edge={lemma}|{edge}",
        f"e|last={last}",
        f"e|last*edge={last}|{edge}",
        f"e|distance={bucket}",
        f"e|distance*edge={bucket}|{edge}",
        f"e|head_side={'left' if token.head.i < token.i else ('self' if token.head.i == token.i else 'right')}",
    ]


def window_features(view: TextView, cue: CueMatch) -> tuple[list[tuple[Token, list[str]]], list[tuple[Token, list[str]]]]:
    """Every start word and every end word of a cue's window, with its features."""
    starts, words = scoring_window(view, cue)
    lemma = cue_lemma(cue)
    listed = "listed" if lemma in load_lexicon().cue_verbs else "unlisted"
    reading = _CueReading(cue.verb, lemma, listed, *_edges(cue.verb))
    start_rows = [(t, start_features(view, reading, t, rank)) for rank, t in enumerate(starts)]
    end_rows = [(t, end_features(view, reading, t, rank, t is words[-1])) for rank, t in enumerate(words)]
    return start_rows, end_rows


def boundaries(view: TextView, cue: CueMatch, model: LinearModel) -> Boundaries:
    start_rows, end_rows = window_features(view, cue)
    probabilities = model.probabilities([features for _, features in start_rows + end_rows])
    starts = {t.i: p for (t, _), p in zip(start_rows, probabilities)}
    ends = {t.i: p for (t, _), p in zip(end_rows, probabilities[len(start_rows) :])}
    return Boundaries(starts, ends)
