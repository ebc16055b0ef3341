"""Precision and recall of the insight components on our labelled clusters.

    python benchmarks/insight_eval.py [tests/insight/*.jsonl] [--show]

The clusters and their labels are ours (tests/insight/README.md). For each component:

* conflicts — a found conflict is right when two of its versions match two versions of one
  labelled conflict (same document, the value's words overlap); labelled non-conflicts found
  as conflicts are wrong.
* corroboration — pairwise: every pair of labelled sentences (in different documents) that one
  labelled group holds is a true pair; a found group's pairs count among the labelled
  sentences only (the labels do not list every sentence), precision and recall over pairs.
* quotes — per mention (a quotation in one document): a found mention is right when its words
  match a labelled quotation that names this document as a source (one inside the other, or
  nearly the same words) *and* its speaker is the labelled one; extraction alone (ignoring the
  speaker) is reported beside it. A found quotation inside a labelled non-quote is wrong.

Prints one table; ``--show`` lists the misses and the false finds; ``--only conflicts`` scores one component.
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
from newsum.insight.conflicts import find_conflicts
from newsum.insight.corroboration import corroborate
from newsum.insight.quotes import Speakers, group_quotes, quotes_in

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


def value_matches(text: str, documents: set[str], label: dict) -> bool:
    if not documents & set(label["sources"]):
        return False
    a, b = tokens(text), tokens(label["text"])
    numbers = {t for t in a if any(ch.isdigit() for ch in t)} & {t for t in b if any(ch.isdigit() for ch in t)}
    return bool(numbers) or same_words(text, label["text"]) or bool(set(a) & set(b) - {"on", "the", "a", "of", "at"})


def evaluate_conflicts(record: dict, counts: dict, misses: list, *, find=find_conflicts) -> None:
    cluster = cluster_from_record(record, path="labels")
    labels = record.get("labels", {}).get("conflicts", [])
    found = find(cluster.documents)
    matched_labels = set()
    for conflict in found:
        counts["conflicts_found"] += 1
        versions = [(text, {m.document_id for m in ms}) for text, _, ms in conflict.values]
        hit = None
        for k, label in enumerate(labels):
            used = set()
            for text, docs in versions:
                for v, value in enumerate(label["values"]):
                    if v not in used and value_matches(text, docs, value):
                        used.add(v)
                        break
            if len(used) >= 2:
                hit = k
                break
        if hit is None:
            misses.append(f"{record['id']} FALSE CONFLICT {conflict.kind}: " + " vs ".join(f"{t!r} {sorted(d)}" for t, d in versions))
        else:
            counts["conflicts_right"] += 1
            matched_labels.add(hit)
    for k, label in enumerate(labels):
        counts["conflicts_labelled"] += 1
        if k in matched_labels:
            counts["conflicts_recalled"] += 1
        else:
            misses.append(f"{record['id']} MISSED CONFLICT {label['about']!r}: " + " vs ".join(repr(v["text"]) for v in label["values"]))


def evaluate_corroboration(record: dict, counts: dict, misses: list) -> None:
    cluster = cluster_from_record(record, path="labels")
    groups = record.get("labels", {}).get("corroboration", [])
    universe = [(doc, sentence) for group in groups for doc, sentence in group["sentences"]]
    label_of = {item: g for g, group in enumerate(groups) for item in map(tuple, group["sentences"])}
    true_pairs = {
        frozenset((a, b)) for group in groups for a in map(tuple, group["sentences"]) for b in map(tuple, group["sentences"])
        if a < b and a[0] != b[0]
    }

    def labelled(statement):
        for doc, sentence in universe:
            if doc == statement.document_id and (sentence in statement.text or statement.text in sentence):
                return (doc, sentence)
        return None

    found_pairs = set()
    for group in corroborate(cluster.documents):
        items = [x for x in (labelled(s) for s in group.statements) if x is not None]
        for a in items:
            for b in items:
                if a < b and a[0] != b[0]:
                    found_pairs.add(frozenset((a, b)))
    counts["pairs_found"] += len(found_pairs)
    counts["pairs_true"] += len(true_pairs)
    counts["pairs_right"] += len(found_pairs & true_pairs)
    for pair in found_pairs - true_pairs:
        a, b = sorted(pair)
        misses.append(f"{record['id']} FALSE PAIR {a[0]}: {a[1][:50]!r} ~ {b[0]}: {b[1][:50]!r}")
    for pair in true_pairs - found_pairs:
        a, b = sorted(pair)
        misses.append(f"{record['id']} MISSED PAIR {a[0]}: {a[1][:50]!r} ~ {b[0]}: {b[1][:50]!r}")
    del label_of


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


COMPONENTS = ("quotes", "conflicts", "corroboration")


def score(paths, only=COMPONENTS, *, language: str | None = None) -> tuple[dict[str, int], list[str], int]:
    """Counts of every component over the labelled clusters of ``paths`` (those whose
    ``language`` field is ``language``, when given), the misses, and how many clusters there were."""
    counts: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    clusters = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if language is not None and record.get("language", "en") != language:
                        continue
                    if "quotes" in only:
                        evaluate_quotes(record, counts, misses)
                    if "conflicts" in only:
                        evaluate_conflicts(record, counts, misses)
                    if "corroboration" in only:
                        evaluate_corroboration(record, counts, misses)
                    clusters += 1
    return counts, misses, clusters


def figures(counts: dict[str, int]) -> dict[str, float]:
    """The table's figures: precision, recall (and F1 for corroboration) of each component."""
    def share(a: str, b: str) -> float:
        return counts[a] / counts[b] if counts[b] else 1.0

    p = share("pairs_right", "pairs_found")
    r = share("pairs_right", "pairs_true")
    return {
        "quotes_precision": share("found_right", "found"),
        "quotes_recall": share("expected_right", "expected"),
        "conflicts_precision": share("conflicts_right", "conflicts_found"),
        "conflicts_recall": share("conflicts_recalled", "conflicts_labelled"),
        "corroboration_f1": 2 * p * r / (p + r) if p + r else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=DEFAULT)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--only", choices=COMPONENTS, action="append", help="score only this component (repeatable); default all")
    parser.add_argument("--by-language", action="store_true", help="quotes with speakers per language of the clusters' 'language' field")
    args = parser.parse_args()
    if not args.paths:
        print("no labelled clusters found", file=sys.stderr)
        return 1
    if args.by_language:
        languages = sorted({json.loads(line).get("language", "en") for path in args.paths
                            for line in open(path, encoding="utf-8") if line.strip()})
        print(f"{'language':<10}{'clusters':>9}{'precision':>11}{'recall':>9}{'found':>7}{'labelled':>10}{'extracted P':>13}{'R':>7}   (quotes with speakers; extraction alone)")
        for language in languages:
            counts, _, clusters = score(args.paths, {"quotes"}, language=language)
            print(f"{language:<10}{clusters:>9}{ratio(counts['found_right'], counts['found']):>11}"
                  f"{ratio(counts['expected_right'], counts['expected']):>9}{counts['found']:>7}{counts['expected']:>10}"
                  f"{ratio(counts['found_extracted'], counts['found']):>13}{ratio(counts['expected_extracted'], counts['expected']):>7}")
        return 0
    counts, misses, clusters = score(args.paths, set(args.only or COMPONENTS))
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
    print(
        f"{'conflicts':<30}{ratio(counts['conflicts_right'], counts['conflicts_found']):>10}"
        f"{ratio(counts['conflicts_recalled'], counts['conflicts_labelled']):>10}{counts['conflicts_found']:>8}"
        f"{counts['conflicts_labelled']:>10}"
    )
    p = counts["pairs_right"] / counts["pairs_found"] if counts["pairs_found"] else 0.0
    r = counts["pairs_right"] / counts["pairs_true"] if counts["pairs_true"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"{'corroboration (pairs)':<30}{p:>10.3f}{r:>10.3f}{counts['pairs_found']:>8}{counts['pairs_true']:>10}"
        f"   F1 {f1:.3f}"
    )
    if args.show:
        print()
        for miss in misses:
            print(miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
