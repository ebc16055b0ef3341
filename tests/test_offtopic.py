"""Off-topic documents: flagged with a reason, left out of the summary unless kept."""

from __future__ import annotations

import newsum
from newsum.offtopic import find_offtopic
from newsum.terms import analyze

from builders import DAM_FACTS, article, cluster, dam_cluster

# Written for the tests: a page about something else that a crawler put in the cluster.
STRAY = [
    "The Lindqvist Orchestra opened its winter season with a programme of Sibelius symphonies.",
    "Conductor Mirela Santos praised the violin section and the acoustics of the renovated concert hall.",
    "Tickets for the remaining concerts in December are available from the box office.",
    "The orchestra will tour Portugal and Spain in the spring with a new cellist.",
]


def _analyses(*documents: list[str]) -> dict[str, list]:
    return {f"d{i}": [analyze(s) for s in sentences] for i, sentences in enumerate(documents)}


def test_stray_document_in_a_cluster_of_four_is_flagged_with_its_similarity():
    flags = find_offtopic(_analyses(DAM_FACTS[:4], DAM_FACTS[1:5], DAM_FACTS[2:6], STRAY))
    assert [f.document_id for f in flags] == ["d3"]
    assert flags[0].reason.startswith("unrelated: similarity")
    assert 0.0 <= flags[0].score <= 1.0


def test_documents_about_the_same_story_are_not_flagged():
    assert find_offtopic(_analyses(DAM_FACTS[:3], DAM_FACTS[3:], DAM_FACTS[1:4])) == []


def test_a_document_without_article_text_is_flagged_empty():
    flags = find_offtopic({"a": [analyze(s) for s in DAM_FACTS], "b": []})
    assert [(f.document_id, f.reason.split(":")[0]) for f in flags] == [("b", "empty")]


def test_in_a_pair_only_the_much_shorter_unrelated_document_is_flagged():
    # Two unrelated documents of similar length: neither can be called the story.
    assert find_offtopic(_analyses(DAM_FACTS[:4], STRAY)) == []
    flags = find_offtopic(_analyses(DAM_FACTS, STRAY[:1]))
    assert [f.document_id for f in flags] == ["d1"]


def test_never_flags_every_document():
    flags = find_offtopic(_analyses(DAM_FACTS[:2], STRAY[:2], ["Quarterly rainfall in the northern desert fell short of forecasts for a third year."]))
    assert len(flags) <= 2


def _with_stray() -> newsum.Cluster:
    dam = dam_cluster()
    return cluster(*dam.documents, article(*STRAY, id="concert", source="Arts Weekly"))


def test_summary_lists_the_offtopic_document_and_leaves_it_out():
    summary = newsum.summarize(_with_stray(), budget=newsum.Budget(words=120))
    assert [f.document_id for f in summary.offtopic] == ["concert"]
    assert all("concert" not in s.sources for s in summary.sentences)
    assert any("off-topic" in note for note in summary.notes)
    payload = summary.to_dict()
    assert payload["offtopic"][0]["document_id"] == "concert"
    assert set(payload["offtopic"][0]) == {"document_id", "score", "reason"}


def test_keep_offtopic_still_flags_but_lets_the_document_be_used():
    kept = newsum.summarize(_with_stray(), budget=newsum.Budget(words=400), keep_offtopic=True)
    assert [f.document_id for f in kept.offtopic] == ["concert"]
    assert any("concert" in s.sources for s in kept.sentences)
