"""Run one baseline over a cluster JSONL file, as one process (for benchmarks/speed.py).

    python benchmarks/run_method.py lexrank clusters.jsonl [--words 100]

Writes one JSON line per cluster (id, summary sentences) to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys

from newsum.evaluate.baselines import run_baseline
from newsum.ingest import read_inputs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("method")
    parser.add_argument("path")
    parser.add_argument("--words", type=int, default=100)
    args = parser.parse_args()
    for cluster in read_inputs([args.path]):
        sentences = run_baseline(args.method, cluster, words=args.words)
        sys.stdout.write(json.dumps({"id": cluster.id, "sentences": sentences}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
