"""Fit insight's corroboration model and write ``src/newsum/data/corroboration_model.json``.

    python tools/train_corroboration.py                  # sets a-h of tests/insight (and k when present)
    python tools/train_corroboration.py --sets abcdefgh  # only these
    python tools/train_corroboration.py --dry-run        # cross-validation only, nothing written

Every pair of statements (:func:`newsum.insight.corroboration.statements_of`) of different
documents in a labelled cluster is an example: positive when one labelled corroboration group
holds both, negative otherwise (a statement in no group states a fact no other document
carries, tests/insight/README.md). A logistic regression over
:data:`newsum.insight.corroboration.FEATURES` is fitted by Newton's method (tools/logistic.py).
The threshold and the linkage are then chosen on the same training clusters: the pair of
values on a grid that gives the best pairwise F1 of the *groups*, scored as
benchmarks/insight_eval.py scores them (pairs of labelled sentences). The benchmark does not
see a labelled statement grouped with an unlabelled one; "strict precision" counts those as
wrong and is reported beside the cross-validated scores, and ``--strict`` chooses the
threshold by it (cross-validated F1 0.788 against 0.848: the labels are not complete enough
to say how many of those joins are wrong; an open question).

The script first cross-validates by set: for each set, the weights, threshold and linkage are
fitted on the other sets and the held-out set is grouped and scored. Those figures go into
the file beside the command and the data (paths and SHA-256), so the shipped numbers say how
they were measured. Set i (reporting) and set j (held-out test) are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from logistic import fit_logistic  # noqa: E402
from newsum.ingest.records import cluster_from_record  # noqa: E402
from newsum.insight.corroboration import FEATURES, _merge, pair_features, statements_of  # noqa: E402
from provenance import sha256  # noqa: E402

OUT = ROOT / "src" / "newsum" / "data" / "corroboration_model.json"
INSIGHT = ROOT / "tests" / "insight"
#: Never trained or tuned on: i is for reporting, j is the held-out test set.
FORBIDDEN = set("ij")
#: The grid the threshold and the linkage are chosen from: probabilities, even steps in logit.
GRID = tuple(round(float(1 / (1 + np.exp(-x))), 3) for x in np.arange(-4.0, 1.51, 0.25))
THRESHOLDS = LINKAGES = GRID


@dataclass
class Cluster:
    letter: str
    documents: list[str]  # of each statement
    features: np.ndarray  # n x n x features
    label: list[int | None]  # index of the labelled sentence each statement is, or None
    group: list[int]  # labelled group of each labelled sentence
    sentence_doc: list[str]
    true_pairs: set[frozenset[int]]


def load(letter: str) -> list[Cluster]:
    if letter in FORBIDDEN:
        raise SystemExit(f"set {letter} is not for training (i: reporting, j: held-out test)")
    clusters = []
    for line in (INSIGHT / f"clusters_{letter}.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        documents = cluster_from_record(record, path="labels").documents
        groups = record.get("labels", {}).get("corroboration", [])
        universe = [(doc, sentence, g) for g, group in enumerate(groups) for doc, sentence in group["sentences"]]
        statements = statements_of(documents)
        # A statement is the labelled sentence it contains or is contained in
        # (benchmarks/insight_eval.py: evaluate_corroboration).
        label = []
        for s in statements:
            hit = next((k for k, (doc, sentence, _) in enumerate(universe) if doc == s.document_id and (sentence in s.text or s.text in sentence)), None)
            label.append(hit)
        true_pairs = {
            frozenset((a, b)) for a in range(len(universe)) for b in range(a + 1, len(universe))
            if universe[a][2] == universe[b][2] and universe[a][0] != universe[b][0]
        }
        docs = [s.document_id for s in statements]
        clusters.append(Cluster(letter, docs, pair_features([s.text for s in statements], docs), label,
                                [u[2] for u in universe], [u[0] for u in universe], true_pairs))
    return clusters


def examples(clusters: list[Cluster], negatives: str = "all") -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of the pairs of different documents. ``negatives``: "all" pairs,
    pairs with at least "one" labelled statement, or "both" labelled."""
    xs, ys = [], []
    for c in clusters:
        n = len(c.documents)
        for i in range(n):
            for j in range(i + 1, n):
                if c.documents[i] == c.documents[j]:
                    continue
                a, b = c.label[i], c.label[j]
                labelled = (a is not None) + (b is not None)
                if labelled < {"all": 0, "one": 1, "both": 2}[negatives]:
                    continue
                xs.append(c.features[i, j])
                ys.append(1.0 if a is not None and b is not None and c.group[a] == c.group[b] else 0.0)
    return np.array(xs, dtype=np.float64), np.array(ys)


def probabilities(w: np.ndarray, features: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(w[0] + features.astype(np.float64) @ w[1:])))


def score(clusters: list[Cluster], w: np.ndarray, threshold: float, linkage: float, probs=None, *, strict: bool = False) -> tuple[int, int, int]:
    """Found, true and right pairs of labelled sentences, as benchmarks/insight_eval.py counts
    them; ``strict``: a found pair of a labelled and an unlabelled statement (a fact the labels
    say no other document carries) counts as found and wrong too."""
    found_total = true_total = right_total = 0
    for k, c in enumerate(clusters):
        p = probs[k] if probs is not None else probabilities(w, c.features)
        found = set()
        for members in _merge(c.documents, p, threshold, linkage).values():
            if strict:
                labelled = sum(c.label[m] is not None for m in members)
                found_total += labelled * (len(members) - labelled)
            items = sorted({c.label[m] for m in members if c.label[m] is not None})
            for x in range(len(items)):
                for y in range(x + 1, len(items)):
                    if c.sentence_doc[items[x]] != c.sentence_doc[items[y]]:
                        found.add(frozenset((items[x], items[y])))
        found_total += len(found)
        true_total += len(c.true_pairs)
        right_total += len(found & c.true_pairs)
    return found_total, true_total, right_total


