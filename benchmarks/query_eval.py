"""Query-focused summaries on DUC-2004 questions: newsum --query against the same summarizer
without the query and against a query-aware baseline, and whether unanswerable questions are
recognised.

    python benchmarks/query_eval.py [QUERIES.jsonl] [--data CLUSTERS.jsonl] [--words 250]

QUERIES: benchmarks/query/duc2004_queries.jsonl by default (how it was made:
benchmarks/query/README.md). For every answerable question, three 250-word summaries are scored
with ROUGE-2 and ROUGE-SU4 recall against the human answer:

* newsum --query: ``newsum.summarize(cluster, query=...)``;
* newsum without the query (the generic summary of the cluster);
* the query-aware baseline: the cluster's candidate sentences ranked by tf-idf cosine with the
  question (idf over the cluster's sentences), taken in that order while they fit, skipping one
  too close (cosine > 0.5) to one already taken.

p: paired sign-flip randomization test on per-question recall (newsum.evaluate.stats). Then
how many answerable questions newsum answers and how many unanswerable ones it says "not
answered" to.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import newsum
from newsum.evaluate.rouge import score
from newsum.evaluate.stats import paired_test
from newsum.ingest import read_inputs
from newsum.semantic.lexical import cosine, tfidf_vectors
from newsum.summarizer import prepare
from newsum.terms import STOPWORDS, analyze

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = ROOT / "benchmarks" / "query" / "duc2004_queries.jsonl"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "duc2004" / "clusters.jsonl"


def load(queries: Path, data: Path) -> tuple[list[dict], dict]:
    rows = [json.loads(line) for line in queries.read_text("utf-8").splitlines() if line.strip()]
    wanted = {r["cluster"] for r in rows}
    clusters = {c.id: c for c in read_inputs([str(data)]) if c.id in wanted}
    missing = wanted - set(clusters)
    if missing:
        raise SystemExit(f"{queries}: clusters {sorted(missing)} are not in {data}")
    return rows, clusters


def _bag(text: str) -> Counter:
    terms = analyze(text)
    return Counter(s for w, s in zip(terms.words, terms.stems) if w not in STOPWORDS and len(w) > 1)


def baseline(cluster, query: str, words: int) -> list[str]:
    """Sentences ranked by tf-idf cosine with the question, redundancy skipped (see above)."""
    pool = prepare(cluster, budget=newsum.Budget(words=words)).pool
    texts = [c.text for i, c in enumerate(pool.candidates) if pool.eligible[i]]
    vectors = tfidf_vectors([_bag(query)] + [_bag(t) for t in texts])
    order = sorted(range(len(texts)), key=lambda i: -cosine(vectors[0], vectors[i + 1]))
    chosen: list[int] = []
    used = 0
    for i in order:
        length = len(texts[i].split())
        if used + length > words or any(cosine(vectors[i + 1], vectors[j + 1]) > 0.5 for j in chosen):
            continue
        chosen.append(i)
        used += length
    return [texts[i] for i in chosen]


def run(rows: list[dict], clusters: dict, words: int, *, model=None) -> dict:
    """Summaries of every question by the three systems, and newsum's answered decisions."""
    from newsum import query as query_module

    out = {"query": [], "generic": [], "baseline": [], "references": [], "answered": []}
    original = query_module.shipped_model
    if model is not None:
        query_module.shipped_model = lambda: model
    try:
        generic = {}
        for row in rows:
            cluster = clusters[row["cluster"]]
            summary = newsum.summarize(cluster, budget=newsum.Budget(words=words), query=row["query"])
            out["answered"].append((row["answerable"], summary.query.answered, summary.query.score))
            if not row["answerable"]:
                continue
            if cluster.id not in generic:
                generic[cluster.id] = [s.text for s in newsum.summarize(cluster, budget=newsum.Budget(words=words)).sentences]
            out["query"].append([s.text for s in summary.sentences] or [""])
            out["generic"].append(generic[cluster.id])
            out["baseline"].append(baseline(cluster, row["query"], words))
            out["references"].append(row["references"])
    finally:
        query_module.shipped_model = original
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries", nargs="?", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=250)
    args = parser.parse_args()
    rows, clusters = load(args.queries, args.data)
    result = run(rows, clusters, args.words)
    scored = {name: score(result[name], result["references"], words=args.words) for name in ("query", "generic", "baseline")}
    print(f"{sum(r['answerable'] for r in rows)} answerable and {sum(not r['answerable'] for r in rows)} unanswerable "
          f"questions on {len(clusters)} clusters of {args.data}; {args.words} words; {scored['query'].scorer}")
    print(f"{'system':<28}{'R-2':>8}{'R-SU4':>8}{'p R-2':>9}{'p R-SU4':>9}")
    for name, label in (("query", "newsum --query"), ("generic", "newsum without the query"), ("baseline", "query-aware baseline")):
        run_ = scored[name]
        ps = ["—", "—"]
        if name != "query":
            ps = [f"{paired_test([getattr(s, m) for s in scored['query'].scores], [getattr(s, m) for s in run_.scores]):.3f}"
                  for m in ("r2", "rsu4")]
        su4 = run_.mean("rsu4")
        print(f"{label:<28}{run_.mean('r2'):>8.2f}{(su4 if su4 is not None else float('nan')):>8.2f}{ps[0]:>9}{ps[1]:>9}")
    answerable = [(a, s) for k, a, s in result["answered"] if k]
    unanswerable = [(a, s) for k, a, s in result["answered"] if not k]
    print(f"answered {sum(a for a, _ in answerable)} of {len(answerable)} answerable questions; "
          f"said 'not answered' to {sum(not a for a, _ in unanswerable)} of {len(unanswerable)} unanswerable ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
