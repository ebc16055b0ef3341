import pytest

from builders import article
from newsum.clean import clean
from newsum.standalone import is_bare_quote, standalone_problem, starts_with_reference


@pytest.mark.parametrize("text", ["He advocated negotiations instead of new sanctions.", "But questions remain about the route.", "It also had 11 crew members aboard."])
def test_unresolved_references(text):
    assert starts_with_reference(text)


@pytest.mark.parametrize("text", ["US officials said the ferry ran aground on Tuesday.", "Italy said it would join.", '"We will stay," she said.', "Thomas said so."])
def test_not_references(text):
    assert not starts_with_reference(text)


def test_bare_quotes():
    assert is_bare_quote('"I think the Chinese are doing a lot".')
    assert is_bare_quote("``We had every passenger counted.''")
    assert not is_bare_quote('"We regard this negatively", Lavrov said.')
    assert not is_bare_quote("“This is a stopgap,” said Mr. Wrenfield.")


def test_interview_answers_are_unattributed_speech():
    (sentence,) = clean(article("A. Well, the company has been trying to get bigger for years."))
    assert standalone_problem(sentence) == "bare-quote"


def test_problems_of_labeled_sentences():
    sentences = clean(article("``Visibility was poor when the first call came in. Our crews were on scene within minutes."))
    assert [standalone_problem(s) for s in sentences] == ["bare-quote", "inside-quote"]
