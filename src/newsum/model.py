"""The values that travel through newsum: documents in, a summary with provenance out.

All are frozen dataclasses. Dates are ``datetime.date`` or ``datetime.datetime`` objects, never
strings; offsets are Python string indices into a document's ``text`` (end exclusive).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError, InputError

__all__ = ["Budget", "Document", "Cluster", "Span", "SummarySentence", "Summary", "OffTopic", "SCHEMA_VERSION"]

#: Version of the JSON produced by :meth:`Summary.to_dict`; bump it when a field changes meaning
#: or disappears (adding a field is compatible). Described by ``newsum/schemas/summary.schema.json``.
#: 2.0: a sentence's ``sources`` are every document that states its fact in any wording (the
#: semantic layer's decision), each with its passage in the new ``support``; in 1.0 they were
#: the documents that carried the sentence nearly verbatim.
SCHEMA_VERSION = "2.0"

_BUDGET_UNITS = ("words", "sentences", "chars")


#: An ISO 639 language code: two or three lower-case letters.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")

@dataclass(frozen=True)
class Budget:
    """How long a summary may be: exactly one of ``words``, ``sentences`` or ``chars``.

    A word is a whitespace-separated token, as ROUGE-1.5.5's ``-l`` counts them. Characters
    count the summary as joined for output: sentences separated by one space.
    """

    words: int | None = None
    sentences: int | None = None
    chars: int | None = None

    def __post_init__(self) -> None:
        given = {unit: getattr(self, unit) for unit in _BUDGET_UNITS if getattr(self, unit) is not None}
        if len(given) != 1:
            raise ConfigError(
                f"a budget takes exactly one of words, sentences or chars; got {len(given)} "
                f"({', '.join(given) or 'none'}): use e.g. Budget(words=100)"
            )
        ((unit, limit),) = given.items()
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ConfigError(f"budget {unit} must be a positive whole number, got {limit!r}")
        object.__setattr__(self, "_unit", unit)  # read on every cost(): not worth recomputing

    @classmethod
    def coerce(cls, value: Budget | int | Mapping[str, int]) -> Budget:
        """A budget from a Budget, a number of words, or a mapping like ``{"words": 100}``."""
        if isinstance(value, Budget):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(words=value)
        if isinstance(value, Mapping):
            unknown = set(value) - set(_BUDGET_UNITS)
            if unknown:
                raise ConfigError(f"unknown budget unit {sorted(unknown)}; use words, sentences or chars")
            return cls(**value)
        raise ConfigError(f"budget must be a Budget, an int (words) or a mapping, got {type(value).__name__}")

    @property
    def unit(self) -> str:
        return self._unit  # type: ignore[attr-defined]

    @property
    def limit(self) -> int:
        return getattr(self, self.unit)

    def cost(self, text: str) -> int:
        """What one sentence costs, including the space that joins it to the one before
        (for ``chars``; :meth:`allowance` gives back the one space the first sentence lacks)."""
        unit = self._unit  # type: ignore[attr-defined]
        if unit == "words":
            return len(text.split())
        if unit == "sentences":
            return 1
        return len(text) + 1

    @property
    def allowance(self) -> int:
        """The total cost a summary may have, in the units of :meth:`cost`."""
        return self.limit + 1 if self.unit == "chars" else self.limit

    def used(self, texts: list[str] | tuple[str, ...]) -> int:
        """How much of the budget a summary made of ``texts`` uses, in its unit."""
        if self.unit == "chars":
            return len(" ".join(texts))
        return sum(self.cost(text) for text in texts)

    def to_dict(self) -> dict[str, int]:
        return {self.unit: self.limit}

    def __str__(self) -> str:
        return f"{self.limit} {self.unit}"


def parse_date(value: Any, *, what: str) -> dt.date | dt.datetime | None:
    """ISO 8601 date or datetime; empty or None means unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(f"{what} must be an ISO 8601 string, got {type(value).__name__} {value!r}")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{what} {value!r} is not ISO 8601; write it like 2017-11-30 or "
            f"2017-11-30T14:05:00+00:00, or leave it empty"
        ) from None


