"""Where story grouping loses: the ranking of candidate stories, or the join-or-new decision?

    python benchmarks/grouping_oracle.py [--streams duc2004,duc2003,ecbplus]

Runs the single pass with the shipped model's candidates and ranking, but lets the gold decide:
``decision``: join the model's best candidate exactly when it holds an article of the same
gold story (else start a story); ``candidates``: join any candidate that does. The gap between
these and the real run is what a better join decision (or a better ranking) could win. The
shipped model has seen these streams; the point is the gap, not the level.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from streams import bcubed  # noqa: E402
from train_grouping import load_profiled, run_stream  # noqa: E402

from newsum.semantic.stories import GroupingModel  # noqa: E402
from newsum.stream.grouping import StoryGrouper  # noqa: E402


def oracle(articles, profiles, model: GroupingModel, mode: str) -> dict[str, str]:
    grouper = StoryGrouper(model=model)
    gold_of: dict[str, set[str]] = {}
    found = {}
    for article, profile in zip(articles, profiles):
        profile = copy.copy(profile)
        grouper.advance(article.date)
        candidates = grouper.candidates(profile)
        target = None
        if candidates:
            if mode == "decision":
                best = candidates[int(np.argmax(model.probabilities(grouper.features(profile, candidates))))]
                target = best if gold_of[best] & article.gold else None
            else:
                target = next((c for c in candidates if gold_of[c] & article.gold), None)
        if target is None:
            target = grouper.new_story()
            gold_of[target] = set()
        grouper.join(target, profile)
        gold_of[target] |= article.gold
        found[article.id] = target
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", default="duc2004,duc2003,ecbplus")
    args = parser.parse_args()
    model = GroupingModel.load()
    for name in args.streams.split(","):
        articles, profiles = load_profiled(name)
        gold = {a.id: a.gold for a in articles}
        for label, found in (("the model", run_stream(articles, profiles, model)),
                             ("oracle join decision", oracle(articles, profiles, model, "decision")),
                             ("oracle among candidates", oracle(articles, profiles, model, "candidates"))):
            p, r, f, pw = bcubed(found, gold)
            print(f"{name:<10} {label:<24} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  pairwise F1 {pw:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
