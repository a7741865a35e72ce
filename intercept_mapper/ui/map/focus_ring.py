"""The keyboard's place on the map: a dashed ring around the focused decision point and its chips.

It is drawn apart from the selection (a solid border on the box itself): a wide ring outside the box,
dashed, in a colour of its own per theme, on a halo of the background colour so that it stands out
from lanes, flows and chips alike, also in the high-contrast presentation theme.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .map_theme import MapTheme

RING_GAP = 9.0  # from the box's edge to the middle of the ring: clear of the selection border and handle
RING_WIDTH = 4.0
HALO_WIDTH = 8.0
RING_RADIUS = 16.0
# Never the theme's selection colour, and at least 7:1 against its background.
FOCUS_COLOURS = {"light": "#000000", "dark": "#ffffff", "high-contrast": "#ffff00"}


def focus_colour(theme: MapTheme) -> QColor:
    """The ring's colour in ``theme``."""
    return QColor(FOCUS_COLOURS.get(theme.name, "#000000"))


class FocusRing(QGraphicsItem):
    """A ring around a point box and its stack of chips; a child of the point, so it moves with it."""

    def __init__(self, theme: MapTheme) -> None:
        super().__init__()
        self._theme = theme
        self._around = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(100)  # above the point's chips, which are its siblings here

    def set_theme(self, theme: MapTheme) -> None:
        """Paint in ``theme``'s colours."""
        if theme != self._theme:
            self._theme = theme
            self.update()

    def set_around(self, rect: QRectF) -> None:
        """Ring ``rect`` (in the parent point's coordinates)."""
        if rect != self._around:
            self.prepareGeometryChange()
            self._around = QRectF(rect)

    def ring_rect(self) -> QRectF:
        """The middle line of the ring, in the parent's coordinates."""
        return self._around.adjusted(-RING_GAP, -RING_GAP, RING_GAP, RING_GAP)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The ring with its halo."""
        half = HALO_WIDTH / 2 + 1
        return self.ring_rect().adjusted(-half, -half, half, half)

    def shape(self) -> QPainterPath:
        """Nothing to hit: presses, drags and rubber bands reach the point and chips under the ring."""
        return QPainterPath()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """A background-coloured halo, then the dashed ring on it."""
        scene = self.scene()
        theme = getattr(scene, "theme", None)
        if callable(theme):
            self._theme = theme()  # the map's theme now: a theme change repaints, it does not tell the ring
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = self.ring_rect()
        painter.setPen(QPen(self._theme.colour("background"), HALO_WIDTH))
        painter.drawRoundedRect(rect, RING_RADIUS, RING_RADIUS)
        ring = QPen(focus_colour(self._theme), RING_WIDTH, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
        ring.setDashPattern([3.0, 1.5])  # in pen widths: 12 px dashes, 6 px gaps
        painter.setPen(ring)
        painter.drawRoundedRect(rect, RING_RADIUS, RING_RADIUS)
