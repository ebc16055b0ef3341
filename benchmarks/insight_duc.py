"""newsum insight on the 50 DUC-2004 clusters: it must run on all, and how long it takes.

    python benchmarks/insight_duc.py [../shared/data/duc2004/clusters.jsonl]

Prints seconds per cluster (mean, max) and what was found, in total.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newsum.insight import build_insight
from newsum.ingest import read_inputs

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "duc2004" / "clusters.jsonl"


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    clusters = list(read_inputs([path]))
    times, totals = [], {"quotes": 0, "conflicts": 0, "corroboration": 0, "confirmed": 0, "entities": 0, "timeline": 0}
    for cluster in clusters:
        start = time.process_time()
        report = build_insight(cluster)
        times.append(time.process_time() - start)
        totals["quotes"] += len(report.quotes)
        totals["conflicts"] += len(report.conflicts)
        totals["corroboration"] += len(report.corroboration)
        totals["confirmed"] += sum(len(c.outlets) > 1 for c in report.corroboration)
        totals["entities"] += len(report.entities)
        totals["timeline"] += len(report.timeline)
    print(f"{len(clusters)} clusters of {path}")
    print(f"CPU seconds per cluster: mean {sum(times) / len(times):.3f}, max {max(times):.3f}")
    print("found in total: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
