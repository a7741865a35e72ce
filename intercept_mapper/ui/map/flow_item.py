"""A flow on the map: an arrow from one decision point to the next, with the yearly count as a label.

Where a flow runs is decided by ``model.flow_routing`` (the same routes the PDF, SVG and PNG maps draw):
corner points from a port on its source's side, along tracks in the gutters between the boxes, to a
port on its target's side. This item draws that route with rounded corners, an arrowhead on its last
leg and the count at the middle of its longest leg; flows back to an earlier lane are dashed.

``set_route`` only keeps the route and works out the item's bounds from its corner points (plain
arithmetic); the curve and arrowhead are built when first needed (painted, clicked, asked for). An edit
on a 30,000-item map re-routes thousands of flows, nearly all of them off screen (issue 18).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.flow_routing import Route
from . import map_theme
from .map_theme import MapTheme
from .point_item import LOW_DETAIL, TINY_DETAIL, PreparedText, static_line

# Enum members looked up once: PySide's enum attribute access costs microseconds per paint.
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_BRUSH = Qt.BrushStyle.NoBrush
_NO_PEN = Qt.PenStyle.NoPen

ARROW_LENGTH = 12.0  # as long as the shortest last leg a route has (the gutter's edge to its track)
ARROW_HALF_WIDTH = 6.0
CORNER_RADIUS = 5.0  # small: tracks in a busy gutter lie a few units apart
BACK_DASH = [3.0, 2.0]  # a flow back to an earlier lane: dashes (in pen widths)


def route_path(points: Sequence[tuple[float, float]], radius: float = CORNER_RADIUS) -> QPainterPath:
    """A route's corner points as the curve drawn: straight legs, corners rounded by ``radius`` (a corner
    never takes more than half a leg). Plain numbers throughout: a drag redraws dozens of these."""
    pts = _corner_points(points)
    path = QPainterPath()
    path.moveTo(*pts[0])
    for n in range(1, len(pts) - 1):
        (ax, ay), (cx, cy), (bx, by) = pts[n - 1], pts[n], pts[n + 1]
        len_in = math.hypot(cx - ax, cy - ay)
        len_out = math.hypot(bx - cx, by - cy)
        r = min(radius, len_in / 2, len_out / 2)
        t_in, t_out = r / len_in, r / len_out
        path.lineTo(cx + (ax - cx) * t_in, cy + (ay - cy) * t_in)
        path.quadTo(cx, cy, cx + (bx - cx) * t_out, cy + (by - cy) * t_out)
    if len(pts) > 1:
        path.lineTo(*pts[-1])
    return path


def arrival(path: QPainterPath) -> tuple[QPointF, float]:
    """Where a path ends and the direction it arrives in (radians, y down), read from its last points:
    a curve arrives along the line from its last control point (QPainterPath's ``angleAtPercent(1)``
    gives the same, after measuring the length of the whole path)."""
    count = path.elementCount()
    last = path.elementAt(count - 1)
    before = last
    for n in range(count - 2, -1, -1):
        before = path.elementAt(n)
        if abs(before.x - last.x) > 1e-9 or abs(before.y - last.y) > 1e-9:
            break
    return QPointF(last.x, last.y), math.atan2(last.y - before.y, last.x - before.x)


def _corner_points(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """A route's corner points without repeats (as ``route_path`` draws them)."""
    pts = [points[0]]
    for x, y in points[1:]:
        if abs(x - pts[-1][0]) > 0.01 or abs(y - pts[-1][1]) > 0.01:
            pts.append((x, y))
    return pts


