"""Where newsum keeps a stream: articles, their stories, each story's summary and insight,
and the feeds it follows.

The pipeline talks to a store through the role protocols of :mod:`.base`; :func:`open_store`
picks the backend from the address: a path or ``sqlite:///path`` for the embedded SQLite
file (:mod:`.sqlite`), ``postgresql://…`` for a server shared by several machines
(:mod:`.postgres`).
"""

from __future__ import annotations

import os

from .base import ArticleRecord, FeedRecord, Store, StoryRecord, utc_time
from .sql import StoreError

__all__ = ["Store", "ArticleRecord", "StoryRecord", "FeedRecord", "StoreError", "open_store", "store_location", "utc_time"]

_POSTGRES = ("postgresql://", "postgres://")


def store_location(address: str | os.PathLike) -> str:
    """The address as messages show it (a password hidden)."""
    from .postgres import redact

    return redact(str(address))


def open_store(address: str | os.PathLike, *, readonly: bool = False) -> Store:
    """The store at ``address`` (a SQLite file is created when writing and absent; a
    PostgreSQL database gets its tables)."""
    text = str(address)
    if text.startswith(_POSTGRES):
        from .postgres import PostgresStore

        return PostgresStore(text, readonly=readonly)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]  # sqlite:///news.db is news.db; sqlite:////srv/news.db is /srv/news.db
    elif "://" in text:
        raise StoreError(f"{store_location(text)}: not a store address; give a file path, sqlite:///PATH or postgresql://USER@HOST/DB")
    from .sqlite import SQLiteStore

    return SQLiteStore(text, readonly=readonly)
