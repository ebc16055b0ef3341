"""Summaries that answer a question: how relevant each sentence is to a query, which sentences
may answer it, and whether the documents address it at all.

    query, candidate sentences ──tf-idf cosine (idf over the cluster's sentences) and embedding
                                 cosine (the semantic layer)──▶ relevance in [0, 1]
    relevance ──the most relevant sentences, FOCUS times the budget in words──▶ eligible for the summary
    relevance of the best sentences, the question's words that no document writes (by background
    and by cluster idf), whether it asks for an outcome ──logistic──▶ "not answered"

The summary is then chosen as always (concept coverage, verbatim, cited, non-redundant), among
the sentences that answer. The weights, the share of the budget and the threshold are data
(``data/query_model.json``), chosen by ``tools/train_query.py`` on a development set of
questions about DUC-2003 clusters (``benchmarks/query/duc2003_dev_queries.jsonl``); the file
records the command and the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConfigError
from .learned import read_model
from .semantic import default_embedder
from .semantic.lexical import background_idf, cosine, tfidf_vectors
from .terms import Terms, analyze

__all__ = ["QueryModel", "QueryResult", "relevance", "answered", "answer_features", "focus", "ANSWER_FEATURES"]


@dataclass(frozen=True)
class QueryModel:
    """How query relevance is computed and used (see the module docstring)."""

    #: Weight of the embedding cosine against the word share in a sentence's relevance.
    embedding_weight: float = 0.5
    #: Sentences eligible for the summary: the most relevant, this many times the budget in words.
    focus: float = 4.0
    #: Weight of the most relevant sentences' terms added to the query (pseudo-relevance
    #: feedback: the words the story uses for what the question asks).
    feedback: float = 0.0
    #: Logistic weights of P(the documents answer the query): a bias, then one per feature of
    #: ANSWER_FEATURES.
    answer_weights: tuple[float, ...] = (-1.0, 8.0, -4.0, -2.0, -1.0)
    #: The power a concept's relevance (that of the most relevant sentence holding it, relative
    #: to the best) is raised to before it multiplies the concept's weight (0: the question only
    #: chooses which sentences may answer).
    relevance_power: float = 0.0
    about: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.embedding_weight <= 1.0:
            raise ConfigError(f"embedding_weight is a share between 0 and 1, got {self.embedding_weight!r}")
        if len(self.answer_weights) != 1 + len(ANSWER_FEATURES):
            raise ConfigError(f"answer_weights are {1 + len(ANSWER_FEATURES)} numbers: a bias, then one for each of "
                              f"{', '.join(ANSWER_FEATURES)}; retrain with tools/train_query.py")
        if self.focus < 1:
            raise ConfigError(f"focus is how many budgets of relevant sentences to keep, at least 1; got {self.focus!r}")

    @classmethod
    def load(cls, path: str | Path | None = None) -> QueryModel:
        data = read_model("query_model.json", path)
        fields = ("embedding_weight", "focus", "feedback", "answer_weights", "relevance_power")
        return cls(float(data["embedding_weight"]), float(data["focus"]), float(data["feedback"]),
                   tuple(float(w) for w in data["answer_weights"]), float(data.get("relevance_power", 0.0)),
                   {k: v for k, v in data.items() if k not in fields})


@cache
def shipped_model() -> QueryModel:
    return QueryModel.load()


#: How many of the most relevant sentences decide whether the query is answered.
TOP_SENTENCES = 3
#: How many of the most relevant sentences expand the query (pseudo-relevance feedback).
FEEDBACK_SENTENCES = 5
#: What decides whether the documents answer a query, in the order of ``answer_weights``:
#: the mean relevance of the TOP_SENTENCES best sentences; the share of the question's words
#: (weighted by background idf) that no sentence writes; the same share weighted by idf over
#: the cluster's sentences (the words of the aspect asked about, rare in the story, weigh
#: most); 1 when the question asks for an outcome (``questions.json``: news written before a
#: verdict speaks of it only as pending). On the DUC-2003 development questions the last two
#: took the leave-one-cluster-out accuracy from 37 to 41 of 48 (tools/train_query.py).
ANSWER_FEATURES = ("top_relevance", "absent_background", "absent_cluster", "asks_outcome")


@dataclass(frozen=True)
class QueryResult:
    """The query a summary answers, and whether the documents answer it."""

    text: str
    answered: bool
    #: The probability that the documents answer it (what ``answered`` was decided on).
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "answered": self.answered, "score": round(self.score, 3)}


def _bag(analysis: Terms) -> Counter:
    return Counter(s for w, s, stop in zip(analysis.words, analysis.stems, analysis.stop) if not stop and len(w) > 1)


def relevance(query: str, texts: Sequence[str], analyses: Sequence[Terms], *, model: QueryModel | None = None) -> np.ndarray:
    """Relevance of each text to the query, in [0, 1]: the tf-idf cosine of their content
    stems (idf over the query and the texts: words every sentence of the story has weigh
    little) and the embedding cosine, weighted by the model."""
    model = model or shipped_model()
    if not texts:
        return np.zeros(0)
    vectors = tfidf_vectors([_bag(analyze(query)), *(_bag(a) for a in analyses)])
    lexical = np.array([cosine(vectors[0], v) for v in vectors[1:]])
    if model.feedback > 0:
        # Rocchio: the query plus the mean of its FEEDBACK_SENTENCES best sentences.
        expanded = dict(vectors[0])
        best = np.argsort(-lexical, kind="stable")[:FEEDBACK_SENTENCES]
        for i in best:
            for term, weight in vectors[int(i) + 1].items():
                expanded[term] = expanded.get(term, 0.0) + model.feedback * weight / len(best)
        norm = sum(w * w for w in expanded.values()) ** 0.5 or 1.0
        lexical = np.array([cosine({t: w / norm for t, w in expanded.items()}, v) for v in vectors[1:]])
    embedded = default_embedder().embed([query, *texts])
    cosines = np.clip(embedded[1:] @ embedded[0], 0.0, 1.0)
    return model.embedding_weight * cosines + (1 - model.embedding_weight) * lexical


def _asked_terms(query: str) -> list[tuple[str, str]]:
    """(word, stem) of the question's words that say what it is about."""
    from .insight import wordlists  # late: the insight package costs 0.1 s to import, and only a query needs it

    asking = wordlists.words("questions", "asking")
    terms = analyze(query)
    return [(w, s) for w, s, stop in zip(terms.words, terms.stems, terms.stop) if not stop and w not in asking and len(w) > 1]


