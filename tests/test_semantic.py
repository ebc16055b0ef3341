"""The semantic layer: the same-fact decision (with a fake embedder), its batch APIs against
the one-pair decision, the shared lexical helpers, citations by meaning, and every command
that uses the layer with the real model and no network."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import newsum
from builders import EXAMPLE_JSONL, article, cluster
from newsum.errors import ConfigError
from newsum.semantic import (
    FEATURES,
    SameFact,
    SameFactModel,
    containment,
    cosine,
    jaccard,
    same_wording,
    tfidf_vectors,
)
from newsum.terms import analyze, content_terms

ROOT = Path(__file__).resolve().parents[1]


class FakeEmbedder:
    """Bag of lower-cased words hashed into 64 dimensions: sentences sharing words are close."""

    name = "fake-bag-64"
    dim = 64

    def __init__(self):
        self.calls = 0

    def embed(self, texts, *, language="en"):
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.strip(".,").encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


MODEL = SameFactModel(weights=(-6.0, 4.0, 2.0, 3.0), threshold=0.5, version="test")

SENTENCES = [
    "A fire broke out on Tuesday at the Sorvane chemical plant, killing two workers.",
    "Two workers died when fire broke out at the Sorvane chemical plant on Tuesday.",
    "Mayor Teodor Quill told residents to keep their windows shut.",
    "Residents were told by Mayor Teodor Quill to keep windows shut.",
    "The cause of the fire is not yet known.",
    "Investigators have not yet determined the cause of the fire.",
    "The port closed its container terminal for the day.",
]


def decider(**kw):
    return SameFact(embedder=FakeEmbedder(), model=MODEL, **kw)


def test_shipped_model_says_what_made_it():
    model = SameFactModel.load()
    assert len(model.weights) == len(FEATURES) + 1 and 0 < model.threshold < 1
    assert model.about["features"] == list(FEATURES)
    assert "train_same_fact.py" in model.about["trained_with"] and model.about["data"]["sha256"]


def test_a_model_with_the_wrong_number_of_weights_names_the_fix():
    with pytest.raises(ConfigError, match="train_same_fact"):
        SameFactModel(weights=(1.0, 2.0), threshold=0.5)
    with pytest.raises(ConfigError):
        SameFact(embedder=FakeEmbedder(), model=MODEL, threshold=1.5).same("a b", "a b")


def test_one_pair_features_and_decision():
    same = decider()
    features = same.features(SENTENCES[0], SENTENCES[1])
    assert features.shape == (3,) and all(0 <= f <= 1 + 1e-6 for f in features)
    assert same.same(SENTENCES[0], SENTENCES[0])
    assert same.same(SENTENCES[0], SENTENCES[1])
    assert not same.same(SENTENCES[0], SENTENCES[2])


def test_pairs_decide_exactly_what_one_pair_decides():
    same = decider()
    groups = ["a", "b", "a", "b", "a", "b", "c"]
    expected = {
        (i, j)
        for i, j in itertools.combinations(range(len(SENTENCES)), 2)
        if groups[i] != groups[j] and same.probability(SENTENCES[i], SENTENCES[j]) >= MODEL.threshold
    }
    found = same.pairs(SENTENCES, groups=groups)
    assert {(m.i, m.j) for m in found} == expected and expected
    for m in found:
        assert m.probability == pytest.approx(same.probability(SENTENCES[m.i], SENTENCES[m.j]), abs=1e-5)


def test_matches_decide_exactly_what_one_pair_decides_and_embed_only_what_they_need():
    embedder = FakeEmbedder()
    same = SameFact(embedder=embedder, model=MODEL)
    queries, corpus = SENTENCES[:3:2], SENTENCES
    found = same.matches(queries, corpus, exclude=[[0], [2]])
    for q, query in enumerate(queries):
        expected = {j for j, text in enumerate(corpus) if j != (0, 2)[q] and same.probability(query, text) >= MODEL.threshold}
        assert {m.j for m in found[q]} == expected
        assert [m.probability for m in found[q]] == sorted((m.probability for m in found[q]), reverse=True)
    embedder.calls = 0
    same.matches(["Completely unrelated words here."], corpus)
    assert embedder.calls == 0  # no pair could reach the threshold: nothing was embedded


def test_lexical_helpers():
    a, b = frozenset(content_terms(SENTENCES[4])), frozenset(content_terms(SENTENCES[5]))
    assert 0 < jaccard(a, b) <= containment(a, b) <= 1
    assert same_wording(a, a) and not same_wording(a, b)
    assert containment(frozenset(), a) == 0.0
    vectors = tfidf_vectors([analyze_bag(s) for s in SENTENCES])
    for v in vectors:
        assert cosine(v, v) == pytest.approx(1.0)
    assert cosine(vectors[4], vectors[5]) > cosine(vectors[4], vectors[2])


def analyze_bag(text):
    from collections import Counter

    return Counter(analyze(text).content)


def test_a_summary_cites_every_document_that_states_its_fact_in_other_words():
    fire = "A fire broke out on Tuesday at the Sorvane chemical plant in Port Veldris, killing two workers."
    other = "Two workers died on Tuesday when fire swept through the Sorvane chemical plant in Port Veldris."
    docs = cluster(
        article(fire, "The mayor asked residents of the harbour district to keep their windows shut overnight.", id="a", source="Wire"),
        article("Rescue boats searched the harbour for a missing fisherman all afternoon.", other, id="b", source="Post"),
        article("The museum reopened its east wing after two years of repairs.", id="c", source="Herald"),
    )
    summary = newsum.summarize(docs, budget=newsum.Budget(sentences=1), same_fact=decider(threshold=0.3))
    (sentence,) = summary.sentences
    assert sentence.text == fire and sentence.sources == ("a", "b") and sentence.outlets == ("Wire", "Post")
    own, theirs = sentence.support
    assert (own.document_id, own.start, own.end) == ("a", sentence.start, sentence.end)
    assert docs.documents[1].text[theirs.start : theirs.end] == other


# -- no network: every command that uses the layer, with the real model ------------------------

SITE = textwrap.dedent(
    """
    import socket
    def _refuse(*args, **kwargs):
        raise OSError("network access attempted in a test that forbids it")
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    """
)


@pytest.mark.parametrize(
    "arguments",
    [
        ["summarize", str(EXAMPLE_JSONL), "--format", "json"],
        ["insight", str(EXAMPLE_JSONL), "--format", "json"],
        ["summarize", str(EXAMPLE_JSONL), "--seen", "OLD", "--format", "json"],
        ["summarize", str(EXAMPLE_JSONL), "--min-sources", "2", "--format", "json"],
    ],
    ids=["summarize", "insight", "seen", "min-sources"],
)
def test_commands_run_with_sockets_blocked(tmp_path, arguments):
    (tmp_path / "sitecustomize.py").write_text(SITE)
    if "OLD" in arguments:  # an update summary after the first article only
        record = json.loads(EXAMPLE_JSONL.read_text().splitlines()[0])
        record["documents"] = record["documents"][:1]
        (tmp_path / "old.jsonl").write_text(json.dumps(record) + "\n")
        arguments = [str(tmp_path / "old.jsonl") if a == "OLD" else a for a in arguments]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
           "HF_HUB_OFFLINE": "0"}
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"], env=env, capture_output=True)
    assert probe.returncode != 0 and b"forbids it" in probe.stderr  # the block is in force
    result = subprocess.run([sys.executable, "-m", "newsum", *arguments], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    if arguments[0] == "summarize":
        assert output["schema_version"] == "2.0" and output["sentences"]
        if "--min-sources" in arguments:
            assert all(len(set(s["outlets"])) >= 2 for s in output["sentences"])
        if "--seen" in arguments:
            assert "earlier articles already said" in " ".join(output["notes"])
