"""Which part of the map goes on which printed page, at a scale where every label reads at arm's length.

A map that fits one page at the readable scale (``MIN_SCALE``: the smallest map text at ``MIN_TEXT_PT``)
is one page. A larger one is a whole-map overview scaled to fit (shapes, flows, intercept headers and
the point titles that still fit at ``MIN_TEXT_PT``), then one page or more per intercept at the readable
scale, then the cross-intercept band. Pages of one intercept are cut only between blocks (a point with
its resources and gaps), never between a point and its chips; flows leaving a page are labelled with
where they go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Drawing, Group

from ..model import map_geometry as g
from .map_drawing import (
    CUT_STRIP,
    FOLD,
    LEGEND_PT,
    MAX_SCALE,
    MIN_SCALE,
    RowIndex,
    View,
    legend_height,
    new_drawing,
    render_view,
)
from .map_layout import BAND_LABEL_HEIGHT, MapLayout
from .pdf_text import plain

LANE_SIDE = 190.0  # scene units beside an intercept's lane: its gutter, then labels of flows to others
LANE_MAX_SCALE = 0.55  # an intercept's page leaves room beside its lane for the table of its points
PACK_FROM = 3  # an intercept of this many parts or more prints them side by side, its table after them
COLUMN_GAP = 10.0  # points between parts printed side by side
ROW_END = 20.0  # scene units of lane below the last item of a page
Span = tuple[float, float]  # top and bottom of a block, in scene units


@dataclass(frozen=True)
class MapPage:
    """One drawing of the map section: what it shows (``kind``), the view and its scale."""

    kind: str  # "whole" (the map fits one page), "overview", "lane" (one intercept), "band"
    view: View
    scale: float
    lane: int = -1  # the intercept of a lane page (its index in the scheme)
    part: int = 1
    parts: int = 1
    width: float | None = None  # the drawing's width; its content's width when None

    @property
    def legend(self) -> bool:
        """Whether the key is drawn under this drawing (an intercept's first part, the band's last)."""
        # An intercept's later parts follow its first; the band's parts share one page.
        if self.kind == "band":
            return self.part == self.parts
        return self.part == 1

    @property
    def packed(self) -> bool:
        """True for a part of a long intercept, printed beside its neighbouring parts."""
        return self.kind == "lane" and self.parts >= PACK_FROM

    def caption(self) -> str:
        """The line under a page that is one of several parts of an intercept."""
        if self.parts == 1 or self.kind == "band":
            return ""
        more = "; continued on the next page" if self.part < self.parts and not self.packed else ""
        return f"Part {self.part} of {self.parts}{more}"

    def render(self, plan: MapPlan) -> Drawing:
        """The page's drawing."""
        return render_view(plan.layout, self.view, self.scale, caption=self.caption(), width=self.width,
                           index=plan.index, legend=self.legend)


@dataclass
class MapPlan:
    """The map's pages in print order, with the layout they are drawn from."""

    layout: MapLayout
    pages: list[MapPage] = field(default_factory=list)
    index: RowIndex | None = None

    @property
    def has_overview(self) -> bool:
        """True when the map is printed as an overview plus pages per intercept."""
        return any(p.kind == "overview" for p in self.pages)

    def lane_pages(self, lane: int) -> list[MapPage]:
        """The pages of the intercept at ``lane``, in order (none for an empty intercept)."""
        return [p for p in self.pages if p.kind == "lane" and p.lane == lane]

    def band_pages(self) -> list[MapPage]:
        """The cross-intercept band's pages."""
        return [p for p in self.pages if p.kind == "band"]


