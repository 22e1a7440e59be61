"""The attribution engine as a spaCy component: ``nlp.add_pipe("ontherecord")``.

Results are read from ``doc._.quotes`` (list of :class:`~ontherecord.model.Quote`) and
``doc._.speakers`` (list of :class:`~ontherecord.model.Speaker`); offsets index ``doc.text``.
Both are getters over plain data in ``doc._.attribution`` (lists of dicts), so a Doc keeps its
results through ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=2)``.

An article the engine fails on raises :class:`AttributionFailed` through spaCy's error handler
(``nlp.set_error_handler``); :func:`record_article_error`, the handler
:func:`ontherecord.load_pipeline` installs, records it in ``doc._.attribution_error`` instead,
and the batch goes on. The model directories are the component's config (:mod:`ontherecord.config`);
``to_disk`` saves them with the pipeline.
"""

from __future__ import annotations

import re
import shutil
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import srsly
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import raise_error

from .audit import audited
from .config import EngineConfig, resolve_tagger
from .engine import CONTENT_STYLES, FIRST_PERSON_CHANNEL, MODES, attribute, renumber_speakers, split_paragraphs
from .engine.media import confirm_citations, find_citations
from .model import Article, ArticleInput, MediaCitation, Quote, Speaker, quote_from_dict, speaker_from_dict
from .tokenizer import bound_tokenizer

if TYPE_CHECKING:
    from .tagger.hints import TaggedSpans
    from .tagger.infer import Tagger

CONFIG_FILE = "config.json"
RERANKER_SUBDIR = "reranker"
TAGGER_SUBDIR = "tagger"
ErrorHandler = Callable[[str, Any, list[Doc], Exception], Any]


def _quotes(doc: Doc) -> list[Quote] | None:
    stored = doc._.attribution
    return None if stored is None else [quote_from_dict(q) for q in stored["quotes"]]


def _speakers(doc: Doc) -> list[Speaker] | None:
    stored = doc._.attribution
    return None if stored is None else [speaker_from_dict(s) for s in stored["speakers"]]


if not Doc.has_extension("attribution"):
    Doc.set_extension("attribution", default=None)  # {"quotes", "speakers", "citations": [dict]}: serialisable
if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=_quotes)
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", getter=_speakers)
if not Doc.has_extension("attribution_error"):
    Doc.set_extension("attribution_error", default=None)


class AttributionFailed(RuntimeError):
    """The engine failed on one article (the message names the original exception)."""


def record_article_error(name: str, component: Any, docs: list[Doc], error: Exception) -> None:
    """An error handler that isolates articles: an :class:`AttributionFailed` is recorded in each
    doc's ``doc._.attribution_error`` (the doc has no results) and the batch goes on; any other
    error (a missing or unreadable model) stops it."""
    if not isinstance(error, AttributionFailed):
        raise error
    for doc in docs:
        doc._.attribution = None
        doc._.attribution_error = str(error)


