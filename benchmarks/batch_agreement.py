"""Agreement of `newsum batch` with the single-process `newsum ingest` on the same input.

    python benchmarks/batch_agreement.py [--window 50]                 # the DUC-2004 feed
    python benchmarks/batch_agreement.py --data duc2003-tdt --window 50
    python benchmarks/batch_agreement.py --synthetic 205               # 100,245 synthetic articles
    python benchmarks/batch_agreement.py --stream ecbplus              # undated: grouped in feed order
    python benchmarks/batch_agreement.py INPUT.jsonl [--single-db S.db] [--batch-out OUT]

Runs both on the input (default: the DUC-2004 documents as an article feed in date order, as a
stream would deliver them; --synthetic K: K copies of it, as benchmarks/stream_throughput.py
makes them), then reports BCubed precision, recall and F1 of the batch grouping against the
single-process one, and how many stories each splits or joins. --single-db / --batch-out read
the results of runs made already (a store `newsum ingest` filled, a `newsum batch` OUT).
Small windows make many chain links: the DUC feeds (~500 articles) fit in one default window.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from distributed import Client, LocalCluster

from newsum.batch.job import BatchConfig, run_batch
from newsum.store import open_store
from newsum.stream.ingest import ingest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stream_throughput import synthesize  # noqa: E402
from streams import bcubed, load_stream  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def duc_feed(name: str, path: Path) -> None:
    seen, lines = set(), []
    for line in (DATA / name / "clusters.jsonl").open(encoding="utf-8"):
        for doc in json.loads(line)["documents"]:
            if doc["id"] not in seen:
                seen.add(doc["id"])
                lines.append(doc)
    lines.sort(key=lambda d: (d["date"], d["id"]))
    path.write_text("".join(json.dumps({"id": d["id"], "date": d["date"], "text": d["text"]}) + "\n" for d in lines), encoding="utf-8")


def single_process(input_path: str, db: str | None, folder: Path) -> dict[str, str]:
    if db is None:
        db = str(folder / "single.db")
        store = open_store(db)
        started = time.perf_counter()
        ingest([input_path], store)
        print(f"newsum ingest: {time.perf_counter() - started:.1f} s", flush=True)
    else:
        store = open_store(db, readonly=True)
    return {(r.id or r.key): store.resolve_story(r.story_id) for r in store.all_articles()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", nargs="?")
    parser.add_argument("--data", default="duc2004", choices=["duc2004", "duc2003-tdt"], help="the cluster file whose documents make the default feed")
    parser.add_argument("--synthetic", type=int, metavar="K", help="K synthetic copies of the DUC-2004 feed instead")
    parser.add_argument("--stream", choices=["ecbplus", "multinews"], help="an undated labelled stream (benchmarks/streams.py) in its feed order instead")
    parser.add_argument("--shuffle", action="store_true", help="feed the articles in a seeded random order instead of their order")
    parser.add_argument("--window", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--single-db", help="a store `newsum ingest` filled with INPUT already")
    parser.add_argument("--batch-out", help="the OUT of a `newsum batch` run on INPUT already")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsum-agreement-"))
    if args.input is None:
        args.input = str(folder / "feed.jsonl")
        if args.synthetic:
            synthesize(DATA / "duc2004" / "clusters.jsonl", args.synthetic, Path(args.input))
        elif args.stream:
            Path(args.input).write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n"
                                                for a in load_stream(args.stream)), encoding="utf-8")
        else:
            duc_feed(args.data, Path(args.input))
    if args.shuffle:
        import random

        lines = Path(args.input).read_text(encoding="utf-8").splitlines(keepends=True)
        random.Random(0).shuffle(lines)
        args.input = str(folder / "shuffled.jsonl")
        Path(args.input).write_text("".join(lines), encoding="utf-8")
    single = single_process(args.input, args.single_db, folder)
    out = args.batch_out
    if out is None:
        out = folder / "out"
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
            started = time.perf_counter()
            run_batch([args.input], out, config=BatchConfig(window=args.window, merged=True), client=client)
            print(f"newsum batch: {time.perf_counter() - started:.1f} s", flush=True)
    report = json.loads((Path(out) / "report.json").read_text())
    batch = {}
    for line in (Path(out) / "stories.jsonl").open():
        story = json.loads(line)
        for article in story["articles"]:
            batch[article] = story["id"]
    common = sorted(set(single) & set(batch))
    print(f"input {args.input}: {len(single)} articles in the single process, {len(batch)} in the batch, {len(common)} in both; "
          f"single process {len(set(single.values()))} stories, batch {len(set(batch.values()))} ({report['windows']} windows of "
          f"{report['config']['window']} articles)")
    p, r, f, _ = bcubed({k: batch[k] for k in common}, {k: frozenset([single[k]]) for k in common})
    print(f"BCubed of batch against single process: P {p:.4f} R {r:.4f} F1 {f:.4f}")
    by_single = defaultdict(set)
    for k in common:
        by_single[single[k]].add(batch[k])
    print(f"single-process stories split by the batch: {sum(1 for v in by_single.values() if len(v) > 1)} of {len(by_single)}")
    by_batch = defaultdict(set)
    for k in common:
        by_batch[batch[k]].add(single[k])
    print(f"batch stories that join several single-process stories: {sum(1 for v in by_batch.values() if len(v) > 1)} of {len(by_batch)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
