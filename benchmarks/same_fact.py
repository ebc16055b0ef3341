"""How well the semantic layer tells "same fact, other words" from related and unrelated pairs.

    python benchmarks/same_fact.py              # benchmarks/samefact pairs: train and test halves
    python benchmarks/same_fact.py --insight    # corroboration labels: tests/insight a-h vs i

Positives are pairs labelled "same"; "related" and "unrelated" are negatives. Three deciders,
each on both halves:

* the shipped decision (``SameFact()``: data/semantic_model.json, its weights and threshold);
* the old lexical rule newsum used for "same content" (containment >= 0.8 and Jaccard >= 0.5
  of content stems; :func:`newsum.semantic.same_wording`);
* the embedding cosine alone, its threshold picked on the train half for >= 0.90 precision
  (the same rule the training script uses), applied unchanged to the test half.

The test half was never seen by tools/train_same_fact.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
sys.path.insert(0, str(HERE))

from train_same_fact import insight_pairs, pick_threshold, precision_recall, samefact_pairs  # noqa: E402

from newsum.semantic import SameFact, same_wording  # noqa: E402
from newsum.terms import analyze  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--insight", action="store_true", help="tests/insight corroboration labels instead of benchmarks/samefact")
    args = parser.parse_args(argv)
    if args.insight:
        halves = {"train (insight a-h)": insight_pairs("abcdefgh")[0], "test (insight i)": insight_pairs("i")[0]}
    else:
        halves = {"train": samefact_pairs("train")[0], "test": samefact_pairs("test")[0]}
    decider = SameFact()
    model = decider.model_
    print(f"model {model.version}: weights {list(model.weights)}, threshold {decider.threshold_}")
    features = {name: np.array([decider.features(a, b) for a, b, _ in pairs]) for name, pairs in halves.items()}
    labels = {name: np.array([1 if same else 0 for *_, same in pairs]) for name, pairs in halves.items()}
    train_name = next(iter(halves))
    cosine_cut = pick_threshold(features[train_name][:, 0], labels[train_name], precision=0.90)
    rows = []
    for name, pairs in halves.items():
        x, y = features[name], labels[name]
        shipped = model.probabilities(x) >= decider.threshold_
        lexical = np.array([same_wording(analyze(a).content, analyze(b).content) for a, b, _ in pairs])
        embedding = x[:, 0] >= cosine_cut
        for decider_name, said in (
            ("shipped (embedding + tf-idf + containment)", shipped),
            ("old lexical rule (contain>=0.8 & jaccard>=0.5)", lexical),
            (f"embedding cosine >= {cosine_cut:.3f}", embedding),
        ):
            p, r = precision_recall(said, y)
            rows.append((name, decider_name, p, r, int(said.sum()), int(y.sum()), len(y)))
    print(f"{'half':<20}{'decider':<50}{'precision':>10}{'recall':>8}{'said':>6}{'same':>6}{'pairs':>7}")
    for name, decider_name, p, r, said, same, n in rows:
        print(f"{name:<20}{decider_name:<50}{p:>10.3f}{r:>8.3f}{said:>6}{same:>6}{n:>7}")


if __name__ == "__main__":
    main()
