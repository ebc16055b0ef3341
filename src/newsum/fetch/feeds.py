"""Feeds and lists of feeds: RSS/Atom/RDF bytes to entries, OPML and URL lists to feed URLs.

Feed titles and summaries are HTML more often than not, and often escaped twice (a
description holding ``&amp;quot;``). :func:`html_to_text` reads them with a real HTML parser
(the standard library's, so reading feeds needs no extra), keeps paragraphs as lines, and
unescapes once more only when entities are still left after parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import IngestError, InputError
from .urls import canonical_url

__all__ = [
    "Feed",
    "FeedEntry",
    "FeedList",
    "FeedSource",
    "parse_feed",
    "html_to_text",
    "read_feed_list",
    "parse_opml",
    "parse_url_list",
]


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed. ``link`` is canonical (:func:`~newsum.fetch.urls.canonical_url`), or
    None when the entry has no usable http(s) link; ``published`` is UTC; ``summary`` is
    plain text with one paragraph per line."""

    id: str
    link: str | None
    title: str | None
    published: dt.datetime | None
    summary: str


@dataclass(frozen=True)
class Feed:
    """A parsed feed. ``format`` is what feedparser detected (``rss20``, ``atom10``,
    ``rss10`` for RDF ...); ``ttl`` the minutes RSS ``<ttl>`` asks a reader to wait between
    polls; ``problem`` what was wrong with a feed that could still be read."""

    url: str | None
    title: str | None
    format: str
    ttl: int | None
    entries: tuple[FeedEntry, ...]
    problem: str | None = None


def parse_feed(content: bytes, *, url: str | None = None, content_type: str | None = None) -> Feed:
    """Read RSS, Atom or RDF ``content`` fetched from ``url`` (which resolves relative links).

    Raises :class:`IngestError` when the bytes are not a feed at all. A feed with mistakes
    that still yields entries is read, with the mistake in ``Feed.problem``.
    """
    import feedparser

    # No content-location: feedparser would resolve every relative URI against it, guids
    # included (which are opaque ids, not addresses); links are resolved here instead.
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    where = url or "feed"
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise IngestError(
            f"not an RSS, Atom or RDF feed ({problem or 'no feed element'}); check that the URL is the feed's "
            "address, not its web page",
            path=where,
        )
    entries = []
    for entry in parsed.entries:
        link = _entry_link(entry, url)
        title = _detail_text(entry, "title", one_line=True) or None
        summary = _entry_summary(entry)
        published = _entry_date(entry)
        entry_id = entry.get("id") or link or _hash_id(title, summary)
        entries.append(FeedEntry(id=entry_id, link=link, title=title, published=published, summary=summary))
    problem = None
    if parsed.get("bozo"):
        problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    return Feed(
        url=url,
        title=_detail_text(parsed.feed, "title", one_line=True) or None,
        format=parsed.get("version") or "unknown",
        ttl=_ttl(parsed.feed.get("ttl")),
        entries=tuple(entries),
        problem=problem,
    )


def _entry_link(entry, base: str | None) -> str | None:
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links", ()) if link.get("rel", "alternate") == "alternate"]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return canonical_url(candidate, base=base)
        except InputError:
            continue
    return None


def _entry_summary(entry) -> str:
    # Full content when the feed carries it, else the summary (description).
    for content in entry.get("content", ()):
        text = _to_text(content.get("value", ""), content.get("type"))
        if text:
            return text
    return _detail_text(entry, "summary")


def _detail_text(item, name: str, *, one_line: bool = False) -> str:
    value = item.get(name) or ""
    detail = item.get(f"{name}_detail") or {}
    text = _to_text(value, detail.get("type"))
    return " ".join(text.split()) if one_line else text


def _to_text(value: str, media_type: str | None) -> str:
    if media_type == "text/plain":
        return _normalise(_unescape_leftovers(value))
    return html_to_text(value)


def _entry_date(entry) -> dt.datetime | None:
    # feedparser reads every date format feeds use and gives it back as a UTC struct_time.
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            try:
                return dt.datetime(*value[:6], tzinfo=dt.timezone.utc)
            except (TypeError, ValueError):
                continue
    return None


