"""What the explorer's templates are given: filled timelines, speaker styles, search marks, subheads."""

from __future__ import annotations

from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef
from ontherecord.web import charts
from ontherecord.web.highlight import PALETTE_SIZE, PATTERNS, initials, search_marks, segments, speaker_styles


def test_timeline_has_every_month_between_first_and_last():
    filled = charts.months([{"month": "2018-10", "quotes": 4}, {"month": "2019-11", "quotes": 2},
                            {"month": "2019-1x", "quotes": 1}])
    assert [row["month"] for row in filled][:4] == ["2018-10", "2018-11", "2018-12", "2019-01"]
    assert len(filled) == 15 and filled[-1] == {"month": "2019-1x", "quotes": 1}
    assert sum(row["quotes"] for row in filled) == 7 and filled[5] == {"month": "2019-03", "quotes": 0}
    chart = charts.columns([{"month": "2001-01", "quotes": 1}, {"month": "2010-12", "quotes": 1}])
    assert len(chart["columns"]) == 120 and sum(column.labelled for column in chart["columns"]) <= 12
    assert charts.columns([])["columns"] == []


def quoting_article(count: int) -> Article:
    names = [f"Person{chr(65 + n % 26)}{n} Surname{n}" for n in range(count)]
    text = " ".join(f"“Words {n},” said {name}." for n, name in enumerate(names))
    quotes, speakers = [], []
    for n, name in reversed(list(enumerate(names))):  # speakers listed in reverse: the text's order wins
        start = text.index(f"Words {n},")
        mention = Span.of(text, text.index(name), text.index(name) + len(name))
        quotes.append(Quote(f"q{n}", "direct", f"Words {n}", start, start + len(f"Words {n}"),
                            [(start, start + len(f"Words {n}"))], speaker=SpeakerRef(f"s{n}", name, "person", mention)))
        speakers.append(Speaker(f"s{n}", name, "person", mentions=[mention], quotes=[f"q{n}"]))
    return Article(text=text, quotes=quotes, speakers=speakers)


def test_speaker_styles_are_distinct_and_follow_first_appearance():
    article = quoting_article(PALETTE_SIZE * PATTERNS)
    styles = speaker_styles(article)
    assert len({(style.colour, style.pattern) for style in styles.values()}) == PALETTE_SIZE * PATTERNS
    assert (styles["s0"].colour, styles["s0"].pattern) == (0, 0) and styles["s1"].colour == 1
    assert styles[f"s{PALETTE_SIZE}"].pattern == 1 and styles["s0"].initials == "PS"
    assert initials("the Pentagon") == "P" and initials("one critic") == "O" and initials(None) == "?"
    assert initials("Cecilia Farfán-Méndez") == "CM"


def test_search_marks_words_that_start_with_the_query_words():
    assert search_marks("The cartels and a Cartel boss", "cartel") == [
        ("The ", False), ("cartels", True), (" and a ", False), ("Cartel", True), (" boss", False)]
    assert search_marks("no query here", None) == [("no query here", False)]
    assert "".join(piece for piece, _ in search_marks("x (cartels) y", "(cartels")) == "x (cartels) y"


def test_heading_paragraphs_become_subheads_and_quotes_never_do():
    text = "Harbour strike ends\n\n“We are back,” said Ana Ruiz.\n\nWhat Comes Next\n\nThe talks resume on Monday."
    start = text.index("We are back")
    mention = Span.of(text, text.index("Ana Ruiz"), text.index("Ana Ruiz") + 8)
    quote = Quote("q1", "direct", "We are back", start, start + 11, [(start, start + 11)],
                  speaker=SpeakerRef("s1", "Ana Ruiz", "person", mention))
    article = Article(text=text, quotes=[quote],
                      speakers=[Speaker("s1", "Ana Ruiz", "person", mentions=[mention], quotes=["q1"])])
    cut = segments(article)
    assert "".join(segment.text for segment in cut) == text
    assert [segment.text for segment in cut if segment.subhead] == ["Harbour strike ends", "What Comes Next"]
