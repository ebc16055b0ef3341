"""Light trimming inside a sentence, with exact provenance: an option, off by default.

A trimmed sentence is kept in pieces — verbatim spans of its document — and reads as the
pieces joined by one space. Only two things are ever cut, and only outside quotation marks:

* a parenthetical aside followed by more of the sentence: "about 2 mph (3 kph) over the
  islands" reads "about 2 mph over the islands";
* a connective that opens the sentence, when a capitalised word follows it: "But Beijing
  fears ..." reads "Beijing fears ...".

Nothing else: no clause that could say who said something is ever removed, and nothing inside
quotation marks changes. What is cut is recorded by the spans; the text itself is never
rewritten. On DUC-2004 trimming does not change ROUGE beyond noise (a parenthetical is
rarely what a human summary keeps, and rarely costs more than two words); it is offered for
readers who want the tighter sentences.
"""

from __future__ import annotations

import re

from .segment import quote_balance

__all__ = ["trim", "OPENING_CONNECTIVES"]

#: Connectives that may be cut from the start of a sentence (with the comma after them).
OPENING_CONNECTIVES = ("But", "And", "Also", "However,", "Meanwhile,", "Still,", "Yet", "So")

_PARENTHETICAL = re.compile(r" \([^()\"“”`]{1,80}\)(?= [\w`\"“])")
_CONNECTIVE = re.compile(r"^(?:" + "|".join(re.escape(c) for c in OPENING_CONNECTIVES) + r") (?=[A-Z])")


def trim(text: str, start: int) -> tuple[tuple[int, int], ...] | None:
    """The pieces (absolute ``(start, end)`` offsets) of ``text`` after trimming, ``text``
    being the document's text from offset ``start``; None when there is nothing to trim."""
    cuts: list[tuple[int, int]] = []
    opening = _CONNECTIVE.match(text)
    if opening:
        cuts.append((0, opening.end()))
    for match in _PARENTHETICAL.finditer(text):
        # ``match`` covers " (aside)"; the space after it goes too, so the pieces join cleanly.
        if quote_balance(text[: match.start()]) <= 0:
            cuts.append((match.start(), match.end() + 1))
    if not cuts:
        return None
    pieces = []
    position = 0
    for cut_start, cut_end in cuts:
        if cut_start > position:
            pieces.append((position, cut_start))
        position = cut_end
    pieces.append((position, len(text)))
    kept = [(start + a, start + b) for a, b in pieces if text[a:b].strip()]
    return tuple(kept) if kept else None
