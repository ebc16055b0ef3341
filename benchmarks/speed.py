"""Speed of newsum against sumy's LexRank and TextRank, and how newsum grows with input.

    python benchmarks/speed.py [--data ../shared/data] [--repeat 4] [--skip-scaling]

1. Same clusters, one process each: the 50 DUC-2004 clusters repeated ``--repeat`` times
   (200 clusters) in one JSONL file; each method runs as ONE fresh process over all of them,
   start-up included (Python, imports, models), writing its summaries to /dev/null. newsum
   runs twice: as one process, and with ``--workers 2`` (two processes, both cores), reported
   apart; the sumy baselines have no such option. Wall
   time and peak memory per process; ratios against newsum. All methods in the same run, one
   after the other, so that the machine's load is shared alike (absolute times drift on these
   machines; the ratios are the result).
2. Growth: one cluster of about 200, 1,000, 5,000 and 20,000 sentences, pooled from distinct
   documents of DUC-2004 and then Multi-News validation, each summarized (100 words) by a
   fresh newsum process: time and peak memory, and the time ratio per doubling of input. Also
   sumy LexRank on the 3,200-sentence cluster, for the ratio of our 20,000 to its 3,200.

Numbers go to stdout; a JSON copy to ``--json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "run_method.py"


def run_process(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MiB) and CPU seconds (user + system, its own
    worker processes included) of one child process. CPU time is reported beside wall time
    because the machines are shared: another session's work stretches wall time unevenly
    across the methods of one run, CPU time much less."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise RuntimeError(f"{' '.join(command)} exited {code}: {stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def newsum_command(path: Path, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "newsum", "summarize", str(path), "--format", "jsonl", "-o", os.devnull,
            "--no-progress", "-q", "--workers", str(workers)]


def baseline_command(name: str, path: Path) -> list[str]:
    return [sys.executable, str(RUNNER), name, str(path)]


def same_clusters(data: Path, repeat: int, workdir: Path) -> dict:
    lines = (data / "duc2004" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()
    path = workdir / f"duc-x{repeat}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for r in range(repeat):
            for line in lines:
                cluster = json.loads(line)
                cluster["id"] = f"{cluster['id']}-{r}"
                out.write(json.dumps(cluster) + "\n")
    n = len(lines) * repeat
    print(f"\n1. {n} DUC-2004 clusters ({len(lines)} x {repeat}), each method one process, start-up included")
    results = {}
    for name, command in (
        ("newsum", newsum_command(path)),
        ("newsum -j2", newsum_command(path, workers=2)),
        ("lexrank", baseline_command("lexrank", path)),
        ("textrank", baseline_command("textrank", path)),
    ):
        seconds, peak, cpu = run_process(command)
        results[name] = {"seconds": seconds, "ms_per_cluster": 1000 * seconds / n, "peak_mib": peak, "cpu_seconds": cpu}
        print(f"   {name:<10} {seconds:8.1f} s  {1000 * seconds / n:7.1f} ms/cluster  peak {peak:6.0f} MiB  cpu {cpu:7.1f} s", flush=True)
    for name in ("lexrank", "textrank"):
        ratio = results[name]["seconds"] / results["newsum"]["seconds"]
        parallel = results[name]["seconds"] / results["newsum -j2"]["seconds"]
        results[name]["times_newsum"] = ratio
        results[name]["times_newsum_2_workers"] = parallel
        by_cpu = results[name]["cpu_seconds"] / results["newsum"]["cpu_seconds"]
        results[name]["times_newsum_cpu"] = by_cpu
        print(f"   newsum is {ratio:.1f}x faster than sumy {name} in one process ({parallel:.1f}x with --workers 2; "
              f"{by_cpu:.1f}x by CPU time)")
    return results


def pooled_documents(data: Path):
    """Distinct documents of DUC-2004, then Multi-News validation, in file order."""
    seen = set()
    for name in ("duc2004", "multinews-val"):
        with (data / name / "clusters.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                for document in json.loads(line)["documents"]:
                    key = document.get("id") or hash(document["text"])
                    if key in seen or not document.get("text", "").strip():
                        continue
                    seen.add(key)
                    yield {"id": f"p{len(seen)}", "text": document["text"], "date": document.get("date") or ""}


def build_cluster(data: Path, sentences: int, workdir: Path) -> tuple[Path, int]:
    from newsum.segment import split_sentences

    documents, count = [], 0
    for document in pooled_documents(data):
        documents.append(document)
        count += len(split_sentences(document["text"]))
        if count >= sentences:
            break
    path = workdir / f"pool-{sentences}.jsonl"
    path.write_text(json.dumps({"id": f"pool-{sentences}", "documents": documents}) + "\n", encoding="utf-8")
    return path, count


def growth(data: Path, workdir: Path) -> dict:
    print("\n2. one cluster of growing size (pooled distinct documents), newsum, 100 words, one process each")
    results = {}
    previous = None
    for target in (200, 1_000, 5_000, 20_000):
        path, count = build_cluster(data, target, workdir)
        seconds, peak, _ = run_process(newsum_command(path))
        row = {"sentences": count, "seconds": seconds, "peak_mib": peak}
        if previous is not None:
            doublings = math.log2(count / previous["sentences"])
            row["time_ratio_per_doubling"] = (seconds / previous["seconds"]) ** (1 / doublings)
        results[target] = row
        per = f"  x{row['time_ratio_per_doubling']:.2f} per doubling" if "time_ratio_per_doubling" in row else ""
        print(f"   {count:>6} sentences  {seconds:6.2f} s  peak {peak:6.0f} MiB{per}", flush=True)
        previous = row
    path, count = build_cluster(data, 3_200, workdir)
    seconds, peak, _ = run_process(baseline_command("lexrank", path))
    results["lexrank_3200"] = {"sentences": count, "seconds": seconds, "peak_mib": peak}
    ratio = results[20_000]["seconds"] / seconds
    results["newsum_20000_over_lexrank_3200"] = ratio
    print(f"   sumy lexrank on {count} sentences: {seconds:.1f} s, peak {peak:.0f} MiB; "
          f"newsum on 20,000 takes {ratio:.2f}x its time")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (args.data / "duc2004" / "clusters.jsonl").is_file():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="newsum-speed-") as tmp:
        workdir = Path(tmp)
        report = {"same_clusters": same_clusters(args.data, args.repeat, workdir)}
        if not args.skip_scaling:
            report["growth"] = growth(args.data, workdir)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
