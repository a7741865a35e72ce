"""The report's map section: the map on landscape pages (``map_pages`` decides which part goes where) and,
for each intercept, its decision points with their descriptions and the flows leaving them."""

from __future__ import annotations

from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ..model import map_geometry as g
from . import report_styles as st
from .map_layout import MapLayout, PlacedFlow, PlacedPoint, build_layout
from .map_pages import MapPlan, lane_name, plan_map_pages, side_by_side
from .pdf_fonts import report_fonts
from .pdf_text import draw_text, esc, markup, para, plain, text_width
from .report_context import ReportContext
from .report_pages import REF_PT, Bookmark, draw_page_ref, map_frame_size
from .side_by_side import GAP, BesideDrawings

REF_ROW = 14.0  # points: the row of page references above the overview
NOTE_ROOM = 30.0  # points: the note under the heading of an overview page


@cache
def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """The table's heading, and the small cell text (organisation, never under 8 pt) and the note."""
    s = st.report_styles()
    heading = ParagraphStyle("points_heading", parent=s.h3, keepWithNext=1, spaceBefore=8)
    small = ParagraphStyle("cell_small", parent=s.cell, fontSize=8, leading=10, textColor=st.MUTED)
    note = ParagraphStyle("map_note", parent=s.small, fontSize=9, leading=12, spaceAfter=4)
    return heading, small, note


def map_section(ctx: ReportContext, number: str) -> list[Flowable]:
    """The map: one page when it reads at that size, else an overview and pages per intercept."""
    out: list[Flowable] = [NextPageTemplate("map"), PageBreak()]
    width, height = map_frame_size()
    style = ctx.styles.map_heading
    heading = ctx.heading("The Sequential Intercept Map", "map", number=number, style=style)
    room = height - (style.leading + style.spaceAfter + 1)
    layout = build_layout(ctx.ws)
    plan = plan_map_pages(layout, width, room, overview_height=room - NOTE_ROOM - 2 * REF_ROW)
    out.append(heading)
    leaving = flows_leaving(layout)
    if plan.has_overview:
        refs = _page_refs(plan, width)
        taken = sum(r.height for r in refs)
        if taken > 2 * REF_ROW:  # many intercepts in narrow columns: a longer list of pages
            plan = plan_map_pages(layout, width, room, overview_height=room - NOTE_ROOM - taken)
            refs = _page_refs(plan, width)
        out += _overview(ctx, plan, refs)
        out += _intercept_pages(ctx, plan, width, leaving)
    else:
        out.append(plan.pages[0].render(plan))
        for lane in range(len(layout.lanes)):
            out += points_table(ctx, layout, lane, width, leaving)
    out += [NextPageTemplate("body"), PageBreak()]
    return out


def _page_refs(plan: MapPlan, width: float) -> list[PageRefs]:
    """Where each intercept's pages are (above the overview) and the band's (below it)."""
    entries = []
    for lane, (lid, _) in enumerate(plan.layout.lanes):
        if plan.lane_pages(lane):
            entries.append(("Page ", f"Intercept {plain(lid)}: page ", f"map-int-{lane}"))
        else:
            entries.append(("Nothing mapped", f"Intercept {plain(lid)}: nothing mapped", ""))
    refs = [PageRefs(entries, width, g.LANE_WIDTH * plan.pages[0].scale)]
    if plan.band_pages():
        label = plain(plan.layout.cross_label).strip() or "Cross-intercept"
        refs.append(PageRefs([("", f"{label}: see page ", "map-int-x")], width))
    return refs


def _overview(ctx: ReportContext, plan: MapPlan, refs: list[PageRefs]) -> list[Flowable]:
    note = "The whole map at a glance. " + _what_follows(plan.layout)
    if len(plan.pages) == 1:
        note = "Nothing has been mapped yet."
    return [para(note, _styles()[2]), refs[0], plan.pages[0].render(plan), *refs[1:]]


def _what_follows(layout: MapLayout) -> str:
    """What each intercept's page holds, naming only what this map has (nothing it does not say)."""
    parts = []
    if layout.chips:
        parts.append("its resources and gaps")
    if any(pf.source.lane != pf.target.lane for pf in layout.flows):
        parts.append("the flows to other intercepts")
    if any(plain(pp.point.description).strip() for pp in layout.points):
        parts.append("its decision points described")
    elif layout.points:
        parts.append("a list of its decision points")
    held = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""
    return ("Each intercept follows on a page of its own, large enough to read"
            + (f", with {held}." if held else "."))


def _intercept_pages(ctx: ReportContext, plan: MapPlan, width: float,
                     leaving: dict[str, list[PlacedFlow]]) -> list[Flowable]:
    out: list[Flowable] = []
    layout = plan.layout
    for lane in range(len(layout.lanes)):
        pages = plan.lane_pages(lane)
        if not pages:
            continue
        drawings = [p.render(plan) for p in pages]
        out += [PageBreak(), Bookmark(f"map-int-{lane}", f"Map of {lane_name(layout, lane)}", 1)]
        if pages[0].packed:
            # A long intercept: its parts two to a page, then its table at the page's width.
            out += side_by_side(drawings, width)
            out += points_table(ctx, layout, lane, width, leaving)
            continue
        column = width - max(d.width for d in drawings) - GAP
        out.append(BesideDrawings(drawings, points_table(ctx, layout, lane, column, leaving)))
    band = plan.band_pages()
    if band:
        label = plain(layout.cross_label).strip() or "Cross-intercept"
        out += [PageBreak(), Bookmark("map-int-x", f"Map of the {label} band", 1)]
        for p in band:
            out += [p.render(plan), Spacer(1, 10)]
    return out


