"""Soak test of `newsum watch`'s fetching layer against a local, misbehaving news site.

    python benchmarks/watch_soak.py [--minutes 30] [--feeds 20] [--hosts 5] [--failure-rate 0.05]
    python benchmarks/watch_soak.py --db postgres    # into a real store: a SQLite path, an address, or
                                                     # "postgres" for a fresh schema of tools/pg_server.py

Starts one HTTP server per host on loopback addresses (127.0.0.2, 127.0.0.3, ...), each
serving RSS feeds that gain an article every few seconds (every fourth feed ten times more
slowly, so conditional GETs meet 304s too; an invented story per number; about
one in ten is posted to two feeds of its host, one in seven is linked through an AMP copy
whose rel=canonical names the article), with ``--failure-rate`` of the feed and page responses
failing: a 500, a reset connection, or a response slower than the client's read timeout.
The watcher polls them with the in-memory store (newsum.fetch.MemoryFeedStore) for
``--minutes``; then publishing and failures stop and one forced catch-up poll runs.

Prints what the server published and the watcher delivered, duplicates (must be 0), missing
(must be 0 after the catch-up), articles per minute, time spent fetching, RSS memory at the
start, middle and end of the run (should be flat), and the sockets still open once the
watcher and the servers are closed (must be 0). With ``--db`` the feed state lives in a real
store and the articles go through ``newsum watch``'s ingest (grouping, no summaries); what was
delivered is then read back from the store.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import socket
import struct
import sys
import threading
import time
from email.utils import formatdate
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from newsum.fetch import HttpClient, MemoryFeedStore, Watcher

TOWNS = ["Eastmere", "Lowbridge", "Harrowfield", "Quillon Bay", "Marrowdale", "Pellingham", "Sutter's Reach"]
WORKS = ["ferry terminal", "public library", "tram depot", "flood barrier", "covered market", "night school", "bus station"]
#: Articles listed in a feed: about two and a half minutes of publishing at the default pace,
#: longer than the watcher's longest backoff here (30 s), so nothing falls out unseen.
WINDOW = 50


def story(number: int) -> tuple[str, str]:
    town, work = TOWNS[number % 7], WORKS[(number // 7) % 7]
    title = f"{town} {work} plan number {number} approved by the council"
    paragraphs = [
        f"The council of {town} approved plan number {number} for a new {work} on Tuesday evening, after a "
        f"debate that lasted {number % 5 + 2} hours and drew a crowd of residents to the public gallery.",
        f"Supporters said the {work} would bring {number % 40 + 10} jobs to the area within two years, while "
        f"opponents warned that the estimate of {number % 9 + 3} million crowns left out the cost of new roads.",
        f"The plan now goes to the regional office for review, which usually takes about {number % 6 + 4} weeks. "
        f"Building could start next spring if no objection is upheld, the council's planning officer said.",
    ]
    return title, "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


class Site:
    """Every host's feeds, what was published, and the failures to inject."""

    def __init__(self, *, feeds: int, hosts: int, change_every: float, failure_rate: float, slow: float, seed: int):
        self.feeds = feeds
        self.hosts = hosts
        self.change_every = change_every
        self.failure_rate = failure_rate
        self.slow = slow
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.items: dict[int, list[tuple[int, str]]] = {f: [] for f in range(feeds)}  # newest first: (number, path)
        self.published: set[int] = set()
        self.next_number = 0
        self.failures = {"500": 0, "reset": 0, "slow": 0}
        self.responses = 0
        self.publishing = True
        self.servers: list[ThreadingHTTPServer] = []
        self.bases: list[str] = []

    def host_of(self, feed: int) -> int:
        return feed % self.hosts

    def publish_one(self, feed: int) -> None:
        with self.lock:
            number = self.next_number
            self.next_number += 1
            path = f"/amp/a/{number}" if number % 7 == 3 else f"/a/{number}"
            self.items[feed].insert(0, (number, path))
            del self.items[feed][WINDOW:]
            self.published.add(number)
            siblings = [f for f in range(self.feeds) if f != feed and self.host_of(f) == self.host_of(feed)]
            if siblings and number % 10 == 5:  # cross-posted: the same article in a second feed
                other = siblings[number % len(siblings)]
                self.items[other].insert(0, (number, f"/a/{number}"))
                del self.items[other][WINDOW:]

    def publisher(self, stop: threading.Event) -> None:
        due = {f: time.monotonic() + self.random.uniform(0, self.change_every) for f in range(self.feeds)}
        while not stop.is_set():
            now = time.monotonic()
            for feed, when in due.items():
                if when <= now and self.publishing:
                    self.publish_one(feed)
                    # Every fourth feed is a quiet one (ten times slower), so polls also meet 304s.
                    pace = self.change_every * (10 if feed % 4 == 3 else 1)
                    due[feed] = now + pace * self.random.uniform(0.5, 1.5)
            stop.wait(0.05)

    def failure(self) -> str | None:
        with self.lock:
            self.responses += 1
            if self.failure_rate <= 0 or self.random.random() >= self.failure_rate:
                return None
            kind = self.random.choice(("500", "reset", "slow"))
            self.failures[kind] += 1
            return kind

    def feed_xml(self, host: int, feed: int) -> bytes:
        base = self.bases[host]
        with self.lock:
            items = list(self.items[feed])
        parts = []
        for number, path in items:
            title, _ = story(number)
            parts.append(f"<item><title>{escape(title)}</title><link>{base}{path}?utm_source=feed{feed}&amp;utm_medium=rss"
                         f"</link><guid>n{number}</guid><pubDate>{formatdate(1748937600 + number * 3, usegmt=True)}</pubDate>"
                         f"<description>Plan {number} approved.</description></item>")
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Soak feed {feed}</title><link>{base}/</link><description>soak</description>"
                + "".join(parts) + "</channel></rss>").encode()

    def page(self, host: int, number: int) -> bytes:
        title, body = story(number)
        canonical = f'<link rel="canonical" href="{self.bases[host]}/a/{number}">'
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>{canonical}'
                f'<meta property="og:site_name" content="Soak Herald {host}"></head><body>'
                f'<nav><a href="/">Home</a> <a href="/town">Town</a></nav><article><h1>{escape(title)}</h1>{body}</article>'
                f"<footer>Soak Herald</footer></body></html>").encode()

    def start(self) -> None:
        site = self
        for host in range(self.hosts):
            address = f"127.0.0.{host + 2}"

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                host_index = host

                def log_message(self, *args) -> None:
                    pass

                def do_GET(self) -> None:
                    try:
                        site.answer(self, self.host_index)
                    except (BrokenPipeError, ConnectionResetError):
                        self.close_connection = True

            server = _QuietServer((address, 0), Handler)
            server.daemon_threads = True
            server.block_on_close = False
            self.servers.append(server)
            self.bases.append(f"http://{address}:{server.server_address[1]}")
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler, host: int) -> None:
        path = handler.path.split("?")[0]
        if path == "/robots.txt":
            return self.send(handler, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        failure = self.failure()
        if failure == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            return
        if failure == "slow":
            time.sleep(self.slow)
        if failure == "500":
            return self.send(handler, 500, b"oops", "text/plain")
        if path.startswith("/feed/"):
            feed = int(path.rsplit("/", 1)[1])
            body = self.feed_xml(host, feed)
            etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
            if handler.headers.get("If-None-Match") == etag:
                return self.send(handler, 304, b"", None, {"ETag": etag})
            return self.send(handler, 200, body, "application/rss+xml", {"ETag": etag})
        if path.startswith(("/a/", "/amp/a/")):
            return self.send(handler, 200, self.page(host, int(path.rsplit("/", 1)[1])), "text/html; charset=utf-8")
        return self.send(handler, 404, b"not here", "text/plain")

    @staticmethod
    def send(handler, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A client that hangs up mid-request (a timed-out read, a closed pool) is part of the soak.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def rss_megabytes() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 1e6
    except ImportError:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def open_sockets() -> tuple[int, str]:
    try:
        import psutil

        process = psutil.Process()
        connections = process.net_connections(kind="inet") if hasattr(process, "net_connections") else process.connections(kind="inet")
        return len(connections), "psutil"
    except ImportError:
        count = sum(1 for fd in os.listdir("/proc/self/fd") if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"))
        return count, "/proc/self/fd"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=5, help="loopback addresses 127.0.0.2 ... (one server each)")
    parser.add_argument("--change-every", type=float, default=3.0, help="seconds between two articles of one feed (on average)")
    parser.add_argument("--failure-rate", type=float, default=0.05)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between two polls of a feed")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--db", help="soak a real store: a SQLite path, a postgresql:// address, or 'postgres' (a fresh schema)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")

    read_timeout = 1.0
    site = Site(feeds=args.feeds, hosts=args.hosts, change_every=args.change_every, failure_rate=args.failure_rate,
                slow=read_timeout * 1.5, seed=args.seed)
    site.start()
    delivered_calls = {"documents": 0}
    real, drop = None, None
    if args.db:
        from newsum.store import open_store
        from newsum.stream.watching import StoreFeedStates, deliver_to

        address = args.db
        if address == "postgres":
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
            import pg_server

            address, drop = pg_server.fresh_schema(pg_server.start())
        real = open_store(address)
        store = StoreFeedStates(real)
        for feed in range(args.feeds):
            store.add(f"{site.bases[site.host_of(feed)]}/feed/{feed}")
        into_store = deliver_to(real)

        def deliver(documents):
            delivered_calls["documents"] += len(documents)
            return into_store(documents)
    else:
        store = MemoryFeedStore(keep_documents=False)
        for feed in range(args.feeds):
            store.add_feed(f"{site.bases[site.host_of(feed)]}/feed/{feed}")

        def deliver(documents):
            delivered_calls["documents"] += len(documents)
            return store.deliver(documents)

    # Politeness kept, sized for a local site: 50 ms between requests to one host (one host
    # here carries a fifth of the feeds), a read timeout the injected slow responses exceed.
    client = HttpClient(min_interval=0.05, max_per_host=2, connect_timeout=1.0, read_timeout=read_timeout,
                        total_timeout=10.0, retries=2, retry_backoff=0.2, max_wait=10.0, random_state=args.seed)
    stop = threading.Event()
    watcher = Watcher(store, deliver, client=client, interval=args.interval, floor=1.0, max_backoff=30.0,
                      workers=args.workers, stop=stop)
    publishing_stop = threading.Event()
    threading.Thread(target=site.publisher, args=(publishing_stop,), daemon=True).start()

    seconds = args.minutes * 60
    memory = {"before": rss_megabytes()}

    def sample() -> None:
        for label, at in (("start", min(10.0, seconds / 4)), ("middle", seconds / 2)):
            if stop.wait(at - (time.monotonic() - started)):
                return
            memory[label] = rss_megabytes()

    started = time.monotonic()
    threading.Thread(target=sample, daemon=True).start()
    threading.Timer(seconds, stop.set).start()
    report = watcher.run()
    memory["end"] = rss_megabytes()
    run_seconds = time.monotonic() - started

    # Catch-up: no more articles, no more failures; one forced poll of every feed.
    site.publishing = False
    publishing_stop.set()
    site.failure_rate = 0.0
    stop.clear()
    catch_up = watcher.run(once=True, force=True)
    watcher.close()
    client.close()
    if real is not None:
        real.close()  # the store's own connection is no fetch socket; it is opened again to read the results
    time.sleep(0.2)
    sockets_client_closed, how = open_sockets()
    site.stop()
    time.sleep(0.2)
    sockets_all_closed, _ = open_sockets()

    with site.lock:
        numbers = set(site.published)
    if real is not None:
        real = open_store(address)
        stored = [article.id for article in real.all_articles()]
        delivered = set(stored)
        duplicates = len(stored) - len(delivered)  # the same id twice cannot be; counted all the same
        stored_note = f"; the store holds {len(stored)} articles in {real.counts()['stories']} stories ({real.location})"
        real.close()
        if drop is not None:
            drop()
    else:
        delivered = set(store.documents)
        duplicates = store.duplicates
        stored_note = ""
    delivered_numbers = {int(url.rsplit("/", 1)[1]) for url in delivered}  # ids are .../a/<number>
    # Two URLs of one article stored as two articles would show as two ids of one number.
    duplicates += len(delivered) - len(delivered_numbers)
    missing = sorted(numbers - delivered_numbers)
    phantom = len(delivered_numbers - numbers)

    print(f"soak: {args.feeds} feeds on {args.hosts} hosts, {args.minutes:g} min, one article per feed every "
          f"~{args.change_every:g} s, failure rate {args.failure_rate:.0%}, poll interval {args.interval:g} s, {args.workers} workers")
    print(f"server responses: {site.responses} (injected failures: {site.failures['500']} x 500, {site.failures['reset']} resets, "
          f"{site.failures['slow']} slow > {read_timeout:g} s read timeout)")
    print(f"articles published by the server: {len(numbers)}")
    print(f"articles delivered:               {len(delivered)} ({report.articles_added} during the run, "
          f"{catch_up.articles_added} in the catch-up poll){stored_note}")
    print(f"duplicates:                       {duplicates} (an article stored or delivered twice) + {phantom} unknown ids")
    print(f"missing after the catch-up:       {len(missing)}" + (f" e.g. {missing[:5]}" if missing else ""))
    print(f"articles/min:                     {report.articles_added / (run_seconds / 60):.1f}")
    print(f"polls: {report.feeds_polled} ({report.feeds_not_modified} not modified, {report.feeds_failed} failed); "
          f"pages fetched {report.pages_fetched}, failed {report.pages_failed} (retried later), skipped {report.pages_skipped}")
    print(f"fetch time: {report.fetch_seconds:.1f} worker-s in {run_seconds:.1f} s wall "
          f"({report.fetch_seconds / run_seconds:.2f} workers busy on average, {report.fetch_seconds / run_seconds / args.workers:.0%} "
          f"of the pool); {report.fetch_seconds / max(1, report.pages_fetched + report.feeds_polled) * 1000:.0f} ms per request+extraction")
    print(f"RSS memory MB: before {memory['before']:.0f}, start {memory.get('start', float('nan')):.0f}, "
          f"middle {memory.get('middle', float('nan')):.0f}, end {memory['end']:.0f}")
    print(f"open sockets ({how}): {sockets_client_closed - args.hosts} of the watcher once closed (plus the servers' "
          f"{args.hosts} listening sockets), {sockets_all_closed} in the process once the servers closed too")
    ok = duplicates == 0 and phantom == 0 and not missing and sockets_all_closed == 0 and sockets_client_closed == args.hosts
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
