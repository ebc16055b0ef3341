"""Summaries of many clusters on several processes, in input order, in bounded memory.

``imap_ordered`` runs a function over a stream of items on a pool of worker processes and
yields the results in the order of the items. At most ``window`` items are in flight, so a
JSONL file of a million clusters never sits in memory. Workers are started once and receive
their configuration once (``initializer``); each item and result crosses the process boundary
pickled, which :class:`~newsum.model.Document` and :class:`~newsum.model.Summary` support.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["imap_ordered", "resolve_workers"]

T = TypeVar("T")
R = TypeVar("R")


def resolve_workers(workers: int) -> int:
    """``workers`` as a process count: 0 means one per CPU this process may use."""
    if workers < 0:
        raise ValueError(f"workers must be 0 (one per CPU) or more, got {workers}")
    if workers == 0:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return workers


def imap_ordered(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple = (),
    window: int | None = None,
) -> Iterator[R]:
    """``map(function, items)`` on ``workers`` processes, results in input order.

    With one worker nothing is forked: the function runs here, after ``initializer``.
    ``function`` must be a module-level function (workers find it by name).
    """
    workers = resolve_workers(workers)
    if workers == 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield function(item)
        return
    window = window or 4 * workers
    pending: deque[Future] = deque()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)
    try:
        iterator = iter(items)
        while True:
            try:
                item = next(iterator)
            except StopIteration:
                break
            except BaseException:
                # The input failed at this item: what came before it is still delivered.
                while pending:
                    yield pending.popleft().result()
                raise
            pending.append(pool.submit(function, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
