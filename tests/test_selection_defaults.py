"""The concept selector's hand-set options are the ones tools/tune_selection.py chose on the
training sets (DUC-2003, Multi-News validation 1-500), not values read on the DUC-2004 test set."""

import json
from pathlib import Path

import pytest

from newsum.select import ConceptCoverage

TUNING = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "selection_tuning.json"


def test_the_shipped_defaults_are_the_tuned_ones():
    tuning = json.loads(TUNING.read_text(encoding="utf-8"))
    selector = ConceptCoverage()
    for name, value in tuning["chosen"].items():
        assert getattr(selector, name) == pytest.approx(value), f"{name}: rerun tools/tune_selection.py or update the default"


def test_the_tuning_never_saw_the_test_set():
    tuning = json.loads(TUNING.read_text(encoding="utf-8"))
    assert tuning["data"] and not any("duc2004" in path for path in tuning["data"])
    assert all("duc2004" not in name for point in tuning["tried"] for name in point["result"])
