"""Concept coverage: choose the sentences that together cover the most important concepts.

The model of Gillick & Favre (2009), the strongest family of extractive systems on DUC news:
concepts are stemmed word bigrams; a concept's weight is the number of documents that report
it, more if they report it early; the summary maximises the total weight of the distinct
concepts it covers within the budget. Covering a concept twice earns nothing, so redundancy
is penalised by the objective itself; pairs of candidates that share most of their content
are also forbidden outright. Solved exactly as an integer program with HiGHS.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import defaultdict
from collections.abc import Iterator

import numpy as np

from ..errors import ConfigError
from ..model import Budget
from ..similarity import overlap
from ..terms import STOPWORDS, stemmed_tokens, tokens
from .base import REDUNDANT_OVERLAP, CandidatePool, Selector, greedy_fill

__all__ = ["ConceptCoverage"]

logger = logging.getLogger(__name__)


class ConceptCoverage(Selector):
    """Exact concept-coverage selection (integer program).

    Parameters
    ----------
    min_df:
        A concept counts only if at least this many documents report it. ``None`` chooses by
        cluster size: ``max(1, min(3, round(0.3 * documents)))`` — 3 for 10 documents, as
        Gillick & Favre found best on DUC; 1 for one to four documents, where agreement
        between documents carries little signal.
    position_weight:
        Extra weight for a concept a document reports among its first sentences: a document
        adds ``1 + position_weight * early`` to the concept's weight, where ``early`` falls
        from 1 at the lead sentence to 0 at ``position_horizon`` sentences.
    position_horizon:
        Number of sentences over which the position bonus fades.
    max_candidates:
        Candidates given to the solver, the highest-weighted first; keeps very large
        clusters (hundreds of articles) fast. 400 sentences solve in well under a second.
    time_limit:
        Seconds the solver may take; past it the best solution found so far is used.
    max_overlap:
        Candidates whose content overlaps this much are never both chosen.
    """

    name = "concept"

    def __init__(
        self,
        *,
        min_df: int | None = None,
        position_weight: float = 1.0,
        position_horizon: int = 10,
        max_candidates: int = 400,
        time_limit: float = 10.0,
        max_overlap: float = REDUNDANT_OVERLAP,
    ):
        self.min_df = min_df
        self.position_weight = position_weight
        self.position_horizon = position_horizon
        self.max_candidates = max_candidates
        self.time_limit = time_limit
        self.max_overlap = max_overlap

    def _validate(self) -> None:
        if self.min_df is not None and (not isinstance(self.min_df, int) or self.min_df < 1):
            raise ConfigError(f"min_df must be a positive int or None, got {self.min_df!r}")
        if self.position_weight < 0 or self.position_horizon < 1:
            raise ConfigError("position_weight must be >= 0 and position_horizon >= 1")
        if self.max_candidates < 1 or self.time_limit <= 0:
            raise ConfigError("max_candidates and time_limit must be positive")

    # -- concepts --------------------------------------------------------------------------

    @staticmethod
    def concepts(text: str) -> set[tuple[str, str]]:
        """Stemmed bigrams of ``text``, except those made only of stop words."""
        words = tokens(text)
        stems = stemmed_tokens(text)
        return {
            (stems[i], stems[i + 1])
            for i in range(len(stems) - 1)
            if not (words[i] in STOPWORDS and words[i + 1] in STOPWORDS)
        }

    def concept_weights(self, pool: CandidatePool) -> dict[tuple[str, str], float]:
        """Weight of every concept reported by at least ``min_df`` documents."""
        first_seen: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for doc_id, sentences in pool.body.items():
            for rank, sentence in enumerate(sentences):
                for concept in self.concepts(sentence.text):
                    first_seen[concept].setdefault(doc_id, rank)
        documents = len([d for d in pool.body if pool.body[d]])
        min_df = self.min_df if self.min_df is not None else max(1, min(3, round(0.3 * documents)))
        weights = {}
        for concept, ranks in first_seen.items():
            if len(ranks) < min_df:
                continue
            weights[concept] = sum(
                1.0 + self.position_weight * max(0.0, 1.0 - rank / self.position_horizon) for rank in ranks.values()
            )
        if not weights and min_df > 1:
            # Nothing is reported by enough documents: fall back to every concept.
            return {c: sum(1.0 + self.position_weight * max(0.0, 1.0 - r / self.position_horizon) for r in rs.values()) for c, rs in first_seen.items()}
        return weights

    # -- selection -------------------------------------------------------------------------

    def select(self, pool: CandidatePool, budget: Budget) -> list[int]:
        self._validate()
        weights = self.concept_weights(pool)
        usable = [i for i in range(len(pool)) if pool.eligible[i] and budget.cost(pool.candidates[i].text) <= budget.allowance]
        if not usable:
            return []
        covers = {i: [c for c in self.concepts(pool.candidates[i].text) if c in weights] for i in usable}
        value = {i: sum(weights[c] for c in covers[i]) for i in usable}
        usable.sort(key=lambda i: (-value[i], pool.first_rank(i), i))
        usable = [i for i in usable[: self.max_candidates] if value[i] > 0] or usable[:1]

        chosen = self._solve(pool, budget, usable, covers, weights)
        if chosen is None:
            ratio = sorted(usable, key=lambda i: (-value[i] / max(1, budget.cost(pool.candidates[i].text)), i))
            chosen = greedy_fill(pool, budget, ratio, max_overlap=self.max_overlap)
        return chosen

    def _solve(self, pool, budget, usable, covers, weights) -> list[int] | None:
        highspy = _highspy()
        concept_ids: dict[tuple[str, str], int] = {}
        for i in usable:
            for concept in covers[i]:
                concept_ids.setdefault(concept, len(concept_ids))
        n_x, n_z = len(usable), len(concept_ids)
        # Columns: x (one per candidate, binary), then z (one per concept, 0..1).
        # A tiny penalty on late sentences breaks ties between equally good selections
        # toward the earlier reports, deterministically; it can never outweigh a concept
        # (all candidates' penalties together stay below the smallest concept weight).
        smallest = min(weights[c] for c in concept_ids) if concept_ids else 1.0
        tie = smallest / (10.0 * max(1, n_x))
        cost = np.concatenate(
            [
                np.array([-tie * pool.relative_position(i) for i in usable], dtype=float),
                np.array([weights[c] for c in concept_ids], dtype=float),
            ]
        )
        rows_lower, rows_upper = [], []
        entries: list[tuple[int, int, float]] = []  # (row, column, value)

        def add_row(coefficients: list[tuple[int, float]], upper: float) -> None:
            row = len(rows_upper)
            entries.extend((row, column, coef) for column, coef in coefficients)
            rows_lower.append(-highspy.kHighsInf)
            rows_upper.append(upper)

        add_row([(k, float(budget.cost(pool.candidates[i].text))) for k, i in enumerate(usable)], float(budget.allowance))
        covering: dict[int, list[int]] = defaultdict(list)
        for k, i in enumerate(usable):
            for concept in covers[i]:
                covering[concept_ids[concept]].append(k)
        for concept, ks in covering.items():
            add_row([(n_x + concept, 1.0)] + [(k, -1.0) for k in ks], 0.0)
        for a in range(n_x):
            terms_a = pool.candidates[usable[a]].terms
            for b in range(a + 1, n_x):
                if overlap(terms_a, pool.candidates[usable[b]].terms) >= self.max_overlap:
                    add_row([(a, 1.0), (b, 1.0)], 1.0)

        lp = highspy.HighsLp()
        lp.num_col_ = n_x + n_z
        lp.num_row_ = len(rows_upper)
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(n_x + n_z)
        lp.col_upper_ = np.ones(n_x + n_z)
        lp.row_lower_ = np.array(rows_lower, dtype=float)
        lp.row_upper_ = np.array(rows_upper, dtype=float)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_x + [highspy.HighsVarType.kContinuous] * n_z
        entries.sort(key=lambda e: (e[1], e[0]))
        starts = np.zeros(n_x + n_z + 1, dtype=np.int32)
        for _, column, _ in entries:
            starts[column + 1] += 1
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.cumsum(starts).astype(np.int32)
        lp.a_matrix_.index_ = np.array([row for row, _, _ in entries], dtype=np.int32)
        lp.a_matrix_.value_ = np.array([value for _, _, value in entries], dtype=float)

        solver = _new_solver(highspy)
        solver.setOptionValue("time_limit", float(self.time_limit))
        solver.setOptionValue("mip_rel_gap", 0.0)
        solver.setOptionValue("random_seed", 0)
        solver.setOptionValue("threads", 1)
        solver.passModel(lp)
        solver.run()
        status = solver.getModelStatus()
        solution = solver.getSolution()
        if not solution.value_valid:
            logger.warning("concept ILP found no solution (%s); using greedy selection", solver.modelStatusToString(status))
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            logger.info("concept ILP stopped before proving optimality (%s)", solver.modelStatusToString(status))
        values = solution.col_value
        return [usable[k] for k in range(n_x) if values[k] > 0.5]


def _highspy():
    try:
        import highspy
    except ImportError:  # pragma: no cover - a core dependency
        from ..errors import MissingDependency

        raise MissingDependency("The concept selector", "core", "highspy") from None
    return highspy


_banner_silenced = False


def _new_solver(highspy):
    """A silent HiGHS instance. The first ``Highs()`` of a process prints a banner to file
    descriptor 1 before any option can be set, which would corrupt JSON on stdout; so the
    first construction runs with descriptor 1 pointed at /dev/null."""
    global _banner_silenced
    if _banner_silenced:
        solver = highspy.Highs()
    else:
        with _stdout_to_devnull():
            solver = highspy.Highs()
        _banner_silenced = True
    solver.setOptionValue("output_flag", False)
    return solver


@contextlib.contextmanager
def _stdout_to_devnull() -> Iterator[None]:
    import sys

    with contextlib.suppress(Exception):
        sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)

