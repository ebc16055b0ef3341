"""Where a batch keeps its parts, and how a part is written so that it is whole or absent.

Every path is a local path or an fsspec URL that every worker reaches (a shared disk, an object
store). A part is written under a temporary name and renamed, so a task killed mid-write leaves
no part, and a task whose part exists was done.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable

__all__ = ["filesystem", "is_local", "commit", "part_path", "exists", "atomic_parquet", "atomic_lines", "read_parquet_rows", "read_json", "atomic_json", "remove"]


def filesystem(location: str):
    from fsspec.core import url_to_fs

    return url_to_fs(location)


def part_path(root: str, kind: str, number: int | str, suffix: str = "parquet") -> str:
    return f"{root.rstrip('/')}/{kind}/part.{number}.{suffix}"


def is_local(fs) -> bool:
    """Whether an fsspec filesystem is this machine's own disk."""
    return "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))


def exists(location: str) -> bool:
    fs, path = filesystem(location)
    return fs.exists(path)


def commit(location: str, write) -> None:
    """Write ``location`` whole or not at all: ``write(handle)`` fills a temporary file, renamed after."""
    fs, path = filesystem(location)
    folder = path.rsplit("/", 1)[0]
    fs.makedirs(folder, exist_ok=True)
    temporary = f"{folder}/.{path.rsplit('/', 1)[1]}.{uuid.uuid4().hex}.tmp"
    try:
        with fs.open(temporary, "wb") as handle:
            write(handle)
        fs.mv(temporary, path)
    finally:
        if fs.exists(temporary):
            fs.rm(temporary)


def atomic_parquet(location: str, table) -> None:
    """A Parquet part from a pyarrow Table."""
    import pyarrow.parquet as pq

    commit(location, lambda handle: pq.write_table(table, handle))


def atomic_lines(location: str, rows: Iterable[dict]) -> None:
    """A JSONL part, one JSON object per line."""

    def write(handle) -> None:
        for row in rows:
            handle.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))

    commit(location, write)


def atomic_json(location: str, value) -> None:
    commit(location, lambda handle: handle.write(json.dumps(value, ensure_ascii=False).encode("utf-8")))


def read_json(location: str):
    fs, path = filesystem(location)
    with fs.open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def read_parquet_rows(location: str) -> list[dict]:
    import pyarrow.parquet as pq

    fs, path = filesystem(location)
    with fs.open(path, "rb") as handle:
        return pq.read_table(handle).to_pylist()


def remove(location: str) -> None:
    fs, path = filesystem(location)
    if fs.exists(path):
        fs.rm(path, recursive=True)
