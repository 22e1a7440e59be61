"""evaluate --errors: every disagreement with the gold in exactly one class, costing the characters the
scorer loses. Each class on an invented article (gold and predicted records built by hand, or the
engine's own output on a real parse), PolNeAR's overlap rule, and the command on the seed gold."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.console import Console

import ontherecord
from ontherecord.cli import cli
from ontherecord.evaluation import shared_dir
from ontherecord.evaluation.errors import ERROR_CLASSES, article_errors, class_counts
from ontherecord.evaluation.gold import POLNEAR, SEED, GoldArticle, GoldQuote
from ontherecord.evaluation.report import errors_table
from ontherecord.evaluation.scoring import score_article
from ontherecord.evaluation.speaker_match import speaker_rule_for
from ontherecord.model import Quote, Span, SpeakerRef

SEED_GOLD = shared_dir() / "seed" / "gold.json"

TEXT = (
    'Ines Varga, who chairs the Orchard Valley Water Board, spoke on Monday. "The reservoir is full," she said. '
    "The board's engineer, Pavel Rook, said the pumps were old. "
    'A memo from the Orchard Valley Water Board said rates would rise. "Nobody expected this," Rook added. '
    "Rook said the tender would open in May."
)


def at(phrase: str, occurrence: int = 1, text: str = TEXT) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def gold_quote(content: str, speaker: str | None, kind: str | None, **fields) -> GoldQuote:
    return GoldQuote(ranges=[at(content)], type=fields.pop("type", "direct"), speaker=speaker, speaker_kind=kind, **fields)


def predicted(content: str, name: str | None = None, kind: str = "person", mention: str | tuple | None = None,
              number: int = 1, text: str = TEXT) -> Quote:
    start, end = at(content, text=text)
    speaker = None
    if name is not None or mention is not None:
        bounds = mention if isinstance(mention, tuple) else at(mention, text=text) if mention else None
        span = Span.of(text, *bounds) if bounds else None
        speaker = SpeakerRef(id=f"s{number}", name=name, kind=kind, mention=span)
    return Quote(id=f"q{number}", type="direct", text=text[start:end], start=start, end=end, pieces=[(start, end)],
                 speaker=speaker)


def errors_of(gold_quotes: list[GoldQuote], quotes: list[Quote], kind: str = SEED, text: str = TEXT):
    """The errors, after checking that their characters are exactly what the scorer loses."""
    gold = GoldArticle(id="invented", text=text, quotes=gold_quotes)
    errors = article_errors(gold, quotes, kind)
    scores = score_article(gold, quotes, speaker_rule_for(kind)).metrics
    quote, attributed = scores["quote"], scores["attributed"]
    assert sum(e.cost.gold_only for e in errors) == quote.gold_total - quote.gold_found
    assert sum(e.cost.predicted_only for e in errors) == quote.pred_total - quote.pred_correct
    assert sum(e.cost.misattributed for e in errors) == quote.pred_correct - attributed.pred_correct
    return errors


def alnum(content: str) -> int:
    return sum(ch.isalnum() for ch in content)


def only(errors):
    assert len(errors) == 1, [e.to_dict() for e in errors]
    return errors[0]


def test_a_gold_quote_nothing_overlaps_is_missed():
    error = only(errors_of([gold_quote("The reservoir is full,", "Ines Varga", "person")], []))
    assert error.error_class == "missed"
    assert error.cost.gold_only == alnum("The reservoir is full")
    assert error.predicted is None and error.gold["speaker"] == "Ines Varga"
    assert "The reservoir is full" in error.context["text"]


def test_a_prediction_over_no_gold_is_spurious_and_one_inside_optional_gold_is_nothing():
    error = only(errors_of([], [predicted("the pumps were old", "Pavel Rook", mention="Pavel Rook")]))
    assert error.error_class == "spurious" and error.cost.predicted_only == alnum("the pumps were old")
    optional = gold_quote("the pumps were old", "Pavel Rook", "person", optional=True)
    assert errors_of([optional], [predicted("the pumps were old", "Ines Varga", mention="Ines Varga")]) == []


def test_a_prediction_without_speaker_is_no_speaker():
    error = only(errors_of([gold_quote("Nobody expected this,", "Pavel Rook", "person")],
                           [predicted("Nobody expected this,")]))
    assert error.error_class == "no_speaker"
    assert error.cost.misattributed == alnum("Nobody expected this")


def test_a_document_credited_where_the_gold_names_its_author():
    gold = [gold_quote("rates would rise", "Orchard Valley Water Board", "organization", type="indirect")]
    error = only(errors_of(gold, [predicted("rates would rise", "A memo", "document", mention="A memo")]))
    assert error.error_class == "document_vs_author" and error.cost.misattributed == alnum("rates would rise")


def test_a_document_that_matches_its_author_by_words_is_still_a_document_vs_author_disagreement():
    gold = [gold_quote("rates would rise", "Orchard Valley Water Board", "organization", type="indirect")]
    quote = predicted("rates would rise", "A memo", "document", mention="A memo from the Orchard Valley Water Board")
    error = only(errors_of(gold, [quote]))
    assert error.error_class == "document_vs_author" and error.cost.total() == 0


def test_a_pronoun_resolved_to_the_wrong_person():
    error = only(errors_of([gold_quote("The reservoir is full,", "Ines Varga", "person")],
                           [predicted("The reservoir is full,", "Pavel Rook", mention="she")]))
    assert error.error_class == "pronoun"
    assert error.predicted["mention"]["text"] == "she"


def test_a_pronoun_left_unresolved():
    error = only(errors_of([gold_quote("The reservoir is full,", "Ines Varga", "person")],
                           [predicted("The reservoir is full,", None, "unknown", mention="she")]))
    assert error.error_class == "pronoun"


def test_a_pronoun_resolved_to_a_document_where_the_gold_names_the_author_is_document_vs_author():
    gold = [gold_quote("rates would rise", "Orchard Valley Water Board", "organization", type="indirect")]
    error = only(errors_of(gold, [predicted("rates would rise", "A memo", "document", mention="she")]))
    assert error.error_class == "document_vs_author"


@pytest.mark.parametrize(
    ("name", "kind", "mention"),
    [
        ("The board's engineer", "anonymous", "The board's engineer"),  # kept as an anonymous source
        ("The board's engineer", "person", "The board's engineer"),  # a description, whatever its kind
        ("engineers", "group", "The board"),  # a group where the gold names one person
    ],
)
def test_a_description_of_a_person_the_article_names_is_unresolved(name, kind, mention):
    gold = [gold_quote("the pumps were old", "Pavel Rook", "person", type="indirect")]
    error = only(errors_of(gold, [predicted("the pumps were old", name, kind, mention=mention)]))
    assert error.error_class == "unresolved_description"


def test_a_name_cut_from_a_description_is_unresolved_but_a_title_before_a_name_is_not():
    text = TEXT + " The Valley Party press officer said the vote was close."
    gold = [GoldQuote(ranges=[at("the vote was close", text=text)], type="indirect", speaker="Pavel Rook",
                      speaker_kind="person")]
    cut = predicted("the vote was close", "Valley Party", "person", mention="The Valley Party press officer", text=text)
    assert only(errors_of(gold, [cut], text=text)).error_class == "unresolved_description"
    titled = predicted("the vote was close", "Ines Varga", "person", mention="Ines Varga", text=text)
    assert only(errors_of(gold, [titled], text=text)).error_class == "wrong_person"


def test_a_description_of_an_organization_is_unresolved():
    text = TEXT + " The utility said fees would stay."
    gold = [GoldQuote(ranges=[at("fees would stay", text=text)], type="indirect",
                      speaker="Orchard Valley Water Board", speaker_kind="organization")]
    quote = predicted("fees would stay", "The utility", "organization", mention="The utility", text=text)
    error = only(errors_of(gold, [quote], text=text))
    assert error.error_class == "unresolved_description"


@pytest.mark.parametrize(("name", "kind"), [("OVWB", "organization"), ("Fenwick Council", "organization")])
def test_an_organization_left_as_a_short_form_or_another_organization_is_not_resolved(name, kind):
    text = TEXT + " The OVWB said bills would be sent in June."
    gold = [GoldQuote(ranges=[at("bills would be sent in June", text=text)], type="indirect",
                      speaker="Orchard Valley Water Board", speaker_kind="organization")]
    quote = predicted("bills would be sent in June", name, kind, mention="OVWB", text=text)
    error = only(errors_of(gold, [quote], text=text))
    assert error.error_class == "organization_not_resolved"


def test_two_persons_that_are_not_the_same_person_are_a_wrong_person():
    error = only(errors_of([gold_quote("Nobody expected this,", "Pavel Rook", "person")],
                           [predicted("Nobody expected this,", "Ines Varga", mention="Ines Varga")]))
    assert error.error_class == "wrong_person" and error.gold["speaker"] == "Pavel Rook"


def test_the_same_words_with_another_kind_score_but_are_a_wrong_kind():  # the organization as a person "Board"
    gold = [gold_quote("rates would rise", "Orchard Valley Water Board", "organization", type="indirect")]
    quote = predicted("rates would rise", "Board", "person", mention="the Orchard Valley Water Board")
    error = only(errors_of(gold, [quote]))
    assert error.error_class == "wrong_kind" and error.cost.total() == 0


def test_the_right_speaker_with_too_little_content_is_a_boundary_error():
    gold = [gold_quote("The reservoir is full,", "Ines Varga", "person")]
    error = only(errors_of(gold, [predicted("The reservoir", "Ines Varga", mention="she")]))
    assert error.error_class == "boundary" and error.cost.gold_only == alnum(" is full")
    assert errors_of(gold, [predicted("The reservoir is full,", "Ines Varga", mention="she")]) == []


def test_one_prediction_over_two_gold_paragraphs_pays_each_once():
    gold = [gold_quote("The reservoir is full,", "Ines Varga", "person"),
            gold_quote("Nobody expected this,", "Ines Varga", "person")]
    start, end = at("The reservoir is full,")[0], at("Nobody expected this,")[1]
    quote = Quote(id="q1", type="direct", text=TEXT[start:end], start=start, end=end,
                  pieces=[at("The reservoir is full,"), at("Nobody expected this,")],
                  speaker=SpeakerRef(id="s1", name="Pavel Rook", kind="person", mention=Span.of(TEXT, *at("Rook", 2))))
    errors = errors_of(gold, [quote])
    assert [e.error_class for e in errors] == ["wrong_person", "wrong_person"]
    assert [e.cost.misattributed for e in errors] == [alnum("The reservoir is full"), alnum("Nobody expected this")]


def polnear_gold(content: str, source: tuple[int, int] | None) -> GoldQuote:
    return GoldQuote(ranges=[at(content)], source_ranges=[source] if source else [])


def test_polnear_the_mention_must_overlap_the_source_and_classes_needing_a_kind_fall_back():
    source = at("Rook", 3)  # "Rook said the tender ..."
    gold = [polnear_gold("the tender would open in May", source)]
    right = predicted("the tender would open in May", "Pavel Rook", mention=source)
    assert errors_of(gold, [right], POLNEAR) == []
    # the pronoun class needs the gold to name a speaker: elsewhere, a pronoun is only the wrong mention
    wrong = predicted("the tender would open in May", "Ines Varga", mention="she")
    assert only(errors_of(gold, [wrong], POLNEAR)).error_class == "wrong_person"
    no_mention = predicted("the tender would open in May", "Pavel Rook")
    assert only(errors_of(gold, [no_mention], POLNEAR)).error_class == "no_speaker"
    sourceless = [polnear_gold("the tender would open in May", None)]
    assert only(errors_of(sourceless, [right], POLNEAR)).error_class == "wrong_person"


def test_the_engine_on_a_real_parse_its_pronoun_against_a_gold_that_names_someone_else():
    text = ('Mara Quill, the mayor of Fenwick, spoke first. "We will rebuild the harbour," she said.\n\n'
            'Tomas Brandt, her deputy, disagreed. "The money is not there," he said.')
    article = ontherecord.extract(text)
    gold = [
        GoldQuote(ranges=[at("We will rebuild the harbour,", text=text)], type="direct", speaker="Mara Quill",
                  speaker_kind="person"),
        GoldQuote(ranges=[at("The money is not there,", text=text)], type="direct", speaker="Mara Quill",
                  speaker_kind="person"),
    ]
    errors = errors_of(gold, article.quotes, text=text)
    error = only(errors)
    assert error.error_class == "pronoun"
    assert error.predicted["mention"]["text"] == "he" and error.predicted["speaker"] == "Tomas Brandt"
    assert error.cost.misattributed == alnum("The money is not there")


def test_class_counts_cover_every_class_and_the_table_is_safe_terminal_text():
    text = TEXT + ' "Call me\x1b]0;owned\x07 later," Rook said.'
    gold = [GoldQuote(ranges=[at("Call me", text=text)], type="direct", speaker="Pavel Rook", speaker_kind="person")]
    errors = errors_of(gold, [], text=text)
    counts = class_counts(errors)
    assert list(counts) == list(ERROR_CLASSES) and counts["missed"]["errors"] == 1
    console = Console(record=True, width=120)
    console.print(errors_table(errors))
    shown = console.export_text()
    assert "\x1b" not in shown and "owned" not in shown and "missed" in shown


@pytest.mark.skipif(not SEED_GOLD.exists(), reason=f"seed gold not found at {SEED_GOLD}")
def test_evaluate_errors_on_the_seed_gold_accounts_for_every_lost_character(tmp_path):
    errors_path = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(SEED_GOLD), "--json", "--errors", str(errors_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    lines = [json.loads(line) for line in errors_path.read_text(encoding="utf-8").splitlines()]
    assert lines and {line["class"] for line in lines} <= set(ERROR_CLASSES)
    assert all(line["article"] and line["context"]["text"] for line in lines)
    classes = document["error_classes"]
    assert sum(c["errors"] for c in classes.values()) == len(lines)
    quote, attributed = document["overall"]["quote"], document["overall"]["attributed"]
    totals = {f: sum(c[f] for c in classes.values()) for f in ("gold_only", "predicted_only", "misattributed")}
    assert totals["gold_only"] == quote["gold_total"] - quote["gold_found"]
    assert totals["predicted_only"] == quote["pred_total"] - quote["pred_correct"]
    assert totals["misattributed"] == quote["pred_correct"] - attributed["pred_correct"]
    assert totals["predicted_only"] + totals["misattributed"] == attributed["pred_total"] - attributed["pred_correct"]
    assert totals == {f: sum(line["characters"][f] for line in lines) for f in totals}


def test_evaluate_errors_prints_the_counts_and_the_table_or_jsonl_to_stdout(tmp_path):
    text = 'Ines Varga spoke. "The reservoir is full," she said. "It rained," Rook said.'
    gold_path, pred_path = tmp_path / "gold.json", tmp_path / "pred.jsonl"
    gold_path.write_text(json.dumps([{"id": "a1", "text": text, "quotes": [
        {"start": at("The reservoir is full", text=text)[0], "end": at("The reservoir is full", text=text)[1],
         "type": "direct", "speaker": "Ines Varga", "speaker_kind": "person"},
        {"start": at("It rained", text=text)[0], "end": at("It rained", text=text)[1],
         "type": "direct", "speaker": "Pavel Rook", "speaker_kind": "person"},
    ]}]), encoding="utf-8")
    quote = predicted("The reservoir is full", "Pavel Rook", mention="she", text=text)
    record = {"id": "a1", "text": text, "quotes": [quote.__dict__ | {"speaker": quote.speaker.__dict__
                                                                     | {"mention": quote.speaker.mention.__dict__}}],
              "speakers": []}
    pred_path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(cli, ["evaluate", str(gold_path), "--pred", str(pred_path), "--errors"], catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "Errors by class" in table.stdout and "pronoun" in table.stdout and "It rained" in table.stdout
    jsonl = runner.invoke(cli, ["evaluate", str(gold_path), "--pred", str(pred_path), "--errors", "-"],
                          catch_exceptions=False)
    assert jsonl.exit_code == 0
    classes = sorted(json.loads(line)["class"] for line in jsonl.stdout.splitlines())
    assert classes == ["missed", "pronoun"]
    assert "Errors by class" in jsonl.stderr and "reservoir" not in jsonl.stderr  # counts only, no table
    clash = runner.invoke(cli, ["evaluate", str(gold_path), "--pred", str(pred_path), "--errors", "-", "--json"])
    assert clash.exit_code == 2
