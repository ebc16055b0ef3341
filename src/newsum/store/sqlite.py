"""The SQLite store: one file, WAL journal, one transaction per batch, full-text search.

Schema version 1 (``meta.schema_version``); :data:`MIGRATIONS` brings older files up to date
and a file from a newer newsum is refused. Writers take a lock file beside the database, so
two ingests at once serialize (or the second fails at once with a clear message, when asked
not to wait); readers never block (WAL).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..language import text_language
from ..terms import reading, stems_of, tokens
from .base import ArticleRecord, StoryRecord

__all__ = ["SQLiteStore", "open_store", "SCHEMA_VERSION", "StoreError"]

SCHEMA_VERSION = 3

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
#: SQL that takes a file from version N-1 to N (version 1: an empty file).
MIGRATIONS: dict[int, list[str]] = {1: _SCHEMA_1, 2: _SCHEMA_2, 3: _SCHEMA_3}


_QUERY_PART = re.compile(r'"([^"]*)"|(\bOR\b|\bNOT\b|\bAND\b)|([^\s"]+)')


def _query_parts(query: str) -> list[tuple[str, str]]:
    """("phrase" | "operator" | "words", text) of a search query."""
    if query.count('"') % 2:
        raise ValueError(f"unclosed quotation mark in {query!r}")
    parts = []
    for phrase, operator, words in _QUERY_PART.findall(query):
        parts.append(("phrase", phrase) if phrase else ("operator", operator) if operator else ("words", words))
    return parts


def _fts_query(parts: list[tuple[str, str]], language: str) -> str:
    """The FTS5 query over ``articles_terms`` for ``parts`` read in ``language``."""
    out: list[str] = []
    with reading(language):
        for kind, text in parts:
            if kind == "operator":
                if out and out[-1] not in ("OR", "NOT", "AND"):
                    out.append(text)
                continue
            stems = stems_of(tokens(text))
            if stems:
                out.append('"' + " ".join(stems).replace('"', '""') + '"' if kind == "phrase" else
                           " AND ".join('"' + stem.replace('"', '""') + '"' for stem in stems))
    while out and out[-1] in ("OR", "NOT", "AND"):
        out.pop()
    return " ".join(out)


class StoreError(InputError):
    """A store that cannot be used as asked (newer schema, busy, not a newsum store)."""


class SQLiteStore:
    """A newsum store in one SQLite file. ``readonly`` opens it for reading only (the web
    page, ``newsum stories``); writing needs :meth:`writing` (the lock) and :meth:`batch`
    (a transaction)."""

    def __init__(self, path: str | os.PathLike, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no such store; create it with `newsum ingest SOURCE --db {self.path}`")
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self._lock_file = None
        self._migrate()

    # -- schema ----------------------------------------------------------------------------

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
        with self.batch():
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    if statement.startswith("ALTER TABLE articles ADD COLUMN language") and self._has_column("articles", "language"):
                        continue  # re-run on a file that has it (a store rolled back by hand)
                    self.db.execute(statement)
                if target == 3:
                    # Articles stored before: their language and search terms, once.
                    rows = self.db.execute("SELECT rowid, title, text FROM articles").fetchall()
                    for rowid, title, text in rows:
                        self._index_terms(rowid, title, text)
            self.db.execute("INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    # -- writing -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, *, wait: bool = True) -> Iterator[None]:
        """Hold the store's write lock (a lock file beside it, released when the process ends,
        even by kill -9): a second writer waits, or fails at once when ``wait`` is False."""
        lock_path = Path(str(self.path) + ".lock")
        handle = open(lock_path, "a+")
        try:
            flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
            try:
                fcntl.flock(handle, flags)
            except BlockingIOError:
                raise StoreError(f"{self.path}: another newsum process is writing to this store; wait for it to finish, or run again without --no-wait to queue") from None
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: everything inside is written, or nothing is."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- articles ----------------------------------------------------------------------------

    def article(self, key: str) -> ArticleRecord | None:
        row = self.db.execute(
            "SELECT key, id, url, source, date, title, text, fingerprint, story_id, copy_of, position FROM articles WHERE key=?", (key,)
        ).fetchone()
        return ArticleRecord(*row) if row else None

    def next_position(self) -> int:
        return (self.db.execute("SELECT max(position) FROM articles").fetchone()[0] or 0) + 1

    def put_article(self, article: ArticleRecord, *, replaced: ArticleRecord | None = None) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        if replaced is not None:
            self.db.execute(
                "INSERT INTO article_history(key, fingerprint, title, text, replaced_at) VALUES (?, ?, ?, ?, ?)",
                (replaced.key, replaced.fingerprint, replaced.title, replaced.text, now),
            )
            self.db.execute(
                "UPDATE articles SET id=?, url=?, source=?, date=?, title=?, text=?, fingerprint=? WHERE key=?",
                (article.id, article.url, article.source, article.date, article.title, article.text, article.fingerprint, article.key),
            )
            (rowid,) = self.db.execute("SELECT rowid FROM articles WHERE key=?", (article.key,)).fetchone()
            self.db.execute("DELETE FROM articles_terms WHERE rowid=?", (rowid,))
            self._index_terms(rowid, article.title, article.text, article.language)
            if replaced.story_id:
                self.db.execute("UPDATE stories SET changed=1 WHERE id=?", (replaced.story_id,))
            return
        cursor = self.db.execute(
            "INSERT INTO articles(key, id, url, source, date, title, text, fingerprint, story_id, copy_of, position, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.key, article.id, article.url, article.source, article.date, article.title, article.text,
             article.fingerprint, article.story_id, article.copy_of, article.position, now),
        )
        self._index_terms(cursor.lastrowid, article.title, article.text, article.language)
        if article.story_id:
            self._touch_story(article.story_id, article.date, _headline(article))
            self._count_outlets(article.story_id)

    def _count_outlets(self, story_id: str) -> None:
        """A story's outlet names and their number (an article without an outlet counts as
        one), kept on the story's row so that listing never reads its articles."""
        self.db.execute(
            "UPDATE stories SET outlets=(SELECT json_group_array(DISTINCT source) FROM articles WHERE story_id=?1 AND source IS NOT NULL AND source != ''),"
            " outlet_count=(SELECT count(DISTINCT coalesce(nullif(source, ''), key)) FROM articles WHERE story_id=?1) WHERE id=?1",
            (story_id,),
        )

    def _touch_story(self, story_id: str, date: str | None, headline: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO stories(id, first_seen, last_seen, size, changed, headline) VALUES (?, ?, ?, 1, 1, ?)"
            " ON CONFLICT(id) DO UPDATE SET size=size+1, changed=1, headline=coalesce(headline, excluded.headline),"
            " first_seen=CASE WHEN excluded.first_seen IS NOT NULL AND (first_seen IS NULL OR excluded.first_seen < first_seen) THEN excluded.first_seen ELSE first_seen END,"
            " last_seen=CASE WHEN excluded.last_seen IS NOT NULL AND (last_seen IS NULL OR excluded.last_seen > last_seen) THEN excluded.last_seen ELSE last_seen END",
            (story_id, date, date, headline),
        )

    def set_follow_up(self, story_id: str, follow_up_of: str) -> None:
        self.db.execute("UPDATE stories SET follow_up_of=? WHERE id=?", (follow_up_of, story_id))

    def close_story(self, story_id: str) -> None:
        """A story closes: later copies of its articles start new stories, so its articles'
        MinHash bands leave the index (which then holds open stories only)."""
        self.db.execute("UPDATE stories SET status='closed' WHERE id=?", (story_id,))
        self.db.execute("DELETE FROM dup_bands WHERE article IN (SELECT key FROM articles WHERE story_id=?)", (story_id,))
        self.db.execute("DELETE FROM dup_signatures WHERE article IN (SELECT key FROM articles WHERE story_id=?)", (story_id,))

    def merge_stories(self, gone: str, kept: str) -> None:
        """``gone``'s articles join ``kept``; ``gone`` still resolves to ``kept``."""
        self.db.execute("UPDATE articles SET story_id=? WHERE story_id=?", (kept, gone))
        self.db.execute("INSERT OR REPLACE INTO story_aliases(old, new) VALUES (?, ?)", (gone, kept))
        self.db.execute("UPDATE story_aliases SET new=? WHERE new=?", (kept, gone))
        row = self.db.execute("SELECT first_seen, last_seen, size FROM stories WHERE id=?", (gone,)).fetchone()
        if row:
            first, last, size = row
            self.db.execute(
                "UPDATE stories SET size=size+?, changed=1,"
                " first_seen=CASE WHEN ? IS NOT NULL AND (first_seen IS NULL OR ? < first_seen) THEN ? ELSE first_seen END,"
                " last_seen=CASE WHEN ? IS NOT NULL AND (last_seen IS NULL OR ? > last_seen) THEN ? ELSE last_seen END WHERE id=?",
                (size, first, first, first, last, last, last, kept),
            )
            self.db.execute("DELETE FROM stories WHERE id=?", (gone,))
            self.db.execute("DELETE FROM digests WHERE story_id=?", (gone,))
            self._count_outlets(kept)

    # -- grouping state ------------------------------------------------------------------------

    def save_open_story(self, story_id: str, state: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO open_stories(id, state) VALUES (?, ?)", (story_id, json.dumps(state)))

    def drop_open_story(self, story_id: str) -> None:
        self.db.execute("DELETE FROM open_stories WHERE id=?", (story_id,))

    def open_stories(self) -> Iterator[tuple[str, dict]]:
        for story_id, state in self.db.execute("SELECT id, state FROM open_stories ORDER BY id"):
            yield story_id, json.loads(state)

    def save_state(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO state(name, value) VALUES (?, ?)", (name, json.dumps(value)))

    def load_state(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM state WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    # closed stories' signatures, for follow-ups (the grouper's ColdStories)

    def add(self, story_id: str, signature: dict[str, float], closed_on: dt.date | None = None) -> None:
        day = closed_on.isoformat() if closed_on else None
        self.db.executemany("INSERT INTO cold_terms(term, story_id, weight, closed_on) VALUES (?, ?, ?, ?)", [(t, story_id, w, day) for t, w in signature.items()])

    def most_similar(self, vector: dict[str, float], since: dt.date | None = None) -> tuple[str | None, float]:
        """The closed story (closed on or after ``since``) whose signature is closest."""
        if not vector:
            return None, 0.0
        terms = list(vector)
        scores: dict[str, float] = {}
        marks = ",".join("?" * len(terms))
        query = f"SELECT term, story_id, weight FROM cold_terms WHERE term IN ({marks})"
        params: list = list(terms)
        if since is not None:
            query += " AND (closed_on IS NULL OR closed_on >= ?)"
            params.append(since.isoformat())
        for term, story_id, weight in self.db.execute(query, params):
            scores[story_id] = scores.get(story_id, 0.0) + weight * vector[term]
        if not scores:
            return None, 0.0
        best = max(sorted(scores), key=lambda s: scores[s])
        return best, scores[best]

    # near-duplicates

    def duplicate_candidates(self, bands: Iterable[str]) -> Iterator[tuple[str, np.ndarray]]:
        bands = list(bands)
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            f"SELECT DISTINCT s.article, s.signature FROM dup_bands b JOIN dup_signatures s ON s.article=b.article WHERE b.band IN ({marks})", bands
        )
        for article, blob in rows:
            yield article, np.frombuffer(blob, dtype=np.uint64)

    def add_duplicate_signature(self, article: str, bands: list[str], signature: np.ndarray) -> None:
        self.db.execute("INSERT OR REPLACE INTO dup_signatures(article, signature) VALUES (?, ?)", (article, signature.astype(np.uint64).tobytes()))
        self.db.executemany("INSERT INTO dup_bands(band, article) VALUES (?, ?)", [(b, article) for b in bands])

    # -- reading stories -------------------------------------------------------------------------

    def resolve_story(self, story_id: str) -> str:
        seen = set()
        while story_id not in seen:
            seen.add(story_id)
            row = self.db.execute("SELECT new FROM story_aliases WHERE old=?", (story_id,)).fetchone()
            if not row:
                return story_id
            story_id = row[0]
        return story_id

    def story_article_list(self, story_id: str) -> list[dict]:
        """A story's articles without their text, in publication order (for pages)."""
        rows = self.db.execute(
            "SELECT key, id, url, source, date, title, copy_of FROM articles WHERE story_id=? ORDER BY coalesce(date, ''), position", (story_id,)
        )
        return [{"key": k, "id": i or k, "url": u, "source": s, "date": d, "title": t, "copy_of": c} for k, i, u, s, d, t, c in rows]

    def story_header(self, story_id: str) -> dict | None:
        """A story's id, size, dates, headline and status, without reading its articles."""
        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT id, size, first_seen, last_seen, headline, status, follow_up_of FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "size", "first_seen", "last_seen", "headline", "status", "follow_up_of")
        header = dict(zip(keys, row))
        header["outlets"] = json.loads(self.db.execute("SELECT outlets FROM stories WHERE id=?", (story_id,)).fetchone()[0])
        return header

    def page_view(self, story_id: str) -> dict | None:
        row = self.db.execute("SELECT view FROM digests WHERE story_id=?", (self.resolve_story(story_id),)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def all_articles(self) -> Iterator[ArticleRecord]:
        """Every article, in the order it was ingested (streamed: memory does not grow)."""
        cursor = self.db.execute(
            "SELECT key, id, url, source, date, title, text, fingerprint, story_id, copy_of, position FROM articles ORDER BY position"
        )
        for row in cursor:
            yield ArticleRecord(*row)

    def story_articles(self, story_id: str) -> list[ArticleRecord]:
        rows = self.db.execute(
            "SELECT key, id, url, source, date, title, text, fingerprint, story_id, copy_of, position FROM articles"
            " WHERE story_id=? ORDER BY coalesce(date, ''), position",
            (story_id,),
        )
        return [ArticleRecord(*row) for row in rows]

    def _story_record(self, story_id: str, status: str, follow_up_of: str | None) -> StoryRecord:
        # Without the articles' text: only the first article's is read, and only if no article has a title.
        articles = self.db.execute(
            "SELECT key, id, url, source, date, title FROM articles WHERE story_id=? ORDER BY coalesce(date, ''), position", (story_id,)
        ).fetchall()
        outlets = tuple(dict.fromkeys(source for _, _, _, source, _, _ in articles if source))
        dates = [date for _, _, _, _, date, _ in articles if date]
        headline = next((title for *_, title in articles if title), None)
        if headline is None and articles:
            headline = _headline(self.article(articles[0][0]))
        return StoryRecord(
            story_id, tuple(id_ or url or key for key, id_, url, *_ in articles), outlets, min(dates) if dates else None,
            max(dates) if dates else None, headline, status, follow_up_of,
        )

    def story(self, story_id: str) -> StoryRecord | None:
        story_id = self.resolve_story(story_id)
        row = self.db.execute("SELECT id, status, follow_up_of FROM stories WHERE id=?", (story_id,)).fetchone()
        return self._story_record(*row) if row else None

    def stories(self, *, since: str | None = None, min_outlets: int = 1) -> Iterator[StoryRecord]:
        # outlet_count is kept by _count_outlets (an article without an outlet counts as its own).
        where: list[str] = []
        params: list = []
        if min_outlets > 1:
            where.append("outlet_count >= ?")
            params.append(min_outlets)
        if since:
            where.append("last_seen >= ?")
            params.append(since)
        query = "SELECT id, status, follow_up_of FROM stories" + (" WHERE " + " AND ".join(where) if where else "")
        query += " ORDER BY coalesce(last_seen, '') DESC, id"
        for row in self.db.execute(query, params).fetchall():
            yield self._story_record(*row)

    def story_rows(self, *, since: str | None = None, min_outlets: int = 1, ids: set[str] | None = None, order: str = "latest",
                   limit: int = 50, offset: int = 0) -> list[dict]:
        """A page of stories for listing (one query; no article is read): id, size, outlets,
        first and last publication, headline; latest first, or largest first."""
        where, params = ["outlet_count >= ?"], [min_outlets]
        if since:
            where.append("last_seen >= ?")
            params.append(since)
        if ids is not None:
            if not ids:
                return []
            where.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(sorted(ids))
        order_by = "size DESC, coalesce(last_seen, '') DESC, id" if order == "size" else "coalesce(last_seen, '') DESC, id"
        query = (f"SELECT id, size, first_seen, last_seen, headline, status, outlets FROM stories WHERE {' AND '.join(where)}"
                 f" ORDER BY {order_by} LIMIT ? OFFSET ?")
        rows = self.db.execute(query, (*params, limit, offset))
        return [{"id": i, "size": n, "outlets": sorted(json.loads(o)), "first_seen": f, "last_seen": l, "headline": h, "status": st}
                for i, n, f, l, h, st, o in rows]

    def counts(self) -> dict[str, int]:
        return {
            "articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "copies": self.db.execute("SELECT count(*) FROM articles WHERE copy_of IS NOT NULL").fetchone()[0],
            "stories": self.db.execute("SELECT count(*) FROM stories").fetchone()[0],
            "updates": self.db.execute("SELECT count(*) FROM article_history").fetchone()[0],
        }

    def _has_column(self, table: str, column: str) -> bool:
        return any(row[1] == column for row in self.db.execute(f"PRAGMA table_info({table})"))

    def _index_terms(self, rowid: int, title: str | None, text: str, language: str | None = None) -> None:
        """An article's language (the one it was grouped in, else its text's, as
        :func:`newsum.language.document_language` tells it) and its words as stems of that
        language (see _SCHEMA_3)."""
        self.db.execute("DELETE FROM articles_terms WHERE rowid=?", (rowid,))
        language = language or text_language(text) or "en"
        with reading(language):
            terms = " ".join(stems_of(tokens(f"{title or ''}\n{text}")))
        self.db.execute("UPDATE articles SET language=? WHERE rowid=?", (language, rowid))
        self.db.execute("INSERT INTO articles_terms(rowid, terms) VALUES (?, ?)", (rowid, terms))

    def search(self, query: str, *, limit: int = 50) -> list[tuple[str, str]]:
        """(article key, story id) of articles matching ``query`` (words, all of which must be
        there, "quoted phrases", OR, NOT), each language's articles matched by the query's
        stems in that language (a query of one word cannot tell its own language), best
        first. A query that does not parse (an unclosed quote) raises ValueError."""
        parts = _query_parts(query)
        found: list[tuple[str, str]] = []
        languages = [row[0] for row in self.db.execute("SELECT DISTINCT language FROM articles WHERE language IS NOT NULL ORDER BY language")]
        for language in languages:
            match = _fts_query(parts, language)
            if not match:
                continue
            found += self.db.execute(
                "SELECT a.key, a.story_id FROM articles_terms t JOIN articles a ON a.rowid=t.rowid"
                " WHERE articles_terms MATCH ? AND a.language=? ORDER BY rank LIMIT ?",
                (match, language, limit),
            ).fetchall()
        return found[:limit]

    # -- digests (summary and insight, computed by refresh) ------------------------------------------

    def stale_stories(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM stories WHERE changed=1 ORDER BY id")]

    def save_digest(self, story_id: str, summary: dict, insight: dict, version: str, view: dict | None = None) -> None:
        """A story's summary and insight as computed, and ``view``: what its page shows, ready."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.db.execute(
            "INSERT OR REPLACE INTO digests(story_id, summary, insight, version, computed_at, view) VALUES (?, ?, ?, ?, ?, ?)",
            (story_id, json.dumps(summary, ensure_ascii=False), json.dumps(insight, ensure_ascii=False), version, now,
             json.dumps(view, ensure_ascii=False) if view is not None else None),
        )
        self.db.execute("UPDATE stories SET changed=0 WHERE id=?", (story_id,))

    def digest(self, story_id: str) -> tuple[dict, dict] | None:
        row = self.db.execute("SELECT summary, insight FROM digests WHERE story_id=?", (self.resolve_story(story_id),)).fetchone()
        return (json.loads(row[0]), json.loads(row[1])) if row else None

    def close(self) -> None:
        self.db.close()


def _headline(article: ArticleRecord) -> str | None:
    if article.title and article.title.strip():
        return article.title.strip()
    first = " ".join(article.text.split())
    return first.split(". ")[0][:160] if first else None


def open_store(path: str | os.PathLike, *, readonly: bool = False) -> SQLiteStore:
    """The store at ``path`` (created when writing and absent)."""
    return SQLiteStore(path, readonly=readonly)
