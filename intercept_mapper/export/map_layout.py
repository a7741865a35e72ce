"""Where every map item sits, in scene units (``model/map_geometry``), for the PDF, SVG and PNG maps.

Points take their stored ``x, y`` when pinned and the automatic layout's otherwise (as on the canvas);
the x always follows the point's intercept lane. Resources and gaps attached to a point are chips
stacked under its box; those tied to no point sit at the foot of their lane; cross-intercept items
fill the band beneath the lanes, one column per lane. As on the canvas, a chip's title wraps to as many
lines as it needs (up to ``MAX_CHIP_LINES``, measured with reportlab's font metrics) and the chip grows
to hold them; stacks, lane lists and band rows are laid out by each chip's real height. Overlapping
blocks are pushed apart so that a stale position never prints one box on top of another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import map_geometry as g
from ..model.workshop import CROSS_INTERCEPT, DecisionPoint, Finding, Flow, Workshop
from .pdf_fonts import report_fonts
from .pdf_text import fit_prefix, plain, text_width

BAND_LABEL_HEIGHT = 44.0  # the cross-intercept band's title strip
ELLIPSIS = "…"
FS_CHIP = 17.0  # chip title size in scene units
CHIP_LEAD = FS_CHIP * 1.18  # baseline to baseline of a wrapped chip title
CHIP_PAD = 6.0  # above the first and below the last line of a chip that grew
CHIP_TEXT_LEFT = 34.0  # the marker sits left of the title
CHIP_TEXT_WIDTH = g.POINT_WIDTH - 44.0
MAX_CHIP_LINES = 4  # as on the canvas: a longer title is elided with an ellipsis


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``max_lines`` lines, the last cut with an ellipsis."""
    words = " ".join(plain(text).split()).split(" ")
    lines: list[str] = []
    line = ""
    i = 0
    while i < len(words) and len(lines) < max_lines:
        word = words[i]
        trial = f"{line} {word}" if line else word
        if text_width(trial, font, size) <= width:
            line, i = trial, i + 1
            continue
        if line:  # the word goes on the next line
            lines.append(line)
            line = ""
            continue
        head = fit_prefix(word, font, size, width)  # one word wider than the line: break it
        lines.append(head)
        words[i] = word[len(head):]
    if line and len(lines) < max_lines:
        lines.append(line)
        line = ""
    if i < len(words) or line:
        last = lines[-1] if lines else ""
        lines[-1:] = [fit_prefix(last + ELLIPSIS, font, size, width, suffix=ELLIPSIS)]
    return lines or [""]


def chip_lines(title: str) -> list[str]:
    """A chip's title as drawn: wrapped to the chip's text width, at most ``MAX_CHIP_LINES`` lines."""
    return fit_lines(title, report_fonts().regular, FS_CHIP, CHIP_TEXT_WIDTH, MAX_CHIP_LINES)


