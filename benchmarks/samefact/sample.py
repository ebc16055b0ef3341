"""Draw candidate sentence pairs for the same-fact benchmark (offsets only).

Usage: python benchmarks/samefact/sample.py OUT.jsonl
Reads ../shared/data (duc2003-tdt, multinews-val, ecbplus-dev; never duc2004), splits
documents into sentences with a simple regex splitter that keeps character offsets, and draws
pairs of sentences from two different documents of one cluster (ECB+: one subject) from four
strata:
  a  high word overlap          (Jaccard of lowercase words >= 0.4)
  b  paraphrase candidates      (Jaccard 0.08-0.4 and WordLlama cosine in the set's top band)
  c  shared names / numbers     (>= 1 shared name or number, Jaccard < 0.2, not in b)
  d  random pairs within a cluster
The output holds candidates (offsets, sha1, stratum, scores); labels are added by hand later.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

SEED = 20240611
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
# Number of candidates to draw per set and stratum (more than needed: some are dropped).
QUOTA = {
    "duc2003-tdt": {"a": 50, "b": 50, "c": 40, "d": 40},
    "multinews-val": {"a": 50, "b": 50, "c": 40, "d": 40},
    "ecbplus-dev": {"a": 25, "b": 25, "c": 20, "d": 20},
}
# A second, separately seeded round of random pairs (stratum d), drawn after a first labelling
# pass showed too few "unrelated" pairs; it is appended after the first round (c0451 on).
EXTRA_D = {"duc2003-tdt": 25, "multinews-val": 25, "ecbplus-dev": 15}
# A third, separately seeded round of paraphrase candidates (stratum b, top 1.5 % cosine and
# Jaccard < 0.35), drawn because the first two rounds held too few differently worded "same"
# pairs; appended after the second round.
EXTRA_B = {"duc2003-tdt": 15, "multinews-val": 15, "ecbplus-dev": 10}
MAX_PER_CLUSTER = {"duc2003-tdt": 8, "multinews-val": 2, "ecbplus-dev": 6}

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by whitespace and a capital,
# a digit-free opening quote, or at a newline.
_END = re.compile(r"""[.!?]+(?:''|"|'|\)|”|’)*(?=\s+(?:[A-Z]|``|"|'|“|‘|\())""")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CAP = re.compile(r"\b[A-Z][a-zA-Z]{2,}\b")
_NUM = re.compile(r"\b\d[\d,.]*\b")
STOP = set("""a an the of to in on at for and or but is are was were be been by with from as that
this it its he she they his her their we you i not no said says say will would could should has
have had do did does which who whom what when where there than then also into over after before
about up out if so more most can may one two new mr mrs ms""".split())


def sentences(text: str):
    """Yield (start, end) of sentences; offsets are into text, whitespace trimmed."""
    for m in re.finditer(r"[^\n]+", text):
        line_start, line = m.start(), m.group()
        cuts = [0] + [e.end() for e in _END.finditer(line)] + [len(line)]
        for s, e in zip(cuts, cuts[1:]):
            seg = line[s:e]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg.rstrip())
            if trail > lead:
                yield line_start + s + lead, line_start + s + trail


