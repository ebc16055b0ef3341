"""A feed entry's page to a :class:`~newsum.model.Document`, or the reason there is none.

The page is the article: a feed's summary is a teaser, so when the page cannot be fetched or
holds no article, the entry gives no document at all (the result says why), rather than a
document made of its teaser.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from ..errors import IngestError, InputError
from ..ingest.decode import check_not_binary, decode
from ..ingest.html import extract_article
from ..language_profiles import word_count
from ..model import Document
from .client import HttpClient
from .feeds import Feed, FeedEntry, html_to_text
from .urls import canonical_url, page_canonical_url

__all__ = ["ArticleResult", "fetch_article", "MIN_ARTICLE_WORDS"]

logger = logging.getLogger(__name__)

#: An article page whose extracted text is shorter than this is not kept: what remains is a
#: video or gallery caption, a paywall teaser or a "this story has moved" stub, none of which
#: a summary can cite. 30 words is about two sentences of a wire brief; the extractor's own
#: floor (8 words, newsum.ingest.html) is for files a user chose and is kept lower on purpose.
MIN_ARTICLE_WORDS = 30


#: When the extractor falls back on a page without an article (a section front, a menu), what
#: it returns is lines of link text. In an article, links sit inside sentences, so whole lines
#: that are a link's text are a headline or two at most; past half the words, it is a list.
_MAX_LINKED_SHARE = 0.5


@dataclass(frozen=True)
class ArticleResult:
    """What became of one entry's page: a ``document``, or the ``reason`` there is none.

    ``url`` is the link asked for; ``canonical`` the article's address after redirects and the
    page's rel=canonical (its document id). ``transient`` says whether asking again later may
    succeed (a timeout, a server error, a host that asked us to wait until ``retry_at``).
    """

    url: str
    document: Document | None = None
    reason: str | None = None
    canonical: str | None = None
    transient: bool = False
    retry_at: dt.datetime | None = None
    elapsed: float = 0.0


def fetch_article(
    entry: FeedEntry | str,
    *,
    client: HttpClient,
    feed: Feed | None = None,
    min_words: int = MIN_ARTICLE_WORDS,
    cancel: threading.Event | None = None,
) -> ArticleResult:
    """Fetch the page an entry links to (or a URL) and extract its article.

    The document's id and url are the canonical URL; its title and date come from the entry
    when it has them (the publisher's own, cleaner than a page's <title>), else from the page;
    its source is the outlet the page names, else the feed's title.
    """
    if isinstance(entry, str):
        entry = FeedEntry(id=entry, link=_canonical_or_none(entry), title=None, published=None, summary="")
    if entry.link is None:
        return ArticleResult(url=entry.id, reason="the entry has no http(s) link")
    fetched = client.get(entry.link, kind="page", cancel=cancel)
    if not fetched.ok:
        reason = fetched.reason or fetched.outcome
        if fetched.outcome == "failed":
            reason = f"page fetch failed: {reason}"
        return ArticleResult(url=entry.link, reason=reason, transient=fetched.transient, retry_at=fetched.retry_at,
                             elapsed=fetched.elapsed)
    final_url = fetched.final_url
    try:
        markup, encoding = _decode_page(fetched.content, fetched.charset, where=final_url)
    except IngestError as error:
        return ArticleResult(url=entry.link, reason=f"not HTML: {error.reason}", elapsed=fetched.elapsed)
    canonical = page_canonical_url(markup, url=final_url)
    try:
        article = extract_article(markup, url=canonical, path=canonical)
    except IngestError:
        words = word_count(html_to_text(markup))
        return ArticleResult(url=entry.link, canonical=canonical, elapsed=fetched.elapsed,
                             reason=f"not an article: no article text among the page's {words} words")
    words = word_count(article.text)
    if words < min_words:
        return ArticleResult(url=entry.link, canonical=canonical, elapsed=fetched.elapsed,
                             reason=f"not an article: only {words} words")
    linked = _linked_words(markup, article.text)
    if linked > _MAX_LINKED_SHARE * words:
        return ArticleResult(url=entry.link, canonical=canonical, elapsed=fetched.elapsed,
                             reason=f"not an article: {linked} of its {words} words are links (a menu or a section front)")
    extra = {"fetched_url": final_url}
    if feed is not None and feed.url:
        extra["feed"] = feed.url
    if entry.id != entry.link:
        extra["entry_id"] = entry.id
    document = Document(
        text=article.text,
        id=canonical,
        url=canonical,
        title=entry.title or article.title,
        date=entry.published or article.date,
        source=_named_outlet(article.outlet, final_url) or (feed.title if feed is not None else None),
        format="html",
        encoding=encoding,
        extra=extra,
    )
    return ArticleResult(url=entry.link, document=document, canonical=canonical, elapsed=fetched.elapsed)


def _named_outlet(outlet: str | None, url: str) -> str | None:
    """The outlet the page names; None when the extractor only echoed the host name (its
    fallback), so that the feed's title, a real name, is used instead."""
    if not outlet:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    echoes = {host, host.removeprefix("www."), parts.netloc.lower(), parts.netloc.lower().removeprefix("www.")}
    return None if outlet.strip().lower() in echoes else outlet


def _canonical_or_none(url: str) -> str | None:
    try:
        return canonical_url(url)
    except InputError:
        return None


def _decode_page(content: bytes, charset: str | None, *, where: str) -> tuple[str, str]:
    """Text of a page: valid UTF-8 as UTF-8 (servers often announce Latin-1 by default for
    pages that are not), else the charset the HTTP header names, else what newsum's reader
    detects (the page's <meta charset>, then a guess)."""
    check_not_binary(content[:8192], path=where)
    if charset:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return content.decode(charset), charset.lower()
            except (LookupError, UnicodeDecodeError):
                logger.debug("%s: header charset %r does not read the page", where, charset)
    return decode(content, path=where, html=True)


class _AnchorTexts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: set[str] = set()
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "a":
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            text = " ".join("".join(self._open.pop()).split())
            if text:
                self.texts.add(text)

    def handle_data(self, data: str) -> None:
        for parts in self._open:
            parts.append(data)


def _linked_words(markup: str, text: str) -> int:
    """Words of ``text`` on lines that are, whole, the text of one of the page's links."""
    anchors = _AnchorTexts()
    anchors.feed(markup)
    anchors.close()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return sum(word_count(line) for line in lines if line in anchors.texts)
