from builders import article
from newsum.clean import clean
from newsum.semantic import same_wording as same_content
from newsum.similarity import group_redundant
from newsum.terms import content_terms


def terms(text):
    return frozenset(content_terms(text))


BASE = "Four people were treated at St. Aldric's Hospital for minor injuries and released the same day."


def test_exact_one_word_changed_and_clause_added_are_the_same():
    assert same_content(terms(BASE), terms(BASE))
    assert same_content(terms(BASE), terms(BASE.replace("released", "discharged")))
    assert same_content(terms(BASE), terms(BASE[:-1] + ", a hospital spokeswoman said."))


def test_different_facts_about_the_same_actors_are_not_the_same():
    other = "Four people were flown from St. Aldric's Hospital to the capital for surgery on Friday night."
    assert not same_content(terms(BASE), terms(other))
    assert not same_content(terms("Lavrov said."), terms("Lavrov said on Friday the talks had failed."))


def _candidates(*documents):
    sentences = [s for d in documents for s in clean(d) if s.selectable]
    return group_redundant(sentences)


def test_copies_become_one_candidate_supported_by_every_document():
    a = article(BASE, "The ferry left at dawn with two hundred people aboard.", id="a")
    b = article("Rescuers worked through the night in thick fog and rain.", BASE.replace("released", "discharged"), id="b")
    c = article(BASE[:-1] + ", a hospital spokeswoman said.", id="c")
    candidates = _candidates(a, b, c)
    (shared,) = [x for x in candidates if len(x.support) > 1]
    assert set(shared.support) == {"a", "b", "c"}
    # The quoted version is one all three documents carry, not the one with the added clause.
    assert "spokeswoman" not in shared.text
    assert shared.support[0] == shared.document_id


def test_grouping_does_not_depend_on_sentence_order():
    a = article(BASE, "The ferry left at dawn with two hundred people aboard.", id="a")
    b = article(BASE.replace("released", "discharged"), id="b")
    sentences = [s for d in (a, b) for s in clean(d) if s.selectable]
    forward = group_redundant(sentences)
    backward = group_redundant(list(reversed(sentences)))
    assert forward == backward
