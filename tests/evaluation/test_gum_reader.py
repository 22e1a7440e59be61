"""The GUM reader: hand-made CoNLL (invented wording) and the real documents in the shared directory."""

from __future__ import annotations

import pytest

from ontherecord.evaluation.gum import (
    GumFormatError,
    genre_of,
    gum_dir,
    join_tokens,
    load_gum,
    parse_conll,
    split,
)

INVENTED = """# begin document GUM_news_invented
0\tThe\t(organization-1
1\tWidget\t_
2\tCouncil\torganization-1)
3\tsaid\t_
4\t"\t_
5\tit\t(organization-1)
6\t's\t_
7\tover\t_
8\t"\t_
9\ton\t_
10\tMay\t(time-2
11\t2\t_
12\t,\t_
13\t2020\t(time-3)time-2)
14\t(\t_
15\tsee\t_
16\tDr.\t(person-4-Ada_Quill
17\tQuill\tperson-4-Ada_Quill)
18\t)\t_
19\t.\t_

# end document
"""


def test_tokens_are_joined_with_one_deterministic_spacing():
    text, offsets = join_tokens(["He", "said", '"', "no", "!", '"', "(", "twice", ")", "all", "-", "girl", "isn't", "n't"])
    assert text == 'He said "no!" (twice) all-girl isn\'tn\'t'
    assert [text[s:e] for s, e in offsets][:6] == ["He", "said", '"', "no", "!", '"']


def test_a_hand_made_document_gives_each_mention_its_offsets_type_and_cluster():
    (document,) = parse_conll(INVENTED)
    assert document.name == "GUM_news_invented" and document.genre == "news" and document.held_out
    assert document.text == 'The Widget Council said "it\'s over" on May 2, 2020 (see Dr. Quill).'
    found = [(document.text[m.start : m.end], m.entity_type, m.cluster) for m in document.mentions]
    assert found == [
        ("The Widget Council", "organization", "organization-1"),
        ("it", "organization", "organization-1"),
        ("May 2, 2020", "time", "time-2"),
        ("2020", "time", "time-3"),
        ("Dr. Quill", "person", "person-4"),
    ]
    assert document.clusters(frozenset({"organization"})) == [[(0, 18), (25, 27)]]


@pytest.mark.parametrize(
    "broken",
    [
        INVENTED.replace("organization-1)\n", "_\n", 1),  # never closed
        INVENTED.replace("(time-3)time-2)", "(time-3)time-9)"),  # closes what never opened
        INVENTED.replace("# end document\n", ""),
        INVENTED.replace("\tThe\t", "\tThe "),
    ],
)
def test_malformed_documents_are_refused(broken):
    with pytest.raises(GumFormatError):
        parse_conll(broken)


def test_the_genre_is_the_second_part_of_the_name():
    assert genre_of("GUM_interview_peres") == "interview"
    with pytest.raises(GumFormatError):
        genre_of("news_afghan")


# --- the real documents in ../shared -------------------------------------------------------

needs_gum = pytest.mark.skipif(not gum_dir().is_dir(), reason=f"GUM coreference not found at {gum_dir()}")


@needs_gum
def test_the_shared_documents_load_with_news_and_interviews_held_out():
    documents = load_gum()
    training, held_out = split(documents)
    assert len(documents) == 108 and len(held_out) == 43
    assert {d.genre for d in held_out} == {"news", "interview"}
    assert {d.genre for d in training} == {"academic", "bio", "court", "voyage"}
    assert sum(d.genre == "news" for d in held_out) == 24


@needs_gum
def test_every_shared_mention_slices_the_rebuilt_text_at_its_tokens():
    for path in sorted(gum_dir().glob("*.conll")):
        content = path.read_text(encoding="utf-8")
        (document,) = parse_conll(content)
        rows = [line.split("\t") for line in content.splitlines() if line.count("\t") == 2]
        text, offsets = join_tokens([token for _, token, _ in rows])
        assert text == document.text
        assert all(text[s:e] == token for (s, e), (_, token, _) in zip(offsets, rows, strict=True))
        starts, ends = {s for s, _ in offsets}, {e for _, e in offsets}
        # Wikipedia identifiers escape their brackets, so each "(" opens exactly one mention.
        assert len(document.mentions) == sum(column.count("(") for _, _, column in rows)
        for mention in document.mentions:
            assert mention.start in starts and mention.end in ends and mention.start < mention.end
            assert text[mention.start : mention.end].strip() == text[mention.start : mention.end]
