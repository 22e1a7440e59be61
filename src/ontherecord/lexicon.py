"""Word lists the engine reads from ``ontherecord/data/*.txt`` (cue verbs, titles, source nouns)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .names import SPLIT_TITLES
from .wordlists import data_lines


@dataclass(frozen=True)
class CueVerb:
    lemma: str
    speech: bool  # can introduce direct quotes
    cognition: bool  # belief/intention: indirect content only
    object_content: bool  # "denied the report": the direct object is the content
    document: bool  # typical of documents and data: "the report shows"
    listener_object: bool  # "told Newsweek": the object is the listener (channel)
    naming: bool = False  # "called it “a fantasy”": the object predicate is the content


@dataclass(frozen=True)
class Lexicon:
    cue_verbs: dict[str, CueVerb]
    cue_phrases: tuple[tuple[str, ...], ...]
    titles: frozenset[str]
    anonymous_heads: frozenset[str]
    group_heads: frozenset[str]
    document_heads: frozenset[str]
    person_nouns: frozenset[str]
    channel_nouns: frozenset[str]
    organization_heads: frozenset[str]
    not_speaker_labels: frozenset[str]


def _parse_cue_verbs(lines: list[str]) -> dict[str, CueVerb]:
    flags_by_lemma: dict[str, set[str]] = {}
    for line in lines:
        lemma, _, flags = line.partition("\t")
        flags_by_lemma.setdefault(lemma.strip().lower(), set()).update(flags.strip())
    return {
        lemma: CueVerb(
            lemma=lemma,
            speech="s" in flags,
            cognition="c" in flags,
            object_content="o" in flags,
            document="d" in flags,
            listener_object="t" in flags,
            naming="n" in flags,
        )
        for lemma, flags in flags_by_lemma.items()
    }


# A verb learned from PolNeAR train becomes a cue when it is a cue this often, this many times.
LEARNED_MIN_RATE = 0.3
LEARNED_MIN_COUNT = 3
LEARNED_FLAGS = "co"  # learned cues take indirect content (clause or object), never bare direct quotes


def _learned_cue_lines(lines: list[str]) -> list[str]:
    learned = []
    for line in lines:
        lemma, cue_count, _total, rate = line.split("\t")
        if int(cue_count) >= LEARNED_MIN_COUNT and float(rate) >= LEARNED_MIN_RATE:
            learned.append(f"{lemma}\t{LEARNED_FLAGS}")
    return learned


def _combined_cue_verbs() -> dict[str, CueVerb]:
    hand_written = _parse_cue_verbs(data_lines("cue_verbs.txt"))
    learned = _parse_cue_verbs(_learned_cue_lines(data_lines("cue_verbs_learned.tsv")))
    return {**learned, **hand_written}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(
        cue_verbs=_combined_cue_verbs(),
        cue_phrases=tuple(tuple(p.lower().split()) for p in data_lines("cue_phrases.txt")),
        titles=SPLIT_TITLES,
        anonymous_heads=frozenset(data_lines("anonymous_heads.txt")),
        group_heads=frozenset(data_lines("group_heads.txt")),
        document_heads=frozenset(data_lines("document_heads.txt")),
        person_nouns=frozenset(data_lines("person_nouns.txt")),
        channel_nouns=frozenset(data_lines("channel_nouns.txt")),
        organization_heads=frozenset(data_lines("organization_heads.txt")),
        not_speaker_labels=frozenset(data_lines("not_speaker_labels.txt")),
    )
