"""What a store is: the records it keeps and the roles it plays for the pipeline.

A store plays five roles, one protocol each, so that a caller names the role it needs:

    Articles     the articles as ingested (identity, text, story), in order
    StoryIndex   the grouping state: open stories, closed ones for follow-ups, near-duplicate
                 signatures, merges and aliases
    Stories      stories for reading: one, a listing, a page of rows
    Digests      each story's computed summary and insight, and which are stale
    Search       full-text search over the articles, per language
    Feeds        the feeds ``newsum watch`` follows and their fetch state

plus :class:`Transactions` (a batch is one transaction; a change counter for caches). Every
backend (:mod:`.sqlite`, :mod:`.postgres`) implements all of them, and one contract suite
(``tests/store/test_contract.py``) runs against each. Times in the interface are UTC-aware
datetimes; an article's ``date`` also keeps the ISO text it was given, for output.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "ArticleRecord", "StoryRecord", "FeedRecord", "utc_time",
    "Transactions", "Articles", "StoryIndex", "Stories", "Digests", "Search", "Feeds", "Store",
]


def utc_time(value: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    """``value`` as a UTC-aware datetime: a day is its midnight in UTC, a time without an
    offset is taken as UTC; None (or text that is no ISO 8601 date) stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            try:
                value = dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class ArticleRecord:
    """An article as stored: ``key`` is its identity (its id, else its URL, else its content
    fingerprint); ``copy_of`` the key of the article it republishes, if any."""

    key: str
    id: str | None
    url: str | None
    source: str | None
    date: str | None  # ISO 8601 as given (for output); compare :attr:`published`
    title: str | None
    text: str
    fingerprint: str
    story_id: str | None = None
    copy_of: str | None = None
    position: int = 0  # the order of ingestion
    #: ISO 639-1 code of its language, as the ingest grouped it (None: detected when stored).
    language: str | None = None
    #: The stems full-text search indexes (:func:`newsum.store.sql.fts_terms`), when the caller
    #: computed them already (the batch does, on its workers); None: computed when stored.
    terms: str | None = field(default=None, compare=False, repr=False)

    @property
    def published(self) -> dt.datetime | None:
        """When it was published, in UTC (what stores sort and compare)."""
        return utc_time(self.date)


@dataclass(frozen=True)
class StoryRecord:
    id: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    headline: str | None
    status: str  # "open" or "closed"
    follow_up_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "headline": self.headline,
            "status": self.status,
            "follow_up_of": self.follow_up_of,
        }


@dataclass(frozen=True)
class FeedRecord:
    """A feed that ``newsum watch`` follows, and where its polling stands."""

    url: str
    added_at: dt.datetime | None = None
    #: The fetcher's own state (ETag, Last-Modified, next poll, last error, counts), as it saves it.
    state: dict[str, Any] = field(default_factory=dict)


class Transactions(Protocol):
    def batch(self) -> contextlib.AbstractContextManager[None]:
        """One transaction that also serializes grouping across writers: everything inside is
        written, or nothing is; a second writer's batch waits for it."""

    def writing(self, *, wait: bool = True) -> contextlib.AbstractContextManager[None]:
        """The right to write for a whole run (the SQLite file's lock; a no-op where batches
        serialize writers themselves)."""

    def changes(self) -> int:
        """A number that grows with every committed batch: a cache is fresh while it stands."""

    def close(self) -> None: ...


class Articles(Protocol):
    def article(self, key: str) -> ArticleRecord | None: ...

    def put_article(self, article: ArticleRecord, *, replaced: ArticleRecord | None = None) -> None: ...

    def next_position(self) -> int: ...

    def all_articles(self) -> Iterator[ArticleRecord]: ...

    def story_articles(self, story_id: str) -> list[ArticleRecord]: ...

    def counts(self) -> dict[str, int]: ...


class StoryIndex(Protocol):
    def resolve_story(self, story_id: str) -> str: ...

    def merge_stories(self, gone: str, kept: str) -> None: ...

    def close_story(self, story_id: str) -> None: ...

    def set_follow_up(self, story_id: str, follow_up_of: str) -> None: ...

    def save_open_story(self, story_id: str, state: dict) -> None: ...

    def drop_open_story(self, story_id: str) -> None: ...

    def open_stories(self) -> Iterator[tuple[str, dict]]: ...

    def save_state(self, name: str, value: Any) -> None: ...

    def load_state(self, name: str) -> Any: ...

    # closed stories' signatures, for follow-ups (the grouper's cold stories)
    def add(self, story_id: str, signature: dict[str, float], closed_on: dt.date | None = None) -> None: ...

    def most_similar(self, vector: dict[str, float], since: dt.date | None = None) -> tuple[str | None, float]: ...

    def cold_signatures(self) -> dict[str, dict[str, float]]: ...

    # articles waiting to be grouped in publication order, and the writers that may precede them
    def enter_writer(self, writer: str) -> None: ...

    def advance_writer(self, writer: str, horizon: dt.datetime) -> None: ...

    def leave_writer(self, writer: str) -> None: ...

    def after_leaving(self, writer: str) -> None: ...

    def watermark(self) -> tuple[bool, dt.datetime | None]: ...

    def submit_pending(self, rows: list[tuple[str, dt.datetime | None, str, str, str]]) -> None: ...

    def pending_keys(self, keys: list[str]) -> set[str]: ...

    def ready_pending(self) -> list[tuple[str, str, str]]: ...

    def drop_pending(self, keys: list[str]) -> None: ...

    # near-duplicate signatures of open stories' articles
    def duplicate_candidates(self, bands: Iterable[str]) -> Iterator[tuple[str, Any]]: ...

    def add_duplicate_signature(self, article: str, bands: list[str], signature: Any) -> None: ...


class Stories(Protocol):
    def story(self, story_id: str) -> StoryRecord | None: ...

    def stories(self, *, since: dt.datetime | None = None, min_outlets: int = 1) -> Iterator[StoryRecord]: ...

    def story_rows(self, *, since: dt.datetime | None = None, min_outlets: int = 1, ids: set[str] | None = None,
                   order: str = "latest", limit: int = 50, offset: int = 0) -> list[dict]: ...

    def story_header(self, story_id: str) -> dict | None: ...

    def story_article_list(self, story_id: str) -> list[dict]: ...


class Digests(Protocol):
    def stale_stories(self) -> list[str]: ...

    def save_digest(self, story_id: str, summary: dict, insight: dict, version: str, view: dict | None = None) -> None: ...

    def digest(self, story_id: str) -> tuple[dict, dict] | None: ...

    def page_view(self, story_id: str) -> dict | None: ...


class Search(Protocol):
    def search(self, query: str, *, limit: int = 50) -> list[tuple[str, str]]: ...


class Feeds(Protocol):
    def add_feed(self, url: str) -> bool: ...

    def remove_feed(self, url: str) -> bool: ...

    def feeds(self) -> list[FeedRecord]: ...

    def save_feed_state(self, url: str, state: dict[str, Any]) -> None: ...

    def has_url(self, url: str) -> bool: ...


class Store(Transactions, Articles, StoryIndex, Stories, Digests, Search, Feeds, Protocol):
    """Every role: what ``open_store`` returns."""

    #: The store's address with any password hidden (for messages and the web page).
    location: str
