"""A batch's input, read by the workers and put in publication order (``newsum batch prepare``).

    INPUT... (files, folders, globs; local paths or fsspec URLs: s3://, gs://, ...)
    ──driver: list the files and cut large JSONL files into byte ranges──▶ units (names only)
    ──on workers, one task per unit: parse, extract HTML, identify each article──▶ a Dask
    dataframe of articles (bad records kept as rows with their error) ──▶ PREPARED/_raw
    ──articles per hour of publication (a reduction)──▶ windows of about WINDOW articles
    ──each read part split by window, on disk──▶ ──a task per window: the first of each key
    in input order kept (as ingest keeps it), sorted by (publication time, key), the order
    ``newsum ingest`` groups in──▶ PREPARED/articles/part.N.parquet, and a manifest

Dask dataframe operations and tasks on the cluster, through files: a worker holds one read
part or one window, never a share of the whole input; the driver holds file names and a count
per hour. Undated articles come after every dated one, in the order they were read. A folder
that already holds a manifest is prepared input, read as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..errors import InputError
from .files import atomic_json, filesystem, is_local

__all__ = ["Unit", "input_units", "read_unit", "prepare", "prepared_manifest", "MANIFEST", "UNDATED", "article_columns"]

#: The file that marks a folder as prepared input (written last: its presence means complete).
MANIFEST = "_newsum_batch.json"
#: Publication time of undated articles: after every real one (microseconds since 1970).
UNDATED = 2**62
#: JSONL files are read in byte ranges of this size, one task each (a line crossing the end of
#: a range belongs to the range it starts in).
BLOCK_BYTES = 32 * 2**20
#: Local article files (HTML, text, RSS) read by one task.
FILES_PER_UNIT = 200

#: Publication times are kept in microseconds since 1970; windows are cut at whole hours.
HOUR = 3_600_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
#: An article's ``order`` (its place in the input) is its unit's number times this, plus its
#: byte offset or row number in the unit.
UNIT_ORDER = 2**40
#: A row of Parquet or a local file counts as this many bytes of ``order``.
ROW_ORDER = 2**10
#: Undated articles are cut into windows by buckets of this much ``order``: 64 KB of JSONL,
#: 64 rows or files (the driver holds a count per bucket: 10 MB for 40 GB of undated input).
UNDATED_BUCKET = 2**16


@dataclass(frozen=True)
class Unit:
    """A piece of input one worker reads: ``kind`` "jsonl" (bytes [start, end) of ``paths[0]``),
    "parquet" (one file) or "files" (local article files, read as ``newsum ingest`` reads them)."""

    number: int
    kind: str
    paths: tuple[str, ...]
    start: int = 0
    end: int | None = None


def article_columns() -> dict[str, str]:
    """The columns of the articles frame and their pandas dtypes."""
    text = "object"
    return {"key": text, "published": "int64", "order": "int64", "id": text, "url": text, "source": text, "date": text,
            "title": text, "text": text, "language": text, "fingerprint": text, "where": text, "error": text}


def _frame(rows: list[dict]):
    import pandas as pd

    columns = article_columns()
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


# -- the driver: what there is to read ---------------------------------------------------------


def input_units(inputs: Sequence[str], *, block_bytes: int = BLOCK_BYTES) -> list[Unit]:
    """The units of ``inputs``: files listed, never read (a folder: its files, recursively; a
    glob: its matches). Raises InputError naming an input that matches nothing."""
    from ..stream.ingest import JSONL_SUFFIXES

    units: list[Unit] = []
    local_files: list[str] = []

    def flush() -> None:
        for index in range(0, len(local_files), FILES_PER_UNIT):
            units.append(Unit(len(units), "files", tuple(local_files[index : index + FILES_PER_UNIT])))
        local_files.clear()

    for location in inputs:
        fs, path = filesystem(location)
        local = is_local(fs)
        if any(c in path for c in "*?["):
            found = sorted(fs.glob(path))
        elif fs.isdir(path):
            found = sorted(p for p in fs.find(path) if not os.path.basename(p).startswith((".", "_")))
        elif fs.exists(path):
            found = [path]
        else:
            raise InputError(f"no such file or directory: {location}")
        if not found:
            raise InputError(f"{location} matches no file; give a file, a folder or a glob such as 'crawl/*.jsonl'")
        for name in found:
            url = name if local else fs.unstrip_protocol(name)
            suffix = os.path.splitext(name)[1].lower()
            if suffix == ".parquet":
                flush()
                units.append(Unit(len(units), "parquet", (url,)))
            elif suffix in JSONL_SUFFIXES:
                flush()
                size = fs.size(name)
                for start in range(0, max(size, 1), block_bytes):
                    units.append(Unit(len(units), "jsonl", (url,), start, min(start + block_bytes, size)))
            elif local:
                local_files.append(name)
            else:
                raise InputError(f"{url}: a remote input must be JSONL or Parquet (local folders may hold HTML, text and RSS files)")
        flush()
    return units


# -- on a worker: one unit ----------------------------------------------------------------------


def _row(document, where: str, order: int) -> dict:
    from ..store.base import utc_time
    from ..stream.ingest import article_key, fingerprint

    content = fingerprint(document)
    published = utc_time(document.date)
    return {
        "key": article_key(document, content),
        "published": (published - _EPOCH) // dt.timedelta(microseconds=1) if published is not None else UNDATED,
        "order": order, "id": document.id, "url": document.url, "source": document.source,
        "date": document.date.isoformat() if document.date is not None else None, "title": document.title,
        "text": document.text, "language": document.language, "fingerprint": content, "where": where, "error": None,
    }


def _bad(where: str, order: int, error: str) -> dict:
    return {"key": None, "published": UNDATED, "order": order, "where": where, "error": error}


def _lines_before(fs, path: str, offset: int) -> int:
    """Lines of ``path`` before byte ``offset`` (only counted to name a bad record's line)."""
    count = 0
    with fs.open(path, "rb") as handle:
        while offset > 0:
            chunk = handle.read(min(offset, 2**22))
            if not chunk:
                break
            count += chunk.count(b"\n")
            offset -= len(chunk)
    return count


def _jsonl_rows(unit: Unit) -> Iterator[dict]:
    from ..stream.ingest import line_documents

    location = unit.paths[0]
    fs, path = filesystem(location)
    with fs.open(path, "rb") as handle:
        position = unit.start
        if unit.start > 0:  # the line that crosses into this range belongs to the previous one
            handle.seek(unit.start - 1)
            position = unit.start - 1 + len(handle.readline())
        begins = position
        lines_before = 0 if unit.start == 0 else None  # counted only to name a bad record's line
        number = 0
        while unit.end is None or position < unit.end:
            raw = handle.readline()
            if not raw:
                break
            offset, position = position, position + len(raw)
            number += 1
            if not raw.strip():
                continue
            order = unit.number * UNIT_ORDER + offset
            k = 0
            try:
                for k, document in enumerate(line_documents(raw, path=location, line=number)):
                    yield _row(document, f"{location}:{number}", order + k)
            except InputError:
                if lines_before is None:
                    lines_before = _lines_before(fs, path, begins)
                line = lines_before + number
                try:  # again, to name the line in the whole file
                    for _ in line_documents(raw, path=location, line=line):
                        pass
                except InputError as error:
                    yield _bad(f"{location}:{line}", order + k, str(error))


def _parquet_rows(unit: Unit) -> Iterator[dict]:
    import pyarrow.parquet as pq

    from ..ingest.records import document_from_record

    location = unit.paths[0]
    fs, path = filesystem(location)
    with fs.open(path, "rb") as handle:
        number = 0
        for batch in pq.ParquetFile(handle).iter_batches(batch_size=1000):
            for row in batch.to_pylist():
                number += 1
                record = {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items() if v is not None}
                try:
                    document = document_from_record(record, path=location, line=number, where="row")
                except InputError as error:
                    yield _bad(f"{location}:{number}", unit.number * UNIT_ORDER + number * ROW_ORDER, str(error))
                    continue
                yield _row(document, f"{location}:{number}", unit.number * UNIT_ORDER + number * ROW_ORDER)


def _file_rows(unit: Unit) -> Iterator[dict]:
    from ..stream.ingest import IngestReport, feed_articles

    report = IngestReport()
    number = 0
    for document, where in feed_articles(list(unit.paths), skip_bad=True, report=report):
        number += 1
        yield _row(document, where, unit.number * UNIT_ORDER + number * ROW_ORDER)
    for problem in report.skipped:
        number += 1
        yield _bad(problem.split(":")[0], unit.number * UNIT_ORDER + number * ROW_ORDER, problem)


def read_unit(unit: Unit):
    """One unit's articles as a pandas frame (bad records as rows whose ``error`` is set)."""
    reader = {"jsonl": _jsonl_rows, "parquet": _parquet_rows, "files": _file_rows}[unit.kind]
    return _frame(list(reader(unit)))


# -- the whole input, on the cluster --------------------------------------------------------------


def window_starts(hours, counts, window: int):
    """The first hour of each window: hours in order, a new window once the current one holds
    ``window`` articles (an hour is never split)."""
    import numpy as np

    starts, held = [], window
    for hour, count in zip(hours, counts):
        if held >= window:
            starts.append(int(hour))
            held = 0
        held += int(count)
    return np.array(starts or [0], dtype=np.int64)


def _window_of(hours, starts):
    import numpy as np

    return np.maximum(np.searchsorted(starts, hours.to_numpy(), side="right") - 1, 0).astype("int64")


def _in_publication_order(frame):
    import pandas as pd

    undated = frame["published"] == UNDATED
    return pd.concat([frame[~undated].sort_values(["published", "key"], kind="stable"), frame[undated].sort_values("order", kind="stable")])


def _first_of_each_key(frame):
    return frame.sort_values("order", kind="stable").drop_duplicates("key", keep="first")


def prepared_manifest(location: str) -> dict | None:
    """The manifest of prepared input at ``location``, or None if it is not prepared input."""
    fs, path = filesystem(location)
    name = f"{path.rstrip('/')}/{MANIFEST}"
    if not fs.exists(name):
        return None
    with fs.open(name, "r", encoding="utf-8") as handle:
        return json.load(handle)


def prepare(inputs: Sequence[str], prepared: str, *, window: int) -> dict:
    """Read ``inputs`` on the workers of the current Dask client into ``prepared`` (a folder or fsspec URL, which
    the workers must reach): articles in publication order, in parts of about ``window``
    articles; returns the manifest. Prepared already: returns its manifest."""
    manifest = prepared_manifest(prepared)
    if manifest is not None:
        return manifest
    return _prepare(inputs, prepared, window=window)


def _prepare(inputs: Sequence[str], prepared: str, *, window: int) -> dict:
    import dask
    import dask.dataframe as dd

    units = input_units(inputs)
    fs, root = filesystem(prepared)
    root = root.rstrip("/")
    base = prepared.rstrip("/")
    raw = dd.from_map(read_unit, units, meta=_frame([]), label="read", enforce_metadata=False)
    raw.to_parquet(f"{base}/_raw", write_index=False, overwrite=True)
    raw = dd.read_parquet(f"{base}/_raw")
    bad = raw[raw["error"].notnull()][["where", "error"]]
    bad.to_parquet(f"{base}/skipped", write_index=False, overwrite=True)
    good = raw[raw["error"].isnull()].drop(columns=["error"])
    # Windows: whole hours of publication (ties stay together), cut where a window reaches
    # WINDOW articles, from the count of articles per hour (a reduction on the workers: the
    # driver holds one number per hour, not per article).
    # Undated articles go last, in the order they were read (as ingest groups them: when they
    # come), in buckets of 64 KB of input (of 64 rows), so that they too make windows of
    # about WINDOW articles.
    good = good.assign(hour=good["published"] // HOUR + (good["published"] == UNDATED) * (good["order"] // UNDATED_BUCKET))
    per_hour = good["hour"].value_counts().compute().sort_index()
    starts = window_starts(per_hour.index.to_numpy(), per_hour.to_numpy(), window)
    # Each read part is split by window on disk (no shuffle held in memory: a worker holds one
    # part, then one window), then each window is put in order by a task of its own.
    good = good.assign(window=good["hour"].map_partitions(_window_of, starts, meta=("window", "int64"))).drop(columns=["hour"])
    good.to_parquet(f"{base}/_windows", partition_on=["window"], write_index=False, overwrite=True)
    sizes = list(dask.compute(*[dask.delayed(_order_window)(base, number) for number in range(len(starts))]))
    skipped = int(dd.read_parquet(f"{base}/skipped", columns=["where"]).map_partitions(len).compute().sum())
    manifest = {"format": 1, "articles": sum(sizes), "windows": len(sizes), "window_sizes": sizes, "skipped": skipped,
                "inputs": list(inputs), "window": window}
    fs.rm(f"{root}/_raw", recursive=True)
    fs.rm(f"{root}/_windows", recursive=True)
    atomic_json(f"{base}/{MANIFEST}", manifest)
    return manifest


def _order_window(base: str, number: int) -> int:
    """Window ``number``: its rows from every read part, the first of each key in input order
    kept (a key dated twice lands in two windows; the chain keeps the earlier, as it passes
    over a key already stored), in publication order, as ``articles/part.N.parquet``."""
    import pyarrow.dataset as ds

    from .files import atomic_parquet, part_path

    fs, root = filesystem(f"{base}/_windows/window={number}")
    columns = [name for name in article_columns() if name != "error"]
    table = ds.dataset(root, filesystem=fs, format="parquet").to_table(columns=columns)
    rows = table.select(["key", "order", "published"]).to_pandas()
    rows["row"] = range(len(rows))
    kept = _in_publication_order(_first_of_each_key(rows))["row"].to_numpy()
    table = table.take(kept)
    atomic_parquet(part_path(base, "articles", number), table)
    return len(kept)
