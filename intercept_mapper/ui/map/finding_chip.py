"""Resources and gaps on the map: chips that differ by shape, mark and border, not by colour alone.

A resource is a pill with a solid border and a "+" in a round badge (what works); a gap is a box with
cut corners, a dashed border and a "!" in a triangle (what is missing). The legend explains both.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.map_geometry import CHIP_HEIGHT, POINT_WIDTH
from . import map_theme
from .map_theme import MapTheme
from .point_item import (
    LOW_DETAIL,
    TINY_DETAIL,
    PreparedText,
    TextMeasure,
    static_line,
    text_measure,
    tooltip_text,
    wrap_text,
)

MARK_SIZE = 22.0
MAX_CHIP_PX = 22  # the chip grows to keep two lines (see ``chip_height``); beyond this, boxes crowd
CHIP_PAD = 3.0  # above and below two lines of text, inside the border
CHIP_TEXT_LEFT = 36.0
CHIP_TEXT_RIGHT = 10.0  # room between the last letter and the border
MAX_CHIP_LINES = 4  # a longer title grows the chip to this many lines; beyond, it is elided (tooltip has it)
NOTCH = 9.0

RESOURCE_WORD = "Resource"
GAP_WORD = "Gap"


def chip_outline(kind: str, rect: QRectF) -> QPainterPath:
    """The chip's shape: a pill for a resource, a box with cut corners for a gap."""
    path = QPainterPath()
    if kind == "resource":
        radius = rect.height() / 2
        path.addRoundedRect(rect, radius, radius)
        return path
    n = min(NOTCH, rect.height() / 3)
    path.addPolygon(QPolygonF([
        QPointF(rect.left() + n, rect.top()), QPointF(rect.right() - n, rect.top()),
        QPointF(rect.right(), rect.top() + n), QPointF(rect.right(), rect.bottom() - n),
        QPointF(rect.right() - n, rect.bottom()), QPointF(rect.left() + n, rect.bottom()),
        QPointF(rect.left(), rect.bottom() - n), QPointF(rect.left(), rect.top() + n),
        QPointF(rect.left() + n, rect.top()),
    ]))
    return path


