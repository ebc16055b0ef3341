"""The contract every selection algorithm keeps.

A selector receives a :class:`CandidatePool` (every candidate sentence of a cluster, which of
them may be chosen, and where each sits in its documents) and a :class:`~newsum.model.Budget`,
and returns the indices of the candidates it chooses. It never exceeds the budget and never
chooses an ineligible candidate, except a ``fallback`` one (a sentence that cannot stand
alone) to fill what is left once no eligible candidate fits. It does not order the summary: restoring a reading order is
a separate step (:mod:`newsum.order`), so that algorithms can be swapped without touching it.

Selectors are configured like scikit-learn estimators: constructor arguments are keyword-only,
stored unchanged under the same names, validated when used, and returned by
:meth:`Selector.get_params`, which is what a summary's provenance records.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..clean import LabeledSentence
from ..errors import ConfigError
from ..model import Budget, Document
from ..semantic import SameFact
from ..semantic import containment as overlap
from ..similarity import Candidate
from ..terms import Terms, analyze

__all__ = ["CandidatePool", "Selector", "greedy_fill", "REDUNDANT_OVERLAP"]

#: Two candidates that share this share of the smaller one's content words are not both put in
#: a summary. 0.5: read on sampled sentence pairs from different documents of the DUC-2004
#: tuning clusters: from 0.5 on, restatements of one fact begin to appear; pairs at 0.4-0.5
#: mostly report different facts about the same people and places. Lowering it to 0.4 cost
#: 0.4 R-1 on those clusters.
REDUNDANT_OVERLAP = 0.5


@dataclass(frozen=True)
class CandidatePool:
    """What a selector may choose from.

    ``documents`` are in the cluster's canonical order (date, then id); ``body`` holds every
    body sentence of each document in text order (for term statistics and positions);
    ``eligible[i]`` says whether ``candidates[i]`` may be chosen, ``fallback[i]`` whether it may
    only fill what is left (empty: no fallbacks); ``analyses`` maps ``(document_id, start)`` of
    every body sentence to its :class:`~newsum.terms.Terms`. ``same_fact``: the semantic
    layer's decision, which a selector may use to keep two statements of one fact in other
    words out of one summary (None: word overlap alone).
    """

    candidates: tuple[Candidate, ...]
    eligible: tuple[bool, ...]
    documents: tuple[Document, ...]
    body: Mapping[str, tuple[LabeledSentence, ...]]
    analyses: Mapping[tuple[str, int], Terms] = field(default_factory=dict)
    fallback: tuple[bool, ...] = ()
    same_fact: SameFact | None = field(default=None, compare=False)
    #: With a query (:mod:`newsum.query`): each candidate's relevance to it, and the power a
    #: selector that weighs concepts raises a concept's relevance to before multiplying its
    #: weight by it (0: the question does not weigh concepts).
    query_relevance: tuple[float, ...] = ()
    relevance_power: float = 0.0
    _rank: dict[tuple[str, int], int] = field(init=False, repr=False, compare=False)
    _costs: dict[Budget, tuple[int, ...]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.candidates) != len(self.eligible):
            raise ValueError("one eligibility flag per candidate")
        if not self.fallback:
            object.__setattr__(self, "fallback", (False,) * len(self.candidates))
        if len(self.fallback) != len(self.candidates):
            raise ValueError("one fallback flag per candidate")
        rank = {(doc, s.start): i for doc, sentences in self.body.items() for i, s in enumerate(sentences)}
        object.__setattr__(self, "_rank", rank)
        if not self.analyses:
            object.__setattr__(
                self, "analyses", {(doc, s.start): analyze(s.text) for doc, ss in self.body.items() for s in ss}
            )

    def analysis(self, sentence: LabeledSentence) -> Terms:
        return self.analyses[(sentence.document_id, sentence.start)]

    def __len__(self) -> int:
        return len(self.candidates)

    def cost(self, index: int, budget: Budget) -> int:
        """What candidate ``index`` costs under ``budget`` (computed once per budget: selectors
        ask for it many times)."""
        costs = self._costs.get(budget)
        if costs is None:
            costs = self._costs[budget] = tuple(budget.cost(c.text) for c in self.candidates)
        return costs[index]

    def may_choose(self, index: int, *, fallback: bool = False) -> bool:
        """May candidate ``index`` be chosen (with ``fallback``: to fill what is left)?"""
        return self.eligible[index] or (fallback and self.fallback[index])

    def sentence_rank(self, sentence: LabeledSentence) -> int:
        """0 for the first body sentence of its document, 1 for the second, ..."""
        return self._rank.get((sentence.document_id, sentence.start), 0)

    def first_rank(self, index: int) -> int:
        """The earliest position at which any document reports candidate ``index``."""
        return min(self.sentence_rank(member) for member in self.candidates[index].members)

    def relative_position(self, index: int) -> float:
        """Earliest position of candidate ``index`` in its documents, 0 (lead) to <1 (end)."""
        candidate = self.candidates[index]
        return min(
            self.sentence_rank(member) / max(1, len(self.body.get(member.document_id, ())))
            for member in candidate.members
        )


class Selector(ABC):
    """Base class of selection algorithms; see the module docstring for the contract."""

    #: The name ``--method`` and ``Summarizer(method=...)`` know the algorithm by.
    name: ClassVar[str]

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [p.name for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY]

    def get_params(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> Selector:
        for name, value in params.items():
            if name not in self._param_names():
                raise ConfigError(f"{self.name} has no parameter {name!r}; it takes {', '.join(self._param_names())}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({params})"

    @abstractmethod
    def select(self, pool: CandidatePool, budget: Budget) -> list[int]:
        """Indices of the chosen candidates (any order), within ``budget``."""


def greedy_fill(
    pool: CandidatePool,
    budget: Budget,
    ranking: Sequence[int],
    *,
    chosen: Sequence[int] = (),
    max_overlap: float = REDUNDANT_OVERLAP,
    fallback: bool = False,
) -> list[int]:
    """Take candidates in ``ranking`` order while they fit and repeat nothing already taken.

    Skips ineligible candidates (``fallback``: fallback ones are taken too), candidates too
    long for what is left of the budget, and candidates whose content overlaps a taken one by
    ``max_overlap`` or more.
    """
    taken = list(chosen)
    used = sum(pool.cost(i, budget) for i in taken)
    for index in ranking:
        if index in taken or not pool.may_choose(index, fallback=fallback):
            continue
        cost = pool.cost(index, budget)
        if used + cost > budget.allowance:
            continue
        terms = pool.candidates[index].terms
        if any(overlap(terms, pool.candidates[j].terms) >= max_overlap for j in taken):
            continue
        taken.append(index)
        used += cost
    return taken
