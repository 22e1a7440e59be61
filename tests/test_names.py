"""The one name module: folding, the title list and the "same person" rule, and that the engine,
the corpus and the scorer all use them."""

import pytest

from ontherecord import names
from ontherecord.corpus.clustering import normalize_name
from ontherecord.evaluation.gold import GoldQuote
from ontherecord.evaluation.speaker_match import seed_speaker_matches
from ontherecord.lexicon import load_lexicon
from ontherecord.model import Quote, Span, SpeakerRef


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Farfán-Méndez", "farfan-mendez"),
        ("François Hollande", "francois hollande"),
        ("Zoë Ñúñez", "zoe nunez"),
        ("SEAN PARNELL", "sean parnell"),
        ("Łukasz", "łukasz"),  # no combining mark to drop: the letter stays
    ],
)
def test_fold_lowercases_and_drops_accents(text, folded):
    assert names.fold(text) == folded


def test_one_title_file_serves_all_three_stages():
    assert {"mr", "dr", "sen", "secretary", "king", "former", "mp", "commissioner"} <= names.TITLES
    assert names.HONORIFICS <= names.TITLES and names.SPLIT_TITLES <= names.TITLES
    # qualifiers and post-nominals are compared away but never split from a name by the engine
    assert {"former", "assistant", "mp", "pm", "fr"}.isdisjoint(names.SPLIT_TITLES)
    assert {"chief", "deputy", "leader", "state"}.isdisjoint(names.HONORIFICS)
    assert load_lexicon().titles == names.SPLIT_TITLES
    assert names.is_title("sen.") and names.is_title("gen.") and not names.is_title("smith")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("J.", "John", True),
        ("John", "j", True),
        ("J.R.", "jr", True),
        ("john", "john", True),
        ("john", "jane", False),
        ("jo", "john", False),  # two letters are not an initial
        (None, "john", True),
        ("", "john", True),
    ],
)
def test_given_names_compatible(a, b, expected):
    assert names.given_names_compatible(a and a.lower(), b.lower()) is expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("Dr. Cecilia Farfán-Méndez", "Cecilia Farfan-Mendez", True),
        ("Cecilia Farfán-Méndez", "Méndez", False),  # a hyphenated surname is compared whole
        ("Defense Secretary Pete Hegseth", "Hegseth", True),
        ("Defense Secretary Pete Hegseth", "Mr. Hegseth", True),
        ("Private First Class Andrew Oliveira", "Andrew Oliveira", True),
        ("Martin Luther King Jr.", "King", True),  # a title word at the end is the surname
        ("Labour MP Kate Hoey", "Kate Hoey", True),
        ("Former President Bill Clinton", "B. Clinton", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Sen. Elizabeth Warren", "E. Warren", True),
        ("Sen. Elizabeth Warren", "Warren Buffett", False),
        ("Geoffrey Corn", "Mr.", False),
        ("Geoffrey Corn", "", False),
    ],
)
def test_names_match(a, b, expected):
    assert names.names_match(a, b) is expected
    assert names.names_match(b, a) is expected


def test_same_person_on_parsed_names():
    assert names.same_person(("j", "smith"), ("john", "smith"))
    assert names.same_person((None, "smith"), ("john", "smith"))
    assert not names.same_person(("jane", "smith"), ("john", "smith"))
    assert not names.same_person(("john", "smith"), ("john", "smyth"))


def test_person_name_parts_drops_titles_and_suffixes():
    assert names.person_name_parts("President Joseph R. Biden Jr.") == (["joseph", "r"], "biden")
    assert names.person_name_parts("Jane Doe, PhD") == (["jane"], "doe")
    assert names.person_name_parts("“ ”") is None


def test_corpus_normalisation_strips_only_honorifics():
    assert names.strip_honorifics(["dr", "cecilia", "farfan"]) == ["cecilia", "farfan"]
    assert names.strip_honorifics(["mr"]) == ["mr"]
    assert normalize_name("Dr. Cecilia Farfán-Méndez") == "cecilia farfan mendez"
    assert normalize_name("Fr. Frank Pavone") == "frank pavone"
    assert normalize_name("chief Lord Butler") == "chief lord butler"  # "chief" is a title, not an honorific


def _quote(text: str, speaker_name: str, mention: tuple[int, int]) -> Quote:
    start, end = mention
    ref = SpeakerRef("s1", speaker_name, "person", Span.of(text, start, end))
    return Quote(id="q1", type="direct", text=text[1:4], start=1, end=4, pieces=[(1, 4)], speaker=ref)


def test_the_scorer_uses_the_same_person_rule():
    gold = GoldQuote(ranges=[(1, 4)], type="direct", speaker="Elizabeth Warren", speaker_kind="person")
    assert seed_speaker_matches(gold, _quote("“Yes,” said Sen. Warren.", "Warren", (12, 23)))
    assert seed_speaker_matches(gold, _quote("“Yes,” said Sen. Warren.", "E. Warren", (17, 23)))
    assert not seed_speaker_matches(gold, _quote("“Yes,” said Buffett.", "Warren Buffett", (12, 19)))
