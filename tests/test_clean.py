import pytest

from builders import article
from newsum.clean import clean, dateline_end


def kinds(document):
    return [(s.kind, s.text) for s in clean(document)]


def selectable(document):
    return [s.text for s in clean(document) if s.selectable]


BODY = "The council said on Monday that the bridge would reopen next week after repairs."


@pytest.mark.parametrize(
    "line, kind",
    [
        ("More From This Section", "boilerplate"),
        ("Also read: Port dredging plan delayed for a third year", "boilerplate"),
        ("Share this article", "boilerplate"),
        ("Subscribe to our newsletter for daily updates", "boilerplate"),
        ("We use cookies to improve your experience.", "boilerplate"),
        ("Follow Northline News for the latest updates", "boilerplate"),
        ("© 2026 Harbor Daily. All rights reserved.", "boilerplate"),
        ("  • Ferry runs aground off Corran Isle", "list"),
        ("By Mara Lindqvist, Staff Reporter", "byline"),
        ("(Reporting by Callum Reyes; editing by Sunita Bharde)", "byline"),
        ("Passengers wait on the pier on Tuesday. (Photo: Harbor Daily)", "caption"),
        ("Local team wins regional title in overtime", "headline"),
    ],
)
def test_scrape_noise_is_recognised(line, kind):
    document = article(BODY, line, BODY.replace("Monday", "Tuesday"))
    of_line = [k for k, text in kinds(document) if text in line]
    assert of_line and set(of_line) == {kind}
    assert selectable(document) == [BODY, BODY.replace("Monday", "Tuesday")]


def test_titles_and_their_repeats_are_never_selectable():
    title = "Ferry runs aground off Corran Isle, 212 passengers evacuated"
    document = article(title, "  • " + title, title, BODY)
    assert [k for k, _ in kinds(document)] == ["title", "list", "title", "body"]
    given = article("Ferry runs aground", BODY, title="Ferry runs aground")
    assert kinds(given)[0] == ("title", "Ferry runs aground")


def test_a_repeated_paragraph_is_selectable_once():
    document = article(BODY, "Another sentence follows here, with enough words to count.", BODY)
    assert selectable(document).count(BODY) == 1


def test_an_unfinished_last_sentence_is_a_fragment():
    document = article("Calling for new talks, the minister said that the sanctions had failed. He added:")
    assert kinds(document)[-1] == ("fragment", "He added:")


@pytest.mark.parametrize(
    "dateline",
    ["WASHINGTON (AP) _ ", "MOSCOW (Reuters) - ", "LONDON, Nov 30 (Reuters) - ", "PHNOM PENH, Cambodia (AP) _ ",
     "PORT ELLAN (CWS) _ ", "(CNN) -- ", "BEIJING — "],
)
def test_wire_datelines_are_left_out_of_the_selectable_span(dateline):
    document = article(dateline + BODY)
    (sentence,) = clean(document)
    assert sentence.selectable
    assert sentence.text == BODY
    assert document.text[sentence.start : sentence.end] == BODY


@pytest.mark.parametrize("text", ["US officials - and there were many - said so.", "The AP - a news agency - said so.", BODY])
def test_ordinary_openings_are_not_datelines(text):
    assert dateline_end(text) == 0


def test_cleaning_never_rewrites_text():
    document = article("Title here", "WASHINGTON (AP) _ " + BODY, "More From This Section")
    for sentence in clean(document):
        assert document.text[sentence.start : sentence.end] == sentence.text
