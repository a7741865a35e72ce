"""A flow on the map: an arrow from one decision point to the next, with the yearly count as a label.

Forward flows run from the right edge of one box to the left edge of the next; flows within a lane
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

ARROW_LENGTH = 14.0
ARROW_HALF_WIDTH = 7.0
LANE_MARGIN_BULGE = 22.0
BACK_LOOP_DROP = 70.0


def flow_path(source: QRectF, source_bottom: float, target: QRectF, target_bottom: float) -> QPainterPath:
    """The curve of a flow between two boxes (``*_bottom``: the bottom of each box's chip stack)."""
    path = QPainterPath()
    if target.left() >= source.right() - 1:
        start = QPointF(source.right(), source.center().y())
        end = QPointF(target.left(), target.center().y())
        dx = max(40.0, (end.x() - start.x()) / 2)
        path.moveTo(start)
        path.cubicTo(QPointF(start.x() + dx, start.y()), QPointF(end.x() - dx, end.y()), end)
        return path
    if abs(target.left() - source.left()) < 1:
        # Same lane: down the left margin, or back up the right margin.
        going_down = target.top() >= source.top()
        side = source.left() if going_down else source.right()
        bulge = -LANE_MARGIN_BULGE if going_down else LANE_MARGIN_BULGE
        start = QPointF(side, source.center().y())
        end = QPointF(side, target.center().y())
        path.moveTo(start)
        path.cubicTo(QPointF(side + bulge * 1.6, start.y()), QPointF(side + bulge * 1.6, end.y()), end)
        return path
    # Back to an earlier intercept: leave under the source's stack, arrive under the target's.
    start = QPointF(source.center().x(), source_bottom)
    end = QPointF(target.center().x() + 30, target_bottom)
    low = max(source_bottom, target_bottom) + BACK_LOOP_DROP
    path.moveTo(start)
    path.cubicTo(QPointF(start.x(), low), QPointF(end.x(), low), end)
    return path


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

    def set_ends(self, source: QRectF, source_bottom: float, target: QRectF, target_bottom: float) -> None:
        """Recompute the curve, arrowhead and label place for these box rectangles (scene coordinates)."""
        self.prepareGeometryChange()
        path = flow_path(source, source_bottom, target, target_bottom)
        # Stop the line where the arrowhead starts, so the head's point touches the box edge.
        end = path.pointAtPercent(1.0)
        angle = math.radians(-path.angleAtPercent(0.98))
        back = QPointF(end.x() - ARROW_LENGTH * math.cos(angle), end.y() - ARROW_LENGTH * math.sin(angle))
        normal = QPointF(-math.sin(angle) * ARROW_HALF_WIDTH, math.cos(angle) * ARROW_HALF_WIDTH)
        self._arrow = QPolygonF([end, back + normal, back - normal])
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
            text = f"{self.yearly_count:,}/yr"
            self._label = static_line(text, font)
            metrics = QFontMetricsF(font)
            self._label_size = (metrics.horizontalAdvance(text) + 10, metrics.height() + 4)
        if not self._path.isEmpty():
            self.prepareGeometryChange()
            self._place_label()
            self._bounds = self._outer_rect()
        self.update()

    def _place_label(self) -> None:
        if self._label is None:
            self._label_rect = QRectF()
            return
        mid = self._path.pointAtPercent(0.5)
        w, h = self._label_size
        self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)

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
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= LOW_DETAIL)
        colour = theme.colour("selection" if selected else "flow")
        painter.setPen(QPen(colour, 5.0 if selected else 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if lod < LOW_DETAIL / 2:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow)
        if self._label is not None and not self._label_rect.isEmpty():
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(theme.colour("flow_label_fill"))
            painter.drawRoundedRect(self._label_rect, 6, 6)
            painter.setPen(theme.colour("flow_label_text"))
            self._label.draw(painter, self._label_rect.topLeft() + QPointF(5, 2))