def date_sort_key(value: dt.date | dt.datetime | None) -> tuple[int, str]:
    """A total order over known dates (naive datetimes read as UTC) with unknown dates last."""
    if value is None:
        return (1, "")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return (0, value.isoformat())
    return (0, dt.datetime(value.year, value.month, value.day).isoformat())


def content_id(*parts: str | None) -> str:
    """A stable id for a document that came without one: a hash of what it says and where."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x1f")
    return "doc-" + digest.hexdigest()[:12]


@dataclass(frozen=True)
class Document:
    """One news article.

    ``text`` is the article as given (for HTML input: the text the extractor found, which
    all offsets refer to). ``source`` is the outlet's name. ``extra`` keeps every input field
    newsum does not use, unchanged. ``format`` and ``encoding`` say what the reader detected.
    """

    text: str
    id: str | None = None
    title: str | None = None
    date: dt.date | dt.datetime | None = None
    url: str | None = None
    source: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    format: str = "text"
    encoding: str | None = None
    html: str | None = field(default=None, repr=False)
    #: ISO 639-1 code of the language the article is written in (None: detected when read).
    language: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(f"document text must be a string, got {type(self.text).__name__}")
        if self.language is not None and (not isinstance(self.language, str) or not _LANGUAGE_CODE.fullmatch(self.language)):
            raise InputError(f"document field 'language' must be an ISO 639-1 code such as 'fr' or 'hi', got {self.language!r}")
        for name in ("id", "title", "url", "source"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                if name == "id" and isinstance(value, int) and not isinstance(value, bool):
                    object.__setattr__(self, name, str(value))
                    continue
                raise InputError(f"document field '{name}' must be a string, got {type(value).__name__} {value!r}")
        object.__setattr__(self, "date", parse_date(self.date, what="date"))
        if self.id is None or self.id == "":
            object.__setattr__(
                self, "id", content_id(self.html if self.html is not None else self.text, self.title, self.url, self.source)
            )
        object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def __reduce__(self):
        # ``extra`` is a read-only view, which pickle cannot carry; rebuild from a plain dict,
        # so that documents travel to worker processes with nothing lost.
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        fields["extra"] = dict(self.extra)
        return (_document_from_fields, (fields,))

    @property
    def outlet(self) -> str | None:
        """The outlet's name: ``source`` if given, else the URL's host without ``www.``."""
        if self.source and self.source.strip():
            return self.source.strip()
        if self.url:
            host = urlsplit(self.url.strip()).hostname
            if host:
                return host.removeprefix("www.")
        return None

    def to_dict(self, *, with_text: bool | None = None) -> dict[str, Any]:
        """The document as it appears in a summary's JSON (text only for HTML input by default)."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "date": self.date.isoformat() if self.date is not None else None,
            "format": self.format,
            "encoding": self.encoding,
            "language": self.language,
        }
        if with_text or (with_text is None and self.format == "html"):
            out["text"] = self.text
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


def _document_from_fields(fields: dict[str, Any]) -> Document:
    return Document(**fields)


