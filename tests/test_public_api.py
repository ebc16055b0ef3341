import inspect

import pytest

import newsum
from builders import DAM_FACTS, dam_cluster


def test_public_surface_is_exactly_all():
    assert sorted(newsum.__all__) == sorted(
        [
            "__version__", "summarize", "Summarizer", "Budget", "Document", "Cluster", "Summary",
            "SummarySentence", "Span", "NewsumError", "InputError", "IngestError", "MalformedRecord",
            "EmptyCluster", "BudgetTooSmall", "ConfigError", "MissingDependency", "insight", "Insight",
        ]
    )
    for name in newsum.__all__:
        assert hasattr(newsum, name)


def test_options_are_keyword_only():
    for function in (newsum.summarize, newsum.Summarizer.summarize, newsum.Summarizer.__init__, newsum.insight):
        params = list(inspect.signature(function).parameters.values())
        positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        assert positional in (["documents"], ["self", "documents"], ["self"])


def test_summarize_accepts_strings_dicts_and_documents():
    texts = [" ".join(DAM_FACTS[:3]), " ".join(DAM_FACTS[2:5])]
    from_strings = newsum.summarize(texts, budget=40)
    from_dicts = newsum.summarize([{"text": t} for t in texts], budget=newsum.Budget(words=40))
    from_docs = newsum.summarize([newsum.Document(text=t) for t in texts], budget=40)
    assert from_strings.text == from_dicts.text == from_docs.text
    assert from_strings.text
    assert len(from_strings.text.split()) <= 40


def test_summarizer_is_reusable_and_reports_its_params():
    summarizer = newsum.Summarizer(budget=newsum.Budget(sentences=2), method="concept")
    first = summarizer.summarize(dam_cluster())
    second = summarizer.summarize(dam_cluster())
    assert first == second
    assert len(first.sentences) <= 2
    assert first.method == "concept"
    assert "min_df" in first.params
    assert list(summarizer.pipe([dam_cluster(), dam_cluster()])) == [first, first]


def test_errors_form_one_tree():
    for name in ("InputError", "IngestError", "MalformedRecord", "EmptyCluster", "BudgetTooSmall", "ConfigError", "MissingDependency"):
        assert issubclass(getattr(newsum, name), newsum.NewsumError)
    assert issubclass(newsum.ConfigError, ValueError)
    assert issubclass(newsum.MissingDependency, ImportError)


def test_a_single_string_is_refused_with_a_hint():
    with pytest.raises(newsum.ConfigError, match="list of documents"):
        newsum.summarize("just one string")


def test_unknown_method_names_the_choices():
    with pytest.raises(newsum.ConfigError, match="centrality"):
        newsum.summarize(["Some text here. More text there."], method="magic")


def test_library_does_not_configure_logging():
    import logging

    assert logging.getLogger("newsum").handlers == []