def prf(found: int, true: int, right: int) -> tuple[float, float, float]:
    p = right / found if found else 1.0
    r = right / true if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(clusters: list[Cluster], *, l2: float, mask: np.ndarray, negatives: str = "all", strict: bool = False) -> tuple[np.ndarray, float, float]:
    """Weights, threshold and linkage fitted on ``clusters`` (features off in ``mask`` get 0)."""
    x, y = examples(clusters, negatives)
    w = np.zeros(len(FEATURES) + 1)
    fitted = fit_logistic(x[:, mask], y, l2=l2)
    w[0] = fitted[0]
    w[1:][mask] = fitted[1:]
    probs = [probabilities(w, c.features) for c in clusters]
    best = (-1.0, 0.0, 0.0)
    for t in THRESHOLDS:
        for link in LINKAGES:
            if link > t:
                continue
            f1 = prf(*score(clusters, w, float(t), float(link), probs, strict=strict))[2]
            # Ties: the higher threshold and linkage (fewer joins).
            if f1 > best[0] + 1e-9 or (abs(f1 - best[0]) <= 1e-9 and (t, link) > (best[1], best[2])):
                best = (f1, float(t), float(link))
    return w, best[1], best[2]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_sets = "abcdefgh" + "".join(s for s in "klm" if (INSIGHT / f"clusters_{s}.jsonl").exists())
    parser.add_argument("--sets", default=default_sets, help=f"labelled sets to train on (default {default_sets})")
    parser.add_argument("--without", default="", help="comma-separated features to leave out (weight 0)")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--large-cluster-logit", type=float, default=0.0, help="logit added to the threshold at 4x SMALL_CLUSTER statements")
    parser.add_argument("--negatives", choices=("all", "one", "both"), default="all", help="which pairs are negatives")
    parser.add_argument("--strict", action="store_true", help="choose the threshold counting a labelled statement grouped with an unlabelled one as a wrong pair")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    sets = {letter: load(letter) for letter in args.sets}
    without = {f for f in args.without.split(",") if f}
    unknown = without - set(FEATURES)
    if unknown:
        raise SystemExit(f"unknown features {sorted(unknown)}; features are {', '.join(FEATURES)}")
    mask = np.array([f not in without for f in FEATURES])

    cross = {}
    totals = [0, 0, 0]
    for held in sets:
        train = [c for letter, cs in sets.items() if letter != held for c in cs]
        w, t, link = fit(train, l2=args.l2, mask=mask, negatives=args.negatives, strict=args.strict)
        counts = score(sets[held], w, t, link)
        totals = [a + b for a, b in zip(totals, counts)]
        p, r, f1 = prf(*counts)
        strict_p = prf(*score(sets[held], w, t, link, strict=True))[0]
        cross[held] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "strict_precision": round(strict_p, 3), "threshold": t, "linkage": link}
        print(f"held out {held}: P {p:.3f} R {r:.3f} F1 {f1:.3f}  strict P {strict_p:.3f}  (threshold {t}, linkage {link})")
    p, r, f1 = prf(*totals)
    print(f"pooled over held-out sets: P {p:.3f} R {r:.3f} F1 {f1:.3f}; mean F1 {np.mean([v['f1'] for v in cross.values()]):.3f}")

    everything = [c for cs in sets.values() for c in cs]
    w, t, link = fit(everything, l2=args.l2, mask=mask, negatives=args.negatives, strict=args.strict)
    x, y = examples(everything, args.negatives)
    train_p, train_r, train_f1 = prf(*score(everything, w, t, link))
    print("weights: " + ", ".join(f"{name} {v:+.3f}" for name, v in zip(("bias",) + FEATURES, w)))
    print(f"threshold {t}, linkage {link}; training groups P {train_p:.3f} R {train_r:.3f} F1 {train_f1:.3f}")
    if args.dry_run:
        return
    paths = [INSIGHT / f"clusters_{letter}.jsonl" for letter in sets]
    command = "python tools/train_corroboration.py" + "".join(
        f" {flag}" + ("" if value is True else f" {value}") for flag, value, default in (
            ("--sets", args.sets, default_sets), ("--without", args.without, ""), ("--l2", args.l2, 1.0), ("--negatives", args.negatives, "all"), ("--strict", args.strict, False),
            ("--large-cluster-logit", args.large_cluster_logit, 0.0),
        ) if value != default
    )
    model = {
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "threshold": t,
        "linkage": link,
        "large_cluster_logit": args.large_cluster_logit,
        "trained_with": command,
        "data": {"paths": [str(p.relative_to(ROOT)) for p in paths], "sha256": sha256(paths)},
        "pairs": {"same": int(y.sum()), "other": int(len(y) - y.sum())},
        "threshold_from": "grid over threshold x linkage: best pairwise F1 of the groups on the training clusters",
        "train": {"precision": round(train_p, 3), "recall": round(train_r, 3), "f1": round(train_f1, 3)},
        "cross_validated_by_set": cross,
        "cross_validated_pooled": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)},
    }
    args.out.write_text(json.dumps(model, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
