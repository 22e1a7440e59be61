"""Pass 4, labels: "Hillary: Benghazi Victim Mother ‘Absolutely Wrong’", a headline that puts words in a name's mouth."""

from __future__ import annotations

import re

from .citations import citation_cue, names_someone
from .drafts import Draft, touches_a_draft
from .quotemarks import INNER_QUOTE_MARKS
from .view import TextView

_LABEL_PREFIX = re.compile(r"[\"“]?([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):\s+(?=\S)")


def label_prefixes(view: TextView, drafts: list[Draft]) -> list[Draft]:
    """ "Hillary: Benghazi Victim Mother ‘Absolutely Wrong’": a headline that puts words in a name's mouth."""
    lexicon = view.lexicon
    found = []
    for paragraph in view.paragraphs:
        match = _LABEL_PREFIX.match(view.text, paragraph.start, paragraph.end)
        if match is None or touches_a_draft(paragraph, drafts):
            continue
        content_start, content_end = match.end(), paragraph.end
        if len(view.text[content_start:content_end].split()) < 3 or not _labels_a_source(view, match.start(1), match.end(1)):
            continue
        if match.group(1).lower() in lexicon.not_speaker_labels:
            continue  # "VIDEO: ...", "UPDATE: ..."
        if match.group(1).lower() in lexicon.document_heads and view.text[content_start:content_end].rstrip().endswith("?"):
            continue  # "POLL: Should the ferry run on Sundays?" asks the reader; it reports nothing
        cue = citation_cue(view, match.start(1), match.end(1), match.end(1), match.end(1) + 1)
        if cue is not None:
            kind = "mixed" if any(ch in view.text[content_start:content_end] for ch in INNER_QUOTE_MARKS) else "indirect"
            found.append(Draft([(content_start, content_end)], kind, cue, confidence=0.6))
    return found


def _labels_a_source(view: TextView, start: int, end: int) -> bool:
    """A label's name: someone the tagger calls a name (:data:`~.view.NAME_LABELS`), a surname the article
    gives in full elsewhere ("Okafor: ..." over a story about Marta Okafor: headlines fool the tagger), or
    a document ("Survey: ...")."""
    if names_someone(view, start, end):
        return True
    words = [t for t in view.tokens_within(start, end) if not t.is_punct and not t.is_space]
    if len(words) == 1 and words[0].lower_ in view.lexicon.document_heads:
        return True
    return bool(words) and all(t.text in view.entity_words and t.text[:1].isupper() for t in words)
