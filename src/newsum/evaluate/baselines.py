"""Baselines that people use today, run on the same clusters in the same run as newsum.

Every baseline is ``baseline(cluster, *, words) -> list[str]``: the summary's sentences, each
verbatim from one document. All of them read the documents through the same regex splitter
(:func:`regex_sentences`), not through newsum's cleaning and segmentation, so that they stand
for what one gets without newsum.

``lexrank`` ``textrank`` ``lsa`` ``kl`` ``sumbasic``
    sumy's summarizers, set up as the evaluation issue measured sumy's LexRank: the sentences of
    all documents, in the given order, as ONE sumy document (one paragraph; sumy's maintainers
    advise concatenating documents for multi-document use); a regex word tokenizer, because
    sumy's default needs NLTK's punkt data, which is a download; sumy's Snowball English stemmer
    and English stop words; sentences taken in sumy's rank order, skipping exact duplicates,
    until the summary has at least N words. It may overrun: scoring cuts every summary to N
    words, as ROUGE-1.5.5's ``-l`` does.
``lead``
    the first sentences of the newest document, until at least N words (DUC's baseline).
``centroid``
    ours, after Radev et al. (2004): sentences scored by the cosine of their TF-IDF vector to
    the cluster's centroid, taken greedily, skipping near-repeats, until at least N words.
``oracle``
    ours: greedy on ROUGE-2 recall against the references, never over N words. It reads the
    references, so it is an approximate upper bound for extraction, not a system.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from ..errors import ConfigError, InputError, MissingDependency
from ..model import Cluster, date_sort_key
from ..segment import split_sentences
from ..terms import content_terms, current_language, stemmed_tokens, stems_of, stopwords, tokens

__all__ = ["BASELINES", "SUMY_BASELINES", "run_baseline", "regex_sentences"]

Baseline = Callable[..., list[str]]

# The splitter of the measured sumy set-up: after . ! ? and whitespace. Crude on purpose (it
# splits "Mr. Smith" and keeps headlines glued to the next sentence): it is what a user of sumy
# without NLTK's punkt data gets.
_SPLIT = re.compile(r"(?<=[.!?])\s+")


def regex_sentences(text: str) -> list[str]:
    """The sentences of ``text`` by the regex splitter, stripped, each a substring of ``text``.
    In a language other than English (inside ``terms.reading``), newsum's own splitter: the
    regex knows neither the danda nor the Chinese full stop, and the issue of record asks for
    the baselines to split as newsum does there."""
    language = current_language()
    if language != "en":
        return [sentence.text for sentence in split_sentences(text, language=language)]
    return [piece.strip() for piece in _SPLIT.split(text) if piece.strip()]


def _cluster_sentences(cluster: Cluster) -> list[str]:
    return [sentence for document in cluster.documents for sentence in regex_sentences(document.text)]


def _word_count(sentence: str) -> int:
    """Words as ROUGE-1.5.5's ``-l`` and newsum's budget count them: whitespace-separated."""
    return len(sentence.split())


def _fill(ranked: Iterable[str], words: int) -> list[str]:
    """Sentences in the given order, skipping exact duplicates, until at least ``words`` words."""
    taken: list[str] = []
    seen: set[str] = set()
    count = 0
    for sentence in ranked:
        if count >= words:
            break
        if sentence in seen:
            continue
        seen.add(sentence)
        taken.append(sentence)
        count += _word_count(sentence)
    return taken


# -- sumy --------------------------------------------------------------------------------------

# Word candidates for sumy: runs of word characters with inner apostrophes or hyphens. sumy's
# own filter (Tokenizer._WORD_PATTERN: letters, then letters, ' or -) then drops numbers and
# punctuation, as it does after NLTK's tokenizer.
_TOKEN = re.compile(r"\w+(?:['-]\w+)*")


class _RegexTokenizer:
    """The word tokenizer sumy's Sentence calls; needs no downloaded data (NLTK's punkt does)."""

    language = "english"

    def __init__(self, word_pattern: re.Pattern[str]):
        self._word_pattern = word_pattern

    def to_words(self, sentence: str) -> tuple[str, ...]:
        if current_language() != "en":
            # Words in any script (sumy's own pattern drops the vowel signs of Hindi), with a letter.
            return tuple(token for token in tokens(sentence) if any(ch.isalpha() for ch in token))
        return tuple(token for token in _TOKEN.findall(sentence) if self._word_pattern.match(token))


_SUMY_CLASSES = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
}
SUMY_BASELINES = tuple(_SUMY_CLASSES)


def _sumy_ranked(name: str, sentences: Sequence[str]) -> list[str]:
    """``sentences`` in the order sumy's ``name`` summarizer rates them, best first."""
    import importlib

    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.utils import get_stop_words

        module_name, class_name = _SUMY_CLASSES[name]
        summarizer_class = getattr(importlib.import_module(module_name), class_name)
    except ImportError:
        raise MissingDependency(f"the {name} baseline", "eval", "sumy") from None

    if name == "lsa":
        summarizer_class = _stable_lsa(summarizer_class)
    tokenizer = _RegexTokenizer(Tokenizer._WORD_PATTERN)
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    language = current_language()
    summarizer = summarizer_class(Stemmer("english") if language == "en" else _stem_as_read)
    # All five read `stop_words`: LexRank, TextRank, LSA and SumBasic through a setter that
    # lower-cases, KL as a plain attribute it compares lower-cased words against (sumy's list
    # is lower-case already). KL does not stem; that is sumy's KL.
    summarizer.stop_words = get_stop_words("english") if language == "en" else stopwords(language)
    ranked: list[str] = []

    def capture(infos):
        # sumy's _get_best_sentences hands the count the SentenceInfos sorted by rating, best
        # first (ties in document order), before it restores document order: the rank order.
        ranked.extend(str(info.sentence) for info in infos)
        return infos

    with warnings.catch_warnings():
        # LSA warns when a cluster has fewer distinct words than sentences; it still ranks.
        warnings.simplefilter("ignore", UserWarning)
        summarizer(document, capture)
    return ranked