def _ttl(value) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes if minutes > 0 else None


def _hash_id(*parts: str | None) -> str:
    digest = hashlib.sha256("\x1f".join(part or "" for part in parts).encode("utf-8")).hexdigest()
    return "entry-" + digest[:16]


# -- HTML to text ---------------------------------------------------------------------------

# Elements that end a line of text: paragraphs and everything laid out as a block.
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table tbody thead tfoot tr td th ul".split()
)
# Elements whose content is not text a reader sees.
_HIDDEN = frozenset("script style noscript template iframe object svg head".split())
_SPACES = re.compile(r"\s+")
# An entity left after parsing means the publisher escaped the markup twice.
_LEFTOVER_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # A line break in the markup is a space on the page, except inside <pre>.
            self.parts.append(data if self.pre else _SPACES.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment: tags gone, entities read, one paragraph per line,
    spaces inside a line collapsed."""
    if not markup:
        return ""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return _normalise(_unescape_leftovers("".join(collector.parts)))


def _unescape_leftovers(text: str) -> str:
    return html.unescape(text) if _LEFTOVER_ENTITY.search(text) else text


def _normalise(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# -- lists of feeds -------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedSource:
    """A feed to follow: its canonical URL and, from OPML, its title."""

    url: str
    title: str | None = None


@dataclass(frozen=True)
class FeedList:
    """The feeds a file lists, in file order without repeats, and the format detected
    (``"opml"`` or ``"text"``)."""

    format: str
    sources: tuple[FeedSource, ...]


def read_feed_list(path: str | Path) -> FeedList:
    """The feeds listed in an OPML file or a text file of URLs (one per line, ``#`` comments)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read the feed list: {error.strerror}", path=str(path)) from None
    if re.match(rb"\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<opml\b", data, re.S | re.I):
        return FeedList("opml", parse_opml(data, path=str(path)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError("a feed list must be OPML or UTF-8 text with one URL per line", path=str(path)) from None
    return FeedList("text", parse_url_list(text, path=str(path)))


def parse_opml(data: bytes, *, path: str = "OPML") -> tuple[FeedSource, ...]:
    """Every ``<outline xmlUrl=...>`` of an OPML document, folders included, in order."""
    try:
        root = ElementTree.fromstring(data)  # expat (>= 2.4.1) refuses entity-expansion bombs
    except ElementTree.ParseError as error:
        raise IngestError(f"not well-formed OPML ({error}); export the list again from your reader", path=path) from None
    if root.tag.lower() != "opml":
        raise IngestError(f"the root element is <{root.tag}>, not <opml>", path=path)
    sources: list[FeedSource] = []
    for outline in root.iter("outline"):
        attributes = {name.lower(): value for name, value in outline.attrib.items()}
        url = attributes.get("xmlurl", "").strip()
        if not url:
            continue  # a folder
        try:
            canonical = canonical_url(url)
        except InputError as error:
            raise IngestError(f"outline {attributes.get('text') or attributes.get('title') or ''!r}: {error.reason}",
                              path=path) from None
        title = (attributes.get("title") or attributes.get("text") or "").strip() or None
        sources.append(FeedSource(canonical, title))
    return _unique(sources)


def parse_url_list(text: str, *, path: str = "feed list") -> tuple[FeedSource, ...]:
    """Feed URLs, one per line; blank lines and ``#`` comments (whole lines, or after a space)
    are ignored."""
    sources = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if not line:
            continue
        try:
            sources.append(FeedSource(canonical_url(line)))
        except InputError as error:
            raise IngestError(f"{error.reason}; write one feed URL per line, # for comments", path=path,
                              line=number) from None
    return _unique(sources)


def _unique(sources: list[FeedSource]) -> tuple[FeedSource, ...]:
    seen: set[str] = set()
    unique = []
    for source in sources:
        if source.url not in seen:
            seen.add(source.url)
            unique.append(source)
    return tuple(unique)
