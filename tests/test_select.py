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
    assert all(pool.eligible[i] for i in chosen)
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
    prepared = prepare(dam_cluster(), budget=budget)
    chosen = ConceptCoverage().select(prepared.pool, budget)
    supports = [len(prepared.pool.candidates[i].support) for i in chosen]
    assert max(supports) == 3  # the evacuation, carried by all three outlets


def test_concept_selection_is_optimal_on_a_small_case():
    # Three sentences; the best 2-sentence summary covers the most weighted bigrams. Brute force.
    import itertools

    docs = [article(DAM_FACTS[i], DAM_FACTS[(i + 1) % 4], id=str(i)) for i in range(4)]
    budget = Budget(sentences=2)
    pool = prepare(cluster(*docs), budget=budget).pool
    selector = ConceptCoverage()
    weights = selector.concept_weights(pool)

    def value(indices):
        covered = set().union(*(selector.concepts(pool.candidates[i].text) for i in indices))
        return sum(weights.get(c, 0.0) for c in covered)

    chosen = selector.select(pool, budget)
    best = max(
        value(combo)
        for combo in itertools.combinations(range(len(pool)), 2)
        if all(pool.eligible[i] for i in combo)
        and overlap(pool.candidates[combo[0]].terms, pool.candidates[combo[1]].terms) < REDUNDANT_OVERLAP
    )
    assert value(chosen) == pytest.approx(best, rel=1e-6)
