"""Following feeds into a store: the watcher of :mod:`newsum.fetch` with its feed state kept
in the store (the ``Feeds`` role) and its articles going through the same ingest as files.

    store's feed list ──StoreFeedStates──▶ Watcher ──new documents──▶ ingest_documents
    (the stream pipeline: copies, stories) ──▶ the store ──optional──▶ refresh summaries
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, fields

from ..fetch import FeedState, canonical_url
from ..model import Document
from ..store import FeedRecord, Store
from .ingest import IngestReport, ingest_documents

__all__ = ["StoreFeedStates", "deliver_to", "feed_state_from", "state_dict", "feed_status"]

_TIMES = ("next_poll_at", "last_fetch_at")


def state_dict(state: FeedState) -> dict:
    """A feed's state as the store keeps it (JSON: times as ISO text)."""
    data = asdict(state)
    for name in _TIMES:
        data[name] = data[name].isoformat() if data[name] else None
    del data["url"]
    return data


def feed_state_from(url: str, data: dict) -> FeedState:
    known = {f.name for f in fields(FeedState)}
    values = {k: v for k, v in data.items() if k in known and k != "url"}
    for name in _TIMES:
        if values.get(name):
            values[name] = dt.datetime.fromisoformat(values[name])
    return FeedState(url=url, **values)


def feed_status(record: FeedRecord) -> dict:
    """What ``newsum feeds`` and the web page show of a feed (JSON)."""
    state = feed_state_from(record.url, record.state)
    return {"url": record.url, "title": state.title, "added_at": record.added_at.isoformat() if record.added_at else None,
            "last_fetch_at": state.last_fetch_at.isoformat() if state.last_fetch_at else None,
            "next_poll_at": state.next_poll_at.isoformat() if state.next_poll_at else None,
            "last_error": state.last_error, "errors_in_a_row": state.errors, "articles_added": state.articles_added}


class StoreFeedStates:
    """A store seen as the watcher's :class:`~newsum.fetch.FeedStateStore`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def feed_states(self) -> Iterable[FeedState]:
        return [feed_state_from(record.url, record.state) for record in self.store.feeds()]

    def save_feed_state(self, state: FeedState) -> None:
        with self.store.batch():
            self.store.save_feed_state(state.url, state_dict(state))

    def known(self, canonical: str) -> bool:
        return self.store.has_url(canonical)

    def add(self, url: str) -> bool:
        """Follow ``url`` (canonicalized); False when it was followed already."""
        with self.store.batch():
            return self.store.add_feed(canonical_url(url))

    def remove(self, url: str) -> bool:
        with self.store.batch():
            return self.store.remove_feed(canonical_url(url)) or self.store.remove_feed(url)


def deliver_to(store: Store, *, close_after_days: int = 90, after: Callable[[IngestReport], None] | None = None
               ) -> Callable[[list[Document]], int]:
    """The watcher's ``deliver``: the documents go through the ingest (in one batch each
    call); returns how many were new; ``after`` sees each call's report (to refresh)."""

    def deliver(documents: list[Document]) -> int:
        report = ingest_documents(((d, d.url or d.id or "") for d in documents), store, close_after_days=close_after_days)
        if after is not None:
            after(report)
        return report.added

    return deliver
