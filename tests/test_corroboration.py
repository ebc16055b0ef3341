"""Corroboration: which statements of different documents state the same fact (clusters
written for the tests; no real article text)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from builders import REPO, article
from newsum.errors import ConfigError
from newsum.insight.corroboration import FEATURES, CorroborationModel, corroborate, pair_features

# Two outlets report a factory shutdown at a company whose chief executive is Henrik Vos.
VOS = [
    article(
        "Kardel Motors halted production lines at its Brennholm plant on Monday, chief executive Henrik Vos said.",
        "The shutdown affects about 2,300 workers, according to the company.",
        "Chief executive Henrik Vos did not respond to questions about job cuts.",
        "Shares in the company fell 6 percent in early trading.",
        id="wire", source="Northline Wire",
    ),
    article(
        "Henrik Vos, the chief executive of Kardel Motors, said the company stopped its assembly lines in Brennholm on Monday.",
        "Around 2,300 employees are affected by the stoppage, the carmaker said.",
        "Nobody was injured when a crane collapsed at the site last week.",
        "The stock dropped 6 percent shortly after the market opened.",
        id="post", source="Brennholm Post",
    ),
    article(
        "Investors sold Kardel Motors stock after the Brennholm plant shut down.",
        "No one was hurt in last week's crane collapse at the factory.",
        "The company's chief executive did not answer questions on Monday.",
        id="radio", source="Radio Brennholm",
    ),
]


def grouped(groups, a: str, b: str) -> bool:
    return any(any(a in s.text for s in g.statements) and any(b in s.text for s in g.statements) for g in groups)


def test_statements_about_one_person_that_state_different_facts_are_not_grouped():
    groups = corroborate(VOS)
    assert not grouped(groups, "halted production lines", "did not respond to questions")
    assert not grouped(groups, "halted production lines", "did not answer questions")


def test_paraphrases_with_few_shared_words_are_grouped():
    groups = corroborate(VOS)
    assert grouped(groups, "Nobody was injured", "No one was hurt")
    assert grouped(groups, "halted production lines", "stopped its assembly lines")


def test_a_group_holds_one_statement_per_document():
    for group in corroborate(VOS):
        assert len(group.sources) == len(group.statements)
        assert group.label == ("single-source" if len(group.outlets) == 1 else f"confirmed by {len(group.outlets)} outlets")


def test_pair_features_are_symmetric_and_zero_within_a_document():
    texts = ["The plant closed on Monday.", "The factory shut on Monday.", "Shares fell 6 percent."]
    features = pair_features(texts, ["a", "b", "a"])
    assert features.shape == (3, 3, len(FEATURES))
    assert np.allclose(features, features.transpose(1, 0, 2), atol=1e-6)
    assert not features[0, 2].any() and not features[0, 0].any()


def test_the_shipped_model_says_how_it_was_made():
    data = json.loads((REPO / "src" / "newsum" / "data" / "corroboration_model.json").read_text("utf-8"))
    assert data["features"] == list(FEATURES)
    assert data["trained_with"].startswith("python tools/train_corroboration.py")
    assert "clusters_i" not in json.dumps(data["data"]) and "clusters_j" not in json.dumps(data["data"])
    CorroborationModel.load()


def test_a_model_with_the_wrong_number_of_weights_names_the_fix():
    with pytest.raises(ConfigError, match="train_corroboration"):
        CorroborationModel((0.0, 1.0), threshold=0.5, linkage=0.5)
