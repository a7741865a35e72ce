"""The report's sections other than priorities, plans and the map (``report_map``): cover, contents,
introduction, resources and gaps, recommendations and the participants appendix. Each function returns
flowables.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from ..model.workshop import CROSS_INTERCEPT, Finding
from . import report_styles as st
from . import report_text as words
from .pdf_text import markup, para, plain
from .report_context import ReportContext
from .report_pages import TocLine


def _paragraphs(ctx: ReportContext, text: str) -> list[Flowable]:
    """Free text split into paragraphs at blank lines (single newlines stay line breaks)."""
    blocks = [b.strip() for b in plain(text).split("\n\n") if b.strip()]
    return [para(b, ctx.styles.body) for b in blocks]


def report_title(ctx: ReportContext) -> str:
    """The document title: the workshop's title, or one made from the jurisdiction."""
    return words.report_title(ctx.ws)


def dates_text(ctx: ReportContext) -> str:
    """The workshop dates in words ("March 12, 2026 and April 2, 2026")."""
    return words.dates_text(ctx.ws)


def cover(ctx: ReportContext) -> list[Flowable]:
    """The cover: title, jurisdiction, dates, DRAFT or FINAL, prepared by, planning team, facilitators."""
    s, info = ctx.styles, ctx.ws.info
    out: list[Flowable] = [ctx.bookmark("Cover", "cover"), Spacer(1, 1.75 * inch)]
    out.append(para("Mapping report", s.cover_label))
    out.append(para(report_title(ctx), s.title))
    if info.jurisdiction.strip() and info.jurisdiction.strip() != report_title(ctx):
        out.append(para(info.jurisdiction, s.subtitle))
    when = dates_text(ctx)
    if when:
        out.append(para(f"Workshop: {when}", s.cover_text))
    issued = words.issue_line(ctx.ws, ctx.final, ctx.today)
    if ctx.final:  # a final report is not a warning: it carries the heading colour, not the draft red
        out.append(para(issued, ParagraphStyle("final", parent=s.status, textColor=st.HEADING)))
    else:
        out.append(para(issued, s.status))
    if info.prepared_by.strip():
        out += [para("Prepared by", s.cover_label), para(info.prepared_by, s.cover_text)]
    people = words.cover_people(ctx.ws, plain)
    if people.planning_team:
        out.append(para("Planning team", s.cover_label))
        out += [para(words.people_line(p, plain), s.cover_text) for p in people.planning_team]
    if people.facilitators or people.other_facilitators:
        out.append(para("Facilitators", s.cover_label))
        out += [para(words.people_line(p, plain), s.cover_text) for p in people.facilitators]
        out += [para(n, s.cover_text) for n in people.other_facilitators]
    if ctx.final:
        out.append(Spacer(1, 0.2 * inch))
    return out


def contents(ctx: ReportContext) -> list[Flowable]:
    """The contents page: every section and intercept, with page numbers filled in at the end."""
    out: list[Flowable] = [ctx.bookmark("Contents", "contents"),
                           para("Contents", ctx.styles.h1), Spacer(1, 6)]
    for entry in ctx.toc:
        if entry.key in ("cover", "contents"):
            continue
        out.append(TocLine(entry.title, entry.key, entry.level, ctx.width))
    return out


def introduction(ctx: ReportContext, number: str) -> list[Flowable]:
    """Introduction and background: why the community met, who sponsored it, what was gathered."""
    s, info = ctx.styles, ctx.ws.info
    out: list[Flowable] = [ctx.heading("Introduction and background", "intro", number=number)]
    out.append(para(words.opening_sentence(ctx.ws), s.body))
    if info.background.strip():
        out.append(para("Background", s.h3))
        out += _paragraphs(ctx, info.background)
    if info.sponsors.strip():
        out.append(para("Sponsors", s.h3))
        out += _paragraphs(ctx, info.sponsors)
    if info.data_summary.strip():
        out.append(para("Data gathered before the workshop", s.h3))
        out += _paragraphs(ctx, info.data_summary)
    ws = ctx.ws
    people = words.people_sentence(ws)
    # The section's closing facts go over a page together: the one-line people sentence alone at the
    # top of a page (before the map's landscape pages) read as a stray line.
    counts_style = _body_kept_with_next() if people else s.body
    out.append(para(words.map_counts_sentence(ws, plain(ws.scheme.cross_label)), counts_style))
    if people:
        out.append(para(people, s.body))
    return out