def words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def sha10(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def load_set(name: str):
    """Return list of groups: (group id, [(doc id, text, story)])."""
    if name == "ecbplus-dev":
        by_subject = defaultdict(list)
        for line in open(DATA / name / "articles.jsonl", encoding="utf-8"):
            a = json.loads(line)
            by_subject[a["story"].split("-")[0]].append((a["id"], a["text"], a["story"]))
        return sorted(by_subject.items())
    groups = []
    for line in open(DATA / name / "clusters.jsonl", encoding="utf-8"):
        c = json.loads(line)
        bad = set(c.get("llm_irrelevant_docs") or [])
        docs = [(d["id"], d["text"], None) for d in c["documents"] if d["id"] not in bad]
        if len(docs) >= 2:
            groups.append((c["id"], docs))
    return groups


def sent_records(name, groups):
    recs = []
    for gid, docs in groups:
        for doc_id, text, story in docs:
            for s, e in sentences(text):
                t = text[s:e]
                w = words(t)
                if 6 <= len(w) <= 60:
                    recs.append({"group": gid, "doc": doc_id, "story": story, "start": s,
                                 "end": e, "text": t, "words": set(w) - STOP,
                                 "allwords": set(w),
                                 "names": set(_CAP.findall(t[1:])) if name != "multinews-val"
                                 else set(),
                                 "nums": set(_NUM.findall(t))})
    return recs


def main(out: str):
    from wordllama import WordLlama
    import wordllama
    wl = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    rng = random.Random(SEED)
    rng2 = random.Random(SEED + 1)
    rng3 = random.Random(SEED + 2)
    out_rows, extra_rows, extra_b_rows = [], [], []
    for name, quota in QUOTA.items():
        groups = load_set(name)
        recs = sent_records(name, groups)
        emb = np.asarray(wl.embed([r["text"] for r in recs], norm=True), dtype=np.float32)
        # document frequency of content words inside the set, for rare-word "names" (Multi-News
        # is lower-cased, so capitalisation cannot find names there)
        df = defaultdict(int)
        for r in recs:
            for w in r["words"]:
                df[w] += 1
        by_group = defaultdict(list)
        for i, r in enumerate(recs):
            by_group[r["group"]].append(i)
        cands = {"a": [], "b": [], "c": [], "d": []}
        for gid, idx in by_group.items():
            idx = np.array(idx)
            sims = emb[idx] @ emb[idx].T
            rand_pairs = []
            for x in range(len(idx)):
                ri = recs[idx[x]]
                for y in range(x + 1, len(idx)):
                    rj = recs[idx[y]]
                    if ri["doc"] == rj["doc"] or ri["text"] == rj["text"]:
                        continue
                    inter = len(ri["allwords"] & rj["allwords"])
                    jac = inter / len(ri["allwords"] | rj["allwords"])
                    cos = float(sims[x, y])
                    p = (int(idx[x]), int(idx[y]), jac, cos)
                    if jac >= 0.4:
                        cands["a"].append(p)
                    elif jac >= 0.08 and cos >= 0.0:
                        cands["b"].append(p)
                    if jac < 0.2:
                        shared = (ri["names"] & rj["names"]) | (ri["nums"] & rj["nums"])
                        if name == "multinews-val":
                            shared |= {w for w in ri["words"] & rj["words"]
                                       if df[w] <= 20 and len(w) > 3}
                        if shared:
                            cands["c"].append(p)
                    rand_pairs.append(p)
            cands["d"].extend(rng.sample(rand_pairs, min(len(rand_pairs), 30)))
        # b: keep the top band of cosine among the medium-overlap pairs
        bc = sorted(cands["b"], key=lambda p: -p[3])
        thr = bc[max(1, len(bc) // 20)][3]  # top 5 %
        cands["b"] = [p for p in bc if p[3] >= thr]
        # a: weight toward 0.4-0.8 overlap (near-verbatim repeats are easy): cap >= 0.8 at 20 %
        chosen = []
        used_sent = defaultdict(int)
        per_cluster = defaultdict(int)
        seen = set()
        bstrata = set((p[0], p[1]) for p in cands["b"])

        def take(pool, k, stratum, rng=rng):
            rng.shuffle(pool)
            n = 0
            for p in pool:
                if n >= k:
                    break
                i, j = p[0], p[1]
                g = recs[i]["group"]
                key = (min(i, j), max(i, j))
                if key in seen or used_sent[i] >= 1 or used_sent[j] >= 1:
                    continue
                if per_cluster[g] >= MAX_PER_CLUSTER[name]:
                    continue
                if stratum == "c" and key in bstrata:
                    continue
                seen.add(key)
                used_sent[i] += 1
                used_sent[j] += 1
                per_cluster[g] += 1
                chosen.append((p, stratum))
                n += 1
            return n

        hi = [p for p in cands["a"] if p[2] >= 0.8]
        lo = [p for p in cands["a"] if p[2] < 0.8]
        take(hi, quota["a"] // 5, "a")
        take(lo, quota["a"] - quota["a"] // 5, "a")
        for s in "bcd":
            # per-cluster cap is relaxed per stratum so every stratum gets its share
            per_cluster.clear()
            got = take(cands[s], quota[s], s)
            print(name, s, "pool", len(cands[s]), "took", got, file=sys.stderr)
        print(name, "a pool", len(cands["a"]), "b cos thr %.3f" % thr, file=sys.stderr)
        n_first = len(chosen)
        per_cluster.clear()
        take(list(cands["d"]), EXTRA_D[name], "d", rng=rng2)
        n_second = len(chosen)
        per_cluster.clear()
        thr_b = bc[max(1, int(len(bc) * 0.015))][3]
        take([p for p in cands["b"] if p[3] >= thr_b and p[2] < 0.35], EXTRA_B[name], "b",
             rng=rng3)
        for k, ((i, j, jac, cos), s) in enumerate(chosen):
            a, b = recs[i], recs[j]
            row = {"set": name, "cluster": a["story"] if name == "ecbplus-dev" else a["group"],
                   "stratum": s, "jaccard": round(jac, 3), "cos": round(cos, 3)}
            for key, r in (("a", a), ("b", b)):
                d = {"doc": r["doc"], "start": r["start"], "end": r["end"], "sha1": sha10(r["text"])}
                if name == "ecbplus-dev":
                    d["story"] = r["story"]
                row[key] = d
            (out_rows if k < n_first else extra_rows if k < n_second else extra_b_rows
             ).append(row)
    rng.shuffle(out_rows)
    rng2.shuffle(extra_rows)
    rng3.shuffle(extra_b_rows)
    out_rows += extra_rows + extra_b_rows
    with open(out, "w", encoding="utf-8") as f:
        for n, row in enumerate(out_rows, 1):
            row = {"cid": "c%04d" % n, **row}
            f.write(json.dumps(row) + "\n")
    print("wrote", len(out_rows), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/samefact_candidates.jsonl")
