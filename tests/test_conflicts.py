"""The conflict engine on small clusters written for the tests: what it reports, what its
rules leave out, and --explain."""

from __future__ import annotations

import json

from builders import article, cluster
from newsum.cli import main
from newsum.insight.conflicts import explain_conflicts, find_conflicts
from newsum.insight.conflicts.same_thing import FEATURES, SameThingModel

BUDGET = "Finance chief {} presented the 2027 budget to the city council on Monday, proposing cuts to road repairs."


def _dated(text: str, id: str, day: str = "2026-03-02T18:00:00+00:00"):
    return article(text, id=id, date=day, source=id)


def test_one_job_given_to_two_people_is_a_conflict():
    found = find_conflicts(cluster(_dated(BUDGET.format("Lena Ortmann"), "a"), _dated(BUDGET.format("Paolo Brandt"), "b")).documents)
    names = [c for c in found if c.kind == "name"]
    assert len(names) == 1
    assert {n for _, n, _ in names[0].values} == {"Lena Ortmann", "Paolo Brandt"}


def test_a_document_that_names_both_people_knows_two_people():
    both = BUDGET.format("Lena Ortmann") + " Her deputy, Paolo Brandt, answered questions."
    found = find_conflicts(cluster(_dated(both, "a"), _dated(BUDGET.format("Paolo Brandt"), "b")).documents)
    assert [c for c in found if c.kind == "name"] == []


def test_an_increment_is_not_a_total():
    a = _dated("Rescue teams recovered three more bodies from the river on Tuesday, officials said.", "a")
    b = _dated("Rescue teams recovered two more bodies from the river on Tuesday, officials said.", "b")
    decisions = explain_conflicts(cluster(a, b).documents)
    counts = [d for d in decisions if d.a.kind == "number"]
    assert counts and all(not d.reported for d in counts)
    assert "increment" in {d.rule for d in counts}


def test_a_restated_count_that_differs_is_reported_with_the_models_probability():
    a = _dated("The fire at the Kessby textile mill killed 12 workers, the fire service said.", "a")
    b = _dated("The fire at the Kessby textile mill killed 15 workers, the fire service said.", "b")
    decisions = [d for d in explain_conflicts(cluster(a, b).documents) if d.a.kind == "number"]
    assert [d.reported for d in decisions] == [True]
    assert decisions[0].probability is not None and decisions[0].rule == "reported"


def test_a_model_that_rejects_everything_reports_no_counts():
    a = _dated("The fire at the Kessby textile mill killed 12 workers, the fire service said.", "a")
    b = _dated("The fire at the Kessby textile mill killed 15 workers, the fire service said.", "b")
    never = SameThingModel((-50.0,) + (0.0,) * len(FEATURES), 0.5)
    assert [c for c in find_conflicts(cluster(a, b).documents, model=never) if c.kind == "number"] == []


def test_the_shipped_model_says_how_it_was_made():
    from importlib import resources

    data = json.loads(resources.files("newsum").joinpath("data/conflict_model.json").read_text())
    assert data["made_by"].startswith("python tools/train_conflicts.py")
    assert "i" not in data["data"] and "j" not in data["data"], "held-out sets must not train the model"
    assert data["features"] == list(FEATURES)
    assert 0 < data["threshold"] < 1


def test_insight_explain_says_why_for_every_pair(tmp_path, capsys):
    path = tmp_path / "c.jsonl"
    docs = [{"id": "a", "date": "2026-03-02", "text": "The fire at the Kessby textile mill killed 12 workers on Monday."},
            {"id": "b", "date": "2026-03-02", "text": "The fire at the Kessby textile mill killed 15 workers on Monday."}]
    path.write_text(json.dumps({"id": "c", "documents": docs}) + "\n")
    assert main(["insight", str(path), "--explain"]) in (0, None)
    out = capsys.readouterr().out
    assert "Why (not) a conflict" in out and "reported (1)" in out
    assert main(["insight", str(path), "--explain", "--format", "json"]) in (0, None)
    data = json.loads(capsys.readouterr().out)
    assert {d["rule"] for d in data["conflict_decisions"]} >= {"reported"}
    assert main(["insight", str(path), "--format", "json"]) in (0, None)
    assert "conflict_decisions" not in json.loads(capsys.readouterr().out)
