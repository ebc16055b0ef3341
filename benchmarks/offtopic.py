"""Off-topic detection against the noisy ``llm_irrelevant_docs`` labels of Multi-News validation.

    python benchmarks/offtopic.py ../shared/data/multinews-val/clusters.jsonl [--show 20]

Prints precision and recall of newsum's flags against the labels, for the first 500 clusters
(where the thresholds were chosen), the last 500 and all, by cluster size; and with --show,
a sample of disagreements (flagged but not labelled, labelled but not flagged) to read.
The labels come from language-model votes on whether a document relates to the human summary:
a document about the same story that the summary happens not to use can be labelled
irrelevant, so precision and recall against them are both underestimates of the truth.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import newsum
from newsum.ingest.records import cluster_from_record
from newsum.summarizer import prepare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many disagreements of each kind")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "docs": 0})
    disagreements: dict[str, list] = {"flagged, not labelled": [], "labelled, not flagged": []}
    for number, row in enumerate(rows):
        cluster = cluster_from_record(row, path=str(args.data))
        labelled = set(row.get("llm_irrelevant_docs") or ())
        try:
            flags = {f.document_id: f for f in prepare(cluster, budget=newsum.Budget(words=250)).offtopic}
        except newsum.NewsumError:
            flags = {}
        half = "first 500 (tuning)" if number < 500 else "last 500"
        size = f"{len(cluster.documents)} documents" if len(cluster.documents) < 5 else "5+ documents"
        for group in (half, "all", size):
            tally = counts[group]
            tally["docs"] += len(cluster.documents)
            tally["tp"] += len(labelled & set(flags))
            tally["fp"] += len(set(flags) - labelled)
            tally["fn"] += len(labelled - set(flags))
        texts = {d.id: d.text for d in cluster.documents}
        for doc in set(flags) - labelled:
            disagreements["flagged, not labelled"].append((cluster.id, doc, flags[doc].reason, texts[doc], row["references"][0]))
        for doc in labelled - set(flags):
            disagreements["labelled, not flagged"].append((cluster.id, doc, "", texts.get(doc, ""), row["references"][0]))

    print(f"{'group':<22} {'docs':>5} {'flagged':>8} {'labelled':>9} {'precision':>10} {'recall':>7}")
    for group in ("first 500 (tuning)", "last 500", "all", "2 documents", "3 documents", "4 documents", "5+ documents"):
        tally = counts.get(group)
        if not tally:
            continue
        flagged, labelled = tally["tp"] + tally["fp"], tally["tp"] + tally["fn"]
        precision = tally["tp"] / flagged if flagged else float("nan")
        recall = tally["tp"] / labelled if labelled else float("nan")
        print(f"{group:<22} {tally['docs']:>5} {flagged:>8} {labelled:>9} {precision:>10.2f} {recall:>7.2f}")
    if args.show:
        rng = random.Random(args.seed)
        for kind, items in disagreements.items():
            print(f"\n== {kind}: {len(items)}, a sample of {min(args.show, len(items))}")
            for cluster_id, doc, reason, text, reference in rng.sample(items, min(args.show, len(items))):
                print(f"- {cluster_id} {doc} {reason}\n    doc: {' '.join(text.split())[:220]}\n    ref: {' '.join(reference.split())[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
