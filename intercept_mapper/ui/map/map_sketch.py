"""A large map drawn in one item for its first paint, while its thousands of items are not built yet.

Building one scene item per box, chip and flow takes about 200 ms for a 3,000-item map, and a map that
large opens fitted to the window, a zoom at which the items draw no text (``LOW_DETAIL``). So the scene
first shows this sketch (``MapScene(sketch_first=True)``): the boxes, chips and flows laid out by the
same arithmetic as the items (``model.lane_layout``) and painted the way the items paint themselves at
that zoom. The window builds the real items right after its first paint (``MapScene.build_items``).
A workshop of ``MapScene.BUILD_IN_STEPS_FROM_ITEMS`` items or more (on start, or opened, imported or
restored later) keeps its sketch while its items are built behind it a step per event-loop turn, the
scene taking over the sketch's places and router. Nothing on a sketch can be selected or edited: what
needs an item (a click, a selection, find, a key) has the scene finish building first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.document_constants import CROSS_INTERCEPT
from ...model.flow_routing import ROUTE_CEILING, Box, FlowRouter
from ...model.lane_layout import (
    band_blocked,
    block_height,
    chip_offsets,
    fill_band,
    lane_end,
    list_loose,
    tidy_lane,
)
from ...model.map_geometry import (
    CROSS_BAND_GAP,
    MIN_LANE_HEIGHT,
    POINT_HEIGHT,
    POINT_WIDTH,
    first_row_y,
    lane_point_x,
    map_width,
)
from . import map_theme
from .finding_chip import chip_height, chip_title_height, chip_title_measure
from .flow_item import BACK_DASH, arrowhead, corner_line, label_size, route_path
from .map_theme import MapTheme
from .point_item import LOW_DETAIL, TINY_DETAIL, PreparedText, static_line

SKETCH_FROM_ITEMS = 1000  # boxes, chips and flows: a smaller map is built item by item at once


class SketchFlow:
    """One flow as the sketch draws it: its curve, where its count goes, the count, and whether it runs
    back to an earlier lane (dashed).

    The curve is made when first drawn: a large map opens far out, where only the line through the
    corners is drawn (making 12,000 curves, and freeing them with the sketch, took ~0.1 s each)."""

    __slots__ = ("points", "label_anchor", "yearly_count", "backward", "line", "_path")

    def __init__(self, points: Sequence[tuple[float, float]], label_anchor: QPointF | None,
                 yearly_count: int | None, backward: bool = False, line: QPolygonF | None = None) -> None:
        self.points = points  # the route's corners, source to target
        self.label_anchor = label_anchor
        self.yearly_count = yearly_count
        self.backward = backward
        self.line = line  # through its corners: drawn below ``TINY_DETAIL``, as its item does
        self._path: QPainterPath | None = None

    @property
    def path(self) -> QPainterPath:
        """The curve, as its item draws it."""
        if self._path is None:
            self._path = route_path(self.points)
        return self._path

    def bounds(self) -> QRectF:
        """Where its curve lies (the rectangle of its control points: the corners, see ``route_path``)."""
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


Chip = tuple[str, float, float, float]  # kind, and the left, top and height of its rectangle


class SketchLayout:
    """Where everything of a map is, as its items would be placed (scene coordinates), in their
    items' drawing order: flows, then each box with its stack of chips, then the loose chips.

    (A plain class, and chips as tuples: this is built before the first paint of a large map, where
    every millisecond counts; chips become rectangles only when a paint draws them.)
    """

    def __init__(self) -> None:
        self.boxes: list[QRectF] = []
        self.stacks: list[list[Chip]] = []  # the chips under each box, in the boxes' order
        self.loose: list[Chip] = []
        self.flows: list[SketchFlow] = []
        self.lane_reach: dict[str, float] = {}  # intercept id -> how far down its items reach
        self.lanes_bottom = MIN_LANE_HEIGHT
        self.band_top = self.band_height = 0.0
        # The router that placed the flows: a scene building its items in steps behind the sketch
        # (``MapScene``) takes it over, so that the same routes are not worked out twice.
        self.router: FlowRouter | None = None

    def take_lists(self) -> list[list[Any]]:
        """Its long lists (flows, boxes, stacks, loose chips), taken out of it: the layout is left empty,
        and what it held goes when the caller lets go of them (``freed_in_parts``)."""
        taken = [self.flows, self.boxes, self.stacks, self.loose]
        self.flows, self.boxes, self.stacks, self.loose = [], [], [], []
        return taken

    def chip_rects(self, kind: str) -> list[QRectF]:
        """Every chip of one kind ("resource" or "gap"), stacked or loose."""
        chips = [*(chip for stack in self.stacks for chip in stack), *self.loose]
        return [QRectF(x, y, POINT_WIDTH, h) for chip_kind, x, y, h in chips if chip_kind == kind]


def can_sketch(workshop: Any) -> bool:
    """True for a map large enough to be worth a sketch whose boxes all have their places."""
    count = len(workshop.points) + len(workshop.findings) + len(workshop.flows)
    return count >= SKETCH_FROM_ITEMS and all(p.pinned or p.x or p.y for p in workshop.points)


def lay_out(workshop: Any, theme: MapTheme, band_header: float) -> SketchLayout:
    """The whole map laid out at once, exactly as ``MapScene`` lays out its items change by change."""
    lane_ids = workshop.scheme.ids()
    lane_index = {lane_id: n for n, lane_id in enumerate(lane_ids)}
    points = workshop.points
    point_ids = {p.id for p in points}
    sketch = SketchLayout()

    # Chips: each as tall as its wrapped title; under its box (resources first) or loose in its lane.
    font, measure = chip_title_measure(theme)
    least = chip_height(theme)
    stacks: dict[str, list[Any]] = defaultdict(list)
    loose: dict[str, list[Any]] = defaultdict(list)
    heights: dict[str, float] = {}
    for finding in workshop.findings:
        heights[finding.id] = chip_title_height(finding.title, font, measure, least)
        if finding.point_id in point_ids:
            stacks[finding.point_id].append(finding)
        else:
            loose[finding.intercept if finding.intercept in lane_index else CROSS_INTERCEPT].append(finding)
    for stack in stacks.values():
        stack.sort(key=lambda f: f.kind != "resource")
    blocks = {p.id: block_height([heights[f.id] for f in stacks.get(p.id, ())]) for p in points}

    # Lanes: tidy each, then its loose chips below its last box.
    at: dict[str, tuple[float, float]] = {}
    in_lane: dict[str, list[tuple[float, int, Any]]] = defaultdict(list)
    band_points = []
    for seq, point in enumerate(points):
        if point.intercept in lane_index:
            in_lane[point.intercept].append((max(first_row_y(), point.y), seq, point))
        else:
            band_points.append(point)

    def place_loose(findings: list[Any], places: list[tuple[float, float]]) -> None:
        for finding, (x, y) in zip(findings, places, strict=True):
            sketch.loose.append((finding.kind, x, y, heights[finding.id]))

    lane_loose: dict[int, list[tuple[float, float]]] = {}  # what flows keep clear of in each lane
    for lane_id, n in lane_index.items():
        members = sorted(in_lane.get(lane_id, ()), key=lambda m: m[:2])
        x = lane_point_x(n)
        ys = tidy_lane([(wanted, point.pinned, blocks[point.id]) for wanted, _, point in members])
        for (_, _, point), y in zip(members, ys, strict=True):
            at[point.id] = (x, y)
        chips = loose.get(lane_id, [])
        top = lane_end([y + blocks[point.id] for (_, _, point), y in zip(members, ys, strict=True)])
        places, sketch.lane_reach[lane_id] = list_loose(top, [heights[f.id] for f in chips])
        lane_loose[n] = [(places[0], places[-1] + heights[chips[-1].id])] if chips else []
        place_loose(chips, [(x, y) for y in places])
    sketch.lanes_bottom = max([MIN_LANE_HEIGHT, *sketch.lane_reach.values()])

    # The cross band beneath the lanes.
    sketch.band_top = top = sketch.lanes_bottom + CROSS_BAND_GAP
    chips = loose.get(CROSS_INTERCEPT, [])
    box_places, chip_places, sketch.band_height = fill_band(
        top, band_header, max(1, len(lane_ids)), [blocks[p.id] for p in band_points],
        [heights[f.id] for f in chips])
    for point, (col, y) in zip(band_points, box_places, strict=True):
        at[point.id] = (lane_point_x(col), y)
    place_loose(chips, [(lane_point_x(col), y) for col, y in chip_places])

    # Boxes and their stacks.
    box_at = {}
    for point in points:
        x, y = at[point.id]
        box_at[point.id] = box = QRectF(x, y, POINT_WIDTH, POINT_HEIGHT)
        sketch.boxes.append(box)
        stack = stacks.get(point.id, ())
        offsets = chip_offsets([heights[f.id] for f in stack])
        sketch.stacks.append([(f.kind, x, y + offset, heights[f.id])
                              for f, offset in zip(stack, offsets, strict=True)])

    # Flows, routed around the boxes, loose chips and band as the scene routes them.
    router = FlowRouter(len(lane_ids), ROUTE_CEILING)
    for point in points:
        box = box_at[point.id]
        router.set_box(point.id, Box(box.x(), box.y(), POINT_WIDTH, POINT_HEIGHT, box.y() + blocks[point.id]))
    for n, blocked in lane_loose.items():
        router.set_blocked(f"loose:{n}", {n: blocked})
    band_chips = loose.get(CROSS_INTERCEPT, [])
    router.set_blocked("band", band_blocked(
        top, band_header, sketch.band_height, max(1, len(lane_ids)),
        [(col, y, heights[f.id]) for f, (col, y) in zip(band_chips, chip_places, strict=True)]))
    for flow in workshop.flows:
        router.set_flow(flow.id, flow.source, flow.target)
    routes = router.routes()
    sketch.router = router
    for flow in workshop.flows:
        route = routes.get(flow.id)
        if route is None:
            continue  # a flow whose box is gone is not drawn
        sketch.flows.append(SketchFlow(route.points, QPointF(*route.label_at), flow.yearly_count,
                                       route.backward, corner_line(route.points)))
    return sketch


def _dashed(pen: QPen) -> QPen:
    """The pen of a flow back to an earlier lane (as ``FlowItem`` dashes it)."""
    dashed = QPen(pen)
    dashed.setDashPattern(BACK_DASH)
    return dashed


class MapSketch(QGraphicsItem):
    """Every box, chip and flow of a map, painted as their items paint at a far zoom (see module doc)."""

    def __init__(self, layout: SketchLayout, theme: MapTheme,
                 on_near: Callable[[], object] | None = None) -> None:
        """Draw ``layout``; ``on_near`` is called when a view shows the sketch near enough for the items'
        texts (``LOW_DETAIL``), which the sketch does not draw."""
        super().__init__()
        self._layout = layout
        self._theme = theme
        self._on_near = on_near
        # Flows forward as one path for the far zoom (flows back are dashed, each drawn on its own);
        # made when first drawn (far out, the lines through the corners are drawn instead).
        self._flow_path: QPainterPath | None = None
        # Arrowheads and count labels are made when first drawn: the far zoom of a large map draws none.
        self._flow_marks: list[tuple[QPolygonF, QRectF | None, PreparedText | None]] | None = None
        # Boxes and chips lie in the lanes and the band, flows may run in the margins around them.
        lanes = QRectF(0, 0, map_width(max(1, len(layout.lane_reach))), layout.band_top + layout.band_height)
        flows = QRectF()
        for flow in layout.flows:
            flows = flows.united(flow.bounds())
        self._bounds = flows.united(lanes).adjusted(-8, -8, 8, 8)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1)

    def layout(self) -> SketchLayout:
        """Where the sketch draws everything."""
        return self._layout

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """Every box, chip and flow."""
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Flows, then boxes with their chips, then loose chips, each as its item draws itself below
        ``LOW_DETAIL`` (and in the items' order, so that what overlaps covers alike)."""
        theme, layout = self._theme, self._layout
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod >= LOW_DETAIL and self._on_near is not None:
            self._on_near()  # titles would show here: the items are wanted now
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        flow_pen = theme.pen("flow", 2.5, round_cap=True)
        if lod < TINY_DETAIL:  # lines through the corners, as the items draw them there
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for pen, backward in ((flow_pen, False), (_dashed(flow_pen), True)):
                painter.setPen(pen)
                for flow in self._layout.flows:
                    if flow.backward == backward and flow.line is not None:
                        painter.drawPolyline(flow.line)
        elif lod < LOW_DETAIL / 2:  # curves only: one path
            painter.setPen(flow_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._forward_path())
            painter.setPen(_dashed(flow_pen))
            for flow in self._layout.flows:  # each on its own, its dashes starting at its source
                if flow.backward:
                    painter.drawPath(flow.path)
        else:
            self._paint_flows(painter, flow_pen)
        box_pen, box_fill = theme.pen("point_border", 2.0), theme.colour("point_fill")
        painter.setPen(box_pen)
        painter.setBrush(box_fill)
        if lod < TINY_DETAIL:  # chips too small to draw: the boxes alone, in one call
            painter.drawRects(layout.boxes)
            return
        fills = {kind: theme.colour(f"{kind}_border") for kind in ("resource", "gap")}
        no_pen = Qt.PenStyle.NoPen
        for box, stack in zip(layout.boxes, layout.stacks, strict=True):
            painter.setPen(box_pen)
            painter.setBrush(box_fill)
            painter.drawRect(box)
            painter.setPen(no_pen)
            for kind, x, y, height in stack:
                painter.setBrush(fills[kind])
                painter.drawRect(QRectF(x, y, POINT_WIDTH, height))
        painter.setPen(no_pen)
        for kind, x, y, height in layout.loose:
            painter.setBrush(fills[kind])
            painter.drawRect(QRectF(x, y, POINT_WIDTH, height))

    def _forward_path(self) -> QPainterPath:
        if self._flow_path is None:
            self._flow_path = QPainterPath()
            for flow in self._layout.flows:
                if not flow.backward:
                    self._flow_path.addPath(flow.path)
        return self._flow_path

    def _paint_flows(self, painter: QPainter, pen: QPen) -> None:
        # Each flow whole (curve, head, count) before the next, as the flow items draw.
        theme = self._theme
        colour = theme.colour("flow")
        label_pen, label_fill = QPen(colour, 1.5), theme.colour("flow_label_fill")
        text_colour = theme.colour("flow_label_text")
        back_pen = _dashed(pen)
        for flow, (arrow, label_rect, label) in zip(self._layout.flows, self._marks(), strict=True):
            painter.setPen(back_pen if flow.backward else pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(flow.path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPolygon(arrow)
            if label_rect is not None and label is not None:
                painter.setPen(label_pen)
                painter.setBrush(label_fill)
                painter.drawRoundedRect(label_rect, 6, 6)
                painter.setPen(text_colour)
                label.draw(painter, label_rect.topLeft() + QPointF(5, 2))

    def _marks(self) -> list[tuple[QPolygonF, QRectF | None, PreparedText | None]]:
        if self._flow_marks is None:
            font = self._theme.font(map_theme.FLOW_LABEL_PX, bold=True)
            marks = []
            for flow in self._layout.flows:
                rect = label = None
                if flow.yearly_count is not None:
                    w, h = label_size(self._theme, flow.yearly_count)
                    mid = flow.label_anchor
                    if mid is None:
                        mid = flow.path.pointAtPercent(0.5)
                    rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
                    label = static_line(f"{flow.yearly_count:,}", font)
                marks.append((arrowhead(flow.path), rect, label))
            self._flow_marks = marks
        return self._flow_marks
