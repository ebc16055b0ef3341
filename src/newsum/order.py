"""Reading order of a summary: by when a fact was first reported, then where in the article.

A fact's time is the earliest day on which a document that carries it was published. Days,
not hours: outlets publish the same news hours apart, and a wire story's lead should come
before the details another outlet printed an hour earlier. A document without a date is
taken to be from the cluster's earliest day (clusters are one story; unknown is not "late").
Among facts of the same day, the one that appears earlier in its articles (relative position,
so that long and short articles compare) comes first; ties go to the document order and the
offset, so the order is total and does not depend on input order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .model import Document
from .select.base import CandidatePool

__all__ = ["reading_order", "publication_day"]


def publication_day(document: Document) -> dt.date | None:
    """The day a document was published (in UTC for datetimes with a time zone)."""
    value = document.date
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.date()
    return value


def reading_order(pool: CandidatePool, chosen: Sequence[int], documents: Mapping[str, Document]) -> list[int]:
    rank = {document.id: i for i, document in enumerate(pool.documents)}
    known = [day for d in pool.documents if (day := publication_day(d)) is not None]
    default_day = min(known) if known else dt.date.min

    def day(doc_id: str) -> dt.date:
        found = publication_day(documents[doc_id])
        return default_day if found is None else found

    def key(index: int):
        candidate = pool.candidates[index]
        earliest = min(day(d) for d in candidate.support)
        return (earliest, pool.relative_position(index), rank[candidate.document_id], candidate.representative.start)

    return sorted(chosen, key=key)