def _stem_as_read(word: str) -> str:
    """newsum's stem of ``word`` in the language being read (``terms.reading``), as the
    word-to-stem function sumy takes."""
    return stems_of([word.lower()])[0]


def _stable_lsa(lsa_class: type) -> type:
    """sumy's LSA with its term rows in sorted order instead of frozenset order.

    sumy numbers the terms by iterating a frozenset, whose order changes with Python's string
    hash seed from run to run. The SVD is the same up to rounding, but LSA's ratings tie often
    (sumy keeps all dimensions and smooths every cell, zeros included, so a rating is the norm
    of the sentence's column: equal for sentences with the same pattern of term counts), and
    rounding then decides the ties: R-1 moved by 0.25 between two runs on DUC-2004. Sorting
    the terms changes nothing else and makes the ranking the same in every run.
    """

    class StableLsaSummarizer(lsa_class):
        def _create_dictionary(self, document):
            return {term: row for row, term in enumerate(sorted(super()._create_dictionary(document)))}

    return StableLsaSummarizer


def _sumy(name: str) -> Baseline:
    def baseline(cluster: Cluster, *, words: int) -> list[str]:
        sentences = _cluster_sentences(cluster)
        if not sentences:
            return []
        return _fill(_sumy_ranked(name, sentences), words)

    baseline.__name__ = f"sumy_{name}"
    baseline.__doc__ = f"sumy's {_SUMY_CLASSES[name][1]}, ranked over all sentences, until at least ``words`` words."
    return baseline


# -- lead --------------------------------------------------------------------------------------


def lead(cluster: Cluster, *, words: int) -> list[str]:
    """The first sentences of the newest document (latest date, ties: the greatest id; undated
    documents count as oldest) until at least ``words`` words."""
    newest = max(cluster.documents, key=lambda d: (date_sort_key(d.date) if d.date else (0, ""), d.id))
    return _fill(regex_sentences(newest.text), words)


# -- centroid ----------------------------------------------------------------------------------

# Two sentences whose TF-IDF cosine is above this say much the same; the second is skipped.
# Radev et al. (2004) use a similar cosine cut-off for redundancy; 0.5 is the value the
# evaluation issue specifies, not tuned on DUC.
CENTROID_REDUNDANCY = 0.5


