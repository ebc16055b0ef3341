"""Page latency under load: 20 concurrent clients on loopback against `newsum serve`.

    python benchmarks/web_load.py --db STORE [--clients 20] [--requests 2000] [--workers 2]

STORE is a SQLite file or a PostgreSQL address (postgresql://...). It should hold at least 10,000 articles with summaries and insight stored (`newsum ingest`
then `newsum refresh`; see benchmarks/stream_throughput.py for the synthetic stream). The
server runs in its own processes; the clients are one asyncio loop in this process (20
kept-alive connections, a minimal HTTP/1.1 client), each sending its next request as soon as
the last one is answered. Prints p50/p95/p99 per page.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time

import httpx

from newsum.store import open_store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One GET on a kept-alive connection: the status code (the body is read and dropped)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def run(base: str, paths: list[str], clients: int, total: int) -> dict[str, list[float]]:
    """``clients`` connections, each sending its next request as soon as the last one is
    answered, until ``total`` requests are done. A raw HTTP/1.1 client: the clients share this
    machine's two cores with the server, so they must cost little."""
    port = int(base.rsplit(":", 1)[1])
    times: dict[str, list[float]] = {}
    queue = list(paths)
    random.Random(1).shuffle(queue)
    queue = (queue * (total // max(1, len(queue)) + 1))[:total]

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                path = queue.pop()
                kind = "story page" if path.startswith("/stories/") else "stories page"
                started = time.perf_counter()
                status = await _get(reader, writer, path)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
                times.setdefault(kind, []).append(elapsed)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    store = open_store(args.db, readonly=True)
    articles = store.counts()["articles"]
    stale = set(store.stale_stories())
    stories = [row["id"] for row in store.story_rows(limit=10**9) if row["id"] not in stale]
    location = store.location
    store.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsum", "serve", "--db", args.db, "--port", str(port), "--workers", str(args.workers)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        paths = [f"/stories/{s}" for s in stories]
        asyncio.run(run(base, paths[:50] + ["/"] * 10, args.clients, 200))  # warm up
        half = args.requests // 2
        story_times = asyncio.run(run(base, paths, args.clients, half))["story page"]
        list_times = asyncio.run(run(base, ["/", "/?sort=size", "/?page=2", "/?min_sources=3"], args.clients, half))["stories page"]
    finally:
        server.terminate()
        server.wait()
    print(f"store {location}: {articles} articles, {len(stories)} stories with stored summaries; {args.clients} concurrent clients, server workers: {args.workers}")
    for name, values in (("story page", story_times), ("stories page", list_times)):
        values = sorted(values)
        p = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
        print(f"{name:<13} n={len(values):5d}  p50 {statistics.median(values):6.1f} ms  p95 {p(0.95):6.1f} ms  p99 {p(0.99):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
