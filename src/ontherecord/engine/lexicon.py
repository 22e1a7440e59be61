"""Word lists the engine reads from ``ontherecord/data/*.txt`` (cue verbs, titles, source nouns)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..names import SPLIT_TITLES
from ..wordlists import data_lines


@dataclass(frozen=True)
class CueVerb:
    lemma: str
    speech: bool  # can introduce direct quotes
    cognition: bool  # belief/intention: indirect content only
    object_content: bool  # "denied the report": the direct object is the content
    document: bool  # typical of documents and data: "the report shows"
    listener_object: bool  # "told Newsweek": the object is the listener (channel)
    naming: bool = False  # "called it “a fantasy”": the object predicate is the content
    verb_class: str = "communication"  # communication | stance | publication | action-ambiguous | clause-only


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
    source_kinds: dict[str, frozenset[str]]  # verb class -> the source kinds it accepts
    source_suffixes: tuple[str, ...]  # agentive noun endings: "protester", "columnist"
    source_nouns: dict[str, str]  # other nouns that can be a source, and their kind
    quantity_heads: frozenset[str]  # "57 percent of voters": the source is the "of" phrase


def _parse_cue_verbs(lines: list[str], classes: dict[str, str], default_class: str | None = None) -> dict[str, CueVerb]:
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
            verb_class=classes.get(lemma) or default_class or _class_from_flags(flags),
        )
        for lemma, flags in flags_by_lemma.items()
    }


def _class_from_flags(flags: set[str]) -> str:
    if "s" in flags:
        return "communication"
    if "c" in flags:
        return "stance"
    return "publication"


def _cue_sources(lines: list[str]) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """``cue_sources.tsv``: verb -> class, and class -> the source kinds it accepts."""
    classes: dict[str, str] = {}
    kinds: dict[str, frozenset[str]] = {}
    for line in lines:
        key, _, value = line.partition("\t")
        if key.startswith("@"):
            kinds[key[1:].strip()] = frozenset(value.split())
        else:
            classes[key.strip().lower()] = value.strip()
    return classes, kinds


# A verb learned from PolNeAR train becomes a cue when it is a cue this often, this many times.
LEARNED_MIN_RATE = 0.3
LEARNED_MIN_COUNT = 3
LEARNED_FLAGS = "co"  # learned cues take indirect content (clause or object), never bare direct quotes
LEARNED_CLASS = "communication"  # unless cue_sources.tsv says otherwise: "mention", "clarify", "reference"


def _learned_cue_lines(lines: list[str]) -> list[str]:
    learned = []
    for line in lines:
        lemma, cue_count, _total, rate = line.split("\t")
        if int(cue_count) >= LEARNED_MIN_COUNT and float(rate) >= LEARNED_MIN_RATE:
            learned.append(f"{lemma}\t{LEARNED_FLAGS}")
    return learned


def _combined_cue_verbs(classes: dict[str, str]) -> dict[str, CueVerb]:
    hand_written = _parse_cue_verbs(data_lines("cue_verbs.txt"), classes)
    learned_lines = _learned_cue_lines(data_lines("cue_verbs_learned.tsv"))
    learned = _parse_cue_verbs(learned_lines, classes, default_class=LEARNED_CLASS)
    return {**learned, **hand_written}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    classes, source_kinds = _cue_sources(data_lines("cue_sources.tsv"))
    return Lexicon(
        cue_verbs=_combined_cue_verbs(classes),
        cue_phrases=tuple(tuple(p.lower().split()) for p in data_lines("cue_phrases.txt")),
        titles=SPLIT_TITLES,
        anonymous_heads=frozenset(data_lines("anonymous_heads.txt")),
        group_heads=frozenset(data_lines("group_heads.txt")),
        document_heads=frozenset(data_lines("document_heads.txt")),
        person_nouns=frozenset(data_lines("person_nouns.txt")),
        channel_nouns=frozenset(data_lines("channel_nouns.txt")),
        organization_heads=frozenset(data_lines("organization_heads.txt")),
        not_speaker_labels=frozenset(data_lines("not_speaker_labels.txt")),
        source_kinds=source_kinds,
        source_suffixes=tuple(data_lines("source_suffixes.txt")),
        source_nouns=dict(line.split("\t", 1) for line in data_lines("source_nouns.txt")),
        quantity_heads=frozenset(data_lines("quantity_heads.txt")),
    )
