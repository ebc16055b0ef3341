"""Paragraphs and sentences, as character offsets into a document's text.

Scraped news puts one paragraph per line, headlines on lines of their own without a period,
and sometimes hard-wraps lines at ~70 characters. Sentences never cross a paragraph, so a
headline without a period never swallows the sentence after it. Inside a paragraph nupunkt
finds the boundaries (it knows U.S., Mr., Jan., a.m. and initials); then a quotation that
runs over several sentences ("We will stay. We will fight," he said.) is kept as one
sentence, so that no selected sentence starts or ends in the middle of someone's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import nupunkt

from .sentence_rules import sentence_spans

__all__ = ["Sentence", "paragraph_spans", "split_sentences", "quote_balance"]

# A line ends a paragraph on its own when it ends like a sentence (or a headline) does.
_TERMINAL_CHARACTERS = frozenset(""".!?:;…"'”’)]»।॥؟۔。！？」』""")
_STARTS_LOWER = re.compile(r"""^\s*["'“‘(]?[a-z0-9]""")

# Hard-wrapped text: most lines are of similar, typewriter length and stop mid-sentence.
# 40..100 covers the 60-80 column wraps of wire feeds and e-mail; tuned on nothing but the
# convention, and only consulted when a document has four or more such lines.
_WRAP_MIN, _WRAP_MAX = 40, 100

# Abbreviations that precede a name and never end a sentence: nupunkt sometimes splits after
# them ("Cmdr. | Helena Marsh", "identified himself only as Lt. | ..."). Case-sensitive.
_TITLES = frozenset(
    """Mr Mrs Ms Messrs Dr Prof Gen Gens Lt Col Maj Capt Cmdr Cdr Adm Sgt Cpl Pvt Brig Gov Govs
    Sen Sens Rep Reps Rev Fr Msgr Sr Sra Jr St Ste Mt Ft Pres Supt Insp Det Hon Amb Atty Lt.Col
    Gov.Gen Dept Univ Assn Corp Bros Co Inc Ltd No Nos Vol Art Sec Ch Fig""".split()
)
# Initials that end sentences often enough to be trusted there; other runs of initials
# ("Former President F.W. | de Klerk") are joined to what follows.
_SENTENCE_FINAL_INITIALS = frozenset("U.S. U.N. U.K. E.U. D.C. U.S.A. N.Y. L.A. a.m. p.m. A.M. P.M.".split())
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.){1,4}$")
_OPENS_WITH_QUOTE = re.compile(r"""^(?:``|["“])""")
# Sentences after an unclosed quotation that still count as inside it.
_MAX_QUOTE_CARRY = 3

# A quotation longer than this many sentences is not merged into one sentence: past it we
# are more likely looking at an unbalanced quote mark than at a real multi-sentence quote.
_MAX_QUOTE_SENTENCES = 4


@dataclass(frozen=True)
class Sentence:
    """A sentence of one document: ``text == document.text[start:end]``.

    ``index`` counts sentences in the document from 0, ``paragraph`` counts paragraphs.
    ``inside_quote`` is true when the sentence starts inside a quotation that an earlier
    sentence of the paragraph opened and did not close: its words are someone's, unattributed.
    """

    document_id: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    inside_quote: bool = False


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\r\n|\r|\n|\u2028|\u2029", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Lines cut at a fixed width: four or more lines of typewriter length stop mid-sentence,
    and at least half of those are continued by a line starting in lower case (in wrapped
    English prose most are; a column of repeated titles or list items never is)."""
    body = [text[s:e].strip() for s, e in lines]
    cut = [
        i for i, line in enumerate(body[:-1])
        if _WRAP_MIN <= len(line) <= _WRAP_MAX and line.rstrip()[-1:] not in _TERMINAL_CHARACTERS and body[i + 1]
    ]
    if len(cut) < 4:
        return False
    continued = sum(1 for i in cut if _STARTS_LOWER.match(body[i + 1]))
    return continued / len(cut) >= 0.5


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, without surrounding whitespace.

    A paragraph is a line, or several lines when the text is hard-wrapped or a line stops
    mid-sentence and the next one continues in lower case.
    """
    lines = list(_lines(text))
    wrapped = _is_hard_wrapped(text, lines)
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            if current:
                spans.append(current)
            current = None
            continue
        if current is not None:
            previous = text[current[0] : current[1]]
            joins = previous.rstrip()[-1:] not in _TERMINAL_CHARACTERS and (wrapped or _STARTS_LOWER.match(line))
            if joins:
                current = (current[0], end)
                continue
            spans.append(current)
        current = (start, end)
    if current:
        spans.append(current)
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    return start + lead, end - trail


