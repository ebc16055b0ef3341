"""Story grouping on real news: the 500 DUC-2004 documents as one stream, in date order.

    python benchmarks/stream_duc.py [--sweep]

The gold story of a document is its DUC cluster. Prints BCubed precision / recall / F1 and
pairwise F1 for the tuning half (clusters d30001-d30025), the other half, and all 50, for
the grouping as shipped (``--sweep``: for a range of join thresholds, on the tuning half).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from newsum.stream.grouping import JOIN_SIMILARITY, StoryGrouper

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "duc2004" / "clusters.jsonl"


def load(path: Path) -> list[tuple[str, frozenset[str], str, dt.date]]:
    """(document id, gold stories, text, date), one per document, sorted by (date, id). 11 of
    the 500 documents are in two DUC clusters: they are one article of the stream, and either
    story counts as right for it (extended BCubed, Amigo et al. 2009)."""
    docs: dict[str, list] = {}
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        for doc in record["documents"]:
            entry = docs.setdefault(doc["id"], [doc["id"], set(), doc["text"], dt.date.fromisoformat(doc["date"][:10])])
            entry[1].add(record["id"])
    return sorted(((d, frozenset(g), t, day) for d, g, t, day in docs.values()), key=lambda d: (d[3], d[0]))


def group(docs, **options) -> dict[str, str]:
    grouper = StoryGrouper(**options)
    story_of: dict[str, str] = {}
    alias: dict[str, str] = {}

    def resolve(story: str) -> str:
        while story in alias:
            story = alias[story]
        return story

    for doc_id, _, text, date in docs:
        assignment = grouper.add(None, text, date)
        for gone, kept in assignment.merged:
            alias[gone] = kept
        story_of[doc_id] = assignment.story_id
    return {d: resolve(s) for d, s in story_of.items()}


def bcubed(found: dict[str, str], gold: dict[str, frozenset[str]]) -> tuple[float, float, float, float]:
    """Extended BCubed precision, recall, F1, and pairwise F1, over the items of ``gold``."""
    items = sorted(gold)
    by_found: dict[str, list[str]] = {}
    for item in items:
        by_found.setdefault(found[item], []).append(item)
    precision = recall = 0.0
    true_pairs = found_pairs = both_pairs = 0
    for item in items:
        same_found = by_found[found[item]]
        same_gold = [j for j in items if gold[item] & gold[j]]
        precision += sum(1 for j in same_found if gold[item] & gold[j]) / len(same_found)
        recall += sum(1 for j in same_gold if found[j] == found[item]) / len(same_gold)
        true_pairs += len(same_gold) - 1
        found_pairs += len(same_found) - 1
        both_pairs += sum(1 for j in same_found if j != item and gold[item] & gold[j])
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall)
    pairwise = 2 * both_pairs / (true_pairs + found_pairs) if true_pairs + found_pairs else 1.0
    return precision, recall, f1, pairwise


def report(name: str, docs, found: dict[str, str]) -> str:
    gold = {d[0]: d[1] for d in docs}
    p, r, f, pw = bcubed(found, gold)
    stories = len({found[d] for d in gold})
    return f"{name:<22} {p:9.3f} {r:9.3f} {f:9.3f} {pw:9.3f} {stories:8d} {len(set().union(*gold.values())):6d}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    docs = load(args.data)
    # The stream is all 500 documents; the halves are scored on their own documents.
    tune = [d for d in docs if min(d[1]) <= "d30025t"]
    rest = [d for d in docs if min(d[1]) > "d30025t"]
    header = f"{'set':<22} {'B3 P':>9} {'B3 R':>9} {'B3 F1':>9} {'pair F1':>9} {'stories':>8} {'gold':>6}"
    if args.sweep:
        print(header)
        for threshold in (0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.22, 0.26):
            print(report(f"tune @ {threshold:.2f}", tune, group(docs, join_similarity=threshold)))
        return 0
    print(f"join similarity {JOIN_SIMILARITY}; one stream of {len(docs)} articles in date order")
    print(header)
    found = group(docs)
    for name, part in (("tune d30001-d30025", tune), ("rest d30026-d31050", rest), ("all 50", docs)):
        print(report(name, part, found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
