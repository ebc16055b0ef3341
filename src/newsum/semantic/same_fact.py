"""Do two sentences state the same fact, in any wording?

    a, b ──embedder──▶ cosine of unit vectors ─┐
    a, b ──analyze──▶ tf-idf cosine (background idf) ├─▶ logistic weights ──▶ P(same fact) ≥ threshold
                    └▶ containment of content stems ─┘

Three features, because each misses what another sees: the embedding recognises "died" and
"were killed" but scores two facts about the same people high; the tf-idf cosine weighs the
rare words (names, numbers) a fact is made of; containment catches a fact restated inside a
longer sentence. The weights and the decision threshold are data (``data/semantic_model.json``,
fitted by ``tools/train_same_fact.py`` on hand-labelled pairs; the file records the command
and the data it was made from). :meth:`SameFact.pairs` and :meth:`SameFact.matches` decide
many pairs at once: they test only the pairs that can reach the threshold (a bound from the
weights, so nothing is missed) and embed only the sentences those pairs need.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..learned import check_features, check_probability, check_weights, read_model
from ..terms import Terms, analyze
from .embedding import Embedder, default_embedder
from .lexical import background_vector, containment, cosine

__all__ = ["SameFact", "SameFactModel", "Match", "FEATURES"]

#: The features, in the order of the model's weights (after the bias).
FEATURES = ("embedding_cosine", "tfidf_cosine", "containment")


@dataclass(frozen=True)
class SameFactModel:
    """Logistic weights over :data:`FEATURES` (``weights[0]`` is the bias) and the probability
    at or above which two sentences state the same fact; ``about`` says how they were made."""

    weights: tuple[float, ...]
    threshold: float
    version: str = "unversioned"
    about: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_weights(self.weights, FEATURES, "a same-fact model", "tools/train_same_fact.py")
        check_probability(self.threshold, "a same-fact threshold")

    @classmethod
    def load(cls, path: str | Path | None = None) -> SameFactModel:
        """The model in ``path``, by default the one shipped in ``newsum/data``."""
        data = read_model("semantic_model.json", path)
        check_features(data.get("features"), FEATURES, "same-fact model", "tools/train_same_fact.py")
        about = {k: v for k, v in data.items() if k not in ("weights", "threshold", "version")}
        return cls(tuple(float(w) for w in data["weights"]), float(data["threshold"]), str(data.get("version", "")), about)

    @property
    def logit_threshold(self) -> float:
        return math.log(self.threshold / (1.0 - self.threshold))

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Logits of rows of feature values (columns in :data:`FEATURES` order)."""
        w = np.asarray(self.weights, dtype=np.float64)
        return w[0] + np.asarray(features, dtype=np.float64) @ w[1:]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logits(features)))


@dataclass(frozen=True, order=True)
class Match:
    """Items ``i`` and ``j`` state the same fact with ``probability``."""

    i: int
    j: int
    probability: float


