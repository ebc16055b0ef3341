"""The issue's bar on real scraped and benchmark clusters (skipped when ../shared is absent)."""

import json

import pytest

import newsum
from newsum.clean import clean
from newsum.ingest import read_inputs
from newsum.select.base import REDUNDANT_OVERLAP
from newsum.semantic import SameFact
from newsum.semantic import containment as overlap
from newsum.terms import content_terms


def test_korea_2017(shared_data):
    (cluster,) = read_inputs([str(shared_data / "examples" / "korea-2017.jsonl")])
    summary = newsum.summarize(cluster, budget=newsum.Budget(words=100))
    by_id = {d.id: d for d in cluster.documents}
    assert len(summary.text.split()) <= 100
    for sentence in summary.sentences:
        assert by_id[sentence.document_id].text[sentence.start : sentence.end] == sentence.text
    # No boilerplate, title or stray headline: every summary sentence is a body sentence.
    body = {(s.document_id, s.start, s.end) for d in cluster.documents for s in clean(d) if s.selectable}
    body_text = {d.id: {s.text for s in clean(d) if s.selectable} for d in cluster.documents}
    assert all((s.document_id, s.start, s.end) in body for s in summary.sentences)
    for noise in ("More From This Section", "Crisis Management", "US, allies push", "Ronaldo", "Kentucky lawyer"):
        assert noise not in summary.text
    # No two summary sentences say the same thing.
    terms = [frozenset(content_terms(s.text)) for s in summary.sentences]
    assert all(overlap(a, b) < REDUNDANT_OVERLAP for i, a in enumerate(terms) for b in terms[i + 1 :])
    # At least one sentence is carried by two or more documents and cites all of them, each by
    # a whole sentence of its own that states the same fact (nearly verbatim, or in other words
    # by the semantic layer's decision).
    shared = [s for s in summary.sentences if len(s.sources) >= 2]
    assert shared
    same = SameFact()
    for sentence in shared:
        for span in sentence.support:
            passage = by_id[span.document_id].text[span.start : span.end]
            assert passage in body_text[span.document_id]
            assert _near(sentence.text, passage) or same.same(sentence.text, passage)


def _near(sentence, text):
    """The cited document carries the sentence nearly verbatim (same content words in one of its sentences)."""
    wanted = frozenset(content_terms(sentence))
    from newsum.segment import split_sentences

    return any(overlap(wanted, frozenset(content_terms(s.text))) >= 0.8 for s in split_sentences(text))


def test_duc2004_all_clusters_summarize_within_budget(shared_data):
    path = shared_data / "duc2004" / "clusters.jsonl"
    summaries = list(newsum.Summarizer(budget=newsum.Budget(words=100)).pipe(c for c in read_inputs([str(path)])))
    assert len(summaries) == 50
    for summary in summaries:
        assert summary.sentences and len(summary.text.split()) <= 100


def test_multinews_sample_summarizes(shared_data):
    path = shared_data / "multinews-val" / "clusters.jsonl"
    with path.open() as handle:
        lines = [next(handle) for _ in range(30)]
    for line in lines:
        cluster = json.loads(line)
        summary = newsum.summarize(cluster["documents"], budget=newsum.Budget(words=250), id=cluster["id"])
        assert len(summary.text.split()) <= 250
