"""End-to-end batch throughput: read -> stories -> summaries, on a local Dask cluster.

    python benchmarks/batch_throughput.py [--copies 205] [--workers 2]

The articles are synthesized from the DUC-2004 documents as in benchmarks/stream_throughput.py
(205 copies of the 489 distinct documents = 100,245 articles, each copy 120 days after the
last). Prints the time per stage (from the job's report), articles/s end to end, and the peak
resident memory of each worker process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

from newsum.batch.job import BatchConfig, run_batch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stream_throughput import DATA, synthesize  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=205)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="newsum-batch-bench-"))
    feed = folder / "articles.jsonl"
    total = synthesize(DATA, args.copies, feed)
    started = time.perf_counter()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        report = run_batch([str(feed)], folder / "out", config=BatchConfig(), client=client)
        worker_peaks = client.run(peak_mib)
    elapsed = time.perf_counter() - started
    print(f"{total} articles, {args.workers} workers: {report['stories']} stories, {report['summaries']} summaries, {report['partitions']} partitions")
    for stage, seconds in report["seconds"].items():
        print(f"  {stage:<36} {seconds:8.1f} s")
    print(f"end to end {elapsed:.1f} s ({elapsed / 60:.1f} min): {total / elapsed:.0f} articles/s")
    print("peak memory per worker: " + ", ".join(f"{v:.0f} MiB" for v in worker_peaks.values()) + f"; driver {peak_mib():.0f} MiB")
    (folder / "bench.json").write_text(json.dumps({"articles": total, "workers": args.workers, "seconds": elapsed, "report": report["seconds"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
