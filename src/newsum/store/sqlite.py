"""The SQLite store: one file, WAL journal, one transaction per batch, full-text search.

Schema version 5 (``meta.schema_version``); :data:`MIGRATIONS` brings older files up to date
and a file from a newer newsum is refused. A writing run takes a lock file beside the
database (``writing``), so two ingests at once serialize, or the second fails at once when
asked not to wait; each batch is a ``BEGIN IMMEDIATE`` transaction; readers never block (WAL).
Times are stored as fixed-width ISO 8601 text in UTC, so that text order is time order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import utc_time
from .sql import SQLStore, StoreError, fts_terms, query_stems

__all__ = ["SQLiteStore", "SCHEMA_VERSION", "StoreError", "MIGRATIONS"]

SCHEMA_VERSION = 5

_SCHEMA_1 = [
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS articles (
        key TEXT PRIMARY KEY, id TEXT, url TEXT, source TEXT, date TEXT, title TEXT, text TEXT NOT NULL,
        fingerprint TEXT NOT NULL, story_id TEXT, copy_of TEXT, position INTEGER NOT NULL, ingested_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id)",
    "CREATE INDEX IF NOT EXISTS articles_date ON articles (date)",
    "CREATE INDEX IF NOT EXISTS articles_url ON articles (url)",
    """CREATE TABLE IF NOT EXISTS article_history (
        key TEXT NOT NULL, fingerprint TEXT, title TEXT, text TEXT, replaced_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS article_history_key ON article_history (key)",
    """CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY, status TEXT NOT NULL DEFAULT 'open', follow_up_of TEXT, changed INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT, last_seen TEXT, size INTEGER NOT NULL DEFAULT 0, headline TEXT,
        outlets TEXT NOT NULL DEFAULT '[]', outlet_count INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS stories_size ON stories (size)",
    "CREATE INDEX IF NOT EXISTS stories_listing ON stories (last_seen DESC, id)",
    "CREATE INDEX IF NOT EXISTS stories_last_seen ON stories (last_seen)",
    "CREATE INDEX IF NOT EXISTS stories_changed ON stories (changed)",
    "CREATE TABLE IF NOT EXISTS story_aliases (old TEXT PRIMARY KEY, new TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cold_terms (term TEXT NOT NULL, story_id TEXT NOT NULL, weight REAL NOT NULL, closed_on TEXT)",
    "CREATE INDEX IF NOT EXISTS cold_terms_term ON cold_terms (term, closed_on)",
    "CREATE TABLE IF NOT EXISTS open_stories (id TEXT PRIMARY KEY, state TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS vocabulary (term TEXT PRIMARY KEY, df INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dup_bands (band TEXT NOT NULL, article TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dup_bands_band ON dup_bands (band)",
    "CREATE TABLE IF NOT EXISTS dup_signatures (article TEXT PRIMARY KEY, signature BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS digests (
        story_id TEXT PRIMARY KEY, summary TEXT NOT NULL, insight TEXT NOT NULL, version TEXT, computed_at TEXT, view TEXT)""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61')",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
]
#: Version 2 (issue 14): story grouping weighs words by a background idf, so the stream's
#: document frequencies are no longer kept. Open stories saved by version 1 keep their old
#: form and are read by the new grouper (newsum.semantic.stories.StoryProfile.from_state).
_SCHEMA_2 = ["DROP TABLE IF EXISTS vocabulary"]
#: Version 3 (issue 17): search per language. Each article has a language and its words as
#: stems of that language (``articles_terms``, one row per article, rowid = the article's):
#: a query is read in each language of the store and matched against that language's
#: articles. The token characters include combining marks, so Hindi words stay whole.
_SCHEMA_3 = [
    "ALTER TABLE articles ADD COLUMN language TEXT",
    "CREATE INDEX IF NOT EXISTS articles_language ON articles (language)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_terms USING fts5(terms, tokenize="unicode61 categories 'L* N* M* Co' remove_diacritics 0")""",
    """CREATE TRIGGER IF NOT EXISTS articles_terms_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_terms WHERE rowid = old.rowid; END""",
    # The English-only index it replaces.
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TABLE IF EXISTS articles_fts",
]
#: Version 4 (issue 18): times in UTC. ``articles.published`` is the article's date as UTC
#: text (``date`` keeps what was given, for output); stories' first and last publication are
#: rewritten in UTC (they were compared as given text, which sorts mixed offsets wrongly).
#: A change counter for caches, and the feeds ``newsum watch`` follows.
_SCHEMA_4 = [
    "ALTER TABLE articles ADD COLUMN published TEXT",
    "CREATE INDEX IF NOT EXISTS articles_published ON articles (published)",
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT INTO counters(name, value) VALUES ('changes', 0) ON CONFLICT(name) DO NOTHING",
    "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, added_at TEXT, state TEXT NOT NULL DEFAULT '{}')",
]
#: Version 5: articles waiting to be grouped in publication order while another writer may
#: still deliver earlier ones, and the writers' horizons (see newsum.stream.ingest).
_SCHEMA_5 = [
    """CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, published TEXT,
        document TEXT NOT NULL, profile TEXT NOT NULL, writer TEXT)""",
    "CREATE INDEX IF NOT EXISTS pending_published ON pending (published)",
    "CREATE TABLE IF NOT EXISTS writers (id TEXT PRIMARY KEY, lock INTEGER NOT NULL, horizon TEXT)",
]
#: SQL that takes a file from version N-1 to N (version 1: an empty file).
MIGRATIONS: dict[int, list[str]] = {1: _SCHEMA_1, 2: _SCHEMA_2, 3: _SCHEMA_3, 4: _SCHEMA_4, 5: _SCHEMA_5}