def paint_mark(painter: QPainter, kind: str, centre: QPointF, size: float, theme: MapTheme) -> None:
    """The word-free icon: "+" in a disc (resource) or "!" in a triangle (gap)."""
    border = theme.colour("resource_border" if kind == "resource" else "gap_border")
    fill = theme.colour("resource_fill" if kind == "resource" else "gap_fill")
    half = size / 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(border)
    if kind == "resource":
        painter.drawEllipse(centre, half, half)
        painter.setPen(QPen(fill, size * 0.16, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        arm = half * 0.55
        painter.drawLine(QPointF(centre.x() - arm, centre.y()), QPointF(centre.x() + arm, centre.y()))
        painter.drawLine(QPointF(centre.x(), centre.y() - arm), QPointF(centre.x(), centre.y() + arm))
        return
    top = QPointF(centre.x(), centre.y() - half)
    painter.drawPolygon(QPolygonF([
        top,
        QPointF(centre.x() + half, centre.y() + half * 0.85),
        QPointF(centre.x() - half, centre.y() + half * 0.85),
    ]))
    painter.setPen(QPen(fill, size * 0.14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    stem_top, stem_bottom = centre.y() - half * 0.35, centre.y() + half * 0.25
    painter.drawLine(QPointF(centre.x(), stem_top), QPointF(centre.x(), stem_bottom))
    painter.drawPoint(QPointF(centre.x(), centre.y() + half * 0.58))


def paint_chip_frame(painter: QPainter, kind: str, rect: QRectF, theme: MapTheme, width: float = 2.0,
                     outline: QPainterPath | None = None) -> None:
    """Fill and border of a chip (solid for a resource, dashed for a gap)."""
    is_resource = kind == "resource"
    pen = QPen(theme.colour("resource_border" if is_resource else "gap_border"), width)
    if not is_resource:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(theme.colour("resource_fill" if is_resource else "gap_fill"))
    painter.drawPath(outline if outline is not None else chip_outline(kind, rect))


def chip_font(theme: MapTheme) -> QFont:
    """The chip title font, scaled with the text (presentation mode enlarges it)."""
    return QFont(_shared_chip_font(theme))


def _shared_chip_font(theme: MapTheme) -> QFont:
    # One font per text scale, shared by every chip (never modified).
    px = theme.shared_font(map_theme.CHIP_PX).pixelSize()
    return map_theme.shared_font_px(min(px, max(map_theme.CHIP_PX, MAX_CHIP_PX)))


def chip_height(theme: MapTheme) -> float:
    """How tall a chip is drawn with this theme: two lines of its text clear of the border.

    Never less than the shared geometry's ``CHIP_HEIGHT`` (what automatic layout and the PDF use);
    larger text (presentation mode) makes the chips, and the stacks under their points, taller.
    """
    spacing = QFontMetricsF(chip_font(theme)).lineSpacing()
    return float(max(CHIP_HEIGHT, math.ceil(2 * spacing + 2 * CHIP_PAD)))


def chip_title_lines(title: str, font: QFont, measure: TextMeasure, whole: bool = False) -> list[str]:
    """A chip's title as drawn, one string per line.

    The whole title, wrapped: the chip grows to hold it (a projector shows no tooltips), up to
    MAX_CHIP_LINES lines; only a longer title is elided, and with ``whole`` (presentation) none is.
    """
    max_lines = len(title) + 1 if whole else MAX_CHIP_LINES
    return wrap_text(title, font, POINT_WIDTH - CHIP_TEXT_LEFT - CHIP_TEXT_RIGHT, max_lines, measure)[0]


def fitted_chip_height(line_count: int, line_spacing: float, min_height: float) -> float:
    """How tall a chip with this many title lines is drawn (the scene stacks chips by their heights)."""
    return max(min_height, float(math.ceil(line_count * line_spacing + 2 * CHIP_PAD)))


def chip_title_height(title: str, font: QFont, measure: TextMeasure, least: float) -> float:
    """How tall a chip with this title is drawn, at least ``least`` (as ``FindingChip`` lays it out)."""
    return fitted_chip_height(len(chip_title_lines(title, font, measure)), measure.line_spacing, least)


def chip_title_measure(theme: MapTheme) -> tuple[QFont, TextMeasure]:
    """The font chip titles are wrapped and drawn with, and its shared measure."""
    font = _shared_chip_font(theme)
    return font, text_measure(font)


@lru_cache(maxsize=64)
def _chip_bounds(height: float) -> QRectF:
    # Chips of one height share their bounds (never changed: only read, and Qt copies what boundingRect
    # returns): one Qt value per chip kept alive was 12,000 wrappers at 30,000 items.
    return QRectF(0, 0, POINT_WIDTH, height).adjusted(-5, -5, 5, 5)


class FindingChip(QGraphicsItem):
    """One resource or gap. Not movable: it sits under its point or in its lane's list."""

    def __init__(self, finding_id: str, kind: str, theme: MapTheme) -> None:
        super().__init__()
        self.item_id = finding_id
        self.kind = kind
        self.intercept = ""
        self.point_id: str | None = None
        self.title = ""
        self.organisation = ""
        self.description = ""
        self.highlighted = False
        self._theme = theme
        # The chip is the rectangle (0, 0, POINT_WIDTH, _height), kept as a number and each title line's
        # place as plain numbers (made into Qt values when drawn): a Qt value kept in Python is one more
        # entry in PySide's table of live wrappers, whose growth stalled a 30,000-item map's build
        # (see ``PointItem.model_pos``).
        self._height = float(CHIP_HEIGHT)
        self._min_height = CHIP_HEIGHT
        # The outlines are made when first needed (hit tests, a detailed paint): a build of a large
        # map sets each chip's height and text before anything asks for them.
        self._outline: QPainterPath | None = None
        self._selection_outline: QPainterPath | None = None
        self._bounds = _chip_bounds(self._height)  # shared: never change it in place
        self._set_font(theme)
        self._text_lines: list[tuple[tuple[float, float], PreparedText]] = []
        self._laid_out = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(3)

    def set_content(self, kind: str, title: str, organisation: str, description: str, intercept: str,
                    point_id: str | None) -> None:
        """Show these values (text is laid out again only when it changed)."""
        self.intercept, self.point_id = intercept, point_id
        changed = (kind, title, organisation, description) != (
            self.kind, self.title, self.organisation, self.description)
        self.kind, self.title, self.organisation, self.description = kind, title, organisation, description
        if changed or not self._laid_out:
            word = RESOURCE_WORD if kind == "resource" else GAP_WORD
            self.setToolTip(tooltip_text(f"{word}: {title}", organisation, description))
            self._outline = self._selection_outline = None  # the kind may have changed
            self._layout_text()

    def set_theme(self, theme: MapTheme) -> None:
        """Repaint with another theme and text scale."""
        self._theme = theme
        self._set_font(theme)
        self._layout_text()

    def _set_font(self, theme: MapTheme) -> None:
        self._font, self._measure = chip_title_measure(theme)

    def set_height(self, height: float) -> None:
        """Draw the chip at least this tall (the scene sets it from ``chip_height`` of its theme).

        A title that needs more lines than fit makes the chip taller (see ``_layout_text``).
        """
        if height == self._min_height:
            return
        self._min_height = height
        if not self._laid_out:
            self._resize(max(height, self._height))  # the text, when it comes, may need more
            return
        self._layout_text()

    def height(self) -> float:
        """How tall the chip is drawn (its minimum height, or more for a long title)."""
        return self._height

    def _resize(self, height: float) -> None:
        if height == self._height:
            return
        self.prepareGeometryChange()
        self._height = float(height)
        self._outline = self._selection_outline = None
        self._bounds = _chip_bounds(self._height)

    def set_highlighted(self, on: bool) -> None:
        """Mark the chip as a find match."""
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def title_rect(self) -> QRectF:
        """Where the title sits (the inline editor covers it)."""
        return QRectF(CHIP_TEXT_LEFT, 2, POINT_WIDTH - CHIP_TEXT_LEFT - 8, self._height - 4)

    def text_rects(self) -> list[QRectF]:
        """Where each line of the title is drawn, in item coordinates (lines are never clipped)."""
        measure = self._measure
        height = measure.metrics.height()
        return [QRectF(x, y, measure.width(line.text), height) for (x, y), line in self._text_lines]

    def text_lines(self) -> list[str]:
        """The title as laid out, one string per drawn line."""
        return [line.text for _, line in self._text_lines]

    def rect(self) -> QRectF:
        """The chip's outline rectangle, in item coordinates."""
        return QRectF(0, 0, POINT_WIDTH, self._height)

    def title_font(self):  # noqa: ANN201
        """The font the title is drawn with."""
        return chip_font(self._theme)

    def _layout_text(self) -> None:
        font = self._font
        spacing = self._measure.line_spacing
        lines = chip_title_lines(self.title, font, self._measure, self._theme.full_titles)
        self._resize(fitted_chip_height(len(lines), spacing, self._min_height))
        top = (self._height - len(lines) * spacing) / 2
        self._text_lines = [
            ((CHIP_TEXT_LEFT, top + n * spacing), PreparedText(line, font))
            for n, line in enumerate(lines)
        ]
        self._laid_out = True
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The chip plus room for the selection outline."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """Hit area: the chip."""
        return self._outline_path()

    def _outline_path(self) -> QPainterPath:
        if self._outline is None:
            self._outline = chip_outline(self.kind, self.rect())
        return self._outline

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the chip frame, its mark and its title."""
        theme = self._theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < TINY_DETAIL:
            return  # under half a pixel tall: nothing a viewer could see, and fit-to-window stays fast
        detailed = lod >= LOW_DETAIL
        rect = self.rect()
        # The view does not save painter state per item, so every item sets the hints it needs.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, detailed)
        if self.highlighted:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.colour("find_highlight"))
            painter.drawRoundedRect(self._bounds.adjusted(0, 1, 0, -1), 8, 8)
        if self.isSelected():
            painter.setPen(QPen(theme.colour("selection"), 5.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if self._selection_outline is None:
                self._selection_outline = chip_outline(self.kind, rect.adjusted(-2, -2, 2, 2))
            painter.drawPath(self._selection_outline)
        if not detailed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.colour("resource_border" if self.kind == "resource" else "gap_border"))
            painter.drawRect(rect)
            return
        paint_chip_frame(painter, self.kind, rect, theme, outline=self._outline_path())
        paint_mark(painter, self.kind, QPointF(18, self._height / 2), MARK_SIZE, theme)
        painter.setPen(theme.colour("resource_text" if self.kind == "resource" else "gap_text"))
        for (x, y), line in self._text_lines:
            line.draw_at(painter, x, y)


class LegendItem(QGraphicsItem):
    """Explains the marks: resource, gap and flow, in words, beside their icons.

    It grows with the map's text scale (presentation mode), marks, gaps and row together, so that it
    reads like the chips it explains; at 100 % text it is drawn at its base size.
    """

    ENTRIES = (
        ("resource", "Resource: what works"),
        ("gap", "Gap: what is missing"),
        ("flow", "Flow (people per year)"),
    )

    def __init__(self, theme: MapTheme) -> None:
        super().__init__()
        self._theme = theme
        self._lines: list[tuple[QPointF, PreparedText]] = []
        self._marks: list[tuple[str, float]] = []
        self._rect = QRectF()
        self.size_factor = 1.0
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.set_theme(theme)

    def set_theme(self, theme: MapTheme) -> None:
        """Lay the legend out for a theme and text scale."""
        self.prepareGeometryChange()
        self._theme = theme
        # Like the chips, the legend never shrinks below its base size; it grows with larger text.
        k = self.size_factor = max(1.0, theme.text_scale)
        height = CHIP_HEIGHT * k
        font = theme.font(map_theme.LEGEND_PX)
        metrics = QFontMetricsF(font)
        x = 0.0
        self._lines = []
        self._marks = []
        for kind, text in self.ENTRIES:
            self._marks.append((kind, x))
            pos = QPointF(x + 64 * k, (height - metrics.height()) / 2)
            self._lines.append((pos, static_line(text, font)))
            x += 64 * k + metrics.horizontalAdvance(text) + 40 * k
        self._rect = QRectF(0, 0, x, height)
        self.update()

    def text_rects(self) -> list[QRectF]:
        """Where each entry's words are drawn, in item coordinates."""
        metrics = QFontMetricsF(self._theme.font(map_theme.LEGEND_PX))
        return [QRectF(pos.x(), pos.y(), metrics.horizontalAdvance(line.text), metrics.height())
                for pos, line in self._lines]

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The legend row."""
        return self._rect

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw each sample mark and its words."""
        theme = self._theme
        k = self.size_factor
        height = self._rect.height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for kind, x in self._marks:
            if kind == "flow":
                y = height / 2
                painter.setPen(QPen(theme.colour("flow"), 2.5 * k))
                painter.drawLine(QPointF(x, y), QPointF(x + 46 * k, y))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(theme.colour("flow"))
                painter.drawPolygon(QPolygonF([
                    QPointF(x + 56 * k, y), QPointF(x + 44 * k, y - 6 * k), QPointF(x + 44 * k, y + 6 * k),
                ]))
                continue
            paint_chip_frame(painter, kind, QRectF(x, 0, 56 * k, height), theme, width=2.0 * k)
            paint_mark(painter, kind, QPointF(x + 28 * k, height / 2), MARK_SIZE * k, theme)
        painter.setPen(theme.colour("legend_text"))
        for pos, line in self._lines:
            line.draw(painter, pos)
