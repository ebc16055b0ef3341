"""The PostgreSQL store: one database shared by several machines (the ``postgres`` extra,
psycopg 3).

    open_store("postgresql://user:password@host/db")

Several writers at once: each batch takes a transaction-scoped advisory lock before it
reads the grouping state, so batches of two ingests run one after the other while fetching,
extraction and embedding (outside the batch) run in parallel; the ingest re-reads the
grouping state whenever the change counter says another writer committed. Readers never
wait. Times are ``timestamptz``. Full-text search is PostgreSQL's own (``tsvector`` with the
``simple`` configuration) over the same per-language stems as the SQLite store, so both find
the same articles. Schema version 2 (``meta.schema_version``), migrated like SQLite's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import MissingDependency
from .sql import SQLStore, StoreError, query_stems

__all__ = ["PostgresStore", "SCHEMA_VERSION", "redact"]

SCHEMA_VERSION = 2

#: One number for every newsum store in a database: the grouping lock's key.
_GROUPING_LOCK = 7_203_117_554
#: The first key of each writer's session lock (the second is the writer's own number).
_WRITERS = 72_031

_SCHEMA_1 = [
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS articles (
        key TEXT PRIMARY KEY, id TEXT, url TEXT, source TEXT, date TEXT, published TIMESTAMPTZ, title TEXT, text TEXT NOT NULL,
        fingerprint TEXT NOT NULL, story_id TEXT, copy_of TEXT, position BIGINT NOT NULL, ingested_at TIMESTAMPTZ,
        language TEXT, terms TSVECTOR)""",
    "CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id)",
    "CREATE INDEX IF NOT EXISTS articles_published ON articles (published)",
    "CREATE INDEX IF NOT EXISTS articles_url ON articles (url)",
    "CREATE INDEX IF NOT EXISTS articles_position ON articles (position)",
    "CREATE INDEX IF NOT EXISTS articles_language ON articles (language)",
    "CREATE INDEX IF NOT EXISTS articles_terms ON articles USING GIN (terms)",
    "CREATE TABLE IF NOT EXISTS article_history (key TEXT NOT NULL, fingerprint TEXT, title TEXT, text TEXT, replaced_at TIMESTAMPTZ)",
    "CREATE INDEX IF NOT EXISTS article_history_key ON article_history (key)",
    """CREATE TABLE IF NOT EXISTS stories (
        id TEXT PRIMARY KEY, status TEXT NOT NULL DEFAULT 'open', follow_up_of TEXT, changed INTEGER NOT NULL DEFAULT 1,
        first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, size INTEGER NOT NULL DEFAULT 0, headline TEXT,
        outlets TEXT NOT NULL DEFAULT '[]', outlet_count INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS stories_size ON stories (size)",
    "CREATE INDEX IF NOT EXISTS stories_listing ON stories (last_seen DESC, id)",
    "CREATE INDEX IF NOT EXISTS stories_changed ON stories (changed)",
    "CREATE TABLE IF NOT EXISTS story_aliases (old TEXT PRIMARY KEY, new TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cold_terms (term TEXT NOT NULL, story_id TEXT NOT NULL, weight DOUBLE PRECISION NOT NULL, closed_on TEXT)",
    "CREATE INDEX IF NOT EXISTS cold_terms_term ON cold_terms (term, closed_on)",
    "CREATE TABLE IF NOT EXISTS open_stories (id TEXT PRIMARY KEY, state TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dup_bands (band TEXT NOT NULL, article TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dup_bands_band ON dup_bands (band)",
    "CREATE INDEX IF NOT EXISTS dup_bands_article ON dup_bands (article)",
    "CREATE TABLE IF NOT EXISTS dup_signatures (article TEXT PRIMARY KEY, signature BYTEA NOT NULL)",
    "CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS digests (
        story_id TEXT PRIMARY KEY, summary TEXT NOT NULL, insight TEXT NOT NULL, version TEXT, computed_at TIMESTAMPTZ, view TEXT)""",
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
    "INSERT INTO counters(name, value) VALUES ('changes', 0) ON CONFLICT(name) DO NOTHING",
    "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, added_at TIMESTAMPTZ, state TEXT NOT NULL DEFAULT '{}')",
]
#: Version 2: articles waiting to be grouped in publication order while another writer may
#: still deliver earlier ones, and the writers' horizons (see newsum.stream.ingest).
_SCHEMA_2 = [
    """CREATE TABLE IF NOT EXISTS pending (seq BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, published TIMESTAMPTZ,
        document TEXT NOT NULL, profile TEXT NOT NULL, writer TEXT)""",
    "CREATE INDEX IF NOT EXISTS pending_published ON pending (published)",
    "CREATE TABLE IF NOT EXISTS writers (id TEXT PRIMARY KEY, lock BIGINT NOT NULL, horizon TIMESTAMPTZ)",
]
#: SQL that takes a database from version N-1 to N (version 1: no newsum tables).
MIGRATIONS: dict[int, list[str]] = {1: _SCHEMA_1, 2: _SCHEMA_2}

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def redact(url: str) -> str:
    """``url`` with its password hidden: what messages, logs and pages show."""
    url = _PASSWORD.sub(r"\1***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


class PostgresStore(SQLStore):
    """A newsum store in a PostgreSQL database (its tables in the connection's schema)."""

    placeholder = "%s"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        super().__init__()
        try:
            import psycopg
        except ImportError:
            raise MissingDependency("A PostgreSQL store", "postgres", "psycopg[binary]") from None
        self.location = redact(url)
        self.readonly = readonly
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise StoreError(f"{self.location}: cannot connect to the PostgreSQL store ({redact(str(error)).strip()})") from None
        self._migrate()
        if readonly:  # a reader (the web page) cannot write, whatever a bug asks
            self.db.execute("SET default_transaction_read_only = on")

    # -- the dialect --------------------------------------------------------------------------

    def _begin(self) -> None:
        self.db.execute("BEGIN")
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_GROUPING_LOCK,))

    def _hold_writer_lock(self, lock: int) -> None:
        self.db.execute("SELECT pg_advisory_lock(%s, %s)", (_WRITERS, lock))

    def _release_writer_lock(self, lock: int) -> None:
        self.db.execute("SELECT pg_advisory_unlock(%s, %s)", (_WRITERS, lock))

    def _live_writer_locks(self) -> set[int]:
        """Writers whose session still holds its advisory lock (a killed process's session
        ends, and its lock with it)."""
        return {int(row[0]) for row in self.db.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 AND granted", (_WRITERS,))}

    def _time_param(self, value: dt.datetime | None) -> Any:
        return value

    def _time_value(self, value: Any) -> dt.datetime | None:
        return value.astimezone(dt.timezone.utc) if value is not None else None

    def _outlets_sql(self) -> str:
        return ("SELECT coalesce(json_agg(DISTINCT source ORDER BY source)::text, '[]') FROM articles"
                " WHERE story_id = ? AND source IS NOT NULL AND source != ''")

    def _index_terms(self, key: str, terms: str) -> None:
        self._sql("UPDATE articles SET terms = to_tsvector('simple', ?) WHERE key = ?", (terms, key))

    def _search_language(self, parts: list[tuple[str, str]], language: str, limit: int) -> list[tuple[str, str]]:
        out: list[str] = []
        pending = "&"
        for kind, stems in query_stems(parts, language):
            if kind in ("OR", "NOT", "AND"):
                pending = {"OR": "|", "NOT": "& !", "AND": "&"}[kind]
                continue
            words = [_lexeme(stem) for stem in stems]
            piece = " <-> ".join(words) if kind == "phrase" else " & ".join(words)
            out.append(f"({piece})" if not out else f"{pending} ({piece})")
            pending = "&"
        if not out:
            return []
        return [tuple(row) for row in self._sql(
            "SELECT key, story_id FROM articles WHERE language = ? AND terms @@ to_tsquery('simple', ?)"
            " ORDER BY ts_rank(terms, to_tsquery('simple', ?)) DESC, position LIMIT ?",
            (language, " ".join(out), " ".join(out), limit),
        ).fetchall()]

    # -- schema -------------------------------------------------------------------------------

    def _migrate(self) -> None:
        exists = self._sql("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]
        version = 0
        if exists:
            row = self._sql("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.location}: the store has schema version {version}, newer than this newsum understands "
                             f"({SCHEMA_VERSION}); upgrade newsum (pip install -U newsum) to read it")
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreError(f"{self.location}: the store needs an upgrade (schema {version} -> {SCHEMA_VERSION}); open it once for writing (newsum ingest) first")
        self._begin()  # two processes creating one store: the second waits, then finds it made
        try:
            row = self._sql("SELECT value FROM meta WHERE name = 'schema_version'").fetchone() if self._sql(
                "SELECT to_regclass('meta') IS NOT NULL").fetchone()[0] else None
            version = int(row[0]) if row else 0
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target]:
                    self._sql(statement)
            self._sql("INSERT INTO meta(name, value) VALUES ('schema_version', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                      (str(SCHEMA_VERSION),))
        except BaseException:
            self._sql("ROLLBACK")
            raise
        self._sql("COMMIT")


def _lexeme(stem: str) -> str:
    """A stem as one tsquery lexeme, quoted (a stem may hold characters tsquery reads as operators)."""
    return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"
