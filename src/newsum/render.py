"""Summaries as text, Markdown, JSON and JSON Lines.

Text and Markdown put citation markers [1][2] after each sentence and list the cited
documents, numbered in the order of first citation. Article text is data: in Markdown every
character that Markdown would interpret is escaped, so that what renders is what the source
wrote.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

from .language_profiles import text_direction
from .model import Document, Summary

__all__ = ["FORMATS", "render", "render_json", "render_jsonl_line", "json_text", "jsonl_line"]

FORMATS = ("text", "markdown", "json", "jsonl")

# Characters that start emphasis, code, links, HTML or tables anywhere in a line; the ones
# that matter only at the start of a line (#, +, -, digits + ".") are escaped there alone.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")


def _escape_markdown(text: str) -> str:
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MARKDOWN_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def _numbering(summary: Summary) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for sentence in summary.sentences:
        for doc_id in sentence.sources:
            numbers.setdefault(doc_id, len(numbers) + 1)
    return numbers


def _source_line(document: Document, *, markdown: bool) -> str:
    esc = _escape_markdown if markdown else (lambda s: " ".join(s.split()))
    parts = []
    name = document.outlet or document.id
    parts.append(esc(name))
    if document.title:
        parts.append(f"“{esc(document.title)}”")
    if document.date is not None:
        parts.append(document.date.isoformat())
    if document.outlet and document.id != name:
        parts.append(f"(id {esc(document.id)})")
    line = ", ".join(parts)
    if document.url:
        url = document.url.strip()
        if markdown and url.lower().startswith(("http://", "https://")):
            line += f" <{url.replace('>', '%3E').replace(' ', '%20')}>"
        elif not markdown:
            line += f" {url}"
    return line


def _directed(text: str, esc, *, markdown: bool) -> str:
    """A sentence as Markdown shows it: a right-to-left one (Arabic, Hebrew) in a span with
    ``dir="rtl"`` (its text HTML-escaped, as the span makes it HTML), so that a viewer lays it
    out right to left and its citation numbers stay after it."""
    if markdown and text_direction(text) == "rtl":
        return f'<span dir="rtl">{html.escape(text)}</span>'
    return esc(text)


def _render_one(summary: Summary, *, markdown: bool, heading: bool) -> str:
    numbers = _numbering(summary)
    by_id = {d.id: d for d in summary.documents}
    esc = _escape_markdown if markdown else (lambda s: s)
    body = " ".join(
        _directed(sentence.text, esc, markdown=markdown) + "".join(f"[{numbers[d]}]" for d in sentence.sources)
        for sentence in summary.sentences
    )
    lines = []
    if heading:
        title = summary.id or "(cluster without id)"
        lines += [f"## {esc(title)}" if markdown else f"== {title} ==", ""]
    if summary.query is not None:
        question = esc(" ".join(summary.query.text.split()))
        lines += [f"**Question:** {question}" if markdown else f"Question: {question}", ""]
        if not summary.query.answered:
            count = len([d for d in summary.documents if d.text.strip()])
            body = f"Not answered: none of the {count} documents is about this question."
    lines += [body, ""]
    if not numbers:
        return "\n".join(lines)  # nothing cited: a question the documents do not answer
    lines.append("**Sources**" if markdown else "Sources:")
    if markdown:
        lines.append("")
    for doc_id, number in numbers.items():
        line = _source_line(by_id[doc_id], markdown=markdown)
        lines.append(f"{number}. {line}" if markdown else f"[{number}] {line}")
    uncited = len(summary.documents) - len(numbers)
    if uncited:
        lines += ["", f"({uncited} more document{'s' if uncited != 1 else ''} in the cluster not cited)"]
    return "\n".join(lines) + "\n"


def render(summaries: Sequence[Summary], fmt: str, *, many: bool = False) -> str:
    """All of ``summaries`` in one format (the CLI streams with the functions below instead)."""
    if fmt == "json":
        if many or len(summaries) != 1:
            return json.dumps([s.to_dict() for s in summaries], ensure_ascii=False, indent=2) + "\n"
        return render_json(summaries[0])
    if fmt == "jsonl":
        return "".join(render_jsonl_line(s) for s in summaries)
    return "\n".join(render_text(s, fmt, heading=many or len(summaries) > 1) for s in summaries)


def render_text(summary: Summary, fmt: str, *, heading: bool) -> str:
    return _render_one(summary, markdown=fmt == "markdown", heading=heading)


def render_json(summary: Summary, *, indent: int | None = 2) -> str:
    return json_text(summary.to_dict(), indent=indent)


def render_jsonl_line(summary: Summary) -> str:
    return jsonl_line(summary.to_dict())


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """Any JSON output of newsum (a summary, an insight report), as ``--format json`` writes it."""
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def jsonl_line(data: Any) -> str:
    """One line of ``--format jsonl``: compact, one object per line."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
