"""Quotations with their speakers (issue 6, first part): written for the tests, no real text."""

from __future__ import annotations

import pytest

from builders import article
from newsum.insight.quotes import Speakers, find_quotations, group_quotes, quotes_in


def quotes(*documents):
    speakers = Speakers(d.text for d in documents)
    mentions = [m for d in documents for m in quotes_in(d, speakers)]
    return mentions, group_quotes(mentions)


def said(*paragraphs, id="a"):
    return article(*paragraphs, id=id)


@pytest.mark.parametrize(
    "text, inner",
    [
        ('He said "the bridge will reopen" on Monday.', "the bridge will reopen"),
        ("He said “the bridge will reopen” on Monday.", "the bridge will reopen"),
        ("He said ``the bridge will reopen'' on Monday.", "the bridge will reopen"),
    ],
)
def test_quote_marks_of_every_kind_are_paired(text, inner):
    assert [text[s:e] for s, e in find_quotations(text)] == [inner]


def test_a_quote_open_at_the_end_of_a_paragraph_ends_there():
    text = '"We will rebuild the pier.\n"And we will do it this year," she said.'
    assert [text[s:e] for s, e in find_quotations(text)] == ["We will rebuild the pier.", "And we will do it this year,"]


def test_speaker_after_the_quote_is_resolved_to_the_full_name():
    doc = said(
        "Harbour Minister Anneli Soder visited the pier on Monday.",
        '"The pier will reopen within a month," Soder said.',
    )
    mentions, _ = quotes(doc)
    assert [(m.text, m.speaker, m.resolved_by) for m in mentions] == [
        ("The pier will reopen within a month,", "Anneli Soder", "named")
    ]