def quote_balance(text: str) -> int:
    """How many double quotations ``text`` leaves open (negative: closes more than it opens).

    Curly quotes and newswire ``...'' are directional; straight double quotes toggle.
    Single quotes are ignored: they are mostly apostrophes.
    """
    depth = 0
    depth += text.count("“") - text.count("”")
    depth += text.count("``") - text.count("''")
    straight = text.count('"')
    if straight % 2:
        # An odd straight quote: opening if it comes before the words, closing if after.
        first = text.index('"')
        depth += 1 if not text[:first].strip() or text[first + 1 : first + 2].isalnum() else -1
    return depth


def split_sentences(text: str, *, document_id: str = "", language: str | None = "en") -> list[Sentence]:
    """All sentences of ``text``, in order, each a verbatim span of it. English (and text of
    unknown language) goes to nupunkt; other languages to :mod:`newsum.sentence_rules`."""
    english = language in (None, "en")
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(paragraph_spans(text)):
        body = text[p_start:p_end]
        if english:
            spans = [_strip(body, s, e) for s, e in nupunkt.sent_spans(body)]
            spans = _join_abbreviations(body, [(s, e) for s, e in spans if e > s])
        else:
            spans = sentence_spans(body, language)
        depth, carried = 0, 0
        for s, e in _join_open_quotes(body, spans):
            piece = body[s:e]
            if _OPENS_WITH_QUOTE.match(piece):
                # Newswire re-opens a quotation at each new paragraph; where paragraph breaks
                # were lost, a sentence that opens with a quote mark starts afresh.
                depth, carried = 0, 0
            inside = depth > 0
            carried = carried + 1 if inside else 0
            depth = max(0, depth + quote_balance(piece))
            if carried >= _MAX_QUOTE_CARRY:
                # A quote mark left open this long is more likely a typo than a quotation.
                depth, carried = 0, 0
            sentences.append(
                Sentence(
                    document_id=document_id,
                    index=len(sentences),
                    paragraph=paragraph,
                    start=p_start + s,
                    end=p_start + e,
                    text=text[p_start + s : p_start + e],
                    inside_quote=inside,
                )
            )
    return sentences


def _join_abbreviations(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits after a title abbreviation, after initials that open a name, and after
    fragments of three words or fewer that end in an abbreviation ("Russia's U.N.")."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            previous = body[out[-1][0] : out[-1][1]]
            # The last whitespace-separated token (a regex anchored at the end would be tried
            # at every position of the sentence).
            tail = previous.rsplit(None, 1)
            last = tail[-1] if tail and not previous[-1:].isspace() else ""
            following = body[start:end]
            joins = following[:1].isalpha() and (
                last.rstrip(".") in _TITLES and last.endswith(".")
                or (_INITIALS.search(last) and last not in _SENTENCE_FINAL_INITIALS)
                or (len(previous.split()) <= 3 and _INITIALS.search(last) is not None)
            )
            if joins:
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _join_open_quotes(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge the sentences of a quotation that opens in one sentence and closes in a later one
    of the same paragraph; leave them apart when it does not close soon."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        depth = quote_balance(body[start:end])
        j = i
        if depth > 0:
            running = depth
            for k in range(i + 1, min(len(spans), i + _MAX_QUOTE_SENTENCES)):
                running += quote_balance(body[spans[k][0] : spans[k][1]])
                if running <= 0:
                    j = k
                    break
        out.append((start, spans[j][1]))
        i = j + 1
    return out