def arrow_rect(points: Sequence[tuple[float, float]], radius: float = CORNER_RADIUS) -> tuple[
        float, float, float, float]:
    """The bounds (left, top, right, bottom) of the arrowhead ``arrowhead(route_path(points))`` gives,
    in plain numbers: the curve arrives along its last leg, from where the last corner's rounding ends."""
    (px, py), (ex, ey) = points[-2], points[-1]
    if py == ey and abs(ex - px) > 0.01:  # a level last leg (nearly every route): the head lies along it
        back = ex - ARROW_LENGTH if ex > px else ex + ARROW_LENGTH
        return min(ex, back), ey - ARROW_HALF_WIDTH, max(ex, back), ey + ARROW_HALF_WIDTH
    pts = _corner_points(points)
    ex, ey = pts[-1]
    if len(pts) > 2:
        (ax, ay), (cx, cy), (bx, by) = pts[-3], pts[-2], pts[-1]
        r = min(radius, math.hypot(cx - ax, cy - ay) / 2, math.hypot(bx - cx, by - cy) / 2)
        t_out = r / math.hypot(bx - cx, by - cy)
        before = (cx + (bx - cx) * t_out, cy + (by - cy) * t_out)
    else:
        before = pts[0]
    if abs(before[0] - ex) <= 1e-9 and abs(before[1] - ey) <= 1e-9:
        before = pts[-2] if len(pts) > 1 else before
    angle = math.atan2(ey - before[1], ex - before[0])
    backx, backy = ex - ARROW_LENGTH * math.cos(angle), ey - ARROW_LENGTH * math.sin(angle)
    nx, ny = -math.sin(angle) * ARROW_HALF_WIDTH, math.cos(angle) * ARROW_HALF_WIDTH
    xs = (ex, backx + nx, backx - nx)
    ys = (ey, backy + ny, backy - ny)
    return min(xs), min(ys), max(xs), max(ys)


# Far out, a re-routed flow is drawn from its new route (``far_map``) until its item takes it, which
# may be long after (``MapScene._pending_routes``): each repaint would make its line and rectangle again
# (a few us each, for thousands of flows after edits of a 30,000-item map, at every paint of even a small
# area). So they are kept for the route object itself (by its id, with the object, which keeps the id
# from being reused while kept) and shared: drawn and compared, never changed. The scene forgets those
# of routes no longer waiting (``forget``, ``keep_only``); all are forgotten at once if this many were kept.
_KEPT_LIMIT = 40_000
_kept_lines: dict[int, tuple[tuple[tuple[float, float], ...], QPolygonF]] = {}
_kept_rects: dict[int, tuple[Route, QRectF]] = {}


def route_rect(route: Route | None) -> QRectF:
    """Where a route's curve and arrowhead are drawn, without its count (empty for None). Shared for the
    same route object: never change the rectangle returned."""
    if route is None:
        return QRectF()
    kept = _kept_rects.get(id(route))
    if kept is not None and kept[0] is route:
        return kept[1]
    points = route.points
    xs, ys = zip(*points)  # noqa: B905 - pairs
    left, top, right, bottom = arrow_rect(points)
    left, top = min(left, min(xs)), min(top, min(ys))
    rect = QRectF(left - 8, top - 8, max(right, max(xs)) - left + 16, max(bottom, max(ys)) - top + 16)
    if len(_kept_rects) >= _KEPT_LIMIT:
        _kept_rects.clear()
    _kept_rects[id(route)] = (route, rect)
    return rect


def corner_line(points: Sequence[tuple[float, float]]) -> QPolygonF:
    """A route as a line through its corners (what is drawn below ``TINY_DETAIL``). Shared for the same
    tuple of points (a route's): only draw it."""
    kept = _kept_lines.get(id(points))
    if kept is not None and kept[0] is points:
        return kept[1]
    line = _line_through(points)
    if not isinstance(points, tuple):  # a list may change: made afresh each time
        return line
    if len(_kept_lines) >= _KEPT_LIMIT:
        _kept_lines.clear()
    _kept_lines[id(points)] = (points, line)
    return line


def kept_count() -> int:
    """How many routes' lines and rectangles are kept (the scene prunes them when this grows)."""
    return max(len(_kept_lines), len(_kept_rects))


def forget(route: Route | None) -> None:
    """Forget a route's kept line and rectangle (it is no longer drawn from: replaced, or its item took it).
    An entry holds its route, so no other live route can have its id."""
    if route is not None:
        _kept_rects.pop(id(route), None)
        _kept_lines.pop(id(route.points), None)


def keep_only(routes: Iterable[Route | None]) -> None:
    """Forget the kept lines and rectangles of every route but ``routes`` (those still drawn from them)."""
    still = [r for r in routes if r is not None]
    rect_ids, line_ids = {id(r) for r in still}, {id(r.points) for r in still}
    for key in [k for k in _kept_rects if k not in rect_ids]:
        del _kept_rects[key]
    for key in [k for k in _kept_lines if k not in line_ids]:
        del _kept_lines[key]


