"""Every selector keeps the contract of newsum.select.base: within the budget, eligible only,
no two candidates that repeat each other."""

import pytest

from builders import DAM_FACTS, article, cluster, dam_cluster
from newsum import Budget
from newsum.select import SELECTORS, ConceptCoverage, make_selector
from newsum.select.base import REDUNDANT_OVERLAP
from newsum.similarity import overlap
from newsum.summarizer import prepare

BUDGETS = [Budget(words=25), Budget(words=60), Budget(sentences=2), Budget(chars=300)]


@pytest.mark.parametrize("method", sorted(SELECTORS))
@pytest.mark.parametrize("budget", BUDGETS, ids=str)
def test_selector_contract(method, budget):
    pool = prepare(dam_cluster(), budget=budget).pool
    chosen = make_selector(method).select(pool, budget)
    assert chosen, "a cluster with fitting sentences gets a non-empty selection"
    assert len(set(chosen)) == len(chosen)
    assert budget.used([pool.candidates[i].text for i in chosen]) <= budget.limit
    assert all(pool.may_choose(i, fallback=True) for i in chosen)
    for a in chosen:
        for b in chosen:
            if a < b:
                assert overlap(pool.candidates[a].terms, pool.candidates[b].terms) < REDUNDANT_OVERLAP


@pytest.mark.parametrize("method", sorted(SELECTORS))
def test_selector_params_round_trip(method):
    selector = make_selector(method)
    assert make_selector(method, **selector.get_params()).get_params() == selector.get_params()


def test_concept_selection_prefers_what_many_documents_report():
    budget = Budget(words=25)
    pool = prepare(dam_cluster(), budget=budget).pool
    by_frequency = ConceptCoverage(weighting="frequency").select(pool, budget)
    assert max(len(pool.candidates[i].support) for i in by_frequency) == 3  # the evacuation: all three outlets
    learned = ConceptCoverage().select(pool, budget)
    assert min(len(pool.candidates[i].support) for i in learned) >= 2  # a lead fact two outlets carry


@pytest.mark.parametrize("weighting", ["learned", "frequency"])
def test_concept_selection_is_optimal_on_a_small_case(weighting):
    # The best 2-sentence summary covers the most concept weight; check against brute force.
    import itertools

    docs = [article(DAM_FACTS[i], DAM_FACTS[(i + 1) % 4], id=str(i)) for i in range(4)]
    budget = Budget(sentences=2)
    pool = prepare(cluster(*docs), budget=budget).pool
    selector = ConceptCoverage(weighting=weighting, shortlist=None)
    table, weights = selector.weights(pool)

    def rows(i):
        candidate = pool.candidates[i]
        return set(table.sentence_rows[(candidate.document_id, candidate.representative.start)].tolist())

    def value(indices):
        return sum(weights[r] for r in set().union(*(rows(i) for i in indices)))

    chosen = selector.select(pool, budget)
    best = max(
        value(combo)
        for combo in itertools.combinations(range(len(pool)), 2)
        if all(pool.eligible[i] for i in combo)
        and overlap(pool.candidates[combo[0]].terms, pool.candidates[combo[1]].terms) < REDUNDANT_OVERLAP
    )
    assert value(chosen) == pytest.approx(best, rel=1e-6)
