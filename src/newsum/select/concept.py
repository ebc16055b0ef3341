"""Concept coverage: choose the sentences that together cover the most important concepts.

The model of Gillick & Favre (2009), the strongest family of extractive systems on DUC news:
concepts are stemmed word bigrams (and content words); each has a weight (:mod:`.salience`:
learned from what human summaries keep, or the number of documents that report it, more if
early); the summary maximises the total weight of the distinct concepts it covers within the
budget. Covering a concept twice earns nothing, so redundancy
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
from ..semantic import containment as overlap
from .base import REDUNDANT_OVERLAP, CandidatePool, Selector, greedy_fill
from .salience import ConceptTable, concept_table, learned_model

__all__ = ["ConceptCoverage"]

logger = logging.getLogger(__name__)


#: Budget share of the cluster's selectable words at and above which the pairwise overlap limit
#: is relaxed to RELAXED_OVERLAP (see ``relax_overlap_share``).
RELAX_OVERLAP_SHARE = 0.4
RELAXED_OVERLAP = 0.7


class ConceptCoverage(Selector):
    """Exact concept-coverage selection (integer program).

    Parameters
    ----------
    weighting:
        ``"learned"`` (default): a concept weighs the probability that a human summary contains
        it, from the model in :mod:`.salience`. ``"frequency"``: the number of documents that
        report it, more if early (Gillick & Favre's heuristic; no model).
    unigram_weight:
        Content words are concepts too, weighing this times their probability (learned
        weighting only; 0 turns them off). Bigrams carry most of the signal; words add
        coverage of what human summaries say in other word orders. 0.2: chosen with the
        overlap options below by ``tools/tune_selection.py`` on DUC-2003 (100 words) and
        Multi-News validation 1-500 (250 words); the grid and every point tried are in
        ``benchmarks/results/selection_tuning.json`` (0.1, first read on DUC-2004, was 0.1 R-2
        and 0.9 R-1 lower on DUC-2003).
    min_weight, unigram_min_weight:
        Concepts below these probabilities are left out of the program (the fill stage still
        counts them): they are many, weigh little, and slow the solver. 0.03 and 0.2: on the
        DUC-2004 tuning clusters lower values change no summary's ROUGE beyond noise and cost
        up to a third more solver time.
    position_weight, position_horizon, min_df:
        The ``frequency`` weighting: a document adds ``1 + position_weight * early`` to a
        concept it reports, ``early`` falling from 1 at its lead sentence to 0 at
        ``position_horizon`` sentences; concepts reported by fewer than ``min_df`` documents
        are ignored (None: ``max(1, min(3, round(0.3 * documents)))``, 3 for 10 documents as
        Gillick & Favre found best on DUC). 3 and 5 were chosen on DUC-2004 d30001-d30025.
    max_candidates:
        Candidates given to the solver, the highest-valued first; keeps clusters of hundreds of
        articles fast. On DUC-2004 the top 200 hold every sentence the exact solution takes.
    support_weight:
        A sentence that several documents carry (copies, near-copies) earns this share of its
        own concept value extra, scaled by the share of the other documents that carry it:
        what many outlets report is both central and better attested. 0.5: on our scraped
        clusters a fact in two of three outlets then wins over a single-source one of similar
        value; on DUC-2004 (few copies) it changes little.
    shortlist:
        The integer program runs on the ``shortlist`` most valuable candidates, the
        ``shortlist`` densest (value per unit of budget) and the greedy solution's, instead of
        all ``max_candidates``: HiGHS's time on these coverage programs grows fast with size,
        and on DUC-2004 the exact optimum over all 200 candidates scored within noise of the
        shortlisted one (tuning clusters R-1/R-2: 38.13/9.89 without, 38.12/9.83 at 12,
        37.64/9.72 at 10) at a fifth of the solver time. 12 is the smallest before the loss
        shows. None: no shortlist.
    length_weight:
        Each word of a candidate earns this times the average concept value per word: among
        selections of nearly equal coverage, the one that uses more of the budget wins. With
        sentences of ~25 words a strict budget otherwise leaves ~10 words unused; on the first
        300 Multi-News validation clusters (250 words) 0.2 raised the words used from 239 to
        243 and R-2 from 16.18 to 16.70; on the DUC-2004 tuning clusters it changes nothing.
    time_limit:
        Seconds the solver may take; past it the best solution found so far is used.
    max_overlap:
        Candidates whose content overlaps this much are never both chosen...
    relax_overlap_share, relaxed_overlap:
        ...but when the budget takes at least ``relax_overlap_share`` of what the cluster has to
        say (the words of its selectable candidates, repeats counted once), the limit is
        ``relaxed_overlap``: only near-restatements are kept apart, and the concepts, each
        counted once, do the rest. When a 250-word summary takes half of a two-article cluster,
        forbidding every pair of sentences that share half their content forces weak ones in;
        when it takes a few percent of ten articles, the strict limit keeps out restatements.
        Chosen on the tuning halves (README, "How the method adapts"). None: never relax.
    """

    name = "concept"

    def __init__(
        self,
        *,
        weighting: str = "learned",
        unigram_weight: float = 0.2,
        min_weight: float = 0.03,
        unigram_min_weight: float = 0.2,
        position_weight: float = 3.0,
        position_horizon: int = 5,
        min_df: int | None = None,
        max_candidates: int = 200,
        shortlist: int | None = 12,
        support_weight: float = 0.5,
        length_weight: float = 0.2,
        time_limit: float = 10.0,
        max_overlap: float = REDUNDANT_OVERLAP,
        relax_overlap_share: float | None = RELAX_OVERLAP_SHARE,
        relaxed_overlap: float = RELAXED_OVERLAP,
    ):
        self.weighting = weighting
        self.unigram_weight = unigram_weight
        self.min_weight = min_weight
        self.unigram_min_weight = unigram_min_weight
        self.position_weight = position_weight
        self.position_horizon = position_horizon
        self.min_df = min_df
        self.max_candidates = max_candidates
        self.shortlist = shortlist
        self.support_weight = support_weight
        self.length_weight = length_weight
        self.time_limit = time_limit
        self.max_overlap = max_overlap
        self.relax_overlap_share = relax_overlap_share
        self.relaxed_overlap = relaxed_overlap

    def _validate(self) -> None:
        if self.weighting not in ("learned", "frequency"):
            raise ConfigError(f"weighting must be 'learned' or 'frequency', got {self.weighting!r}")
        if self.min_df is not None and (not isinstance(self.min_df, int) or self.min_df < 1):
            raise ConfigError(f"min_df must be a positive int or None, got {self.min_df!r}")
        if self.position_weight < 0 or self.position_horizon < 1 or self.unigram_weight < 0:
            raise ConfigError("position_weight and unigram_weight must be >= 0, position_horizon >= 1")
        if self.max_candidates < 1 or self.time_limit <= 0:
            raise ConfigError("max_candidates and time_limit must be positive")

    @property
    def _unigrams(self) -> bool:
        return self.weighting == "learned" and self.unigram_weight > 0

    # -- concept weights -------------------------------------------------------------------

    def weights(self, pool: CandidatePool, *, thresholded: bool = True) -> tuple[ConceptTable, np.ndarray]:
        """The cluster's concept table and the weight of each of its rows (0: does not count).

        ``thresholded=False``: every concept keeps its weight (the fill stage uses these).
        """
        table, full, counted = self._weigh(pool)
        return table, counted if thresholded else full

    def _weigh(self, pool: CandidatePool) -> tuple[ConceptTable, np.ndarray, np.ndarray]:
        """Table, every concept's weight, and the weights of those that enter the program; with
        a query, each weight times its concept's relevance (the relevance, ``pool.query_relevance``,
        of the most relevant sentence that holds it, relative to the best) to the power
        ``pool.relevance_power``: what the question is about counts, the rest fades."""
        table, full, counted = self._weigh_concepts(pool)
        if pool.query_relevance and pool.relevance_power:
            relevance = np.zeros(len(table))
            for candidate, score in zip(pool.candidates, pool.query_relevance):
                rows = table.rows_for(candidate.analysis)
                relevance[rows] = np.maximum(relevance[rows], score)
            factor = (relevance / (relevance.max() or 1.0)) ** pool.relevance_power
            full, counted = full * factor, counted * factor
        return table, full, counted

    def _weigh_concepts(self, pool: CandidatePool) -> tuple[ConceptTable, np.ndarray, np.ndarray]:
        self._validate()
        table = concept_table(pool, unigrams=self._unigrams)
        if self.weighting == "learned":
            p = learned_model().probabilities(table)
            full = np.where(table.unigram, self.unigram_weight * p, p)
            keep = np.where(table.unigram, p >= self.unigram_min_weight, p >= self.min_weight)
            return table, full, np.where(keep, full, 0.0)
        documents = sum(1 for d in pool.body if pool.body[d])
        min_df = self.min_df if self.min_df is not None else max(1, min(3, round(0.3 * documents)))
        early = np.maximum(0.0, 1.0 - table.pair_rank / self.position_horizon)
        summed = np.bincount(table.pair_concept, weights=1.0 + self.position_weight * early, minlength=len(table))
        df = np.bincount(table.pair_concept, minlength=len(table))
        counted = np.where(df >= min_df, summed, 0.0)
        if not counted.any():
            counted = summed  # nothing is reported by enough documents: every concept counts
        return table, summed, counted

    def concept_weights(self, pool: CandidatePool) -> dict[tuple[str, ...], float]:
        """The weight of every concept that counts, by its stems (for reading and tests)."""
        table, weights = self.weights(pool)
        return {table.concept(row): float(weights[row]) for row in np.nonzero(weights)[0]}

    # -- selection -------------------------------------------------------------------------

    def overlap_limit(self, pool: CandidatePool, budget: Budget) -> float:
        """The overlap at which two candidates may not both be chosen, for this pool and
        budget (see ``max_overlap`` and ``relax_overlap_share``)."""
        if self.relax_overlap_share is None:
            return self.max_overlap
        supply = sum(pool.cost(i, budget) for i in range(len(pool)) if pool.eligible[i])
        if supply and budget.allowance >= self.relax_overlap_share * supply:
            return max(self.max_overlap, self.relaxed_overlap)
        return self.max_overlap

    def select(self, pool: CandidatePool, budget: Budget) -> list[int]:
        table, full, weights = self._weigh(pool)
        usable = [i for i in range(len(pool)) if pool.eligible[i] and pool.cost(i, budget) <= budget.allowance]
        if not usable:
            return []
        limit = self.overlap_limit(pool, budget)
        rows_of = _CandidateRows(pool, table)
        covers = {}
        for i in usable:
            rows = rows_of[i]
            covers[i] = rows[weights[rows] > 0]
        value = {i: float(weights[covers[i]].sum()) for i in usable}
        others = max(1, sum(1 for d in pool.body if pool.body[d]) - 1)
        extra = {i: self.support_weight * value[i] * (len(pool.candidates[i].support) - 1) / others for i in usable}
        if self.length_weight:
            # Words are worth something in themselves: a summary that uses its budget says more.
            # Scale-free: a word earns length_weight times the average value per word.
            costs = {i: pool.cost(i, budget) for i in usable}
            density = sum(value.values()) / max(1, sum(costs.values()))
            for i in usable:
                extra[i] += self.length_weight * density * costs[i]
        usable.sort(key=lambda i: (-value[i] - extra[i], pool.first_rank(i), i))
        usable = [i for i in usable[: self.max_candidates] if value[i] + extra[i] > 0] or usable[:1]
        if self.shortlist is not None and len(usable) > 2 * self.shortlist:
            # The exact program over a shortlist: the most valuable candidates, the densest
            # (value per unit of budget), and the greedy solution's; see ``shortlist``.
            density = sorted(usable, key=lambda i: (-value[i] / pool.cost(i, budget), i))
            greedy = greedy_fill(pool, budget, density, max_overlap=limit)
            keep = set(usable[: self.shortlist]) | set(density[: self.shortlist]) | set(greedy)
            usable = [i for i in usable if i in keep]

        chosen = self._solve(pool, budget, usable, covers, weights, extra, limit)
        if chosen is None:
            ratio = sorted(usable, key=lambda i: (-value[i] / max(1, pool.cost(i, budget)), i))
            chosen = greedy_fill(pool, budget, ratio, max_overlap=limit)
        return self._fill(pool, budget, chosen, rows_of, full, limit)

    def _fill(self, pool, budget, chosen, rows_of, full, limit) -> list[int]:
        """Use what the budget has left: the program only sees concepts above the thresholds,
        and in small clusters (two or three articles) few concepts pass them, leaving half of
        a 250-word budget unused. Add the candidates that cover most of the remaining concept
        weight per unit of budget, skipping repeats, while anything fits; eligible candidates
        first, then fallback ones (sentences that cannot stand alone)."""
        chosen = list(chosen)
        used = sum(pool.cost(i, budget) for i in chosen)
        covered = np.zeros(len(full), dtype=bool)
        for i in chosen:
            covered[rows_of[i]] = True
        fallback = False
        while True:
            best, best_ratio = None, 0.0
            for i in range(len(pool)):
                if i in chosen or not pool.may_choose(i, fallback=fallback):
                    continue
                cost = pool.cost(i, budget)
                if used + cost > budget.allowance:
                    continue
                rows = rows_of[i]
                gain = float(full[rows[~covered[rows]]].sum())
                if gain / cost > best_ratio and not any(
                    overlap(pool.candidates[i].terms, pool.candidates[j].terms) >= limit for j in chosen
                ):
                    best, best_ratio = i, gain / cost
            if best is None:
                if fallback:
                    return chosen
                fallback = True  # eligible candidates are used up: fill with fallback ones
                continue
            chosen.append(best)
            used += pool.cost(best, budget)
            covered[rows_of[best]] = True

    def _solve(self, pool, budget, usable, covers, weights, extra, limit) -> list[int] | None:
        # Same-fact pairs (the semantic layer) are added lazily: solve, and if two chosen
        # candidates state the same fact, forbid that pair and solve again. The optimum is the
        # one with every same-fact pair forbidden, but only the chosen few are ever compared.
        same_fact: set[tuple[int, int]] = set()
        for _ in range(_MAX_RESOLVES):
            values = self._run(self._program(pool, budget, usable, covers, weights, extra, limit, same_fact))
            if values is None:
                return None
            chosen = [k for k, v in enumerate(values[: len(usable)]) if v > 0.5]
            found = set(_same_fact_pairs(pool, usable, chosen)) - same_fact
            if not found:
                break
            same_fact |= found
        return [usable[k] for k in chosen]

    def _program(self, pool, budget, usable, covers, weights, extra, limit, same_fact=frozenset()):
        highspy = _highspy()
        # A concept that only one candidate covers needs no column: its weight goes straight
        # onto that candidate. Concepts covered by the same set of candidates share one column.
        # (Most bigrams occur in one sentence; this shrinks the program several times over.)
        bonus = [extra[i] for i in usable]
        shared: dict[tuple[int, ...], float] = defaultdict(float)
        holders: dict[int, list[int]] = defaultdict(list)
        for k, i in enumerate(usable):
            for concept in covers[i].tolist():
                holders[concept].append(k)
        for concept, ks in holders.items():
            if len(ks) == 1:
                bonus[ks[0]] += weights[concept]
            else:
                shared[tuple(ks)] += weights[concept]
        groups = sorted(shared.items())
        n_x, n_z = len(usable), len(groups)
        # Columns: x (one per candidate, binary), then z (one per shared concept group, 0..1).
        # A tiny penalty on late sentences breaks ties between equally good selections
        # toward the earlier reports, deterministically; it can never outweigh a concept
        # (all candidates' penalties together stay below the smallest concept weight).
        positive = weights[weights > 0]
        smallest = float(positive.min()) if len(positive) else 1.0
        tie = smallest / (10.0 * max(1, n_x))
        cost = np.concatenate(
            [
                np.array([bonus[k] - tie * pool.relative_position(i) for k, i in enumerate(usable)], dtype=float),
                np.array([weight for _, weight in groups], dtype=float),
            ]
        )
        rows_upper: list[float] = []
        entries: list[tuple[int, int, float]] = []  # (row, column, value)

        def add_row(coefficients, upper: float) -> None:
            row = len(rows_upper)
            entries.extend((row, column, coef) for column, coef in coefficients)
            rows_upper.append(upper)

        add_row([(k, float(pool.cost(i, budget))) for k, i in enumerate(usable)], float(budget.allowance))
        for column, (ks, _) in enumerate(groups):
            add_row([(n_x + column, 1.0)] + [(k, -1.0) for k in ks], 0.0)
        for a, b in sorted(set(_overlapping_pairs([pool.candidates[i].terms for i in usable], limit)) | set(same_fact)):
            add_row([(a, 1.0), (b, 1.0)], 1.0)

        lp = highspy.HighsLp()
        lp.num_col_ = n_x + n_z
        lp.num_row_ = len(rows_upper)
        lp.col_cost_ = cost
        lp.col_lower_ = np.zeros(n_x + n_z)
        lp.col_upper_ = np.ones(n_x + n_z)
        lp.row_lower_ = np.full(len(rows_upper), -highspy.kHighsInf)
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

        return lp, n_x

    def _run(self, program) -> list[float] | None:
        """Solve; the values of the candidate columns, or None when no solution was found."""
        highspy = _highspy()
        lp, n_x = program
        solver = _new_solver(highspy)
        solver.setOptionValue("time_limit", float(self.time_limit))
        solver.setOptionValue("mip_rel_gap", 0.0)
        solver.setOptionValue("random_seed", 0)
        solver.setOptionValue("threads", 1)
        # Keep HiGHS's cut pool tiny: on these coverage programs it otherwise spends most of
        # its time generating thousands of cuts at the root (measured on DUC-2004: half the
        # solve time goes, the optimum found is the same on all 50 clusters).
        solver.setOptionValue("mip_pool_soft_limit", 1)
        # Presolve and the feasibility-jump heuristic cost a third of the solve time on these
        # small programs and change nothing: on all 50 DUC-2004 clusters the same optimum is
        # found without them (14.8 -> 9.5 ms per program, measured with highspy 1.16). An older
        # HiGHS without the option returns an error status for it, and solves as before.
        solver.setOptionValue("presolve", "off")
        solver.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        solver.passModel(lp)
        solver.run()
        status = solver.getModelStatus()
        solution = solver.getSolution()
        if not solution.value_valid:
            logger.warning("concept ILP found no solution (%s); using greedy selection", solver.modelStatusToString(status))
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            logger.info("concept ILP stopped before proving optimality (%s)", solver.modelStatusToString(status))
        return list(solution.col_value[:n_x])


class _CandidateRows(dict):
    """Concept rows of each candidate, computed once per selection: its sentence's rows, or
    those of its kept pieces when it was trimmed."""

    def __init__(self, pool: CandidatePool, table: ConceptTable):
        super().__init__()
        self.pool, self.table = pool, table

    def __missing__(self, i: int) -> np.ndarray:
        candidate = self.pool.candidates[i]
        if candidate.pieces is None:
            rows = self.table.sentence_rows[(candidate.document_id, candidate.representative.start)]
        else:
            rows = self.table.rows_for(candidate.analysis)
        self[i] = rows
        return rows


#: Re-solves allowed for same-fact pairs among the chosen; on DUC-2004 at 100 words none is
#: needed (no two chosen candidates state the same fact), so this only bounds odd cases.
_MAX_RESOLVES = 5


def _same_fact_pairs(pool: CandidatePool, usable: list[int], chosen: list[int]) -> list[tuple[int, int]]:
    """Pairs of ``chosen`` (positions in ``usable``) that the semantic layer judges the same
    fact, when the pool carries its decision."""
    if pool.same_fact is None or len(chosen) < 2:
        return []
    found = pool.same_fact.pairs(
        [pool.candidates[usable[k]].text for k in chosen], analyses=[pool.candidates[usable[k]].analysis for k in chosen]
    )
    return [(chosen[m.i], chosen[m.j]) for m in found]


def _overlapping_pairs(terms: list[frozenset[str]], threshold: float) -> list[tuple[int, int]]:
    """Index pairs whose content overlap (:func:`newsum.semantic.containment`) reaches
    ``threshold``, computed as one matrix product instead of n² set operations."""
    if threshold > 1 or len(terms) < 2:
        return []
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, ts in enumerate(terms):
        for t in ts:
            rows.append(row)
            columns.append(vocabulary.setdefault(t, len(vocabulary)))
    incidence = np.zeros((len(terms), max(1, len(vocabulary))), dtype=np.float32)
    incidence[rows, columns] = 1.0
    shared = incidence @ incidence.T
    sizes = np.array([len(ts) for ts in terms], dtype=np.float32)
    smaller = np.minimum.outer(sizes, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        reaches = (smaller > 0) & (shared >= (threshold - 1e-6) * smaller)
    a, b = np.nonzero(np.triu(reaches, k=1))
    return list(zip(a.tolist(), b.tolist()))


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

