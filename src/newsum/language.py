"""Which language a document, and a cluster, is written in.

English news is recognised in microseconds by its function words (in English news 35-45% of
tokens are stop words from :data:`newsum.terms.STOPWORDS`; in German, French or Spanish news
under 8%). Only text that does not look English is given to py3langid (its model ships in the
wheel and takes ~0.6 s to load, which English input never pays).
"""

from __future__ import annotations

from functools import lru_cache

from .terms import STOPWORDS, tokens

__all__ = ["detect_language", "document_language", "cluster_language", "text_language"]

# Share of English stop words above which text is English without asking the model. 0.25 is
# well under the 0.35 of the DUC-2004 and korea-2017 articles and far above other languages.
_ENGLISH_STOPWORD_SHARE = 0.25
_SAMPLE_CHARS = 20_000


def detect_language(text: str, *, words: list[str] | None = None) -> str | None:
    """ISO 639-1 code of the main language of ``text``, or None when there are no words.

    ``words``: the text's lower-cased tokens when they are already known.
    """
    sample = text[:_SAMPLE_CHARS]
    if words is None:
        words = tokens(sample)
    if not words:
        return None
    if sum(1 for w in words if w in STOPWORDS) / len(words) >= _ENGLISH_STOPWORD_SHARE:
        return "en"
    code, _ = _identifier().classify(sample)
    return code


def text_language(text: str) -> str | None:
    """The language ``text`` is written in, told from its first characters; None when it is
    too short to tell (cached by text)."""
    return _detected(text)


def document_language(document) -> str | None:
    """The document's ``language`` if given, else the one its text is detected in (cached by
    text: a document is read by several stages); None when it is too short to tell."""
    return document.language or _detected(document.text)


#: Characters of a document its language is told from: ~350 words, ample for the stop-word
#: share and for py3langid, and a tenth of the time of reading a long article whole.
_DOCUMENT_SAMPLE = 2_000


#: Fewer words than this are too few to tell a language from (a headline, a caption): such a
#: document is read in its cluster's language.
_MIN_WORDS = 50


@lru_cache(maxsize=4096)
def _detected(text: str) -> str | None:
    sample = text[:_DOCUMENT_SAMPLE]
    words = tokens(sample)
    if len(words) < _MIN_WORDS and len(sample) < _DOCUMENT_SAMPLE // 4:
        return None
    return detect_language(sample, words=words)


def cluster_language(documents) -> str:
    """The language most of the documents' text is written in (by characters); English when
    none can be told."""
    weight: dict[str, int] = {}
    for document in documents:
        code = document_language(document) if document.text.strip() else None
        if code is not None:
            weight[code] = weight.get(code, 0) + len(document.text)
    if weight:
        return max(sorted(weight), key=weight.__getitem__)
    pooled = " ".join(d.text for d in documents)
    return detect_language(pooled[:_SAMPLE_CHARS]) or "en"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
