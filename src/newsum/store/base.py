"""The store's interface: what the stream pipeline and the readers of stories need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["ArticleRecord", "StoryRecord", "Store"]


@dataclass(frozen=True)
class ArticleRecord:
    """An article as stored: ``key`` is its identity (its id, else its URL, else its content
    fingerprint); ``copy_of`` the key of the article it republishes, if any."""

    key: str
    id: str | None
    url: str | None
    source: str | None
    date: str | None  # ISO 8601 as given
    title: str | None
    text: str
    fingerprint: str
    story_id: str | None = None
    copy_of: str | None = None
    position: int = 0  # the order of ingestion
    #: ISO 639-1 code of its language, as the ingest grouped it (None: detected when stored).
    language: str | None = None


@dataclass(frozen=True)
class StoryRecord:
    id: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    headline: str | None
    status: str  # "open" or "closed"
    follow_up_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "headline": self.headline,
            "status": self.status,
            "follow_up_of": self.follow_up_of,
        }


class Store(Protocol):
    """What a store does. Writes happen inside :meth:`batch` (one transaction)."""

    def batch(self) -> Any: ...

    def article(self, key: str) -> ArticleRecord | None: ...

    def put_article(self, article: ArticleRecord, *, replaced: ArticleRecord | None = None) -> None: ...

    def set_story(self, key: str, story_id: str, *, copy_of: str | None = None) -> None: ...

    def stories(self, *, since: dt.datetime | None = None, min_outlets: int = 1) -> Iterator[StoryRecord]: ...

    def story(self, story_id: str) -> StoryRecord | None: ...

    def story_articles(self, story_id: str) -> list[ArticleRecord]: ...

    def resolve_story(self, story_id: str) -> str: ...

    def save_state(self, name: str, value: Any) -> None: ...

    def load_state(self, name: str) -> Any: ...

    def stale_stories(self) -> Iterable[str]: ...

    def save_digest(self, story_id: str, summary: dict, insight: dict, version: str) -> None: ...

    def digest(self, story_id: str) -> tuple[dict, dict] | None: ...

    def close(self) -> None: ...
