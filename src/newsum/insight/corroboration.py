"""Which statements several outlets carry, and which rest on one source.

    documents ──clean──▶ statements (body sentences that state something)
              ──pair features (embedding, tf-idf, numbers, negation, best match per document)──▶
              ──logistic model (data/corroboration_model.json)──▶ P(same fact) for every pair
              ──average linkage, one statement per document──▶ groups: confirmed by N outlets / single-source

A statement is a body sentence (not a headline, byline, caption or site furniture; see
:mod:`newsum.clean`) that is not only a quotation with its attribution. Two statements of
different documents state the same fact when a logistic model over their pair features
(:data:`FEATURES`) gives a probability at or above the model's threshold. The weights, the
threshold and the linkage are data, fitted by ``tools/train_corroboration.py`` on the labelled
clusters of ``tests/insight`` (the file records the command, the data and the cross-validated
scores).

Each feature answers a way the word overlap alone went wrong: statements about the same
person that share his name and little else ("the company halted production lines" / "the chief
executive did not respond") score low on the embedding cosine *after the cluster's mean
vector is taken out* (what every statement of the story says), differ in negation, and are not
each other's best match in their documents; paraphrases with few shared words ("Nobody was
injured" / "No one was hurt") score high on the embedding and are each other's best match.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..clean import clean
from ..learned import check_features, check_probability, check_weights, read_model
from ..model import Document, date_sort_key
from ..semantic import SameFact
from ..semantic.lexical import IDF_CEILING, background_idf, tfidf_vectors
from ..terms import STOPWORDS, analyze
from .lexicon import NUMBER_WORDS, meaning, rewrite

__all__ = ["Statement", "Corroboration", "CorroborationModel", "statements_of", "corroborate", "pair_features", "FEATURES"]

#: The pair features, in the order of the model's weights (after the bias).
FEATURES = (
    "embedding_cosine",  # WordLlama cosine: other words for one fact
    "centred_embedding_cosine",  # ... with the cluster's mean vector taken out: what is not the story's topic
    "cluster_tfidf_cosine",  # content stems (synonyms merged), idf over the cluster's statements
    "background_cosine",  # the same stems, idf from English word frequencies
    "containment",  # share of the shorter statement's stems in the longer
    "rarest_shared",  # background idf of the rarest shared stem / IDF_CEILING
    "shared_number",  # both give a number, and one of them is the same
    "different_numbers",  # both give numbers, none the same
    "negation_differs",  # one says "not", "no", "never" ..., the other does not
    "best_in_document",  # share of the two directions in which each is the other's best match in its document
)

#: Clusters of up to SMALL_CLUSTER statements use the model's threshold as it is (the labelled
#: clusters have 25-60). In larger clusters (DUC-2004 has 300-600 statements of long articles)
#: chance matches grow with the number of pairs, so the logit threshold rises with the log of
#: the number of statements, by the model's ``large_cluster_logit`` at 4x SMALL_CLUSTER.
SMALL_CLUSTER = 100
#: Shorter sentences state too little to group ("Read more."); four words still say "No one
#: was killed."
MIN_WORDS = 4

#: Steps of the rarest-shared feature (a share of IDF_CEILING).
RARITY_STEP = 0.125

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n't\b", re.IGNORECASE)

_QUOTE_CHARS = re.compile(r"``|''|[\"“”]")


@dataclass(frozen=True)
class Statement:
    document_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Corroboration:
    """One fact and every statement of it: ``sources`` are document ids, ``outlets`` their
    distinct outlet names (a document without one counts as its own outlet)."""

    text: str
    statements: tuple[Statement, ...]
    sources: tuple[str, ...]
    outlets: tuple[str, ...]
    first_reported: str | None

    @property
    def label(self) -> str:
        n = len(self.outlets)
        return f"confirmed by {n} outlets" if n > 1 else "single-source"

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "outlets": list(self.outlets),
            "first_reported": self.first_reported,
            "label": self.label,
            "statements": [
                {"document_id": s.document_id, "start": s.start, "end": s.end, "text": s.text} for s in self.statements
            ],
        }


def _quote_only(text: str) -> bool:
    """A piece of quotation with no words of the reporter's around it (a paragraph that
    continues a quote): it states nothing the reporter attributes. A quote with its
    attribution ('"We regard this negatively," Lavrov said.') is a statement: outlets that
    carry it corroborate that it was said."""
    marks = list(_QUOTE_CHARS.finditer(text))
    if not marks or marks[0].start() > 2:
        return False
    outside = text[marks[-1].end() :] if len(marks) > 1 else ""
    return not any(ch.isalpha() for ch in outside)


def statements_of(documents: Sequence[Document]) -> list[Statement]:
    """The statements of every document, in document order and text order."""
    found = []
    for document in documents:
        for sentence in clean(document):
            if sentence.selectable and not _quote_only(sentence.text) and len(sentence.text.split()) >= MIN_WORDS:
                found.append(Statement(document.id or "", sentence.start, sentence.end, sentence.text))
    return found


@dataclass(frozen=True)
class CorroborationModel:
    """Logistic weights over :data:`FEATURES` (``weights[0]`` is the bias), the probability at
    or above which two statements state the same fact (``threshold``), the mean probability
    two groups need to merge (``linkage``), and the logit added to the threshold in large
    clusters (``large_cluster_logit``); ``about`` says how they were made."""

    weights: tuple[float, ...]
    threshold: float
    linkage: float
    large_cluster_logit: float = 0.0
    about: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_weights(self.weights, FEATURES, "a corroboration model", "tools/train_corroboration.py")
        for name in ("threshold", "linkage"):
            check_probability(getattr(self, name), f"a corroboration {name}")

    @classmethod
    def load(cls, path: str | Path | None = None) -> CorroborationModel:
        """The model in ``path``, by default the one shipped in ``newsum/data``."""
        data = read_model("corroboration_model.json", path)
        check_features(data.get("features"), FEATURES, "corroboration model", "tools/train_corroboration.py")
        about = {k: v for k, v in data.items() if k not in ("weights", "threshold", "linkage", "large_cluster_logit")}
        return cls(
            tuple(float(w) for w in data["weights"]),
            float(data["threshold"]),
            float(data["linkage"]),
            float(data.get("large_cluster_logit", 0.0)),
            about,
        )

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(same fact) of feature arrays whose last axis is :data:`FEATURES`."""
        w = np.asarray(self.weights, dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-(w[0] + np.asarray(features, dtype=np.float64) @ w[1:])))


