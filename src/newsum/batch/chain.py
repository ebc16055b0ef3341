"""The ordered chain: one task per window, each after the one before, makes the join
decisions of single-pass grouping in publication order, into the store.

    window N's articles and their features (computed in parallel) ──in order: copy of an
    earlier article? else the learned grouper──▶ the store (articles, stories, the open
    stories' profiles, the near-duplicate index of open stories)

The task starts from what the store holds after window N-1: the stories still open at its
start, as their compact profiles (never their articles), so the batch makes the decisions
`newsum ingest` makes reading the stream in the same order (:func:`newsum.stream.ingest.group_profiled`
is the code both run). The chain is the part of the batch that cannot run in parallel; it
only decides, everything it reads was computed on the workers.
"""

from __future__ import annotations

import pickle
import time

import numpy as np

from .features import read_window
from .files import part_path, read_parquet_rows

__all__ = ["group_window", "open_at_end", "closed_in"]


def closed_in(window: int | str) -> str:
    """The store state listing the stories closed during ``window`` ("end": still open at the end)."""
    return f"batch:closed:{window}"


def group_window(prepared: str, work: str, window: int, previous: dict | None, features: dict, *, store: str, close_after_days: int) -> dict:
    """Group window ``window`` into ``store`` (``previous`` and ``features``: the results this
    task waits for). Returns counts, the stories it closed (their number) and its seconds."""
    from ..store import open_store
    from ..stream.ingest import ProfiledArticle, group_profiled

    started, began = time.perf_counter(), time.time()
    rows = read_window(prepared, window)
    extra = {row["key"]: row for row in read_parquet_rows(part_path(work, "features", window))}
    read_seconds = time.perf_counter() - started

    def articles():
        for row in rows:
            feature = extra[row["key"]]
            fields = {"id": row["id"], "url": row["url"], "source": row["source"], "date": row["date"], "title": row["title"],
                      "text": row["text"], "language": feature["language"], "fingerprint": row["fingerprint"]}
            yield ProfiledArticle(row["key"], fields, pickle.loads(feature["profile"]),
                                  np.frombuffer(feature["signature"], dtype=np.uint64), feature["terms"])

    opened = open_store(store)
    try:
        report, closed = group_profiled(articles(), opened, close_after_days=close_after_days, closed_state=closed_in(window))
    finally:
        opened.close()
    return {"window": window, "articles": len(rows), "added": report.added, "copies": report.copies, "new_stories": report.new_stories,
            "closed": len(closed), "seconds": time.perf_counter() - started, "read_seconds": read_seconds,
            "began": began, "ended": time.time()}


def open_at_end(store: str, last: dict | None) -> dict:
    """After the last window: the stories still open, listed for their summaries."""
    from ..store import open_store

    opened = open_store(store)
    try:
        with opened.batch():
            ids = sorted(story_id for story_id, _ in opened.open_stories())
            opened.save_state(closed_in("end"), ids)
    finally:
        opened.close()
    return {"window": "end", "closed": len(ids)}
