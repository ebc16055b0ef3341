"""Baselines that people use today, run on the same clusters in the same run.

``lexrank``: sumy's LexRank, set up as the evaluation issue measured it: sentences from a
regex splitter over all documents in the given order, sumy's Snowball English stemmer and
English stop words, sentences taken in rank order, skipping exact duplicates, until the
summary has at least N words (it may overrun; scoring truncates). sumy treats its input as
one document, which is how its maintainers advise using it on several.

``lead``: the first sentences of the newest document (the DUC "Lead" baseline).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..errors import MissingDependency
from ..model import Cluster, date_sort_key

__all__ = ["BASELINES", "run_baseline", "regex_sentences"]

# The regex splitter of the measured sumy set-up: split after . ! ? (and closing quotes)
# followed by whitespace and an upper-case letter or a quote; also at line breaks.
_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘`(]?[A-Z])|\n+")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")


def regex_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if s and s.strip()]


def _fill(ranked: Sequence[str], words: int) -> str:
    taken: list[str] = []
    seen: set[str] = set()
    count = 0
    for sentence in ranked:
        if sentence in seen:
            continue
        seen.add(sentence)
        taken.append(sentence)
        count += len(sentence.split())
        if count >= words:
            break
    return " ".join(taken)


class _RegexWords:
    """The word tokenizer sumy needs, without NLTK's punkt (which needs a download)."""

    language = "english"

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))

    @staticmethod
    def to_sentences(paragraph: str) -> tuple[str, ...]:
        return tuple(regex_sentences(paragraph))


def _sumy(name: str) -> Callable[[Cluster, int], str]:
    def run(cluster: Cluster, words: int) -> str:
        try:
            from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
            from sumy.nlp.stemmers import Stemmer
            from sumy.summarizers.lex_rank import LexRankSummarizer
            from sumy.summarizers.text_rank import TextRankSummarizer
            from sumy.utils import get_stop_words
        except ImportError:
            raise MissingDependency(f"The {name} baseline", "eval", "sumy") from None
        tokenizer = _RegexWords()
        sentences = [s for d in cluster.documents for s in regex_sentences(d.text)]
        document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
        summarizer = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[name](Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        ranked: list[str] = []

        def capture(infos):  # sumy passes the sentences sorted by rating, best first
            ranked.extend(str(info.sentence) for info in infos)
            return infos

        summarizer(document, capture)
        return _fill(ranked, words)

    return run


def _lead(cluster: Cluster, words: int) -> str:
    newest = max(cluster.documents, key=lambda d: (date_sort_key(d.date) if d.date else (0, ""), d.id))
    return _fill(regex_sentences(newest.text), words)


BASELINES: dict[str, Callable[[Cluster, int], str]] = {
    "lexrank": _sumy("lexrank"),
    "textrank": _sumy("textrank"),
    "lead": _lead,
}


def run_baseline(name: str, cluster: Cluster, *, words: int) -> str:
    """The summary text baseline ``name`` makes for ``cluster`` (may overrun ``words``)."""
    try:
        baseline = BASELINES[name]
    except KeyError:
        raise ValueError(f"unknown baseline {name!r}; choose one of {', '.join(BASELINES)}") from None
    return baseline(cluster, words)
