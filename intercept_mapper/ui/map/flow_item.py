"""A flow on the map: an arrow from one decision point to the next, with the yearly count as a label.

Forward flows run from the right edge of one box to the left edge of the next; a flow that skips a
lane runs below that lane's boxes and chips, along the lane margins; flows within a lane
bend along the lane's margin; flows back to an earlier intercept (violation -> jail) curve below.
The path, arrowhead and label are computed in ``set_ends`` and only drawn in ``paint``.
"""

from __future__ import annotations

import math

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

from . import map_theme
from .map_theme import MapTheme
from .point_item import LOW_DETAIL, PreparedText, static_line

# Enum members looked up once: PySide's enum attribute access costs microseconds per paint.
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_BRUSH = Qt.BrushStyle.NoBrush
_NO_PEN = Qt.PenStyle.NoPen

ARROW_LENGTH = 14.0
ARROW_HALF_WIDTH = 7.0
LANE_MARGIN_BULGE = 22.0
BACK_LOOP_DROP = 70.0
BACK_MARGIN = 16.0  # how far into the lane margin a backward flow's vertical legs run
CORNER_RADIUS = 10.0
SAME_LANE_LEAVE = 0.74  # a flow within a lane leaves this far down its box and arrives as far up
SKIP_OUT_MARGIN = 22.0  # a lane-skipping flow's first vertical leg: this far right of its source box
SKIP_IN_MARGIN = 22.0  # its last vertical leg: this far left of the target box, clear of the lane border
SKIP_CORNER = 8.0  # leaves the arrowhead a straight last leg as long as itself
SKIP_ARRIVE = 0.36  # it arrives above the middle, apart from the flow from the lane just before


def rounded_polyline(points: list[QPointF], radius: float) -> QPainterPath:
    """Straight legs through ``points`` with rounded corners (a corner never eats more than half a leg)."""
    pts = [points[0]]
    for pt in points[1:]:
        if abs(pt.x() - pts[-1].x()) > 0.01 or abs(pt.y() - pts[-1].y()) > 0.01:
            pts.append(pt)
    path = QPainterPath(pts[0])
    for n in range(1, len(pts) - 1):
        before, corner, after = pts[n - 1], pts[n], pts[n + 1]
        len_in = math.hypot(corner.x() - before.x(), corner.y() - before.y())
        len_out = math.hypot(after.x() - corner.x(), after.y() - corner.y())
        r = min(radius, len_in / 2, len_out / 2)
        path.lineTo(corner + (before - corner) * (r / len_in))
        path.quadTo(corner, corner + (after - corner) * (r / len_out))
    if len(pts) > 1:
        path.lineTo(pts[-1])
    return path


def skip_path(source: QRectF, target: QRectF, clear_y: float) -> tuple[QPainterPath, QPointF]:
    """A forward flow over lanes it skips: it crosses them at or below ``clear_y`` (below their boxes
    and chips) and climbs or drops only in the margins beside its own two boxes."""
    sy, ty = source.center().y(), target.top() + target.height() * SKIP_ARRIVE
    if sy >= clear_y:
        channel = sy
    elif ty >= clear_y:
        channel = ty
    else:
        channel = clear_y
    out_x = source.right() + SKIP_OUT_MARGIN
    in_x = target.left() - SKIP_IN_MARGIN
    path = rounded_polyline([
        QPointF(source.right(), sy), QPointF(out_x, sy), QPointF(out_x, channel),
        QPointF(in_x, channel), QPointF(in_x, ty), QPointF(target.left(), ty),
    ], SKIP_CORNER)
    return path, QPointF((out_x + in_x) / 2, channel)


