"""The batch job on Dask: the driver submits tasks and keeps counts; the workers read, compute
and write.

    INPUT... ──prepare (newsum.batch.reading): workers read their shards; a Dask shuffle by
    identity and by publication time──▶ windows of about WINDOW articles, in order
    ──features (newsum.batch.features), every window in parallel: profiles, embeddings,
    near-duplicate signatures, search terms, document frequencies──▶
    ──the ordered chain (newsum.batch.chain), a task per window after the one before: the join
    decisions of `newsum ingest`, into the store──▶ stories; those a window closes are final
    ──outputs (newsum.batch.outputs), in parallel as windows close: story rows, summaries,
    insight──▶ OUT/stories/, OUT/summaries/ ... and, for small runs, merged JSONL files

The driver holds file names, futures and counts: nothing that grows with the articles. Every
task writes its result atomically and a task whose result exists does nothing (the chain: an
article already in the store is passed over), so a killed worker (Dask retries its task
elsewhere) or a killed job (run it again with the same OUT) loses and doubles nothing.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError
from ..store import store_location
from .chain import group_window, open_at_end
from .features import count_frequencies, window_features
from .files import atomic_json, exists, filesystem, is_local, read_json, remove
from .outputs import merge_parts, summarize_listed
from .reading import prepare, prepared_manifest

__all__ = ["BatchConfig", "run_batch", "MERGED_UP_TO"]

#: Runs of up to this many articles also get the merged stories.jsonl / summaries.jsonl
#: (about 1 GB of summaries); larger ones are read as the partitioned parts.
MERGED_UP_TO = 1_000_000


@dataclass(frozen=True)
class BatchConfig:
    """What the job needs to know; the workers get only the parts of it they use."""

    #: Articles per window: the unit of parallel work and of the chain. A worker holds one
    #: window's articles (about 25 MB of text at 5,000 news articles) and their features.
    window: int = 5000
    close_after_days: int = 90
    words: int = 100
    insight: bool = False
    stories_per_task: int = 40
    #: Write the merged JSONL files: None decides by size (MERGED_UP_TO).
    merged: bool | None = None


def _check_settings(work: str, config: BatchConfig, store: str) -> None:
    """A re-run must have the settings that decide the stories of the run it continues."""
    settings = {"window": config.window, "close_after_days": config.close_after_days, "store": store_location(store)}
    location = f"{work}/settings.json"
    if exists(location):
        earlier = read_json(location)
        if earlier != settings:
            changed = ", ".join(f"{k} {earlier.get(k)!r} -> {v!r}" for k, v in settings.items() if earlier.get(k) != v)
            raise InputError(f"OUT holds an unfinished run with other settings ({changed}); run it with its settings, or give another --out")
    else:
        atomic_json(location, settings)


def _store_location(out: str, store: str | None) -> str:
    if store:
        return store
    fs, path = filesystem(out)
    if not is_local(fs):
        raise InputError(f"OUT {out} is not a local folder, so the default SQLite store cannot live in it; give --store postgresql://...")
    return str(Path(path) / "store.db")


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    config: BatchConfig = BatchConfig(),
    client,
    store: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Run the job on ``client`` (a dask.distributed Client) and return its report. ``inputs``:
    files, folders, globs or fsspec URLs, or one folder ``newsum batch prepare`` wrote;
    ``store``: where the stories go (default: OUT/store.db, SQLite)."""
    from distributed import as_completed

    out = str(out).rstrip("/")
    fs, path = filesystem(out)
    fs.makedirs(path, exist_ok=True)
    work = f"{out}/_work"
    store = _store_location(out, store)
    _check_settings(work, config, store)
    run = uuid.uuid4().hex[:8]  # task keys unique on a scheduler shared by several runs
    seconds: dict[str, float] = {}

    started = time.perf_counter()
    given = prepared_manifest(inputs[0]) if len(inputs) == 1 else None
    prepared = inputs[0].rstrip("/") if given is not None else f"{work}/prepared"
    manifest = given or prepare(inputs, prepared, window=config.window)
    seconds["prepare"] = time.perf_counter() - started
    windows = manifest["windows"]

    started = time.perf_counter()
    # Priorities: the chain first whenever it can run (it is the critical path), then the
    # features it will need, earliest window first; summaries fill the gaps.
    features = [client.submit(window_features, prepared, work, i, key=f"newsum-{run}-features-{i}", pure=False, priority=50 - i / windows)
                for i in range(windows)]
    chain, links = None, []
    for i in range(windows):
        chain = client.submit(group_window, prepared, work, i, chain, features[i], store=store, close_after_days=config.close_after_days,
                              key=f"newsum-{run}-chain-{i}", pure=False, priority=100)
        links.append(chain)
    end = client.submit(open_at_end, store, chain, key=f"newsum-{run}-open-at-end", pure=False, priority=100)
    pending = as_completed([*features, *links, end], with_results=True)
    del features, links, chain, end
    totals = {"articles": 0, "copies": 0, "stories": 0, "summaries": 0, "summary_failures": [], "summary_failure_count": 0}
    stage_seconds = {"features": 0.0, "chain": 0.0, "summaries": 0.0}
    done, expected = 0, 2 * windows + 1
    chain_finished = None
    chain_span = (float("inf"), float("-inf"))  # from the first link's start to the last one's end (wall clock)
    for future, result in pending:
        done += 1
        name = future.key.split("-")[2]
        if name == "features":
            stage_seconds["features"] += result["seconds"]
        elif name in ("chain", "open"):
            closed, window = result["closed"], result["window"]
            if name == "chain":
                stage_seconds["chain"] += result["seconds"]
                chain_span = (min(chain_span[0], result["began"]), max(chain_span[1], result["ended"]))
                totals["articles"] += result["articles"]
                totals["copies"] += result["copies"]
            else:
                chain_finished = time.perf_counter() - started
            chunks = math.ceil(closed / config.stories_per_task)
            expected += chunks
            for chunk in range(chunks):
                pending.add(client.submit(summarize_listed, store, out, window, chunk, per_task=config.stories_per_task, words=config.words,
                                          insight=config.insight, key=f"newsum-{run}-summaries-{window}-{chunk}", pure=False, priority=0))
        else:
            stage_seconds["summaries"] += result["seconds"]
            totals["stories"] += result["stories"]
            totals["summaries"] += result["stories"] - len(result["failures"])
            totals["summary_failure_count"] += len(result["failures"])
            room = FAILURES_LISTED - len(totals["summary_failures"])  # the driver keeps a bounded sample
            totals["summary_failures"].extend(result["failures"][:room])
        if progress is not None:
            progress(done, expected)
    seconds["stories and summaries"] = time.perf_counter() - started

    started = time.perf_counter()
    terms = count_frequencies(work, out)
    seconds["document frequencies"] = time.perf_counter() - started
    started = time.perf_counter()
    merged = config.merged if config.merged is not None else manifest["articles"] <= MERGED_UP_TO
    if merged:
        client.submit(merge_parts, out, insight=config.insight, key=f"newsum-{run}-merge", pure=False).result()
    seconds["merge"] = time.perf_counter() - started

    skipped = _skipped_sample(prepared)
    if manifest["skipped"] and given is None:  # kept beside the outputs: every bad record, with where it was
        fs, path = filesystem(f"{prepared}/skipped")
        remove(f"{out}/skipped")
        fs.mv(path, filesystem(f"{out}/skipped")[1], recursive=True)
    report = {
        "articles": manifest["articles"], "windows": windows, "copies": totals["copies"], "stories": totals["stories"],
        "summaries": totals["summaries"], "summary_failures": totals["summary_failures"],
        "summary_failure_count": totals["summary_failure_count"], "skipped_count": manifest["skipped"],
        "skipped": skipped, "document_frequencies": terms, "store": store_location(store), "merged": merged, "seconds": seconds,
        "cpu_seconds": stage_seconds, "chain_finished_after": chain_finished,
        "chain_span": chain_span[1] - chain_span[0] if windows else 0.0, "config": asdict(config),
    }
    atomic_json(f"{out}/report.json", report)
    remove(f"{work}/features")
    remove(f"{work}/frequencies")
    if given is None:
        remove(prepared)
    remove(work)
    return report


#: Bad records listed in report.json (all of them are in OUT/skipped), and stories that could
#: not be summarized (all of them counted).
SKIPPED_LISTED = FAILURES_LISTED = 1000


def _skipped_sample(prepared: str) -> list[dict]:
    import pyarrow.dataset as ds

    fs, path = filesystem(f"{prepared}/skipped")
    if not fs.exists(path):
        return []
    table = ds.dataset(path, filesystem=fs, format="parquet").head(SKIPPED_LISTED)
    return table.to_pylist()