def plan_map_pages(layout: MapLayout, width: float, height: float,
                   overview_height: float | None = None) -> MapPlan:
    """The pages for drawings at most ``width`` x ``height`` points (the overview ``overview_height``)."""
    plan = MapPlan(layout, index=RowIndex(layout))
    lanes = len(layout.lanes)
    bottom = paper_bottom(layout)
    rows_h = bottom - g.LANE_HEADER_HEIGHT
    room_h = height - legend_height(LEGEND_PT, width)
    whole = min(width / layout.width, room_h / (g.LANE_HEADER_HEIGHT + rows_h), MAX_SCALE)
    if whole >= MIN_SCALE:
        plan.pages.append(MapPage("whole", View(0, lanes, g.LANE_HEADER_HEIGHT, bottom), whole, width=width))
        return plan
    over_h = (overview_height or height) - legend_height(LEGEND_PT, width)
    scale = min(width / layout.width, over_h / (g.LANE_HEADER_HEIGHT + rows_h))
    plan.pages.append(MapPage("overview", View(0, lanes, g.LANE_HEADER_HEIGHT, bottom), scale, width=width))
    for lane in range(lanes):
        plan.pages += _lane_pages(layout, lane, height)
    plan.pages += _band_pages(layout, width, height)
    return plan


def paper_bottom(layout: MapLayout) -> float:
    """Where the map ends on paper: below the band's last item (the canvas keeps a taller band)."""
    band_chips = [pc.box.bottom for pc in layout.chips if pc.box.y >= layout.band.y]
    return max([layout.band.y + BAND_LABEL_HEIGHT, *band_chips]) + ROW_END


def lane_blocks(layout: MapLayout, lane: int) -> list[Span]:
    """The blocks of one lane, top to bottom: each point with its chips, and each loose chip."""
    spans: dict[str, list[float]] = {}
    loose: list[Span] = []
    for pp in layout.points:
        if pp.lane == lane:
            spans[pp.point.id] = [pp.box.y, pp.box.bottom]
    for pc in layout.chips:
        if pc.lane != lane or pc.box.y >= layout.band.y:
            continue
        own = spans.get(pc.finding.point_id or "")
        if own is not None:
            own[0], own[1] = min(own[0], pc.box.y), max(own[1], pc.box.bottom)
        else:
            loose.append((pc.box.y, pc.box.bottom))
    return _merged([(a, b) for a, b in spans.values()] + loose)


def _merged(spans: list[Span]) -> list[Span]:
    """Spans sorted by top, overlapping ones joined (a stale position may overlap two blocks)."""
    out: list[Span] = []
    for top, bottom in sorted(spans):
        if out and top < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], bottom))
        else:
            out.append((top, bottom))
    return out


def _item_spans(layout: MapLayout, lane: int, block: Span) -> list[Span]:
    """The items of one block, for the rare block taller than a page (dozens of chips under one point)."""
    top, bottom = block
    boxes = [pp.box for pp in layout.points if pp.lane == lane]
    boxes += [pc.box for pc in layout.chips if pc.lane == lane]
    return _merged([(b.y, b.bottom) for b in boxes if top <= b.y < bottom])


def row_cuts(units: list[Span], start: float, capacity: float,
             measure: Callable[[float], float] = lambda y: y) -> list[Span]:
    """Row ranges from ``start``, each holding whole units and at most ``capacity`` tall by ``measure``."""
    # Units are sorted, apart, and none is taller than capacity; a cut falls in the gap between two
    # units, and the last range ends just below the last unit.
    ranges: list[Span] = []
    y0, last = start, None
    for top, bottom in units:
        if last is not None and measure(bottom) - measure(y0) > capacity:
            cut = min((last + top) / 2, last + ROW_END)
            ranges.append((y0, cut))
            # The next page starts just above its first unit: an empty stretch of lane is not printed.
            y0, last = max(cut, top - ROW_END), None
        last = bottom if last is None else max(last, bottom)
    ranges.append((y0, (last if last is not None else start) + ROW_END))
    return ranges


def _parts(kind: str, views: list[View], scale: float, lane: int = -1) -> list[MapPage]:
    return [MapPage(kind, v, scale, lane=lane, part=n, parts=len(views))
            for n, v in enumerate(views, start=1)]


