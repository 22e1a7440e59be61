"""Pass 2, citations: a quote followed by its source's name, with no verb. A digest's “...” [WaPo.],
an epigraph's or a reader voice's “...” ― Marta Okafor."""

from __future__ import annotations

import re

from .drafts import Claims, Draft
from .frames import CueMatch
from .view import NAME_LABELS, TextView

_BRACKET_CITATION = re.compile(r"[ \t\u00a0]*\[([A-Z][\w.&' -]{0,40}?)\.?\]")
# “...” ― Marta Okafor: a dash and a name alone on the rest of the line (epigraphs, reader voices)
_DASH_CITATION = re.compile(
    r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*([A-Z][\w.’'-]*?(?:[ \u00a0][A-Z][\w.’'-]*?){0,3})(?=\.?[ \t\u00a0]*(?:\r|\n|$))"
)


def bracket_citations(view: TextView, drafts: list[Draft]) -> list[Draft]:
    """A digest's “...” [WaPo.] or an epigraph's “...” ― Name: what follows the quote names its source."""
    claims = Claims(drafts)
    found = []
    for span in view.spans:
        if claims.has_span(span):
            continue
        match = _BRACKET_CITATION.match(view.text, span.outer_end)
        if match is None:
            match = _DASH_CITATION.match(view.text, span.outer_end)
            if match is None or not names_someone(view, match.start(1), match.end(1), entity_needed=False):
                continue
        cue = citation_cue(view, match.start(1), match.end(1), match.start(), match.end())
        if cue is not None:
            found.append(Draft(list(span.pieces), "direct", cue, [span], confidence=0.8))
    return found


def citation_cue(view: TextView, name_start: int, name_end: int, cue_start: int, cue_end: int) -> CueMatch | None:
    """A cue without a verb: the source is a name standing alone (a bracket, a label)."""
    tokens = [t for t in view.tokens_within(name_start, name_end) if not t.is_punct and not t.is_space]
    if not tokens:
        return None
    head = max(tokens, key=lambda t: sum(1 for a in t.ancestors if a.i in {x.i for x in tokens}) == 0 and t.i)
    cue_start = cue_start + len(view.text[cue_start:cue_end]) - len(view.text[cue_start:cue_end].lstrip())
    return CueMatch(cue_start, cue_end, head, head, name_start, name_end, None, None, None, None, "label")


def names_someone(view: TextView, start: int, end: int, entity_needed: bool = True) -> bool:
    """A name: capitalised proper nouns the tagger calls a person or organization (unless the layout
    already says it is a name), or a transcript's "TAPPER"."""
    tokens = view.tokens_within(start, end)
    if len(tokens) == 1 and tokens[0].is_upper and len(tokens[0].text) >= 3 and tokens[0].is_alpha:
        return True
    if not tokens or not all(t.pos_ == "PROPN" or t.is_punct or t.text[:1].isupper() for t in tokens):
        return False
    if not entity_needed:
        return any(t.pos_ == "PROPN" for t in tokens)
    return any(t.ent_type_ in NAME_LABELS for t in tokens)
