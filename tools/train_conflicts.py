"""Fit the conflict engine's same-thing model and write ``src/newsum/data/conflict_model.json``.

    python tools/train_conflicts.py                  # train on the development sets (a-h, k, l, m)
    python tools/train_conflicts.py --sets abcdefgh  # other sets
    python tools/train_conflicts.py --dry-run        # cross-validate and print, write nothing

Rows are the pairs of counts, amounts and days of different documents of a labelled cluster
(tests/insight) that no explaining rule vetoes (:func:`engine.explaining_rules`: an update,
an estimate, a part and its total, values that agree ...), with :data:`same_thing.FEATURES`.
A pair is positive when its two values match two different versions of one labelled conflict
(the matching of benchmarks/insight_eval.py), negative otherwise. Logistic regression
(tools/logistic.py). The threshold is chosen on the whole engine as the benchmark scores it
(conflicts found vs labelled, benchmarks/insight_eval.py), each set run with the weights fitted
without it (leave one set out): the lowest of :data:`THRESHOLDS` whose precision is at least
``--precision`` (a false conflict is worse than a missed one). The file records the command, the sets with
their SHA-256, the counts and the cross-validated figures. The held-out sets (i, j) are never
read here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from insight_eval import evaluate_conflicts, value_matches  # noqa: E402
from logistic import fit_logistic  # noqa: E402
from newsum.ingest.records import cluster_from_record  # noqa: E402
from newsum.insight.conflicts import find_conflicts  # noqa: E402
from newsum.insight.conflicts.engine import Pairing, _pairs, explaining_rules  # noqa: E402
from newsum.insight.conflicts.same_thing import FEATURES, SameThingModel, features  # noqa: E402
from provenance import sha256  # noqa: E402

OUT = ROOT / "src" / "newsum" / "data" / "conflict_model.json"
HELD_OUT = set("ij")
#: Thresholds tried, lowest first: the lowest whose cross-validated precision reaches
#: ``--precision`` is kept (the most recall that precision allows).
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def _matches(a, b, conflict: dict) -> bool:
    values = conflict["values"]
    return any(
        x != y and value_matches(a.text, {a.document_id}, va) and value_matches(b.text, {b.document_id}, vb)
        for x, va in enumerate(values) for y, vb in enumerate(values)
    )


def rows_of(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of one labelled file."""
    x: list[list[float]] = []
    y: list[bool] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        labelled = list(record.get("labels", {}).get("conflicts", []))  # "Gate 4" / "Gate 7": any kind
        cluster = cluster_from_record(record, path=str(path))
        pairing = Pairing(cluster.documents, None)
        for a, b in _pairs(pairing):
            if any(rule(a, b, pairing) is not None for rule in explaining_rules(a, b, pairing)):
                continue
            x.append(features(a, b, pairing))
            y.append(any(_matches(a, b, c) for c in labelled))
    return np.array(x, dtype=float).reshape(-1, len(FEATURES)), np.array(y, dtype=bool)


def precision_recall(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    chosen = p >= threshold
    right = int((chosen & y).sum())
    return (right / chosen.sum() if chosen.sum() else 1.0), (right / y.sum() if y.sum() else 0.0)


def _probabilities(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:]))) if len(x) else np.zeros(0)


def conflict_level(paths: dict[str, Path], model_by_set: dict[str, SameThingModel]) -> dict[str, dict[str, int]]:
    """Each set scored by the benchmark with the model that did not see it."""
    scores = {}
    for letter, path in paths.items():
        counts: dict[str, int] = defaultdict(int)
        misses: list[str] = []
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                evaluate_conflicts(json.loads(line), counts, misses, find=lambda docs: find_conflicts(docs, model=model_by_set[letter]))
        scores[letter] = dict(counts)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="abcdefghklm", help="letters of tests/insight/clusters_<letter>.jsonl to train on")
    parser.add_argument("--precision", type=float, default=0.90, help="the precision the threshold must keep (default: the bar of the insight issue)")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    if set(args.sets) & HELD_OUT:
        parser.error(f"sets {sorted(set(args.sets) & HELD_OUT)} are held out for reporting; do not train on them")
    paths = {}
    for letter in args.sets:
        path = ROOT / "tests" / "insight" / f"clusters_{letter}.jsonl"
        if path.exists():
            paths[letter] = path
        else:
            print(f"skipping set {letter}: {path} does not exist", file=sys.stderr)
    data = {letter: rows_of(path) for letter, path in paths.items()}
    fold_weights: dict[str, np.ndarray] = {}
    predictions, truths = [], []
    for letter, (x, y) in data.items():  # leave one set out: no prediction by a model that saw its set
        train_x = np.vstack([d[0] for k, d in data.items() if k != letter])
        train_y = np.concatenate([d[1] for k, d in data.items() if k != letter])
        fold_weights[letter] = fit_logistic(train_x, train_y.astype(float), l2=args.l2)
        predictions.append(_probabilities(fold_weights[letter], x))
        truths.append(y)
    p, y = np.concatenate(predictions), np.concatenate(truths)
    print(f"{len(y)} pairs, {int(y.sum())} positive; cross-validated pairs at 0.5: "
          "precision {:.3f}, recall {:.3f}".format(*precision_recall(p, y, 0.5)))
    w = fit_logistic(np.vstack([d[0] for d in data.values()]), np.concatenate([d[1] for d in data.values()]).astype(float), l2=args.l2)
    for name, weight in zip(("bias", *FEATURES), w):
        print(f"    {name:<20}{weight:+.3f}")
    # The threshold, on the engine as the benchmark scores it (conflicts, after every rule and
    # the merging of versions), each set run with the weights that did not see it.
    chosen = None
    for threshold in THRESHOLDS:
        by_set = {letter: SameThingModel(tuple(weights), threshold) for letter, weights in fold_weights.items()}
        total: dict[str, int] = defaultdict(int)
        for counts in conflict_level(paths, by_set).values():
            for k, v in counts.items():
                total[k] += v
        precision = total["conflicts_right"] / max(1, total["conflicts_found"])
        recall = total["conflicts_recalled"] / max(1, total["conflicts_labelled"])
        print(f"  threshold {threshold:.2f}: cross-validated conflicts precision {precision:.3f} recall {recall:.3f} "
              f"({total['conflicts_found']} found, {total['conflicts_labelled']} labelled)")
        if chosen is None and precision >= args.precision:
            chosen = (threshold, precision, recall)
    if chosen is None:
        print(f"no threshold reaches precision {args.precision}; taking the highest", file=sys.stderr)
        chosen = (THRESHOLDS[-1], precision, recall)
    threshold, cv_precision, cv_recall = chosen
    print(f"chosen threshold {threshold:.2f}: precision {cv_precision:.3f}, recall {cv_recall:.3f}")
    if args.dry_run:
        return 0
    document = {
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "threshold": threshold,
        "made_by": "python tools/train_conflicts.py " + " ".join(sys.argv[1:]),
        "made_on": dt.date.today().isoformat(),
        "data": {letter: {"path": str(path.relative_to(ROOT)), "sha256": sha256([path])}
                 for letter, path in paths.items()},
        "threshold_rule": f"lowest of {list(THRESHOLDS)} with leave-one-set-out conflict precision >= {args.precision}",
        "cross_validated": {"pairs": int(len(y)), "positive": int(y.sum()),
                            "conflicts": {"precision": round(cv_precision, 3), "recall": round(cv_recall, 3)}},
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
