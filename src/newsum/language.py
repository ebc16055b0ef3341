"""Which language a cluster is written in.

English news is recognised in microseconds by its function words (in English news 35-45% of
tokens are stop words from :data:`newsum.terms.STOPWORDS`; in German, French or Spanish news
under 8%). Only text that does not look English is given to py3langid (its model ships in the
wheel and takes ~0.6 s to load, which English input never pays).
"""

from __future__ import annotations

from functools import lru_cache

from .terms import STOPWORDS, tokens

__all__ = ["detect_language"]

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


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
