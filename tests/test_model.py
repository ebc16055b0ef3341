import datetime as dt

import pytest

from newsum import Budget, Cluster, ConfigError, Document, InputError, Summary
from newsum.model import content_id


@pytest.mark.parametrize("kwargs", [{}, {"words": 5, "sentences": 2}, {"words": 0}, {"chars": -1}, {"words": 2.5}, {"words": True}])
def test_budget_refuses_anything_but_one_positive_int(kwargs):
    with pytest.raises(ConfigError):
        Budget(**kwargs)


def test_budget_costs():
    assert Budget(words=3).cost("a b  c\nd") == 4
    assert Budget(sentences=2).cost("anything at all") == 1
    chars = Budget(chars=11)
    assert chars.used(["abcde", "fghij"]) == 11  # joined by one space
    assert sum(chars.cost(t) for t in ["abcde", "fghij"]) <= chars.allowance
    assert sum(chars.cost(t) for t in ["abcde", "fghijk"]) > chars.allowance
    assert Budget.coerce(50) == Budget(words=50)
    assert Budget.coerce({"chars": 665}) == Budget(chars=665)


def test_document_dates_parse_iso_and_refuse_others():
    assert Document(text="x", date="2017-11-30").date == dt.date(2017, 11, 30)
    assert Document(text="x", date="2017-11-30T14:05:00Z").date == dt.datetime(2017, 11, 30, 14, 5, tzinfo=dt.timezone.utc)
    assert Document(text="x", date="").date is None
    with pytest.raises(InputError, match="ISO 8601"):
        Document(text="x", date="Nov 30, 2017")


def test_missing_id_is_a_stable_content_hash():
    a = Document(text="Same text.", source="A")
    assert a.id == Document(text="Same text.", source="A").id
    assert a.id != Document(text="Same text.", source="B").id
    assert a.id.startswith("doc-") and a.id == content_id("Same text.", None, None, "A")


def test_outlet_comes_from_source_else_url_host():
    assert Document(text="x", source=" Harbor Daily ").outlet == "Harbor Daily"
    assert Document(text="x", url="https://www.example.org/a/b").outlet == "example.org"
    assert Document(text="x").outlet is None


def test_unknown_fields_are_kept_and_frozen():
    document = Document(text="x", extra={"section": "Regional"})
    assert document.extra["section"] == "Regional"
    with pytest.raises(TypeError):
        document.extra["section"] = "other"  # type: ignore[index]


def test_cluster_refuses_duplicate_ids():
    with pytest.raises(InputError, match="appears twice"):
        Cluster(documents=(Document(text="a", id="x"), Document(text="b", id="x")))


def test_summary_round_trips_through_its_dict(tmp_path):
    import newsum
    from builders import dam_cluster

    summary = newsum.summarize(dam_cluster())
    assert Summary.from_dict(summary.to_dict()).to_dict() == summary.to_dict()


def test_documents_clusters_and_summaries_survive_pickling():
    """They travel to worker processes (--workers, batch jobs) and back unchanged."""
    import pickle

    import newsum
    from builders import dam_cluster

    cluster = dam_cluster()
    document = Document(text="x", id="a", extra={"section": "Regional"}, date="2026-03-14")
    assert pickle.loads(pickle.dumps(document)) == document
    assert pickle.loads(pickle.dumps(cluster)) == cluster
    summary = newsum.summarize(cluster)
    assert pickle.loads(pickle.dumps(summary)).to_dict() == summary.to_dict()
