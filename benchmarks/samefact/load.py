"""Load the same-fact sentence pairs (offsets only) and fill in their texts from ../shared/data.

    from benchmarks.samefact.load import load_pairs, split   # or import by path
    pairs = load_pairs()              # each pair gets "a_text" and "b_text"
    train, test = split(pairs)        # odd ids / even ids

`python benchmarks/samefact/load.py` prints counts per set, label and stratum for each half.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = {
    "duc2003-tdt": "duc2003-tdt/clusters.jsonl",
    "multinews-val": "multinews-val/clusters.jsonl",
    "ecbplus-dev": "ecbplus-dev/articles.jsonl",
}


def _texts(data: Path, sets: set[str]) -> dict[tuple[str, str], str]:
    """(set, document id) -> document text, for the sets that are needed."""
    texts: dict[tuple[str, str], str] = {}
    for name in sets:
        path = data / FILES[name]
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing (the data lives in ../shared/data)")
        with open(path, encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line)
                if name == "ecbplus-dev":
                    texts[(name, obj["id"])] = obj["text"]
                else:
                    for d in obj["documents"]:
                        texts[(name, d["id"])] = d["text"]
    return texts


def _sha10(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def load_pairs(path=None, data=None) -> list[dict]:
    """Read pairs.jsonl and return the pairs with "a_text" and "b_text" filled in.

    path: the pairs file (default: pairs.jsonl next to this file).
    data: the shared data folder (default: <repo>/../shared/data).
    Raises ValueError naming the pair if a sentence's sha1 does not match the data.
    """
    path = Path(path) if path else HERE / "pairs.jsonl"
    data = Path(data) if data else DEFAULT_DATA
    with open(path, encoding="utf-8") as f:
        pairs = [json.loads(line) for line in f if line.strip()]
    texts = _texts(data, {p["set"] for p in pairs})
    out = []
    for p in pairs:
        p = dict(p)
        for side in ("a", "b"):
            ref = p[side]
            doc = texts.get((p["set"], ref["doc"]))
            if doc is None:
                raise ValueError(f"pair {p['id']}: document {ref['doc']} not found in {p['set']}")
            sent = doc[ref["start"]:ref["end"]]
            if _sha10(sent) != ref["sha1"]:
                raise ValueError(f"pair {p['id']}: sha1 of sentence {side} does not match "
                                 f"({ref['doc']} {ref['start']}:{ref['end']})")
            p[f"{side}_text"] = sent
        out.append(p)
    return out


def split(pairs: list[dict]) -> tuple[list[dict], list[dict]]:
    """Deterministic halves: train = odd id numbers (p0001, p0003, ...), test = even."""
    train = [p for p in pairs if int(p["id"][1:]) % 2 == 1]
    test = [p for p in pairs if int(p["id"][1:]) % 2 == 0]
    return train, test


def _table(pairs: list[dict]) -> str:
    labels = ["same", "related", "unrelated"]
    lines = [f"  {'':20}" + "".join(f"{x:>10}" for x in labels + ["total"])]
    for key, vals in (("set", sorted({p["set"] for p in pairs})), ("stratum", "abcd")):
        for v in vals:
            c = Counter(p["label"] for p in pairs if p[key] == v)
            lines.append(f"  {key + ' ' + v:20}" + "".join(f"{c[x]:>10}" for x in labels)
                         + f"{sum(c.values()):>10}")
    c = Counter(p["label"] for p in pairs)
    lines.append(f"  {'all':20}" + "".join(f"{c[x]:>10}" for x in labels) + f"{len(pairs):>10}")
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    pairs = load_pairs(argv[0] if argv else None)
    train, test = split(pairs)
    print(f"{len(pairs)} pairs, all sha1 checks passed")
    for name, half in (("train (odd ids)", train), ("test (even ids)", test)):
        print(f"\n{name}: {len(half)} pairs")
        print(_table(half))
    return 0


if __name__ == "__main__":
    sys.exit(main())
