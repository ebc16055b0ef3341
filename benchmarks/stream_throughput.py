"""Ingest throughput: 100,000 articles synthesized from the 500 DUC-2004 documents.

    python benchmarks/stream_throughput.py [--copies 200] [--db /tmp/newsum-throughput.db]
    python benchmarks/stream_throughput.py --postgres     # the same on a private PostgreSQL server

Copy k (k = 0..copies-1; 205 copies of the 489 distinct documents make 100,245) of every document gets its id suffixed "-k", its outlet suffixed with
k mod 7 and its date shifted by 120*k days, so that each copy arrives after the earlier
copies' stories have closed (90 days) and forms new stories. The articles are written to a
JSONL feed, then `newsum ingest` (storing and grouping; no summaries) runs on it in one
process. Prints articles/s after the first 10,000 and at the end, the peak resident memory,
and the memory after 10k and at the end (it must not grow with the number of closed stories).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from newsum.semantic import default_embedder
from newsum.store import open_store
from newsum.stream.ingest import ingest

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "duc2004" / "clusters.jsonl"


def synthesize(path: Path, copies: int, out: Path) -> int:
    documents = []
    seen = set()
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        for doc in record["documents"]:
            if doc["id"] not in seen:
                seen.add(doc["id"])
                documents.append(doc)
    documents.sort(key=lambda d: (d["date"], d["id"]))
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for k in range(copies):
            for doc in documents:
                date = dt.date.fromisoformat(doc["date"][:10]) + dt.timedelta(days=120 * k)
                outlet = (doc.get("source") or doc["id"][:3]) + f"-{k % 7}"
                handle.write(json.dumps({"id": f"{doc['id']}-{k}", "source": outlet, "date": date.isoformat(), "text": doc["text"]}) + "\n")
                n += 1
    return n


def rss_mib() -> float:
    with open(f"/proc/{os.getpid()}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # 489 distinct documents (11 of the 500 are in two clusters): 205 copies make 100,245 articles.
    parser.add_argument("--copies", type=int, default=205)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "newsum-throughput.db",
                        help="the SQLite file to write (its feed is written beside it)")
    parser.add_argument("--postgres", action="store_true", help="ingest into a fresh schema of tools/pg_server.py's PostgreSQL server")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    feed = args.db.with_suffix(".jsonl")
    total = synthesize(DATA, args.copies, feed)
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    # Every copy repeats one of 489 texts: the embedder's cache would embed each once and make
    # grouping look cheaper than on a real stream, where texts do not repeat. Measure without it.
    default_embedder().cache_size = 0
    address, drop = str(args.db), None
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
        import pg_server

        address, drop = pg_server.fresh_schema(pg_server.start())
    store = open_store(address)
    print(f"store: {store.location}", file=sys.stderr)
    marks = {}
    done = 0
    started = time.perf_counter()
    cpu_started = time.process_time()

    def progress(count: int) -> None:
        nonlocal done
        done += count
        if done >= 10_000 and "10k" not in marks:
            marks["10k"] = (done, time.perf_counter() - started, rss_mib())
        if done % 10_000 < count:
            print(f"  {done:>7} articles  {done / (time.perf_counter() - started):6.0f}/s  rss {rss_mib():6.0f} MiB", file=sys.stderr, flush=True)

    report = ingest([str(feed)], store, progress=progress)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    counts = store.counts()
    open_stories = sum(1 for row in store.story_rows(limit=10**9) if row["status"] == "open")
    store.close()
    if drop is not None:
        drop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {total}: {report.added} added, {report.copies} copies; stories {counts['stories']} ({open_stories} open at the end)")
    if "10k" in marks:
        n, seconds, rss = marks["10k"]
        print(f"first {n}: {seconds:.1f} s, {n / seconds:.0f} articles/s, rss {rss:.0f} MiB")
    print(f"all {done}: {elapsed:.1f} s ({elapsed / 60:.1f} min), {done / elapsed:.0f} articles/s, rss {rss_mib():.0f} MiB, peak {peak:.0f} MiB")
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    print(f"CPU {cpu:.1f} s ({cpu / 60:.1f} min, {cpu / done * 1000:.2f} ms per article)")
    if not args.postgres:
        print(f"store: {args.db.stat().st_size / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
