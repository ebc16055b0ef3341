"""newsum.insight: conflicts, corroboration, timeline, entities and the `newsum insight` command
(quotes have their own file). Clusters written for the tests."""

from __future__ import annotations

import json

import newsum
from builders import REPO, article, cluster, record, assert_matches_golden
from newsum.cli import main

FIRE = [
    article(
        "A blaze broke out at the Varn chemical plant in Eskby on Tuesday night.",
        "In all, 12 workers were taken to hospital with smoke injuries, the regional council said.",
        "Fire Chief Marta Ilves said the blaze was under control by midnight.",
        id="north", source="North Post", date="2026-03-11",
    ),
    article(
        "A fire broke out at the Varn chemical plant in Eskby on Wednesday night, officials said.",
        "In all, 19 workers were taken to hospital with smoke injuries, according to the regional council.",
        "The plant's owner said production would resume next month.",
        id="valley", source="Valley Herald", date="2026-03-12",
    ),
    article(
        "Firefighters battled a blaze at the Varn chemical plant in Eskby on Tuesday.",
        "Residents of nearby streets were told to keep their windows shut overnight.",
        id="wire", source="Coastal Wire", date="2026-03-11",
    ),
]


def test_a_count_and_a_day_that_outlets_state_differently_are_conflicts():
    report = newsum.insight(cluster(*FIRE))
    kinds = {c.kind: c for c in report.conflicts}
    assert set(kinds) == {"number", "date"}
    assert {n for _, n, _ in kinds["number"].values} == {"12", "19"}
    assert all("workers" in text for text, _, _ in kinds["number"].values)
    days = {n for _, n, _ in kinds["date"].values}
    assert days == {"2026-03-10", "2026-03-11"}  # Tuesday night vs Wednesday night, resolved against the dates


def test_an_update_that_says_so_is_not_a_conflict():
    a = article("In all, 12 workers were taken to hospital after the fire at the Varn plant, the council said.", id="a")
    b = article("The number of workers taken to hospital after the fire at the Varn plant rose to 19, the council said.", id="b")
    c = article("Fire crews worked through the night at the Varn plant in Eskby.", id="c")
    assert [k for k in newsum.insight(cluster(a, b, c)).conflicts if k.kind == "number"] == []


def test_statements_in_several_outlets_are_corroborated_and_the_rest_single_source():
    report = newsum.insight(cluster(*FIRE))
    confirmed = [c for c in report.corroboration if len(c.outlets) > 1]
    assert any({"north", "wire"} <= set(c.sources) and "chemical plant" in c.text for c in confirmed)
    single = [c for c in report.corroboration if c.label == "single-source"]
    assert any("production would resume" in c.text for c in single)
    for group in report.corroboration:
        for statement in group.statements:
            document = next(d for d in FIRE if d.id == statement.document_id)
            assert document.text[statement.start : statement.end] == statement.text


def test_timeline_is_ordered_and_resolves_weekdays():
    report = newsum.insight(cluster(*FIRE))
    dates = [e.date for e in report.timeline]
    assert dates == sorted(dates) and "2026-03-10" in dates


def test_entities_merge_name_variants():
    report = newsum.insight(cluster(*FIRE))
    names = {e.name: e for e in report.entities}
    assert "Eskby" in names and len(names["Eskby"].sources) == 3


def test_insight_command_json_and_jsonl(tmp_path, capsys):
    documents = [{"id": d.id, "source": d.source, "date": d.date.isoformat(), "text": d.text} for d in FIRE]
    path = tmp_path / "fire.jsonl"
    path.write_text(record(*documents, id="fire") + "\n" + record(*documents, id="fire-2") + "\n")
    assert main(["insight", str(path), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["fire", "fire-2"]
    payload = json.loads(lines[0])
    assert set(payload) >= {"quotes", "conflicts", "corroboration", "entities", "timeline"}
    assert main(["insight", str(path), "--format", "json"]) == 0
    assert [item["id"] for item in json.loads(capsys.readouterr().out)] == ["fire", "fire-2"]
    assert main(["insight", str(path)]) == 0
    assert "Conflicts" in capsys.readouterr().out


def test_korea_missile_day_conflict_is_reported(shared_data):
    from newsum.ingest import read_inputs

    (korea,) = list(read_inputs([str(shared_data / "examples" / "korea-2017.jsonl")]))
    days = [c for c in newsum.insight(korea).conflicts if c.kind == "date"]
    assert any({n for _, n, _ in c.values} >= {"tuesday", "wednesday"} and c.explanation for c in days)


GOLDEN_INSIGHT = REPO / "tests" / "golden" / "ferry-insight.json"


def _ferry_insight():
    from builders import EXAMPLE_JSONL
    from newsum.ingest import read_inputs

    (ferry,) = read_inputs([str(EXAMPLE_JSONL)])
    return ferry, newsum.insight(ferry).to_dict()


def test_insight_validates_against_its_schema_and_offsets_hold():
    import pytest
    from importlib import resources

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resources.files("newsum").joinpath("schemas/insight.schema.json").read_text())
    ferry, output = _ferry_insight()
    jsonschema.Draft202012Validator(schema).validate(output)
    jsonschema.Draft202012Validator(schema).validate(newsum.insight(cluster(*FIRE)).to_dict())
    texts = {d.id: d.text for d in ferry.documents}
    spans = [m for q in output["quotes"] for m in q["mentions"]]
    spans += [s for c in output["corroboration"] for s in c["statements"]]
    spans += [m for c in output["conflicts"] for v in c["values"] for m in v["mentions"]]
    for span in spans:
        assert texts[span["document_id"]][span["start"] : span["end"]] == span["text"]


def test_ferry_insight_matches_its_golden_file():
    _, output = _ferry_insight()
    assert_matches_golden(output, GOLDEN_INSIGHT)


def test_min_sources_keeps_only_statements_that_enough_outlets_carry():
    summary = newsum.summarize(cluster(*FIRE), budget=newsum.Budget(words=200), min_sources=2)
    assert summary.sentences
    report = newsum.insight(cluster(*FIRE))
    outlets_of = {}
    for group in report.corroboration:
        for statement in group.statements:
            outlets_of[(statement.document_id, statement.start)] = len(group.outlets)
    for sentence in summary.sentences:
        carried = max(len(set(sentence.outlets)), outlets_of.get((sentence.document_id, sentence.start), 1))
        assert carried >= 2, sentence.text
    assert any("2 or more outlets" in note for note in summary.notes)
    assert "production would resume" not in summary.text  # one outlet only


def test_with_insight_adds_the_insight_to_the_summary_json(capsys, tmp_path):
    documents = [{"id": d.id, "source": d.source, "date": d.date.isoformat(), "text": d.text} for d in FIRE]
    path = tmp_path / "fire.jsonl"
    path.write_text(record(*documents, id="fire") + "\n")
    assert main(["summarize", str(path), "--format", "json", "--with-insight"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload["insight"]) >= {"quotes", "conflicts", "corroboration", "entities", "timeline"}
    assert main(["summarize", str(path), "--min-sources", "0"]) == 2
