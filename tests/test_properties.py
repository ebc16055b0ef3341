"""Invariants over generated clusters (Hypothesis): the promises of the README hold for any
input shaped like a scraped news cluster, not only for the examples we thought of."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import newsum
from newsum import Budget, BudgetTooSmall, Cluster, Document, Summary
from newsum.clean import clean

WORDS = (
    "council ferry bridge river minister police storm harbour village school hospital union company "
    "engineers residents officials investigators passengers crew budget report election court judge "
    "mayor governor rescue flood power road rail water fire market price strike talks vote museum"
).split()
VERBS = "said announced reported confirmed denied opened closed approved rejected delayed expected".split()
FILLER = "the a of in on at for with after before during from by to and".split()
NAMES = ["Okafor", "Lindqvist", "Marsh", "Telford", "Soder", "Petrov"]
NOISE = ["More From This Section", "Share this article", "  • Related: ferry timetable changes", "By Ana Reyes, Staff Reporter",
         "Subscribe to our newsletter", "Local team wins regional title"]

word = st.sampled_from(WORDS)


@st.composite
def sentences(draw) -> str:
    n = draw(st.integers(4, 16))
    body = [draw(st.sampled_from(WORDS + FILLER + VERBS)) for _ in range(n)]
    subject = draw(word).capitalize()
    kind = draw(st.sampled_from(["plain", "plain", "quote", "title", "number", "aside", "connective"]))
    if kind == "quote":
        return f'"{subject} {" ".join(body)}," {draw(st.sampled_from(NAMES))} said.'
    if kind == "title":
        return f"Mr. {draw(st.sampled_from(NAMES))} {draw(st.sampled_from(VERBS))} the U.S. {' '.join(body)}."
    if kind == "aside":
        return f"{subject} {draw(st.sampled_from(VERBS))} {' '.join(body[:3])} ({draw(word)} {draw(st.integers(2, 99))}) {' '.join(body[3:]) or 'today'}."
    if kind == "connective":
        return f"But {subject} {draw(st.sampled_from(VERBS))} {' '.join(body)}."
    if kind == "number":
        return f"{subject} {draw(st.sampled_from(VERBS))} {draw(st.integers(2, 5000))} {' '.join(body)}."
    return f"{subject} {draw(st.sampled_from(VERBS))} {' '.join(body)}."


@st.composite
def clusters(draw) -> Cluster:
    shared = draw(st.lists(sentences(), min_size=1, max_size=4))
    documents = []
    for number in range(draw(st.integers(1, 4))):
        lines: list[str] = []
        title = f"{draw(word).capitalize()} {draw(word)} {draw(word)} in {draw(word)}"
        lines += [title] * draw(st.integers(0, 2))
        for _ in range(draw(st.integers(1, 6))):
            pool = st.sampled_from(shared) if draw(st.booleans()) else sentences()
            paragraph = " ".join(draw(pool) for _ in range(draw(st.integers(1, 3))))
            lines.append(paragraph)
            if draw(st.integers(0, 4)) == 0:
                lines.append(draw(st.sampled_from(NOISE)))
        date = draw(st.sampled_from([None, "2026-03-14", "2026-03-15T08:00:00+00:00", ""]))
        source = draw(st.sampled_from([None, "Harbor Daily", "Coastal Wire", "Northline"]))
        documents.append(Document(text="\n".join(lines), id=f"d{number}", date=date, source=source))
    assume(any(s.selectable for d in documents for s in clean(d)))
    return Cluster(documents=tuple(documents), id="generated")


budgets = st.one_of(
    st.builds(lambda n: Budget(words=n), st.integers(8, 200)),
    st.builds(lambda n: Budget(sentences=n), st.integers(1, 8)),
    st.builds(lambda n: Budget(chars=n), st.integers(60, 1200)),
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _summarize(cluster: Cluster, budget: Budget, *, trim: bool = False) -> Summary | None:
    try:
        return newsum.summarize(cluster, budget=budget, trim=trim)
    except BudgetTooSmall:
        return None


@SETTINGS
@given(clusters(), budgets, st.booleans())
def test_budget_is_never_exceeded_and_no_sentence_is_cut(cluster, budget, trim):
    summary = _summarize(cluster, budget, trim=trim)
    assume(summary is not None)
    assert budget.used([s.text for s in summary.sentences]) <= budget.limit
    assert summary.sentences
    for sentence in summary.sentences:
        assert sentence.text.rstrip("\"'”’)").endswith((".", "!", "?", "…", "''"))


@SETTINGS
@given(clusters(), budgets, st.booleans())
def test_every_cited_span_is_verbatim_and_cites_real_documents(cluster, budget, trim):
    summary = _summarize(cluster, budget, trim=trim)
    assume(summary is not None)
    by_id = {d.id: d for d in cluster.documents}
    for sentence in summary.sentences:
        document = by_id[sentence.document_id]
        # One span: the text is exactly start:end. Pieces (trimmed): the text is the pieces
        # joined by one space, and start/end cover the first and last piece.
        assert " ".join(by_id[s.document_id].text[s.start : s.end] for s in sentence.spans) == sentence.text
        assert (sentence.start, sentence.end) == (sentence.spans[0].start, sentence.spans[-1].end)
        if len(sentence.spans) == 1:
            assert document.text[sentence.start : sentence.end] == sentence.text
        assert all(s.document_id == sentence.document_id for s in sentence.spans)
        assert sentence.sources[0] == sentence.document_id
        assert len(set(sentence.sources)) == len(sentence.sources) and set(sentence.sources) <= set(by_id)
        assert list(sentence.outlets) == list(dict.fromkeys(o for s in sentence.sources if (o := by_id[s].outlet)))
        # Support: one passage per cited document, each a whole sentence of that document
        # (exact offsets), the quoted sentence's own first; sources are exactly their documents.
        assert tuple(span.document_id for span in sentence.support) == sentence.sources
        whole = {(s.document_id, s.start, s.end) for d in cluster.documents for s in clean(d) if s.selectable}
        assert all((span.document_id, span.start, span.end) in whole for span in sentence.support)
        own = sentence.support[0]
        assert own.start <= sentence.start and sentence.end <= own.end


@SETTINGS
@given(clusters())
def test_cleaning_twice_selects_the_same_sentences(cluster):
    for document in cluster.documents:
        kept = [s for s in clean(document) if s.selectable]
        paragraphs: dict[int, list[str]] = {}
        for sentence in kept:
            paragraphs.setdefault(sentence.sentence.paragraph, []).append(sentence.text)
        again = Document(text="\n".join(" ".join(p) for p in paragraphs.values()), id=document.id, title=document.title)
        assert [s.text for s in clean(again) if s.selectable] == [s.text for s in kept]


@SETTINGS
@given(clusters(), budgets, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_document_order(cluster, budget, random):
    shuffled = list(cluster.documents)
    random.shuffle(shuffled)
    first = _summarize(cluster, budget)
    second = _summarize(Cluster(documents=tuple(shuffled), id=cluster.id), budget)
    assume(first is not None)
    assert second is not None
    assert first.to_dict()["sentences"] == second.to_dict()["sentences"]
    assert first.text == second.text


@SETTINGS
@given(clusters(), budgets)
def test_serialise_then_load_is_the_identity(cluster, budget):
    summary = _summarize(cluster, budget)
    assume(summary is not None)
    assert Summary.from_dict(summary.to_dict()).to_dict() == summary.to_dict()