def test_said_name_comma_role_and_colon_attribution():
    doc = said(
        '"Nobody was hurt," said Ilse Marten, the harbour master.',
        'Port director Callum Reyes said: "The ferry will be towed on Thursday."',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Ilse Marten", "Callum Reyes"]


def test_pronoun_and_continuation_paragraph_take_the_last_named_speaker():
    doc = said(
        'Mayor Tomas Varga said the town "will not abandon the islanders".',
        '"We have boats ready and crews on standby," he added.',
        '"Every family on Corran Isle will have a way to the mainland."',
    )
    mentions, _ = quotes(doc)
    assert [(m.speaker, m.resolved_by) for m in mentions] == [
        ("Tomas Varga", "named"),
        ("Tomas Varga", "pronoun"),
        ("Tomas Varga", "continuation"),
    ]


def test_the_subject_speaks_in_a_coordinated_clause():
    doc = said(
        'Regional Governor Anneli Soder rejected the request by Mayor Tomas Varga and said that "the dam is safe".'
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Anneli Soder"]


def test_a_role_resolves_to_the_name_written_beside_it_elsewhere():
    first = said("Harbour Minister Anneli Soder arrived on Tuesday.", id="a")
    second = said('"We will find out what happened," the harbour minister said.', id="b")
    mentions, _ = quotes(first, second)
    assert [m.speaker for m in mentions] == ["Anneli Soder"]


@pytest.mark.parametrize(
    "line",
    [
        'The governor called the captain a "hero" on Tuesday.',
        'Residents have dubbed the ferry the "Corran Tortoise" for years.',
        'The crew watched "The Long Crossing" on the way back.',
        'The so-called "safe channel" was closed in 2019.',
    ],
)
def test_epithets_titles_and_scare_quotes_are_not_quotations(line):
    mentions, _ = quotes(said(line))
    assert mentions == []


def test_the_same_quote_in_several_outlets_is_one_quote_with_every_source():
    a = said('"The pier will reopen within a month," Harbour Minister Anneli Soder said.', id="a")
    b = said('Soder said "the pier will reopen within a month".', id="b")
    c = said('Anneli Soder said the pier would reopen "within a month".', id="c")
    _, grouped = quotes(a, b, c)
    assert len(grouped) == 1
    (quote,) = grouped
    assert quote.speaker == "Anneli Soder"
    assert quote.sources == ("a", "b", "c")
    assert quote.verbatim  # a shorter version inside the longer one is a partial quote, not a change


def test_an_altered_quote_is_reported_with_both_versions():
    a = said('"We will not leave a single islander behind," Mayor Tomas Varga said.', id="a")
    b = said('"We will not leave any islander behind," Mayor Tomas Varga said.', id="b")
    _, grouped = quotes(a, b)
    (quote,) = grouped
    assert not quote.verbatim
    assert {sources for _, sources in quote.variants} == {("a",), ("b",)}


def test_different_named_speakers_keep_quotes_apart():
    a = said('"The pier is safe," Anneli Soder said.', id="a")
    b = said('"The pier is safe," Tomas Varga said.', id="b")
    _, grouped = quotes(a, b)
    assert sorted(q.speaker for q in grouped) == ["Anneli Soder", "Tomas Varga"]


def test_offsets_point_at_the_quoted_words():
    doc = said("Port director Callum Reyes said: “The ferry will be towed on Thursday.”")
    mentions, _ = quotes(doc)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text


def test_korea_quotes_have_the_right_speakers_and_every_document(shared_data):
    from newsum.ingest import read_inputs

    (cluster,) = list(read_inputs([str(shared_data / "examples" / "korea-2017.jsonl")]))
    _, grouped = quotes(*cluster.documents)

    def find(words):
        return [q for q in grouped if words in q.text.lower() or any(words in m.text.lower() for m in q.mentions)]

    expected = {
        "sanctions do not work": ("Sergei Lavrov", 1),
        "big mistake": ("Sergei Lavrov", 2),
        "utterly destroyed": ("Nikki Haley", 2),
        "restrain more of the oil": ("Rex Tillerson", 1),
    }
    for words, (speaker, documents) in expected.items():
        found = find(words)
        assert found and all(q.speaker == speaker for q in found), (words, [(q.speaker, q.text) for q in found])
        assert len({s for q in found for s in q.sources}) >= documents, words


def test_she_said_after_reported_speech_is_the_subject_of_that_sentence():
    doc = said(
        '"The pier will reopen within a month," Harbour Minister Anneli Soder said.',
        "Ilse Marten, who runs the island's only shop, said deliveries had stopped since Tuesday.",
        '"We had a freezer full of bread and that is nearly gone," she said.',
    )
    mentions, _ = quotes(doc)
    assert [(m.speaker, m.resolved_by) for m in mentions][-1] == ("Ilse Marten", "pronoun")


def test_a_name_spelled_two_ways_takes_the_spelling_of_most_documents_then_the_first():
    first = said("Mine director Orsolya Vantrek visited the site.", id="a")
    second = said('"We are doing everything we can," Orsolya Wantrek said.', id="b")
    mentions, _ = quotes(first, second)
    assert [m.speaker for m in mentions] == ["Orsolya Vantrek"]


def test_a_role_without_article_and_a_first_name_alone_resolve_to_the_one_person():
    doc = said(
        "Kaldorian Foreign Minister Sian Harrowby arrived on Monday with striker Elias Montverde.",
        '"We gave away nothing," the Kaldorian foreign minister said.',
        '"I am home," Elias said.',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Sian Harrowby", "Elias Montverde"]


def test_a_quote_that_closes_its_sentence_keeps_the_attribution_before_it():
    doc = said('Bazil Horne, the head of the rescue service, said: "We can hear tapping." He added that the air was good.')
    mentions, _ = quotes(doc)
    assert [(m.speaker, m.resolved_by) for m in mentions] == [("Bazil Horne", "named")]


def test_the_company_is_a_company_and_the_ministry_a_body_named_before():
    doc = said(
        "Vantrell Biologics said the trial had ended. Veldria's Health Ministry said it would review the data.",
        '"We expect to file in June," the company said.',
        "Varesh's foreign ministry said the talks were over.",
        '"The talks are over and we were honoured to help," the ministry said.',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Vantrell Biologics", "Varesh foreign ministry"]


def test_the_parser_finds_the_speaker_where_the_patterns_do_not():
    doc = said(
        'Among them was Imre Tasko, 71, a retired driver, who said the injection was "no worse than a bee sting" in the end.',
        "Sheep farmer Halla Vennsdottir, 58, left with her dog and nothing else.",
        '"We heard it before we saw it, like thunder," she said.',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Imre Tasko", "Halla Vennsdottir"]


def test_according_to_after_a_partial_quote_names_its_speaker_and_a_statement_gives_way():
    doc = said(
        'The cut was "premature and unnecessary", according to Deputy Governor Tamsin Rolle, who voted against it.',
        'Orvik argued that the plan was "late and too small," according to a statement from the union.',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Tamsin Rolle", "Orvik"]


def test_the_name_between_commas_after_a_role_is_the_speaker():
    doc = said(
        'The head of research at Mallow Securities, Edda Fennick, said: "The fine is small; the message is not."',
        '"Schools hold data too," the privacy commissioner, Joren Alst, said.',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Edda Fennick", "Joren Alst"]


def test_both_parts_of_a_quote_split_by_its_attribution_have_its_speaker():
    doc = said('Commuter Pavel Ostrand was waiting at the stop. "It took twenty minutes," said Ostrand, "and now it takes an hour."')
    mentions, _ = quotes(doc)
    assert [(m.text, m.speaker) for m in mentions] == [
        ("It took twenty minutes,", "Pavel Ostrand"), ("and now it takes an hour.", "Pavel Ostrand")
    ]


def test_a_surname_two_people_share_is_the_one_the_document_names():
    brother = said('Jonas Kelder, who led the team, spoke at the airport. "We are tired," Kelder said.', id="a")
    sister = said("His sister, Marit Kelder, runs the bakery.", id="b")
    mentions, _ = quotes(brother, sister)
    assert [m.speaker for m in mentions] == ["Jonas Kelder"]


def test_a_quotation_paragraph_after_reporters_text_about_a_person_is_theirs():
    doc = said(
        "Retired teacher Ilse Varro has used the library every week for 40 years.",
        '"It is the only warm place some people here have in winter."',
        "Grandfather Tomas Fell, 74, has been treated at the hospital for years.",
        "He said he heard about the breach on the radio.",
        '"Nobody has written to me," he said.',
    )
    mentions, _ = quotes(doc)
    assert [(m.speaker, m.resolved_by) for m in mentions] == [("Ilse Varro", "continuation"), ("Tomas Fell", "pronoun")]


def test_a_sentence_does_not_end_at_a_title_after_the_quote():
    doc = said('Dr. Ruth Okamba chairs the board.', '"We will find out what went wrong," Dr. Okamba said. She left at noon.')
    mentions, _ = quotes(doc)
    assert [(m.speaker, m.resolved_by, m.attribution) for m in mentions] == [("Ruth Okamba", "named", "Dr. Okamba said")]


def test_a_possessive_role_before_the_name_and_a_title_at_the_sentence_start_resolve_to_the_person():
    doc = said(
        '"Our door remains open," Harwell\'s chief executive, Ottilie Brandeis, said in a statement.',
        'Chief executive Mirko Dallen has apologised, saying: "We let our customers down."',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Ottilie Brandeis", "Mirko Dallen"]


def test_a_spokesperson_named_by_role_speaks_for_the_body_and_a_pronoun_role_gives_way_to_the_name():
    doc = said(
        'A spokeswoman for the Tarnby fire service said: "The leak has been stopped."',
        '"It is too early to say what caused this," a spokesman for the National Road Police said.',
        '"She bought this ticket herself," her lawyer, Aksel Mording, said.',
        '"Use no lifts after six," according to the mayor of Valdessa, Orsino Ruffo.',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Tarnby fire service", "National Road Police", "Aksel Mording", "Orsino Ruffo"]


def test_a_participle_clause_quotes_the_subject_and_a_code_name_is_no_quote():
    doc = said(
        "Tessa Morrow founded Brightwell Software in 2009.",
        'Morrow broke the news in a memo on Monday, calling it "the hardest decision I have made since founding the firm".',
        'The money will go into the assistant it is building under the code name "Tidewater".',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Tessa Morrow"]


def test_the_company_is_the_one_last_written_even_by_its_first_word_alone():
    doc = said(
        "Workers at Solvend Refining walked out on Monday.",
        "Tobias Grell, an analyst at Norhavn Securities, said stocks would not last long.",
        "Solvend, which bought the plant in 2008, is upgrading it.",
        'The company said it wanted to "return to normal operations as soon as possible".',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Solvend Refining"]


def test_a_quotation_paragraph_after_reporters_text_finds_its_person_by_surname_object_or_past_a_death():
    doc = said(
        "Jonah Prestwick collapsed at the 40-kilometre mark.",
        "Prestwick himself sent a short message from his hospital bed.",
        '"I remember the crowd, and then I remember waking up."',
        "Tobin Ashlar had sat beside his father, Emil, until midnight. Emil Ashlar was among those who died.",
        '"I kissed him goodnight and told him I would be back after breakfast."',
        "Our reporter met Teodora Vinci, 86, in the stairwell, where locals say it is \"a little cooler\".",
        '"My fan stopped at six o\'clock, and I have never known a summer like this."',
    )
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions if len(m.text.split()) > 3] == ["Jonah Prestwick", "Tobin Ashlar", "Teodora Vinci"]


def test_a_trade_before_a_name_at_the_sentence_start_is_dropped_when_the_tagger_reads_it_as_a_name_there():
    doc = said('Baker Yusef Marrow said he had "a queue out the door and a machine that said no to everyone".')
    mentions, _ = quotes(doc)
    assert [m.speaker for m in mentions] == ["Yusef Marrow"]
