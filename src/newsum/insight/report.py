"""An Insight for people: plain text or Markdown (JSON is ``Insight.to_dict``)."""

from __future__ import annotations

from . import Insight

__all__ = ["render_insight"]

# How many corroborated facts and entities the readable report lists (JSON has them all).
SHOWN_FACTS = 10
SHOWN_ENTITIES = 12


def render_insight(report: Insight, *, markdown: bool = False, heading: bool = False) -> str:
    """Quotes, conflicts, corroborated facts, timeline and entities, one section each."""
    h = (lambda text: f"## {text}") if markdown else (lambda text: f"{text}\n{'-' * len(text)}")
    bullet = "- " if markdown else "  * "
    lines: list[str] = []
    if heading and report.id:
        lines += [f"# {report.id}" if markdown else f"=== {report.id} ===", ""]
    lines.append(h(f"Quotes ({len(report.quotes)})"))
    for quote in report.quotes:
        state = "verbatim" if quote.verbatim else "versions differ"
        lines.append(f"{bullet}{quote.speaker}: “{quote.text}” [{', '.join(quote.sources)}; {state}]")
        for text, sources in quote.variants:
            lines.append(f"    {'-' if markdown else '·'} “{text}” [{', '.join(sources)}]")
    lines += ["", h(f"Conflicts ({len(report.conflicts)})")]
    for conflict in report.conflicts:
        versions = " vs ".join(f"“{text}” [{', '.join(dict.fromkeys(m.document_id for m in ms))}]" for text, _, ms in conflict.values)
        lines.append(f"{bullet}{conflict.kind}: {versions}")
        if conflict.explanation:
            lines.append(f"    ({conflict.explanation})")
    shared = [c for c in report.corroboration if len(c.outlets) > 1]
    lines += ["", h(f"Corroborated by several outlets ({len(shared)} of {len(report.corroboration)} statements)")]
    for fact in sorted(shared, key=lambda c: -len(c.outlets))[:SHOWN_FACTS]:
        lines.append(f"{bullet}{fact.text} [{fact.label}: {', '.join(fact.outlets)}]")
    lines += ["", h(f"Timeline ({len(report.timeline)})")]
    for event in report.timeline:
        lines.append(f"{bullet}{event.date}: {event.text} [{', '.join(event.sources)}]")
    lines += ["", h("Entities")]
    for entity in report.entities[:SHOWN_ENTITIES]:
        lines.append(f"{bullet}{entity.name} — {entity.mentions} mentions in {len(entity.sources)} documents")
    return "\n".join(lines) + "\n"
