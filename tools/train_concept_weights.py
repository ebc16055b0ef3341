"""Fit the learned concept weights (src/newsum/data/concept_model.json).

    python tools/train_concept_weights.py ../shared/data/duc2003-tdt/clusters.jsonl \
        --small-clusters ../shared/data/multinews-val/clusters.jsonl

Trains on every cluster of DUC-2003 Task 2 (30 TDT clusters, 4 references each: the training
data of the published DUC-2004 systems); DUC-2004 is the test set and is refused here. For
every concept of a cluster (features in
newsum.select.salience.FEATURES) the target is the share of the cluster's human summaries
that contain it. Two L2-regularised logistic regressions (bigrams, unigrams), fitted by
iteratively reweighted least squares: deterministic, no solver options.

With ``--small-clusters MULTINEWS.jsonl``, a second model for small clusters is fitted on
the first 500 clusters of that file (Multi-News validation: 2-10 documents each; the other
500 are held out), with the large-cluster model fixed and blended in as
``newsum.select.salience.large_share`` says: a logistic regression with the large model's
share of the logit as an offset, same L2.

``--cv`` prints leave-one-cluster-out ROUGE on the training clusters for a small grid of the
regularisation strength and ``unigram_weight`` (how they were chosen), and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

import newsum
from newsum.ingest import read_cluster_jsonl
from newsum.select import salience
from newsum.select.salience import FEATURES, LearnedModel, concept_table, concepts_of
from newsum.summarizer import prepare
from newsum.terms import analyze
from provenance import sha256

OUT = Path(__file__).resolve().parent.parent / "src" / "newsum" / "data" / "concept_model.json"
L2 = 3.0  # chosen by --cv (leave-one-cluster-out on the tuning clusters)


#: Test data: never trained on.
FORBIDDEN = ("duc2004",)


def examples(cluster):
    pool = prepare(cluster, budget=newsum.Budget(words=100)).pool
    table = concept_table(pool, unigrams=True)
    references = [concepts_of(analyze(r), unigrams=True) for r in cluster.references]
    concepts = [table.concept(row) for row in range(len(table))]
    target = np.array([sum(c in ref for ref in references) / len(references) for c in concepts])
    return table.features, target, table.unigram, table.documents


def fit(X: np.ndarray, y: np.ndarray, l2: float, iterations: int = 30) -> np.ndarray:
    """L2-regularised logistic regression with fractional targets, by Newton steps (IRLS)."""
    w = np.zeros(X.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-X @ w))
        gradient = X.T @ (p - y) + l2 * w
        hessian = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def fit_with_offset(X: np.ndarray, y: np.ndarray, offset: np.ndarray, l2: float, iterations: int = 30) -> np.ndarray:
    """As :func:`fit`, with a fixed part of the logit (``offset``) that is not fitted."""
    w = np.zeros(X.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(X @ w + offset)))
        gradient = X.T @ (p - y) + l2 * w
        hessian = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


SMALL_TUNING_CLUSTERS = 500


def train_small(clusters, large_bigram: np.ndarray, large_unigram: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """The small-cluster model, fitted under the blend with the large one held fixed."""
    parts = {False: ([], [], []), True: ([], [], [])}
    for cluster in clusters:
        try:
            X, y, unigram, documents = examples(cluster)
        except newsum.NewsumError:
            continue  # a cluster with nothing selectable teaches nothing
        share = salience.large_share(documents)
        for is_unigram, large in ((False, large_bigram), (True, large_unigram)):
            rows = unigram == is_unigram
            parts[is_unigram][0].append((1 - share) * X[rows])
            parts[is_unigram][1].append(y[rows])
            parts[is_unigram][2].append(share * (X[rows] @ large))
    bigram, unigram = (
        fit_with_offset(np.vstack(parts[u][0]), np.concatenate(parts[u][1]), np.concatenate(parts[u][2]), l2)
        for u in (False, True)
    )
    return bigram, unigram


def train(data, l2: float) -> tuple[np.ndarray, np.ndarray]:
    X = np.vstack([d[0] for d in data])
    y = np.concatenate([d[1] for d in data])
    uni = np.concatenate([d[2] for d in data])
    return fit(X[~uni], y[~uni], l2), fit(X[uni], y[uni], l2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--cv", action="store_true", help="print leave-one-cluster-out ROUGE for a grid")
    parser.add_argument("--small-clusters", type=Path, help="Multi-News validation cluster JSONL: also fit the small-cluster model")
    args = parser.parse_args()
    if any(name in str(args.data.resolve()) for name in FORBIDDEN):
        parser.error(f"{args.data} is test data (DUC-2004): train on ../shared/data/duc2003-tdt")
    with args.data.open("rb") as handle:
        clusters = list(read_cluster_jsonl(handle, path=str(args.data)))
    print(f"training on {len(clusters)} clusters: {', '.join(c.id for c in clusters)}", file=sys.stderr)
    data = {c.id: examples(c) for c in clusters}

    if args.cv:
        from newsum.evaluate.rouge import score

        for l2 in (0.3, 1.0, 3.0, 10.0):
            for unigram_weight in (0.0, 0.1, 0.2, 0.3):
                summaries = []
                for held_out in clusters:
                    bigram, unigram = train([data[c.id] for c in clusters if c.id != held_out.id], l2)
                    salience.learned_model.cache_clear()
                    model = LearnedModel(bigram, unigram, {})
                    original = salience.learned_model
                    salience.learned_model = lambda model=model: model  # this fold's model, for this call only
                    try:
                        import newsum.select.concept as concept_module

                        concept_module.learned_model = salience.learned_model
                        summary = newsum.summarize(held_out, budget=100, unigram_weight=unigram_weight)
                    finally:
                        salience.learned_model = original
                        concept_module.learned_model = original
                    summaries.append([s.text for s in summary.sentences])
                run = score(summaries, [c.references for c in clusters], words=100)
                print(f"l2={l2:<5} unigram_weight={unigram_weight:<4} LOO R-1 {run.mean('r1'):.2f} R-2 {run.mean('r2'):.2f} "
                      f"R-SU4 {run.mean('rsu4') or float('nan'):.2f}  ({run.scorer})", flush=True)
        return 0  # cross-validation only: the shipped model is written by a run without --cv

    bigram, unigram = train(list(data.values()), L2)
    provenance = {
        "trained_on": f"{args.data.parent.name}/{args.data.name}, all {len(data)} clusters: " + ", ".join(sorted(data)),
        "data_sha256": sha256([args.data]),
        "target": "share of the cluster's human summaries containing the concept",
        "model": f"logistic regression, L2 = {L2}, IRLS, separate for bigrams and unigrams",
        "examples": int(sum(len(d[1]) for d in data.values())),
        "date": dt.date.today().isoformat(),
        "tool": "tools/train_concept_weights.py",
    }
    small = (None, None, None)
    if args.small_clusters is not None:
        with args.small_clusters.open("rb") as handle:
            small_data = [c for _, c in zip(range(SMALL_TUNING_CLUSTERS), read_cluster_jsonl(handle, path=str(args.small_clusters)))]
        small_bigram, small_unigram = train_small(small_data, bigram, unigram, L2)
        small = (
            small_bigram,
            small_unigram,
            {
                "trained_on": f"the first {len(small_data)} clusters of {args.small_clusters.name} (Multi-News validation), "
                "the rest held out",
                "data_sha256": sha256([args.small_clusters]),
                "target": "share of the cluster's human summaries containing the concept",
                "model": f"logistic regression under the size blend, large-cluster model as a fixed offset, L2 = {L2}",
                "date": dt.date.today().isoformat(),
                "tool": "tools/train_concept_weights.py --small-clusters",
            },
        )
    model = LearnedModel(bigram, unigram, provenance, *small)
    OUT.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    for name, b, u in zip(FEATURES, bigram, unigram):
        print(f"  {name:<11} bigram {b:+.3f}  unigram {u:+.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
