"""Following feeds: poll each on its own schedule, fetch new articles, hand them over.

The loop knows nothing of databases. It reads and writes feed state through a small
:class:`FeedStateStore` and hands new documents to a ``deliver`` callback that ingests them and
returns how many were new. Every call to either happens on the thread that runs the watcher
(SQLite connections belong to one thread), in this order per feed: deliver the feed's new
documents, then save its state. A stop between the two leaves the old validators in place,
so the feed is read again and :meth:`FeedStateStore.known` filters what was delivered.

Why threads and not asyncio: the work per article is an HTTP exchange followed by
trafilatura's extraction (CPU, synchronous), the store and the CLI are synchronous, and the
whole library is; a small thread pool over httpx's thread-safe client overlaps the network
waits of different hosts without making callers run an event loop. The per-host limits of
:class:`~newsum.fetch.client.HttpClient` still hold, and the watcher itself never gives one
host more jobs in flight than its ``max_per_host``, so a host with a long backlog cannot
occupy every worker while the other hosts wait.

A feed's validators (ETag, Last-Modified) are saved only when every new entry of the poll
was settled: delivered, or skipped for a reason that will not change (not an article, not
HTML, forbidden by robots.txt). When a page failed in a way that may pass (a timeout, a 5xx,
a host that asked us to wait), the old validators stay, so the next poll reads the whole feed
again instead of receiving a 304 and losing the entry.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import threading
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import urlsplit

from ..errors import ConfigError, IngestError, MissingDependency
from ..model import Document
from .articles import MIN_ARTICLE_WORDS, ArticleResult, fetch_article
from .client import FetchResult, HttpClient
from .feeds import Feed, parse_feed

__all__ = ["FeedState", "FeedStateStore", "PollReport", "Watcher"]

logger = logging.getLogger(__name__)

#: A feed's <ttl> longer than a day is read as a day: a feed that asks to be left alone for a
#: week is more likely misconfigured (minutes taken for seconds) than really that quiet.
_MAX_TTL = 24 * 3600.0
#: How often the continuous loop reads the store's feed list even when no feed is due, so
#: feeds added meanwhile (``newsum feeds add``) are picked up within a minute.
_RESCAN = 60.0
#: How often a waiting loop looks at its stop event (a signal handler sets it).
_TICK = 0.25
#: Entry links remembered between polls (what each resolved to, or that it is not an article),
#: so a feed that changes does not make us fetch its older entries again. About 100 bytes
#: each; 50 000 is fifty entries for each of a thousand feeds.
_REMEMBERED_LINKS = 50_000
_NOT_AN_ARTICLE = ""  # remembered for a link that was skipped for good
#: Skips and failures a report lists by URL (the counts cover all of them).
_REPORTED = 1000


@dataclass(frozen=True)
class FeedState:
    """What the watcher keeps about one feed between polls.

    ``next_poll_at`` None means due now (a feed just added). ``errors`` counts failed polls in
    a row (the backoff); ``last_error`` is the last one's reason, or a note about pages that
    failed in a poll that otherwise worked. ``ttl`` is the feed's own <ttl> in minutes.
    ``articles_added`` counts what ``deliver`` reported as new, over the feed's life.
    """

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: dt.datetime | None = None
    last_fetch_at: dt.datetime | None = None
    last_error: str | None = None
    errors: int = 0
    ttl: int | None = None
    articles_added: int = 0


class FeedStateStore(Protocol):
    """Where feed state lives, and what is already stored. Called from one thread only."""

    def feed_states(self) -> Iterable[FeedState]:
        """Every feed followed, with its state."""
        ...

    def save_feed_state(self, state: FeedState) -> None:
        """Replace the state of the feed ``state.url``."""
        ...

    def known(self, canonical_url: str) -> bool:
        """Whether an article with this canonical URL (its document id) is stored."""
        ...


@dataclass
class PollReport:
    """What a poll (or a whole run) did.

    ``pages_skipped`` counts entries given up for good (not an article, not HTML, robots.txt,
    no link), ``pages_failed`` those that will be tried again; ``skipped`` and ``failed`` list
    ``(url, reason)`` for the last thousand entries and feeds of each kind, so a long run's
    report stays small. ``fetch_seconds`` adds up the time workers spent on requests and
    extraction; ``seconds`` is the wall-clock time of the run.
    """

    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    entries_new: int = 0
    pages_fetched: int = 0
    pages_skipped: int = 0
    pages_failed: int = 0
    documents_delivered: int = 0
    articles_added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    fetch_seconds: float = 0.0
    seconds: float = 0.0

    def _note(self, which: str, url: str, reason: str) -> None:
        items = getattr(self, which)
        items.append((url, reason))
        if len(items) > _REPORTED:
            del items[: len(items) - _REPORTED]


@dataclass
class _FeedWork:
    """A feed between its fetch and its state being saved."""

    state: FeedState
    result: FetchResult | None = None
    feed: Feed | None = None
    error: str | None = None
    links: list[str] = field(default_factory=list)
    waiting: set[str] = field(default_factory=set)
    results: dict[str, ArticleResult] = field(default_factory=dict)


@dataclass(frozen=True)
class _Job:
    kind: str  # "feed" or "article"
    key: str  # the feed's URL or the entry's link
    host: str


class Watcher:
    """Polls the feeds of ``store`` and hands new articles to ``deliver``.

    ``interval`` is the seconds between two polls of a feed (a feed's <ttl> may make it
    longer); ``floor`` the shortest interval ever used, whatever the configuration, the feed or
    a Retry-After say; ``max_backoff`` the longest wait after repeated failures. ``workers``
    threads fetch concurrently. ``stop`` is the event a signal handler sets to end
    :meth:`run` gracefully. ``clock`` returns the current UTC time (tests move it).
    Without ``client`` the watcher makes one with default politeness settings and closes it
    in :meth:`close`.
    """

    def __init__(
        self,
        store: FeedStateStore,
        deliver: Callable[[list[Document]], int],
        *,
        client: HttpClient | None = None,
        interval: float = 15 * 60.0,
        floor: float = 60.0,
        max_backoff: float = 6 * 3600.0,
        workers: int = 8,
        min_words: int = MIN_ARTICLE_WORDS,
        stop: threading.Event | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        # 15 minutes is what feed readers commonly default to and what most news feeds' <ttl>
        # (when present) ask; a floor of one minute keeps a mistyped --interval from hammering
        # a server; six hours of backoff still notices within a working day that a broken feed
        # came back.
        for name, value in (("interval", interval), ("max_backoff", max_backoff)):
            if not value > 0:
                raise ConfigError(f"{name} must be a positive number of seconds, got {value!r}")
        if not floor >= 0:
            raise ConfigError(f"floor must be zero or more seconds, got {floor!r}")
        if not (isinstance(workers, int) and workers >= 1):
            raise ConfigError(f"workers must be a whole number of at least 1, got {workers!r}")
        if importlib.util.find_spec("trafilatura") is None:  # article pages are read with it
            raise MissingDependency("Watching feeds", "html", "trafilatura")
        self.store = store
        self.deliver = deliver
        self.client = client
        self.interval = interval
        self.floor = floor
        self.max_backoff = max_backoff
        self.workers = workers
        self.min_words = min_words
        self.stop = stop if stop is not None else threading.Event()
        self.clock = clock
        self._client = client if client is not None else HttpClient()
        self._owns_client = client is None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsum-watch")
        self._queues: dict[str, deque[_Job]] = {}
        self._running: dict[Future, _Job] = {}
        self._host_running: Counter[str] = Counter()
        self._works: dict[str, _FeedWork] = {}
        self._waiters: dict[str, list[str]] = {}  # link -> feeds waiting for its article
        self._remembered: OrderedDict[str, str] = OrderedDict()  # link -> canonical, or _NOT_AN_ARTICLE
        self._report = PollReport()
        self._earliest: dt.datetime | None = None

    # -- the public door ---------------------------------------------------------------------

    def run(self, *, once: bool = False, force: bool = False) -> PollReport:
        """Poll until :attr:`stop` is set; with ``once``, poll the due feeds once and return
        (for cron). ``force`` polls every feed now, due or not. Returns what was done."""
        self._report = report = PollReport()
        started = time.monotonic()
        next_scan = 0.0
        try:
            while not self.stop.is_set():
                if once:
                    if next_scan == 0.0:
                        self._enqueue_due(force=force)
                        next_scan = float("inf")
                    if not self._busy():
                        break
                elif time.monotonic() >= next_scan or self._is_due(self._earliest):
                    self._enqueue_due(force=force)
                    force = False
                    next_scan = time.monotonic() + _RESCAN
                self._step(until=next_scan)
        finally:
            self._drain()
            report.seconds = time.monotonic() - started
        logger.info(
            "watch: %d feeds polled (%d not modified, %d failed), %d pages fetched, %d documents delivered, %d new",
            report.feeds_polled, report.feeds_not_modified, report.feeds_failed, report.pages_fetched,
            report.documents_delivered, report.articles_added,
        )
        return report

    def close(self) -> None:
        """Stop the worker threads (after the running requests end) and close the client if
        the watcher made it."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- scheduling --------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        return self.clock() if self.clock is not None else dt.datetime.now(dt.timezone.utc)

    def _is_due(self, when: dt.datetime | None) -> bool:
        return when is not None and when <= self._now()

    def _poll_interval(self, ttl: int | None) -> float:
        seconds = self.interval
        if ttl:
            seconds = max(seconds, min(ttl * 60.0, _MAX_TTL))
        return max(seconds, self.floor)

    def _backoff(self, errors: int, ttl: int | None) -> float:
        # Doubling per failed poll in a row: 2x, 4x, 8x the interval ... up to max_backoff.
        return max(self.floor, min(self.max_backoff, self._poll_interval(ttl) * 2 ** min(errors, 20)))

    def _enqueue_due(self, *, force: bool) -> None:
        now = self._now()
        self._earliest = None
        for state in self.store.feed_states():
            if state.url in self._works:
                continue
            if force or state.next_poll_at is None or state.next_poll_at <= now:
                host = _host(state.url)
                self._works[state.url] = _FeedWork(state=state)
                self._queue(_Job("feed", state.url, host))
            else:
                self._note_next(state.next_poll_at)

    def _note_next(self, when: dt.datetime | None) -> None:
        if when is not None and (self._earliest is None or when < self._earliest):
            self._earliest = when

    # -- the job queue -----------------------------------------------------------------------

    def _queue(self, job: _Job) -> None:
        self._queues.setdefault(job.host, deque()).append(job)

    def _busy(self) -> bool:
        return bool(self._running or self._works or any(self._queues.values()))

    def _pump(self) -> None:
        """Start queued jobs, taking hosts in turn, within the pool and the per-host cap."""
        cap = self._client.max_per_host
        progress = True
        while progress and len(self._running) < self.workers:
            progress = False
            for host in list(self._queues):
                queue = self._queues[host]
                if not queue:
                    del self._queues[host]
                    continue
                if self._host_running[host] >= cap or len(self._running) >= self.workers:
                    continue
                job = queue.popleft()
                if job.kind == "feed":
                    future = self._pool.submit(self._fetch_feed, self._works[job.key].state)
                else:
                    feed = self._works[self._waiters[job.key][0]].feed
                    future = self._pool.submit(self._fetch_article, job.key, feed)
                self._running[future] = job
                self._host_running[job.host] += 1
                progress = True

    def _step(self, *, until: float) -> None:
        """Start what may start, then wait a little for something to finish and handle it."""
        self._pump()
        if not self._running:
            pause = _TICK
            if self._earliest is not None:
                pause = max(0.0, (self._earliest - self._now()).total_seconds())
            pause = min(pause, max(0.0, until - time.monotonic()), _RESCAN)
            if not self._works and pause > 0:
                self.stop.wait(pause)
            return
        done, _ = wait(list(self._running), timeout=_TICK, return_when=FIRST_COMPLETED)
        for future in done:
            self._complete(future)

    def _complete(self, future: Future) -> None:
        job = self._running.pop(future)
        self._host_running[job.host] -= 1
        if future.cancelled():
            return
        try:
            outcome = future.result()
        except Exception as problem:  # noqa: BLE001 - the workers catch everything; this is a last guard
            logger.exception("watch job %s %s", job.kind, job.key)
            reason = f"unexpected error: {type(problem).__name__}: {problem}"
            if job.kind == "feed":
                outcome = (FetchResult(url=job.key, outcome="failed", final_url=job.key, reason=reason), None, None, 0.0)
            else:
                outcome = (ArticleResult(url=job.key, reason=reason), 0.0)
        self._report.fetch_seconds += outcome[-1]
        if job.kind == "feed":
            self._feed_fetched(self._works[job.key], *outcome[:-1])
        else:
            self._article_fetched(job.key, outcome[0])

    def _drain(self) -> None:
        """After a stop: let running requests end (they see the stop and return at once or
        within their timeouts), then save what can be saved. Queued jobs are dropped."""
        self._queues.clear()
        while self._running:
            done, _ = wait(list(self._running), timeout=_TICK, return_when=FIRST_COMPLETED)
            for future in done:
                self._complete(future)
        for work in list(self._works.values()):
            if work.result is None:
                del self._works[work.state.url]  # not fetched: stays due, nothing to save
            else:
                self._finish(work)
        self._waiters.clear()

    # -- in the workers ----------------------------------------------------------------------

    def _fetch_feed(self, state: FeedState) -> tuple[FetchResult, Feed | None, str | None, float]:
        started = time.monotonic()
        result = self._client.get(state.url, kind="feed", etag=state.etag, last_modified=state.last_modified,
                                  cancel=self.stop)
        feed, error = None, None
        if result.ok:
            try:
                feed = parse_feed(result.content, url=result.final_url, content_type=result.content_type)
            except IngestError as problem:
                error = problem.reason
            except Exception as problem:  # noqa: BLE001 - one broken feed must not end the watch
                logger.exception("reading feed %s", state.url)
                error = f"unreadable feed: {type(problem).__name__}: {problem}"
        return result, feed, error, time.monotonic() - started

    def _fetch_article(self, link: str, feed: Feed | None) -> tuple[ArticleResult, float]:
        started = time.monotonic()
        try:
            result = _fetch_entry(link, feed, client=self._client, min_words=self.min_words, cancel=self.stop)
        except Exception as problem:  # noqa: BLE001 - one broken page must not end the watch
            logger.exception("reading article %s", link)
            result = ArticleResult(url=link, reason=f"unreadable page: {type(problem).__name__}: {problem}")
        return result, time.monotonic() - started

    # -- back on the watcher's thread --------------------------------------------------------

    def _feed_fetched(self, work: _FeedWork, result: FetchResult, feed: Feed | None, error: str | None) -> None:
        work.result, work.feed, work.error = result, feed, error
        self._report.feeds_polled += 1
        if feed is None:
            self._finish(work)
            return
        if feed.problem:
            logger.debug("feed %s read despite: %s", work.state.url, feed.problem)
        entries = {entry.link: entry for entry in feed.entries if entry.link is not None}
        for entry in feed.entries:
            if entry.link is None:
                self._report.pages_skipped += 1
                self._report._note("skipped", entry.id, "the entry has no http(s) link")
        for link in entries:
            if self._already_have(link):
                continue
            work.links.append(link)
            work.waiting.add(link)
            self._report.entries_new += 1
            waiting = self._waiters.setdefault(link, [])
            waiting.append(work.state.url)
            if len(waiting) == 1:  # the first feed to ask queues the page; the others share it
                self._queue(_Job("article", link, _host(link)))
        if not work.waiting:
            self._finish(work)

    def _already_have(self, link: str) -> bool:
        remembered = self._remembered.get(link)
        if remembered is not None:
            self._remembered.move_to_end(link)
            if remembered == _NOT_AN_ARTICLE or self.store.known(remembered):
                return True
        return self.store.known(link)

    def _remember(self, link: str, value: str) -> None:
        self._remembered[link] = value
        self._remembered.move_to_end(link)
        while len(self._remembered) > _REMEMBERED_LINKS:
            self._remembered.popitem(last=False)

    def _article_fetched(self, link: str, result: ArticleResult) -> None:
        self._report.pages_fetched += 1
        for feed_url in self._waiters.pop(link, ()):
            work = self._works.get(feed_url)
            if work is None:
                continue
            work.results[link] = result
            work.waiting.discard(link)
            if not work.waiting:
                self._finish(work)

    def _finish(self, work: _FeedWork) -> None:
        """Deliver a feed's new documents, then save its state."""
        self._works.pop(work.state.url, None)
        state, result, now = work.state, work.result, self._now()
        if result.outcome == "not_modified":
            self._report.feeds_not_modified += 1
            self._save(replace(state, etag=result.etag or state.etag, last_modified=result.last_modified or state.last_modified,
                               last_fetch_at=now, last_error=None, errors=0,
                               next_poll_at=now + dt.timedelta(seconds=self._poll_interval(state.ttl))))
            return
        if work.feed is None:
            if self.stop.is_set() and result.transient:
                return  # cut short by the stop, not the feed's fault: stays due
            self._feed_failed(work, work.error or result.reason or result.outcome, result.retry_at)
            return

        documents, unsettled, dropped, failures = [], False, False, []
        ids: set[str] = set()
        for link in work.links:
            article = work.results.get(link)
            if article is None:  # dropped by a stop before it was fetched
                unsettled = dropped = True
            elif article.document is not None:
                document = article.document
                self._remember(link, document.id)
                if document.id in ids or self.store.known(document.id):
                    continue  # the same article reached by two links
                ids.add(document.id)
                documents.append(document)
            elif article.transient:
                unsettled = True
                failures.append(f"{link}: {article.reason}")
                self._report.pages_failed += 1
                self._report._note("failed", link, article.reason or "failed")
            else:
                self._remember(link, _NOT_AN_ARTICLE)
                self._report.pages_skipped += 1
                self._report._note("skipped", link, article.reason or "skipped")
                logger.info("skipped %s: %s", link, article.reason)

        added = 0
        if documents:
            try:
                added = self.deliver(documents)
            except Exception as problem:  # noqa: BLE001 - the store's failure is this feed's failure
                logger.exception("delivering %d documents of %s", len(documents), state.url)
                for document in documents:
                    self._remembered.pop(document.id, None)
                self._feed_failed(work, f"delivery failed: {type(problem).__name__}: {problem}", None)
                return
            self._report.documents_delivered += len(documents)
            self._report.articles_added += added
        feed = work.feed
        note = None
        if failures:
            note = f"{len(failures)} page(s) failed, will retry: {failures[0]}"
            logger.warning("feed %s: %s", state.url, note)
        logger.info("feed %s: %d new entries, %d documents delivered, %d new", state.url, len(work.links),
                    len(documents), added)
        self._save(replace(
            state,
            title=feed.title or state.title,
            ttl=feed.ttl,
            etag=state.etag if unsettled else result.etag,
            last_modified=state.last_modified if unsettled else result.last_modified,
            last_fetch_at=now,
            last_error=note,
            errors=0,
            articles_added=state.articles_added + added,
            # Cut short by a stop: still due, so the next run finishes it.
            next_poll_at=state.next_poll_at if dropped else now + dt.timedelta(seconds=self._poll_interval(feed.ttl)),
        ))

    def _feed_failed(self, work: _FeedWork, reason: str, retry_at: dt.datetime | None) -> None:
        state, now = work.state, self._now()
        self._report.feeds_failed += 1
        self._report._note("failed", state.url, reason)
        errors = state.errors + 1
        next_poll = now + dt.timedelta(seconds=self._backoff(errors, state.ttl))
        if retry_at is not None and retry_at > next_poll:
            next_poll = retry_at
        logger.warning("feed %s failed (%d in a row, next poll %s): %s", state.url, errors,
                       next_poll.isoformat(timespec="seconds"), reason)
        self._save(replace(state, last_fetch_at=now, last_error=reason, errors=errors, next_poll_at=next_poll))

    def _save(self, state: FeedState) -> None:
        self.store.save_feed_state(state)
        self._note_next(state.next_poll_at)


def _fetch_entry(link: str, feed: Feed | None, *, client: HttpClient, min_words: int,
                 cancel: threading.Event | None) -> ArticleResult:
    """The article of the entry of ``feed`` whose link is ``link``."""
    entry = None
    if feed is not None:
        entry = next((item for item in feed.entries if item.link == link), None)
    return fetch_article(entry if entry is not None else link, client=client, feed=feed, min_words=min_words,
                         cancel=cancel)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
