"""Which candidate sentences can stand on their own in a summary.

A summary sentence is read far from its neighbours. One that opens with a pronoun or a
connective ("He said ...", "But ...") points back at a sentence the reader does not have; one
that is nothing but a quotation (or continues one opened in an earlier sentence) does not
say who spoke; a very short one says little. They
stay in the cluster (they support other sentences) but are chosen only when the cluster has
no alternative: when the sentences that can stand alone cannot fill the budget.
"""

from __future__ import annotations

import re

from .clean import LabeledSentence
from .language_profiles import word_count

__all__ = ["starts_with_reference", "is_bare_quote", "too_short", "word_count", "standalone_problem", "MIN_WORDS"]

#: Sentences shorter than this many words are not chosen while longer ones exist. News lead
#: sentences run 20-35 words; below 8 they are mostly attributions, fragments or asides
#: ("Lavrov said.", "Maybe the Post Office has been lucky."), and on DUC-2004 d30001-d30025
#: raising the floor from 6 to 8 took such fillers out of summaries without losing ROUGE.
MIN_WORDS = 8

# Capitalised as at the start of a sentence, so that "US officials" is not read as "us".
_REFERENCE_WORDS = """
    He She It They Them Him Her His Hers Its Their Theirs We Our Us You This That These Those
    Such But And Or Nor So Yet Also However Meanwhile Instead Moreover Furthermore Nevertheless
    Nonetheless Still Then Thus Therefore Hence Besides Otherwise Likewise Similarly Indeed Later
    Earlier Afterwards Other Another Both Neither Either
""".split()
_REFERENCE = re.compile(r"^(?:I\s|(?:" + "|".join(_REFERENCE_WORDS) + r")\b)")


def starts_with_reference(text: str) -> bool:
    """Does the sentence open with a word that refers back to an earlier sentence?

    A sentence that opens with a quotation is not tested: in ``"We will stay," she said``
    the "We" is the speaker's own word, not the reporter's reference.
    """
    return bool(_REFERENCE.match(text.lstrip()))


_QUOTED = re.compile(r"""“[^”]*”?|"[^"]*"?|``.*?(?:''|$)""", re.DOTALL)


def is_bare_quote(text: str) -> bool:
    """Is the sentence a quotation with no attribution around it?"""
    stripped = text.strip()
    if not stripped.startswith(("\"", "“", "``")):
        return False
    outside = _QUOTED.sub(" ", stripped)
    return len(re.findall(r"\w+", outside)) < 2


# Interview transcripts mark speakers with "Q." and "A."; the answer is someone's speech
# without quotation marks or attribution (DUC-2004 d30045t has a full Q&A).
_INTERVIEW = re.compile(r"^(?:Q|A)[.:]\s")


def too_short(text: str) -> bool:
    return word_count(text) < MIN_WORDS


def standalone_problem(sentence: LabeledSentence, text: str | None = None) -> str | None:
    """Why the sentence (or ``text``, what is kept of it after trimming) cannot stand on its
    own, or None if it can."""
    text = sentence.text if text is None else text
    if sentence.sentence.inside_quote:
        return "inside-quote"
    if too_short(text):
        return "short"
    if starts_with_reference(text):
        return "reference"
    if is_bare_quote(text) or _INTERVIEW.match(text):
        return "bare-quote"
    return None