@cache
def _body_kept_with_next() -> ParagraphStyle:
    """The body style kept on the page of the paragraph after it."""
    return ParagraphStyle("body_kept_with_next", parent=st.report_styles().body, keepWithNext=1)


def _finding_rows(ctx: ReportContext, findings: list[Finding], kind_label: str) -> list[list[object]]:
    s = ctx.styles
    points = {p.id: p for p in ctx.ws.points}
    rows: list[list[object]] = [[para(kind_label, s.header_cell), para("Organisation", s.header_cell),
                                 para("Description", s.header_cell)]]
    for f in findings:
        # Two single-style paragraphs lay out faster than one with mixed fonts (3,000-row reports).
        title: list[Flowable] = [para(f.title, s.cell_bold)]
        point = points.get(f.point_id or "")
        if point is not None:
            title.append(ctx.cell(f"at {plain(point.title)}", s.cell_note))
        rows.append([title, ctx.cell(f.organisation, s.cell), ctx.cell(f.description, s.cell)])
    return rows


@cache
def _h3_loose() -> ParagraphStyle:
    """The h3 style without keepWithNext, for a label above a table that may run for pages."""
    return ParagraphStyle("h3_loose", parent=st.report_styles().h3, keepWithNext=0)


def _hex(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def _findings_block(ctx: ReportContext, findings: list[Finding], where: str) -> list[Flowable]:
    s = ctx.styles
    w = ctx.width
    widths = [w * 0.34, w * 0.22, w * 0.44]
    out: list[Flowable] = []
    for kind, label, colour in (("resource", "Resources", st.RESOURCE), ("gap", "Gaps", st.GAP)):
        items = [f for f in findings if f.kind == kind]
        sign = "+" if kind == "resource" else "!"
        # Room for the label, the table header and a few rows, or a new page. (keepWithNext would tie
        # the label to the whole table and push a table longer than a page onto a fresh page.)
        out.append(CondPageBreak(90))
        out.append(markup(f"<font color='{_hex(colour)}'>{sign}</font> {label} ({len(items)})", _h3_loose()))
        if items:
            rows = _finding_rows(ctx, items, label[:-1])
            out.append(ctx.table(rows, widths, continued=f"{where}: {label.lower()}"))
        else:
            out.append(para(f"No {label.lower()} were recorded here.", s.note))
    return out


def findings_section(ctx: ReportContext, number: str) -> list[Flowable]:
    """Resources and gaps, intercept by intercept (each after its decision points in flow order), then
    the cross-intercept items."""
    from ..model.map_narrative import InterceptNarrative, map_narrative
    from .report_narrative import narrative_flowables

    ws, s = ctx.ws, ctx.styles
    out: list[Flowable] = [ctx.heading("Resources and gaps by intercept", "findings", number=number)]
    out.append(para("For each intercept: its decision points in the order people flow through them, the "
                    "resources the community can build on, and the gaps participants identified.", s.body))
    try:
        told = {n.intercept_id: n for n in map_narrative(ws)}
    except Exception:  # noqa: BLE001 - the narrative is a reading aid; the tables still report everything
        told = {}
    ids = [i.id for i in ws.scheme.intercepts]
    for n, intercept in enumerate(ws.scheme.intercepts):
        out.append(CondPageBreak(1.6 * inch))
        out.append(ctx.heading(f"Intercept {intercept.id}: {intercept.label}", f"int-{n}", level=1))
        narrative: InterceptNarrative | None = told.get(intercept.id)
        if narrative is not None:
            out += narrative_flowables(narrative)
        out += _findings_block(ctx, [f for f in ws.findings if f.intercept == intercept.id],
                               f"Intercept {plain(intercept.id)}: {plain(intercept.label)}")
    cross = [f for f in ws.findings if f.intercept == CROSS_INTERCEPT or f.intercept not in ids]
    out.append(CondPageBreak(1.6 * inch))
    out.append(ctx.heading(ws.scheme.cross_label or "Cross-intercept", "int-x", level=1))
    out.append(para("Items that concern every intercept (for example data sharing, housing, training).",
                    s.small))
    out += _findings_block(ctx, cross, plain(ws.scheme.cross_label) or "Cross-intercept")
    return out


def section_break(new_page: bool) -> list[Flowable]:
    """A page break, or (after a section that is only a note) some space and a break only when low."""
    return [PageBreak()] if new_page else [CondPageBreak(3 * inch), Spacer(1, 20)]


def has_recommendations(ctx: ReportContext) -> bool:
    """Whether the section has anything to print (a DRAFT always shows it, with its placeholders)."""
    info = ctx.ws.info
    return not ctx.final or bool(info.recommendations.strip() or info.further_resources.strip())


def recommendations(ctx: ReportContext, number: str, new_page: bool = True) -> list[Flowable]:
    """Recommendations and further resources (the document's text fields). In a FINAL report an empty
    part is left out, and the section too when both are empty: a published report has no placeholders."""
    s, info = ctx.styles, ctx.ws.info
    if not has_recommendations(ctx):
        return []
    out: list[Flowable] = [*section_break(new_page),
                           ctx.heading("Recommendations and further resources", "recs", number=number)]
    for label, text, empty in (("Recommendations", info.recommendations,
                                "No recommendations have been written yet."),
                               ("Further resources", info.further_resources, "None listed.")):
        body = _paragraphs(ctx, text)
        if body or not ctx.final:
            out.append(para(label, s.h3))
            out += body or [para(empty, s.note)]
    return out


def appendix(ctx: ReportContext, new_page: bool = True) -> list[Flowable]:
    """Participants by sector; e-mail and phone only when the community asked for them."""
    s = ctx.styles
    groups = words.participants_by_sector(ctx.ws)
    total = sum(len(v) for v in groups.values())
    if not total and ctx.final:  # a published report leaves the empty appendix out
        return []
    out: list[Flowable] = [*section_break(new_page), ctx.heading("Appendix: participants by sector",
                                                                 "appendix")]
    if not total:
        return out + [para("No participants are recorded in this workshop file.", s.note)]
    # The list names who signed in; how many came is the attendance (introduction), not this count.
    summary = (f"The participant list names {words.plural(total, 'person', 'people')} from "
               f"{words.plural(len(groups), 'sector')}")
    if ctx.ws.info.attendance is not None:
        summary += f"; {words.plural(ctx.ws.info.attendance, 'person', 'people')} attended in all"
    out.append(para(summary + ("" if ctx.include_contacts else "; contact details are left out of this copy")
                    + ".", s.body))
    w = ctx.width
    if ctx.include_contacts:
        # An e-mail address reads badly broken across lines: its column gets the most room.
        headers, widths = ["Name", "Organisation", "Role", "E-mail", "Phone"], [0.17, 0.22, 0.17, 0.29, 0.15]
    else:
        headers, widths = ["Name", "Organisation", "Role"], [0.28, 0.40, 0.32]
    rows: list[list[object]] = [[para(h, s.header_cell) for h in headers]]
    style: list[tuple] = []
    for sector, people in groups.items():
        r = len(rows)
        title = para(f"{words.sector_label(sector, plain)} ({len(people)})", s.cell_bold)
        rows.append([title] + [""] * (len(headers) - 1))
        style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#DCE6F0"))]
        for p in people:
            cells = [p.name, p.organisation, p.role]
            if ctx.include_contacts:
                cells += [p.email, p.phone]
            rows.append([para(c, s.cell) for c in cells])
    out.append(ctx.table(rows, [w * f for f in widths], extra_style=style,
                         continued="Participants by sector"))
    return out


__all__ = ["KeepTogether", "appendix", "contents", "cover", "findings_section", "introduction",
           "recommendations", "report_title"]
