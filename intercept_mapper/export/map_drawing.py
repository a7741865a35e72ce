"""The Sequential Intercept Map as reportlab Drawings for the report's landscape pages.

The marks (boxes, text, markers, legend) are the shared ones of ``map_style``, which the SVG map
(``map_svg``, also the PNG's source) draws too. On paper the map is scaled to the page; when that
would make its smallest text smaller than ``MIN_TEXT_PT``, it is split across pages by groups of
intercepts and, for a tall map, by rows, with the lane headers repeated and flows that leave a page
labelled with where they go.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, PolyLine, Rect, Shape
from reportlab.lib import colors

from ..model import map_geometry as g
from ..model.workshop import Workshop
from . import map_style as ms
from . import report_styles as st
from .map_layout import (
    BAND_LABEL_HEIGHT,
    MapLayout,
    PlacedChip,
    PlacedFlow,
    PlacedPoint,
    build_layout,
    fit_lines,
)
from .map_style import FS_FLOW, LEGEND_PT, SMALLEST_FS
from .pdf_fonts import report_fonts
from .pdf_text import fit_prefix, plain, text_strings, text_width

MIN_TEXT_PT = 6.0  # nothing on a printed map page is smaller than this
MIN_SCALE = MIN_TEXT_PT / SMALLEST_FS
MAX_SCALE = 0.75  # a tiny map is not blown up to poster letters
CUT_STRIP = 32.0  # scene units above and below the rows of a map page cut from a taller map


@dataclass(frozen=True)
class View:
    """What one drawing shows: lanes ``[lane_from, lane_to)`` and scene rows ``[y0, y1)`` below the header."""

    lane_from: int
    lane_to: int
    y0: float
    y1: float
    pad: float = 0.0  # a strip above and below the rows, where flows leaving the page are labelled
    extent: float = 0.0  # where the drawn rows end: below y1 when items starting above y1 reach past it

    @property
    def top_edge(self) -> float:
        """Scene y of the top of the drawn rows, strip included."""
        return self.y0 - self.pad

    @property
    def bottom_edge(self) -> float:
        """Scene y of the bottom of the drawn rows, strip included."""
        return max(self.y1, self.extent) + self.pad


def new_drawing(width: float, height: float) -> Drawing:
    """An empty Drawing whose renderer starts in the report font (no unembedded Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = report_fonts().regular
    return d


# ---------------------------------------------------------------- marks to reportlab shapes
def _shapes(marks: Iterable[ms.Mark], X: Callable[[float], float], Y: Callable[[float], float],  # noqa: N803
            s: float) -> list[Shape]:
    """Reportlab shapes for the shared marks: scene (x, y) to drawing ``(X(x), Y(y))``, sizes times ``s``."""
    out: list[Shape] = []
    for m in marks:
        if isinstance(m, ms.Text):
            out += text_strings(X(m.x), Y(m.y), m.text, ms.font_name(m.font), m.size * s, m.colour, m.anchor)
        elif isinstance(m, ms.Box):
            r = Rect(X(m.x), Y(m.y + m.h), m.w * s, m.h * s, fillColor=m.fill, strokeColor=m.stroke,
                     strokeWidth=m.stroke_width * s, rx=m.radius * s, ry=m.radius * s)
            if m.dash:
                r.strokeDashArray = [d * s for d in m.dash]
            out.append(r)
        elif isinstance(m, ms.Dot):
            out.append(Circle(X(m.cx), Y(m.cy), m.r * s, fillColor=m.fill, strokeColor=None))
        elif isinstance(m, ms.Shape):
            out.append(Polygon([c for x, y in m.points for c in (X(x), Y(y))], fillColor=m.fill,
                               strokeColor=None))
        else:
            line = PolyLine([c for x, y in m.points for c in (X(x), Y(y))], strokeColor=m.colour,
                            strokeWidth=m.width * s, strokeLineJoin=1)
            if m.dash:
                line.strokeDashArray = [d * s for d in m.dash]
            out.append(line)
    return out


# ---------------------------------------------------------------- the painter
class _Painter:
    """Draws scene items into a Group at a scale, for one view."""

    def __init__(self, layout: MapLayout, view: View, scale: float, left: float, top: float) -> None:
        self.layout, self.view, self.s = layout, view, scale
        self.left, self.top = left, top  # drawing coordinates of the view's top-left corner
        self.group = Group()
        self.fonts = report_fonts()
        self.x_min = g.lane_left(view.lane_from)
        self.x_max = g.lane_left(view.lane_to)
        self.header_mode = False  # lane headers use their own rows at the top of every page
        self.labels: list[tuple[float, float, str, str, colors.Color]] = []  # x, y, "to"/"from", title
        # Yearly counts are drawn over the boxes: a flow between neighbouring lanes has a short visible
        # stretch, and a count half hidden under a box ("200/yr" for 1,200) would be misread.
        self.badges: list[list[ms.Mark]] = []

    # scene -> drawing coordinates (the header occupies scene y 0..LANE_HEADER_HEIGHT on every page)
    def X(self, x: float) -> float:  # noqa: N802 - reads like the maths
        return self.left + (x - self.x_min) * self.s

    def Y(self, y: float) -> float:  # noqa: N802
        if self.header_mode:
            return self.top - y * self.s
        return self.top - (g.LANE_HEADER_HEIGHT + (y - self.view.top_edge)) * self.s

    def rect(self, x: float, y: float, w: float, h: float, **kw: object) -> Rect:
        r = Rect(self.X(x), self.Y(y + h), w * self.s, h * self.s, **kw)
        self.group.add(r)
        return r

    def draw(self, marks: Iterable[ms.Mark]) -> None:
        """Add the shared marks (scene coordinates) to the drawing."""
        for shape in _shapes(marks, self.X, self.Y, self.s):
            self.group.add(shape)

    def text(self, x: float, y: float, s: str, font: str, size: float, colour: colors.Color,
             anchor: str = "start") -> None:
        """Baseline at scene (x, y)."""
        for shape in text_strings(self.X(x), self.Y(y), s, font, size * self.s, colour, anchor):
            self.group.add(shape)

    def visible(self, top: float, bottom: float, lane: int) -> bool:
        v = self.view
        # An item belongs to the page its top is on (pages of a tall map are cut between rows). The same
        # tolerance at both ends: a top just above a cut must not count for the pages on both sides.
        return v.lane_from <= lane < v.lane_to and v.y0 - 0.01 <= top < v.y1 - 0.01

    # ---- lanes and band
    def lanes(self) -> None:
        v = self.view
        content_bottom = min(v.bottom_edge, self.layout.lanes_bottom)
        for lane in range(v.lane_from, v.lane_to):
            x = g.lane_left(lane)
            fill = st.LANE_FILLS[lane % 2]
            if content_bottom > v.top_edge:
                self.rect(x, v.top_edge, g.LANE_WIDTH, content_bottom - v.top_edge, fillColor=fill,
                          strokeColor=None)
        self.header_mode = True
        for lane in range(v.lane_from, v.lane_to):
            lid, label = self.layout.lanes[lane]
            self.rect(g.lane_left(lane), 0, g.LANE_WIDTH, g.LANE_HEADER_HEIGHT,
                      fillColor=st.LANE_FILLS[lane % 2], strokeColor=None)
            self.draw(ms.lane_header_marks(lane, lid, label))
        self.header_mode = False

    def band(self) -> None:
        b, v = self.layout.band, self.view
        top, bottom = max(b.y, v.top_edge), min(b.bottom, v.bottom_edge)
        if bottom <= top:
            return
        self.draw([ms.band_box(self.x_min, self.x_max, top, bottom)])
        if b.y >= v.y0:
            self.draw([ms.band_label(self.layout, self.x_min, self.x_max, continued=v.lane_from > 0)])

    # ---- items
    def point(self, pp: PlacedPoint) -> None:
        self.draw(ms.point_marks(pp))

    def chip(self, pc: PlacedChip) -> None:
        self.draw(ms.chip_marks(pc))

    def flow(self, pf: PlacedFlow) -> None:
        pieces = _clip_path(pf.path, self.x_min, self.x_max, self.view.top_edge, self.view.bottom_edge)
        if not pieces:
            return
        colour = ms.flow_colour(pf.backward)
        dash = ms.flow_dash(pf.backward)
        self.draw(ms.Stroke(tuple(piece), colour, ms.FLOW_STROKE, dash) for piece in pieces)
        end, end_prev = pf.path[-1], pf.path[-2]
        if pieces[-1][-1] == end:
            self.draw([ms.arrowhead(end_prev, end, colour)])
        if pieces[-1][-1] != end:  # the flow leaves this page: say where it goes
            self._cut_label(pieces[-1][-1], "to", plain(pf.target.point.title), colour)
        if pieces[0][0] != pf.path[0]:
            self._cut_label(pieces[0][0], "from", plain(pf.source.point.title), colour)
        count = pf.flow.yearly_count
        if count is not None and pieces[0][0] == pf.path[0] and pieces[-1][-1] == end:
            self.badges.append(ms.count_marks(pf.path, count, colour, self.x_min, self.x_max))

    def _cut_label(self, at: tuple[float, float], word: str, title: str, colour: colors.Color) -> None:
        """Remember a label for a flow cut by the page edge; drawn in the strip, after the items."""
        x, y = at
        v = self.view
        if v.pad <= 0:
            return
        if abs(y - v.bottom_edge) < 1:
            y = v.bottom_edge - v.pad * 0.3
        elif abs(y - v.top_edge) < 1:
            y = v.top_edge + v.pad * 0.8
        else:
            return  # cut at a side: the lane header already says where the next lanes are
        self.labels.append((x, y, word, title, colour))

    def cut_labels(self) -> None:
        """Draw the labels of flows that leave or enter the page, one per lane edge and direction."""
        f = self.fonts
        groups: dict[tuple[float, int], list[tuple[float, str, str, colors.Color]]] = {}
        for x, y, word, title, colour in self.labels:
            # Flows crossing the page edge within one lane's left part share one label.
            lane = int((x + g.LANE_PADDING) // g.LANE_WIDTH)
            groups.setdefault((y, lane), []).append((x, word, title, colour))
        for (y, _), members in groups.items():
            x = min(m[0] for m in members)
            titles = list(dict.fromkeys(m[2] for m in members))
            text = f"{members[0][1]} {', '.join(titles)}"
            label = fit_lines(text, f.italic, FS_FLOW, g.POINT_WIDTH, 1)[0]
            x = min(x + 4, self.x_max - text_width(label, f.italic, FS_FLOW) - 4)
            self.text(max(self.x_min + 4, x), y, label, f.italic, FS_FLOW, members[0][3])

    def draw_badges(self) -> None:
        """Draw the yearly counts of the flows, over everything else."""
        for marks in self.badges:
            self.draw(marks)


def _clip_path(path: list[tuple[float, float]], x0: float, x1: float, y0: float,
               y1: float) -> list[list[tuple[float, float]]]:
    """The parts of an axis-aligned polyline inside the rectangle, as separate polylines."""
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for (ax, ay), (bx, by) in zip(path, path[1:], strict=False):
        clipped = _clip_segment(ax, ay, bx, by, x0, x1, y0, y1)
        if clipped is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = clipped
        if current and current[-1] != start:
            pieces.append(current)
            current = []
        if not current:
            current = [start]
        current.append(end)
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) >= 2]


