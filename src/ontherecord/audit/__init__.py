"""The sourcing audit: the gender of each person source (:mod:`.gender`), anonymous-sourcing checks
(:mod:`.anonymity`) and the counts desks run over articles, outlets and months (:mod:`.summary`)."""

from __future__ import annotations

from ..model import Article
from .anonymity import RULES, audit_article
from .gender import NamesUnavailable, assign_genders, name_statistics

__all__ = ["RULES", "NamesUnavailable", "audit_article", "assign_genders", "audited", "name_statistics"]


def audited(article: Article, *, gender_names: bool = False) -> Article:
    """``article`` with each source's gender and the article's audit flags filled in."""
    assign_genders(article.text, article.speakers, names=gender_names)
    article.audit = audit_article(article)
    return article
