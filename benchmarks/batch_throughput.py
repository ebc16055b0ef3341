"""End-to-end batch throughput and memory, on a Dask cluster of separate processes.

    python benchmarks/batch_throughput.py [--copies 205] [--workers 2] [--keep]

The articles are synthesized from the DUC-2004 documents as in benchmarks/stream_throughput.py
(copy k = 0..K-1 of each of the 489 documents, dated 120*k days later: 205 copies make 100,245
articles, 600 make 293,400). A `dask scheduler` and `dask worker` processes start on their
own, and `newsum batch FEED --out OUT --scheduler ADDRESS` runs as the user would run it. Every
process's resident memory is sampled twice a second; prints the peak of the `newsum batch`
process (the driver), of the scheduler and of each worker, seconds per stage, articles/s per
stage (CPU seconds the workers spent, summed over tasks), the share of the wall time the
ordered chain kept a worker busy, and a model for 10 M articles on 32 workers from the
per-article costs measured. --keep leaves OUT (stories.jsonl, the store) for
benchmarks/batch_agreement.py --batch-out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stream_throughput import DATA, synthesize  # noqa: E402

BIN = Path(sys.executable).parent


class PeakMemory(threading.Thread):
    """Samples the resident memory of named processes (and their children) until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.watched: dict[str, psutil.Process] = {}
        self.peaks: dict[str, float] = {}
        self.stopped = threading.Event()

    def watch(self, name: str, pid: int) -> None:
        self.watched[name] = psutil.Process(pid)

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            for name, process in list(self.watched.items()):
                try:
                    family = [process, *process.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for member in family:
                    try:
                        rss = member.memory_info().rss / 2**20
                    except psutil.NoSuchProcess:
                        continue
                    label = name if member.pid == process.pid else f"{name}/{member.pid}"
                    self.peaks[label] = max(self.peaks.get(label, 0.0), rss)


def wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear")
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=205)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--window", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep OUT and the feed")
    parser.add_argument("--feed", type=Path, help="a feed synthesized already (skips synthesis)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="newsum-batch-bench-"))
    feed = args.feed or folder / "articles.jsonl"
    if args.feed is None:
        synthesize(DATA, args.copies, feed)
    total = sum(1 for _ in feed.open("rb"))
    monitor = PeakMemory()
    monitor.start()
    scheduler_file = folder / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--scheduler-file", str(scheduler_file), "--port", "0",
                                  "--dashboard-address", ":0", "--no-show"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    workers = []
    try:
        wait_for(scheduler_file)
        monitor.watch("scheduler", scheduler.pid)
        address = json.loads(scheduler_file.read_text())["address"]
        for number in range(args.workers):
            worker = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                                       "--name", f"w{number}", "--memory-limit", "0"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            workers.append(worker)
            monitor.watch(f"worker {number}", worker.pid)
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(args.workers, timeout=120)
        out = folder / "out"
        started = time.perf_counter()
        driver = subprocess.Popen([str(BIN / "newsum"), "batch", str(feed), "--out", str(out), "--scheduler", address,
                                   "--window", str(args.window), "--no-progress"], env=env)
        monitor.watch("driver", driver.pid)
        code = driver.wait()
        elapsed = time.perf_counter() - started
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            process.wait(timeout=60)
        monitor.stopped.set()
    if code not in (0, 3):
        print(f"newsum batch exited with {code}", file=sys.stderr)
        return 1
    report = json.loads((out / "report.json").read_text())
    cpu = report["cpu_seconds"]
    print(f"{total} articles, {args.workers} workers, windows of {args.window}: {report['stories']} stories, {report['summaries']} summaries, "
          f"{report['windows']} windows, {report['copies']} copies")
    print(f"end to end {elapsed:.1f} s ({elapsed / 60:.1f} min): {total / elapsed:.0f} articles/s")
    for stage, seconds in report["seconds"].items():
        print(f"  wall  {stage:<28} {seconds:8.1f} s")
    for stage, seconds in cpu.items():
        print(f"  tasks {stage:<28} {seconds:8.1f} s = {1000 * seconds / total:6.2f} ms per article ({total / seconds:7.0f} articles/s on one worker)")
    prepare_cpu = report["seconds"]["prepare"] * args.workers  # the workers are busy through it (an upper bound)
    print(f"  prepare on the workers (wall x workers, upper bound) {1000 * prepare_cpu / total:6.2f} ms per article")
    chain_share = cpu["chain"] / elapsed
    print(f"ordered chain: {cpu['chain']:.1f} s of {elapsed:.1f} s wall = {100 * chain_share:.0f}%; from its first link's start to "
          f"its last one's end {report['chain_span']:.1f} s (waiting for features or a free worker in between); it finished "
          f"{report['chain_finished_after']:.1f} s into the stories stage")
    parallel_ms = 1000 * (prepare_cpu + cpu["features"] + cpu["summaries"]) / total
    chain_ms = 1000 * cpu["chain"] / total
    n, w = 10_000_000, 32
    parallel_h = parallel_ms * n / 1000 / (w - 1) / 3600
    chain_h = chain_ms * n / 1000 / 3600
    print(f"model for {n:,} articles on {w} workers: parallel work {parallel_ms:.2f} ms per article / {w - 1} workers = {parallel_h:.2f} h; "
          f"ordered chain {chain_ms:.2f} ms per article = {chain_h:.2f} h on one worker meanwhile; about {max(parallel_h, chain_h):.2f} h "
          f"(the {'chain' if chain_h > parallel_h else 'parallel work'} bounds it)")
    print("peak resident memory: " + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in sorted(monitor.peaks.items())))
    summary = {"articles": total, "workers": args.workers, "window": args.window, "seconds": elapsed, "report": report,
               "peaks_mib": monitor.peaks}
    (folder / "bench.json").write_text(json.dumps(summary, indent=1))
    print(f"details: {folder / 'bench.json'}")
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
        if args.feed is None:
            feed.unlink()
    else:
        print(f"kept: {out} and {feed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
