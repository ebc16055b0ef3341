import datetime as dt
import itertools
import socket
import threading
import time
import tracemalloc
from email.utils import format_datetime

import httpx
import pytest

from newsum._version import __version__
from newsum.fetch import USER_AGENT, HttpClient

from .conftest import LocalServer, Reply

MB = 1_000_000


def make_client(**options) -> HttpClient:
    """A client with test-sized waits; options override."""
    settings = dict(min_interval=0.0, retry_backoff=0.01, connect_timeout=1.0, read_timeout=1.0, max_wait=5.0,
                    robots_error_ttl=0.3, random_state=0)
    settings.update(options)
    return HttpClient(**settings)


def sequence(*replies: Reply):
    """A route that answers with each reply in turn, then repeats the last."""
    items = itertools.chain(replies, itertools.repeat(replies[-1]))
    lock = threading.Lock()

    def route(_seen):
        with lock:
            return next(items)

    return route


def test_says_who_it_is(server):
    url = server.route("/p", Reply(body="<p>hi</p>"))
    with make_client() as client:
        assert client.get(url).ok
    (seen,) = server.hits("/p")
    assert seen.headers["user-agent"] == USER_AGENT == f"newsum/{__version__} (+https://github.com/newsum/newsum)"
    assert seen.headers["accept"].startswith("text/html")


def test_conditional_get_gives_not_modified(server):
    def route(seen):
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(status=304, content_type=None, headers={"ETag": '"v1"'})
        return Reply(body="<rss/>", content_type="application/rss+xml",
                     headers={"ETag": '"v1"', "Last-Modified": "Tue, 03 Jun 2025 07:00:00 GMT"})

    url = server.route("/feed", route)
    with make_client() as client:
        first = client.get(url, kind="feed")
        assert first.ok and first.etag == '"v1"' and first.last_modified == "Tue, 03 Jun 2025 07:00:00 GMT"
        second = client.get(url, kind="feed", etag=first.etag, last_modified=first.last_modified)
    assert second.outcome == "not_modified" and second.content == b""
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
    sent = server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Tue, 03 Jun 2025 07:00:00 GMT"


def test_robots_txt_forbids_a_path_and_is_read_once(server):
    server.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    public = server.route("/news/1", Reply(body="<p>news</p>"))
    private = server.route("/private/1", Reply(body="<p>secret</p>"))
    with make_client() as client:
        refused = client.get(private)
        allowed = client.get(public)
        client.get(public)
    assert refused.outcome == "skipped" and refused.reason == "forbidden by robots.txt"
    assert allowed.ok
    assert server.hits("/private/1") == []
    assert len(server.hits("/robots.txt")) == 1


def test_robots_rules_for_our_agent(server):
    server.route("/robots.txt", Reply(body="User-agent: otherbot\nDisallow:\n\nUser-agent: newsum\nDisallow: /\n",
                                      content_type="text/plain"))
    url = server.route("/news/1", Reply(body="<p>news</p>"))
    with make_client() as client:
        assert client.get(url).reason == "forbidden by robots.txt"


@pytest.mark.parametrize("status", [403, 404, 410])
def test_robots_txt_missing_or_refused_allows_everything(server, status):
    server.route("/robots.txt", Reply(status=status, body="no"))
    url = server.route("/news/1", Reply(body="<p>news</p>"))
    with make_client() as client:
        assert client.get(url).ok


def test_robots_txt_server_error_pauses_the_host_until_it_can_be_read(server):
    server.route("/robots.txt", sequence(Reply(status=500), Reply(status=500), Reply(status=500),
                                         Reply(body="User-agent: *\nDisallow:\n", content_type="text/plain")))
    url = server.route("/news/1", Reply(body="<p>news</p>"))
    with make_client(retries=2) as client:
        paused = client.get(url)
        assert paused.outcome == "failed" and paused.transient and "robots.txt unreachable" in paused.reason
        assert paused.retry_at is not None
        assert server.hits("/news/1") == []
        time.sleep(0.35)  # robots_error_ttl
        assert client.get(url).ok


def test_robots_txt_timeout_pauses_the_host(server):
    server.route("/robots.txt", Reply(delay=0.6, body="User-agent: *\nDisallow:\n"))
    url = server.route("/news/1", Reply(body="<p>news</p>"))
    with make_client(read_timeout=0.2) as client:
        result = client.get(url)
    assert result.transient and "robots.txt unreachable" in result.reason and "timed out" in result.reason


