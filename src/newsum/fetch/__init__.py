"""Feeds and pages by URL, for ``newsum watch`` and ``newsum feeds``.

The pipeline of one poll, one module each::

    HttpClient.get(feed)  ->  parse_feed  ->  canonical links  ->  fetch_article  ->  deliver
       client.py             feeds.py          urls.py             articles.py       watch.py

:class:`Watcher` runs it on a schedule against any :class:`FeedStateStore`;
:class:`MemoryFeedStore` is the in-memory one for tests. Nothing here raises for what a
server does: fetches and articles come back as values that say what happened.
"""

from __future__ import annotations

from .articles import MIN_ARTICLE_WORDS, ArticleResult, fetch_article
from .client import USER_AGENT, FetchResult, HttpClient
from .feeds import Feed, FeedEntry, FeedList, FeedSource, html_to_text, parse_feed, parse_opml, parse_url_list, read_feed_list
from .memory import MemoryFeedStore
from .urls import canonical_url, page_canonical_url, same_site
from .watch import FeedState, FeedStateStore, PollReport, Watcher

__all__ = [
    "HttpClient",
    "FetchResult",
    "USER_AGENT",
    "canonical_url",
    "page_canonical_url",
    "same_site",
    "Feed",
    "FeedEntry",
    "parse_feed",
    "html_to_text",
    "FeedSource",
    "FeedList",
    "read_feed_list",
    "parse_opml",
    "parse_url_list",
    "ArticleResult",
    "fetch_article",
    "MIN_ARTICLE_WORDS",
    "FeedState",
    "FeedStateStore",
    "PollReport",
    "Watcher",
    "MemoryFeedStore",
]
