"""Agreement of `newsum batch` with the single-process `newsum ingest` on the same input.

    python benchmarks/batch_agreement.py [INPUT.jsonl] [--window 30d] [--overlap 14d]

Runs both on the input (default: the DUC-2004 documents as an article feed in date order, as a
stream would deliver them), then reports BCubed precision, recall and F1 of the batch grouping
against the single-process one, and how many stories each splits or joins.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from distributed import Client, LocalCluster

from newsum.batch.command import _days
from newsum.batch.job import BatchConfig, run_batch
from newsum.store.sqlite import SQLiteStore
from newsum.stream.ingest import ingest

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "duc2004" / "clusters.jsonl"


def bcubed(found: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_found, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_found[found[item]].add(item)
        by_gold[gold[item]].add(item)
    p = sum(len(by_found[found[i]] & by_gold[gold[i]]) / len(by_found[found[i]]) for i in gold) / len(gold)
    r = sum(len(by_found[found[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", nargs="?")
    parser.add_argument("--window", default="30d")
    parser.add_argument("--overlap", default="30d")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", default="duc2004", choices=["duc2004", "duc2003-tdt"], help="the cluster file whose documents make the default feed")
    parser.add_argument("--stitch", type=float, help="override the stitching threshold (for choosing it)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsum-agreement-"))
    if args.stitch is not None:
        import newsum.batch.job

        newsum.batch.job.STITCH_SIMILARITY = args.stitch
    if args.input is None:
        data = DATA.parent.parent / args.data / "clusters.jsonl"
        args.input = str(folder / "duc-feed.jsonl")
        seen, lines = set(), []
        for line in data.open(encoding="utf-8"):
            for doc in json.loads(line)["documents"]:
                if doc["id"] not in seen:
                    seen.add(doc["id"])
                    lines.append(doc)
        lines.sort(key=lambda d: (d["date"], d["id"]))
        Path(args.input).write_text("".join(json.dumps({"id": d["id"], "date": d["date"], "text": d["text"]}) + "\n" for d in lines), encoding="utf-8")
    store = SQLiteStore(folder / "single.db")
    ingest([args.input], store)
    single = {key[3:] if key.startswith("id:") else key: store.resolve_story(story) for key, story in store.db.execute("SELECT key, story_id FROM articles")}
    config = BatchConfig(window_days=_days(args.window, "--window"), overlap_days=_days(args.overlap, "--overlap"))
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        report = run_batch([args.input], folder / "out", config=config, client=client)
    batch = {}
    for line in (folder / "out" / "stories.jsonl").open():
        story = json.loads(line)
        for article in story["articles"]:
            batch[article] = story["id"]
    common = sorted(set(single) & set(batch))
    p, r, f = bcubed({k: batch[k] for k in common}, {k: single[k] for k in common})
    print(f"input {args.input}: {len(common)} articles; single process {len(set(single.values()))} stories, batch {report['stories']} "
          f"({report['partitions']} partitions of {config.window_days} days, {config.overlap_days} days overlap)")
    print(f"BCubed of batch against single process: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    # The differences: single-process stories the batch splits, and batch stories that join several.
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
