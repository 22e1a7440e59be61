"""The attribution engine: quotation marks and syntactic cues linked into attributed quotes.

:func:`attribute` runs the stages in this order, each in its own module:

1. the text view (:mod:`.view`): paragraphs, headings and quoted spans from the marks alone
   (:mod:`.quotemarks`, :mod:`.headings`), cue frames from the parse (:mod:`.cues`);
2. the linking passes, each adding drafts (:mod:`.drafts`) for what the earlier ones left:
   direct and mixed quotes (:mod:`.direct`), citations (:mod:`.citations`), indirect quotes
   (:mod:`.indirect`), labelled headlines (:mod:`.labels`), block quotes (:mod:`.block_quotes`);
3. the refiners (:mod:`.refiners`): the reranker (accurate mode), then the tagger's spans;
4. article entities (:mod:`.entities`): every mention of a person, organization, group or document,
   linked; speakers (:mod:`.speakers`) resolved from each draft's source mention and its entity, in cue order;
5. the passes that need speakers: continuations (:mod:`.continuations`), floating quotes (:mod:`.floating`);
6. the content style (:mod:`.content_style`), then fronted content (:mod:`.fronted`);
7. records (:mod:`.records`): quotes, speakers and the figures inside each quote (:mod:`.figures`).

Any other quoted words (scare quotes, terms, titles) are not attributed.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Quote, Speaker
from .block_quotes import block_quotes
from .citations import bracket_citations
from .content_style import apply_content_style, check_content_style
from .continuations import continuations
from .direct import link_direct
from .drafts import Draft
from .entities import entity_index
from .floating import floating
from .fronted import take_fronted_content
from .indirect import indirect
from .labels import label_prefixes
from .lexicon import load_lexicon
from .non_answers import separate_non_answers
from .records import records
from .refiners import Refiner
from .speakers import SpeakerResolver
from .view import TextView


def attribute(
    doc: Doc,
    reranker: Refiner | None = None,
    content_style: str = "clean",
    tagged: Refiner | None = None,
) -> tuple[list[Quote], list[Speaker]]:
    """Quotes and speakers of one parsed article (article metadata is applied later, in
    :func:`ontherecord.component.package_article`). With a ``reranker`` (accurate mode) the
    trained model chooses among the rules' drafts and its own candidates before speakers are resolved.
    ``content_style`` "polnear" starts indirect content at its "that", as PolNeAR's annotators do.
    ``tagged``: a token tagger's spans for this text (:class:`ontherecord.tagger.hints.TaggedSpans`):
    a draft whose source mention no tagged Source span confirms takes the nearest one in its cue's
    sentence, and in the polnear style the tagger's attributions whose content no draft covers are added."""
    check_content_style(content_style)
    text = doc.text  # Doc.text is rebuilt from the tokens on every access: read it once
    if not text.strip():
        return [], []
    view = TextView(doc, text, load_lexicon())

    drafts = link_direct(view, content_style)
    drafts += bracket_citations(view, drafts)
    drafts += indirect(view, drafts)
    drafts += label_prefixes(view, drafts)
    drafts += block_quotes(view, drafts)
    for refiner in (reranker, tagged):
        if refiner is not None:
            drafts = refiner.refine(view, drafts, content_style)
    drafts.sort(key=lambda d: d.start)

    entities = entity_index(doc, text, [outer for span in view.spans for outer in span.outer])
    reported = [p for d in drafts for p in d.pieces]
    resolver = SpeakerResolver(doc, text, view.lexicon, view.paragraph_of, reported, article_entities=entities)
    resolve_speakers(drafts, resolver)
    drafts += continuations(view, drafts, resolver)
    drafts += floating(view, drafts, resolver)
    drafts = [d for d in drafts if d.speaker is not None or d.cue is not None]
    apply_content_style(view, drafts, content_style, reranked=reranker is not None)
    take_fronted_content(view, drafts)
    drafts.sort(key=lambda d: d.start)
    return separate_non_answers(text, *records(text, drafts, resolver))


def resolve_speakers(drafts: list[Draft], resolver: SpeakerResolver) -> None:
    """Each draft's speaker from its cue's source mention, in the order of the cues."""
    for draft in sorted(drafts, key=lambda d: d.cue.cue_start if d.cue else d.start):
        if draft.cue is not None and draft.cue.source_head is not None:
            cue = draft.cue
            relative = (cue.relative.idx, cue.relative.idx + len(cue.relative.text)) if cue.relative is not None else None
            draft.speaker = resolver.resolve(cue.source_head, cue.source_start, cue.source_end, mention_at=relative)
