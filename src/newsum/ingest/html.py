"""HTML pages to article text, title, date and outlet, with trafilatura (the `html` extra)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import IngestError, InputError, MissingDependency
from ..language_profiles import word_count
from ..model import parse_date

__all__ = ["ExtractedArticle", "extract_article"]

logger = logging.getLogger(__name__)

# Fewer words than this is a menu or a link the extractor fell back on, not an article: the
# shortest wire brief we know of ("Police said the suspect was arrested Tuesday.") has 8.
_MIN_ARTICLE_WORDS = 8


@dataclass(frozen=True)
class ExtractedArticle:
    text: str
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None


def extract_article(html: str, *, url: str | None = None, path: str, line: int | None = None) -> ExtractedArticle:
    """The main article of an HTML page.

    ``favor_precision`` keeps in-article "Advertisement" labels and related-link boxes out
    (measured: without it they leak into the text). When precision finds nothing, a second
    pass favours recall before we give up: short pages are articles too.
    """
    try:
        import trafilatura
    except ImportError:
        raise MissingDependency("Reading HTML", "html", "trafilatura") from None

    extracted = None
    for options in ({"favor_precision": True}, {"favor_recall": True}):
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, **options
        )
        if extracted is not None and word_count(extracted.text or "") >= _MIN_ARTICLE_WORDS:
            break
    else:
        raise IngestError(
            "no article text found in this HTML (it may be an index, a login or an error page); "
            "give the article page itself, or its text in a .txt file",
            path=path,
            line=line,
        )
    return ExtractedArticle(
        text=extracted.text,
        title=extracted.title or None,
        date=_iso_or_none(extracted.date),
        outlet=extracted.sitename or None,
        url=extracted.url or url,
    )


def _iso_or_none(value: str | None) -> str | None:
    """An extracted date is the extractor's reading of the page: keep it only when it is ISO 8601."""
    try:
        parse_date(value, what="date")
    except InputError:
        logger.debug("ignoring extracted date %r: not ISO 8601", value)
        return None
    return value or None
