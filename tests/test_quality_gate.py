"""The quality gate: ROUGE on a fixed subset of real clusters must stay at or above the floors
pinned in tests/quality/floors.json (see tools/pin_quality_floors.py). Skipped when
../shared/data is absent; each scorer is checked when it can run here."""

import json
import sys
from pathlib import Path

import pytest

from newsum.evaluate.rouge import available_scorers

FLOORS = json.loads((Path(__file__).parent / "quality" / "floors.json").read_text())
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))


@pytest.mark.parametrize("scorer", sorted(FLOORS["floors"]))
def test_quality_does_not_fall_below_the_floors(shared_data, scorer):
    import pin_quality_floors as gate

    if scorer not in available_scorers():
        pytest.skip(f"{scorer} is not available here")
    lines = gate.subset_lines(shared_data)
    assert gate.subset_hash(lines) == FLOORS["subset_sha256"], "the gate's data changed: re-pin on purpose"
    measured = gate.measure(lines, scorer)
    below = {m: (round(v, 2), FLOORS["floors"][scorer][m]) for m, v in measured.items() if v < FLOORS["floors"][scorer][m]}
    assert not below, f"ROUGE fell below the pinned floors (measured, floor): {below}"