def test_a_stop_during_the_robots_txt_fetch_is_not_remembered_against_the_host(server):
    other = LocalServer().start()  # another origin on the same host: its own robots.txt, the same rate limit
    try:
        url = other.route("/news/1", Reply(body="<p>news</p>"))
        stopping = threading.Event()
        stopping.set()
        with make_client(min_interval=0.1, robots_error_ttl=3600) as client:
            client.get(server.url("/p"))  # the host's next request is now 0.1 s away
            cancelled = client.get(url, cancel=stopping)  # robots.txt of the other origin waits its turn, cut short
            assert cancelled.transient and other.hits("/robots.txt") == []
            assert client.get(url).ok
    finally:
        other.close()


def test_minimum_interval_between_requests_to_one_host(server):
    url = server.route("/p", Reply(body="<p>x</p>"))
    with make_client(min_interval=0.2) as client:
        for _ in range(3):
            assert client.get(url).ok
    times = [seen.at for seen in server.hits("/p")]
    assert all(later - earlier >= 0.19 for earlier, later in zip(times, times[1:]))


def test_crawl_delay_is_honoured(server):
    server.route("/robots.txt", Reply(body="User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"))
    url = server.route("/p", Reply(body="<p>x</p>"))
    with make_client(min_interval=0.0) as client:
        assert client.get(url).ok and client.get(url).ok
    first, second = (seen.at for seen in server.hits("/p"))
    assert second - first >= 0.95


def test_a_wait_longer_than_max_wait_is_deferred_not_slept(server):
    url = server.route("/p", Reply(body="<p>x</p>"))
    with make_client(min_interval=10.0, max_wait=0.5) as client:
        started = time.monotonic()
        later = client.get(url)  # robots.txt was the host's request of these 10 s
    assert time.monotonic() - started < 0.3
    assert later.transient and later.reason.startswith("rate limit") and later.retry_at is not None
    assert len(server.hits("/robots.txt")) == 1 and server.hits("/p") == []