def _absent(weights: dict[str, float], present: set[str]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t not in present) / total if total else 0.0


def answer_features(query: str, scores: np.ndarray, analyses: Sequence[Terms]) -> tuple[float, ...]:
    """The ANSWER_FEATURES of a query, given its relevance to each candidate sentence
    (``scores``) and the analyses of all the cluster's sentences."""
    top = float(np.mean(np.sort(scores)[::-1][:TOP_SENTENCES])) if len(scores) else 0.0
    frequency: Counter[str] = Counter()
    for analysis in analyses:
        frequency.update(set(analysis.stems))
    background: dict[str, float] = {}
    cluster: dict[str, float] = {}
    for word, stem in _asked_terms(query):
        idf = background_idf(word)
        if idf is not None:
            background[stem] = max(background.get(stem, 0.0), idf)
        cluster[stem] = float(np.log((1 + len(analyses)) / (1 + frequency[stem])) + 1)
    present = set(frequency)
    from .insight import wordlists

    outcome = wordlists.words("questions", "outcome")
    asks_outcome = float(any(w in outcome for w in analyze(query).words))
    return top, _absent(background, present), _absent(cluster, present), asks_outcome


def answered(query: str, scores: np.ndarray, analyses: Sequence[Terms], *, model: QueryModel | None = None) -> tuple[bool, float]:
    """Whether the documents answer the query, and the probability that says so
    (``scores``: its relevance to each candidate sentence; ``analyses``: all the cluster's
    sentences)."""
    model = model or shipped_model()
    bias, *weights = model.answer_weights
    logit = bias + float(np.dot(weights, answer_features(query, scores, analyses)))
    probability = 1.0 / (1.0 + np.exp(-logit))
    return bool(probability >= 0.5), float(probability)


def focus(scores: np.ndarray, costs: Sequence[int], budget_limit: int, *, model: QueryModel | None = None) -> list[bool]:
    """Which sentences may answer: the most relevant, ``focus`` budgets' worth."""
    model = model or shipped_model()
    keep = [False] * len(scores)
    room = model.focus * budget_limit
    for i in np.argsort(-scores, kind="stable"):
        if room <= 0:
            break
        keep[int(i)] = True
        room -= max(1, costs[int(i)])
    return keep

