import pytest

import newsum
from builders import article, cluster
from newsum.trim import trim


def pieces_text(text, start, pieces):
    return " ".join(text[a - start : b - start] for a, b in pieces)


def test_parenthetical_asides_go_and_the_pieces_join_cleanly():
    text = "Mitch was drifting west at only 2 mph (3 kph) over the Bay Islands."
    pieces = trim(text, 100)
    assert pieces_text(text, 100, pieces) == "Mitch was drifting west at only 2 mph over the Bay Islands."
    assert pieces[0][0] == 100 and pieces[-1][1] == 100 + len(text)


def test_an_opening_connective_goes_only_before_a_capital():
    assert pieces_text("But Beijing fears a collapse.", 0, trim("But Beijing fears a collapse.", 0)) == "Beijing fears a collapse."
    assert trim("But the ministry said no.", 0) is None  # "the ministry ..." would start in lower case


@pytest.mark.parametrize(
    "text",
    [
        '"We will stay (whatever happens) and fight," she said.',  # inside a quotation
        "Prices rose (sharply).",  # the aside ends the sentence: nothing follows to join
        "Officials said the talks would resume on Monday.",  # nothing to trim
    ],
)
def test_nothing_inside_quotes_or_at_the_end_is_cut(text):
    assert trim(text, 0) is None


def test_trimmed_summaries_cite_exact_spans():
    body = "Engineers opened the spillway (the third in a decade) on Monday after days of heavy rain raised the reservoir."
    docs = [article(body, "But Regional officials said about 4,000 residents were moved to higher ground overnight.", id="a"),
            article(body, id="b")]
    summary = newsum.summarize(cluster(*docs), budget=60, trim=True)
    texts = {d.id: d.text for d in docs}
    assert any(len(s.spans) > 1 for s in summary.sentences)
    for sentence in summary.sentences:
        assert " ".join(texts[s.document_id][s.start : s.end] for s in sentence.spans) == sentence.text
        assert (sentence.start, sentence.end) == (sentence.spans[0].start, sentence.spans[-1].end)
    assert "(the third in a decade)" not in summary.text
    assert summary.to_dict()["params"]["trim"] is True


def test_constituents_drop_relative_clauses_appositions_and_opening_adverbials():
    from newsum.trim import trim

    def read(text):
        pieces = trim(text, 0, constituents=True)
        return " ".join(text[a:b] for a, b in pieces) if pieces else text

    assert read("The ferry, which was built in 2004, ran aground on a reef.") == "The ferry ran aground on a reef."
    assert read("Kofi Annan, the U.N. secretary-general, met the rebels.") == "Kofi Annan met the rebels."
    assert read("On Tuesday, Parliament voted to close the bridge.") == "Parliament voted to close the bridge."


def test_constituents_never_cut_who_said_something_nor_inside_a_quotation():
    from newsum.trim import trim

    assert trim("Annan, who said he was hopeful, left for Libya.", 0, constituents=True) is None
    text = '"The ship, which had no radar, was lost," the captain said.'
    assert trim(text, 0, constituents=True) is None
    # Offsets are absolute: every piece is the document's own text.
    document = "Intro. Kofi Annan, the U.N. secretary-general, met the rebels."
    start = document.index("Kofi")
    pieces = trim(document[start:], start, constituents=True)
    assert [document[a:b] for a, b in pieces] == ["Kofi Annan", "met the rebels."]
