"""Summaries that answer a question (--query): relevant sentences only, still verbatim and
cited; an explicit "not answered" for a question the documents do not address."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import newsum
from builders import DAM_FACTS, dam_cluster, record
from newsum.cli import main

SCHEMA = json.loads(resources.files("newsum").joinpath("schemas/summary.schema.json").read_text())


def test_a_query_picks_the_sentences_that_answer_it():
    question = "How many residents of Eskby and Tolmar were moved to higher ground?"
    summary = newsum.summarize(dam_cluster(), budget=30, query=question)
    assert summary.query is not None and summary.query.answered
    assert any("4,000 residents" in s.text for s in summary.sentences)
    for sentence in summary.sentences:
        document = next(d for d in summary.documents if d.id == sentence.document_id)
        assert document.text[sentence.start : sentence.end] == sentence.text  # verbatim, cited
        assert sentence.sources


def test_only_the_most_relevant_sentences_may_answer():
    from newsum.query import focus, relevance
    from newsum.summarizer import prepare

    question = "Were rail services between Eskby and the coast suspended by the flooding?"
    budget = newsum.Budget(words=30)
    pool = prepare(dam_cluster(), budget=budget, query=question).pool
    scores = relevance(question, [c.text for c in pool.candidates], [c.analysis for c in pool.candidates])
    allowed = focus(scores, [budget.cost(c.text) for c in pool.candidates], budget.limit)
    assert allowed[int(scores.argmax())] and not all(allowed)
    assert all(not e or a for e, a in zip(pool.eligible, allowed))


def test_a_question_the_documents_do_not_address_is_not_answered():
    summary = newsum.summarize(dam_cluster(), budget=60, query="What did the central bank decide about mortgage interest rates?")
    assert summary.query is not None and not summary.query.answered
    assert summary.sentences == ()
    assert any("do not answer the query" in note for note in summary.notes)
    data = summary.to_dict()
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["query"]["answered"] is False and data["sentences"] == []


def test_without_a_query_the_summary_is_as_before():
    plain = newsum.summarize(dam_cluster(), budget=60)
    assert plain.query is None and "query" not in plain.to_dict()
    jsonschema.Draft202012Validator(SCHEMA).validate(plain.to_dict())


def test_the_cluster_query_field_is_used_and_checked(tmp_path, capsys):
    documents = [{"id": f"d{i}", "text": fact} for i, fact in enumerate(DAM_FACTS)]
    path = tmp_path / "c.jsonl"
    path.write_text(record(*documents, id="dam", query="What did the central bank decide about mortgage interest rates?") + "\n")
    assert main(["summarize", str(path), "--words", "40"]) == 0
    out = capsys.readouterr().out
    assert "Not answered" in out and "Question: What did the central bank" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text(record(*documents, id="dam", query=7) + "\n")
    assert main(["summarize", str(bad)]) != 0
    assert "'query' must be a non-empty string" in capsys.readouterr().err


def test_an_empty_query_is_refused(capsys):
    assert main(["summarize", "examples/ferry.jsonl", "--query", "  "]) != 0
    assert "--query needs the question's text" in capsys.readouterr().err


def test_the_query_settings_say_how_they_were_chosen():
    data = json.loads(resources.files("newsum").joinpath("data/query_model.json").read_text())
    assert data["made_by"].startswith("python tools/train_query.py")
    assert not any("duc2004" in path for path in data["data"]), "DUC-2004 questions are the test set"


@pytest.mark.parametrize("budget", [20, 60])
def test_an_answered_summary_keeps_the_budget(budget):
    summary = newsum.summarize(dam_cluster(), budget=budget, query="How many residents were moved to higher ground?")
    assert len(summary.text.split()) <= budget


def test_eval_uses_the_cluster_query(tmp_path, capsys):
    documents = [{"id": f"d{i}", "text": fact} for i, fact in enumerate(DAM_FACTS)]
    reference = "About 4,000 residents of Eskby and Tolmar were moved to higher ground overnight."
    path = tmp_path / "q.jsonl"
    path.write_text(
        record(*documents, id="asked", query="How many residents were moved to higher ground?", references=[reference]) + "\n"
        + record(*documents, id="unanswerable", query="What did the central bank decide about mortgage interest rates?",
                 references=[reference]) + "\n"
    )
    assert main(["eval", str(path), "--words", "30", "--baselines", "none", "--scorer", "rouge-score", "--no-progress"]) == 0
    out = capsys.readouterr().out
    timing = [line for line in out.splitlines() if line.startswith("newsum (concept)")][-1]
    # ms/cluster, over budget, failed: a question the documents do not answer is an empty
    # summary that scores 0, not a failure.
    assert timing.split()[3:5] == ["0", "0"], timing
