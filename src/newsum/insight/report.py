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
    for note in report.notes:
        # What was not computed, said before the empty sections it explains.
        lines.append(f"Note: {note}")
    if report.notes:
        lines.append("")
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
    if report.conflict_decisions is not None:
        lines += ["", *_explained(report, h, bullet)]
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


#: Rules that leave out most pairs of a cluster for plain reasons (another thing counted,
#: documents days apart): counted in the readable report, listed in JSON.
_ROUTINE = frozenset({"same-value", "what-is-counted", "later-news", "same-day"})


def _explained(report: Insight, h, bullet: str) -> list[str]:
    """Why each pair of values was or was not a conflict: the reported pairs, then the pairs
    a rule or the model left out, grouped by rule."""
    decisions = report.conflict_decisions or ()
    lines = [h(f"Why (not) a conflict: {len(decisions)} pairs of values judged")]
    by_rule: dict[str, list] = {}
    for decision in decisions:
        by_rule.setdefault("reported" if decision.reported else decision.rule, []).append(decision)
    for rule in sorted(by_rule, key=lambda r: (r != "reported", r in _ROUTINE, r)):
        group = by_rule[rule]
        lines.append(f"{bullet}{rule} ({len(group)})")
        if rule in _ROUTINE:
            continue
        for d in group:
            lines.append(f"    “{d.a.text}” [{d.a.document_id}] / “{d.b.text}” [{d.b.document_id}]: {d.reason}")
    return lines