def test_per_host_concurrency_cap(server):
    server.route("/slow", Reply(body="<p>x</p>", delay=0.15))
    with make_client(max_per_host=2) as client:
        client.get(server.url("/robots.txt"))  # read robots.txt first, so it does not count
        server.max_in_flight = 0
        threads = [threading.Thread(target=client.get, args=(server.url("/slow"),)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(server.hits("/slow")) == 6
    assert server.max_in_flight == 2


def test_429_with_retry_after_seconds_defers_the_host(server):
    busy = server.route("/busy", Reply(status=429, headers={"Retry-After": "120"}))
    other = server.route("/other", Reply(body="<p>x</p>"))
    with make_client() as client:
        refused = client.get(busy)
        deferred = client.get(other)
    now = dt.datetime.now(dt.timezone.utc)
    assert refused.outcome == "failed" and refused.transient and refused.status == 429
    assert dt.timedelta(seconds=110) < refused.retry_at - now <= dt.timedelta(seconds=120)
    assert deferred.transient and deferred.reason.startswith("host deferred") and deferred.retry_at >= refused.retry_at - dt.timedelta(seconds=1)
    assert len(server.hits("/busy")) == 1 and server.hits("/other") == []


def test_503_with_retry_after_http_date(server):
    when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=10)
    url = server.route("/maintenance", Reply(status=503, headers={"Retry-After": format_datetime(when, usegmt=True)}))
    with make_client() as client:
        result = client.get(url)
    assert result.transient and result.status == 503
    assert abs((result.retry_at - when).total_seconds()) < 2
    assert len(server.hits("/maintenance")) == 1  # deferred, not retried at once


def test_retry_after_is_capped(server):
    url = server.route("/busy", Reply(status=429, headers={"Retry-After": str(30 * 24 * 3600)}))
    with make_client(max_retry_after=3600) as client:
        result = client.get(url)
    assert result.retry_at - dt.datetime.now(dt.timezone.utc) <= dt.timedelta(hours=1)


def test_a_500_that_recovers_on_retry(server):
    url = server.route("/flaky", sequence(Reply(status=500), Reply(body="<p>back</p>")))
    with make_client(retries=2) as client:
        result = client.get(url)
    assert result.ok and result.content == b"<p>back</p>"
    assert len(server.hits("/flaky")) == 2


def test_a_500_that_persists_fails_after_the_retries(server):
    url = server.route("/down", Reply(status=500))
    with make_client(retries=2, retry_backoff=0.05) as client:
        started = time.monotonic()
        result = client.get(url)
    assert result.outcome == "failed" and result.transient and result.reason == "server error: HTTP 500 Internal Server Error"
    assert len(server.hits("/down")) == 3
    assert time.monotonic() - started >= 0.05 * 0.5 + 0.1 * 0.5  # backoff with jitter between tries


def test_a_reset_connection_is_retried(server):
    url = server.route("/reset", sequence(Reply(reset=True), Reply(body="<p>ok</p>")))
    with make_client() as client:
        result = client.get(url)
    assert result.ok and len(server.hits("/reset")) == 2


def test_a_slow_server_times_out(server):
    url = server.route("/slow", Reply(body="<p>late</p>", delay=1.0))
    with make_client(read_timeout=0.2) as client:
        client.get(server.url("/robots.txt"))
        started = time.monotonic()
        result = client.get(url)
    assert time.monotonic() - started < 0.6
    assert result.outcome == "failed" and result.transient and result.reason.startswith("timed out")


def test_redirects_are_followed(server):
    server.route("/old", Reply(status=301, headers={"Location": "/new?utm_source=x"}))
    server.route("/new", Reply(body="<p>moved</p>"))
    with make_client() as client:
        result = client.get(server.url("/old"))
    assert result.ok and result.url == server.url("/old")
    assert result.final_url == server.url("/new?utm_source=x") and result.redirects == (server.url("/old"),)


def test_a_redirect_loop_is_an_error_with_a_note(server):
    server.route("/a", Reply(status=302, headers={"Location": "/b"}))
    server.route("/b", Reply(status=302, headers={"Location": server.url("/a")}))
    with make_client() as client:
        result = client.get(server.url("/a"))
    assert result.outcome == "failed" and not result.transient
    assert result.reason == f"redirect loop: {server.url('/a')} -> {server.url('/b')} -> {server.url('/a')}"
    assert len(server.hits("/a")) == 1 and len(server.hits("/b")) == 1


def test_too_many_redirects(server):
    for n in range(10):
        server.route(f"/r{n}", Reply(status=307, headers={"Location": f"/r{n + 1}"}))
    with make_client(max_redirects=5) as client:
        result = client.get(server.url("/r0"))
    assert result.outcome == "failed" and result.reason.startswith("too many redirects (more than 5)")
    assert server.hits("/r6") == []


def test_a_50_mb_body_is_skipped_without_reading_it(server):
    url = server.route("/huge", Reply(stream=50 * MB))
    with make_client(max_bytes=5 * MB) as client:
        client.get(server.url("/robots.txt"))
        tracemalloc.start()
        try:
            result = client.get(url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.outcome == "skipped" and result.reason == "too large: over 5 MB" and result.content == b""
    assert peak < 15 * MB
    time.sleep(0.1)  # let the server notice the hang-up
    assert server.streamed["/huge"] < 20 * MB


def test_a_declared_large_body_is_skipped_before_reading(server):
    url = server.route("/huge", Reply(stream=50 * MB, headers={"Content-Length": str(50 * MB)}))
    with make_client(max_bytes=5 * MB) as client:
        result = client.get(url)
    assert result.reason == "too large: over 5 MB"
    time.sleep(0.1)
    assert server.streamed["/huge"] < 10 * MB


def test_a_pdf_behind_a_page_link_is_skipped(server):
    url = server.route("/report.pdf", Reply(stream=2 * MB, content_type="application/pdf"))
    with make_client() as client:
        result = client.get(url)
    assert result.outcome == "skipped" and result.reason == "not HTML: application/pdf"


@pytest.mark.parametrize("content_type, ok", [("application/rss+xml", True), ("application/atom+xml; charset=utf-8", True),
                                              ("text/xml", True), ("text/html", True), ("image/png", False)])
def test_feed_types(server, content_type, ok):
    url = server.route("/feed", Reply(body="<rss/>", content_type=content_type))
    with make_client() as client:
        result = client.get(url, kind="feed")
    assert result.ok is ok
    if not ok:
        assert result.reason == "not a feed: image/png"


def test_the_transport_is_swappable():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, html="<p>from the mock</p>")

    with make_client(transport=httpx.MockTransport(handler)) as client:
        result = client.get("https://news.invalid/story")
    assert result.ok and result.content == b"<p>from the mock</p>"
    assert seen == ["https://news.invalid/robots.txt", "https://news.invalid/story"]


def test_outcomes_are_values_never_exceptions():
    with make_client(retries=0) as client:
        assert client.get("not a url").reason == "not an http(s) URL"
        assert client.get("ftp://example.org/x").outcome == "failed"
        offline = client.get("http://example.org/")  # blocked by the no_internet fixture
    assert offline.outcome == "failed" and "robots.txt unreachable" in offline.reason


def test_the_tests_cannot_reach_the_internet():
    with pytest.raises(OSError, match="tests stay on 127.0.0.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError, match="tests stay on 127.0.0.1"):
        socket.getaddrinfo("example.org", 80)
