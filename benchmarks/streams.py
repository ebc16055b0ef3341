"""Labelled news streams for story grouping, and how a grouping is scored.

    from streams import load_stream, bcubed
    articles = load_stream("duc2004")          # in the order a feed would deliver them

Streams (all under ../shared/data, never copied into the repo):

* ``duc2004``: the 500 DUC-2004 documents (489 distinct), in (date, id) order; a document in
  two clusters is one article, right in either story (extended BCubed).
* ``duc2003``: the 298 DUC-2003 TDT documents, the same way.
* ``duc-pooled``: both, one stream: clusters with the same id are one story (21 TDT topics
  are in both sets) and a document in both sets is one article.
* ``ecbplus``: the 483 ECB+ articles, 21 subjects each covered by two events; no dates, so
  in a seeded random order.
* ``multinews``: the documents of Multi-News validation clusters pooled (``part`` picks
  clusters 1-500 or 501-1000), no dates, seeded random order; a document text that
  appears in two clusters is one article in both stories.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
STREAMS = ("duc2004", "duc2003", "duc-pooled", "ecbplus", "multinews")


@dataclass(frozen=True)
class Article:
    id: str
    gold: frozenset[str]
    title: str
    text: str
    date: dt.date | None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _clusters(path: Path, prefix: str = "") -> dict[str, Article]:
    docs: dict[str, list] = {}
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        for doc in record["documents"]:
            entry = docs.setdefault(doc["id"], [set(), doc.get("title") or "", doc["text"], _date(doc.get("date"))])
            entry[0].add(prefix + record["id"])
    return {d: Article(d, frozenset(g), t, x, day) for d, (g, t, x, day) in docs.items()}


def _dated_order(articles) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date or dt.date.min, a.id))


def load_stream(name: str, *, data: Path = DATA, part: str = "all", seed: int = 0) -> list[Article]:
    """The articles of stream ``name`` in feed order (see the module docstring)."""
    if name == "duc2004":
        return _dated_order(_clusters(data / "duc2004" / "clusters.jsonl").values())
    if name == "duc2003":
        return _dated_order(_clusters(data / "duc2003-tdt" / "clusters.jsonl").values())
    if name == "duc-pooled":
        merged = _clusters(data / "duc2004" / "clusters.jsonl")
        for doc_id, article in _clusters(data / "duc2003-tdt" / "clusters.jsonl").items():
            if doc_id in merged:
                article = Article(doc_id, merged[doc_id].gold | article.gold, article.title, article.text, article.date)
            merged[doc_id] = article
        return _dated_order(merged.values())
    if name == "ecbplus":
        articles = []
        for line in (data / "ecbplus-dev" / "articles.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            articles.append(Article(record["id"], frozenset([record["story"]]), record.get("title") or "", record["text"], None))
        articles.sort(key=lambda a: a.id)
        random.Random(seed).shuffle(articles)
        return articles
    if name == "multinews":
        by_text: dict[str, list] = {}
        for number, line in enumerate((data / "multinews-val" / "clusters.jsonl").open(encoding="utf-8"), start=1):
            if part == "1-500" and number > 500 or part == "501-1000" and number <= 500:
                continue
            record = json.loads(line)
            for doc in record["documents"]:
                if len(doc["text"].split()) < 20:
                    continue
                entry = by_text.setdefault(doc["text"], [f"mn{number}-{doc['id']}", set()])
                entry[1].add(f"mn{number}")
        articles = [Article(i, frozenset(g), "", t, None) for t, (i, g) in by_text.items()]
        articles.sort(key=lambda a: a.id)
        random.Random(seed).shuffle(articles)
        return articles
    raise ValueError(f"unknown stream {name!r}; known: {', '.join(STREAMS)}")


def bcubed(found: dict[str, str], gold: dict[str, frozenset[str]]) -> tuple[float, float, float, float]:
    """Extended BCubed precision, recall, F1 (Amigo et al. 2009: an item in several gold
    stories is right with any item it shares one with) and pairwise F1, over ``gold``'s items."""
    items = sorted(gold)
    by_found: dict[str, list[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in items:
        by_found.setdefault(found[item], []).append(item)
        for g in gold[item]:
            by_gold.setdefault(g, set()).add(item)
    precision = recall = 0.0
    true_pairs = found_pairs = both_pairs = 0
    for item in items:
        same_found = by_found[found[item]]
        same_gold = set().union(*(by_gold[g] for g in gold[item]))
        right = sum(1 for j in same_found if gold[item] & gold[j])
        precision += right / len(same_found)
        recall += sum(1 for j in same_gold if found[j] == found[item]) / len(same_gold)
        true_pairs += len(same_gold) - 1
        found_pairs += len(same_found) - 1
        both_pairs += right - 1
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pairwise = 2 * both_pairs / (true_pairs + found_pairs) if true_pairs + found_pairs else 1.0
    return precision, recall, f1, pairwise