def _lane_pages(layout: MapLayout, lane: int, height: float) -> list[MapPage]:
    """One intercept at a readable scale: one page, or several cut between its blocks."""
    blocks = lane_blocks(layout, lane)
    if not blocks:
        return []
    # The lane's page starts just above its first block: a lane whose first point sits level with its
    # source further down the map would otherwise print a page of empty lane.
    start = max(g.LANE_HEADER_HEIGHT, blocks[0][0] - ROW_END)
    end = blocks[-1][1] + ROW_END
    folds = tuple((a[1], b[0]) for a, b in zip(blocks, blocks[1:], strict=False) if b[0] - a[1] > 2 * FOLD)
    whole = View(lane, lane + 1, start, end, 0.0, end, LANE_SIDE, folds=folds)
    rows = whole.rows_height
    narrow = (g.LANE_WIDTH + 2 * LANE_SIDE) * MIN_SCALE  # the legend wraps to this width at the most
    room_h = height - legend_height(LEGEND_PT, narrow) - LEGEND_PT * 1.4
    scale = max(MIN_SCALE, min(LANE_MAX_SCALE, room_h / (g.LANE_HEADER_HEIGHT + rows)))
    capacity = room_h / scale - g.LANE_HEADER_HEIGHT - 2 * CUT_STRIP - ROW_END
    if (rows + g.LANE_HEADER_HEIGHT) * scale <= room_h + 1e-6:
        return _parts("lane", [whole], scale, lane)
    units: list[Span] = []
    for block in blocks:
        units += _item_spans(layout, lane, block) if block[1] - block[0] > capacity else [block]
    cuts = row_cuts(units, start, capacity, whole.squeeze)
    views = [View(lane, lane + 1, y0, y1, CUT_STRIP, y1, LANE_SIDE, folds=folds) for y0, y1 in cuts]
    return _parts("lane", views, scale, lane)


def _band_pages(layout: MapLayout, width: float, height: float) -> list[MapPage]:
    """The cross-intercept band at a readable scale, its columns in groups that fit the page width."""
    band = layout.band
    chips = [pc for pc in layout.chips if pc.box.y >= band.y]
    if not chips:
        return []
    lanes = len(layout.lanes)
    per_page = max(1, min(lanes, int(width // (g.LANE_WIDTH * MIN_SCALE))))
    groups = balance(lanes, -(-lanes // per_page))
    scale = max(MIN_SCALE, min(LANE_MAX_SCALE, width / g.map_width(groups[0][1] - groups[0][0])))
    room_h = height - legend_height(LEGEND_PT, width)
    capacity = room_h / scale - 2 * CUT_STRIP - ROW_END
    views: list[View] = []
    for a, b in groups:
        units = _merged([(band.y, band.y + BAND_LABEL_HEIGHT)]
                        + [(pc.box.y, pc.box.bottom) for pc in chips if a <= pc.lane < b])
        cuts = row_cuts(units, band.y, capacity)
        pad = CUT_STRIP if len(cuts) > 1 else 0.0
        views += [View(a, b, y0, y1, pad, y1, header=False) for y0, y1 in cuts]
    return _parts("band", views, scale)


def balance(lanes: int, pages: int) -> list[tuple[int, int]]:
    """Lanes spread evenly over the pages (6 lanes on 2 pages: 3 and 3, not 5 and 1)."""
    base, extra = divmod(lanes, pages)
    out, start = [], 0
    for n in range(pages):
        size = base + (1 if n < extra else 0)
        out.append((start, start + size))
        start += size
    return out


def side_by_side(drawings: list[Drawing], width: float) -> list[Drawing]:
    """Consecutive drawings joined side by side, tops aligned, into rows at most ``width`` wide."""
    rows: list[list[Drawing]] = []
    for d in drawings:
        if rows and sum(x.width + COLUMN_GAP for x in rows[-1]) + d.width <= width:
            rows[-1].append(d)
        else:
            rows.append([d])
    out = []
    for row in rows:
        if len(row) == 1:
            out.append(row[0])
            continue
        height = max(d.height for d in row)
        joined = new_drawing(sum(d.width for d in row) + COLUMN_GAP * (len(row) - 1), height)
        x = 0.0
        for d in row:
            part = Group(*d.contents)
            part.transform = (1, 0, 0, 1, x, height - d.height)
            joined.add(part)
            x += d.width + COLUMN_GAP
        out.append(joined)
    return out


def lane_name(layout: MapLayout, lane: int) -> str:
    """``Intercept 2: Initial Detention``, as the report names an intercept."""
    lid, label = layout.lanes[lane]
    return f"Intercept {plain(lid)}: {plain(label)}" if plain(label).strip() else f"Intercept {plain(lid)}"
