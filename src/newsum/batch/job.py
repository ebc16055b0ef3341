"""The batch job: read → partitions by time → stories per partition (on workers) → stories
stitched across boundaries → summaries per story (on workers) → outputs committed.

    articles, in date order ──windows of WINDOW days, each with the OVERLAP days before it──▶
    partitions ──on a worker: the library's own ingest into a private store──▶ per-partition
    stories (near-duplicates and grouping exactly as `newsum ingest`) and their signatures
    ──driver: a story of one partition and one of the next are one story when they share an
    article of the overlap, or when their stem centroids are as close as the grouper's rule
    for merging two open stories──▶ stories
    ──on workers, STORIES_PER_TASK at a time: the library's Summarizer──▶ summaries

Workers receive the serialisable :class:`BatchConfig` and articles as plain dicts, and call the
library. Every task writes its result to ``OUT/_parts/`` atomically (temp file, then rename)
and returns it; a task whose part exists is not run again, so a killed worker (Dask retries
its tasks elsewhere) or a killed job (run it again) loses and duplicates nothing. The job
commits by writing the final files, each atomically, and removing ``_parts``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["BatchConfig", "read_articles", "run_batch", "partition_articles", "group_partition", "summarize_stories", "stitch"]


@dataclass(frozen=True)
class BatchConfig:
    """What the workers need to know: sent to them as it is (it pickles)."""

    window_days: int = 30
    # A partition reads a whole window before its own: with the learned grouping, a story's
    # features depend on its history (its oldest and mean dates), and with 14 days of overlap
    # the batch agreed with the single pass at BCubed 0.972 (DUC-2004) and 0.943 (DUC-2003);
    # with 30 days, 0.988 and 0.987 (benchmarks/batch_agreement.py). It doubles the grouping work.
    overlap_days: int = 30
    close_after_days: int = 90
    words: int = 100
    insight: bool = False
    stories_per_task: int = 40


# -- reading ------------------------------------------------------------------------------------


def read_articles(inputs: Sequence[str], skipped: list[dict]) -> list[dict]:
    """Every article of ``inputs`` (JSONL feeds, cluster JSONL, directories, RSS/Atom, Parquet)
    as a plain dict, in input order; bad records go to ``skipped`` with where they were."""
    from ..errors import InputError
    from ..stream.ingest import IngestReport, article_key, feed_articles, fingerprint

    articles: list[dict] = []
    others = []
    for source in inputs:
        if source.lower().endswith(".parquet"):
            articles.extend(_parquet_articles(source, skipped))
        else:
            others.append(source)
    report = IngestReport()
    try:
        for document, where in feed_articles(others, skip_bad=True, report=report):
            content = fingerprint(document)
            articles.append({
                "key": article_key(document, content), "id": document.id, "url": document.url, "source": document.source,
                "date": document.date.isoformat() if document.date is not None else None, "title": document.title,
                "text": document.text, "where": where,
            })
    except InputError as error:  # a source that cannot be read at all
        skipped.append({"where": getattr(error, "path", None) or "input", "error": str(error)})
    skipped.extend({"where": problem.split(":")[0], "error": problem} for problem in report.skipped)
    unique: dict[str, dict] = {}
    for article in articles:
        unique.setdefault(article["key"], article)  # the same article twice: read once, as ingest does
    articles = list(unique.values())
    for position, article in enumerate(articles):
        article["position"] = position
    return articles


def _parquet_articles(path: str, skipped: list[dict]) -> list[dict]:
    import pyarrow.parquet as pq

    from ..errors import InputError
    from ..ingest.records import document_from_record
    from ..stream.ingest import article_key, fingerprint

    table = pq.read_table(path)
    out = []
    for number, row in enumerate(table.to_pylist(), start=1):
        try:
            record = {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items() if v is not None}
            document = document_from_record(record, path=path, line=number, where="row")
        except InputError as error:
            skipped.append({"where": f"{path}:{number}", "error": str(error)})
            continue
        content = fingerprint(document)
        out.append({"key": article_key(document, content), "id": document.id, "url": document.url, "source": document.source,
                    "date": document.date.isoformat() if document.date is not None else None, "title": document.title,
                    "text": document.text, "where": f"{path}:{number}"})
    return out


# -- partitions -----------------------------------------------------------------------------------


def _day(article: dict) -> int | None:
    return dt.date.fromisoformat(article["date"][:10]).toordinal() if article.get("date") else None


def partition_articles(articles: Sequence[dict], config: BatchConfig) -> list[dict]:
    """Partitions: ``{"index", "start", "end", "articles"}``; partition k holds the articles
    dated in its window [start, end) (it owns them) and those of the OVERLAP days before it
    (to find the stories that go on across the boundary). Undated articles form the last
    partition."""
    dated = [a for a in articles if _day(a) is not None]
    undated = [a for a in articles if _day(a) is None]
    partitions = []
    if dated:
        first = min(_day(a) for a in dated)
        windows: dict[int, list[dict]] = defaultdict(list)
        for article in dated:
            windows[(_day(article) - first) // config.window_days].append(article)
        for article in dated:
            day = _day(article)
            own = (day - first) // config.window_days
            if config.overlap_days and own + 1 in windows and (day - first) % config.window_days >= config.window_days - config.overlap_days:
                windows[own + 1].append(article)  # also in the next partition, as its overlap
        for index in sorted(windows):
            start = first + index * config.window_days
            members = sorted(windows[index], key=lambda a: (a["date"], a["position"]))
            partitions.append({"index": index, "start": start, "end": start + config.window_days, "articles": members})
    if undated:
        partitions.append({"index": "undated", "start": None, "end": None, "articles": undated})
    return partitions


# -- on workers --------------------------------------------------------------------------------------


def _atomic_write(path: Path, payload: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(tmp, path)


def group_partition(partition: dict, config: BatchConfig, parts: str) -> dict:
    """Stories of one partition, by the library's ingest into a private store: article key ->
    (story, copy_of), and each story's signature (its centroid terms)."""
    from ..store import open_store
    from ..stream.ingest import ingest

    part = Path(parts) / f"grouping-{partition['index']}.json"
    if part.exists():
        return json.loads(part.read_text(encoding="utf-8"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsum-batch-") as folder:
        feed = Path(folder) / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as handle:
            for article in partition["articles"]:
                record = {k: article[k] for k in ("url", "source", "date", "title", "text") if article.get(k) is not None}
                record["id"] = article["key"]  # the batch's identity, whatever the source gave
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        store = open_store(Path(folder) / "part.db")
        ingest([str(feed)], store, close_after_days=config.close_after_days)
        assignments = {
            article.key[3:]: [store.resolve_story(article.story_id), article.copy_of[3:] if article.copy_of else None]
            for article in store.all_articles()
        }
        signatures: dict[str, dict[str, float]] = {}
        for story_id, state in store.open_stories():
            signatures[story_id] = state["totals"]["stems"]
        for story_id, signature in store.cold_signatures().items():
            signatures.setdefault(story_id, {}).update(signature)
        spans = {row["id"]: [row["first_seen"], row["last_seen"]] for row in store.story_rows(limit=10**9)}
        store.close()
    result = {"index": partition["index"], "assignments": assignments, "signatures": signatures, "spans": spans,
              "articles": len(partition["articles"]), "seconds": time.perf_counter() - started}
    _atomic_write(part, result)
    return result


def summarize_stories(chunk: dict, config: BatchConfig, parts: str) -> dict:
    """Summaries (and insight, when asked) of a chunk of stories, by the library's Summarizer."""
    from ..errors import NewsumError
    from ..model import Budget, Cluster, Document, parse_date
    from ..summarizer import Summarizer

    part = Path(parts) / f"summaries-{chunk['index']}.json"
    if part.exists():
        return json.loads(part.read_text(encoding="utf-8"))
    started = time.perf_counter()
    summarizer = Summarizer(budget=Budget(words=config.words), with_insight=config.insight)
    summaries, failures = [], []
    for story in chunk["stories"]:
        documents = [
            Document(text=a["text"], id=a["id"] or a["key"], title=a.get("title"), date=parse_date(a.get("date"), what="date"),
                     url=a.get("url"), source=a.get("source"))
            for a in story["articles"]
        ]
        try:
            summaries.append(summarizer.summarize(Cluster(tuple(documents), id=story["id"])).to_dict())
        except NewsumError as error:
            failures.append({"story": story["id"], "error": str(error)})
    result = {"index": chunk["index"], "summaries": summaries, "failures": failures, "seconds": time.perf_counter() - started}
    _atomic_write(part, result)
    return result


# -- the driver -------------------------------------------------------------------------------------


def stitch(partitions: Sequence[dict], groupings: dict, config: BatchConfig) -> dict[str, str]:
    """Article key -> story id for the whole input: each article's story in the partition that
    owns it, with stories joined across partitions (see the module's docstring)."""
    from ..semantic.lexical import cosine
    from ..semantic.stories import unit

    parent: dict[tuple, tuple] = {}

    def find(node: tuple) -> tuple:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    def union(a: tuple, b: tuple) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb, key=str)] = min(ra, rb, key=str)

    owner: dict[str, tuple] = {}
    ordered = [p for p in partitions if p["index"] != "undated"]
    for p in partitions:
        grouping = groupings[p["index"]]
        for article in p["articles"]:
            story = grouping["assignments"][article["key"]][0]
            node = (p["index"], story)
            parent.setdefault(node, node)
            day = _day(article)
            owned = p["start"] is None or p["start"] <= day < p["end"]
            if owned:
                owner[article["key"]] = node
    # Overlap articles: seen by two partitions, they join the two partitions' stories.
    for previous, current in zip(ordered, ordered[1:]):
        if current["index"] != previous["index"] + 1:
            continue
        earlier, later = groupings[previous["index"]]["assignments"], groupings[current["index"]]["assignments"]
        # Two stories are one when most of what each holds of the overlap, the other holds too:
        # one shared article alone may have been grouped differently with less context.
        shared: dict[tuple[str, str], int] = defaultdict(int)
        in_earlier: dict[str, int] = defaultdict(int)
        in_later: dict[str, int] = defaultdict(int)
        for article in current["articles"]:
            if _day(article) < current["start"] and article["key"] in earlier:
                a, b = earlier[article["key"]][0], later[article["key"]][0]
                shared[(a, b)] += 1
                in_earlier[a] += 1
                in_later[b] += 1
        for (a, b), count in shared.items():
            if count * 2 >= min(in_earlier[a], in_later[b]) and count * 2 > max(in_earlier[a], in_later[b]) // 2:
                union((previous["index"], a), (current["index"], b))
    # Stories that pause across a boundary: as close as an article must be to join a story.
    for previous, current in zip(ordered, ordered[1:]):
        before, after = groupings[previous["index"]], groupings[current["index"]]
        for story, signature in sorted(after["signatures"].items()):
            first = after["spans"].get(story, [None])[0]
            best, score = None, 0.0
            for other, other_signature in sorted(before["signatures"].items()):
                last = before["spans"].get(other, [None, None])[1]
                if first and last and (dt.date.fromisoformat(first[:10]) - dt.date.fromisoformat(last[:10])).days > config.close_after_days:
                    continue
                similarity = cosine(unit(signature), unit(other_signature))
                if similarity > score:
                    best, score = other, similarity
            if best is not None and score >= STITCH_SIMILARITY:
                union((previous["index"], best), (current["index"], story))
    # Story ids: the key of the story's first article, as "b-" + position.
    components: dict[tuple, list[str]] = defaultdict(list)
    for key, node in owner.items():
        components[find(node)].append(key)
    position = {a["key"]: a["position"] for p in partitions for a in p["articles"]}
    story_of = {}
    for keys in components.values():
        name = f"b{min(position[k] for k in keys):07d}"
        for key in keys:
            story_of[key] = name
    return story_of


