"""Dated events across a cluster, in order, with relative dates resolved.

A statement that names a day ("on Tuesday", "yesterday", "on March 3", "2026-03-03") is an event
of that day: the weekday resolves to the latest such day on or before the document's date,
"yesterday"/"today" against it. Statements about the same day from different documents that
say the same thing are one event with several sources (the grouping of :mod:`.corroboration`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Document
from . import wordlists
from .corroboration import Corroboration, Statement, corroborate
from .lexicon import MONTHS, WEEKDAYS

__all__ = ["Event", "timeline"]

_MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_DAY = re.compile(
    rf"""\b(?:
        (?:on\s+|last\s+)?(?P<weekday>{wordlists.alternation("lexicon", "weekdays")})
      | (?P<relative>yesterday|today|tonight|this\ morning|last\ night)
      | (?:on\s+)?(?P<month>{wordlists.alternation("lexicon", "month_abbreviations")})[a-z]*\.?\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?
      | (?P<iso>\d{{4}}-\d{{2}}-\d{{2}})
    )\b""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Event:
    """What happened on ``date`` (ISO date, or a weekday name when no document date resolves
    it), as its statements say, with the words that date it in each."""

    date: str
    text: str
    statements: tuple[Statement, ...]
    sources: tuple[str, ...]
    dated_by: tuple[tuple[str, str], ...]  # (document id, the words that date it)

    def to_dict(self) -> dict:
        return {
            "date": self.date,
            "text": self.text,
            "sources": list(self.sources),
            "dated_by": [{"document_id": d, "text": t} for d, t in self.dated_by],
            "statements": [{"document_id": s.document_id, "start": s.start, "end": s.end, "text": s.text} for s in self.statements],
        }


def _published(document: Document) -> dt.date | None:
    value = document.date
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def resolve_day(match: re.Match, published: dt.date | None) -> str | None:
    """The ISO date a day expression names, against the publication date."""
    if match.group("iso"):
        return match.group("iso")
    if match.group("month"):
        month = _MONTH_ABBREVIATIONS.get(match.group("month").lower()[:3])
        year = int(match.group("year")) if match.group("year") else (published.year if published else None)
        if month is None or year is None:
            return None
        try:
            return dt.date(year, month, int(match.group("day"))).isoformat()
        except ValueError:
            return None
    if published is None:
        return match.group("weekday").lower() if match.group("weekday") else None
    if match.group("relative"):
        word = match.group("relative").lower()
        shift = 1 if word in ("yesterday", "last night") else 0
        return (published - dt.timedelta(days=shift)).isoformat()
    target = WEEKDAYS.index(match.group("weekday").lower())
    delta = (published.weekday() - target) % 7
    return (published - dt.timedelta(days=delta)).isoformat()


def timeline(documents: Sequence[Document], *, groups: Sequence[Corroboration] | None = None) -> list[Event]:
    """Dated events, earliest first (weekday-only dates, when no document is dated, last).
    ``groups``: :func:`.corroboration.corroborate` the documents, when the caller has them."""
    documents = [d for d in documents if d.text.strip()]
    by_id = {d.id: d for d in documents}
    events: list[Event] = []
    for group in corroborate(documents) if groups is None else groups:
        dates: dict[str, list[tuple[Statement, str]]] = {}
        for statement in group.statements:
            for match in _DAY.finditer(statement.text):
                day = resolve_day(match, _published(by_id[statement.document_id]))
                if day:
                    dates.setdefault(day, []).append((statement, match.group()))
                    break  # the first day a statement names is its event's day
        for day, dated in dates.items():
            statements = tuple(s for s, _ in dated)
            events.append(
                Event(
                    day,
                    statements[0].text,
                    statements,
                    tuple(dict.fromkeys(s.document_id for s in statements)),
                    tuple((s.document_id, words) for s, words in dated),
                )
            )
    return sorted(events, key=lambda e: (not e.date[:1].isdigit(), e.date, e.sources[0]))