def flow_path(source: QRectF, source_bottom: float, target: QRectF, target_bottom: float,
              channel_y: float | None = None,
              skip_clear_y: float | None = None) -> tuple[QPainterPath, QPointF | None]:
    """The curve of a flow between two boxes, and where its count label goes (None: halfway along the
    curve, which takes measuring it, so it is done only for a flow with a count).

    ``*_bottom`` is the bottom of each box's chip stack; ``channel_y`` is the y of the free strip
    below the lanes a backward flow crosses (it runs there, clear of every box and chip);
    ``skip_clear_y`` (a forward flow over whole lanes) is the y below which those lanes are free.
    """
    path = QPainterPath()
    if (skip_clear_y is not None and target.left() >= source.right() - 1
            and min(source.center().y(), target.center().y()) < skip_clear_y):
        return skip_path(source, target, skip_clear_y)  # else both ends are below them: the plain curve
    if target.left() >= source.right() - 1:
        start = QPointF(source.right(), source.center().y())
        end = QPointF(target.left(), target.center().y())
        dx = max(40.0, (end.x() - start.x()) / 2)
        path.moveTo(start)
        path.cubicTo(QPointF(start.x() + dx, start.y()), QPointF(end.x() - dx, end.y()), end)
        return path, None
    if abs(target.left() - source.left()) < 1:
        # Same lane: down the left margin, or back up the right margin. They leave low on the box and
        # arrive high, so they never share a point with the flows that arrive from the lane before (at
        # mid-height), and a flow that skips boxes bulges further out than one to the next box.
        going_down = target.top() >= source.top()
        side = source.left() if going_down else source.right()
        span = abs(target.center().y() - source.center().y())
        depth = LANE_MARGIN_BULGE * min(1.35, 0.75 + span / 700.0)
        bulge = -depth if going_down else depth
        if going_down:
            start = QPointF(side, source.top() + source.height() * SAME_LANE_LEAVE)
            end = QPointF(side, target.top() + target.height() * (1 - SAME_LANE_LEAVE))
        else:
            start = QPointF(side, source.top() + source.height() * (1 - SAME_LANE_LEAVE))
            end = QPointF(side, target.top() + target.height() * SAME_LANE_LEAVE)
        path.moveTo(start)
        path.cubicTo(QPointF(side + bulge * 1.6, start.y()), QPointF(side + bulge * 1.6, end.y()), end)
        return path, None
    # Back to an earlier intercept (violation -> jail): out of the source's right edge, down its lane's
    # margin, left along the strip below the lanes, up the target lane's margin, into the target's
    # right edge. Every leg runs in a margin or below the boxes, so it never crosses a box or chip.
    channel = channel_y if channel_y is not None else max(source_bottom, target_bottom) + BACK_LOOP_DROP
    r = CORNER_RADIUS
    out_x = source.right() + BACK_MARGIN
    in_x = target.right() + BACK_MARGIN
    # Below the middle, so the arrow does not meet the forward flows that leave the target's right edge.
    sy = source.top() + source.height() * 0.75
    ty = target.top() + target.height() * 0.75
    path.moveTo(source.right(), sy)
    path.lineTo(out_x - r, sy)
    path.quadTo(out_x, sy, out_x, sy + r)
    path.lineTo(out_x, channel - r)
    path.quadTo(out_x, channel, out_x - r, channel)
    path.lineTo(in_x + r, channel)
    path.quadTo(in_x, channel, in_x, channel - r)
    path.lineTo(in_x, ty + r)
    path.quadTo(in_x, ty, in_x - r, ty)
    path.lineTo(target.right(), ty)
    return path, QPointF((out_x + in_x) / 2, channel)


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


def skip_clearance(skip_clear_y: float, label_height: float | None) -> float:
    """Where a lane-skipping flow may cross: its count sits on that leg, clear of the lanes' last chips."""
    return skip_clear_y + (label_height / 2 if label_height is not None else 0.0) + 6.0


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
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._label: PreparedText | None = None
        self._label_rect = QRectF()
        self._label_anchor: QPointF | None = None  # None: halfway along the path
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

    def set_ends(self, source: QRectF, source_bottom: float, target: QRectF, target_bottom: float,
                 channel_y: float | None = None, skip_clear_y: float | None = None) -> None:
        """Recompute the curve, arrowhead and label place for these box rectangles (scene coordinates)."""
        self.prepareGeometryChange()
        if skip_clear_y is not None:
            label_height = self._label_size[1] if self._label is not None else None
            skip_clear_y = skip_clearance(skip_clear_y, label_height)
        path, self._label_anchor = flow_path(source, source_bottom, target, target_bottom, channel_y,
                                             skip_clear_y)
        self._arrow = arrowhead(path)
        self._path = path
        self._shape = None  # the click band is built when first asked for (a drag moves flows often)
        self._place_label()
        self._bounds = self._outer_rect()
        self.update()

    def _outer_rect(self) -> QRectF:
        # The curve lies inside its control polygon: a cheap bound, widened for the pen and the head.
        rect = self._path.controlPointRect().united(self._arrow.boundingRect())
        return rect.united(self._label_rect).adjusted(-8, -8, 8, 8)

    def set_highlighted(self, on: bool) -> None:
        """Flows have no text to find; kept for a uniform item interface."""
        self.highlighted = on

    def _make_label(self) -> None:
        self._label = None
        if self.yearly_count is not None:
            font = self._theme.font(map_theme.FLOW_LABEL_PX, bold=True)
            self._label = static_line(f"{self.yearly_count:,}", font)
            self._label_size = label_size(self._theme, self.yearly_count)
        if not self._path.isEmpty():
            self.prepareGeometryChange()
            self._place_label()
            self._bounds = self._outer_rect()
        self.update()

    def _place_label(self) -> None:
        if self._label is None:
            self._label_rect = QRectF()
            return
        mid = self._label_anchor if self._label_anchor is not None else self._path.pointAtPercent(0.5)
        w, h = self._label_size
        self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)

    def path(self) -> QPainterPath:
        """The curve as drawn, in scene coordinates (the item sits at the origin)."""
        return QPainterPath(self._path)

    def label_rect(self) -> QRectF:
        """Where the yearly count is drawn (empty without a count)."""
        return QRectF(self._label_rect)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The curve, arrowhead and label."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """A thick band along the curve, so the arrow is easy to click."""
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(12.0)
            self._shape = stroker.createStroke(self._path)
            self._shape.addPolygon(self._arrow)
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
        painter.setPen(theme.pen(role, 5.0 if selected else 2.5, round_cap=True))
        painter.setBrush(_NO_BRUSH)
        painter.drawPath(self._path)
        if lod < LOW_DETAIL / 2:
            return
        colour = theme.colour(role)
        painter.setPen(_NO_PEN)
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow)
        if self._label is not None and not self._label_rect.isEmpty():
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(theme.colour("flow_label_fill"))
            painter.drawRoundedRect(self._label_rect, 6, 6)
            painter.setPen(theme.colour("flow_label_text"))
            self._label.draw(painter, self._label_rect.topLeft() + QPointF(5, 2))
