"""Every span insight reports is verbatim at its offsets: quotations, conflicting values and
their sentences, corroborated statements, timeline statements, and the pairs --explain shows.
A property over clusters drawn from our labelled sets (every document shuffled, dropped or
cut short), so no rule can drift its offsets on text it has not seen."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsum import Cluster, Document
from newsum.insight import build_insight

SETS = sorted((Path(__file__).parent / "insight").glob("clusters_*.jsonl"))
DOCUMENTS = [
    (json.loads(line)["id"], d)
    for path in SETS[:4]  # a-d: enough variety, a small search space
    for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    for d in json.loads(line)["documents"]
]


def _spans(report: dict):
    for quote in report["quotes"]:
        for m in quote["mentions"]:
            yield m["document_id"], m["start"], m["end"], m["text"]
    for conflict in report["conflicts"]:
        for value in conflict["values"]:
            for m in value["mentions"]:
                yield m["document_id"], m["start"], m["end"], m["text"]
    for fact in report["corroboration"]:
        for s in fact["statements"]:
            yield s["document_id"], s["start"], s["end"], s["text"]
    for event in report["timeline"]:
        for s in event["statements"]:
            yield s["document_id"], s["start"], s["end"], s["text"]
    for decision in report.get("conflict_decisions", []):
        for v in decision["values"]:
            yield v["document_id"], v["start"], v["end"], v["text"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.integers(0, len(DOCUMENTS) - 1), min_size=2, max_size=4, unique=True),
    cut=st.floats(0.3, 1.0),
)
def test_every_reported_span_is_verbatim_at_its_offsets(picks, cut):
    documents = []
    for n, index in enumerate(picks):
        _, d = DOCUMENTS[index]
        text = d["text"] if n else d["text"][: int(len(d["text"]) * cut)]  # one document cut mid-sentence
        documents.append(Document(text=text, id=f"{d['id']}-{n}", date=d.get("date"), source=d.get("source")))
    report = build_insight(Cluster(documents=tuple(documents), id="property"), explain=True).to_dict()
    texts = {d.id: d.text for d in documents}
    for document_id, start, end, text in _spans(report):
        assert texts[document_id][start:end] == text, (document_id, start, end, text)