@cache
def _shipped_model() -> CorroborationModel:
    # Package data, identical for every caller: read once per process.
    return CorroborationModel.load()


@dataclass
class _Analysis:
    bag: Counter[str]  # meaning stems and digits
    rarity: dict[str, float]  # background idf of each stem (its rarest spelling)
    numbers: frozenset[str]
    negated: bool


def _analyse(text: str) -> _Analysis:
    """The words a statement says something with: content stems, synonyms as one word
    (:mod:`.lexicon`), numbers as digits ("Fourteen" and "14"; "9 percent" keeps its "9")."""
    terms = analyze(rewrite(text))
    bag: Counter[str] = Counter()
    rarity: dict[str, float] = {}
    for word, stem in zip(terms.words, terms.stems):
        if (word in STOPWORDS and word not in NUMBER_WORDS) or (len(word) < 2 and not word.isdigit()):
            continue
        term = meaning(stem)
        bag[term] += 1
        weight = IDF_CEILING if term[:1].isdigit() else (background_idf(word) or 0.1)
        rarity[term] = max(rarity.get(term, 0.0), weight)
    numbers = frozenset(t for t in bag if t[:1].isdigit())
    return _Analysis(bag, rarity, numbers, _NEGATION.search(text) is not None)


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)


def pair_features(texts: Sequence[str], groups: Sequence[Any], *, embedder=None) -> np.ndarray:
    """The :data:`FEATURES` of every pair of ``texts`` (an n x n x features array; pairs in one
    group, i.e. one document, and each text with itself are zero). Dense: a cluster's 600
    statements are 360,000 pairs, a few numpy products."""
    n = len(texts)
    out = np.zeros((n, n, len(FEATURES)), dtype=np.float32)
    if n < 2:
        return out
    analyses = [_analyse(t) for t in texts]
    codes: dict[Any, int] = {}
    group = np.array([codes.setdefault(g, len(codes)) for g in groups])
    other = group[:, None] != group[None, :]
    # Only stems in two or more statements add to a product: the vocabulary is those.
    df: Counter[str] = Counter()
    for a in analyses:
        df.update(a.bag.keys())
    vocabulary = {t: k for k, t in enumerate(t for t, c in df.items() if c > 1)}
    v = max(1, len(vocabulary))
    cluster_vectors = tfidf_vectors([a.bag for a in analyses])
    tfidf = np.zeros((n, v), dtype=np.float32)
    background = np.zeros((n, v), dtype=np.float32)
    incidence = np.zeros((n, v), dtype=np.float32)
    rare = np.zeros((n, v), dtype=np.float32)
    for i, a in enumerate(analyses):
        norm = math.sqrt(sum(w * w for w in a.rarity.values())) or 1.0
        for term, weight in cluster_vectors[i].items():
            k = vocabulary.get(term)
            if k is not None:
                tfidf[i, k] = weight
                background[i, k] = a.rarity[term] / norm
                incidence[i, k] = 1.0
                rare[i, k] = a.rarity[term] / IDF_CEILING
    sizes = np.array([len(a.bag) for a in analyses], dtype=np.float32)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    shared = incidence @ incidence.T
    # The rarest shared stem, in steps of RARITY_STEP: the highest step at which the two
    # statements still share a stem at least that rare (a few products instead of a loop
    # over stems).
    rarest = np.zeros((n, n), dtype=np.float32)
    for level in np.arange(RARITY_STEP, 1.0 + 1e-9, RARITY_STEP, dtype=np.float32):
        at_least = (rare >= level - 1e-6).astype(np.float32)
        if not at_least.any():
            break
        rarest[(at_least @ at_least.T) > 0] = level
    vectors = np.asarray((SameFact().embedder_ if embedder is None else embedder).embed(list(texts)), dtype=np.float32)
    centred = _unit_rows(vectors - vectors.mean(axis=0, keepdims=True))
    has_number = np.array([bool(a.numbers) for a in analyses])
    numbers = sorted({x for a in analyses for x in a.numbers})
    number_index = {x: k for k, x in enumerate(numbers)}
    number_incidence = np.zeros((n, max(1, len(numbers))), dtype=np.float32)
    for i, a in enumerate(analyses):
        for x in a.numbers:
            number_incidence[i, number_index[x]] = 1.0
    shared_number = (number_incidence @ number_incidence.T) > 0
    negated = np.array([a.negated for a in analyses])
    out[..., 0] = vectors @ vectors.T
    out[..., 1] = centred @ centred.T
    out[..., 2] = tfidf @ tfidf.T
    out[..., 3] = background @ background.T
    out[..., 4] = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
    out[..., 5] = rarest
    out[..., 6] = shared_number
    out[..., 7] = has_number[:, None] & has_number[None, :] & ~shared_number
    out[..., 8] = negated[:, None] != negated[None, :]
    # Best match in the other document, by the sum of the two cosines that see most.
    base = np.where(other, out[..., 1] + out[..., 2], -np.inf)
    best = np.zeros((n, n), dtype=bool)
    for g in range(len(codes)):
        columns = np.nonzero(group == g)[0]
        top = columns[np.argmax(base[:, columns], axis=1)]
        best[np.arange(n), top] = True
    best &= other
    out[..., 9] = (best.astype(np.float32) + best.T.astype(np.float32)) / 2
    out[~other] = 0.0
    return out