#: Two partitions' stories whose stem centroids are at least this close are one story (a
#: story that pauses across a boundary): the grouper's rule for merging two open stories
#: (MERGE_SIMILARITY in newsum.stream.grouping). On the DUC-2003 feed 0.4, 0.45 and 0.5 gave
#: the same agreement with the single pass; on DUC-2004, 0.4 joined stories the single pass
#: keeps apart (BCubed 0.956 against 0.972, with 14 days of overlap).
STITCH_SIMILARITY = 0.5


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    config: BatchConfig = BatchConfig(),
    client=None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Run the job on ``client`` (a dask.distributed Client); returns the report."""
    out = Path(out)
    parts = out / "_parts"
    parts.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    skipped: list[dict] = []

    started = time.perf_counter()
    articles = read_articles(inputs, skipped)
    timings["read"] = time.perf_counter() - started

    started = time.perf_counter()
    partitions = partition_articles(articles, config)
    futures = [
        client.submit(group_partition, p, config=config, parts=str(parts), key=f"group-{p['index']}", pure=False)
        for p in partitions
    ]
    groupings = {}
    total_tasks = len(partitions)
    done = 0
    from distributed import as_completed

    for future in as_completed(futures):
        result = future.result()
        groupings[result["index"]] = result
        done += 1
        if progress:
            progress(done, total_tasks)
    timings["stories (partitions, on workers)"] = time.perf_counter() - started

    started = time.perf_counter()
    story_of = stitch(partitions, groupings, config)
    by_key = {a["key"]: a for a in articles}
    copies = {k: v[1] for g in groupings.values() for k, v in g["assignments"].items() if v[1]}
    members: dict[str, list[dict]] = defaultdict(list)
    for key, story in story_of.items():
        members[story].append(by_key[key])
    stories = []
    for story_id in sorted(members):
        items = sorted(members[story_id], key=lambda a: (a["date"] or "", a["position"]))
        stories.append({
            "id": story_id,
            "articles": [a["id"] or a["url"] or a["key"] for a in items],
            "outlets": list(dict.fromkeys(a["source"] for a in items if a["source"])),
            "first_seen": min((a["date"] for a in items if a["date"]), default=None),
            "last_seen": max((a["date"] for a in items if a["date"]), default=None),
            "headline": next((a["title"] for a in items if a["title"]), None) or (" ".join(items[0]["text"].split()).split(". ")[0][:160]),
            "status": "open",
            "follow_up_of": None,
            "copies": sum(1 for a in items if a["key"] in copies),
        })
    # As `newsum stories`: a story with no article in the last close_after days of the input is closed.
    last_day = max((_day(a) for a in articles if a.get("date")), default=None)
    for story in stories:
        if last_day is not None and story["last_seen"] and last_day - dt.date.fromisoformat(story["last_seen"][:10]).toordinal() > config.close_after_days:
            story["status"] = "closed"
    timings["stitch (driver)"] = time.perf_counter() - started

    started = time.perf_counter()
    chunks = []
    for index in range(0, len(stories), config.stories_per_task):
        batch = stories[index : index + config.stories_per_task]
        chunks.append({"index": index // config.stories_per_task,
                       "stories": [{"id": s["id"], "articles": sorted(members[s["id"]], key=lambda a: (a["date"] or "", a["position"]))} for s in batch]})
    futures = client.map(summarize_stories, chunks, config=config, parts=str(parts), key=[f"summaries-{c['index']}" for c in chunks], pure=False)
    summaries, failures = [], []
    total_tasks += len(chunks)
    for future in as_completed(futures):
        result = future.result()
        summaries.extend(result["summaries"])
        failures.extend(result["failures"])
        done += 1
        if progress:
            progress(done, total_tasks)
    timings["summaries (on workers)"] = time.perf_counter() - started

    started = time.perf_counter()
    summaries.sort(key=lambda s: s.get("id") or "")
    _commit(out, stories, summaries, config)
    timings["commit"] = time.perf_counter() - started
    report = {
        "articles": len(articles), "copies": len(copies), "stories": len(stories), "partitions": len(partitions),
        "summaries": len(summaries), "summary_failures": failures, "skipped": skipped,
        "seconds": timings, "config": asdict(config),
        "partition_seconds": {str(g["index"]): round(g["seconds"], 2) for g in groupings.values()},
    }
    _atomic_write(out / "report.json", report)
    for leftover in parts.glob("*"):
        leftover.unlink()
    parts.rmdir()
    return report


def _commit(out: Path, stories: list[dict], summaries: list[dict], config: BatchConfig) -> None:
    def write_lines(name: str, rows: Iterable[dict]) -> None:
        fd, tmp = tempfile.mkstemp(dir=out, prefix=name + ".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, out / name)

    write_lines("stories.jsonl", ({k: v for k, v in s.items() if k != "copies"} for s in stories))
    insight = [(s.get("id"), s.pop("insight", None)) for s in summaries]
    write_lines("summaries.jsonl", summaries)
    if config.insight:
        write_lines("insight.jsonl", ({"id": i, **(x or {})} for i, x in insight))
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{k: v for k, v in s.items() if k != "copies"} for s in stories])
    fd, tmp = tempfile.mkstemp(dir=out, prefix="stories.parquet.", suffix=".tmp")
    os.close(fd)
    pq.write_table(table, tmp)
    os.replace(tmp, out / "stories.parquet")
