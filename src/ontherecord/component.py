"""The attribution engine as a spaCy component: ``nlp.add_pipe("ontherecord")``.

Results are set on ``doc._.quotes`` (list of :class:`~ontherecord.model.Quote`) and
``doc._.speakers`` (list of :class:`~ontherecord.model.Speaker`); offsets index ``doc.text``.
"""

from __future__ import annotations

import os
import re
import warnings
from bisect import bisect_left
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from .engine import CONTENT_STYLES, FIRST_PERSON_CHANNEL, MODES, attribute, renumber_speakers, split_paragraphs
from .model import Article
from .tokenizer import bound_tokenizer

if TYPE_CHECKING:
    from .tagger.hints import TaggedSpans
    from .tagger.infer import Tagger

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)
if not Doc.has_extension("attribution_error"):
    Doc.set_extension("attribution_error", default=None)


ACCURATE_MODEL_ENV = "ONTHERECORD_ACCURATE_MODEL"  # a model directory from `ontherecord train` (default: the shipped one)
TAGGER_ENV = "ONTHERECORD_TAGGER"  # "bundled" or a MiniLM tagger directory whose spans guide the engine
BUNDLED_TAGGER = "bundled"  # the int8 MiniLM tagger shipped in ontherecord/models/tagger


def accurate_model_dir(configured: str | None = None) -> str | None:
    """Accurate mode's model directory: the one configured, else $ONTHERECORD_ACCURATE_MODEL, else
    None (the shipped model)."""
    return configured or os.environ.get(ACCURATE_MODEL_ENV) or None


def tagger_choice(configured: str | None = None) -> str | None:
    """The tagger chosen: the one configured, else $ONTHERECORD_TAGGER, else None (no tagger)."""
    return configured or os.environ.get(TAGGER_ENV) or None


def tagger_dir(configured: str | None = None) -> str | None:
    """The chosen tagger's directory ("bundled": the one shipped in the package), or None."""
    chosen = tagger_choice(configured)
    if chosen == BUNDLED_TAGGER:
        return str(resources.files("ontherecord") / "models" / "tagger")
    return chosen


class AttributionComponent:
    """Finds quotes, cues, speakers, channels and figures in a parsed Doc.

    ``mode="accurate"`` lets the trained reranker choose among the rules' drafts and its own
    candidates; the model directory is ``reranker`` or $ONTHERECORD_ACCURATE_MODEL or the shipped one.
    ``tagger`` (or $ONTHERECORD_TAGGER): "bundled" or a MiniLM tagger directory whose Source spans
    correct the speakers' mentions and, in the polnear style, whose content adds attributions
    (:mod:`ontherecord.tagger.hints`; needs the accurate extra).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        mode: str = "fast",
        reranker: str | None = None,
        content_style: str = "clean",
        tagger: str | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if content_style not in CONTENT_STYLES:
            raise ValueError(f"content_style must be one of {', '.join(CONTENT_STYLES)}, not {content_style!r}")
        self.name = name
        self.mode = mode
        self.content_style = content_style
        self.reranker_dir = accurate_model_dir(reranker)
        self.tagger_dir = tagger_dir(tagger)

    def _reranker(self):
        if self.mode != "accurate":
            return None
        from .reranker.reranker import load_reranker  # loaded on the first article, then cached

        return load_reranker(self.reranker_dir)

    def _tagger(self) -> Tagger | None:
        if self.tagger_dir is None:
            return None
        from .tagger.infer import TaggerUnavailable
        from .tagger.hints import load_tagger  # loaded on the first article, then cached; torch too

        try:
            return load_tagger(self.tagger_dir)
        except TaggerUnavailable as exc:  # fall back, once, with the reason and the cure
            warnings.warn(f"{exc}. Running without the tagger.", stacklevel=2)
            self.tagger_dir = None
            return None

    @staticmethod
    def _tagged(tagger: Tagger | None, text: str) -> TaggedSpans | None:
        if tagger is None:
            return None
        from .tagger.hints import tagged_spans

        return tagged_spans(tagger, text)

    def __call__(self, doc: Doc) -> Doc:
        reranker = self._reranker()  # a missing or broken model fails loudly, not per article
        tagger = self._tagger()  # likewise a directory with no tagger (without the extra it falls back)
        try:
            tagged = self._tagged(tagger, doc.text)
            quotes, speakers = attribute(doc, reranker=reranker, content_style=self.content_style, tagged=tagged)
        except Exception as exc:  # one odd article must not stop nlp.pipe over a corpus
            doc._.attribution_error = f"attribution failed: {type(exc).__name__}: {exc}"
            quotes, speakers = [], []
        doc._.quotes = quotes
        doc._.speakers = speakers
        return doc


@Language.factory(
    "ontherecord",
    requires=["token.dep", "token.lemma", "token.ent_type"],
    default_config={"mode": "fast", "reranker": None, "content_style": "clean", "tagger": None},
)
def make_attribution_component(
    nlp: Language, name: str, mode: str, reranker: str | None, content_style: str, tagger: str | None
) -> AttributionComponent:
    return AttributionComponent(nlp, name, mode, reranker, content_style, tagger)


@Language.component("ontherecord_paragraphs")
def mark_paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, before the parser runs.

    News text puts one paragraph (or heading) per line; without this the parser happily
    runs a sentence across "U.S.\n\nCorn said ...". The parser keeps preset boundaries.
    """
    text = doc.text
    token_starts = doc.to_array(IDX).tolist()
    starts = [p.start for p in split_paragraphs(text)[1:]]
    starts += [m.end() for m in DATELINE.finditer(text)]
    for start in starts:
        i = bisect_left(token_starts, start)
        if 0 < i < len(doc) and token_starts[i] == start:
            doc[i].is_sent_start = True
    return doc


