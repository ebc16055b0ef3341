"""Two ingest processes at once on one store, against one process: nothing lost or doubled,
and the same stories.

    python benchmarks/concurrent_ingest.py --stream duc2004            # on a private PostgreSQL server
    python benchmarks/concurrent_ingest.py --synthetic 100000 --sqlite # the issue-7 stream, on SQLite files

The stream (a labelled stream of benchmarks/streams.py in feed order, or the synthetic stream
of benchmarks/stream_throughput.py) is split into two feeds (``--split blocks``: alternate
blocks of --block articles, as two crawlers of the same outlets deliver them; ``halves``:
every other article) that two ``newsum ingest`` processes, started together, write into one
store. Two single-process runs are the references:

* the same articles in the order the two writers committed them (``newsum regroup``: one
  process reading the two-writer store in its order of ingestion). Grouping is a single pass,
  serialized across writers with the state re-read under the lock, so the two writers must
  make exactly these stories: any difference is a story split or joined by a race;
* the whole stream in its own order, by one ``newsum ingest``: the difference is how much
  single-pass grouping depends on the order the articles arrive in.

Prints the articles stored (and distinct), the stories of each run, the BCubed F1 of the
two-writer stories against each reference, and the wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tools"))

from streams import bcubed  # noqa: E402
from newsum.store import open_store  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


def write_stream(args, folder: Path) -> list[str]:
    """The stream's JSONL lines, in feed order."""
    if args.synthetic:
        from stream_throughput import DATA, synthesize

        path = folder / "synthetic.jsonl"
        copies = max(1, round(args.synthetic / 489))
        synthesize(DATA, copies, path)
        return path.read_text(encoding="utf-8").splitlines()
    from streams import load_stream

    lines = []
    for article in load_stream(args.stream):
        record = {"id": article.id, "title": article.title, "text": article.text, "date": article.date.isoformat() if article.date else None}
        lines.append(json.dumps({k: v for k, v in record.items() if v is not None}))
    return lines


def bcubed_f1(found: dict[str, str], gold: dict[str, str]) -> float:
    return bcubed(found, {key: frozenset([story]) for key, story in gold.items()})[2]


def partition(stories: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for key, story in stories.items():
        groups[story].add(key)
    return {frozenset(g) for g in groups.values()}


def assignment(address: str) -> tuple[dict[str, str], int]:
    store = open_store(address, readonly=True)
    try:
        stories = {a.key: store.resolve_story(a.story_id) for a in store.all_articles()}
        return stories, store.counts()["articles"]
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stream", default="duc2004")
    parser.add_argument("--synthetic", type=int, help="the synthetic stream of about this many articles instead")
    parser.add_argument("--sqlite", action="store_true", help="SQLite files instead of PostgreSQL")
    parser.add_argument("--split", choices=["blocks", "halves"], default="blocks")
    parser.add_argument("--block", type=int, default=50)
    parser.add_argument("--batch", type=int, default=500, help="each writer's --batch (articles per transaction)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsum-concurrent-"))
    lines = write_stream(args, folder)
    feed = folder / "all.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts = [folder / "writer-0.jsonl", folder / "writer-1.jsonl"]
    if args.split == "halves":
        chunks = [lines[0::2], lines[1::2]]
    else:
        chunks = [[], []]
        for start in range(0, len(lines), args.block):
            chunks[(start // args.block) % 2].extend(lines[start:start + args.block])
    for path, chunk in zip(parts, chunks):
        path.write_text("\n".join(chunk) + "\n", encoding="utf-8")

    drops = []
    if args.sqlite:
        one, two = str(folder / "one.db"), str(folder / "two.db")
    else:
        import pg_server

        server = pg_server.start()
        (one, drop_one), (two, drop_two) = pg_server.fresh_schema(server), pg_server.fresh_schema(server)
        drops = [drop_one, drop_two]
    try:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsum", "ingest", str(feed), "--db", one, "-q"], env=ENV, check=True)
        single_seconds = time.perf_counter() - started
        started = time.perf_counter()
        writers = [subprocess.Popen([sys.executable, "-m", "newsum", "ingest", str(part), "--db", two, "-q", "--batch", str(args.batch)], env=ENV)
                   for part in parts]
        codes = [w.wait() for w in writers]
        double_seconds = time.perf_counter() - started
        if codes != [0, 0]:
            print(f"a writer failed: exit codes {codes}", file=sys.stderr)
            return 1
        single, single_count = assignment(one)
        double, double_count = assignment(two)
        if args.sqlite:
            replay = str(folder / "replay.db")
        else:
            replay, drop_replay = pg_server.fresh_schema(server)
            drops.append(drop_replay)
        subprocess.run([sys.executable, "-m", "newsum", "regroup", "--db", two, "--out", replay, "-q"], env=ENV, check=True)
        replayed, _ = assignment(replay)
    finally:
        for drop in drops:
            drop()
    backend = "SQLite" if args.sqlite else "PostgreSQL"
    name = f"synthetic {len(lines)}" if args.synthetic else args.stream
    print(f"{name} on {backend}: {len(lines)} articles in the stream; split {args.split}"
          + (f" of {args.block}" if args.split == "blocks" else "") + f"; writers' batches of {args.batch}")
    print(f"one writer:  {single_count} articles stored, {len(set(single.values()))} stories, {single_seconds:.1f} s")
    print(f"two writers: {double_count} articles stored ({len(double)} distinct keys), {len(set(double.values()))} stories, {double_seconds:.1f} s")
    missing = set(single) - set(double)
    print(f"missing from the two-writer store: {len(missing)}; extra: {len(set(double) - set(single))}")
    same_order = partition(double) == partition(replayed)
    print(f"BCubed F1 of the two-writer stories against one process reading the articles in the order they were committed: "
          f"{bcubed_f1(double, replayed):.4f} ({'identical' if same_order else 'different'} stories)")
    common = {k: double[k] for k in single if k in double}
    print(f"BCubed F1 of the two-writer stories against one process reading the stream in its own order: {bcubed_f1(common, single):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