class SameFact:
    """The same-fact decision of the semantic layer.

    Parameters
    ----------
    embedder:
        An :class:`~newsum.semantic.Embedder`; default: the shared WordLlama model. Tests pass
        a fake.
    model:
        A :class:`SameFactModel` (default: the shipped ``data/semantic_model.json``).
    threshold:
        Overrides the model's probability threshold (None: the model's, chosen for >= 0.90
        precision on its training pairs).
    language:
        Language of the sentences; the embedder refuses languages it has no model for.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        model: SameFactModel | None = None,
        threshold: float | None = None,
        language: str = "en",
    ) -> None:
        self.embedder = embedder
        self.model = model
        self.threshold = threshold
        self.language = language

    def get_params(self) -> dict[str, Any]:
        return {"embedder": self.embedder, "model": self.model, "threshold": self.threshold, "language": self.language}

    # -- configuration, resolved when used -------------------------------------------------
    @property
    def model_(self) -> SameFactModel:
        return _shipped_model() if self.model is None else self.model

    @property
    def threshold_(self) -> float:
        threshold = self.model_.threshold if self.threshold is None else self.threshold
        if not 0.0 < threshold < 1.0:
            raise ConfigError(f"threshold is a probability strictly between 0 and 1, got {threshold!r}")
        return threshold

    @property
    def embedder_(self) -> Embedder:
        return default_embedder() if self.embedder is None else self.embedder

    @property
    def name(self) -> str:
        """The embedder's and the model's versions: what a decision depends on."""
        return f"{self.embedder_.name}+same-fact-{self.model_.version}"

    # -- one pair --------------------------------------------------------------------------
    def features(self, a: str, b: str) -> np.ndarray:
        """The feature row of one pair, in :data:`FEATURES` order."""
        vectors = self.embedder_.embed([a, b], language=self.language)
        ta, tb = analyze(a), analyze(b)
        return np.array(
            [float(vectors[0] @ vectors[1]), cosine(background_vector(ta), background_vector(tb)), containment(ta.content, tb.content)]
        )

    def probability(self, a: str, b: str) -> float:
        return float(self.model_.probabilities(self.features(a, b)[None, :])[0])

    def same(self, a: str, b: str) -> bool:
        """Do ``a`` and ``b`` state the same fact?"""
        return self.probability(a, b) >= self.threshold_

    # -- many pairs ------------------------------------------------------------------------
    def pairs(
        self,
        texts: Sequence[str],
        *,
        groups: Sequence[Any] | None = None,
        analyses: Sequence[Terms] | None = None,
        threshold: float | None = None,
    ) -> list[Match]:
        """Every pair ``i < j`` of ``texts`` that states the same fact (probability at or above
        ``threshold``, default the model's), in index order. ``groups[i]`` (e.g. a document
        id): pairs within one group are not compared.

        The lexical features of every pair are accumulated stem by stem into two texts x texts
        matrices (72 MB for 3,000 texts); only the pairs a perfect embedding cosine could carry
        over the threshold are embedded and decided.
        """
        n = len(texts)
        if n < 2:
            return []
        model, cut = self.model_, _logit(self.threshold_ if threshold is None else threshold)
        lexical = [analyses[i] if analyses is not None else analyze(t) for i, t in enumerate(texts)]
        bags = [background_vector(t) for t in lexical]
        shared, tfidf = _lexical_matrices(bags)
        sizes = np.array([len(bag) for bag in bags], dtype=np.float32)
        smaller = np.minimum(sizes[:, None], sizes[None, :])
        contain = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
        usable = np.triu(np.ones((n, n), dtype=bool), k=1)
        group_codes = _codes(groups, n)
        if group_codes is not None:
            usable &= group_codes[:, None] != group_codes[None, :]
        w = model.weights
        best_embedding = max(0.0, w[1])  # the most a cosine (<= 1) can add
        # Only pairs that a perfect embedding cosine would carry over the threshold are
        # embedded and decided.
        first, second = np.nonzero(usable & (w[0] + best_embedding + w[2] * tfidf + w[3] * contain >= cut - 1e-9))
        if not len(first):
            return []
        needed = np.unique(np.concatenate([first, second]))
        position = {int(k): m for m, k in enumerate(needed.tolist())}
        vectors = self.embedder_.embed([texts[k] for k in needed.tolist()], language=self.language)
        at_first = vectors[[position[k] for k in first.tolist()]]
        at_second = vectors[[position[k] for k in second.tolist()]]
        features = np.column_stack([np.einsum("ij,ij->i", at_first, at_second), tfidf[first, second], contain[first, second]])
        logits = model.logits(features)
        found = [
            Match(int(i), int(j), float(1.0 / (1.0 + math.exp(-logit))))
            for i, j, logit in zip(first.tolist(), second.tolist(), logits.tolist())
            if logit >= cut - 1e-9
        ]
        found.sort()
        return found

    def matches(
        self,
        queries: Sequence[str],
        corpus: Sequence[str],
        *,
        query_analyses: Sequence[Terms] | None = None,
        corpus_analyses: Sequence[Terms] | None = None,
        exclude: Sequence[Sequence[int]] | None = None,
        corpus_groups: Sequence[Any] | None = None,
        per_group: int | None = None,
        threshold: float | None = None,
    ) -> list[list[Match]]:
        """For each query, the corpus items that state the same fact (``Match(query, item,
        p)``, most probable first). ``exclude[q]``: corpus indices not to compare with query q.

        Few queries against many sentences (a summary's sentences against its cluster): the
        shared content stems come first (set intersections), tf-idf cosines only for the pairs
        whose containment leaves them a chance, and only the sentences of pairs that could
        still reach the threshold with a perfect embedding cosine are embedded. ``per_group``: of each corpus group (a document), only the ``per_group``
        pairs with the best lexical score are embedded and decided, for callers that want one
        match per document. When the weights let a pair with no shared word pass, every pair
        is scored.
        """
        model, cut = self.model_, _logit(self.threshold_ if threshold is None else threshold)
        w = model.weights
        q_terms = [query_analyses[i] if query_analyses is not None else analyze(t) for i, t in enumerate(queries)]
        c_terms = [corpus_analyses[i] if corpus_analyses is not None else analyze(t) for i, t in enumerate(corpus)]
        skip = [set(x) for x in exclude] if exclude is not None else [set() for _ in queries]
        best_embedding = max(0.0, w[1])  # the most a cosine (<= 1) can add
        everything = w[0] + best_embedding >= cut  # no shared word needed: score all pairs
        # With a perfect cosine and tf-idf cosine, containment must still reach this: pairs
        # below it are dropped on a count of shared stems, before any vector is built.
        least_containment = (cut - w[0] - best_embedding - max(0.0, w[2])) / w[3] if w[3] > 0 else -1.0
        c_content = [t.content for t in c_terms]
        c_sizes = np.array([len(c) for c in c_content], dtype=np.float64)
        c_bags: dict[int, dict[str, float]] = {}
        todo: list[tuple[int, int, float, float]] = []
        for q, terms in enumerate(q_terms):
            stems = terms.content
            counts = np.array([len(stems & c) for c in c_content], dtype=np.float64)  # set ops in C
            smaller = np.minimum(len(terms.content), c_sizes)
            contain = np.divide(counts, smaller, out=np.zeros(len(corpus)), where=smaller > 0)
            keep = np.ones(len(corpus), dtype=bool) if everything else contain >= least_containment - 1e-12
            if skip[q]:
                keep[list(skip[q])] = False
            q_bag = background_vector(terms)
            scored = []
            for j in np.nonzero(keep)[0].tolist():
                c = float(contain[j])
                t = cosine(q_bag, _bag(c_bags, c_terms, j))
                lexical = w[2] * t + w[3] * c
                if w[0] + best_embedding + lexical >= cut - 1e-12:
                    scored.append((lexical, j, t, c))
            if per_group is not None and corpus_groups is not None:
                scored.sort(key=lambda x: (-x[0], x[1]))
                taken: dict[Any, int] = {}
                kept = []
                for item in scored:
                    g = corpus_groups[item[1]]
                    if taken.get(g, 0) < per_group:
                        taken[g] = taken.get(g, 0) + 1
                        kept.append(item)
                scored = kept
            todo.extend((q, j, t, c) for _, j, t, c in scored)
        out: list[list[Match]] = [[] for _ in queries]
        if not todo:
            return out
        q_used = sorted({q for q, *_ in todo})
        c_used = sorted({j for _, j, *_ in todo})
        q_vectors = dict(zip(q_used, self.embedder_.embed([queries[q] for q in q_used], language=self.language)))
        c_vectors = dict(zip(c_used, self.embedder_.embed([corpus[j] for j in c_used], language=self.language)))
        feats = np.array([[float(q_vectors[q] @ c_vectors[j]), t, c] for q, j, t, c in todo])
        logits = model.logits(feats)
        for (q, j, _, _), logit in zip(todo, logits.tolist()):
            if logit >= cut - 1e-12:
                out[q].append(Match(q, j, 1.0 / (1.0 + math.exp(-logit))))
        for found in out:
            found.sort(key=lambda m: (-m.probability, m.j))
        return out


def _logit(p: float) -> float:
    if not 0.0 < p < 1.0:
        raise ConfigError(f"threshold is a probability strictly between 0 and 1, got {p!r}")
    return math.log(p / (1.0 - p))


def _embedding_floor(w: Sequence[float], cut: float) -> float:
    """The lowest embedding cosine at which a pair can still reach ``cut``, the lexical
    features (both at most 1) at their best; -1 (compare everything) when the embedding
    weight is not positive."""
    if w[1] <= 0:
        return -1.0
    return (cut - w[0] - max(0.0, w[2]) - max(0.0, w[3])) / w[1]


def _lexical_matrices(bags: Sequence[Mapping[str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Shared content stems and tf-idf dot products of every pair of bags (texts x texts).

    Few texts (the concept program's shortlist): dense products over the stems two or more
    texts share (a stem of one text adds to no overlap). More: one stem at a time, a stem
    adding to the pairs of the texts that have it (sum of df^2 work, ~1.6 M cell updates for
    2,500 DUC sentences, where the dense product costs texts^2 x shared stems).
    """
    n = len(bags)
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, bag in enumerate(bags):
        for stem, value in bag.items():
            entry = postings.setdefault(stem, ([], []))
            entry[0].append(i)
            entry[1].append(value)
    common = [entry for entry in postings.values() if len(entry[0]) > 1]
    if n * len(common) <= _DENSE_CELLS:
        weights = np.zeros((n, max(1, len(common))), dtype=np.float32)
        for k, (rows, values) in enumerate(common):
            weights[rows, k] = values
        incidence = (weights > 0).astype(np.float32)
        return incidence @ incidence.T, weights @ weights.T
    shared = np.zeros((n, n), dtype=np.float32)
    tfidf = np.zeros((n, n), dtype=np.float32)
    for rows, values in common:
        index = np.ix_(rows, rows)
        shared[index] += 1.0
        vector = np.asarray(values, dtype=np.float32)
        tfidf[index] += np.outer(vector, vector)
    return shared, tfidf


#: Texts x shared stems up to which the dense products are used. Measured on DUC-2004
#: sentences: 36 texts (a shortlist) 0.3 ms dense against 1.3 ms stem by stem; 600 texts 60 ms
#: against 30 ms; 2,500 texts 0.72 s against 0.16 s.
_DENSE_CELLS = 20_000


def _bag(cache: dict[int, dict[str, float]], terms: Sequence[Terms], i: int) -> dict[str, float]:
    vector = cache.get(i)
    if vector is None:
        vector = cache[i] = background_vector(terms[i])
    return vector


def _codes(groups: Sequence[Any] | None, n: int) -> np.ndarray | None:
    if groups is None:
        return None
    if len(groups) != n:
        raise ConfigError(f"groups has {len(groups)} entries for {n} texts; give one group per text")
    index: dict[Any, int] = {}
    return np.array([index.setdefault(g, len(index)) for g in groups])


@cache
def _shipped_model() -> SameFactModel:
    # The shipped file is read once per process: it is package data, identical for every
    # caller, so caching it decides nothing.
    return SameFactModel.load()