# "WASHINGTON -- President Obama ... said": a dateline is not the subject of the first sentence
DATELINE = re.compile(r"(?m)^[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3}(?: \([^)\n]{1,30}\))?[ \u00a0]*(?:--|—|–)[ \u00a0]*(?=\S)")


def add_to_pipeline(nlp: Language, mode: str = "fast", content_style: str = "clean", tagger: str | None = None) -> None:
    """Add the paragraph splitter (before the parser) and the attribution component (last), and
    bound the tokenizer's cost per character (:mod:`ontherecord.tokenizer`)."""
    bound_tokenizer(nlp)
    if "ontherecord_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("ontherecord_paragraphs", before=before)
    if "ontherecord" not in nlp.pipe_names:
        config = {"mode": mode, "content_style": content_style, "tagger": tagger}
        nlp.add_pipe("ontherecord", last=True, config=config)


def article_from_doc(doc: Doc, metadata: dict[str, Any]) -> Article:
    """Package a processed Doc and its article metadata as an :class:`Article` record."""
    quotes = doc._.quotes
    speakers = doc._.speakers
    if quotes is None:  # pipeline without the component: nothing attributed
        quotes, speakers = [], []
    return package_article(doc.text, quotes, speakers, metadata)


def package_article(text: str, quotes: list, speakers: list, metadata: dict[str, Any]) -> Article:
    """The article record: metadata applied (bylines dropped, "told me" → the author or outlet)."""
    fields = {k: metadata.get(k) for k in ("id", "title", "url", "outlet", "author", "published")}
    quotes, speakers = _without_bylines(quotes, speakers, [fields.get("author"), fields.get("outlet")])
    reporter = fields.get("author") or fields.get("outlet")
    if reporter:
        for quote in quotes:
            if quote.channel == FIRST_PERSON_CHANNEL:
                quote.channel = reporter
    return Article(text=text, quotes=quotes, speakers=speakers, **fields)


def _without_bylines(quotes: list, speakers: list, names: list[str | None]) -> tuple[list, list]:
    """ "Ken Klippenstein: Leaked DC Troop Deployment Order" is the author's byline, not a quote."""
    own = {name.casefold() for name in names if name}
    if not own:
        return quotes, speakers
    bylines = {
        q.id
        for q in quotes
        if q.cue is not None and q.cue.text == ":" and q.speaker is not None and (q.speaker.name or "").casefold() in own
    }
    if not bylines:
        return quotes, speakers
    quotes = [q for q in quotes if q.id not in bylines]
    new_ids = {q.id: f"q{n}" for n, q in enumerate(quotes, start=1)}
    for quote in quotes:
        quote.id = new_ids[quote.id]
    for speaker in speakers:
        speaker.quotes = [new_ids[qid] for qid in speaker.quotes if qid in new_ids]
    return quotes, renumber_speakers(quotes, [s for s in speakers if s.quotes])
