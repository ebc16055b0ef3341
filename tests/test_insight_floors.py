"""The labelled insight sets gate the build: no change may lower a set's figures (quotes with
speakers, conflicts, corroboration) below the floors pinned in tests/insight/floors.json by
tools/pin_insight_floors.py. The sets are ours and in the repository, so this always runs."""

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "insight" / "floors.json").read_text())
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_insight_does_not_fall_below_the_floors(name):
    import pin_insight_floors as gate

    path = gate.labelled_sets()[name]
    pinned = FLOORS["sets"][name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pinned["sha256"], f"{path.name} changed: re-pin on purpose"
    measured = gate.measure(path)
    below = {k: (round(measured[k], 3), floor) for k, floor in pinned["floors"].items() if measured[k] < floor}
    assert not below, f"set {name} fell below its floors (measured, floor): {below}"


def test_every_labelled_set_is_gated():
    import pin_insight_floors as gate

    assert set(gate.labelled_sets()) == set(FLOORS["sets"]), "a labelled set has no floors: pin them"
