import datetime as dt
import hashlib
import inspect
import threading
from dataclasses import fields

import pytest

import newsum.fetch
from newsum.errors import ConfigError
from newsum.fetch import FeedState, FeedStateStore, MemoryFeedStore, Watcher

from .conftest import Reply
from .pages import article_page, nav_page, rss, rss_for
from .test_client import make_client

T0 = dt.datetime(2025, 6, 3, 12, 0, tzinfo=dt.timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


class LiveFeed:
    """A feed route whose stories can change between polls; answers 304 to its own ETag."""

    def __init__(self, server, path: str, numbers, *, ttl=None, story_path="/story/{n}") -> None:
        self.server, self.numbers, self.ttl, self.story_path = server, list(numbers), ttl, story_path
        self.url = server.route(path, self)
        self.status = 200

    def __call__(self, seen) -> Reply:
        if self.status != 200:
            return Reply(status=self.status)
        body = rss_for(self.server.base, self.numbers, ttl=self.ttl, path=self.story_path)
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        if seen.headers.get("if-none-match") == etag:
            return Reply(status=304, content_type=None, headers={"ETag": etag})
        return Reply(body=body, content_type="application/rss+xml", headers={"ETag": etag})


def serve_stories(server, numbers) -> None:
    for n in numbers:
        server.route(f"/story/{n}", Reply(body=article_page(n)))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client():
    with make_client() as made:
        yield made


def watcher(store, client, clock, **options) -> Watcher:
    settings = dict(client=client, clock=clock, floor=0.0, interval=900.0, workers=4)
    settings.update(options)
    return Watcher(store, store.deliver, **settings)


def test_the_first_poll_delivers_every_article(server, client, clock):
    feed = LiveFeed(server, "/feed.xml", [1, 2, 3])
    serve_stories(server, [1, 2, 3])
    store = MemoryFeedStore([feed.url])
    with watcher(store, client, clock) as watch:
        report = watch.run(once=True)
    assert report.feeds_polled == 1 and report.documents_delivered == report.articles_added == 3
    assert sorted(store.documents) == [server.url(f"/story/{n}") for n in (1, 2, 3)]
    state = store.state(feed.url)
    assert state.title == "Eastmere Gazette" and state.etag and state.errors == 0 and state.last_error is None
    assert state.last_fetch_at == T0 and state.next_poll_at == T0 + dt.timedelta(minutes=15)
    assert state.articles_added == 3


def test_an_unchanged_feed_costs_a_304_and_no_page(server, client, clock):
    feed = LiveFeed(server, "/feed.xml", [1, 2])
    serve_stories(server, [1, 2])
    store = MemoryFeedStore([feed.url])
    with watcher(store, client, clock) as watch:
        watch.run(once=True)
        clock.advance(900)
        report = watch.run(once=True)
    assert report.feeds_not_modified == 1 and report.pages_fetched == 0
    assert len(server.hits("/story/1")) == 1 and len(server.hits("/feed.xml")) == 2
    assert server.hits("/feed.xml")[1].headers["if-none-match"] == store.state(feed.url).etag


def test_a_feed_that_changes_between_polls(server, client, clock):
    feed = LiveFeed(server, "/feed.xml", [1, 2])
    serve_stories(server, [1, 2, 3])
    store = MemoryFeedStore([feed.url])
    with watcher(store, client, clock) as watch:
        watch.run(once=True)
        feed.numbers = [3, 1, 2]
        clock.advance(900)
        report = watch.run(once=True)
    assert report.entries_new == 1 and report.articles_added == 1
    assert len(store.documents) == 3 and store.duplicates == 0
    assert [len(server.hits(f"/story/{n}")) for n in (1, 2, 3)] == [1, 1, 1]
    assert store.state(feed.url).articles_added == 3


def test_titles_with_entities_arrive_clean(server, client, clock):
    server.route("/story/1", Reply(body=article_page(1)))
    body = rss([{"title": "Council&#8217;s &quot;bold&quot; plan: Eastmere &amp;amp; Westmere &lt;b&gt;agree&lt;/b&gt;",
                 "link": server.url("/story/1"), "description": "&lt;p&gt;Teaser&lt;/p&gt;"}], raw=True)
    url = server.route("/entities.xml", Reply(body=body, content_type="application/rss+xml"))
    store = MemoryFeedStore([url])
    with watcher(store, client, clock) as watch:
        watch.run(once=True)
    (document,) = store.documents.values()
    assert document.title == "Council\u2019s \"bold\" plan: Eastmere & Westmere agree"


def test_feeds_not_due_are_not_polled_unless_forced(server, client, clock):
    feed = LiveFeed(server, "/feed.xml", [1])
    serve_stories(server, [1])
    store = MemoryFeedStore([feed.url])
    with watcher(store, client, clock) as watch:
        watch.run(once=True)
        assert watch.run(once=True).feeds_polled == 0
        assert watch.run(once=True, force=True).feeds_polled == 1


def test_the_same_article_through_two_feeds_and_two_urls_is_delivered_once(server, client, clock):
    canonical = server.url("/story/5")
    server.route("/story/5", Reply(body=article_page(5, canonical=canonical)))
    server.route("/amp/story/5", Reply(body=article_page(5, canonical="/story/5")))
    first = LiveFeed(server, "/a.xml", [5], story_path="/story/{n}?utm_source=feed-a")
    second = LiveFeed(server, "/b.xml", [5], story_path="/amp/story/{n}?fbclid=xyz")
    store = MemoryFeedStore([first.url, second.url])
    with watcher(store, client, clock) as watch:
        report = watch.run(once=True)
    assert list(store.documents) == [canonical]
    assert store.duplicates == 0 and report.articles_added == 1


def test_pages_that_are_not_articles_are_skipped_and_not_fetched_again(server, client, clock):
    server.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /members/\n", content_type="text/plain"))
    server.route("/story/1", Reply(body=nav_page()))
    server.route("/story/2", Reply(body=b"%PDF-1.7 ...", content_type="application/pdf"))
    server.route("/members/story/3", Reply(body=article_page(3)))
    server.route("/story/4", Reply(body=article_page(4)))
    serve_stories(server, [5])
    feed = LiveFeed(server, "/feed.xml", [1, 2, 4])
    member_feed = LiveFeed(server, "/members.xml", [3], story_path="/members/story/{n}")
    store = MemoryFeedStore([feed.url, member_feed.url])
    with watcher(store, client, clock) as watch:
        report = watch.run(once=True)
        reasons = dict(report.skipped)
        assert reasons[server.url("/story/1")].startswith("not an article")
        assert reasons[server.url("/story/2")] == "not HTML: application/pdf"
        assert reasons[server.url("/members/story/3")] == "forbidden by robots.txt"
        assert report.pages_skipped == 3 and list(store.documents) == [server.url("/story/4")]
        feed.numbers = [5, 1, 2, 4]
        clock.advance(900)
        second = watch.run(once=True)
    assert second.entries_new == 1 and second.articles_added == 1
    assert len(server.hits("/story/1")) == len(server.hits("/story/2")) == 1
    # Skips are settled: the validators were kept, so the next poll may get a 304.
    assert store.state(feed.url).etag is not None


def test_a_page_that_fails_keeps_the_old_validators_and_is_retried(server, client, clock):
    serve_stories(server, [1])
    flaky = {"status": 500}
    server.route("/story/2", lambda seen: Reply(status=flaky["status"], body=article_page(2)))
    feed = LiveFeed(server, "/feed.xml", [1, 2])
    store = MemoryFeedStore([feed.url])
    with watcher(store, client, clock) as watch:
        first = watch.run(once=True)
        state = store.state(feed.url)
        assert first.pages_failed == 1 and list(store.documents) == [server.url("/story/1")]
        assert state.etag is None and state.errors == 0 and "1 page(s) failed, will retry" in state.last_error
        flaky["status"] = 200
        clock.advance(900)
        second = watch.run(once=True)
        assert second.feeds_not_modified == 0 and second.articles_added == 1
        assert store.state(feed.url).etag is not None and store.state(feed.url).last_error is None
        clock.advance(900)
        assert watch.run(once=True).feeds_not_modified == 1
    assert len(server.hits("/story/1")) == 1 and store.duplicates == 0


def test_a_failing_feed_backs_off_and_recovers(server, client, clock):
    feed = LiveFeed(server, "/feed.xml", [1])
    serve_stories(server, [1])
    feed.status = 500
    store = MemoryFeedStore([feed.url])
    with watcher(store, client, clock, interval=60.0, max_backoff=300.0) as watch:
        expected = []
        for _ in range(4):
            watch.run(once=True)
            state = store.state(feed.url)
            expected.append((state.errors, state.next_poll_at - clock.now))
            clock.now = state.next_poll_at
        assert state.last_error == "server error: HTTP 500 Internal Server Error"
        feed.status = 200
        watch.run(once=True)
    minutes = dt.timedelta(minutes=1)
    assert expected == [(1, 2 * minutes), (2, 4 * minutes), (3, 5 * minutes), (4, 5 * minutes)]
    state = store.state(feed.url)
    assert state.errors == 0 and state.last_error is None and len(store.documents) == 1


def test_retry_after_on_a_feed_sets_its_next_poll(server, client):
    server.route("/feed.xml", Reply(status=429, headers={"Retry-After": "3600"}))
    store = MemoryFeedStore([server.url("/feed.xml")])
    with Watcher(store, store.deliver, client=client, interval=60.0, floor=0.0) as watch:
        watch.run(once=True)
    state = store.state(server.url("/feed.xml"))
    wait = state.next_poll_at - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(minutes=59) < wait <= dt.timedelta(minutes=60)
    assert state.errors == 1 and state.last_error.startswith("HTTP 429")


def test_a_feeds_ttl_and_the_floor_set_the_interval(server, client, clock):
    slow = LiveFeed(server, "/hourly.xml", [1], ttl=60)
    fast = LiveFeed(server, "/fast.xml", [2])
    serve_stories(server, [1, 2])
    store = MemoryFeedStore([slow.url, fast.url])
    with watcher(store, client, clock, interval=1.0, floor=30.0) as watch:
        watch.run(once=True)
    assert store.state(slow.url).ttl == 60
    assert store.state(slow.url).next_poll_at == T0 + dt.timedelta(hours=1)
    assert store.state(fast.url).next_poll_at == T0 + dt.timedelta(seconds=30)


def test_a_slow_feed_times_out_as_a_failed_poll(server, clock):
    server.route("/feed.xml", Reply(body="<rss/>", delay=1.0))
    store = MemoryFeedStore([server.url("/feed.xml")])
    with make_client(read_timeout=0.2) as slow_client:
        with watcher(store, slow_client, clock) as watch:
            report = watch.run(once=True)
    assert report.feeds_failed == 1
    assert store.state(server.url("/feed.xml")).last_error.startswith("timed out")


@pytest.mark.parametrize(
    "reply, reason",
    [
        (Reply(stream=50_000_000, content_type="application/rss+xml"), "too large: over 5 MB"),
        (Reply(body="<html><body><p>Our news</p></body></html>"), "not an RSS, Atom or RDF feed"),
        (Reply(status=302, headers={"Location": "/feed.xml"}), "redirect loop"),
    ],
)
def test_feeds_that_cannot_be_read_are_failed_polls_with_a_reason(server, client, clock, reply, reason):
    server.route("/feed.xml", reply)
    store = MemoryFeedStore([server.url("/feed.xml")])
    with watcher(store, client, clock) as watch:
        assert watch.run(once=True).feeds_failed == 1
    assert store.state(server.url("/feed.xml")).last_error.startswith(reason)


def test_a_delivery_failure_keeps_the_validators(server, client, clock):
    feed = LiveFeed(server, "/feed.xml", [1])
    serve_stories(server, [1])
    store = MemoryFeedStore([feed.url])
    calls = []

    def broken(documents):
        calls.append(len(documents))
        raise RuntimeError("disk full")

    with Watcher(store, broken, client=client, clock=clock, floor=0.0) as watch:
        report = watch.run(once=True)
    state = store.state(feed.url)
    assert calls == [1] and report.feeds_failed == 1
    assert state.etag is None and state.errors == 1 and state.last_error == "delivery failed: RuntimeError: disk full"
    clock.now = state.next_poll_at
    with watcher(store, client, clock) as watch:
        assert watch.run(once=True).articles_added == 1


def test_a_stop_during_delivery_finishes_it_and_saves_state(server, client, clock):
    feeds = [LiveFeed(server, f"/feed{k}.xml", [10 * k + 1, 10 * k + 2]) for k in range(4)]
    serve_stories(server, [10 * k + j for k in range(4) for j in (1, 2)])
    store = MemoryFeedStore([feed.url for feed in feeds])
    stop = threading.Event()

    def deliver(documents):
        stop.set()  # as a SIGINT handler would, in the middle of the first delivery
        return store.deliver(documents)

    with Watcher(store, deliver, client=client, clock=clock, floor=0.0, workers=1, stop=stop) as watch:
        watch.run(once=True)
    saved = [state for state in store.feed_states() if state.last_fetch_at is not None]
    assert saved, "the delivery under way was finished and its feed saved"
    by_feed = {}
    for document in store.documents.values():
        by_feed[document.extra["feed"]] = by_feed.get(document.extra["feed"], 0) + 1
    for state in store.feed_states():  # nothing half-written: a saved count matches what was stored
        assert state.articles_added == by_feed.get(state.url, 0)
    stop.clear()
    with Watcher(store, store.deliver, client=client, clock=clock, floor=0.0, stop=stop) as watch:
        watch.run(once=True)
    assert len(store.documents) == 8 and store.duplicates == 0


def test_run_polls_until_stopped(server, client):
    feed = LiveFeed(server, "/feed.xml", [1])
    serve_stories(server, range(1, 30))
    store = MemoryFeedStore([feed.url])
    stop = threading.Event()
    published = iter(range(2, 30))

    def publish():
        if not stop.is_set():
            feed.numbers.insert(0, next(published))
            threading.Timer(0.1, publish).start()

    threading.Timer(0.1, publish).start()
    threading.Timer(1.2, stop.set).start()
    with Watcher(store, store.deliver, client=client, interval=0.05, floor=0.05, stop=stop) as watch:
        report = watch.run()
    assert stop.is_set() and report.feeds_polled >= 5
    assert report.articles_added == len(store.documents) >= 5 and store.duplicates == 0


def test_options_are_validated(client):
    store = MemoryFeedStore()
    with pytest.raises(ConfigError, match="interval"):
        Watcher(store, store.deliver, client=client, interval=0)
    with pytest.raises(ConfigError, match="workers"):
        Watcher(store, store.deliver, client=client, workers=0)


def test_the_memory_store_follows_the_protocol():
    for name in ("feed_states", "save_feed_state", "known"):
        member = getattr(FeedStateStore, name)
        assert inspect.signature(getattr(MemoryFeedStore, name)).parameters.keys() == inspect.signature(member).parameters.keys()
    store = MemoryFeedStore(["HTTPS://Example.org/feed?utm_source=x", "https://example.org/feed"])
    assert [state.url for state in store.feed_states()] == ["https://example.org/feed"]
    store.save_feed_state(FeedState(url="https://example.org/feed", etag='"x"'))
    assert store.state("https://example.org/feed").etag == '"x"'
    assert [f.name for f in fields(FeedState)] == ["url", "title", "etag", "last_modified", "next_poll_at", "last_fetch_at",
                                                   "last_error", "errors", "ttl", "articles_added"]


def test_public_surface_and_keyword_only_options():
    for name in newsum.fetch.__all__:
        assert hasattr(newsum.fetch, name)
    for function, data in ((newsum.fetch.Watcher.__init__, ["self", "store", "deliver"]),
                           (newsum.fetch.Watcher.run, ["self"]),
                           (newsum.fetch.HttpClient.__init__, ["self"]),
                           (newsum.fetch.HttpClient.get, ["self", "url"]),
                           (newsum.fetch.fetch_article, ["entry"]),
                           (newsum.fetch.parse_feed, ["content"]),
                           (newsum.fetch.canonical_url, ["url"])):
        params = inspect.signature(function).parameters.values()
        assert [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD] == data
