"""Measure insight on every labelled set and (re)write the floors: tests/insight/floors.json.

    python tools/pin_insight_floors.py         # prints, changes nothing
    python tools/pin_insight_floors.py --pin   # writes the floors

tests/test_insight_floors.py fails the build when a figure of a set (quotes with speakers P/R,
conflicts P/R, corroboration pairwise F1; benchmarks/insight_eval.py) falls below its floor.
Floors are the measured figures minus MARGIN, rounded down to 0.01: room for a harmless
change (a tie broken differently), none for a regression. They go up by re-pinning after an
improvement, never silently down: lowering one is a decision for a reviewed commit. The held-
out sets are gated too (they guard against regressions; no weight is fitted on them).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from provenance import sha256

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

FLOORS = ROOT / "tests" / "insight" / "floors.json"
MARGIN = 0.02


def labelled_sets() -> dict[str, Path]:
    return {p.stem.removeprefix("clusters_"): p for p in sorted((ROOT / "tests" / "insight").glob("clusters_*.jsonl"))}


def measure(path: Path) -> dict[str, float]:
    from insight_eval import figures, score

    counts, _, _ = score([str(path)])
    measured = figures(counts)
    # A set gates only what it labels: a set of quotation labels alone (ml) says nothing about
    # conflicts or corroboration, whose figures over no labels are vacuous.
    labelled = {"quotes": counts["expected"], "conflicts": counts["conflicts_labelled"], "corroboration": counts["pairs_true"]}
    return {k: v for k, v in measured.items() if labelled[k.split("_")[0]]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pin", action="store_true", help="write tests/insight/floors.json")
    args = parser.parse_args()
    floors = {}
    for name, path in labelled_sets().items():
        measured = measure(path)
        floors[name] = {
            "sha256": sha256([path]),
            "floors": {k: max(0.0, math.floor((v - MARGIN) * 100) / 100) for k, v in measured.items()},
        }
        print(name, " ".join(f"{k} {v:.3f}" for k, v in measured.items()))
    if args.pin:
        FLOORS.write_text(json.dumps({"made_by": "python tools/pin_insight_floors.py --pin", "margin": MARGIN, "sets": floors}, indent=1) + "\n")
        print(f"wrote {FLOORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
