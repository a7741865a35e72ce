"""The flow the connect bar would draw, previewed on the map: a dashed arrow from one box to the other.

The bar says the direction in words; the arrow shows it where the room is looking. It is drawn only
while the typed title names one point, and it is a scene item of its own that never takes a click.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from .map_theme import MapTheme

HEAD = 18.0  # arrowhead length, scene units


def _ends(source: QRectF, target: QRectF) -> tuple[QPointF, QPointF]:
    """From the side of ``source`` that faces ``target`` to the facing side of ``target``."""
    if target.left() >= source.right():
        return QPointF(source.right(), source.center().y()), QPointF(target.left(), target.center().y())
    if target.right() <= source.left():
        return QPointF(source.left(), source.center().y()), QPointF(target.right(), target.center().y())
    if target.top() >= source.bottom():
        return QPointF(source.center().x(), source.bottom()), QPointF(target.center().x(), target.top())
    return QPointF(source.center().x(), source.top()), QPointF(target.center().x(), target.bottom())


def preview_path(source: QRectF, target: QRectF) -> QPainterPath:
    """A straight line between the facing sides of two boxes, with an arrowhead at ``target``."""
    start, end = _ends(source, target)
    path = QPainterPath(start)
    path.lineTo(end)
    line = QLineF(end, start)
    if line.length() > 0:
        angle = math.radians(line.angle())
        for turn in (math.pi / 7, -math.pi / 7):
            # QLineF angles run counter-clockwise with y pointing down: hence the minus on the y part.
            tip = QPointF(end.x() + HEAD * math.cos(angle + turn), end.y() - HEAD * math.sin(angle + turn))
            path.moveTo(end)
            path.lineTo(tip)
    return path


class ConnectPreview(QGraphicsPathItem):
    """A dashed arrow in the selection colour, above the map's boxes and flows."""

    def __init__(self, theme: MapTheme) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(50)
        self.set_theme(theme)

    def set_theme(self, theme: MapTheme) -> None:
        """Draw in ``theme``'s selection colour."""
        pen = QPen(theme.colour("selection"), 4.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        self.setPen(pen)

    def show_between(self, source: QRectF, target: QRectF) -> None:
        """Point the arrow from ``source`` to ``target`` (scene rectangles of two boxes)."""
        self.setPath(preview_path(source, target))
        self.setVisible(True)

    def ends(self) -> tuple[QPointF, QPointF]:
        """Where the arrow starts and where its head is (for tests)."""
        path = self.path()
        first, second = path.elementAt(0), path.elementAt(1)
        return QPointF(first.x, first.y), QPointF(second.x, second.y)