def _clip_segment(ax: float, ay: float, bx: float, by: float, x0: float, x1: float, y0: float,
                  y1: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Liang-Barsky clipping of one segment to a rectangle."""
    t0, t1 = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return (ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)


# ---------------------------------------------------------------- legend
def _legend(fs: float) -> tuple[Group, float]:
    """The key to the map in one row of text size ``fs``; returns the group and its width."""
    marks, width = ms.legend_marks(fs)
    # The marks are centred on y = 0 and grow downwards; a drawing's y grows upwards.
    return Group(*_shapes(marks, lambda x: x, lambda y: -y, 1.0)), width


# ---------------------------------------------------------------- public
class _RowIndex:
    """Items sorted by row, so that each page of a long map looks only at its own items."""

    def __init__(self, layout: MapLayout) -> None:
        self.points = sorted(layout.points, key=lambda pp: pp.box.y)
        self.point_tops = [pp.box.y for pp in self.points]
        self.chips = sorted(layout.chips, key=lambda pc: pc.box.y)
        self.chip_tops = [pc.box.y for pc in self.chips]
        self.flows = [(min(y for _, y in pf.path), max(y for _, y in pf.path), pf) for pf in layout.flows]

    def points_in(self, view: View) -> list[PlacedPoint]:
        """Points whose top lies in the view's rows."""
        return self.points[bisect_left(self.point_tops, view.y0 - 1):bisect_left(self.point_tops, view.y1)]

    def chips_in(self, view: View) -> list[PlacedChip]:
        """Chips whose top lies in the view's rows."""
        return self.chips[bisect_left(self.chip_tops, view.y0 - 1):bisect_left(self.chip_tops, view.y1)]

    def flows_in(self, view: View) -> list[PlacedFlow]:
        """Flows whose path reaches into the view's rows (strips included)."""
        return [pf for top, bottom, pf in self.flows if top <= view.bottom_edge and bottom >= view.top_edge]


def _render(layout: MapLayout, view: View, scale: float, width: float, caption: str, fs: float,
            index: _RowIndex | None = None) -> Drawing:
    """One drawing of ``view`` at ``scale``, with the legend (text size ``fs``) and caption underneath."""
    f = report_fonts()
    content_h = (g.LANE_HEADER_HEIGHT + view.bottom_edge - view.top_edge) * scale
    foot = fs * ms.LEGEND_STRIP + (fs * 1.4 if caption else 0.0)
    d = new_drawing(width, content_h + foot)
    # An opaque page: a transparent image on a dark slide would hide the legend's dark text.
    d.add(Rect(0, 0, width, content_h + foot, fillColor=colors.white, strokeColor=None))
    p = _Painter(layout, view, scale, 0.0, content_h + foot)
    p.lanes()
    p.band()
    index = index or _RowIndex(layout)
    for pf in index.flows_in(view):
        p.flow(pf)  # under the boxes, so a flow crossing a lane passes behind its points
    for pp in index.points_in(view):
        if p.visible(pp.box.y, pp.box.bottom, pp.lane):
            p.point(pp)
    for pc in index.chips_in(view):
        if p.visible(pc.box.y, pc.box.bottom, pc.lane):
            p.chip(pc)
    p.cut_labels()
    p.draw_badges()
    d.add(p.group)
    legend, legend_w = _legend(fs)
    shrink = min(1.0, width / legend_w) if legend_w else 1.0
    legend.transform = (shrink, 0, 0, shrink, 0, foot - fs * ms.LEGEND_CENTRE)
    d.add(legend)
    if caption:
        for shape in text_strings(0, fs * 0.4, fit_prefix(caption, f.italic, fs, width), f.italic, fs,
                                  st.MUTED):
            d.add(shape)
    return d


def map_page_drawings(ws: Workshop, width: float, height: float) -> list[Drawing]:
    """The map for pages of ``width`` x ``height`` points: one drawing per page, split when needed."""
    layout = build_layout(ws)
    lanes = len(layout.lanes)
    fs = LEGEND_PT
    # On paper the band ends below its last item (the canvas keeps a minimum height for dropping into).
    bottom = max([layout.band.y + BAND_LABEL_HEIGHT, *(pc.box.bottom for pc in layout.chips)]) + 20
    rows_h = bottom - g.LANE_HEADER_HEIGHT
    room_h = height - fs * ms.LEGEND_STRIP  # the legend
    whole = min(width / layout.width, room_h / (g.LANE_HEADER_HEIGHT + rows_h), MAX_SCALE)
    room_h -= fs * 1.4  # split pages also carry a caption line
    if whole >= MIN_SCALE:
        view = View(0, lanes, g.LANE_HEADER_HEIGHT, bottom)
        return [_render(layout, view, whole, width, "", fs)]
    per_page = max(1, int(width // (g.LANE_WIDTH * MIN_SCALE)))
    # Room for one item hanging below a cut: a box, or a chip grown by a wrapped title.
    tallest = max([g.POINT_HEIGHT, *(pc.box.h for pc in layout.chips)])
    groups = _balance(lanes, -(-lanes // per_page))
    views: list[tuple[View, float]] = []
    for a, b in groups:
        scale = min(width / g.map_width(b - a), room_h / (g.LANE_HEADER_HEIGHT + rows_h), MAX_SCALE)
        scale = max(scale, MIN_SCALE)  # too tall even so: keep the text readable and cut into rows
        rows = room_h / scale - g.LANE_HEADER_HEIGHT - 2 * CUT_STRIP
        for y0, y1, extent in _row_cuts(layout, a, b, rows - tallest, bottom):
            views.append((View(a, b, y0, y1, CUT_STRIP, extent), scale))
    out = []
    index = _RowIndex(layout)
    for n, (view, scale) in enumerate(views, start=1):
        caption = f"Map page {n} of {len(views)}: {_lane_span(layout, view)}"
        if view.y0 > g.LANE_HEADER_HEIGHT:
            caption += ", continued from the page before"
        out.append(_render(layout, view, scale, width, caption, fs, index))
    return out


def _balance(lanes: int, pages: int) -> list[tuple[int, int]]:
    """Lanes spread evenly over the pages (6 lanes on 2 pages: 3 and 3, not 5 and 1)."""
    base, extra = divmod(lanes, pages)
    out, start = [], 0
    for n in range(pages):
        size = base + (1 if n < extra else 0)
        out.append((start, start + size))
        start += size
    return out


def _lane_span(layout: MapLayout, view: View) -> str:
    first, last = layout.lanes[view.lane_from][0], layout.lanes[view.lane_to - 1][0]
    return f"intercept {plain(first)}" if first == last else f"intercepts {plain(first)} to {plain(last)}"


def _row_cuts(layout: MapLayout, lane_from: int, lane_to: int, rows: float,
              bottom: float) -> list[tuple[float, float, float]]:
    """Scene row ranges ``(y0, y1, extent)`` of about ``rows`` height, cut between items where possible.

    Lanes whose chip stacks are staggered may leave no free line across the whole page; the cut then
    falls at the limit, each item stays on the page where it starts, and ``extent`` says how far the
    items of a page reach below its cut (``rows`` leaves room for the tallest item's overhang).
    """
    spans = sorted(
        [(pp.box.y, pp.box.bottom) for pp in layout.points if lane_from <= pp.lane < lane_to]
        + [(pc.box.y, pc.box.bottom) for pc in layout.chips if lane_from <= pc.lane < lane_to]
        + [(layout.band.y, layout.band.y + BAND_LABEL_HEIGHT)]
    )
    tops = [top for top, _ in spans]
    cuts: list[tuple[float, float, float]] = []
    start = g.LANE_HEADER_HEIGHT
    while bottom - start > rows:
        limit = start + rows
        best = limit
        floor = limit - rows / 3
        for top, end in reversed(spans[:bisect_left(tops, limit)]):  # the last free line above the limit
            if top < best < end:
                best = top - g.CHIP_GAP / 2
            if best < floor:
                break
        if best < floor:
            best = limit
        page = spans[bisect_left(tops, start):bisect_left(tops, best)]
        cuts.append((start, best, max([best, *(end for _, end in page)])))
        start = best
    if any(top >= start for top in tops) or not cuts:
        cuts.append((start, bottom, bottom))
    else:  # nothing left below the last cut: end the last page there
        cuts[-1] = (cuts[-1][0], bottom, max(bottom, cuts[-1][2]))
    return cuts
