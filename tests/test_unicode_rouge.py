"""The "unicode" ROUGE scorer: tokens in any script, counts as ROUGE-1.5.5 makes them.

Every expected figure below is counted by hand from sentences written for this file; the
counting rules (clipped matches pooled over the references, -f A; SU4 as -2 4 -u) are those
of newsum.evaluate.unicode_rouge's docstring.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsum.errors import ConfigError
from newsum.evaluate.rouge import available_scorers, resolve_scorer, score
from newsum.evaluate.unicode_rouge import settings_line, stemmer_name, tokenize

METRICS = ("r1", "r2", "rsu4", "f1", "f2", "fsu4")


def unicode_scores(summary, refs, *, language=None, words=None):
    """The scores of one summary (a string or a list of sentences) against its references."""
    sentences = [summary] if isinstance(summary, str) else summary
    return score([sentences], [refs], words=words, scorer="unicode", language=language).scores[0]


def f(p, r):
    return 2 * p * r / (p + r)


# -- tokens ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ship's crew, 12 of them, left.", ["the", "ship's", "crew", "12", "of", "them", "left"]),
        ("Don’t STOP", ["don't", "stop"]),  # a typographic apostrophe reads as '; casefolded
        ("प्रधानमंत्री ने कहा।", ["प्रधानमंत्री", "ने", "कहा"]),  # vowel signs and viramas stay in the word
        ("Vláda oznámila změnu.", ["vláda", "oznámila", "změnu"]),  # Czech keeps its diacritics
        ("ΧΘΕΣ χθες", ["χθεσ", "χθεσ"]),  # casefolding reads final sigma as sigma
        ("הממשלה הודיעה היום.", ["הממשלה", "הודיעה", "היום"]),
        ("قال الوزير، إن الخطة جاهزة.", ["قال", "الوزير", "إن", "الخطة", "جاهزة"]),
        ("政府宣布。", ["政", "府", "宣", "布"]),  # one token per Han character, punctuation dropped
        ("コーヒーを飲む", ["コ", "ー", "ヒ", "ー", "を", "飲", "む"]),  # ー belongs to Katakana
        ("ＡＢＣ１２３", ["abc123"]),  # NFKC: full-width letters and digits are ASCII
        ("می\u200cخواهم", ["میخواهم"]),  # a zero-width non-joiner does not split a word
        ("Obama在北京", ["obama", "在", "北", "京"]),
    ],
)
def test_tokens(text, expected):
    assert tokenize(text) == expected


def test_stemmers_are_chosen_by_iso_code_and_missing_ones_said():
    assert stemmer_name("hi") == "hindi" and stemmer_name("el") == "greek" and stemmer_name("en") == "english"
    assert stemmer_name("cs") is None and stemmer_name("he") is None and stemmer_name("zh") is None
    assert stemmer_name(None) is None
    assert settings_line(language="hi", words=250, references=[3, 3]).endswith(
        "Snowball 'hindi' stems, stop words kept, ROUGE-1, -2 and -SU4 (as -2 4 -u), "
        "counts pooled over 3 references (as -f A), cut to 250 whitespace-separated words"
    )
    assert "pooled over 1-4 references" in settings_line(language="en", words=100, references=[1, 4, 2])
    line = settings_line(language="cs", words=None, references=[1])
    assert "no stemming" in line and "'cs'" in line and "cut to" not in line


# -- (1) English against a hand count ----------------------------------------------------------


def test_english_hand_count():
    """summary: the ship reached the port at dawn  (7 unigrams, 6 bigrams)
    reference: at dawn the ship left the port       (7 unigrams, 6 bigrams)
    unigram hits: the x2, ship, port, at, dawn = 6       -> R-1 = P-1 = 6/7
    bigram hits: the ship, the port, at dawn = 3         -> R-2 = P-2 = 3/6
    Stemming changes no match here (reached -> reach), so English stems or none agree."""
    for language in ("en", None):
        s = unicode_scores("The ship reached the port at dawn.", ["At dawn, the ship left the port."], language=language)
        assert s.r1 == pytest.approx(100 * 6 / 7)
        assert s.f1 == pytest.approx(100 * 6 / 7)
        assert s.r2 == pytest.approx(100 * 3 / 6)
        assert s.f2 == pytest.approx(100 * 3 / 6)


def test_the_rouge_module_hand_case_reads_the_same_as_perl():
    """tests/test_rouge.py's two-reference case, whose ROUGE-1.5.5 figures are pinned there:
    R-1 6/11, R-2 2/9, R-SU4 14.706 (police/policeman stem alike in Snowball and Porter)."""
    run = score(
        [["police killed the gunman"]],
        [["the gunman killed the policeman", "a gunman was killed by police"]],
        scorer="unicode",
        language="en",
    )
    s = run.scores[0]
    assert s.r1 == pytest.approx(100 * 6 / 11)
    assert s.r2 == pytest.approx(100 * 2 / 9)
    assert s.f1 == pytest.approx(100 * f(6 / 8, 6 / 11))
    assert s.rsu4 == pytest.approx(14.706, abs=1e-3)
    assert run.scorer == "unicode" and "pooled over 2 references" in run.settings


# -- (2) other scripts against hand counts -----------------------------------------------------


def test_arabic_hand_count():
    """summary: أعلنت الحكومة خطة جديدة للنقل         (5 unigrams, 4 bigrams)
    reference: الحكومة أعلنت خطة جديدة للمدارس اليوم  (6 unigrams, 5 bigrams)
    unigram hits: أعلنت, الحكومة, خطة, جديدة = 4 (للنقل and للمدارس stem to نقل, مدارس)
    bigram hits: خطة جديدة = 1"""
    s = unicode_scores("أعلنت الحكومة خطة جديدة للنقل.", ["الحكومة أعلنت خطة جديدة للمدارس اليوم."], language="ar")
    assert s.r1 == pytest.approx(100 * 4 / 6)
    assert s.f1 == pytest.approx(100 * f(4 / 5, 4 / 6))
    assert s.r2 == pytest.approx(100 * 1 / 5)
    assert s.f2 == pytest.approx(100 * f(1 / 4, 1 / 5))


def test_arabic_stems_join_a_word_with_and_without_its_article():
    assert unicode_scores("الحكومة", ["حكومة"], language="ar").r1 == pytest.approx(100)
    assert unicode_scores("الحكومة", ["حكومة"], language=None).r1 == pytest.approx(0)


def test_hindi_hand_count():
    """summary: प्रधानमंत्री ने स्वास्थ्य योजना की घोषणा की  (7 unigrams, 6 bigrams)
    reference: प्रधानमंत्री ने आज योजना की घोषणा की          (7 unigrams, 6 bigrams)
    unigram hits: प्रधानमंत्री, ने, योजना, की x2, घोषणा = 6
    bigram hits: प्रधानमंत्री ने, योजना की, की घोषणा, घोषणा की = 4"""
    s = unicode_scores("प्रधानमंत्री ने स्वास्थ्य योजना की घोषणा की।", ["प्रधानमंत्री ने आज योजना की घोषणा की।"], language="hi")
    assert s.r1 == pytest.approx(100 * 6 / 7)
    assert s.r2 == pytest.approx(100 * 4 / 6)
    assert s.f2 == pytest.approx(100 * 4 / 6)


def test_greek_hand_count():
    """summary: η κυβέρνηση ανακοίνωσε νέα μέτρα            (5 unigrams, 4 bigrams)
    reference: τα νέα μέτρα ανακοίνωσε η κυβέρνηση χθες     (7 unigrams, 6 bigrams)
    unigram hits: η, κυβέρνηση, ανακοίνωσε, νέα, μέτρα = 5
    bigram hits: νέα μέτρα, η κυβέρνηση = 2
    The summary is in capitals without accents: casefolding and the Greek stemmer match it."""
    s = unicode_scores("Η ΚΥΒΕΡΝΗΣΗ ΑΝΑΚΟΙΝΩΣΕ ΝΕΑ ΜΕΤΡΑ.", ["Τα νέα μέτρα ανακοίνωσε η κυβέρνηση χθες."], language="el")
    assert s.r1 == pytest.approx(100 * 5 / 7)
    assert s.f1 == pytest.approx(100 * f(5 / 5, 5 / 7))
    assert s.r2 == pytest.approx(100 * 2 / 6)
    assert s.f2 == pytest.approx(100 * f(2 / 4, 2 / 6))


def test_chinese_hand_count():
    """summary: 政府宣布新计划   -> 7 characters, 6 bigrams
    reference: 政府今天宣布计划 -> 8 characters, 7 bigrams
    unigram hits: 政 府 宣 布 计 划 = 6; bigram hits: 政府, 宣布, 计划 = 3"""
    s = unicode_scores("政府宣布新计划。", ["政府今天宣布计划。"], language="zh")
    assert s.r1 == pytest.approx(100 * 6 / 8)
    assert s.f1 == pytest.approx(100 * f(6 / 7, 6 / 8))
    assert s.r2 == pytest.approx(100 * 3 / 7)
    assert s.f2 == pytest.approx(100 * f(3 / 6, 3 / 7))


# -- (3) identical texts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Rescuers reached the village after the storm."),
        ("ar", "وصل رجال الإنقاذ إلى القرية بعد العاصفة."),
        ("hi", "तूफ़ान के बाद बचावकर्मी गाँव पहुँचे।"),
        ("el", "Οι διασώστες έφτασαν στο χωριό μετά την καταιγίδα."),
        ("he", "המחלצים הגיעו לכפר אחרי הסערה."),
        ("cs", "Záchranáři dorazili do vesnice po bouři."),
        ("zh", "暴风雨过后救援人员抵达了村庄。"),
        ("ja", "嵐の後、救助隊が村に到着した。"),
        ("th", "หน่วยกู้ภัยไปถึงหมู่บ้านหลังพายุ"),
    ],
)
def test_identical_summary_and_reference_score_100(language, text):
    s = unicode_scores(text, [text], language=language)
    for metric in METRICS:
        assert getattr(s, metric) == pytest.approx(100), metric


# -- (4) properties ----------------------------------------------------------------------------

# Words from several scripts and punctuation, few enough that summaries and references share some.
VOCABULARY = ["the", "storm", "Storms", "hit", "port", "3", ",", ".", "—", "नई", "योजना", "की", "الحكومة",
              "حكومة", "κυβέρνηση", "政府", "宣布", "コーヒー", "vláda", "it's"]
texts = st.lists(st.sampled_from(VOCABULARY), max_size=12).map(" ".join)
languages = st.sampled_from([None, "en", "hi", "ar", "el", "zh", "cs"])


@settings(max_examples=150, deadline=None)
@given(summary=texts, refs=st.lists(texts | st.text(max_size=30), min_size=1, max_size=3), language=languages)
def test_recall_and_f_stay_in_0_100_and_an_identical_reference_never_lowers_recall(summary, refs, language):
    before = unicode_scores(summary, refs, language=language)
    for metric in METRICS:
        assert 0 <= getattr(before, metric) <= 100, metric
    # words=None: with a length limit the summary would be cut and no longer identical.
    after = unicode_scores(summary, [*refs, summary], language=language)
    for metric in ("r1", "r2", "rsu4"):
        assert getattr(after, metric) >= getattr(before, metric), metric


# -- (5) SU4 -----------------------------------------------------------------------------------


def test_su4_hand_count_for_five_words():
    """ROUGE-1.5.5 -2 4 -u: skip-bigrams with up to 4 words between, plus the unigrams of every
    token but the last (its loop stops one short). 5 tokens: 4 unigrams + all 10 pairs = 14.
    summary:   ministers met in brussels today
    reference: ministers met today in brussels
    unigram hits: ministers, met, in = 3 (the summary counts brussels, the reference today)
    pair hits: all but (in, today) and (brussels, today) = 8   -> R = P = 11/14"""
    s = unicode_scores("ministers met in brussels today", ["ministers met today in brussels"])
    assert s.rsu4 == pytest.approx(100 * 11 / 14)
    assert s.fsu4 == pytest.approx(100 * 11 / 14)


def test_su4_skips_at_most_four_words():
    """7 tokens: 6 unigrams + the 21 pairs less (w0, w6), whose 5-word gap is too long = 26.
    Against reference "w0 w6" (grams: unigram w0, pair w0 w6) only w0 matches: R = 1/2;
    against "w0 w5" (gap 4) both do: R = 1."""
    summary = "alpha bravo charlie delta echo foxtrot golf"
    far = unicode_scores(summary, ["alpha golf"])
    near = unicode_scores(summary, ["alpha foxtrot"])
    assert far.rsu4 == pytest.approx(100 * 1 / 2)
    assert far.fsu4 == pytest.approx(100 * f(1 / 26, 1 / 2))
    assert near.rsu4 == pytest.approx(100)


# -- the length limit, and choosing the scorer ---------------------------------------------------


def test_words_counts_whitespace_tokens_and_does_not_cut_unspaced_scripts():
    cut = unicode_scores("the cat sat on the mat, and then a dog came", ["the cat sat on the mat"], words=6)
    assert cut.r1 == pytest.approx(100) and cut.f1 == pytest.approx(100)
    # one whitespace token: a Chinese sentence is not cut by words=1
    whole = unicode_scores("政府宣布新计划", ["政府宣布新计划"], language="zh", words=1)
    assert whole.r1 == pytest.approx(100)


def test_auto_scores_other_languages_with_unicode_and_english_as_before():
    english = [name for name in available_scorers() if name != "unicode"]
    assert "unicode" in available_scorers()
    for language in ("hi", "ar", "zh", "fr", "HI"):
        assert resolve_scorer("auto", language=language) == "unicode"
    if english:
        assert resolve_scorer("auto") == resolve_scorer("auto", language="en") == english[0]
    run = score([["政府宣布新计划"]], [["政府今天宣布计划"]], language="zh")
    assert run.scorer == "unicode" and run.scores[0].r1 == pytest.approx(100 * 6 / 8)


@pytest.mark.parametrize("language", ["english", "pt-BR", "", 7])
def test_a_language_that_is_not_an_iso_code_is_refused(language):
    with pytest.raises(ConfigError, match="ISO 639-1"):
        score([["a"]], [["a"]], scorer="unicode", language=language)


# -- (6) against ROUGE-1.5.5 on English ----------------------------------------------------------

ENGLISH_PAIRS = [
    ("Flood waters forced hundreds of families from their homes on Tuesday.",
     "Hundreds of families left their homes on Tuesday as flood waters rose."),
    ("The central bank raised interest rates by half a point to slow rising prices.",
     "Interest rates went up half a point, the central bank said, to curb inflation."),
    ("Two climbers were rescued from the mountain after spending a night in the snow.",
     "Rescuers brought two climbers down the mountain after a night stranded in snow."),
    ("The city council voted to close the old bridge for repairs next spring.",
     "Next spring the old bridge will close for repairs after a council vote."),
    ("Researchers said the new vaccine protected most volunteers in early trials.",
     "In early trials the new vaccine protected most of the volunteers, researchers reported."),
    ("Striking workers returned to the factory after the company agreed to higher wages.",
     "The company agreed to raise wages, and the striking workers went back to the factory."),
    ("A fire destroyed a warehouse near the harbor but no one was hurt.",
     "Nobody was injured when fire swept through a harbor warehouse overnight."),
    ("The president's visit was postponed because of the storm.",
     "Because of the storm, the president postponed his visit by two days."),
    ("Schools in the region will reopen on Monday after a week of heavy snow.",
     "After heavy snow closed them for a week, the region's schools reopen Monday."),
    ("The museum returned three stolen paintings to their owners in Italy.",
     "Three paintings stolen decades ago were handed back to owners in Italy by the museum."),
]


def test_english_is_within_3_points_of_rouge_155():
    if "rouge-1.5.5" not in available_scorers():
        pytest.skip("ROUGE-1.5.5 cannot run here (needs perl, libxml-dom-perl and the eval extra)")
    summaries = [[summary] for summary, _ in ENGLISH_PAIRS]
    references = [[reference] for _, reference in ENGLISH_PAIRS]
    perl = score(summaries, references, words=100, scorer="rouge-1.5.5")
    ours = score(summaries, references, words=100, scorer="unicode", language="en")
    for metric in ("r1", "r2"):
        assert ours.mean(metric) == pytest.approx(perl.mean(metric), abs=3), metric
