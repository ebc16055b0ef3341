"""Story grouping on labelled streams, each measured with a model trained without it, beside
the naive method.

    python benchmarks/stream_eval.py [--streams duc2004,duc2003,ecbplus,multinews-501-1000]

For each measured stream: the grouping model is trained (tools/train_grouping.py) on the other
training streams, and the single pass runs over the stream in feed order exactly as
``newsum ingest`` runs it (merges and the 90-day close included). Beside it, the naive method
of issue 14: one tf-idf centroid cosine per open story, idf from the whole stream, the 90-day
rule, and one threshold chosen on the same training streams (best mean BCubed F1). Multi-News
clusters 501-1000 are trained on by no model, so both use all training streams there.
Prints extended BCubed precision / recall / F1 and pairwise F1; for DUC-2003 also its 9 topics
that DUC-2004 does not share.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from streams import bcubed, load_stream  # noqa: E402
from train_grouping import TRAINING, load_profiled, run_stream, train  # noqa: E402

from newsum.semantic.lexical import cosine  # noqa: E402
from newsum.semantic.stories import unit  # noqa: E402
from newsum.terms import STOPWORDS, analyze  # noqa: E402

NAIVE_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35)
MEASURED = {
    "duc2004": ("duc2004", {}),
    "duc2003": ("duc2003", {}),
    "ecbplus": ("ecbplus", {}),
    "multinews-501-1000": ("multinews", {"part": "501-1000"}),
}


def naive(articles, threshold: float, close_days: int = 90) -> dict[str, str]:
    """Single pass, tf-idf (idf over the whole stream) centroid cosine, one threshold."""
    bags = []
    for a in articles:
        terms = analyze(f"{a.title} {a.title} {a.text}")
        bags.append(Counter(s for w, s in zip(terms.words, terms.stems) if w not in STOPWORDS and len(w) > 2 and not w[:1].isdigit()))
    df = Counter(t for bag in bags for t in bag)
    n = len(bags)
    vectors = [unit({t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in bag.items()}) for bag in bags]
    stories: list[list] = []  # [total, centroid, last date]
    index: dict[str, set[int]] = {}
    found = {}
    for a, v in zip(articles, vectors):
        candidates = set().union(*(index.get(t, set()) for t in v)) if v else set()
        best, best_score = None, 0.0
        for i in sorted(candidates):
            total, centroid, last = stories[i]
            if a.date and last and (a.date - last).days > close_days:
                continue
            s = cosine(v, centroid)
            if s > best_score:
                best, best_score = i, s
        if best is None or best_score < threshold:
            stories.append([{}, {}, None])
            best = len(stories) - 1
        total = stories[best][0]
        for t, x in v.items():
            total[t] = total.get(t, 0.0) + x
            index.setdefault(t, set()).add(best)
        stories[best][1] = unit(total)
        if a.date:
            stories[best][2] = a.date
        found[a.id] = best
    return found


def gold(articles):
    return {a.id: a.gold for a in articles}


def line(name: str, scores) -> str:
    p, r, f, pw = scores
    return f"  {name:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  pairwise F1 {pw:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", default=",".join(MEASURED))
    args = parser.parse_args()
    quiet = lambda message: None  # noqa: E731
    profiled = {k: load_profiled(k) for k in TRAINING}
    for key in args.streams.split(","):
        name, options = MEASURED[key]
        started = time.perf_counter()
        training = {k: v for k, v in profiled.items() if k != key}
        model = train(training, log=quiet)
        if key in profiled:
            articles, profiles = profiled[key]
        else:
            articles = load_stream(name, **options)
            from newsum.semantic import default_embedder
            from newsum.semantic.stories import profile_article

            profiles = [profile_article(a.title, a.text, a.date, embedder=default_embedder()) for a in articles]
        found = run_stream(articles, profiles, model)
        naive_choice = max(
            NAIVE_THRESHOLDS,
            key=lambda t: sum(bcubed(naive(a, t), gold(a))[2] for a, _ in training.values()),
        )
        baseline = naive(articles, naive_choice)
        stories = len(set().union(*(a.gold for a in articles)))
        print(f"{key}: {len(articles)} articles, {stories} gold stories; trained on {', '.join(training)} "
              f"(join threshold {model.threshold:.2f}; {time.perf_counter() - started:.0f} s)")
        print(line("newsum (learned)", bcubed(found, gold(articles))))
        print(line(f"naive (cosine {naive_choice:.2f}, chosen on training)", bcubed(baseline, gold(articles))))
        if key == "duc2003":
            shared = {g for a in load_stream("duc2004") for g in a.gold}
            own = [a for a in articles if not a.gold & shared]
            print(f"  its {len({g for a in own for g in a.gold})} topics not in DUC-2004 ({len(own)} articles):")
            print(line("  newsum (learned)", bcubed({a.id: found[a.id] for a in own}, gold(own))))
            print(line("  naive", bcubed({a.id: baseline[a.id] for a in own}, gold(own))))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
