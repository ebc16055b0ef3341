"""Precision and recall of the insight components on our labelled clusters.

    python benchmarks/insight_eval.py [tests/insight/*.jsonl] [--show]

The clusters and their labels are ours (tests/insight/README.md). For each component:

* quotes — per mention (a quotation in one document): a found mention is right when its words
  match a labelled quotation that names this document as a source (one inside the other, or
  nearly the same words) *and* its speaker is the labelled one; extraction alone (ignoring the
  speaker) is reported beside it. A found quotation inside a labelled non-quote is wrong.

Prints one table; ``--show`` lists the misses and the false finds.
"""

from __future__ import annotations

import argparse
import difflib
import glob
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from newsum.ingest.records import cluster_from_record
from newsum.coverage.quotes import Speakers, group_quotes, quotes_in

DEFAULT = sorted(glob.glob(str(Path(__file__).resolve().parent.parent / "tests" / "insight" / "*.jsonl")))


def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in re.findall(r"[\w'’]+", text)]


def same_words(a: str, b: str) -> bool:
    x, y = tokens(a), tokens(b)
    if not x or not y:
        return False
    if f" {' '.join(x)} " in f" {' '.join(y)} " or f" {' '.join(y)} " in f" {' '.join(x)} ":
        return True
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.6


def same_speaker(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.strip().lower() == b.strip().lower()


def evaluate_quotes(record: dict, counts: dict, misses: list) -> None:
    cluster = cluster_from_record(record, path="labels")
    labels = record.get("labels", {})
    speakers = Speakers(d.text for d in cluster.documents)
    mentions = [m for d in cluster.documents for m in quotes_in(d, speakers)]
    group_quotes(mentions)  # the grouping step must run on every cluster without error
    expected = [(doc, q["text"], q["speaker"]) for q in labels.get("quotes", []) for doc in q["sources"]]
    matched_expected = set()
    for m in mentions:
        hits = [k for k, (doc, text, _) in enumerate(expected) if doc == m.document_id and same_words(text, m.text)]
        counts["found"] += 1
        if hits:
            counts["found_extracted"] += 1
            right = [k for k in hits if same_speaker(expected[k][2], m.speaker)]
            if right:
                counts["found_right"] += 1
                matched_expected.update(right)
            else:
                misses.append(f"{record['id']} WRONG SPEAKER {m.speaker!r} (label {expected[hits[0]][2]!r}): {m.text[:70]!r}")
            matched_expected.update(f"x{k}" for k in hits)
        else:
            non_quote = any(same_words(n, m.text) for n in labels.get("non_quotes", []))
            misses.append(f"{record['id']} FALSE{' (non-quote)' if non_quote else ''} {m.document_id}: {m.speaker!r}: {m.text[:70]!r}")
    for k, (doc, text, speaker) in enumerate(expected):
        counts["expected"] += 1
        if f"x{k}" in matched_expected:
            counts["expected_extracted"] += 1
        if k in matched_expected:
            counts["expected_right"] += 1
        else:
            misses.append(f"{record['id']} MISSED {doc}: {speaker!r}: {text[:70]!r}")


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=DEFAULT)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    if not args.paths:
        print("no labelled clusters found", file=sys.stderr)
        return 1
    counts: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    clusters = 0
    for path in args.paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    evaluate_quotes(json.loads(line), counts, misses)
                    clusters += 1
    print(f"{clusters} labelled clusters from {len(args.paths)} files")
    print(f"{'component':<30}{'precision':>10}{'recall':>10}{'found':>8}{'labelled':>10}")
    print(
        f"{'quotes with speakers':<30}{ratio(counts['found_right'], counts['found']):>10}"
        f"{ratio(counts['expected_right'], counts['expected']):>10}{counts['found']:>8}{counts['expected']:>10}"
    )
    print(
        f"{'quotes, extraction only':<30}{ratio(counts['found_extracted'], counts['found']):>10}"
        f"{ratio(counts['expected_extracted'], counts['expected']):>10}{counts['found']:>8}{counts['expected']:>10}"
    )
    if args.show:
        print()
        for miss in misses:
            print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