def chip_height(line_count: int) -> float:
    """How tall a chip with ``line_count`` title lines is: one line keeps the shared ``CHIP_HEIGHT``."""
    return max(g.CHIP_HEIGHT, float(-(-(line_count * CHIP_LEAD + 2 * CHIP_PAD) // 1)))


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in scene units, y growing downwards."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        """Right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return self.y + self.h

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return self.y + self.h / 2


@dataclass
class PlacedPoint:
    """A decision point and its box."""

    point: DecisionPoint
    lane: int
    box: Rect


@dataclass
class PlacedChip:
    """A resource or gap and its chip; ``lane`` is the lane column it sits in."""

    finding: Finding
    lane: int
    box: Rect
    lines: list[str] = field(default_factory=list)  # the title as wrapped into the chip


@dataclass
class PlacedFlow:
    """A flow and its orthogonal path (scene points, source to target)."""

    flow: Flow
    source: PlacedPoint
    target: PlacedPoint
    path: list[tuple[float, float]]
    backward: bool


@dataclass
class MapLayout:
    """Every item of the map placed in scene units."""

    lanes: list[tuple[str, str]]  # (intercept id, label) left to right
    cross_label: str
    points: list[PlacedPoint] = field(default_factory=list)
    chips: list[PlacedChip] = field(default_factory=list)
    flows: list[PlacedFlow] = field(default_factory=list)
    lanes_bottom: float = g.MIN_LANE_HEIGHT
    band: Rect = Rect(0, 0, 0, 0)

    @property
    def width(self) -> float:
        """Width of all lanes."""
        return g.map_width(len(self.lanes))

    @property
    def height(self) -> float:
        """Height down to the bottom of the cross-intercept band."""
        return self.band.bottom

    def lane_rect(self, lane: int) -> Rect:
        """The lane's column from the top of the map to the bottom of the lanes."""
        return Rect(g.lane_left(lane), 0.0, g.LANE_WIDTH, self.lanes_bottom)


def _auto_positions(ws: Workshop) -> dict[str, tuple[float, float]]:
    try:
        from ..model.auto_layout import layout_positions
    except ImportError:  # a build without automatic layout: stored positions only
        return {}
    try:
        return layout_positions(ws)
    except Exception:  # noqa: BLE001 - a layout failure must not cost the user their report
        return {}


def _chip_order(findings: list[Finding]) -> list[Finding]:
    # Resources before gaps under each point, so a reader sees what works, then what is missing.
    return [f for f in findings if f.kind == "resource"] + [f for f in findings if f.kind == "gap"]


def _chip(f: Finding, lane: int, x: float, y: float) -> PlacedChip:
    lines = chip_lines(f.title)
    return PlacedChip(f, lane, Rect(x, y, g.POINT_WIDTH, chip_height(len(lines))), lines)


def build_layout(ws: Workshop) -> MapLayout:
    """Place every point, chip and flow of ``ws`` in scene units."""
    lane_count = max(1, len(ws.scheme.intercepts))
    layout = MapLayout(
        lanes=[(i.id, i.label) for i in ws.scheme.intercepts] or [("?", "")],
        cross_label=ws.scheme.cross_label,
    )
    auto = _auto_positions(ws)
    point_ids = {p.id for p in ws.points}
    attached: dict[str, list[Finding]] = {}
    loose: dict[int, list[Finding]] = {}
    cross: list[Finding] = []
    for f in ws.findings:
        if f.point_id in point_ids:
            attached.setdefault(f.point_id, []).append(f)  # type: ignore[arg-type]
        elif f.intercept == CROSS_INTERCEPT or not ws.scheme.has(f.intercept):
            cross.append(f)
        else:
            loose.setdefault(min(lane_count - 1, ws.scheme.order(f.intercept)), []).append(f)

    by_lane: dict[int, list[tuple[float, int, DecisionPoint]]] = {}
    for n, p in enumerate(ws.points):
        lane = min(lane_count - 1, ws.scheme.order(p.intercept))
        y = p.y if p.pinned or p.id not in auto else auto[p.id][1]
        by_lane.setdefault(lane, []).append((max(g.first_row_y(), y), n, p))

    placed: dict[str, PlacedPoint] = {}
    lane_bottoms: dict[int, float] = {}
    for lane, entries in by_lane.items():
        cursor = g.first_row_y()
        x = g.lane_point_x(lane)
        for y, _, p in sorted(entries, key=lambda e: (e[0], e[1])):
            y = max(y, cursor)
            pp = PlacedPoint(p, lane, Rect(x, y, g.POINT_WIDTH, g.POINT_HEIGHT))
            placed[p.id] = pp
            layout.points.append(pp)
            chip_y = y + g.POINT_HEIGHT + g.CHIP_GAP
            stack = _chip_order(attached.get(p.id, []))
            for f in stack:
                pc = _chip(f, lane, x, chip_y)
                layout.chips.append(pc)
                chip_y = pc.box.bottom + g.CHIP_GAP
            # As point_block_height, with each chip's real height (a wrapped title makes it taller).
            cursor = chip_y + (g.CHIP_GAP if stack else 0.0)
        lane_bottoms[lane] = cursor

    for lane, findings in loose.items():
        y = lane_bottoms.get(lane, g.first_row_y() - g.ROW_GAP) + g.ROW_GAP
        for f in _chip_order(findings):
            pc = _chip(f, lane, g.lane_point_x(lane), y)
            layout.chips.append(pc)
            y = pc.box.bottom + g.CHIP_GAP
        lane_bottoms[lane] = y

    layout.lanes_bottom = max([g.MIN_LANE_HEIGHT, *(b + g.ROW_GAP for b in lane_bottoms.values())])
    band_top = layout.lanes_bottom + g.CROSS_BAND_GAP
    y = band_top + BAND_LABEL_HEIGHT
    ordered = _chip_order(cross)
    for start in range(0, len(ordered), lane_count):  # one row: one chip per lane column
        row = [_chip(f, col, g.lane_point_x(col), y)
               for col, f in enumerate(ordered[start:start + lane_count])]
        layout.chips += row
        y = max(pc.box.bottom for pc in row) + g.CHIP_GAP  # the row is as tall as its tallest chip
    band_h = max(g.CROSS_BAND_MIN_HEIGHT, y - band_top + 24)
    layout.band = Rect(0.0, band_top, g.map_width(lane_count), band_h)

    for flow in ws.flows:
        s, t = placed.get(flow.source), placed.get(flow.target)
        if s is None or t is None:
            continue
        path, backward = _flow_path(s, t)
        layout.flows.append(PlacedFlow(flow, s, t, path, backward))
    return layout


def _flow_path(s: PlacedPoint, t: PlacedPoint) -> tuple[list[tuple[float, float]], bool]:
    """An orthogonal route from box ``s`` to box ``t`` through the gutters between lanes."""
    a, b = s.box, t.box
    if t.lane > s.lane:  # forward: out of the right edge, down the gutter left of the target lane
        gx = g.lane_left(t.lane)
        return _squash([(a.right, a.cy), (gx, a.cy), (gx, b.cy), (b.x, b.cy)]), False
    if t.lane == s.lane:
        if b.y > a.y:  # down the lane, on the left rail (chips never reach into the padding)
            rx = a.x - g.LANE_PADDING / 2
            return [(a.x, a.cy), (rx, a.cy), (rx, b.cy), (b.x, b.cy)], False
        rx = a.right + g.LANE_PADDING / 2  # back up the lane, on the right rail
        return [(a.right, a.cy), (rx, a.cy), (rx, b.cy), (b.right, b.cy)], True
    # Backward (a violation looping back to jail): dashed, entering the target from its right.
    gx = g.lane_left(s.lane) + g.LANE_PADDING / 3
    ty = b.cy + b.h / 4
    return _squash([(a.x, a.cy + a.h / 4), (gx, a.cy + a.h / 4), (gx, ty), (b.right, ty)]), True


def _squash(path: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points (a straight flow between boxes at the same height)."""
    out: list[tuple[float, float]] = []
    for pt in path:
        if not out or abs(out[-1][0] - pt[0]) > 1e-6 or abs(out[-1][1] - pt[1]) > 1e-6:
            out.append(pt)
    return out
