"""A batch's outputs, written by the workers: stories and their summaries, a part per task.

    stories closed in window N (final: nothing joins a closed story), STORIES_PER_TASK at a
    time ──on a worker: read from the store, the library's Summarizer──▶
    OUT/stories/part.N-K.parquet (the schema of `newsum stories --format jsonl`),
    OUT/summaries/part.N-K.jsonl, OUT/insight/part.N-K.jsonl (with --insight)
    ──for runs small enough to read whole──▶ OUT/stories.jsonl, summaries.jsonl, insight.jsonl

A part is written whole or not at all; a task whose stories part exists (written last) was
done, so a retried or re-run task does nothing twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from .chain import closed_in
from .files import atomic_lines, atomic_parquet, exists, filesystem, part_path

__all__ = ["summarize_listed", "merge_parts", "story_schema"]


def story_schema():
    import pyarrow as pa

    text = pa.string()
    return pa.schema([("id", text), ("articles", pa.list_(text)), ("outlets", pa.list_(text)), ("first_seen", text),
                      ("last_seen", text), ("headline", text), ("status", text), ("follow_up_of", text)])


def _documents(records):
    from ..model import Document, parse_date

    return tuple(Document(text=r.text, id=r.id or r.url or r.key, title=r.title, date=parse_date(r.date, what="date"), url=r.url,
                          source=r.source, language=r.language) for r in records)


def summarize_listed(store: str, out: str, window: int | str, chunk: int, *, per_task: int, words: int, insight: bool, after=None) -> dict:
    """Stories ``chunk * per_task`` ... of those closed in ``window`` (as the chain listed them in
    the store): their rows, summaries and insight, written as parts under ``out``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..errors import NewsumError
    from ..model import Budget, Cluster
    from ..store import open_store
    from ..summarizer import Summarizer

    name = f"{window}-{chunk}"
    stories_part = part_path(out, "stories", name)
    if exists(stories_part):
        fs, path = filesystem(stories_part)
        with fs.open(path, "rb") as handle:
            count = pq.ParquetFile(handle).metadata.num_rows
        return {"part": name, "stories": count, "articles": None, "seconds": 0.0, "failures": [], "reused": True}
    started = time.perf_counter()
    opened = open_store(store, readonly=True)
    rows, summaries, insights, failures, articles = [], [], [], [], 0
    summarizer = Summarizer(budget=Budget(words=words), with_insight=insight)
    try:
        listed = opened.load_state(closed_in(window)) or []
        for story_id in listed[chunk * per_task : (chunk + 1) * per_task]:
            record = opened.story(story_id)
            members = opened.story_articles(record.id)
            articles += len(members)
            rows.append(record.to_dict())
            try:
                summary = summarizer.summarize(Cluster(_documents(members), id=record.id)).to_dict()
            except NewsumError as error:
                failures.append({"story": record.id, "error": str(error)})
                continue
            found = summary.pop("insight", None)
            summaries.append(summary)
            if insight:
                insights.append({"id": record.id, **(found or {})})
    finally:
        opened.close()
    atomic_lines(part_path(out, "summaries", name, "jsonl"), summaries)
    if insight:
        atomic_lines(part_path(out, "insight", name, "jsonl"), insights)
    atomic_parquet(stories_part, pa.Table.from_pylist(rows, schema=story_schema()))  # written last: it marks the part done
    return {"part": name, "stories": len(rows), "articles": articles, "seconds": time.perf_counter() - started, "failures": failures}


def _part_order(path: str) -> tuple:
    window, chunk = path.rsplit("/", 1)[1].split(".")[1].split("-")
    return (window == "end", int(window) if window != "end" else 0, int(chunk))


def _parts(out: str, kind: str) -> list[str]:
    fs, root = filesystem(out)
    found = fs.glob(f"{root.rstrip('/')}/{kind}/part.*")
    return sorted(found, key=_part_order)


def merge_parts(out: str, *, insight: bool) -> None:
    """OUT/stories.jsonl, summaries.jsonl (and insight.jsonl): the parts in order, streamed (a
    part at a time in memory)."""
    import json

    import pyarrow.parquet as pq

    fs, _ = filesystem(out)

    def stories() -> Iterator[dict]:
        for path in _parts(out, "stories"):
            with fs.open(path, "rb") as handle:
                yield from pq.read_table(handle).to_pylist()

    def lines(kind: str) -> Iterator[dict]:
        for path in _parts(out, kind):
            with fs.open(path, "rb") as handle:
                for line in handle:
                    if line.strip():
                        yield json.loads(line)

    atomic_lines(f"{out.rstrip('/')}/stories.jsonl", stories())
    atomic_lines(f"{out.rstrip('/')}/summaries.jsonl", lines("summaries"))
    if insight:
        atomic_lines(f"{out.rstrip('/')}/insight.jsonl", lines("insight"))
