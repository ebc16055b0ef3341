"""Places: one event placed in two places by different documents ("broke out near Kelloa" /
"started near Port Ansel")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Document
from ...semantic.lexical import cosine
from ...terms import STOPWORDS
from ..corroboration import Statement
from .clauses import NOT_PLACES, event_heads
from .model import Conflict, ValueMention, text_mention

_PLACE = re.compile(
    r"\b(?P<preposition>near|in|at|outside|off)\s+(?:the\s+)?(?:(?:[a-z-]+\s+){0,2}[a-z-]+(?:\s+of|,)\s+)?(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+)*)(?:\s+(?P<kind>[a-z]{4,}(?:\s+(?:zone|district|area|park|road|street|site|plant|station|port))?))?"
)
#: Places are compared only between statements this close (masked cosine), about one event.
PLACE_SAME_FACT = 0.2


def place_conflicts(statements: Sequence[Statement], by_id: dict[str, Document], vectors: list[dict[str, float]],
                     index_of: dict[tuple[str, int], int]) -> list[Conflict]:
    """One event placed in different places: the same event word before the place ("broke out
    ... near X" / "started ... near Y"), statements about the same fact, places that share no
    word, and neither document naming the other's place anywhere (a document that names both
    may be naming a district and its city, or two stops of one event)."""
    mentions: list[tuple[ValueMention, str, frozenset[str], frozenset[str], int]] = []
    for k, statement in enumerate(statements):
        for match in _PLACE.finditer(statement.text):
            words = match.group("place").split()
            if words[0] in NOT_PLACES or words[-1] in NOT_PLACES:
                continue
            kind = match.group("kind") or ""
            if match.group("preposition") == "in" and not kind:
                continue  # "in Kenya" / "in East Africa": one place may hold the other; "in the X district" names a spot
            end = match.end() if kind and kind not in STOPWORDS else match.end("place")
            mention = text_mention(statement, match.start(), end, "place", match.group("place"))
            heads = event_heads(statement.text, match.start())
            names = frozenset(w for w in words if w != "of")
            mentions.append((mention, match.group("preposition"), heads, names, k))
    found: list[Conflict] = []
    for i, (a, prep_a, heads_a, names_a, ka) in enumerate(mentions):
        for b, prep_b, heads_b, names_b, kb in mentions[i + 1 :]:
            if a.document_id == b.document_id or prep_a != prep_b or not heads_a & heads_b or names_a & names_b:
                continue
            if cosine(vectors[ka], vectors[kb]) < PLACE_SAME_FACT:
                continue
            if b.normalized in by_id[a.document_id].text or a.normalized in by_id[b.document_id].text:
                continue
            found.append(Conflict(f"where: {' '.join(sorted(heads_a & heads_b))}", "place", ((a.text, a.normalized, (a,)), (b.text, b.normalized, (b,))), None))
    return found


