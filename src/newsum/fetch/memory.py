"""An in-memory :class:`~newsum.fetch.watch.FeedStateStore` with a ``deliver`` to match:
for tests, the soak benchmark, and as the reference a real store is compared with."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

from ..errors import InputError
from ..model import Document
from .urls import canonical_url
from .watch import FeedState

__all__ = ["MemoryFeedStore"]


class MemoryFeedStore:
    """Feeds, their state and delivered documents, in dictionaries.

    ``deliver`` keeps a document whose id it has not seen and counts the others in
    ``duplicates`` (a watcher that works never makes one). With ``keep_documents=False``
    only ids are kept, so a long soak measures the watcher's memory, not the store's.
    """

    def __init__(self, feeds: Iterable[str] = (), *, keep_documents: bool = True) -> None:
        self.keep_documents = keep_documents
        self._lock = threading.Lock()
        self._states: dict[str, FeedState] = {}
        self.documents: dict[str, Document | None] = {}
        self.duplicates = 0
        self.deliveries = 0
        self.saves = 0
        for url in feeds:
            self.add_feed(url)

    def add_feed(self, url: str, *, title: str | None = None) -> FeedState:
        """Follow the feed at ``url`` (canonicalized); due at once. Adding it again changes nothing."""
        canonical = canonical_url(url)
        with self._lock:
            if canonical not in self._states:
                self._states[canonical] = FeedState(url=canonical, title=title)
            return self._states[canonical]

    def state(self, url: str) -> FeedState:
        with self._lock:
            try:
                return self._states[canonical_url(url)]
            except KeyError:
                raise InputError(f"not following {url}; add it first") from None

    # -- the FeedStateStore protocol ---------------------------------------------------------

    def feed_states(self) -> list[FeedState]:
        with self._lock:
            return list(self._states.values())

    def save_feed_state(self, state: FeedState) -> None:
        with self._lock:
            self._states[state.url] = replace(state)
            self.saves += 1

    def known(self, canonical_url: str) -> bool:
        with self._lock:
            return canonical_url in self.documents

    # -- the deliver callback ----------------------------------------------------------------

    def deliver(self, documents: list[Document]) -> int:
        """Store the documents; how many were new."""
        added = 0
        with self._lock:
            self.deliveries += 1
            for document in documents:
                if document.id in self.documents:
                    self.duplicates += 1
                    continue
                self.documents[document.id] = document if self.keep_documents else None
                added += 1
        return added
