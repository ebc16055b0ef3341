"""Records (parsed JSON objects) to documents and clusters, with errors that say where."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import EmptyCluster, InputError, MalformedRecord
from ..model import Cluster, Document
from .html import extract_article

__all__ = ["document_from_record", "cluster_from_record", "DOCUMENT_FIELDS"]

#: The document fields newsum reads; every other key is kept unchanged in ``Document.extra``.
DOCUMENT_FIELDS = ("id", "title", "date", "url", "source", "text", "html", "language")
_CLUSTER_FIELDS = ("id", "documents", "references", "query")


def document_from_record(
    record: Any, *, path: str, line: int | None = None, where: str = "document"
) -> Document:
    """A :class:`Document` from one JSON object; HTML goes through the article extractor."""
    if not isinstance(record, Mapping):
        raise MalformedRecord(
            f"{where} is {_kind(record)}, not an object; write it as "
            '{"id": ..., "text": ...} (or "html" instead of "text")',
            path=path,
            line=line,
        )
    text, html = record.get("text"), record.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise MalformedRecord(f"{where}: field '{name}' must be a string, got {_kind(value)}", path=path, line=line)
    if text is None and html is None:
        raise MalformedRecord(
            f"{where} has no 'text' or 'html' field; every document needs one of them", path=path, line=line
        )
    fields = {name: record.get(name) for name in ("id", "title", "date", "url", "source", "language")}
    if isinstance(fields["id"], int) and not isinstance(fields["id"], bool):
        fields["id"] = str(fields["id"])
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise MalformedRecord(f"{where}: field '{name}' must be a string, got {_kind(value)}", path=path, line=line)
    extra = {key: value for key, value in record.items() if key not in DOCUMENT_FIELDS}
    label = f"{where} {fields['id']!r}" if fields["id"] else where

    fmt = "text"
    if text is None:
        article = extract_article(html, url=fields["url"], path=path, line=line)  # type: ignore[arg-type]
        text, fmt = article.text, "html"
        fields["title"] = fields["title"] or article.title
        fields["date"] = fields["date"] or article.date
        fields["source"] = fields["source"] or article.outlet
        fields["url"] = fields["url"] or article.url
    try:
        return Document(text=text, extra=extra, format=fmt, html=html, **fields)
    except InputError as error:
        raise MalformedRecord(f"{label}: {error.reason}", path=path, line=line) from None


def cluster_from_record(record: Any, *, path: str, line: int | None = None, default_id: str | None = None) -> Cluster:
    """A :class:`Cluster` from one JSON object of a cluster JSONL file."""
    if not isinstance(record, Mapping):
        raise MalformedRecord(
            f"the line is {_kind(record)}, not a cluster object; each line must be "
            '{"id": ..., "documents": [{"text": ...}, ...]}',
            path=path,
            line=line,
        )
    documents = record.get("documents")
    if documents is None:
        raise MalformedRecord(
            "the cluster has no 'documents' field; each line must be "
            '{"id": ..., "documents": [{"text": ...}, ...]}',
            path=path,
            line=line,
        )
    if not isinstance(documents, list):
        raise MalformedRecord(f"'documents' must be a list of objects, got {_kind(documents)}", path=path, line=line)
    if not documents:
        raise EmptyCluster("the cluster has no documents; give it at least one document with text", path=path, line=line)
    cluster_id = record.get("id", default_id)
    if isinstance(cluster_id, int) and not isinstance(cluster_id, bool):
        cluster_id = str(cluster_id)
    if cluster_id is not None and not isinstance(cluster_id, str):
        raise MalformedRecord(f"cluster 'id' must be a string, got {_kind(cluster_id)}", path=path, line=line)
    references = record.get("references", [])
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        raise MalformedRecord("'references' must be a list of strings (reference summaries)", path=path, line=line)
    parsed = [
        document_from_record(document, path=path, line=line, where=f"document {number}")
        for number, document in enumerate(documents, start=1)
    ]
    if not any(document.text.strip() for document in parsed):
        raise EmptyCluster(
            f"all {len(parsed)} documents of the cluster are empty; give at least one document with text",
            path=path,
            line=line,
        )
    extra = {key: value for key, value in record.items() if key not in _CLUSTER_FIELDS}
    query = record.get("query")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise MalformedRecord("'query' must be a non-empty string (the question the summary answers)", path=path, line=line)
    try:
        return Cluster(documents=tuple(parsed), id=cluster_id, references=tuple(references), extra=extra, query=query)
    except InputError as error:
        raise MalformedRecord(error.reason, path=path, line=line) from None


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"a number ({value!r})"
    return names.get(type(value), type(value).__name__)