def _line_through(points: Sequence[tuple[float, float]]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in _corner_points(points)])


def arrowhead(path: QPainterPath) -> QPolygonF:
    """The head at a flow's end: its point touches the box edge, aligned with the curve's last direction."""
    end, angle = arrival(path)
    back = QPointF(end.x() - ARROW_LENGTH * math.cos(angle), end.y() - ARROW_LENGTH * math.sin(angle))
    normal = QPointF(-math.sin(angle) * ARROW_HALF_WIDTH, math.cos(angle) * ARROW_HALF_WIDTH)
    return QPolygonF([end, back + normal, back - normal])


def label_size(theme: MapTheme, yearly_count: int) -> tuple[float, float]:
    """Width and height of a flow's count label (the legend says "people per year")."""
    metrics = QFontMetricsF(theme.font(map_theme.FLOW_LABEL_PX, bold=True))
    text = f"{yearly_count:,}"
    return metrics.horizontalAdvance(text) + 10, metrics.height() + 4


class FlowItem(QGraphicsItem):
    """One flow arrow. Selectable (to delete it); never movable."""

    kind = "flow"

    def __init__(self, flow_id: str, theme: MapTheme) -> None:
        super().__init__()
        self.item_id = flow_id
        self.source = ""
        self.target = ""
        self.yearly_count: int | None = None
        self.highlighted = False
        self._theme = theme
        self._curve_path: QPainterPath | None = None  # built when needed (painted, asked for)
        self._head: QPolygonF | None = None  # likewise: the far drawing paints curves without heads
        self._corners: QPolygonF | None = None  # likewise: the line drawn below TINY_DETAIL
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._label: PreparedText | None = None
        # Where the count is drawn (left, top, width, height; None without a count) and its middle (None:
        # halfway along the path), as plain numbers made into Qt values when drawn: a Qt value kept in
        # Python is one more entry in PySide's table of live wrappers, whose growth stalled a 30,000-item
        # map's build (see ``PointItem.model_pos``).
        self._label_box: tuple[float, float, float, float] | None = None
        self._label_anchor: tuple[float, float] | None = None
        self._route: Route | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)

    def set_content(self, source: str, target: str, yearly_count: int | None) -> None:
        """Which points this flow joins and its yearly count."""
        self.source, self.target = source, target
        if yearly_count != self.yearly_count or self._label is None:
            self.yearly_count = yearly_count
            self._make_label()

    def set_theme(self, theme: MapTheme) -> None:
        """Repaint with another theme and text scale."""
        self._theme = theme
        self._make_label()

    def set_route(self, route: Route) -> None:
        """Draw the flow along ``route`` (scene coordinates; see ``model.flow_routing``)."""
        if route == self._route:
            return
        self.prepareGeometryChange()
        self._route = route
        # Built when needed: most re-routed flows are off screen.
        self._curve_path = self._head = self._corners = None
        x, y = route.label_at
        self._label_anchor = (float(x), float(y))
        self._shape = None  # the click band is built when first asked for (a drag moves flows often)
        self._place_label()
        self._bounds = self._outer_rect()
        self.update()

    def _curve(self) -> tuple[QPainterPath, QPolygonF]:
        """The curve and arrowhead drawn (built on first use after each new route)."""
        path = self.drawn_path()
        if self._head is None:
            self._head = arrowhead(path) if self._route is not None else QPolygonF()
        return path, self._head

    def drawn_path(self) -> QPainterPath:
        """The curve as drawn (shared, not copied: for painting only)."""
        if self._curve_path is None:
            self._curve_path = route_path(self._route.points) if self._route is not None else QPainterPath()
        return self._curve_path

    def far_line(self) -> QPolygonF:
        """The route as a line through its corners: what is drawn below ``TINY_DETAIL``, where a corner's
        rounding (5 units) is under a tenth of a pixel and building the curve would cost five times as
        much (the far drawing of a 30,000-item map draws 12,000 flows; an edit re-routes thousands)."""
        if self._corners is None:
            # The line kept for the same route points when there is one (the sketch's, whose router gave
            # the items their first routes; the same polygon, never changed: one wrapper, not two), else
            # its own (not kept by ``corner_line``: an item keeps it while its route stands).
            route = self._route
            if route is None:
                self._corners = QPolygonF()
            else:
                kept = _kept_lines.get(id(route.points))
                shared = kept is not None and kept[0] is route.points
                self._corners = kept[1] if shared else _line_through(route.points)
        return self._corners

    def routed(self) -> bool:
        """True once the flow was given a route."""
        return self._route is not None

    def route_points(self) -> list[tuple[float, float]]:
        """The route's corner points, source to target (empty before it is routed)."""
        return list(self._route.points) if self._route is not None else []

    @property
    def backward(self) -> bool:
        """True for a flow back to an earlier lane (or up its own lane): drawn dashed."""
        return self._route is not None and self._route.backward

    def _outer_rect(self) -> QRectF:
        # The curve lies inside its control polygon, whose corners are the route's corner points: a
        # cheap bound, widened for the pen and the head (in plain numbers: no curve is built for it).
        if self._route is None:
            return QRectF()
        points = self._route.points
        xs, ys = zip(*points)  # noqa: B905 - pairs
        left, top, right, bottom = arrow_rect(points)
        left, top = min(left, min(xs)), min(top, min(ys))
        rect = QRectF(left, top, max(right, max(xs)) - left, max(bottom, max(ys)) - top)
        if self._label_box is not None:
            rect = rect.united(QRectF(*self._label_box))
        return rect.adjusted(-8, -8, 8, 8)

    def set_highlighted(self, on: bool) -> None:
        """Flows have no text to find; kept for a uniform item interface."""
        self.highlighted = on

    def _make_label(self) -> None:
        self._label = None
        if self.yearly_count is not None:
            font = self._theme.font(map_theme.FLOW_LABEL_PX, bold=True)
            self._label = static_line(f"{self.yearly_count:,}", font)
            self._label_size = label_size(self._theme, self.yearly_count)
        if self._route is not None:
            self.prepareGeometryChange()
            self._place_label()
            self._bounds = self._outer_rect()
        self.update()

    def _place_label(self) -> None:
        if self._label is None:
            self._label_box = None
            return
        if self._label_anchor is not None:
            x, y = self._label_anchor
        else:
            mid = self.drawn_path().pointAtPercent(0.5)
            x, y = mid.x(), mid.y()
        w, h = self._label_size
        self._label_box = (x - w / 2, y - h / 2, w, h)

    def path(self) -> QPainterPath:
        """The curve as drawn, in scene coordinates (the item sits at the origin)."""
        return QPainterPath(self._curve()[0])

    def label_rect(self) -> QRectF:
        """Where the yearly count is drawn (empty without a count)."""
        return QRectF(*self._label_box) if self._label_box is not None else QRectF()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The curve, arrowhead and label."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """A thick band along the curve, so the arrow is easy to click."""
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(12.0)
            path, arrow = self._curve()
            self._shape = stroker.createStroke(path)
            self._shape.addPolygon(arrow)
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the curve, the arrowhead and the count."""
        theme = self._theme
        selected = self.isSelected()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(_ANTIALIASING, lod >= LOW_DETAIL)
        role = "selection" if selected else "flow"
        pen = theme.pen(role, 5.0 if selected else 2.5, round_cap=True)
        if self.backward:
            pen = QPen(pen)
            pen.setDashPattern(BACK_DASH)
        painter.setPen(pen)
        painter.setBrush(_NO_BRUSH)
        if lod < TINY_DETAIL:  # as ``far_map`` draws it
            painter.drawPolyline(self.far_line())
            return
        path, arrow = self._curve()
        painter.drawPath(path)
        if lod < LOW_DETAIL / 2:
            return
        colour = theme.colour(role)
        painter.setPen(_NO_PEN)
        painter.setBrush(colour)
        painter.drawPolygon(arrow)
        box = self._label_box
        if self._label is not None and box is not None and box[2] > 0 and box[3] > 0:
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(theme.colour("flow_label_fill"))
            painter.drawRoundedRect(QRectF(*box), 6, 6)
            painter.setPen(theme.colour("flow_label_text"))
            self._label.draw_at(painter, box[0] + 5, box[1] + 2)
