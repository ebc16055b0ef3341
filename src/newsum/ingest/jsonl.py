"""Cluster JSONL: one cluster per line, read as a stream (memory does not grow with the file)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..errors import IngestError, InputError, MalformedRecord
from ..model import Cluster
from .decode import check_not_binary
from .records import cluster_from_record

__all__ = ["read_cluster_jsonl", "Skipped"]


class Skipped:
    """A record that could not be read, in place of the cluster it should have been."""

    __slots__ = ("error",)

    def __init__(self, error: InputError):
        self.error = error

    def __repr__(self) -> str:
        return f"Skipped({self.error})"


def read_cluster_jsonl(
    stream: BinaryIO,
    *,
    path: str,
    errors: str = "raise",
    default_id: Callable[[int], str] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Cluster | Skipped]:
    """Yield the clusters of a JSONL byte stream, in order.

    With ``errors="raise"`` the first bad line raises a :class:`MalformedRecord` carrying its
    line number; with ``errors="skip"`` it is yielded as :class:`Skipped` and reading goes on.
    Blank lines are allowed and ignored.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', got {errors!r}")
    head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
    if head:
        check_not_binary(head, path=path)
    seen_any = False
    for number, raw in enumerate(stream, start=1):
        if on_bytes is not None:
            on_bytes(len(raw))
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        seen_any = True
        try:
            yield _parse_line(raw, number=number, path=path, default_id=default_id)
        except InputError as error:
            if errors == "raise":
                raise
            yield Skipped(error)
    if not seen_any:
        raise IngestError(
            "the file is empty; a cluster JSONL file has one cluster per line: "
            '{"id": ..., "documents": [{"text": ...}, ...]}',
            path=path,
        )


def _parse_line(raw: bytes, *, number: int, path: str, default_id: Callable[[int], str] | None) -> Cluster:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedRecord(
            f"not UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1}); JSON Lines files "
            "must be UTF-8: convert the file, e.g. iconv -f windows-1252 -t utf-8",
            path=path,
            line=number,
        ) from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise MalformedRecord(
            f"not valid JSON ({error.msg} at column {error.colno}); each line must be one JSON object "
            '{"id": ..., "documents": [...]}',
            path=path,
            line=number,
        ) from None
    return cluster_from_record(
        record, path=path, line=number, default_id=default_id(number) if default_id else None
    )
