"""The JSON output against its schema, and a golden file of the bundled example.

The golden file pins the whole output for examples/ferry.jsonl. When a change of the
algorithm changes it on purpose, regenerate it and review the diff:
    NEWSUM_UPDATE_GOLDEN=1 python -m pytest tests/test_output_schema.py
"""

import json
import os
from importlib import resources

import pytest

import newsum
from builders import EXAMPLE_JSONL, assert_matches_golden, dam_cluster
from newsum.ingest import read_inputs

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "ferry.json")


def schema():
    return json.loads(resources.files("newsum").joinpath("schemas/summary.schema.json").read_text())


def example_summary():
    (cluster,) = read_inputs([str(EXAMPLE_JSONL)])
    return newsum.summarize(cluster).to_dict()


def test_outputs_validate_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema())
    for output in (example_summary(), newsum.summarize(dam_cluster(), budget=newsum.Budget(chars=400)).to_dict()):
        validator.validate(output)


def test_schema_requires_what_the_issue_promises():
    definition = schema()
    assert {"schema_version", "id", "summary", "sentences", "documents", "method", "params", "newsum_version"} <= set(definition["required"])
    sentence = definition["$defs"]["sentence"]["required"]
    assert sentence == ["text", "document_id", "start", "end", "spans", "sources", "outlets", "support"]


def test_bundled_example_matches_its_golden_file():
    output = example_summary()
    output["newsum_version"] = "<version>"
    assert_matches_golden(output, GOLDEN)


def test_bundled_example_shows_what_the_product_promises():
    output = example_summary()
    texts = {d["id"]: d.get("text") for d in output["documents"]}
    (cluster,) = read_inputs([str(EXAMPLE_JSONL)])
    by_id = {d.id: d for d in cluster.documents}
    for sentence in output["sentences"]:
        assert by_id[sentence["document_id"]].text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert texts["meridian-post"], "HTML input carries its extracted text"
    assert any(len(s["sources"]) >= 2 for s in output["sentences"])
    assert len(output["summary"].split()) <= 100
    noise = ("More From This Section", "Share this", "Subscribe", "By Mara", "(Photo", "Local team wins", "City council approves")
    assert not any(n in output["summary"] for n in noise)