def corroborate(
    documents: Sequence[Document],
    *,
    threshold: float | None = None,
    statements: Sequence[Statement] | None = None,
    same_fact: SameFact | None = None,
    model: CorroborationModel | None = None,
) -> list[Corroboration]:
    """Every statement grouped with the statements of other documents that state the same
    fact; groups in order of their first statement. ``statements``: :func:`statements_of` the
    documents, when the caller has them already. ``threshold``: the probability at which a
    pair states the same fact (default: the model's, raised in large clusters). ``same_fact``:
    the semantic layer whose embedder gives the embedding features (default: the shipped one).
    ``model``: a :class:`CorroborationModel` (default: ``data/corroboration_model.json``)."""
    documents = [d for d in documents if d.text.strip()]
    by_id = {d.id: d for d in documents}
    statements = statements_of(documents) if statements is None else statements
    model = _shipped_model() if model is None else model
    members = _group(statements, model, threshold=threshold, embedder=(same_fact or SameFact()).embedder_)
    groups = []
    for first in sorted(members):
        indices = sorted(members[first])
        chosen = [statements[k] for k in indices]
        sources = tuple(dict.fromkeys(s.document_id for s in chosen))
        outlets = tuple(dict.fromkeys((by_id[d].source or d) for d in sources))
        dated = [by_id[d] for d in sources if by_id[d].date is not None]
        first_reported = min(dated, key=lambda d: date_sort_key(d.date)).date.isoformat() if dated else None
        groups.append(Corroboration(chosen[0].text, tuple(chosen), sources, outlets, first_reported))
    return groups


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _group(statements: Sequence[Statement], model: CorroborationModel, *, threshold: float | None, embedder) -> dict[int, list[int]]:
    """Groups of statement indices (keyed by their first index): pairs at or above the
    threshold, most probable first, merge two groups when no document is in both and the mean
    probability of their cross pairs reaches the model's linkage (average linkage: A ~ B and
    B ~ C do not chain A into C's group)."""
    n = len(statements)
    if n < 2:
        return {i: [i] for i in range(n)}
    documents = [s.document_id for s in statements]
    probability = model.probabilities(pair_features([s.text for s in statements], documents, embedder=embedder))
    linkage = model.linkage
    if threshold is None:
        threshold = model.threshold
        if n > SMALL_CLUSTER:
            rise = min(1.0, math.log(n / SMALL_CLUSTER) / math.log(4)) * model.large_cluster_logit
            threshold = _sigmoid(_logit(threshold) + rise)
            linkage = _sigmoid(_logit(linkage) + rise)
    return _merge(documents, probability, threshold, linkage)


def _merge(documents: Sequence[str], probability: np.ndarray, threshold: float, linkage: float) -> dict[int, list[int]]:
    n = len(documents)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    codes: dict[str, int] = {}
    group = np.array([codes.setdefault(d, len(codes)) for d in documents])
    probability = np.where(group[:, None] != group[None, :], probability, 0.0)
    first, second = np.nonzero(np.triu(probability >= threshold, k=1))
    order = np.lexsort((second, first, -probability[first, second]))
    group_of = list(range(n))
    for i, j in zip(first[order].tolist(), second[order].tolist()):
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        docs_a = {documents[k] for k in members[a]}
        if any(documents[k] in docs_a for k in members[b]):
            continue  # one statement per document in a group
        if probability[np.ix_(members[a], members[b])].mean() < linkage:
            continue
        for k in members[b]:
            group_of[k] = a
        members[a].extend(members.pop(b))
    return {min(m): m for m in members.values()}
