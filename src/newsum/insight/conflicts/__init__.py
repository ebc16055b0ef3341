"""Where outlets state different values for the same thing: counts and amounts, days, names,
jobs and places. One engine (:mod:`.engine`) runs each value type's extractor and rules
(:mod:`.numbers`, :mod:`.days`, :mod:`.names`, :mod:`.places`) and records why each pair of
values was or was not reported (:func:`explain_conflicts`, ``newsum insight --explain``)."""

from .engine import explain_conflicts, find_conflicts
from .model import Conflict, Decision, ValueMention

__all__ = ["Conflict", "Decision", "ValueMention", "find_conflicts", "explain_conflicts"]