def _utc_text(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00") if value is not None else None


class SQLiteStore(SQLStore):
    """A newsum store in one SQLite file. ``readonly`` opens it for reading only (the web
    page, ``newsum stories``); writing a run takes :meth:`writing` (the lock) and each batch
    :meth:`batch` (a transaction)."""

    def __init__(self, path: str | os.PathLike, *, readonly: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.location = str(self.path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no such store; create it with `newsum ingest SOURCE --db {self.path}`")
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self._use_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _use_wal(self) -> None:
        """Switch the file to WAL (once: the mode stays with the file). The switch does not wait
        on the busy timeout: two processes opening one new file at once (two ingests started
        together) get "database is locked" for it, so it is retried, for as long as the timeout."""
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # -- the dialect --------------------------------------------------------------------------

    def _begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def _time_param(self, value: dt.datetime | None) -> Any:
        return _utc_text(value)

    def _time_value(self, value: Any) -> dt.datetime | None:
        return utc_time(value)

    def _outlets_sql(self) -> str:
        return "SELECT json_group_array(DISTINCT source) FROM articles WHERE story_id = ? AND source IS NOT NULL AND source != ''"

    def _index_terms(self, key: str, terms: str) -> None:
        """An article's words as stems of its language (see _SCHEMA_3), under its rowid."""
        (rowid,) = self.db.execute("SELECT rowid FROM articles WHERE key = ?", (key,)).fetchone()
        self.db.execute("DELETE FROM articles_terms WHERE rowid = ?", (rowid,))
        self.db.execute("INSERT INTO articles_terms(rowid, terms) VALUES (?, ?)", (rowid, terms))

    def _search_language(self, parts: list[tuple[str, str]], language: str, limit: int) -> list[tuple[str, str]]:
        out: list[str] = []
        for kind, stems in query_stems(parts, language):
            if kind in ("OR", "NOT", "AND"):
                out.append(kind)
            elif kind == "phrase":
                out.append('"' + " ".join(stems).replace('"', '""') + '"')
            else:
                out.append(" AND ".join('"' + stem.replace('"', '""') + '"' for stem in stems))
        if not out:
            return []
        return self.db.execute(
            "SELECT a.key, a.story_id FROM articles_terms t JOIN articles a ON a.rowid = t.rowid"
            " WHERE articles_terms MATCH ? AND a.language = ? ORDER BY rank LIMIT ?",
            (" ".join(out), language, limit),
        ).fetchall()

    # -- schema -------------------------------------------------------------------------------

    def _version(self) -> int:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()
        except sqlite3.DatabaseError as error:
            if "no such table" in str(error):
                tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise StoreError(f"{self.path}: an SQLite file, but not a newsum store (no meta table)") from None
                return 0
            raise StoreError(f"{self.path}: not an SQLite database ({error})") from None
        return int(row[0]) if row else 0

    def _has_column(self, table: str, column: str) -> bool:
        return any(row[1] == column for row in self.db.execute(f"PRAGMA table_info({table})"))

    def _migrate(self) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store has schema version {version}, newer than this newsum understands "
                f"({SCHEMA_VERSION}); upgrade newsum (pip install -U newsum) to read it"
            )
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreError(f"{self.path}: the store needs an upgrade (schema {version} -> {SCHEMA_VERSION}); open it once for writing (newsum ingest) first")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    added = statement.split("ADD COLUMN ")[1].split()[0] if "ADD COLUMN" in statement else None
                    if added and self._has_column("articles", added):
                        continue  # re-run on a file that has it (a store rolled back by hand)
                    self.db.execute(statement)
                if target == 3:
                    # Articles stored before: their language and search terms, once.
                    from ..language import text_language

                    for key, title, text in self.db.execute("SELECT key, title, text FROM articles").fetchall():
                        language = text_language(text) or "en"
                        self.db.execute("UPDATE articles SET language = ? WHERE key = ?", (language, key))
                        self._index_terms(key, fts_terms(title, text, language))
                if target == 4:
                    rows = self.db.execute("SELECT key, date FROM articles WHERE date IS NOT NULL").fetchall()
                    self.db.executemany("UPDATE articles SET published = ? WHERE key = ?", [(_utc_text(utc_time(d)), k) for k, d in rows])
                    rows = self.db.execute("SELECT id, first_seen, last_seen FROM stories").fetchall()
                    self.db.executemany("UPDATE stories SET first_seen = ?, last_seen = ? WHERE id = ?",
                                        [(_utc_text(utc_time(f)), _utc_text(utc_time(l)), i) for i, f, l in rows])
            self.db.execute("INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- writing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, *, wait: bool = True) -> Iterator[None]:
        """Hold the store's write lock for a run (a lock file beside it, released when the
        process ends, even by kill -9): a second writer waits, or fails at once when ``wait``
        is False."""
        handle = open(Path(str(self.path) + ".lock"), "a+")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise StoreError(f"{self.path}: another newsum process is writing to this store; wait for it to finish, or run again without --no-wait to queue") from None
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
