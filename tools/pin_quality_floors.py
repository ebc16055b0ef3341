"""Measure the quality gate's subset and (re)write its floors: tests/quality/floors.json.

    python tools/pin_quality_floors.py ../shared/data        # prints, changes nothing
    python tools/pin_quality_floors.py ../shared/data --pin  # writes the floors

The gate (tests/test_quality_gate.py) summarizes a small fixed subset of DUC-2004 clusters
from the held-out half and fails the build when ROUGE falls below the pinned floors. Floors
are the measured scores minus MARGIN, rounded down to 0.1: room for harmless changes (a tie
broken differently), none for a regression. Floors go up by re-pinning after an improvement,
never silently down: lowering one is a decision for a reviewed commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

FLOORS = Path(__file__).resolve().parent.parent / "tests" / "quality" / "floors.json"
# Ten clusters of the held-out half (d30026t and later), spread over its topics.
SUBSET = ["d30026t", "d30031t", "d30036t", "d30040t", "d30045t", "d30050t", "d30056t", "d31008t", "d31022t", "d31043t"]
MARGIN = 0.3
METRICS = {"rouge-score": ("r1", "r2"), "rouge-1.5.5": ("r1", "r2", "rsu4")}


def subset_lines(data: Path) -> list[str]:
    wanted = set(SUBSET)
    lines = [line for line in (data / "duc2004" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["id"] in wanted]
    return sorted(lines, key=lambda line: SUBSET.index(json.loads(line)["id"]))


def subset_hash(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def measure(lines: list[str], scorer: str) -> dict[str, float]:
    import newsum
    from newsum.evaluate.rouge import score
    from newsum.ingest.records import cluster_from_record

    clusters = [cluster_from_record(json.loads(line), path="duc2004") for line in lines]
    summarizer = newsum.Summarizer(budget=newsum.Budget(words=100))
    summaries = [[s.text for s in summarizer.summarize(c).sentences] for c in clusters]
    run = score(summaries, [c.references for c in clusters], words=100, scorer=scorer)
    return {metric: run.mean(metric) for metric in METRICS[scorer]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--pin", action="store_true")
    args = parser.parse_args()
    from newsum.evaluate.rouge import available_scorers

    lines = subset_lines(args.data)
    floors = {"subset": SUBSET, "data": "duc2004/clusters.jsonl", "subset_sha256": subset_hash(lines),
              "words": 100, "margin": MARGIN, "floors": {}}
    for scorer in available_scorers():
        if scorer not in METRICS:
            continue  # the gate's clusters are English: the Unicode scorer adds nothing here
        measured = measure(lines, scorer)
        floors["floors"][scorer] = {m: math.floor((v - MARGIN) * 10) / 10 for m, v in measured.items()}
        print(scorer, {m: round(v, 2) for m, v in measured.items()}, "-> floors", floors["floors"][scorer])
    if args.pin:
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
