import pytest

from newsum.segment import paragraph_spans, quote_balance, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_offsets_are_verbatim():
    text = "  First one here.  Second one, with Mr. Smith.\n\nThird?\n"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. envoy met Mr. Lee on Jan. 5 in St. Louis at 10 a.m. They talked.",
         ["The U.S. envoy met Mr. Lee on Jan. 5 in St. Louis at 10 a.m.", "They talked."]),
        ("Cmdr. Helena Marsh said fog had settled. Crews arrived.", ["Cmdr. Helena Marsh said fog had settled.", "Crews arrived."]),
        ("Russia's U.N. Ambassador Ivan Petrov spoke on Wednesday. He left.", ["Russia's U.N. Ambassador Ivan Petrov spoke on Wednesday.", "He left."]),
        ("Former President F.W. de Klerk spoke. He lives in the U.S. The president agreed.",
         ["Former President F.W. de Klerk spoke.", "He lives in the U.S.", "The president agreed."]),
    ],
)
def test_abbreviations_do_not_end_sentences(text, expected):
    assert texts(text) == expected


def test_a_quotation_spanning_sentences_stays_one_sentence():
    text = 'She said: "We never sought war. And if war comes, we will win." Then she left.'
    assert texts(text) == ['She said: "We never sought war. And if war comes, we will win."', "Then she left."]
    wire = "``We will not go. We will stay here,'' he said. Then Gen. Smith spoke."
    assert texts(wire) == ["``We will not go. We will stay here,'' he said.", "Then Gen. Smith spoke."]


def test_a_sentence_inside_an_unclosed_quotation_is_marked():
    sentences = split_sentences("``Visibility was poor when the call came. Our crews were there in minutes.")
    assert [s.inside_quote for s in sentences] == [False, True]


def test_headlines_without_a_period_never_swallow_the_next_sentence():
    text = "Ferry runs aground off Corran Isle\nThe ferry struck a reef on Tuesday. All were saved."
    assert texts(text) == ["Ferry runs aground off Corran Isle", "The ferry struck a reef on Tuesday.", "All were saved."]


def test_hard_wrapped_text_is_joined_into_paragraphs():
    text = (
        "The ministry said on Monday that the new rules would apply to all\n"
        "ferries operating in the strait from the first of next month, and that\n"
        "operators who failed to comply would lose their licences.\n"
        "\n"
        "The announcement followed a report that found crews were routinely\n"
        "working more than fourteen hours a day during the summer season.\n"
    )
    assert len(paragraph_spans(text)) == 2
    assert len(split_sentences(text)) == 2


def test_quote_balance():
    assert quote_balance('He said "yes".') == 0
    assert quote_balance("She said: \"We never") == 1
    assert quote_balance("sought war.\" Then") == -1
    assert quote_balance("``We will go,'' he said.") == 0
    assert quote_balance("“Open") == 1
