"""The gender of person sources: every kind of evidence, conflicts, the scope of a description, and
name statistics on request, on invented articles through the real spaCy parse."""

from __future__ import annotations

import json

import pytest

from ontherecord import extract
from ontherecord.audit import gender as gender_step
from ontherecord.audit.gender import decide, evidence_in_spans, speaker_gender
from ontherecord.config import EngineConfig
from ontherecord.model import Article, Span, Speaker


def _speaker(article: Article, name_part: str) -> Speaker:
    return next(s for s in article.speakers if name_part in (s.name or ""))


def _evidence(speaker: Speaker) -> list[tuple[str, str, str]]:
    return [(e.text, e.kind, e.value) for e in speaker.gender.evidence]


def _exact(article: Article, speaker: Speaker) -> None:
    for evidence in speaker.gender.evidence:
        assert article.text[evidence.start:evidence.end] == evidence.text


def test_a_pronoun_linked_to_the_speaker_says_she():
    article = extract('Town to close library\n\nMaria Lopez, the head librarian, said the branch would close in '
                      'June.\n\n"We did everything we could," she said.')
    speaker = _speaker(article, "Lopez")
    assert (speaker.gender.value, speaker.gender.method) == ("female", "text")
    assert _evidence(speaker) == [("she", "pronoun", "female")]
    _exact(article, speaker)


def test_an_honorific_says_mr():
    article = extract("Mill reopens\n\nMr Okafor said the mill would reopen next week after repairs.")
    speaker = _speaker(article, "Okafor")
    assert speaker.gender.value == "male" and _evidence(speaker) == [("Mr", "honorific", "male")]
    _exact(article, speaker)


def test_a_gendered_role_gives_an_unnamed_source_its_gender():
    article = extract("Road works\n\nA spokeswoman for the council said the road would reopen on Monday.")
    speaker = _speaker(article, "spokeswoman")
    assert speaker.kind == "anonymous"
    assert speaker.gender.value == "female" and _evidence(speaker) == [("spokeswoman", "role", "female")]


def test_a_kin_noun_in_the_apposition_is_evidence_placed_in_the_text():
    article = extract("Flood aid\n\nAnn Reyes, a mother of three, said the aid arrived too late.")
    speaker = _speaker(article, "Reyes")
    assert speaker.gender.value == "female" and _evidence(speaker) == [("mother", "kin", "female")]
    _exact(article, speaker)


def test_a_generic_man_word_gives_way_to_a_pronoun_without_a_conflict():
    article = extract('Board vote\n\nBoard chairman Ruth Bell said the vote would be held in May.\n\n'
                      '"We are ready," she said.')
    speaker = _speaker(article, "Bell")
    assert speaker.gender.value == "female"
    assert ("chairman", "role", "male") in _evidence(speaker) and ("she", "pronoun", "female") in _evidence(speaker)


def test_conflicting_evidence_is_unknown_with_both_listed():
    article = extract('Harbour row\n\nMs Harper said the harbour fees would rise.\n\n"It is unfair," he said.')
    speaker = _speaker(article, "Harper")
    assert (speaker.gender.value, speaker.gender.method) == ("unknown", "text")
    assert _evidence(speaker) == [("Ms", "honorific", "female"), ("he", "pronoun", "male")]


def test_words_after_for_or_a_possessive_describe_someone_else():
    article = extract("Palace news\n\nA spokesman for the Queen said the visit would go ahead.")
    speaker = next(s for s in article.speakers if s.quotes)
    assert speaker.gender.value == "male" and _evidence(speaker) == [("spokesman", "role", "male")]
    owner = evidence_in_spans([Span("the actress's husband", 0, 21)])
    assert [e.text for e, _ in owner] == ["husband"]


def test_organizations_get_no_gender():
    article = extract("Plant closes\n\nThe company said the plant would close.")
    assert [s.gender for s in article.speakers] == [None]


def test_more_mentions_are_more_evidence_through_the_one_function():
    speaker = Speaker(id="s1", name="Lee Wong", kind="person", mentions=[Span("Lee Wong", 0, 8)])
    text = "Lee Wong spoke. She left."
    assert speaker_gender(text, speaker).value == "unknown"
    speaker.mentions.append(Span("She", 16, 19))  # what the entity stage adds
    assert speaker_gender(text, speaker).value == "female"
    assert decide([]).method == "none"


NAMES_ARTICLE = ("Budget plan\n\nThomas Brandt said the budget would be balanced by 2027.\n\n"
                 "Kim Park said the plan was sound.\n\nMs Dana Cole said the plan was late.")


def test_names_only_on_request_only_above_the_threshold_and_never_over_evidence():
    without = extract(NAMES_ARTICLE)
    assert _speaker(without, "Brandt").gender.method == "none"
    article = extract(NAMES_ARTICLE, config=EngineConfig(gender_names=True))
    brandt = _speaker(article, "Brandt").gender
    assert (brandt.value, brandt.method) == ("male", "name") and brandt.probability >= 0.9
    assert [(e.text, e.kind) for e in brandt.evidence] == [("Thomas", "name")]
    kim = _speaker(article, "Park").gender  # a name given to women and men alike
    assert (kim.value, kim.method) == ("unknown", "name") and kim.probability < 0.9
    assert _speaker(article, "Cole").gender.method == "text"


def test_names_without_the_gender_extra_say_how_to_install_it(monkeypatch):
    gender_step.name_statistics.cache_clear()
    monkeypatch.setattr(gender_step, "find_spec", lambda name: None)
    with pytest.raises(gender_step.NamesUnavailable, match=r"ontherecord\[gender\]"):
        gender_step.name_statistics()
    gender_step.name_statistics.cache_clear()


def test_gender_survives_the_record_round_trip():
    article = extract("Mill reopens\n\nMr Okafor said the mill would reopen next week after repairs.")
    again = Article.from_dict(article.to_dict())
    assert again.speakers[0].gender == article.speakers[0].gender
    assert again.audit == article.audit
    old = article.to_dict()
    del old["audit"]
    for speaker in old["speakers"]:
        del speaker["gender"]
    assert Article.from_dict(old).audit is None  # a record from before the audit still reads


def test_gender_names_is_one_engine_option_that_reaches_every_surface():
    from ontherecord.spark.job import JobOptions

    config = EngineConfig(gender_names=True)
    assert "gender_names" not in config.component_config()  # applied to the record, not inside spaCy
    assert config.label().endswith("gender-names")
    assert JobOptions.for_engine(["in"], "out", config).engine() == config
    assert EngineConfig.from_environment(gender_names=None).gender_names is False


def test_the_cli_flag_turns_names_on(tmp_path):
    from click.testing import CliRunner

    from ontherecord.cli import cli

    story = tmp_path / "story.txt"
    story.write_text("Budget plan\n\nThomas Brandt said the budget would be balanced by 2027.\n", encoding="utf-8")
    methods = []
    for flags in ([], ["--gender-names"]):
        result = CliRunner().invoke(cli, ["extract", str(story), "--format", "json", "--quiet", *flags],
                                    catch_exceptions=False)
        methods.append(json.loads(result.output)[0]["speakers"][0]["gender"]["method"])
    assert methods == ["none", "name"]
