"""Train the story-grouping model (src/newsum/data/grouping_model.json) from labelled streams.

    python tools/train_grouping.py                          # the shipped model, all training streams
    python tools/train_grouping.py --leave-out duc2004 -o /tmp/no-duc2004.json

1. Each training stream (benchmarks/streams.py: DUC-2004, DUC-2003 TDT, ECB+, Multi-News
   validation clusters 1-500 pooled) is fed in its order through the grouper's own code with
   gold teacher forcing: every article is scored against the open stories the grouper would
   consider (its candidates, plus its gold story), labelled "belongs" or not, then added to
   its gold story. Candidates are the stories that share its strongest terms or lie nearest
   by embedding, so the negatives are the hard ones (same subject, other event).
2. A logistic regression (Newton's method, L2 1e-2, standardised features) is fitted on all
   examples pooled.
3. The join threshold is chosen by running the real single pass (no gold) on each training
   stream for a grid of thresholds and taking the best mean BCubed F1: gold-built stories are
   cleaner than the ones an online pass builds, and a threshold fitted on them joins too
   readily (measured: probabilities of 0.5 merge DUC stories wholesale).

Only numpy is needed. The data stays in ../shared/data; the model file records the streams,
their sizes and this command.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "src"))

from logistic import fit_logistic  # noqa: E402
from streams import Article, bcubed, load_stream  # noqa: E402

from newsum.semantic import default_embedder  # noqa: E402
from newsum.semantic.stories import STORY_FEATURES, GroupingModel, profile_article  # noqa: E402
from newsum.stream.grouping import StoryGrouper  # noqa: E402

#: The training streams: (name, load_stream options).
TRAINING = {
    "duc2004": {},
    "duc2003": {},
    "ecbplus": {},
    "multinews-1-500": {"name": "multinews", "part": "1-500"},
}
THRESHOLDS = (0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.25, 0.3, 0.35, 0.4)
L2 = 1e-2


def load_profiled(key: str) -> tuple[list[Article], list]:
    """A training stream's articles and their profiles (idf-free, so computed once)."""
    options = dict(TRAINING.get(key, {}))
    name = options.pop("name", key)
    articles = load_stream(name, **options)
    embedder = default_embedder()
    profiles = [profile_article(a.title, a.text, a.date, embedder=embedder) for a in articles]
    return articles, profiles


def _placeholder_model() -> GroupingModel:
    n = len(STORY_FEATURES)
    return GroupingModel((0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.5)


def examples(articles: list[Article], profiles: list) -> tuple[np.ndarray, np.ndarray]:
    """Teacher-forced (features, belongs) rows for one stream."""
    grouper = StoryGrouper(model=_placeholder_model())
    rows: list[list[float]] = []
    labels: list[int] = []
    for article, profile in zip(articles, profiles):
        profile = copy.copy(profile)
        grouper.advance(article.date)
        candidates = grouper.candidates(profile)
        open_gold = [g for g in sorted(article.gold) if g in grouper.stories]
        candidates += [g for g in open_gold if g not in candidates]
        if candidates:
            rows += grouper.features(profile, candidates)
            labels += [int(c in article.gold) for c in candidates]
        target = open_gold[0] if open_gold else sorted(article.gold)[0]
        if target not in grouper.stories:
            grouper.new_story(target)
        grouper.join(target, profile)
    return np.asarray(rows, dtype=float), np.asarray(labels, dtype=float)


def run_stream(articles: list[Article], profiles: list, model: GroupingModel) -> dict[str, str]:
    """The single pass as ``newsum ingest`` runs it: article id -> story id (merges resolved)."""
    grouper = StoryGrouper(model=model)
    story_of: dict[str, str] = {}
    alias: dict[str, str] = {}
    for article, profile in zip(articles, profiles):
        assignment = grouper.add_article(copy.copy(profile))
        for gone, kept in assignment.merged:
            alias[gone] = kept
        story_of[article.id] = assignment.story_id

    def resolve(story: str) -> str:
        while story in alias:
            story = alias[story]
        return story

    return {a: resolve(s) for a, s in story_of.items()}


def score(articles: list[Article], found: dict[str, str]) -> tuple[float, float, float, float]:
    return bcubed(found, {a.id: a.gold for a in articles})


def train(streams: dict[str, tuple[list[Article], list]], *, log=print) -> GroupingModel:
    xs, ys = [], []
    for key, (articles, profiles) in streams.items():
        x, y = examples(articles, profiles)
        log(f"  {key}: {len(articles)} articles, {len(x)} candidate pairs, {int(y.sum())} positive")
        xs.append(x)
        ys.append(y)
    x, y = np.vstack(xs), np.concatenate(ys)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    w = fit_logistic((x - mean) / scale, y, l2=L2)
    weights, bias = w[1:], float(w[0])
    model = GroupingModel(tuple(mean), tuple(scale), tuple(weights), bias, 0.5)
    best, best_f1 = None, -1.0
    for threshold in THRESHOLDS:
        candidate = model.with_threshold(threshold)
        f1s = [score(a, run_stream(a, p, candidate))[2] for a, p in streams.values()]
        mean_f1 = float(np.mean(f1s))
        log(f"  threshold {threshold:.2f}: mean BCubed F1 {mean_f1:.3f} (" + ", ".join(f"{f:.3f}" for f in f1s) + ")")
        if mean_f1 > best_f1:
            best, best_f1 = threshold, mean_f1
    about = {
        "trained_on": {k: len(a) for k, (a, _) in streams.items()},
        "training_mean_bcubed_f1": round(best_f1, 4),
        "examples": int(len(x)),
        "positives": int(y.sum()),
        "l2": L2,
        "embedder": default_embedder().name,
        "made": dt.date.today().isoformat(),
        "command": "python tools/train_grouping.py" + "".join(f" --leave-out {k}" for k in TRAINING if k not in streams),
    }
    return GroupingModel(tuple(mean), tuple(scale), tuple(weights), bias, best, STORY_FEATURES, about)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leave-out", action="append", default=[], choices=sorted(TRAINING))
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "src" / "newsum" / "data" / "grouping_model.json")
    args = parser.parse_args()
    streams = {k: load_profiled(k) for k in TRAINING if k not in args.leave_out}
    model = train(streams, log=lambda m: print(m, file=sys.stderr))
    args.output.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: threshold {model.threshold}, " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(STORY_FEATURES, model.weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
