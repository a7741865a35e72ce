"""Where every map item sits, in scene units (``model/map_geometry``), for the PDF, SVG and PNG maps.

Laid out by the canvas's own arithmetic (``model/lane_layout``) and routed by its router
(``model/flow_routing``), so that the printed map shows what the room saw: a box the facilitator placed
(pinned) stays there and the others are tidied down their lane in the same order; the cross-intercept
band fills its shortest column first; flows run in the gutters on tracks of their own. Only the text is
measured differently: with reportlab's font metrics, as printed. A chip's title wraps to as many lines as
it needs (up to ``MAX_CHIP_LINES``) and the chip grows to hold them; a point's title wraps fully (print
cuts no title short) and its box grows to hold it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import map_geometry as g
from ..model.flow_routing import Box, FlowRouter
from ..model.lane_layout import (
    band_blocked,
    block_height,
    chip_offsets,
    fill_band,
    lane_end,
    list_loose,
    tidy_lane,
)
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
FS_POINT_TITLE = 20.0  # a point's title (bold) in scene units
FS_POINT_ORG = 17.0  # its organisation
LINE_LEAD = 1.18  # baseline to baseline, in font sizes
POINT_PAD = 10.0  # above the first and below the last line of a box that grew
MAX_TITLE_LINES = 12  # ~300 characters: any real title whole; a pasted paragraph is cut (the table beside
# the map prints it whole)


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
    """A decision point, its box (``lane`` is the column it stands in), and its text as wrapped in it."""

    point: DecisionPoint
    lane: int
    box: Rect
    lines: list[str] = field(default_factory=list)  # the whole title, wrapped to the box
    org_lines: list[str] = field(default_factory=list)  # the organisation, on one line


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
    label_at: tuple[float, float] | None = None  # where its count goes: the middle of its longest leg


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


def _chip(f: Finding, lane: int, x: float, y: float, lines: list[str]) -> PlacedChip:
    return PlacedChip(f, lane, Rect(x, y, g.POINT_WIDTH, chip_height(len(lines))), lines)


def point_lines(point: DecisionPoint) -> tuple[list[str], list[str]]:
    """A point's title wrapped fully to its box, and its organisation on one line (or none)."""
    fonts = report_fonts()
    title = fit_lines(point.title, fonts.bold, FS_POINT_TITLE, g.POINT_WIDTH - 24, MAX_TITLE_LINES)
    org = plain(point.organisation).strip()
    return title, (fit_lines(org, fonts.regular, FS_POINT_ORG, g.POINT_WIDTH - 24, 1) if org else [])


