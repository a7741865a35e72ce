"""The background of the map: one column per intercept with a large header, and the cross-intercept band.

Lanes are drawn behind everything, take no mouse buttons (so a press on empty lane space starts a
rubber band) and lay their header text out once per change.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.map_geometry import LANE_HEADER_HEIGHT, LANE_WIDTH
from . import map_theme
from .map_theme import MapTheme
from .point_item import PreparedText, static_line, tooltip_text, wrap_text

CROSS_HEADER_HEIGHT = 56.0
MAX_NUMBER_PX = 44
MIN_LABEL_PX = 15
CROSS_NUMBER = "X"


LANE_GROWTH_STEP = 2048.0


def _reserved_height(height: float) -> float:
    """The lane's bounding height: its height rounded up to a whole step, so that most changes of
    height leave the bounding rect (and Qt's index) alone and repaint only the strip that changed."""
    return math.ceil(max(height, 1.0) / LANE_GROWTH_STEP) * LANE_GROWTH_STEP


class LaneItem(QGraphicsItem):
    """One intercept column: shaded background, big intercept number, label (wrapped) below it."""

    def __init__(self, intercept_id: str, label: str, index: int, theme: MapTheme) -> None:
        super().__init__()
        self.intercept_id = intercept_id
        self.index = index
        self.label = label
        self._theme = theme
        self._rect = QRectF(0, 0, LANE_WIDTH, 600)
        self._bounds = QRectF(0, 0, LANE_WIDTH + 1, _reserved_height(600))
        self._texts: list[tuple[QPointF, PreparedText, str]] = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-10)
        self.setPos(index * LANE_WIDTH, 0)
        self._layout_text()

    def set_label(self, label: str) -> None:
        """Show another label (states rename intercepts)."""
        if label != self.label:
            self.label = label
            self._layout_text()

    def set_height(self, height: float) -> None:
        """Stretch the lane down to ``height``."""
        old = self._rect.height()
        if height == old:
            return
        bounds = _reserved_height(height)
        if bounds != self._bounds.height():
            self.prepareGeometryChange()
            self._bounds.setHeight(bounds)
            self._rect.setHeight(height)
            return
        # Within the reserved height only the strip between the old and new bottom changes: a box
        # dropped low in a lane repaints that strip, not every lane over the whole view.
        self._rect.setHeight(height)
        self.update(QRectF(0, min(old, height) - 1, LANE_WIDTH + 2, abs(height - old) + 2))

    def set_theme(self, theme: MapTheme) -> None:
        """Repaint with another theme and text scale."""
        self._theme = theme
        self._layout_text()

    def _layout_text(self) -> None:
        # The number grows with the text scale only a little, so the label keeps room for two lines;
        # a label that still does not fit is set a size smaller before it is elided.
        scale = self._theme.text_scale
        number_font = self._theme.font(map_theme.INTERCEPT_NUMBER_PX, bold=True)
        number_font.setPixelSize(min(number_font.pixelSize(), MAX_NUMBER_PX))
        number_metrics = QFontMetricsF(number_font)
        width = LANE_WIDTH - 24
        room = LANE_HEADER_HEIGHT - 8 - number_metrics.height()
        label_font = self._theme.font(map_theme.INTERCEPT_LABEL_PX, bold=True)
        lines: list[str] = []
        for px in range(round(map_theme.INTERCEPT_LABEL_PX * scale), MIN_LABEL_PX - 1, -1):
            label_font.setPixelSize(px)
            max_lines = max(1, int(room // QFontMetricsF(label_font).lineSpacing()))
            lines, elided = wrap_text(self.label, label_font, width, max_lines)
            if not elided:
                break
        label_metrics = QFontMetricsF(label_font)
        texts = []
        y = 4.0
        x = (LANE_WIDTH - number_metrics.horizontalAdvance(self.intercept_id)) / 2
        texts.append((QPointF(x, y), static_line(self.intercept_id, number_font), "intercept_number"))
        y += number_metrics.height() - 2
        for line in lines:
            x = (LANE_WIDTH - label_metrics.horizontalAdvance(line)) / 2
            texts.append((QPointF(x, y), static_line(line, label_font), "intercept_label"))
            y += label_metrics.lineSpacing()
        self._texts = texts
        self.setToolTip(tooltip_text(f"Intercept {self.intercept_id}: {self.label}"))
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The whole column, and room below it to grow into (see ``_reserved_height``)."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """The column as drawn (not the room reserved below it)."""
        path = QPainterPath()
        path.addRect(self._rect)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Shade the column, draw the header rule and the header text."""
        theme = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.colour("lane_fill_a" if self.index % 2 == 0 else "lane_fill_b"))
        painter.drawRect(self._rect)
        painter.setPen(QPen(theme.colour("lane_border"), 1.5))
        painter.drawLine(QPointF(0, LANE_HEADER_HEIGHT), QPointF(LANE_WIDTH, LANE_HEADER_HEIGHT))
        painter.drawLine(QPointF(LANE_WIDTH, 0), QPointF(LANE_WIDTH, self._rect.height()))
        for pos, text, colour in self._texts:
            painter.setPen(theme.colour(colour))
            text.draw(painter, pos)


class CrossBandItem(QGraphicsItem):
    """The cross-intercept band beneath every lane, with its header on the left."""

    def __init__(self, label: str, theme: MapTheme) -> None:
        super().__init__()
        self.intercept_id = CROSS_NUMBER
        self.label = label
        self._theme = theme
        self._rect = QRectF(0, 0, LANE_WIDTH, 160)
        self._texts: list[tuple[QPointF, PreparedText, str]] = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-10)
        self._layout_text()

    def set_label(self, label: str) -> None:
        """Show another band label."""
        if label != self.label:
            self.label = label
            self._layout_text()

    def set_size(self, width: float, height: float) -> None:
        """The band spans all lanes and is as tall as its content."""
        if (width, height) != (self._rect.width(), self._rect.height()):
            self.prepareGeometryChange()
            self._rect = QRectF(0, 0, width, height)

    def set_theme(self, theme: MapTheme) -> None:
        """Repaint with another theme and text scale."""
        self._theme = theme
        self._layout_text()

    def header_height(self) -> float:
        """Height of the band's title row; items sit below it."""
        return CROSS_HEADER_HEIGHT * max(1.0, self._theme.text_scale)

    def _layout_text(self) -> None:
        number_font = self._theme.font(30, bold=True)
        label_font = self._theme.font(map_theme.INTERCEPT_LABEL_PX, bold=True)
        number_metrics = QFontMetricsF(number_font)
        label_metrics = QFontMetricsF(label_font)
        y = (self.header_height() - number_metrics.height()) / 2
        label_y = (self.header_height() - label_metrics.height()) / 2
        x = 18.0
        self._texts = [
            (QPointF(x, y), static_line(CROSS_NUMBER, number_font), "intercept_number"),
            (QPointF(x + number_metrics.horizontalAdvance(CROSS_NUMBER) + 14, label_y),
             static_line(" ".join(self.label.split()), label_font), "intercept_label"),
        ]
        self.setToolTip(tooltip_text(self.label))
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The whole band."""
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Shade the band and draw its title."""
        theme = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(theme.colour("lane_border"), 1.5))
        painter.setBrush(theme.colour("cross_fill"))
        painter.drawRect(self._rect)
        for pos, text, colour in self._texts:
            painter.setPen(theme.colour(colour))
            text.draw(painter, pos)