@dataclass(frozen=True)
class Cluster:
    """Documents about one story. Document ids are unique within a cluster."""

    documents: tuple[Document, ...]
    id: str | None = None
    references: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: A question the summary should answer ("What is known about the casualties?"), if any.
    query: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", tuple(self.documents))
        object.__setattr__(self, "references", tuple(self.references))
        object.__setattr__(self, "extra", dict(self.extra))
        seen: set[str] = set()
        for document in self.documents:
            if document.id in seen:
                raise InputError(
                    f"document id {document.id!r} appears twice in cluster {self.id or ''}".rstrip()
                    + "; give every document a unique id (or none, for a content hash)"
                )
            seen.add(document.id)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Span:
    """A verbatim piece of a document: ``document.text[start:end]``."""

    document_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class OffTopic:
    """A document flagged as not belonging to the cluster's story (see :mod:`newsum.offtopic`):
    ``score`` from 0 to 1 (higher: further off), ``reason`` in words."""

    document_id: str
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "score": round(self.score, 4), "reason": self.reason}


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary, with where it comes from.

    ``text`` is exactly ``document.text[start:end]`` when the sentence is one span; when it is
    kept in pieces, ``text`` is the pieces joined by one space. ``support`` is one passage per
    document that states the same fact, in any wording (:class:`newsum.semantic.SameFact`):
    a whole sentence of that document, the quoted sentence's own first. ``sources`` are the
    ids of those documents in the same order, ``outlets`` their distinct outlet names.
    """

    text: str
    document_id: str
    start: int
    end: int
    spans: tuple[Span, ...]
    sources: tuple[str, ...]
    outlets: tuple[str, ...]
    support: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
            "spans": [span.to_dict() for span in self.spans],
            "sources": list(self.sources),
            "outlets": list(self.outlets),
            "support": [span.to_dict() for span in self.support],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SummarySentence:
        return cls(
            text=data["text"],
            document_id=data["document_id"],
            start=data["start"],
            end=data["end"],
            spans=tuple(Span(**span) for span in data["spans"]),
            sources=tuple(data["sources"]),
            outlets=tuple(data["outlets"]),
            support=tuple(Span(**span) for span in data.get("support", ())),
        )


@dataclass(frozen=True)
class Summary:
    """A summary of one cluster: its sentences in reading order, and everything it cites.

    ``notes`` are things the user should know (language not English, documents that had no
    usable sentence); the CLI prints them on stderr and JSON carries them. ``offtopic`` lists
    the documents judged off the cluster's story (left out of the summary unless asked).
    """

    id: str | None
    sentences: tuple[SummarySentence, ...]
    documents: tuple[Document, ...]
    budget: Budget
    method: str
    params: Mapping[str, Any]
    language: str | None = None
    notes: tuple[str, ...] = ()
    offtopic: tuple[OffTopic, ...] = ()
    #: The cluster's :class:`newsum.Insight` when asked for (``with_insight``), else None.
    insight: Any = None
    #: With a query: the query and whether the documents answer it (:class:`newsum.query.QueryResult`);
    #: a summary of a query they do not answer has no sentences.
    query: Any = None

    @property
    def text(self) -> str:
        """The summary as plain text: its sentences joined by one space, no markers."""
        return " ".join(sentence.text for sentence in self.sentences)

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        from ._version import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "summary": self.text,
            "sentences": [sentence.to_dict() for sentence in self.sentences],
            "documents": [document.to_dict() for document in self.documents],
            "budget": self.budget.to_dict(),
            "language": self.language,
            "offtopic": [flag.to_dict() for flag in self.offtopic],
            "method": self.method,
            "params": dict(self.params),
            "notes": list(self.notes),
            "newsum_version": __version__,
            **({"insight": self.insight.to_dict()} if self.insight is not None else {}),
            **({"query": self.query.to_dict()} if self.query is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Summary:
        """Rebuild a summary from :meth:`to_dict` output (documents keep only what JSON carries)."""
        documents = tuple(
            Document(
                text=document.get("text", ""),
                id=document["id"],
                title=document.get("title"),
                date=document.get("date"),
                url=document.get("url"),
                source=document.get("outlet"),
                extra=document.get("extra", {}),
                format=document.get("format", "text"),
                encoding=document.get("encoding"),
                language=document.get("language"),
            )
            for document in data["documents"]
        )
        return cls(
            id=data.get("id"),
            sentences=tuple(SummarySentence.from_dict(sentence) for sentence in data["sentences"]),
            documents=documents,
            budget=Budget.coerce(data["budget"]),
            method=data["method"],
            params=data.get("params", {}),
            language=data.get("language"),
            notes=tuple(data.get("notes", ())),
            offtopic=tuple(OffTopic(**flag) for flag in data.get("offtopic", ())),
        )