def centroid(cluster: Cluster, *, words: int) -> list[str]:
    """Centroid-based selection (Radev et al. 2004, without MEAD's position features).

    Each sentence is a TF-IDF vector over content stems (:func:`newsum.terms.content_terms`):
    term frequency times ``log(n / df)`` with document frequency counted over the cluster's
    sentences (there is no background corpus here). The centroid is the mean vector; a
    sentence scores its cosine to the centroid. Sentences are taken best first, skipping one
    whose cosine with a sentence already taken is above ``CENTROID_REDUNDANCY``, until the
    summary has at least ``words`` words.
    """
    sentences = list(dict.fromkeys(_cluster_sentences(cluster)))  # exact repeats once
    if not sentences:
        return []
    terms = [Counter(content_terms(s)) for s in sentences]
    vocabulary = {term: i for i, term in enumerate(sorted({t for counts in terms for t in counts}))}
    if not vocabulary:
        return _fill(sentences, words)
    tf = np.zeros((len(sentences), len(vocabulary)))
    for row, counts in enumerate(terms):
        for term, count in counts.items():
            tf[row, vocabulary[term]] = count
    df = (tf > 0).sum(axis=0)
    vectors = tf * np.log(len(sentences) / df)
    norms = np.linalg.norm(vectors, axis=1)
    unit = np.divide(vectors, norms[:, None], out=np.zeros_like(vectors), where=norms[:, None] > 0)
    center = vectors.mean(axis=0)
    center_norm = np.linalg.norm(center)
    scores = unit @ center / center_norm if center_norm > 0 else np.zeros(len(sentences))
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))  # ties: document order

    taken: list[int] = []
    count = 0
    for i in order:
        if count >= words:
            break
        if taken and float(np.max(unit[taken] @ unit[i])) > CENTROID_REDUNDANCY:
            continue
        taken.append(i)
        count += _word_count(sentences[i])
    return [sentences[i] for i in taken]


# -- oracle ------------------------------------------------------------------------------------


def _bigrams(text: str) -> Counter[tuple[str, str]]:
    stems = stemmed_tokens(text)
    return Counter(zip(stems, stems[1:]))


def oracle(cluster: Cluster, *, words: int) -> list[str]:
    """Greedy ROUGE-2 oracle: an approximate upper bound for extractive summaries.

    Repeatedly adds the sentence that most increases ROUGE-2 recall against the cluster's
    references (bigram hits clipped per reference and pooled over them, as ROUGE-1.5.5's
    ``-f A``) while the summary stays within ``words`` words; stops when no sentence that fits
    adds a hit. Approximate twice over: the bigrams are newsum's (stems of
    :func:`newsum.terms.stemmed_tokens`, counted within each sentence), not ROUGE-1.5.5's
    tokenization and WordNet-aware stemming; and greedy search is not the best subset. Read
    its score as "about this much is reachable by extraction", not as a bound to the decimal.
    """
    if not cluster.references:
        raise InputError(f"the oracle baseline needs reference summaries; cluster {cluster.id!r} has none")
    references = [_bigrams(reference) for reference in cluster.references]
    sentences = list(dict.fromkeys(_cluster_sentences(cluster)))
    grams = [_bigrams(sentence) for sentence in sentences]
    lengths = [_word_count(sentence) for sentence in sentences]

    chosen: list[int] = []
    summary: Counter[tuple[str, str]] = Counter()
    used = 0
    while True:
        best, best_gain = None, 0
        for i, sentence_grams in enumerate(grams):
            if i in chosen or used + lengths[i] > words:
                continue
            gain = 0
            for reference in references:
                for gram, n in sentence_grams.items():
                    have = summary[gram]
                    gain += min(have + n, reference[gram]) - min(have, reference[gram])
            if gain > best_gain:  # ties: the earlier sentence
                best, best_gain = i, gain
        if best is None:
            break
        chosen.append(best)
        summary.update(grams[best])
        used += lengths[best]
    return [sentences[i] for i in chosen]


# -- registry ----------------------------------------------------------------------------------

BASELINES: dict[str, Baseline] = {
    "lead": lead,
    **{name: _sumy(name) for name in SUMY_BASELINES},
    "centroid": centroid,
    "oracle": oracle,
}


def run_baseline(name: str, cluster: Cluster, *, words: int) -> list[str]:
    """The sentences baseline ``name`` picks for ``cluster`` (may overrun ``words``, except
    the oracle)."""
    try:
        baseline = BASELINES[name]
    except KeyError:
        raise ConfigError(f"unknown baseline {name!r}; choose from {', '.join(BASELINES)}") from None
    if isinstance(words, bool) or not isinstance(words, int) or words < 1:
        raise ConfigError(f"words must be a positive whole number, got {words!r}")
    return baseline(cluster, words=words)
