"""Readers: paths (files, directories, ``-`` for stdin) to a stream of clusters.

Two kinds of input, never mixed in one call:

* article files (``.txt``, ``.html``) and directories of them: together, one cluster; a
  document's id is its file name without extension;
* cluster JSONL files: one cluster per line, many lines many clusters, read as a stream.

Every reader is a generator and reports what it detected (format, encoding) on the
documents it yields.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import ConfigError, IngestError, InputError
from ..model import Cluster, Document
from .files import DOCUMENT_SUFFIXES, document_files, read_document_bytes, read_document_file
from .jsonl import Skipped, read_cluster_jsonl
from .records import cluster_from_record, document_from_record

__all__ = [
    "read_inputs",
    "read_cluster_jsonl",
    "read_document_file",
    "document_from_record",
    "cluster_from_record",
    "Skipped",
    "input_size",
    "JSONL_SUFFIXES",
]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
STDIN = "-"


def _is_jsonl(path: Path) -> bool:
    if path.suffix.lower() in JSONL_SUFFIXES:
        return True
    if path.suffix.lower() in DOCUMENT_SUFFIXES or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(1024).lstrip().startswith(b"{")


def input_size(paths: Sequence[str]) -> int | None:
    """Total bytes of the JSONL inputs (for a progress bar), or None when unknown (stdin)."""
    total = 0
    for name in paths:
        if name == STDIN:
            return None
        path = Path(name)
        if path.is_file():
            total += path.stat().st_size
    return total


def read_inputs(
    paths: Sequence[str],
    *,
    errors: str = "raise",
    stdin: BinaryIO | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Cluster | Skipped]:
    """Yield the clusters the paths hold, in input order.

    ``errors="skip"`` yields a :class:`Skipped` for each unreadable cluster (or article file)
    instead of raising; the caller reports them. A missing path, or article files mixed with
    JSONL files, always raises: there is nothing sensible to skip to.
    """
    if not paths:
        raise ConfigError("no input given: name .txt/.html files, a directory of them, cluster .jsonl files, or - for stdin")
    if errors not in ("raise", "skip"):
        raise ConfigError(f"errors must be 'raise' or 'skip', got {errors!r}")
    if paths.count(STDIN) > 1:
        raise ConfigError("stdin (-) can be named only once")
    for name in paths:
        if name != STDIN and not Path(name).exists():
            raise IngestError("no such file or directory; check the path", path=name)

    if STDIN in paths:
        if len(paths) > 1:
            raise ConfigError("read either stdin (-) or files, not both in one call")
        yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, errors=errors, on_bytes=on_bytes)
        return

    jsonl = [name for name in paths if Path(name).is_file() and _is_jsonl(Path(name))]
    if jsonl and len(jsonl) != len(paths):
        others = [name for name in paths if name not in jsonl]
        raise ConfigError(
            f"cannot mix cluster JSONL files ({jsonl[0]}) with article files or directories ({others[0]}) "
            "in one call; summarize them separately"
        )
    if jsonl:
        for name in jsonl:
            with open(name, "rb") as handle:
                stem = Path(name).stem
                yield from read_cluster_jsonl(
                    handle, path=name, errors=errors, on_bytes=on_bytes, default_id=lambda n, s=stem: f"{s}-{n}"
                )
        return
    yield from _read_article_files(paths, errors=errors)


def _read_article_files(paths: Sequence[str], *, errors: str) -> Iterator[Cluster | Skipped]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        files.extend(document_files(path) if path.is_dir() else [path])
    documents: list[Document] = []
    origin: dict[str, Path] = {}
    for path in files:
        try:
            document = read_document_file(path)
        except InputError as error:
            if errors == "raise":
                raise
            yield Skipped(error)
            continue
        if document.id in origin:
            raise IngestError(
                f"gives the same document id {document.id!r} as {origin[document.id]}; a document's id is its "
                "file name without extension, so rename one of them",
                path=str(path),
            )
        origin[document.id] = path  # type: ignore[index]
        documents.append(document)
    if not documents:
        return
    single_dir = len(paths) == 1 and Path(paths[0]).is_dir()
    yield Cluster(documents=tuple(documents), id=Path(paths[0]).resolve().name if single_dir else None)


def _read_stdin(stream: BinaryIO, *, errors: str, on_bytes: Callable[[int], None] | None) -> Iterator[Cluster | Skipped]:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(1024)[:1024]
    if head.lstrip().startswith(b"{"):
        yield from read_cluster_jsonl(buffered, path="<stdin>", errors=errors, on_bytes=on_bytes, default_id=lambda n: f"stdin-{n}")
        return
    data = buffered.read()
    stripped = data.lstrip()[:512].lower()
    fmt = "html" if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) else "text"
    if not data.strip():
        raise IngestError("stdin is empty; pipe an article, an HTML page or cluster JSONL into it", path="<stdin>")
    yield Cluster(documents=(read_document_bytes(data, doc_id="stdin", fmt=fmt, path="<stdin>"),))
