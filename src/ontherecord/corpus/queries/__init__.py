"""The read side of the store: every query of the Python API, the CLI and the explorer, as the
methods of :class:`~ontherecord.corpus.Corpus` (one mixin per subject) plus the filters they take."""

from .articles import ARTICLE_COLUMNS
from .audit import FLAG_RULE_COLUMNS, GENDER_COLUMNS, OUTLET_GENDER_COLUMNS, PEOPLE_GENDER_COLUMNS
from .citations import CITATION_COLUMNS, CITATION_LINK_COLUMNS
from .clusters import APPEARANCE_COLUMNS, CLUSTER_COLUMNS, COPY_COLUMNS, VARIANT_COLUMNS
from .export import EXPORT_FORMATS
from .filters import (
    FLAG_FILTERS,
    GENDER_FILTERS,
    ArticleFilters,
    BadFilter,
    NulInFilter,
    PageRequest,
    QuoteFilters,
    check_text,
    page_of,
)
from .people import (
    ENTITY_COLUMNS,
    ENTITY_MEMBER_COLUMNS,
    ENTITY_TIMELINE_COLUMNS,
    ORGANIZATION_COLUMNS,
    SPEAKER_COLUMNS,
)
from .quotes import QUOTE_COLUMNS, QUOTE_ROW_COLUMNS
from .runs import RUN_COLUMNS
from .stats import OUTLET_COLUMNS

__all__ = [
    "APPEARANCE_COLUMNS", "CITATION_COLUMNS", "CITATION_LINK_COLUMNS", "CLUSTER_COLUMNS", "COPY_COLUMNS", "VARIANT_COLUMNS",
    "ARTICLE_COLUMNS", "ENTITY_COLUMNS", "FLAG_FILTERS", "FLAG_RULE_COLUMNS", "GENDER_FILTERS", "GENDER_COLUMNS", "OUTLET_GENDER_COLUMNS",
    "PEOPLE_GENDER_COLUMNS", "ENTITY_MEMBER_COLUMNS", "ENTITY_TIMELINE_COLUMNS", "EXPORT_FORMATS",
    "ORGANIZATION_COLUMNS", "OUTLET_COLUMNS", "QUOTE_COLUMNS", "QUOTE_ROW_COLUMNS", "RUN_COLUMNS", "SPEAKER_COLUMNS",
    "ArticleFilters", "BadFilter", "NulInFilter", "PageRequest", "QuoteFilters", "check_text", "page_of",
]
