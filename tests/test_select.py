"""Every selector keeps the contract of newsum.select.base: within the budget, eligible only,
no two candidates that repeat each other."""

import pytest

from builders import DAM_FACTS, article, cluster, dam_cluster
from newsum import Budget
from newsum.select import SELECTORS, ConceptCoverage, make_selector
from newsum.select.base import REDUNDANT_OVERLAP
from newsum.semantic import containment as overlap
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


def test_size_blend_gives_large_clusters_the_large_model_and_small_ones_mostly_the_small():
    import numpy as np

    from newsum.select.salience import LARGE_CLUSTER, LearnedModel, large_share, learned_model

    assert large_share(LARGE_CLUSTER) == 1.0 and large_share(50) == 1.0
    assert 0.29 < large_share(2) < 0.31 and large_share(1) == large_share(2)
    assert all(large_share(n) < large_share(n + 1) for n in range(2, LARGE_CLUSTER))
    model = LearnedModel(np.ones(3), np.ones(3), {}, np.zeros(3), np.zeros(3), {})
    assert model.coefficients(12)[0].tolist() == [1.0, 1.0, 1.0]
    assert np.allclose(model.coefficients(2)[0], large_share(2))
    shipped = learned_model()
    assert shipped.small_bigram is not None, "concept_model.json carries the small-cluster model"
    assert shipped.small_provenance and "Multi-News" in shipped.small_provenance["trained_on"]


def test_overlap_limit_relaxes_only_when_the_budget_takes_much_of_the_cluster():
    from newsum.select.concept import RELAX_OVERLAP_SHARE, RELAXED_OVERLAP

    pool = prepare(dam_cluster(), budget=Budget(words=40)).pool
    supply = sum(Budget(words=1).cost(c.text) for i, c in enumerate(pool.candidates) if pool.eligible[i])
    selector = ConceptCoverage()
    small = int(RELAX_OVERLAP_SHARE * supply) - 1
    assert selector.overlap_limit(pool, Budget(words=small)) == REDUNDANT_OVERLAP
    assert selector.overlap_limit(pool, Budget(words=supply)) == RELAXED_OVERLAP
    assert ConceptCoverage(relax_overlap_share=None).overlap_limit(pool, Budget(words=supply)) == REDUNDANT_OVERLAP