class AttributionComponent:
    """Finds quotes, cues, speakers, channels and figures in a parsed Doc.

    ``mode="accurate"`` lets the trained reranker choose among the rules' drafts and its own
    candidates; its directory is ``reranker`` (None: the shipped one). ``tagger``: None, "bundled"
    or a MiniLM tagger directory whose Source spans correct the speakers' mentions and, in the
    polnear style, whose content adds attributions (:mod:`ontherecord.tagger.hints`;
    needs the accurate extra).
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
        self.reranker_dir = reranker or None
        self.tagger_dir = resolve_tagger(tagger)
        self._error_handler: ErrorHandler = raise_error

    def _reranker(self):
        if self.mode != "accurate":
            return None
        from .reranker.reranker import load_reranker  # loaded on the first article, then cached

        return load_reranker(self.reranker_dir)

    def _tagger(self) -> Tagger | None:
        if self.tagger_dir is None:
            return None
        from .tagger.hints import load_tagger  # loaded on the first article, then cached; torch too
        from .tagger.infer import TaggerUnavailable

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
            citations = find_citations(doc)
        except Exception as exc:
            raise AttributionFailed(f"attribution failed: {type(exc).__name__}: {exc}") from exc
        doc._.attribution = {"quotes": [asdict(q) for q in quotes], "speakers": [asdict(s) for s in speakers],
                             "citations": [asdict(c) for c in citations]}
        doc._.attribution_error = None
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Each doc attributed in turn; a doc the error handler lets pass is yielded too (without
        results), so the output stays aligned with the input."""
        for doc in docs:
            try:
                yield self(doc)
            except Exception as exc:
                self._error_handler(self.name, self, [doc], exc)
                yield doc

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self._error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        return self._error_handler

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None) -> None:
        """Load the reranker and the tagger now rather than on the first article."""
        self._reranker()
        self._tagger()

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """The config and, beside it, the weights the component runs with (reranker in accurate mode, tagger)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / CONFIG_FILE, {"mode": self.mode, "content_style": self.content_style})
        if self.mode == "accurate":
            from .reranker.reranker import shipped_model_dir

            _copy_directory(Path(self.reranker_dir or shipped_model_dir()), path / RERANKER_SUBDIR)
        if self.tagger_dir is not None:
            _copy_directory(Path(self.tagger_dir), path / TAGGER_SUBDIR)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AttributionComponent:
        path = Path(path)
        config = srsly.read_json(path / CONFIG_FILE)
        self.mode, self.content_style = config["mode"], config["content_style"]
        reranker, tagger = path / RERANKER_SUBDIR, path / TAGGER_SUBDIR
        self.reranker_dir = str(reranker) if reranker.is_dir() else None
        self.tagger_dir = str(tagger) if tagger.is_dir() else None
        return self


def _copy_directory(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


@Language.factory(
    "ontherecord",
    requires=["token.dep", "token.lemma", "token.ent_type"],
    assigns=["doc._.attribution", "doc._.quotes", "doc._.speakers", "doc._.attribution_error"],
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


def add_to_pipeline(nlp: Language, config: EngineConfig) -> None:
    """Add the paragraph splitter (before the parser) and the attribution component (last, with
    ``config``'s engine options), and bound the tokenizer's cost per character (:mod:`ontherecord.tokenizer`)."""
    bound_tokenizer(nlp)
    if "ontherecord_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("ontherecord_paragraphs", before=before)
    if "ontherecord" not in nlp.pipe_names:
        nlp.add_pipe("ontherecord", last=True, config=config.component_config())


def article_from_doc(
    doc: Doc, metadata: ArticleInput | dict[str, Any], *, gender_names: bool = False, outlets: Iterable[str] = ()
) -> Article:
    """Package a processed Doc and its article metadata as an :class:`Article` record (``outlets``: the
    corpus's own, which count as outlets a story can cite: :func:`~ontherecord.engine.media.confirm_citations`)."""
    quotes = doc._.quotes
    speakers = doc._.speakers
    if quotes is None:  # pipeline without the component: nothing attributed
        quotes, speakers = [], []
    stored = (doc._.attribution or {}).get("citations") or []
    citations = [MediaCitation.from_dict(c) for c in stored]
    return package_article(doc.text, quotes, speakers, metadata, gender_names=gender_names, citations=citations,
                           outlets=outlets)


def package_article(
    text: str, quotes: list, speakers: list, metadata: ArticleInput | dict[str, Any], *, gender_names: bool = False,
    citations: list[MediaCitation] | None = None, outlets: Iterable[str] = (),
) -> Article:
    """The article record: metadata applied (bylines dropped, "told me" → the author or outlet), its media
    citations confirmed, the sources' genders and the audit flags (:mod:`ontherecord.audit`;
    ``gender_names``: name statistics too)."""
    record = metadata if isinstance(metadata, ArticleInput) else ArticleInput.from_mapping(metadata)
    fields = record.metadata()
    quotes, speakers = _without_bylines(quotes, speakers, [fields.get("author"), fields.get("outlet")])
    reporter = fields.get("author") or fields.get("outlet")
    if reporter:
        for quote in quotes:
            if quote.channel == FIRST_PERSON_CHANNEL:
                quote.channel = reporter
    article = Article(text=text, quotes=quotes, speakers=speakers, **fields)
    confirm_citations(article, citations or [], outlets)
    return audited(article, gender_names=gender_names)


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
    return quotes, renumber_speakers(quotes, speakers)
