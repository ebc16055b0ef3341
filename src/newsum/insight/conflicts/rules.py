"""A rule of the conflict engine: a name (shown by ``newsum insight --explain``) and a check.

``check(a, b, pairing)`` returns why values ``a`` and ``b`` are *not* a conflict (an update,
a part and its total, an estimate, two different events ...), or None when the rule has
nothing against them. Each value type lists its rules in the order they run (``RULES`` in
:mod:`.numbers`, :mod:`.days`); the first reason vetoes the pair, and :mod:`.engine` records
which rule decided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import ValueMention

__all__ = ["Rule"]


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[ValueMention, ValueMention, Any], str | None]

    def __call__(self, a: ValueMention, b: ValueMention, pairing: Any) -> str | None:
        return self.check(a, b, pairing)
