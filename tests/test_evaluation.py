"""The built-in evaluation: scoring rules on hand-made gold/prediction pairs, loaders, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.evaluation.gold import (
    POLNEAR,
    SEED,
    GoldArticle,
    GoldFormatError,
    GoldQuote,
    first_annotation_per_article,
    load_gold,
    load_polnear,
    load_seed,
    parse_brat_attributions,
    parse_brat_spans,
    shared_dir,
)
from ontherecord.evaluation.scoring import score_article, score_corpus
from ontherecord.evaluation.speaker_match import (
    names_share_content_word,
    polnear_speaker_matches,
    seed_speaker_matches,
)
from ontherecord.model import Article, Quote, Span, SpeakerRef
from ontherecord.names import names_match

SHARED = shared_dir()
SEED_GOLD = SHARED / "seed" / "gold.json"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"

# Two quotes, the first interrupted by an attribution, plus an optional one.
TEXT = (
    "“We will not raise taxes,” Mayor Maria Lopez said, “not this year.” "
    "The council said the budget was balanced. "
    "Critics seemed to think it was a mistake."
)


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


LOPEZ_PIECES = [at("We will not raise taxes,"), at("not this year.")]
COUNCIL = at("the budget was balanced")
CRITICS = at("it was a mistake")


def gold_article(text: str = TEXT, quotes: list[GoldQuote] | None = None) -> GoldArticle:
    if quotes is None:
        quotes = [
            GoldQuote(ranges=[LOPEZ_PIECES[0]], type="direct", speaker="Maria Lopez", speaker_kind="person"),
            GoldQuote(ranges=[LOPEZ_PIECES[1]], type="direct", speaker="Maria Lopez", speaker_kind="person"),
            GoldQuote(ranges=[COUNCIL], type="indirect", speaker="The council", speaker_kind="organization"),
            GoldQuote(ranges=[CRITICS], type="indirect", speaker="Critics", speaker_kind="group", optional=True),
        ]
    return GoldArticle(id="a1", text=text, quotes=quotes)


def speaker(name: str | None, mention: str | None = None, text: str = TEXT) -> SpeakerRef:
    span = Span.of(text, *at(mention, text)) if mention else None
    return SpeakerRef(id="s", name=name, kind="person", mention=span)


def quote(pieces: list[tuple[int, int]], type_: str = "direct", who: SpeakerRef | None = None) -> Quote:
    start, end = pieces[0][0], pieces[-1][1]
    return Quote(id="q", type=type_, text=TEXT[start:end], start=start, end=end, pieces=pieces, speaker=who)


def perfect_prediction() -> list[Quote]:
    return [
        quote(LOPEZ_PIECES, "direct", speaker("Maria Lopez", "Mayor Maria Lopez")),
        quote([COUNCIL], "indirect", speaker("council", "The council")),
    ]


def f1(scores, metric: str) -> float:
    return scores.metrics[metric].f1


# --- character scores ---------------------------------------------------------------------


def test_perfect_prediction_scores_one_everywhere():
    scores = score_article(gold_article(), perfect_prediction(), seed_speaker_matches)
    for metric in ("quote", "attributed", "exact"):
        assert scores.metrics[metric].precision == 1.0
        assert scores.metrics[metric].recall == 1.0
    assert scores.metrics["exact"].gold_total == 3  # the optional quote is not required


def test_no_prediction_scores_zero_recall():
    scores = score_article(gold_article(), [], seed_speaker_matches)
    assert scores.metrics["quote"].recall == 0.0
    assert f1(scores, "attributed") == 0.0


def test_wrong_speaker_keeps_quote_f1_but_lowers_attributed_f1():
    prediction = perfect_prediction()
    prediction[0].speaker = speaker("Pedro Gomez", "The council")
    scores = score_article(gold_article(), prediction, seed_speaker_matches)
    assert f1(scores, "quote") == 1.0
    assert f1(scores, "attributed") < 0.6
    assert scores.metrics["attributed"].pred_correct == len(re.findall(r"\w", "the budget was balanced"))


def test_only_alphanumeric_characters_count():
    # Including the quotation marks and the trailing comma changes nothing.
    wide = [(LOPEZ_PIECES[0][0] - 1, LOPEZ_PIECES[0][1] + 1), LOPEZ_PIECES[1]]
    prediction = [quote(wide, "direct", speaker("Maria Lopez")), perfect_prediction()[1]]
    scores = score_article(gold_article(), prediction, seed_speaker_matches)
    assert f1(scores, "quote") == 1.0
    assert f1(scores, "exact") == 1.0


def test_pieces_are_scored_not_start_end():
    with_interruption = quote([(LOPEZ_PIECES[0][0], LOPEZ_PIECES[1][1])], "direct", speaker("Maria Lopez"))
    scores = score_article(gold_article(), [with_interruption, perfect_prediction()[1]], seed_speaker_matches)
    assert scores.metrics["quote"].recall == 1.0
    assert scores.metrics["quote"].precision < 1.0  # "Mayor Maria Lopez said" is not content

    # start:end spans the interruption but the pieces do not: perfect.
    assert perfect_prediction()[0].start == LOPEZ_PIECES[0][0]
    assert perfect_prediction()[0].end == LOPEZ_PIECES[1][1]


def test_optional_gold_is_neither_required_nor_penalised():
    gold = gold_article()
    without = score_article(gold, perfect_prediction(), seed_speaker_matches)
    with_optional = score_article(
        gold, [*perfect_prediction(), quote([CRITICS], "indirect", speaker("Critics"))], seed_speaker_matches
    )
    assert with_optional.metrics["quote"].pred_total == without.metrics["quote"].pred_total
    assert with_optional.metrics["exact"].pred_total == without.metrics["exact"].pred_total
    assert f1(with_optional, "attributed") == 1.0

    # The same prediction is a false positive when that gold quote is not optional...
    gold.quotes[3].optional = False
    spurious = score_article(gold, perfect_prediction(), seed_speaker_matches)
    assert spurious.metrics["quote"].recall < 1.0
    # ...and a prediction outside any gold costs precision.
    stray = quote([at("The council said")], "indirect", speaker("Critics"))
    penalised = score_article(gold_article(), [*perfect_prediction(), stray], seed_speaker_matches)
    assert penalised.metrics["quote"].precision < 1.0
    assert penalised.metrics["exact"].precision == pytest.approx(2 / 3)


def test_exact_content_matches_gold_units_by_piece():
    # Gold splits Lopez's words into two units; one predicted quote with two pieces matches both.
    scores = score_article(gold_article(), perfect_prediction(), seed_speaker_matches)
    assert scores.metrics["exact"].gold_found == 3
    assert scores.metrics["exact"].pred_correct == 2
    # A quote cut short matches nothing exactly, though its characters still count.
    short = [quote([at("We will not raise")], "direct", speaker("Maria Lopez")), perfect_prediction()[1]]
    scores = score_article(gold_article(), short, seed_speaker_matches)
    assert scores.metrics["exact"].gold_found == 1
    assert scores.metrics["exact"].pred_correct == 1
    assert scores.metrics["quote"].precision == 1.0


def test_per_type_recall_uses_gold_type_and_precision_uses_predicted_type():
    prediction = perfect_prediction()
    prediction[1].type = "direct"  # the indirect council quote, called direct
    scores = score_article(gold_article(), prediction, seed_speaker_matches)
    direct, indirect = scores.by_type["direct"], scores.by_type["indirect"]
    assert direct["quote"].recall == 1.0 and direct["quote"].precision == 1.0
    assert indirect["quote"].recall == 1.0  # the gold indirect characters were found
    assert indirect["quote"].pred_total == 0  # but nothing was predicted as indirect
    assert direct["exact"].pred_total == 2 and indirect["exact"].gold_total == 1


def test_corpus_scores_are_micro_averaged():
    good = gold_article()
    other_text = "“Short,” she said."
    other = GoldArticle(id="a2", text=other_text, quotes=[
        GoldQuote(ranges=[at("Short,", other_text)], type="direct", speaker="Ann Bell", speaker_kind="person")
    ])
    pairs = [(good, Article(text=TEXT, id="a1", quotes=perfect_prediction()), None), (other, None, "missing")]
    corpus = score_corpus(SEED, pairs)
    quote_counts = corpus.total.metrics["quote"]
    required_characters = len(re.findall(r"[^\W_]", "We will not raise taxes not this year the budget was balanced"))
    assert quote_counts.gold_total == required_characters + len("Short")
    assert quote_counts.gold_found == required_characters
    assert quote_counts.recall == pytest.approx(required_characters / (required_characters + 5))
    per_article_mean = sum(a.scores.metrics["quote"].recall for a in corpus.articles) / 2
    assert quote_counts.recall != pytest.approx(per_article_mean)  # micro, not macro
    assert corpus.to_dict()["errors"] == [{"id": "a2", "error": "missing"}]


# --- speaker name rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("Maria Lopez", "Maria Lopez", True),
        ("Maria Lopez", "Lopez", True),
        ("Maria Lopez", "Mayor Maria Lopez", True),
        ("Pete Hegseth", "Defense Secretary Pete Hegseth", True),
        ("Donald Trump", "President Trump", True),
        ("Donald Trump", "Mr. Trump", True),
        ("Donald J. Trump", "Donald Trump", True),
        ("Geoffrey Corn", "G. Corn", True),
        ("Geoffrey Corn", "G Corn", True),
        ("J. Smith", "John Smith", True),
        ("Martin Luther King Jr.", "King", True),
        ("Andrew Oliveira", "Private First Class Andrew Oliveira", True),
        ("Nancy Pelosi", "House Speaker Nancy Pelosi", True),
        ("Pete Hegseth", "Defense Secretary Peter Hegseth", False),
        ("Geoffrey Corn", "Gary Corn", False),
        ("Maria Lopez", "Maria Gomez", False),
        ("Cecilia Farfán-Méndez", "Farfan-Mendez", True),
        ("Cecilia Farfán-Méndez", "Cecilia Farfán-Méndez", True),
        ("Cecilia Farfán-Méndez", "Méndez", False),
        ("Sean Parnell", "Parnell’s", True),
        ("Geoffrey Corn", "the lawyer", False),
        ("Geoffrey Corn", "Mr.", False),
    ],
)
def test_person_name_rules(gold: str, predicted: str, expected: bool):
    assert names_match(gold, predicted) is expected


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("a DC National Guard source", "the Guard source", True),
        ("Experts on U.S.-Mexico relations", "experts", True),
        ("Trump’s executive order", "the order", True),
        ("The council", "the city council", True),
        ("The council", "the mayor", False),
        ("one Guard source", "the one", False),  # only stopwords in common
    ],
)
def test_other_kind_names_share_a_content_word(gold: str, predicted: str, expected: bool):
    assert names_share_content_word(gold, predicted) is expected


def test_seed_speaker_matches_name_or_mention_and_never_a_null_gold():
    gold = GoldQuote(ranges=[COUNCIL], speaker="Maria Lopez", speaker_kind="person")
    assert seed_speaker_matches(gold, quote([COUNCIL], who=speaker("Maria Lopez")))
    assert seed_speaker_matches(gold, quote([COUNCIL], who=speaker(None, "Mayor Maria Lopez")))
    assert seed_speaker_matches(gold, quote([COUNCIL], who=speaker("Someone Else", "Lopez")))
    assert not seed_speaker_matches(gold, quote([COUNCIL], who=speaker("Someone Else", "The council")))
    assert not seed_speaker_matches(gold, quote([COUNCIL], who=None))
    anonymous = GoldQuote(ranges=[COUNCIL], speaker=None, speaker_kind="anonymous")
    assert not seed_speaker_matches(anonymous, quote([COUNCIL], who=speaker("Maria Lopez")))


# --- PolNeAR source overlap ---------------------------------------------------------------

SOURCE = at("The council")


@pytest.mark.parametrize(
    ("source_ranges", "mention", "expected"),
    [
        ([SOURCE], "The council", True),
        ([SOURCE], "council", True),  # partial overlap is enough
        ([SOURCE], "Mayor Maria Lopez", False),
        ([SOURCE], None, False),
        ([], None, True),  # no gold source, no predicted mention
        ([], "The council", False),
        ([at("Mayor"), SOURCE], "council", True),  # any range of a discontinuous source
    ],
)
def test_polnear_speaker_is_matched_by_source_overlap(source_ranges, mention, expected):
    gold = GoldQuote(ranges=[COUNCIL], source_ranges=source_ranges)
    predicted = quote([COUNCIL], "indirect", speaker("council", mention) if mention else None)
    assert polnear_speaker_matches(gold, predicted) is expected


def test_polnear_article_scoring_uses_source_spans():
    gold = GoldArticle(id="p", text=TEXT, quotes=[GoldQuote(ranges=[COUNCIL], source_ranges=[SOURCE])])
    right = score_corpus(POLNEAR, [(gold, Article(text=TEXT, quotes=[
        quote([COUNCIL], "indirect", speaker("Whoever", "The council"))]), None)])
    wrong = score_corpus(POLNEAR, [(gold, Article(text=TEXT, quotes=[
        quote([COUNCIL], "indirect", speaker("council", "Mayor Maria Lopez"))]), None)])
    assert right.total.metrics["attributed"].f1 == 1.0
    assert wrong.total.metrics["quote"].f1 == 1.0
    assert wrong.total.metrics["attributed"].f1 == 0.0
    assert right.total.by_type == {}  # PolNeAR has no quote types


# --- brat parsing -------------------------------------------------------------------------

BRAT_TEXT = "Officials said the plan, which was new, would work. It failed, critics noted."


def brat(label: str, fragment_ranges: list[tuple[int, int]], number: int) -> str:
    ranges = ";".join(f"{s} {e}" for s, e in fragment_ranges)
    return f"T{number}\t{label} {ranges}\t{' '.join(BRAT_TEXT[s:e] for s, e in fragment_ranges)}"


def test_brat_attributions_with_discontinuous_content_and_missing_source():
    content = [at("the plan", BRAT_TEXT), at("would work", BRAT_TEXT)]
    ann = "\n".join([
        brat("Source", [at("Officials", BRAT_TEXT)], 1),
        brat("Cue", [at("said", BRAT_TEXT)], 2),
        brat("Content", content, 3),
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        brat("Cue", [at("noted", BRAT_TEXT)], 4),
        brat("Content", [at("It failed", BRAT_TEXT)], 5),
        "E2\tAttribution-no-source:T4 Content:T5 Cue:T4",
        brat("Cue", [at("which", BRAT_TEXT)], 6),
        "E3\tCue:T6",  # no content: no gold quote
    ])
    quotes = parse_brat_attributions(ann, BRAT_TEXT)
    assert [q.ranges for q in quotes] == [content, [at("It failed", BRAT_TEXT)]]
    assert quotes[0].source_ranges == [at("Officials", BRAT_TEXT)]
    assert quotes[0].content(BRAT_TEXT) == "the plan would work"
    assert quotes[1].source_ranges == [] and quotes[1].cue == "noted"


def test_brat_span_not_matching_the_text_is_an_error():
    with pytest.raises(GoldFormatError):
        parse_brat_spans("T1\tSource 0 9\tOfficialz", BRAT_TEXT)


def test_a_broken_polnear_annotation_skips_that_article_only(tmp_path: Path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name in ("good", "broken"):
        (tmp_path / "text" / f"{name}.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "good_ab12.ann").write_text("T1\tSource 0 9\tOfficials\n", encoding="utf-8")
    (tmp_path / "attributions" / "broken_ab12.ann").write_text("T1\tSource 0 9\tOfficialz\n", encoding="utf-8")
    corpus = load_polnear(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    assert len(corpus.skipped) == 1 and "broken" in corpus.skipped[0]

    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--pred", "/dev/null"])
    assert "warning: skipped broken" in result.output


def test_first_annotator_in_sorted_order_is_used(tmp_path: Path):
    for name in ("story_ef2d.ann", "story_4b22.ann", "story_5fec.ann", "other_d473.ann"):
        (tmp_path / name).write_text("", encoding="utf-8")
    chosen = first_annotation_per_article(tmp_path)
    assert {k: v.name for k, v in chosen.items()} == {"story": "story_4b22.ann", "other": "other_d473.ann"}


def test_seed_gold_without_text_takes_it_from_articles_jsonl(tmp_path: Path):
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "a1", "text": TEXT}) + "\n", encoding="utf-8")
    start, end = COUNCIL
    gold = [{"id": "a1", "quotes": [{"content": TEXT[start:end], "start": start, "end": end, "type": "indirect",
                                    "speaker": "The council", "speaker_kind": "organization", "optional": False}]}]
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    corpus = load_seed(tmp_path / "gold.json")
    assert corpus.articles[0].text == TEXT
    assert corpus.articles[0].quotes[0].content(TEXT) == "the budget was balanced"

    gold[0]["quotes"][0]["start"] += 1
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(GoldFormatError):
        load_seed(tmp_path / "gold.json")


# --- the real gold in ../shared -----------------------------------------------------------

needs_seed = pytest.mark.skipif(not SEED_GOLD.is_file(), reason=f"seed gold not found at {SEED_GOLD}")
needs_polnear = pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason=f"PolNeAR dev split not found at {POLNEAR_DEV}")


@needs_seed
def test_seed_gold_loads_three_articles_whose_offsets_slice_the_content():
    corpus = load_gold(SEED_GOLD)
    raw = {a["id"]: a for a in json.loads(SEED_GOLD.read_text(encoding="utf-8"))}
    assert corpus.kind == SEED and len(corpus.articles) == 3
    for article in corpus.articles:
        assert article.quotes
        for gold, raw_quote in zip(article.quotes, raw[article.id]["quotes"], strict=True):
            assert gold.content(article.text) == raw_quote["content"]
            assert gold.speaker == raw_quote["speaker"] and gold.optional == raw_quote["optional"]


@needs_polnear
def test_polnear_dev_loads_84_articles_whose_spans_match_the_brat_strings():
    corpus = load_gold(POLNEAR_DEV)
    assert corpus.kind == POLNEAR and len(corpus.articles) == 84
    assert sum(len(a.quotes) for a in corpus.articles) > 1500
    chosen = first_annotation_per_article(POLNEAR_DEV / "attributions")
    checked = 0
    for article in corpus.articles:
        for line in chosen[article.id].read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, label_ranges, annotated = line.split("\t", 2)
                ranges = [tuple(map(int, r.split())) for r in label_ranges.split(" ", 1)[1].split(";")]
                assert " ".join(article.text[s:e] for s, e in ranges) == annotated
                checked += 1
        for gold in article.quotes:
            assert gold.content(article.text).strip()
    assert checked > 5000


# --- CLI ----------------------------------------------------------------------------------


def write_seed_gold(directory: Path) -> Path:
    article = gold_article()
    quotes = [
        {"content": q.content(TEXT), "start": q.ranges[0][0], "end": q.ranges[0][1], "type": q.type,
         "speaker": q.speaker, "speaker_kind": q.speaker_kind, "optional": q.optional}
        for q in article.quotes
    ]
    path = directory / "gold.json"
    path.write_text(json.dumps([{"id": "a1", "title": "T", "text": TEXT, "quotes": quotes},
                                {"id": "a2", "text": "Nothing said.", "quotes": []}]), encoding="utf-8")
    return path


def test_cli_scores_a_prediction_file(tmp_path: Path):
    gold_path = write_seed_gold(tmp_path)
    prediction = perfect_prediction()
    prediction[1].speaker = speaker("Maria Lopez", "Mayor Maria Lopez")  # wrong speaker for the council
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text(json.dumps(Article(text=TEXT, id="a1", quotes=prediction).to_dict()) + "\n{broken\n[1, 2]\n",
                         encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", str(gold_path), "--pred", str(pred_path), "--json", "--per-article"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["articles"] == 2
    assert document["overall"]["quote"]["f1"] == 1.0
    assert document["overall"]["attributed"]["f1"] < 1.0
    assert document["headline_attributed_f1"] == document["overall"]["attributed"]["f1"]
    assert set(document["overall"]["by_type"]) == {"direct", "indirect"}
    assert [a["id"] for a in document["per_article"]] == ["a1", "a2"]
    assert document["errors"] == [{"id": "a2", "error": "no prediction with this id"}]
    assert "pred.jsonl:2" in result.stderr and "pred.jsonl:3" in result.stderr

    table = runner.invoke(cli, ["evaluate", str(gold_path), "--pred", str(pred_path), "--per-article", "--limit", "1"])
    assert table.exit_code == 0
    assert "attributed" in table.stdout and "Per article" in table.stdout and "a2" not in table.stdout


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"id": "a1"}', json.dumps([{"id": "a1", "text": TEXT, "quotes": [{"end": 3}]}])],
)
def test_cli_rejects_unreadable_gold(tmp_path: Path, content: str):
    bad = tmp_path / "gold.json"
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(bad), "--pred", str(bad)])
    assert result.exit_code == 2
    assert "error:" in result.stderr
