"""Fit the same-fact decision of the semantic layer and write ``src/newsum/data/semantic_model.json``.

    python tools/train_same_fact.py                 # the TRAIN half of benchmarks/samefact
    python tools/train_same_fact.py --provisional   # labelled corroboration groups of tests/insight a-h

Positives are pairs labelled "same" (the same fact in other words); "related" and "unrelated"
pairs are negatives. Logistic regression over :data:`newsum.semantic.same_fact.FEATURES` is fitted
by Newton's method (a small L2 penalty keeps it finite when the classes separate); the decision
threshold is the lowest probability at which precision on the training pairs is still at least
``--precision`` (0.90), i.e. the most recall that precision allows. The file records the command,
the data (path and SHA-256), the counts and the training precision and recall, so that every
shipped weight says where it came from. The test half is never read here: benchmarks/same_fact.py
scores it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from logistic import fit_logistic  # noqa: E402
from newsum.semantic.same_fact import FEATURES, SameFact  # noqa: E402
from provenance import sha256  # noqa: E402

OUT = ROOT / "src" / "newsum" / "data" / "semantic_model.json"


def samefact_pairs(half: str) -> tuple[list[tuple[str, str, bool]], Path]:
    from samefact.load import load_pairs, split

    train, test = split(load_pairs())
    chosen = train if half == "train" else test
    data = ROOT / "benchmarks" / "samefact" / "pairs.jsonl"
    return [(p["a_text"], p["b_text"], p["label"] == "same") for p in map(_as_dict, chosen)], data


def _as_dict(pair) -> dict:
    if isinstance(pair, dict):
        return pair
    return {"a_text": pair.a_text, "b_text": pair.b_text, "label": pair.label}


def insight_pairs(sets: str = "abcdefgh") -> tuple[list[tuple[str, str, bool]], list[Path]]:
    """Pairs of labelled statements of different documents: same group = same fact."""
    pairs, paths = [], []
    for letter in sets:
        path = ROOT / "tests" / "insight" / f"clusters_{letter}.jsonl"
        paths.append(path)
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            items = [(g, doc, text) for g, group in enumerate(record.get("labels", {}).get("corroboration", [])) for doc, text in group["sentences"]]
            for x in range(len(items)):
                for y in range(x + 1, len(items)):
                    (ga, da, ta), (gb, db, tb) = items[x], items[y]
                    if da != db:
                        pairs.append((ta, tb, ga == gb))
    return pairs, paths


def feature_matrix(pairs, decider: SameFact) -> np.ndarray:
    return np.array([decider.features(a, b) for a, b, _ in pairs])


def pick_threshold(p: np.ndarray, y: np.ndarray, *, precision: float) -> float:
    """The lowest probability whose decision keeps precision >= ``precision`` (most recall)."""
    best = None
    for cut in np.unique(p)[::-1]:
        said = p >= cut
        right = (said & (y == 1)).sum()
        if right / said.sum() >= precision:
            best = float(cut)
    if best is None:
        raise SystemExit(f"no threshold reaches precision {precision} on the training pairs")
    # Halfway to the next lower score, so that the threshold is not an exact training value.
    lower = p[p < best]
    return round(float((best + lower.max()) / 2) if len(lower) else best, 4)


def precision_recall(said: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    right = int((said & (y == 1)).sum())
    return (right / said.sum() if said.sum() else 1.0), right / max(1, int(y.sum()))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provisional", action="store_true", help="train on tests/insight a-h corroboration labels")
    parser.add_argument("--precision", type=float, default=0.90)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    if args.provisional:
        pairs, paths = insight_pairs()
        data = {"path": "tests/insight/clusters_[a-h].jsonl (corroboration labels, pairs of different documents)", "sha256": sha256(paths)}
        version = "provisional"
    else:
        pairs, path = samefact_pairs("train")
        data = {"path": "benchmarks/samefact/pairs.jsonl, train half (benchmarks/samefact/load.py split)", "sha256": sha256([path])}
        version = dt.date.today().isoformat()
    decider = SameFact()
    x = feature_matrix(pairs, decider)
    y = np.array([1.0 if same else 0.0 for *_, same in pairs])
    w = fit_logistic(x, y)
    p = 1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:])))
    threshold = pick_threshold(p, y, precision=args.precision)
    prec, rec = precision_recall(p >= threshold, y)
    model = {
        "version": version,
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "threshold": threshold,
        "embedder": decider.embedder_.name,
        "trained_with": "python tools/train_same_fact.py" + (" --provisional" if args.provisional else ""),
        "data": data,
        "pairs": {"same": int(y.sum()), "other": int(len(y) - y.sum())},
        "train": {"precision": round(prec, 4), "recall": round(rec, 4), "precision_target": args.precision},
    }
    args.out.write_text(json.dumps(model, indent=2) + "\n", "utf-8")
    print(json.dumps(model, indent=2))


if __name__ == "__main__":
    main()
