"""Quick ROUGE of newsum against sumy's LexRank (and others) on real benchmark clusters.

    python benchmarks/quick_rouge.py ../shared/data/duc2004/clusters.jsonl --words 100

Every system's summary is truncated to the word limit before scoring (ROUGE-1.5.5 ``-l``);
newsum never needs it (it stays within the budget), the baselines may overrun. Prints one
row per system: R-1, R-2, R-L recall (and F), with the settings, and the time per cluster.
For DUC-2004 it also reports the two halves in file order: the first 25 clusters
(d30001t-d30040t, the tuning half) and the last 25 (d30042t-d31050t, held out).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tqdm import tqdm

import newsum
from newsum.evaluate import rouge_recall, run_baseline
from newsum.evaluate.rouge import SETTINGS
from newsum.ingest import read_cluster_jsonl


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--baselines", default="lexrank", help="comma-separated: lexrank,textrank,lead")
    parser.add_argument("--method", default="concept")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--json", type=Path, help="also write per-cluster scores here")
    args = parser.parse_args()

    systems = ["newsum"] + [b for b in args.baselines.split(",") if b]
    summarizer = newsum.Summarizer(budget=newsum.Budget(words=args.words), method=args.method)
    rows: dict[str, list] = {s: [] for s in systems}
    seconds = {s: 0.0 for s in systems}
    with args.data.open("rb") as handle:
        clusters = [c for c in read_cluster_jsonl(handle, path=str(args.data))][: args.limit]
    over_budget = 0
    for cluster in tqdm(clusters, desc="clusters", file=sys.stderr):
        for system in systems:
            start = time.perf_counter()
            if system == "newsum":
                summary = summarizer.summarize(cluster)
                text = summary.text
                over_budget += len(text.split()) > args.words
            else:
                text = run_baseline(system, cluster, words=args.words)
            seconds[system] += time.perf_counter() - start
            rows[system].append((cluster.id, rouge_recall(text, cluster.references, words=args.words)))

    def table(title: str, keep) -> None:
        print(f"\n{title}")
        print(f"{'system':<12} {'n':>4} {'R-1':>6} {'R-2':>6} {'R-L':>6}   {'F-1':>6} {'F-2':>6} {'F-L':>6}   {'ms/cluster':>10}")
        for system in systems:
            scores = [s for cid, s in rows[system] if keep(cid)]
            if not scores:
                continue
            mean = lambda attr: sum(getattr(s, attr) for s in scores) / len(scores)  # noqa: E731
            ms = 1000 * seconds[system] / len(rows[system])
            print(
                f"{system:<12} {len(scores):>4} {mean('r1'):6.2f} {mean('r2'):6.2f} {mean('rl'):6.2f}   "
                f"{mean('f1'):6.2f} {mean('f2'):6.2f} {mean('fl'):6.2f}   {ms:10.1f}"
            )

    print(f"data: {args.data} ({len(clusters)} clusters), budget {args.words} words, method {args.method}")
    print(f"ROUGE: {SETTINGS}")
    table("all clusters", lambda cid: True)
    if all(str(cid).startswith("d3") for cid, _ in rows["newsum"]) and len(clusters) == 50:
        first = {c.id for c in clusters[:25]}
        table(f"tuning half (first 25: {clusters[0].id}-{clusters[24].id})", lambda cid: cid in first)
        table(f"held-out half (last 25: {clusters[25].id}-{clusters[49].id})", lambda cid: cid not in first)
    print(f"\nnewsum summaries over {args.words} words: {over_budget}")
    if args.json:
        args.json.write_text(json.dumps({s: {cid: vars(sc) for cid, sc in rows[s]} for s in systems}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
