"""HTTP for feeds and pages, as a good citizen of the web, on httpx.

One :class:`HttpClient` is shared by every thread of a watch. Each :meth:`HttpClient.get`
returns a :class:`FetchResult` whatever happens (fetched, not modified, skipped with a
reason, failed with a reason); nothing is raised. Along the way it

* says who it is (:data:`USER_AGENT`) and asks each host's robots.txt first (cached per
  origin; see :mod:`newsum.fetch.robots` for what a failed robots.txt fetch means);
* keeps to one request per ``min_interval`` per host (longer if robots.txt asks with
  Crawl-delay) and at most ``max_per_host`` requests in flight per host;
* defers a host that answered 429 or 503 with Retry-After until the time it named;
* sends the validators it is given (ETag, Last-Modified), so an unchanged feed costs a 304;
* streams bodies and stops reading past ``max_bytes``, and past ``total_timeout`` seconds
  for a server that trickles;
* retries connection errors and server errors (5xx) with exponential backoff and jitter;
* follows redirects itself, up to ``max_redirects``, each hop asking that host's robots.txt
  and paying that host's rate limit; a loop is reported, not followed;
* skips a body of a type it was not asked for (a PDF behind an article link) before reading it.

Waits never hold a thread for long: a request that would wait more than ``max_wait`` for
its host (rate limit, busy slots) comes back as a transient failure with ``retry_at``, and
the caller asks again on its next poll.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import random
import threading
import time
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from .._version import __version__
from .robots import RobotsRules

__all__ = ["HttpClient", "FetchResult", "USER_AGENT"]

logger = logging.getLogger(__name__)

#: Who we are, with where to read about us, as crawlers are asked to say.
USER_AGENT = f"newsum/{__version__} (+https://github.com/newsum/newsum)"

Outcome = Literal["fetched", "not_modified", "skipped", "failed"]
Kind = Literal["page", "feed"]

_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
}
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# 408 (the server timed the request out) is the one 4xx that says "try again".
_TRANSIENT_4XX = frozenset({408})
# A 429 without Retry-After: defer the host this long. A minute is what the largest news
# sites' documentation suggests for crawlers that were not told a time.
_DEFAULT_THROTTLE = 60.0
# How often a thread waiting for a host's request slot checks whether it was cancelled.
_CANCEL_POLL = 0.05


@dataclass(frozen=True)
class FetchResult:
    """What became of one GET.

    ``outcome`` is ``"fetched"`` (``content`` holds the body), ``"not_modified"`` (a 304 to
    the validators given), ``"skipped"`` (we chose not to fetch or not to keep it: robots.txt,
    a type we were not asked for, too large) or ``"failed"``. ``reason`` says why, in words,
    for the last two. ``transient`` is true when asking again later may succeed (timeouts,
    server errors, 429, an unreadable robots.txt), and ``retry_at`` (UTC) is the earliest time
    worth asking. ``final_url`` is where redirects led; ``redirects`` the URLs passed through.
    """

    url: str
    outcome: Outcome
    final_url: str
    status: int | None = None
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None
    transient: bool = False
    retry_at: dt.datetime | None = None
    redirects: tuple[str, ...] = ()
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome == "fetched"

    def __repr__(self) -> str:
        detail = f"{len(self.content)} bytes" if self.ok else (self.reason or "")
        return f"FetchResult({self.outcome}, {self.final_url!r}, status={self.status}, {detail!r})"


class _Host:
    """Everything shared by the requests to one host name."""

    def __init__(self, max_per_host: int) -> None:
        self.lock = threading.Lock()
        self.slots = threading.Semaphore(max_per_host)
        self.next_start = 0.0  # monotonic time the next request may start
        self.deferred_until = 0.0  # monotonic; set by 429/503 with Retry-After
        self.deferred_reason = ""
        self.crawl_delay = 0.0
        self.robots: dict[str, RobotsRules] = {}  # origin -> rules
        self.robots_lock = threading.Lock()  # one robots.txt fetch per host at a time


class _Retry(Exception):
    """An attempt that failed in a way worth retrying now (connection error, 5xx)."""

    def __init__(self, result: FetchResult) -> None:
        self.result = result


class HttpClient:
    """A polite, bounded HTTP GET for feeds and pages. Thread-safe; close it when done.

    ``transport`` replaces the network (tests pass an :class:`httpx.MockTransport`).
    Timeouts are seconds: ``connect_timeout`` to open a connection, ``read_timeout`` for any
    one read, ``total_timeout`` for a whole response. ``random_state`` seeds the retry jitter.
    """

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        user_agent: str = USER_AGENT,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        total_timeout: float = 60.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        retries: int = 2,
        retry_backoff: float = 0.5,
        min_interval: float = 1.0,
        max_per_host: int = 2,
        max_wait: float = 30.0,
        robots_ttl: float = 24 * 3600.0,
        robots_error_ttl: float = 60.0,
        max_retry_after: float = 6 * 3600.0,
        random_state: int | None = None,
    ) -> None:
        # Defaults, and why: 5 MB holds the largest news article pages we measured (~2.5 MB
        # with inline scripts) twice over; 5 redirects is what RFC 9309 asks crawlers to follow
        # and more than any feed proxy chain we know; 1 s between requests to one host is the
        # usual crawler courtesy when robots.txt gives no Crawl-delay; robots.txt is cached a
        # day, as Google documents, and an unreadable one is asked again after a minute;
        # a Retry-After longer than 6 hours is capped there, so a typo on the server does not
        # silence a feed for a week.
        self.transport = transport
        self.user_agent = user_agent
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.retry_backoff = retry_backoff
        self.min_interval = min_interval
        self.max_per_host = max_per_host
        self.max_wait = max_wait
        self.robots_ttl = robots_ttl
        self.robots_error_ttl = robots_error_ttl
        self.max_retry_after = max_retry_after
        self.random_state = random_state
        self._random = random.Random(random_state)
        self._random_lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._http = httpx.Client(
            transport=transport,
            headers={"User-Agent": user_agent},
            follow_redirects=False,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout, pool=max_wait),
            # Enough connections for every worker thread; idle ones beyond 20 are closed.
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=20),
        )

    # -- the public door ---------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        kind: Kind = "page",
        etag: str | None = None,
        last_modified: str | None = None,
        cancel: threading.Event | None = None,
    ) -> FetchResult:
        """GET ``url`` as a ``kind`` (``"page"``: HTML only; ``"feed"``: XML or text).

        ``etag`` and ``last_modified`` are the validators of the copy we have; when the
        server says it has not changed the result is ``"not_modified"``. Setting ``cancel``
        makes any wait end at once with a transient failure (a watch that is stopping).
        """
        started = time.monotonic()
        try:
            result = self._get(url, kind, etag, last_modified, cancel)
        except Exception as error:  # noqa: BLE001 - the contract is a value, never an exception
            logger.exception("unexpected error fetching %s", url)
            result = _failed(url, f"unexpected error: {type(error).__name__}: {error}")
        return replace(result, elapsed=time.monotonic() - started)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- redirects and robots ----------------------------------------------------------------

    def _get(self, url: str, kind: str, etag: str | None, last_modified: str | None,
             cancel: threading.Event | None) -> FetchResult:
        if _origin(url) is None:
            return _failed(url, "not an http(s) URL")
        headers = {"Accept": _ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain = [url]
        current = url
        while True:
            if kind != "robots":
                refusal = self._robots_refusal(current, cancel)
                if refusal is not None:
                    return replace(refusal, url=url, redirects=tuple(chain[:-1]))
            result, location = self._with_retries(current, kind, headers, cancel)
            if location is None:
                return replace(result, url=url, redirects=tuple(chain[:-1]))
            target = urljoin(current, location)
            if _origin(target) is None:
                return _failed(url, f"redirect to a non-http(s) address: {target}", final_url=current)
            if target in chain:
                loop = " -> ".join(chain[chain.index(target):] + [target])
                logger.info("redirect loop at %s: %s", url, loop)
                return _failed(url, f"redirect loop: {loop}", final_url=current, redirects=tuple(chain))
            if len(chain) > self.max_redirects:
                return _failed(url, f"too many redirects (more than {self.max_redirects}): {' -> '.join(chain + [target])}",
                               final_url=current, redirects=tuple(chain))
            chain.append(target)
            current = target

    def _robots_refusal(self, url: str, cancel: threading.Event | None) -> FetchResult | None:
        """None when robots.txt lets us fetch ``url``, else the skip or failure to return."""
        origin = _origin(url)
        host = self._host(url)
        rules = host.robots.get(origin)
        if rules is None or rules.expires <= time.monotonic():
            with host.robots_lock:  # the first thread reads it; the others wait and use it
                rules = host.robots.get(origin)
                if rules is None or rules.expires <= time.monotonic():
                    rules = self._read_robots(origin, cancel)
                    host.robots[origin] = rules
                    host.crawl_delay = rules.crawl_delay(user_agent=self.user_agent)
        if rules.allows(url, user_agent=self.user_agent):
            return None
        if rules.state == "unreachable":
            return _failed(url, f"robots.txt unreachable ({rules.reason}); not fetching from {origin} until it can be read",
                           transient=True, retry_at=_utc_in(rules.expires - time.monotonic()))
        return FetchResult(url=url, outcome="skipped", final_url=url, reason="forbidden by robots.txt")

    def _read_robots(self, origin: str, cancel: threading.Event | None) -> RobotsRules:
        now = time.monotonic()
        result = self._get(origin + "/robots.txt", "robots", None, None, cancel)
        status = result.status
        if result.ok:
            logger.debug("robots.txt of %s read (%d bytes)", origin, len(result.content))
            return RobotsRules.parse(result.content, expires=now + self.robots_ttl)
        if result.outcome == "skipped" and status is not None and 200 <= status < 300:
            # Larger than max_bytes: RFC 9309 lets us parse what a 500 KiB prefix says, but we
            # did not keep one; a robots.txt that large is a misconfiguration, read as "allow".
            return RobotsRules.allow_all(expires=now + self.robots_ttl, reason=result.reason or "")
        if status is not None and 400 <= status < 500 and status != 429:
            return RobotsRules.allow_all(expires=now + self.robots_ttl, reason=f"HTTP {status}")
        if result.reason and result.reason.startswith(("too many redirects", "redirect loop")):
            # RFC 9309: robots.txt that cannot be reached through redirects is "unavailable".
            return RobotsRules.allow_all(expires=now + self.robots_ttl, reason=result.reason)
        reason = result.reason or f"HTTP {status}"
        if cancel is not None and cancel.is_set():
            # Cut short by a stop, which says nothing about the host: ask again next time.
            return RobotsRules.unreachable(expires=now, reason=reason)
        logger.info("robots.txt of %s unreachable (%s): host paused for %.0f s", origin, reason, self.robots_error_ttl)
        return RobotsRules.unreachable(expires=now + self.robots_error_ttl, reason=reason)

    # -- one URL: retries, the host's gate, one exchange -------------------------------------

    def _with_retries(self, url: str, kind: str, headers: dict[str, str],
                      cancel: threading.Event | None) -> tuple[FetchResult, str | None]:
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url, kind, headers, cancel)
            except _Retry as retry:
                if attempt == self.retries:
                    return retry.result, None
                with self._random_lock:
                    jitter = self._random.uniform(0.5, 1.5)
                delay = self.retry_backoff * (2**attempt) * jitter
                logger.debug("retrying %s in %.2f s: %s", url, delay, retry.result.reason)
                if _wait(cancel, delay):
                    return _cancelled(url), None
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, url: str, kind: str, headers: dict[str, str],
                 cancel: threading.Event | None) -> tuple[FetchResult, str | None]:
        host = self._host(url)
        refusal = self._enter(host, url, cancel)
        if refusal is not None:
            return refusal, None
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                return self._read(response, url, kind, headers, host)
        except httpx.ReadTimeout:
            # Not retried at once: a server too slow to answer now is rarely faster a second
            # later, and the next poll asks again.
            return _failed(url, f"timed out: no response within {self.read_timeout:g} s", transient=True), None
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadError, httpx.WriteError,
                httpx.RemoteProtocolError, httpx.WriteTimeout, httpx.PoolTimeout) as error:
            raise _Retry(_failed(url, f"connection error: {_describe(error)}", transient=True)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return _failed(url, f"HTTP error: {_describe(error)}"), None
        finally:
            host.slots.release()

    def _enter(self, host: _Host, url: str, cancel: threading.Event | None) -> FetchResult | None:
        """Wait for a request slot and the host's next start time; None once we may go.

        On anything but None the slot is not held.
        """
        now = time.monotonic()
        if host.deferred_until > now:
            return _failed(url, f"host deferred: {host.deferred_reason}", transient=True,
                           retry_at=_utc_in(host.deferred_until - now))
        give_up = now + self.max_wait
        while not host.slots.acquire(timeout=_CANCEL_POLL):
            if cancel is not None and cancel.is_set():
                return _cancelled(url)
            if time.monotonic() > give_up:
                return _failed(url, f"host busy: {self.max_per_host} requests in flight for over {self.max_wait:g} s",
                               transient=True, retry_at=_utc_in(0))
        with host.lock:
            interval = max(self.min_interval, host.crawl_delay)
            now = time.monotonic()
            start = max(now, host.next_start)
            if start - now > self.max_wait:
                host.slots.release()
                return _failed(url, f"rate limit: the host's next request is {start - now:.0f} s away "
                                    f"(one per {interval:g} s)", transient=True, retry_at=_utc_in(start - now))
            host.next_start = start + interval
        if start > now and _wait(cancel, start - now):
            host.slots.release()
            return _cancelled(url)
        return None

    def _read(self, response: httpx.Response, url: str, kind: str, headers: dict[str, str],
              host: _Host) -> tuple[FetchResult, str | None]:
        status = response.status_code
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        if status == 304:
            return FetchResult(url=url, outcome="not_modified", final_url=url, status=status,
                               etag=etag or headers.get("If-None-Match"),
                               last_modified=last_modified or headers.get("If-Modified-Since")), None
        if status in _REDIRECTS and response.headers.get("Location"):
            return FetchResult(url=url, outcome="failed", final_url=url, status=status), response.headers["Location"]
        if status in (429, 503) and (status == 429 or "Retry-After" in response.headers):
            delay = _retry_after(response.headers.get("Retry-After"))
            delay = min(self.max_retry_after, _DEFAULT_THROTTLE if delay is None else delay)
            with host.lock:
                host.deferred_until = max(host.deferred_until, time.monotonic() + delay)
                host.deferred_reason = f"HTTP {status} with Retry-After {delay:.0f} s"
            logger.info("%s answered %d: host deferred for %.0f s", url, status, delay)
            return _failed(url, f"HTTP {status} {response.reason_phrase}: retry after {delay:.0f} s", status=status,
                           transient=True, retry_at=_utc_in(delay)), None
        if status >= 500:
            raise _Retry(_failed(url, f"server error: HTTP {status} {response.reason_phrase}", status=status, transient=True))
        if status >= 300 or status < 200:
            return _failed(url, f"HTTP {status} {response.reason_phrase}", status=status,
                           transient=status in _TRANSIENT_4XX), None

        media_type, charset = _content_type(response.headers.get("Content-Type"))
        if not _acceptable(kind, media_type):
            what = "HTML" if kind == "page" else "a feed"
            return FetchResult(url=url, outcome="skipped", final_url=url, status=status, content_type=media_type,
                               reason=f"not {what}: {media_type}"), None
        too_large = FetchResult(url=url, outcome="skipped", final_url=url, status=status, content_type=media_type,
                                reason=f"too large: over {_megabytes(self.max_bytes)}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return too_large, None
        # Counted after decompression, so a small gzip bomb is stopped like a large body.
        deadline = time.monotonic() + self.total_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                return too_large, None
            if time.monotonic() > deadline:
                return _failed(url, f"timed out: body not complete within {self.total_timeout:g} s", status=status,
                               transient=True), None
            chunks.append(chunk)
        return FetchResult(url=url, outcome="fetched", final_url=url, status=status, content=b"".join(chunks),
                           content_type=media_type, charset=charset, etag=etag, last_modified=last_modified), None

    def _host(self, url: str) -> _Host:
        name = (urlsplit(url).hostname or "").lower()
        with self._hosts_lock:
            host = self._hosts.get(name)
            if host is None:
                host = self._hosts[name] = _Host(self.max_per_host)
            return host


# -- small pieces ------------------------------------------------------------------------------


def _failed(url: str, reason: str, *, final_url: str | None = None, status: int | None = None, transient: bool = False,
            retry_at: dt.datetime | None = None, redirects: tuple[str, ...] = ()) -> FetchResult:
    return FetchResult(url=url, outcome="failed", final_url=final_url or url, status=status, reason=reason,
                       transient=transient, retry_at=retry_at, redirects=redirects)


def _cancelled(url: str) -> FetchResult:
    return _failed(url, "cancelled: the watch is stopping", transient=True)


def _wait(cancel: threading.Event | None, seconds: float) -> bool:
    """Sleep ``seconds``; True if ``cancel`` was set meanwhile."""
    if seconds <= 0:
        return cancel is not None and cancel.is_set()
    if cancel is None:
        time.sleep(seconds)
        return False
    return cancel.wait(seconds)


def _origin(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower() or None, charset


def _acceptable(kind: str, media_type: str | None) -> bool:
    if media_type is None or kind == "robots":
        return True  # no type said: the content decides (extraction or the feed parser)
    if kind == "page":
        return media_type in _PAGE_TYPES
    # Feeds are served under many types (text/html and text/plain from misconfigured servers
    # among them); only types that cannot be a feed are refused.
    return (media_type.startswith("text/") or media_type.endswith(("/xml", "+xml"))
            or media_type == "application/octet-stream")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _utc_in(seconds: float) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=max(0.0, seconds))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__
