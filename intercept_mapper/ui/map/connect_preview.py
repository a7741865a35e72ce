"""The flow the connect bar would draw, previewed on the map: a dashed arrow along the route it would take.

The bar says the direction in words; the arrow shows it where the room is looking, routed as the flow
will be (``MapScene.preview_route``), so it never crosses a box either. It is drawn only while the typed
title names one point, and it is a scene item of its own that never takes a click.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ...model.flow_routing import Route
from .flow_item import route_path
from .map_theme import MapTheme

HEAD = 18.0  # arrowhead length, scene units


def preview_path(points: Sequence[tuple[float, float]]) -> QPainterPath:
    """A route's line with an open arrowhead at its end."""
    path = route_path(points)
    (bx, by), (ex, ey) = points[-2], points[-1]
    line = QLineF(QPointF(ex, ey), QPointF(bx, by))
    if line.length() > 0:
        angle = math.radians(line.angle())
        for turn in (math.pi / 7, -math.pi / 7):
            # QLineF angles run counter-clockwise with y pointing down: hence the minus on the y part.
            tip = QPointF(ex + HEAD * math.cos(angle + turn), ey - HEAD * math.sin(angle + turn))
            path.moveTo(ex, ey)
            path.lineTo(tip)
    return path


class ConnectPreview(QGraphicsPathItem):
    """A dashed arrow in the selection colour, above the map's boxes and flows."""

    def __init__(self, theme: MapTheme) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(50)
        self._ends = (QPointF(), QPointF())
        self.set_theme(theme)

    def set_theme(self, theme: MapTheme) -> None:
        """Draw in ``theme``'s selection colour."""
        pen = QPen(theme.colour("selection"), 4.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        self.setPen(pen)

    def show_route(self, route: Route) -> None:
        """Draw the arrow along ``route`` (scene coordinates)."""
        self._ends = (QPointF(*route.points[0]), QPointF(*route.points[-1]))
        self.setPath(preview_path(route.points))
        self.setVisible(True)

    def ends(self) -> tuple[QPointF, QPointF]:
        """Where the arrow starts and where its head is (for tests)."""
        return self._ends
