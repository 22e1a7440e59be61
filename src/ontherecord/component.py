"""The attribution engine as a spaCy component: ``nlp.add_pipe("ontherecord")``.

Results are set on ``doc._.quotes`` (list of :class:`~ontherecord.model.Quote`) and
``doc._.speakers`` (list of :class:`~ontherecord.model.Speaker`); offsets index ``doc.text``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .cues import FIRST_PERSON_CHANNEL
from .model import Article
from .quotemarks import split_paragraphs

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)
if not Doc.has_extension("article_meta"):
    Doc.set_extension("article_meta", default=None)


class AttributionComponent:
    """Finds quotes, cues, speakers, channels and figures in a parsed Doc."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from .engine import attribute

        quotes, speakers = attribute(doc, doc._.article_meta or {})
        doc._.quotes = quotes
        doc._.speakers = speakers
        return doc


@Language.factory("ontherecord", requires=["token.dep", "token.lemma", "token.ent_type"])
def make_attribution_component(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent(nlp, name)


@Language.component("ontherecord_paragraphs")
def mark_paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, before the parser runs.

    News text puts one paragraph (or heading) per line; without this the parser happily
    runs a sentence across "U.S.\n\nCorn said ...". The parser keeps preset boundaries.
    """
    starts = {p.start for p in split_paragraphs(doc.text)}
    for token in doc[1:]:
        if token.idx in starts:
            token.is_sent_start = True
    return doc


def add_to_pipeline(nlp: Language) -> None:
    """Add the paragraph splitter (before the parser) and the attribution component (last)."""
    if "ontherecord_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("ontherecord_paragraphs", before=before)
    if "ontherecord" not in nlp.pipe_names:
        nlp.add_pipe("ontherecord", last=True)


def article_from_doc(doc: Doc, metadata: dict[str, Any]) -> Article:
    """Package a processed Doc and its article metadata as an :class:`Article` record."""
    fields = {k: metadata.get(k) for k in ("id", "title", "url", "outlet", "author", "published")}
    quotes = doc._.quotes
    speakers = doc._.speakers
    if quotes is None:  # pipeline without the component: nothing attributed
        quotes, speakers = [], []
    reporter = fields.get("author") or fields.get("outlet")
    if reporter:
        for quote in quotes:
            if quote.channel == FIRST_PERSON_CHANNEL:
                quote.channel = reporter
    return Article(text=doc.text, quotes=quotes, speakers=speakers, **fields)
