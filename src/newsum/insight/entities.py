"""People, organisations and places the cluster names, merged across name variants.

Rule-based: a run of capitalised words not at a sentence start (or a known name at one) is a
name; "Lavrov" and "Mr Lavrov" merge into "Sergei Lavrov" when the cluster writes the full
name (:class:`.quotes.Speakers` knows them); a role written beside a name ("Russian Foreign
Minister Sergei Lavrov") counts as that name's mention. Kinds are not told apart yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Document
from .corroboration import Statement, statements_of
from .quotes import NOT_NAMES, ROLE_WORDS, Speakers

__all__ = ["Entity", "entities"]

_RUN = re.compile(r"(?<![\w.])[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+|al\s+|van\s+)?[A-Z][\w'’.-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[\"“]\s*)$")
_CALENDAR = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
             "April", "May", "June", "July", "August", "September", "October", "November", "December"}


@dataclass(frozen=True)
class Entity:
    name: str
    mentions: int
    sources: tuple[str, ...]
    outlets: tuple[str, ...]
    variants: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"name": self.name, "mentions": self.mentions, "sources": list(self.sources),
                "outlets": list(self.outlets), "variants": list(self.variants)}


def entities(
    documents: Sequence[Document], *, speakers: Speakers | None = None, statements: Sequence[Statement] | None = None
) -> list[Entity]:
    """Named entities with mention counts, most mentioned first."""
    documents = [d for d in documents if d.text.strip()]
    # Article text only: no headlines, captions or furniture.
    statements = statements_of(documents) if statements is None else statements
    speakers = speakers or Speakers(s.text for s in statements)
    found: dict[str, dict] = {}
    by_id = {d.id: d for d in documents}
    for statement in statements:
        document = by_id[statement.document_id]
        text = statement.text
        for match in _RUN.finditer(text):
            words = []
            for word in match.group().split():
                words.append(word.rstrip(".'’") if len(word) > 3 and word.endswith(".") else word)
                if len(word) > 3 and word.endswith("."):
                    break  # a full stop after a word ends the name ("United Nations. China")
            words = [w for w in words if w not in _CALENDAR]
            at_start = _SENTENCE_START.search(text[: match.start()]) is not None
            while words and (words[0] in NOT_NAMES or (at_start and len(words) == 1 and words[0] not in speakers.full)):
                words = words[1:]
                at_start = False
            roles = [i for i, w in enumerate(words) if w in ROLE_WORDS]
            if roles and roles[-1] < len(words) - 1:
                words = words[roles[-1] + 1 :]
            if not words or all(w in ROLE_WORDS for w in words) or len(" ".join(words)) < 3:
                continue
            written = " ".join(words)
            name = speakers.resolve(written) or written
            entry = found.setdefault(name, {"mentions": 0, "sources": [], "variants": []})
            entry["mentions"] += 1
            if document.id not in entry["sources"]:
                entry["sources"].append(document.id)
            if written not in entry["variants"]:
                entry["variants"].append(written)
    result = [
        Entity(name, e["mentions"], tuple(e["sources"]), tuple(dict.fromkeys(by_id[d].source or d for d in e["sources"])),
               tuple(e["variants"]))
        for name, e in found.items()
        if e["mentions"] >= 2 or len(name.split()) >= 2
    ]
    return sorted(result, key=lambda e: (-e.mentions, e.name))
