"""What the SQL backends share: every role of :mod:`.base` written once in SQL that SQLite
and PostgreSQL both read, with the few places they differ left to each backend.

    SQLStore ──_sql (placeholders)──▶ a DB-API connection in autocommit mode; batch() sends
    BEGIN/COMMIT itself (and a backend may take its grouping lock in _begin)

What a backend provides: ``_begin`` (start a writing transaction, serializing writers),
``_time_param``/``_time_value`` (how a UTC time is stored and read back), ``_outlets_sql`` (the
JSON list of a story's outlet names), ``_index_terms`` and ``_search_language`` (full-text
search), ``_migrate`` (its schema), ``_languages`` and ``location``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..errors import InputError
from ..terms import reading, stems_of, tokens
from .base import ArticleRecord, FeedRecord, StoryRecord, utc_time

__all__ = ["SQLStore", "StoreError", "query_parts", "fts_terms"]

_ARTICLE_COLUMNS = "key, id, url, source, date, title, text, fingerprint, story_id, copy_of, position, language"
# Publication order: undated articles first, then by time, then in the order they came.
_PUBLICATION_ORDER = "published IS NOT NULL, published, position"


class StoreError(InputError):
    """A store that cannot be used as asked (newer schema, busy, not a newsum store, unreachable)."""


_QUERY_PART = re.compile(r'"([^"]*)"|(\bOR\b|\bNOT\b|\bAND\b)|([^\s"]+)')


def query_parts(query: str) -> list[tuple[str, str]]:
    """("phrase" | "operator" | "words", text) of a search query: words (all must be there),
    "quoted phrases", OR, NOT. An unclosed quotation mark raises ValueError."""
    if query.count('"') % 2:
        raise ValueError(f"unclosed quotation mark in {query!r}")
    parts = []
    for phrase, operator, words in _QUERY_PART.findall(query):
        parts.append(("phrase", phrase) if phrase else ("operator", operator) if operator else ("words", words))
    return parts


def fts_terms(title: str | None, text: str, language: str) -> str:
    """An article's words as stems of its language, space-separated: what both backends index
    (so that search finds the same articles in each)."""
    with reading(language):
        return " ".join(stems_of(tokens(f"{title or ''}\n{text}")))


def query_stems(parts: list[tuple[str, str]], language: str) -> list[tuple[str, list[str]]]:
    """The parts of a query read in ``language``: (kind, stems), operators kept in place and
    dangling ones dropped."""
    out: list[tuple[str, list[str]]] = []
    with reading(language):
        for kind, text in parts:
            if kind == "operator":
                if out and out[-1][0] != "operator":
                    out.append((text, []))
                continue
            stems = stems_of(tokens(text))
            if stems:
                out.append((kind, stems))
    while out and out[-1][0] in ("OR", "NOT", "AND"):
        out.pop()
    return out


def _headline(article: ArticleRecord) -> str | None:
    if article.title and article.title.strip():
        return article.title.strip()
    first = " ".join(article.text.split())
    return first.split(". ")[0][:160] if first else None


class SQLStore:
    """Every store role over a DB-API connection ``self.db`` in autocommit mode."""

    #: The backend's placeholder for one parameter (SQL here is written with "?").
    placeholder = "?"
    location: str = ""

    def __init__(self) -> None:
        self.db: Any = None
        self.readonly = False
        self._own_locks: set[int] = set()

    # -- the dialect --------------------------------------------------------------------------

    def _sql(self, statement: str, params: Iterable[Any] = ()) -> Any:
        if self.placeholder != "?":
            statement = statement.replace("%", "%%").replace("?", self.placeholder)
        return self.db.execute(statement, tuple(params))

    def _many(self, statement: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.placeholder != "?":
            statement = statement.replace("%", "%%").replace("?", self.placeholder)
        self.db.cursor().executemany(statement, rows)

    def _begin(self) -> None:
        raise NotImplementedError

    def _time_param(self, value: dt.datetime | None) -> Any:
        raise NotImplementedError

    def _time_value(self, value: Any) -> dt.datetime | None:
        raise NotImplementedError

    def _outlets_sql(self) -> str:
        raise NotImplementedError

    def _index_terms(self, key: str, terms: str) -> None:
        raise NotImplementedError

    def _search_language(self, parts: list[tuple[str, str]], language: str, limit: int) -> list[tuple[str, str]]:
        raise NotImplementedError

    def _now(self) -> Any:
        return self._time_param(dt.datetime.now(dt.timezone.utc))

    # -- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction: everything inside is written, or nothing is; the change counter
        grows with it."""
        self._begin()
        try:
            yield
            self._sql("UPDATE counters SET value = value + 1 WHERE name = 'changes'")
        except BaseException:
            self._sql("ROLLBACK")
            raise
        else:
            self._sql("COMMIT")

    @contextlib.contextmanager
    def writing(self, *, wait: bool = True) -> Iterator[None]:
        yield

    def changes(self) -> int:
        row = self._sql("SELECT value FROM counters WHERE name = 'changes'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.db.close()

    # -- articles -----------------------------------------------------------------------------

    def _article(self, row: tuple) -> ArticleRecord:
        return ArticleRecord(*row)

    def article(self, key: str) -> ArticleRecord | None:
        row = self._sql(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE key = ?", (key,)).fetchone()
        return self._article(row) if row else None

    def next_position(self) -> int:
        return (self._sql("SELECT max(position) FROM articles").fetchone()[0] or 0) + 1

    def put_article(self, article: ArticleRecord, *, replaced: ArticleRecord | None = None) -> None:
        from ..language import text_language

        now = self._now()
        language = article.language or text_language(article.text) or "en"
        published = self._time_param(article.published)
        if replaced is not None:
            self._sql("INSERT INTO article_history(key, fingerprint, title, text, replaced_at) VALUES (?, ?, ?, ?, ?)",
                      (replaced.key, replaced.fingerprint, replaced.title, replaced.text, now))
            self._sql("UPDATE articles SET id = ?, url = ?, source = ?, date = ?, published = ?, title = ?, text = ?, fingerprint = ?,"
                      " language = ? WHERE key = ?",
                      (article.id, article.url, article.source, article.date, published, article.title, article.text,
                       article.fingerprint, language, article.key))
            self._index_terms(article.key, article.terms or fts_terms(article.title, article.text, language))
            if replaced.story_id:
                self._sql("UPDATE stories SET changed = 1 WHERE id = ?", (replaced.story_id,))
            return
        self._sql(
            "INSERT INTO articles(key, id, url, source, date, published, title, text, fingerprint, story_id, copy_of, position,"
            " ingested_at, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.key, article.id, article.url, article.source, article.date, published, article.title, article.text,
             article.fingerprint, article.story_id, article.copy_of, article.position, now, language),
        )
        self._index_terms(article.key, article.terms or fts_terms(article.title, article.text, language))
        if article.story_id:
            self._touch_story(article.story_id, published, _headline(article))
            self._count_outlets(article.story_id)

    def all_articles(self) -> Iterator[ArticleRecord]:
        """Every article, in the order it was ingested, read a page at a time (memory does
        not grow with the store, and no cursor stays open between pages)."""
        after = -1
        while True:
            rows = self._sql(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE position > ? ORDER BY position LIMIT 1000",
                             (after,)).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._article(row)
            after = rows[-1][10]

    def story_articles(self, story_id: str) -> list[ArticleRecord]:
        rows = self._sql(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = ? ORDER BY {_PUBLICATION_ORDER}", (story_id,))
        return [self._article(row) for row in rows]

    def counts(self) -> dict[str, int]:
        def one(statement: str) -> int:
            return int(self._sql(statement).fetchone()[0])

        return {
            "articles": one("SELECT count(*) FROM articles"),
            "copies": one("SELECT count(*) FROM articles WHERE copy_of IS NOT NULL"),
            "stories": one("SELECT count(*) FROM stories"),
            "updates": one("SELECT count(*) FROM article_history"),
            "waiting": one("SELECT count(*) FROM pending"),
        }

    # -- stories as the ingest keeps them -------------------------------------------------------

    def _count_outlets(self, story_id: str) -> None:
        """A story's outlet names and their number (an article without an outlet counts as
        one), kept on the story's row so that listing never reads its articles."""
        self._sql(
            f"UPDATE stories SET outlets = ({self._outlets_sql()}),"
            " outlet_count = (SELECT count(DISTINCT coalesce(nullif(source, ''), key)) FROM articles WHERE story_id = ?) WHERE id = ?",
            (story_id, story_id, story_id),
        )

    def _touch_story(self, story_id: str, published: Any, headline: str | None = None) -> None:
        self._sql(
            "INSERT INTO stories(id, first_seen, last_seen, size, changed, headline) VALUES (?, ?, ?, 1, 1, ?)"
            " ON CONFLICT(id) DO UPDATE SET size = stories.size + 1, changed = 1, headline = coalesce(stories.headline, excluded.headline),"
            " first_seen = CASE WHEN excluded.first_seen IS NOT NULL AND (stories.first_seen IS NULL OR excluded.first_seen < stories.first_seen)"
            " THEN excluded.first_seen ELSE stories.first_seen END,"
            " last_seen = CASE WHEN excluded.last_seen IS NOT NULL AND (stories.last_seen IS NULL OR excluded.last_seen > stories.last_seen)"
            " THEN excluded.last_seen ELSE stories.last_seen END",
            (story_id, published, published, headline),
        )

    def set_follow_up(self, story_id: str, follow_up_of: str) -> None:
        self._sql("UPDATE stories SET follow_up_of = ? WHERE id = ?", (follow_up_of, story_id))

    def close_story(self, story_id: str) -> None:
        """A story closes: later copies of its articles start new stories, so its articles'
        MinHash bands leave the index (which then holds open stories only)."""
        self._sql("UPDATE stories SET status = 'closed' WHERE id = ?", (story_id,))
        self._sql("DELETE FROM dup_bands WHERE article IN (SELECT key FROM articles WHERE story_id = ?)", (story_id,))
        self._sql("DELETE FROM dup_signatures WHERE article IN (SELECT key FROM articles WHERE story_id = ?)", (story_id,))

    def merge_stories(self, gone: str, kept: str) -> None:
        """``gone``'s articles join ``kept``; ``gone`` still resolves to ``kept``."""
        self._sql("UPDATE articles SET story_id = ? WHERE story_id = ?", (kept, gone))
        self._sql("INSERT INTO story_aliases(old, new) VALUES (?, ?) ON CONFLICT(old) DO UPDATE SET new = excluded.new", (gone, kept))
        self._sql("UPDATE story_aliases SET new = ? WHERE new = ?", (kept, gone))
        row = self._sql("SELECT first_seen, last_seen, size FROM stories WHERE id = ?", (gone,)).fetchone()
        if row:
            first, last, size = row
            self._sql(
                "UPDATE stories SET size = size + ?, changed = 1,"
                " first_seen = CASE WHEN ? IS NOT NULL AND (first_seen IS NULL OR ? < first_seen) THEN ? ELSE first_seen END,"
                " last_seen = CASE WHEN ? IS NOT NULL AND (last_seen IS NULL OR ? > last_seen) THEN ? ELSE last_seen END WHERE id = ?",
                (size, first, first, first, last, last, last, kept),
            )
            self._sql("DELETE FROM stories WHERE id = ?", (gone,))
            self._sql("DELETE FROM digests WHERE story_id = ?", (gone,))
            self._count_outlets(kept)

    # -- grouping state -----------------------------------------------------------------------

    def save_open_story(self, story_id: str, state: dict) -> None:
        self._sql("INSERT INTO open_stories(id, state) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state",
                  (story_id, json.dumps(state)))

    def drop_open_story(self, story_id: str) -> None:
        self._sql("DELETE FROM open_stories WHERE id = ?", (story_id,))

    def open_stories(self) -> Iterator[tuple[str, dict]]:
        for story_id, state in self._sql("SELECT id, state FROM open_stories ORDER BY id").fetchall():
            yield story_id, json.loads(state)

    def save_state(self, name: str, value: Any) -> None:
        self._sql("INSERT INTO state(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                  (name, json.dumps(value)))

    def load_state(self, name: str) -> Any:
        row = self._sql("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def add(self, story_id: str, signature: dict[str, float], closed_on: dt.date | None = None) -> None:
        day = closed_on.isoformat() if closed_on else None
        self._many("INSERT INTO cold_terms(term, story_id, weight, closed_on) VALUES (?, ?, ?, ?)",
                   [(t, story_id, float(w), day) for t, w in signature.items()])

    def most_similar(self, vector: dict[str, float], since: dt.date | None = None) -> tuple[str | None, float]:
        """The closed story (closed on or after ``since``) whose signature is closest."""
        if not vector:
            return None, 0.0
        terms = list(vector)
        query = f"SELECT term, story_id, weight FROM cold_terms WHERE term IN ({','.join('?' * len(terms))})"
        params: list = list(terms)
        if since is not None:
            query += " AND (closed_on IS NULL OR closed_on >= ?)"
            params.append(since.isoformat())
        scores: dict[str, float] = {}
        for term, story_id, weight in self._sql(query, params).fetchall():
            scores[story_id] = scores.get(story_id, 0.0) + weight * vector[term]
        if not scores:
            return None, 0.0
        best = max(sorted(scores), key=lambda s: scores[s])
        return best, scores[best]

    def cold_signatures(self) -> dict[str, dict[str, float]]:
        """Every closed story's signature (for the batch job's stitching)."""
        signatures: dict[str, dict[str, float]] = {}
        for term, story_id, weight in self._sql("SELECT term, story_id, weight FROM cold_terms").fetchall():
            signatures.setdefault(story_id, {})[term] = weight
        return signatures

    def duplicate_candidates(self, bands: Iterable[str]) -> Iterator[tuple[str, np.ndarray]]:
        bands = list(bands)
        rows = self._sql(
            "SELECT DISTINCT s.article, s.signature FROM dup_bands b JOIN dup_signatures s ON s.article = b.article"
            f" WHERE b.band IN ({','.join('?' * len(bands))})", bands,
        ).fetchall()
        for article, blob in rows:
            yield article, np.frombuffer(bytes(blob), dtype=np.uint64)

    def add_duplicate_signature(self, article: str, bands: list[str], signature: np.ndarray) -> None:
        self._sql("INSERT INTO dup_signatures(article, signature) VALUES (?, ?)"
                  " ON CONFLICT(article) DO UPDATE SET signature = excluded.signature",
                  (article, signature.astype(np.uint64).tobytes()))
        self._many("INSERT INTO dup_bands(band, article) VALUES (?, ?)", [(b, article) for b in bands])

    def resolve_story(self, story_id: str) -> str:
        seen = set()
        while story_id not in seen:
            seen.add(story_id)
            row = self._sql("SELECT new FROM story_aliases WHERE old = ?", (story_id,)).fetchone()
            if not row:
                return story_id
            story_id = row[0]
        return story_id

    # -- articles waiting to be grouped (several writers) ---------------------------------------

    def enter_writer(self, writer: str) -> None:
        """Register a writer: until it leaves, articles published after its horizon (the latest
        publication it has submitted; none yet: every dated one) wait for it."""
        lock = int(writer[:7], 16)
        self._hold_writer_lock(lock)
        self._own_locks.add(lock)
        with self.batch():
            live = self._live_writer_locks()
            for other, other_lock in self._sql("SELECT id, lock FROM writers").fetchall():
                if other_lock not in live:
                    self._sql("DELETE FROM writers WHERE id = ?", (other,))  # left by a killed process
            self._sql("INSERT INTO writers(id, lock, horizon) VALUES (?, ?, NULL)", (writer, lock))

    def leave_writer(self, writer: str) -> None:
        self._sql("DELETE FROM writers WHERE id = ?", (writer,))

    def after_leaving(self, writer: str) -> None:
        """Once the transaction that removed it committed: let go of its lock."""
        lock = int(writer[:7], 16)
        self._own_locks.discard(lock)
        self._release_writer_lock(lock)

    def advance_writer(self, writer: str, horizon: dt.datetime) -> None:
        self._sql("UPDATE writers SET horizon = ? WHERE id = ? AND (horizon IS NULL OR horizon < ?)",
                  (self._time_param(horizon), writer, self._time_param(horizon)))

    def watermark(self) -> tuple[bool, dt.datetime | None]:
        """(whether a live writer holds dated articles back, the time up to which they are
        ready): (False, None) when no writer is live, everything is ready."""
        live = self._live_writer_locks()
        horizons = [(lock, horizon) for lock, horizon in self._sql("SELECT lock, horizon FROM writers").fetchall() if lock in live]
        if not horizons:
            return False, None
        if any(h is None for _, h in horizons):
            return True, None
        return True, min(self._time_value(h) for _, h in horizons)

    def submit_pending(self, rows: list[tuple[str, dt.datetime | None, str, str, str]]) -> None:
        """(key, published, document JSON, profile JSON, writer) of articles to group in order."""
        self._many("INSERT INTO pending(key, published, document, profile, writer) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
                   [(k, self._time_param(p), d, f, w) for k, p, d, f, w in rows])

    def pending_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            found.update(row[0] for row in self._sql(f"SELECT key FROM pending WHERE key IN ({','.join('?' * len(part))})", part).fetchall())
        return found

    def ready_pending(self) -> list[tuple[str, str, str]]:
        """(key, document JSON, profile JSON) of the waiting articles ready to group (published
        before every live writer's horizon; all when no writer is live), in the order grouping
        reads them: undated ones first in the order they came, then by publication time, ties
        by key."""
        held, up_to = self.watermark()
        query = "SELECT key, document, profile FROM pending"
        params: list = []
        if held:
            # Strictly before: articles of the horizon's own time may still come from a writer
            # that has not passed it, and ties must be read together, in key order.
            query += " WHERE published IS NULL" + (" OR published < ?" if up_to is not None else "")
            if up_to is not None:
                params.append(self._time_param(up_to))
        query += " ORDER BY published IS NOT NULL, published, CASE WHEN published IS NULL THEN seq ELSE 0 END, key"
        return [tuple(row) for row in self._sql(query, params).fetchall()]

    def drop_pending(self, keys: list[str]) -> None:
        self._many("DELETE FROM pending WHERE key = ?", [(k,) for k in keys])

    def _hold_writer_lock(self, lock: int) -> None:
        pass

    def _release_writer_lock(self, lock: int) -> None:
        pass

    def _live_writer_locks(self) -> set[int]:
        """The locks of the writers whose process still runs. Here: this process's own (SQLite
        writers take turns on the file's lock for a whole run, so another row is left by a kill)."""
        return set(self._own_locks)

    # -- reading stories ----------------------------------------------------------------------

    def _iso(self, value: Any) -> str | None:
        time = self._time_value(value)
        return time.isoformat() if time else None

    def story_article_list(self, story_id: str) -> list[dict]:
        """A story's articles without their text, in publication order (for pages)."""
        rows = self._sql(f"SELECT key, id, url, source, date, title, copy_of FROM articles WHERE story_id = ? ORDER BY {_PUBLICATION_ORDER}",
                         (story_id,)).fetchall()
        return [{"key": k, "id": i or k, "url": u, "source": s, "date": d, "title": t, "copy_of": c} for k, i, u, s, d, t, c in rows]

    def story_header(self, story_id: str) -> dict | None:
        """A story's id, size, dates (ISO, UTC), headline, status and outlets, without reading its articles."""
        story_id = self.resolve_story(story_id)
        row = self._sql("SELECT id, size, first_seen, last_seen, headline, status, follow_up_of, outlets FROM stories WHERE id = ?",
                        (story_id,)).fetchone()
        if row is None:
            return None
        id_, size, first, last, headline, status, follow_up_of, outlets = row
        return {"id": id_, "size": size, "first_seen": self._iso(first), "last_seen": self._iso(last), "headline": headline,
                "status": status, "follow_up_of": follow_up_of, "outlets": json.loads(outlets)}

    def _story_record(self, story_id: str, status: str, follow_up_of: str | None) -> StoryRecord:
        # Without the articles' text: only the first article's is read, and only if no article has a title.
        articles = self._sql(f"SELECT key, id, url, source, published, title FROM articles WHERE story_id = ? ORDER BY {_PUBLICATION_ORDER}",
                             (story_id,)).fetchall()
        outlets = tuple(dict.fromkeys(source for _, _, _, source, _, _ in articles if source))
        times = [self._time_value(published) for *_, published, _ in articles if published is not None]
        headline = next((title for *_, title in articles if title), None)
        if headline is None and articles:
            headline = _headline(self.article(articles[0][0]))
        return StoryRecord(story_id, tuple(id_ or url or key for key, id_, url, *_ in articles), outlets,
                           min(times) if times else None, max(times) if times else None, headline, status, follow_up_of)

    def story(self, story_id: str) -> StoryRecord | None:
        story_id = self.resolve_story(story_id)
        row = self._sql("SELECT id, status, follow_up_of FROM stories WHERE id = ?", (story_id,)).fetchone()
        return self._story_record(*row) if row else None

    def stories(self, *, since: dt.datetime | None = None, min_outlets: int = 1) -> Iterator[StoryRecord]:
        where, params = ["outlet_count >= ?"], [min_outlets]
        if since is not None:
            where.append("last_seen >= ?")
            params.append(self._time_param(utc_time(since)))
        rows = self._sql(f"SELECT id, status, follow_up_of FROM stories WHERE {' AND '.join(where)}"
                         " ORDER BY last_seen IS NULL, last_seen DESC, id", params).fetchall()
        for row in rows:
            yield self._story_record(*row)

    def story_rows(self, *, since: dt.datetime | None = None, min_outlets: int = 1, ids: set[str] | None = None, order: str = "latest",
                   limit: int = 50, offset: int = 0) -> list[dict]:
        """A page of stories for listing (one query; no article is read): id, size, outlets,
        first and last publication (ISO, UTC), headline; latest first, or largest first."""
        where, params = ["outlet_count >= ?"], [min_outlets]
        if since is not None:
            where.append("last_seen >= ?")
            params.append(self._time_param(utc_time(since)))
        if ids is not None:
            if not ids:
                return []
            where.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(sorted(ids))
        latest = "last_seen IS NULL, last_seen DESC, id"
        order_by = f"size DESC, {latest}" if order == "size" else latest
        rows = self._sql(f"SELECT id, size, first_seen, last_seen, headline, status, outlets FROM stories WHERE {' AND '.join(where)}"
                         f" ORDER BY {order_by} LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        return [{"id": i, "size": n, "outlets": sorted(json.loads(o)), "first_seen": self._iso(f), "last_seen": self._iso(l),
                 "headline": h, "status": st} for i, n, f, l, h, st, o in rows]

    # -- search -------------------------------------------------------------------------------

    def _languages(self) -> list[str]:
        return [row[0] for row in self._sql("SELECT DISTINCT language FROM articles WHERE language IS NOT NULL ORDER BY language").fetchall()]

    def search(self, query: str, *, limit: int = 50) -> list[tuple[str, str]]:
        """(article key, story id) of articles matching ``query`` (words, all of which must be
        there, "quoted phrases", OR, NOT), each language's articles matched by the query's
        stems in that language (a query of one word cannot tell its own language), best
        first. A query that does not parse (an unclosed quote) raises ValueError."""
        parts = query_parts(query)
        found: list[tuple[str, str]] = []
        for language in self._languages():
            found += self._search_language(parts, language, limit)
        return found[:limit]

    # -- digests ------------------------------------------------------------------------------

    def stale_stories(self) -> list[str]:
        return [row[0] for row in self._sql("SELECT id FROM stories WHERE changed = 1 ORDER BY id").fetchall()]

    def save_digest(self, story_id: str, summary: dict, insight: dict, version: str, view: dict | None = None) -> None:
        """A story's summary and insight as computed, and ``view``: what its page shows, ready."""
        self._sql(
            "INSERT INTO digests(story_id, summary, insight, version, computed_at, view) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(story_id) DO UPDATE SET summary = excluded.summary, insight = excluded.insight,"
            " version = excluded.version, computed_at = excluded.computed_at, view = excluded.view",
            (story_id, json.dumps(summary, ensure_ascii=False), json.dumps(insight, ensure_ascii=False), version, self._now(),
             json.dumps(view, ensure_ascii=False) if view is not None else None),
        )
        self._sql("UPDATE stories SET changed = 0 WHERE id = ?", (story_id,))

    def digest(self, story_id: str) -> tuple[dict, dict] | None:
        row = self._sql("SELECT summary, insight FROM digests WHERE story_id = ?", (self.resolve_story(story_id),)).fetchone()
        return (json.loads(row[0]), json.loads(row[1])) if row else None

    def page_view(self, story_id: str) -> dict | None:
        row = self._sql("SELECT view FROM digests WHERE story_id = ?", (self.resolve_story(story_id),)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    # -- feeds --------------------------------------------------------------------------------

    def add_feed(self, url: str) -> bool:
        """Follow ``url``; False when it was followed already."""
        if self._sql("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
            return False
        self._sql("INSERT INTO feeds(url, added_at, state) VALUES (?, ?, '{}') ON CONFLICT(url) DO NOTHING", (url, self._now()))
        return True

    def remove_feed(self, url: str) -> bool:
        """Stop following ``url`` (its articles stay); False when it was not followed."""
        return self._sql("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def feeds(self) -> list[FeedRecord]:
        return [FeedRecord(url, self._time_value(added), json.loads(state))
                for url, added, state in self._sql("SELECT url, added_at, state FROM feeds ORDER BY url").fetchall()]

    def save_feed_state(self, url: str, state: dict[str, Any]) -> None:
        self._sql("UPDATE feeds SET state = ? WHERE url = ?", (json.dumps(state, default=str), url))

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL (or this id) is stored."""
        return self._sql("SELECT 1 FROM articles WHERE url = ? OR key = ? LIMIT 1", (url, f"id:{url}")).fetchone() is not None
