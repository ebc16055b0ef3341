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


@pytest.mark.parametrize(
    "debris",
    [
        "Advertisement ",
        "Advertisement Continue reading the main story ",
        "Enlarge this image toggle caption Ilse Marten/Harbor Daily Ilse Marten/Harbor Daily ",
        "(Photo: Ilse Marten, Harbor Daily) ",
        "(Photo: Ilse Marten, Harbor Daily) Buy Photo ",
        "Story highlights ",
        "Port Ellan, Corran Isle (AP) — ",
        "Ferry crew members wait on the pier... (Associated Press) PORT ELLAN (AP) — ",
        "port ellan ( reuters ) - ",
        "Ferry runs aground off Corran Isle enlarge this image toggle caption Ilse Marten/AP Ilse Marten/AP ",
        "Passengers wait on the pier on Tuesday. (Ilse Marten/Getty Images) ",
        "Passengers wait on the pier ( photo: ilse marten, ap ) ",
        "Updated 2:00 p.m. ET ",
        "Nov. 29, 2026, 1:40 am GMT / Updated Nov. 29, 2026, 1:52 am GMT By Ilse Marten ",
        "(AP Photo/Ilse Marten) (Associated Press) PORT ELLAN (AP) — ",
    ],
)
def test_web_debris_glued_to_a_sentence_is_cut_off_the_selectable_span(debris):
    document = article("An opening paragraph that says nothing much about the ferry, as openings go.", debris + BODY)
    sentence = [s for s in clean(document) if BODY in s.sentence.text][0]
    assert sentence.selectable
    assert sentence.text == BODY
    assert document.text[sentence.start : sentence.end] == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Image copyright Harbor Daily Image caption Passengers wait on the pier The council said the bridge would reopen.",
        "Media playback is unsupported on your device Media caption The mayor speaks to reporters on the pier.",
        "Hide caption 2 of 12 photos: Ferry aground The council said the bridge would reopen next week.",
        "Photo: Harbor Daily archives The ferry Corran Star leaves the harbor on its first crossing of the year.",
        "Reuters/Ilse Marten Passengers wait on the pier as the ferry is towed back into the harbor.",
    ],
)
def test_sentences_that_open_as_captions_are_captions(line):
    # As a paragraph of its own, a short one is site furniture; inside a paragraph, a caption.
    assert selectable(article(BODY, line)) == [BODY]
    document = article(BODY + " " + line)
    assert [k for k, text in kinds(document) if text == line] == ["caption"]
    assert selectable(document) == [BODY]


def test_debris_is_not_cut_when_too_little_would_remain():
    document = article(BODY, "Advertisement Thanks.")
    assert "Thanks." not in selectable(document)


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for breaking news emails privacy policy thanks for subscribing!",
        "Newsletter sign up: the morning briefing, what you need to know to start your day.",
    ],
)
def test_signup_widgets_are_boilerplate_inside_a_paragraph(line):
    assert selectable(article(BODY + " " + line)) == [BODY]


def test_a_sentence_that_merely_mentions_subscribers_is_reporting():
    line = "The carrier said it had signed up 40,000 new subscribers in the quarter."
    assert selectable(article(BODY + " " + line)) == [BODY, line]


def test_a_tokenized_closing_quote_still_ends_the_sentence():
    # Multi-News spacing: a space between the full stop and the closing quote.
    line = 'The mayor said the bridge " would reopen next week, as planned. "'
    assert selectable(article(line)) == [line]
