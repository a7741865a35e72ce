"""The map narrative in the report: an intercept's decision points in the order people flow through them
(``model.map_narrative``), each with its organisation, description and flows, branches indented.

One Paragraph per point, so a map of thousands of points lays out in small pieces that reportlab
measures once each. All user text goes through ``esc``.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..model.map_narrative import InterceptNarrative, PointEntry, flow_phrase
from . import report_styles as st
from .pdf_text import esc, markup

INDENT = 14.0  # points per branch level
MAX_INDENT_LEVELS = 6  # deeper branches stay at this indent (a narrow column reads worse than a flat one)


@cache
def _label_style() -> ParagraphStyle:
    """The label above an intercept's points (like the resources and gaps labels under it)."""
    return ParagraphStyle("narrative_label", parent=st.report_styles().h3)


@cache
def point_style(depth: int) -> ParagraphStyle:
    """A point's paragraph, indented for its branch level."""
    s = st.report_styles()
    level = min(depth, MAX_INDENT_LEVELS)
    return ParagraphStyle(f"narrative_{level}", parent=s.body, fontSize=9.5, leading=12.5, spaceAfter=5,
                          leftIndent=INDENT * level)


def _line(label: str, items: list[str]) -> str:
    """``Flows to: a; b`` as markup, every part escaped."""
    return esc(label + " " + "; ".join(items))


def point_markup(entry: PointEntry, titles: dict[str, str]) -> str:
    """One point as Paragraph markup: title (bold) and organisation, its description, where people come
    from (other intercepts), where they go. ``titles`` names the point a branch leaves from.

    Few tags: each font change costs reportlab a parse and a layout step, and a 3,000-item map has
    hundreds of points (only the title is bold)."""
    head = f"<b>{esc(' '.join(entry.title.split()) or '(untitled)')}</b>"
    tail = []
    if entry.branch_of is not None:
        head = "↳ " + head
        origin = " ".join(titles.get(entry.branch_of, "").split())
        if origin:
            tail.append(f"branch from {origin}")
    if entry.organisation.strip():
        tail.append(" ".join(entry.organisation.split()))
    lines = [head + (esc(" · " + " · ".join(tail)) if tail else "")]
    if entry.start and not entry.reached:
        lines.append("<i>No flow leads here from this intercept's entries.</i>")
    if entry.description.strip():
        lines.append(esc(entry.description.strip()))
    if entry.flows_in:
        lines.append(_line("From:", [flow_phrase(n, incoming=True) for n in entry.flows_in]))
    if entry.flows_out:
        lines.append(_line("Flows to:", [flow_phrase(n) for n in entry.flows_out]))
    return "<br/>".join(lines)


def narrative_flowables(narrative: InterceptNarrative) -> list[Flowable]:
    """An intercept's decision points in flow order, one paragraph each (nothing when it has none)."""
    if not narrative.entries:
        return []
    count = len(narrative.entries)
    label = f"Decision points ({count}), in the order people flow through them"
    out: list[Flowable] = [markup(esc(label), _label_style())]
    titles = {e.point_id: e.title for e in narrative.entries}
    out += [markup(point_markup(e, titles), point_style(e.depth)) for e in narrative.entries]
    return out


__all__ = ["INDENT", "narrative_flowables", "point_markup", "point_style"]
