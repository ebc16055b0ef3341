"""Centrality: the sentences most similar to the rest of the cluster (continuous LexRank).

Each candidate is a TF-IDF vector of its content words; a random walk over the cosine
similarity graph (PageRank, Erkan & Radev 2004) scores how central each is. A fact that
several documents carry scores more (its candidate stands for all its copies). The ranked
list is cut to the budget greedily, skipping sentences that repeat one already taken.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from ..errors import ConfigError
from ..model import Budget
from .base import REDUNDANT_OVERLAP, CandidatePool, Selector, greedy_fill

__all__ = ["Centrality"]


class Centrality(Selector):
    """Greedy selection by graph centrality.

    Parameters
    ----------
    damping:
        PageRank damping: the chance the walk follows a similarity edge rather than jumping
        to a random sentence. 0.85, the usual value.
    support_weight:
        Multiplies a candidate's score by ``1 + support_weight * log(support)``, where
        support is the number of documents that carry it.
    max_overlap:
        Content overlap at which a sentence counts as a repeat of one already taken.
    """

    name = "centrality"

    def __init__(self, *, damping: float = 0.85, support_weight: float = 0.5, max_overlap: float = REDUNDANT_OVERLAP):
        self.damping = damping
        self.support_weight = support_weight
        self.max_overlap = max_overlap

    def scores(self, pool: CandidatePool) -> np.ndarray:
        if not 0 < self.damping < 1:
            raise ConfigError(f"damping must be between 0 and 1, got {self.damping!r}")
        n = len(pool)
        if n == 0:
            return np.zeros(0)
        df = Counter(term for c in pool.candidates for term in c.terms)
        vocabulary = {term: k for k, term in enumerate(sorted(df))}
        vectors = np.zeros((n, len(vocabulary)))
        for i, candidate in enumerate(pool.candidates):
            for term in candidate.terms:
                vectors[i, vocabulary[term]] = math.log((1 + n) / (1 + df[term])) + 1.0
        norms = np.linalg.norm(vectors, axis=1)
        norms[norms == 0] = 1.0
        vectors /= norms[:, None]
        similarity = vectors @ vectors.T
        np.fill_diagonal(similarity, 0.0)
        rows = similarity.sum(axis=1)
        rows[rows == 0] = 1.0
        transition = similarity / rows[:, None]
        rank = np.full(n, 1.0 / n)
        for _ in range(100):
            updated = (1 - self.damping) / n + self.damping * (transition.T @ rank)
            if np.abs(updated - rank).sum() < 1e-9:
                rank = updated
                break
            rank = updated
        support = np.array([len(c.support) for c in pool.candidates], dtype=float)
        return rank * (1.0 + self.support_weight * np.log(support))

    def select(self, pool: CandidatePool, budget: Budget) -> list[int]:
        scores = self.scores(pool)
        ranking = sorted(range(len(pool)), key=lambda i: (-scores[i], pool.first_rank(i), i))
        taken = greedy_fill(pool, budget, ranking, max_overlap=self.max_overlap)
        return greedy_fill(pool, budget, ranking, chosen=taken, max_overlap=self.max_overlap, fallback=True)