def _flow_line(flow: PlacedFlow, lane: int, layout: MapLayout) -> str:
    """``→ Booking (Intercept 2): 1,200 a year``, as markup; the count only where one was recorded."""
    target = flow.target
    text = f"→ {esc(target.point.title)}"
    if target.lane != lane:
        text += f" (Intercept {esc(layout.lanes[target.lane][0])})"
    if flow.flow.yearly_count is not None:
        text += f": {flow.flow.yearly_count:,} a year"
    return text


def flows_leaving(layout: MapLayout) -> dict[str, list[PlacedFlow]]:
    """Each point's flows out (by point id), by the lane and row they go to: the "Flows to" column."""
    leaving: dict[str, list[PlacedFlow]] = {}
    for pf in sorted(layout.flows, key=lambda pf: (pf.target.lane, pf.target.box.y)):
        leaving.setdefault(pf.source.point.id, []).append(pf)
    return leaving


def points_table(ctx: ReportContext, layout: MapLayout, lane: int, width: float,
                 leaving: dict[str, list[PlacedFlow]] | None = None) -> list[Flowable]:
    """``Decision points in Intercept N``: each point's title, description and flows, in map order.

    ``leaving`` is ``flows_leaving(layout)``, sorted once for all the lanes' tables when given.
    """
    # A column that would be empty for every point (no descriptions, no flows) is left out.
    s = ctx.styles
    heading, small, _ = _styles()
    points: list[PlacedPoint] = sorted((pp for pp in layout.points if pp.lane == lane),
                                       key=lambda pp: pp.box.y)
    if not points:
        return []
    leaving = flows_leaving(layout) if leaving is None else leaving
    described = any(plain(pp.point.description).strip() for pp in points)
    flowing = any(pp.point.id in leaving for pp in points)
    columns = [("Decision point", 0.30)]
    columns += [("Description", 0.37)] if described else []
    columns += [("Flows to", 0.33)] if flowing else []
    total = sum(f for _, f in columns)
    widths = [width * f / total for _, f in columns]
    rows: list[list[object]] = [[para(name, s.header_cell) for name, _ in columns]]
    for pp in points:
        p = pp.point
        cell: list[Flowable] = [para(p.title, s.cell_bold)]
        if plain(p.organisation).strip():
            cell.append(ctx.cell(p.organisation, small))
        row: list[object] = [cell]
        if described:
            row.append(para(p.description, s.cell) if plain(p.description).strip() else "")
        if flowing:
            lines = [_flow_line(pf, lane, layout) for pf in leaving.get(p.id, [])]
            row.append(markup("<br/>".join(lines), s.cell) if lines else "")
        rows.append(row)
    name = lane_name(layout, lane)
    title = f"Decision points in {name}"
    return [para(title, heading), ctx.table(rows, widths, continued=title)]


class PageRefs(Flowable):
    """References to the intercepts' pages, above each lane of the overview or as a wrapping line."""

    # "Page 5" above each lane where its column is wide enough, else "Intercept 0: page 5 ..."; "nothing
    # mapped" for an empty intercept. The numbers are forms filled in when the document is saved.

    def __init__(self, entries: list[tuple[str, str, str]], width: float, column: float = 0.0) -> None:
        super().__init__()
        self.entries, self.avail, self.column = entries, width, column  # (short, long, key) each
        self.placed = self._place()
        self.width = width
        self.height = REF_ROW * (1 + max((row for _, row, _, _ in self.placed), default=0))

    def _place(self) -> list[tuple[float, int, str, str]]:
        """Each entry's x, row, text and key."""
        f = report_fonts()
        number = text_width("000", f.bold, REF_PT) + 4  # room for a page number, filled in later

        def room(text: str, key: str) -> float:
            return text_width(text, f.regular, REF_PT) + (number if key else 0.0)

        if self.column and all(room(short, key) + 8 <= self.column for short, _, key in self.entries):
            return [(n * self.column + 4, 0, short, key) for n, (short, _, key) in enumerate(self.entries)]
        out: list[tuple[float, int, str, str]] = []
        x, row = 0.0, 0
        for _, text, key in self.entries:
            w = room(text, key)
            if x > 0 and x + w > self.avail:
                x, row = 0.0, row + 1
            out.append((x, row, text, key))
            x += w + 14
        return out

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """As many rows as the references need."""
        return self.avail, self.height

    def draw(self) -> None:
        """Each reference's text, then its page number."""
        f = report_fonts()
        c = self.canv
        for x, row, text, key in self.placed:
            y = self.height - (row + 1) * REF_ROW + 4
            c.setFillColor(st.MUTED)
            draw_text(c, x, y, text, f.regular if key else f.italic, REF_PT)
            if key:
                draw_page_ref(c, x + text_width(text, f.regular, REF_PT), y, key)