def point_box_height(title_lines: int, org_lines: int) -> float:
    """A point's box: the usual height, or taller for a title of many lines."""
    text = (title_lines * FS_POINT_TITLE + org_lines * FS_POINT_ORG) * LINE_LEAD + 2 * POINT_PAD
    return max(g.POINT_HEIGHT, float(-(-text // 1)))


def build_layout(ws: Workshop) -> MapLayout:
    """Place every point, chip and flow of ``ws`` in scene units."""
    lane_ids = [i.id for i in ws.scheme.intercepts]
    lane_count = max(1, len(lane_ids))
    lane_index = {lane_id: n for n, lane_id in enumerate(lane_ids)}
    layout = MapLayout(lanes=[(i.id, i.label) for i in ws.scheme.intercepts] or [("?", "")],
                       cross_label=ws.scheme.cross_label)
    auto = _auto_positions(ws) if any(_unplaced(p) for p in ws.points) else {}
    point_ids = {p.id for p in ws.points}

    # Chips: each as tall as its wrapped title; under its box (resources first) or loose in its lane.
    chip_text = {f.id: chip_lines(f.title) for f in ws.findings}
    chip_h = {f_id: chip_height(len(lines)) for f_id, lines in chip_text.items()}
    stacks: dict[str, list[Finding]] = {}
    loose: dict[str, list[Finding]] = {}
    for f in ws.findings:
        if f.point_id in point_ids:
            stacks.setdefault(f.point_id, []).append(f)  # type: ignore[arg-type]
        else:
            loose.setdefault(f.intercept if f.intercept in lane_index else CROSS_INTERCEPT, []).append(f)
    stacks = {p_id: _chip_order(stack) for p_id, stack in stacks.items()}

    texts = {p.id: point_lines(p) for p in ws.points}
    box_h = {p_id: point_box_height(len(t), len(o)) for p_id, (t, o) in texts.items()}
    blocks = {p.id: block_height([chip_h[f.id] for f in stacks.get(p.id, ())], box_h[p.id])
              for p in ws.points}

    # Lanes: tidied as the canvas tidies them, then each lane's loose chips below its last box.
    at: dict[str, tuple[int, float, float]] = {}  # point id -> (column, x, y)
    in_lane: dict[str, list[tuple[float, int, DecisionPoint]]] = {}
    band_points = []
    for seq, p in enumerate(ws.points):
        if p.intercept not in lane_index:
            band_points.append(p)
            continue
        y = auto[p.id][1] if p.id in auto else (g.first_row_y() if _unplaced(p) else p.y)
        in_lane.setdefault(p.intercept, []).append((max(g.first_row_y(), y), seq, p))
    router = FlowRouter(lane_count)
    reach: dict[int, float] = {}
    for lane_id, n in lane_index.items():
        members = sorted(in_lane.get(lane_id, ()), key=lambda m: m[:2])
        ys = tidy_lane([(wanted, p.pinned and not _unplaced(p), blocks[p.id]) for wanted, _, p in members])
        x = g.lane_point_x(n)
        for (_, _, p), y in zip(members, ys, strict=True):
            at[p.id] = (n, x, y)
        chips = _chip_order(loose.get(lane_id, []))
        top = lane_end([y + blocks[p.id] for (_, _, p), y in zip(members, ys, strict=True)])
        places, reach[n] = list_loose(top, [chip_h[f.id] for f in chips])
        layout.chips += [_chip(f, n, x, y, chip_text[f.id]) for f, y in zip(chips, places, strict=True)]
        if chips:
            router.set_blocked(f"loose:{n}", {n: [(places[0], places[-1] + chip_h[chips[-1].id])]})
    layout.lanes_bottom = max([g.MIN_LANE_HEIGHT, *reach.values()])

    # The cross band beneath the lanes: boxes, then loose chips, each in the shortest column.
    band_top = layout.lanes_bottom + g.CROSS_BAND_GAP
    band_chips = _chip_order(loose.get(CROSS_INTERCEPT, []))
    box_places, chip_places, band_h = fill_band(
        band_top, BAND_LABEL_HEIGHT, lane_count, [blocks[p.id] for p in band_points],
        [chip_h[f.id] for f in band_chips])
    for p, (col, y) in zip(band_points, box_places, strict=True):
        at[p.id] = (col, g.lane_point_x(col), y)
    layout.chips += [_chip(f, col, g.lane_point_x(col), y, chip_text[f.id])
                     for f, (col, y) in zip(band_chips, chip_places, strict=True)]
    layout.band = Rect(0.0, band_top, g.map_width(lane_count), band_h)
    router.set_blocked("band", band_blocked(band_top, BAND_LABEL_HEIGHT, band_h, lane_count,
                                            [(col, y, chip_h[f.id])
                                             for f, (col, y) in zip(band_chips, chip_places, strict=True)]))

    # Boxes and their stacks of chips.
    placed: dict[str, PlacedPoint] = {}
    for p in ws.points:
        col, x, y = at[p.id]
        title, org = texts[p.id]
        pp = PlacedPoint(p, col, Rect(x, y, g.POINT_WIDTH, box_h[p.id]), title, org)
        placed[p.id] = pp
        layout.points.append(pp)
        stack = stacks.get(p.id, [])
        offsets = chip_offsets([chip_h[f.id] for f in stack], box_h[p.id])
        layout.chips += [_chip(f, col, x, y + dy, chip_text[f.id])
                         for f, dy in zip(stack, offsets, strict=True)]
        router.set_box(p.id, Box(x, y, g.POINT_WIDTH, box_h[p.id], y + blocks[p.id]))

    # Flows, routed as on the canvas.
    for flow in ws.flows:
        router.set_flow(flow.id, flow.source, flow.target)
    routes = router.routes()
    for flow in ws.flows:
        route = routes.get(flow.id)
        if route is None:
            continue  # a flow whose box is gone is not drawn
        layout.flows.append(PlacedFlow(flow, placed[flow.source], placed[flow.target], list(route.points),
                                       route.backward, route.label_at))
    return layout


def _unplaced(point: DecisionPoint) -> bool:
    """A point never placed (imported without a place): automatic layout decides where it goes."""
    return not point.pinned and point.x == 0 and point.y == 0
