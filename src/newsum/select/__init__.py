"""Selection algorithms, one file each, all keeping the contract of :mod:`.base`."""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from .base import CandidatePool, Selector, greedy_fill
from .centrality import Centrality
from .concept import ConceptCoverage

__all__ = ["CandidatePool", "Selector", "ConceptCoverage", "Centrality", "SELECTORS", "make_selector", "greedy_fill"]

#: Selection algorithms by the name ``--method`` uses.
SELECTORS: dict[str, type[Selector]] = {cls.name: cls for cls in (ConceptCoverage, Centrality)}


def make_selector(method: str | Selector, **params: Any) -> Selector:
    """A selector from its name (with parameters) or an already configured instance."""
    if isinstance(method, Selector):
        if params:
            raise ConfigError("give parameters to the selector instance itself, not beside it")
        return method
    try:
        cls = SELECTORS[method]
    except (KeyError, TypeError):
        raise ConfigError(f"unknown method {method!r}; choose one of {', '.join(sorted(SELECTORS))}") from None
    try:
        return cls(**params)
    except TypeError:
        raise ConfigError(f"method {method!r} takes the parameters {', '.join(cls._param_names())}; got {sorted(params)}") from None
