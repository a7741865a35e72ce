"""A decision point on the map: a rounded box with its title (wrapped, elided) and organisation below.

With a theme's ``full_titles`` (presentation) nothing is elided: the box grows down to hold the whole
title, never shrinking below ``POINT_HEIGHT`` (flows meet a box at that height's middle).

Text is laid out once per change into ``QStaticText`` lines (never inside ``paint``); at small zoom
the box is drawn without text so that fit-to-window stays fast on a large map.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QStaticText
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.map_geometry import POINT_HEIGHT, POINT_WIDTH
from ..plain_text import plain
from . import map_theme
from .map_theme import MapTheme

BOX_RADIUS = 10.0
TEXT_PADDING = 7.0
HANDLE_RADIUS = 7.0
HANDLE_ZONE = 18.0  # the right-most strip of a box where a press starts drawing a flow
# Enum members looked up once: PySide's enum attribute access costs microseconds per paint.
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_NO_PEN = Qt.PenStyle.NoPen
_POSITION_HAS_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
_POSITION_CHANGE = QGraphicsItem.GraphicsItemChange.ItemPositionChange
_BOX_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
              | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
LOW_DETAIL = 0.28  # below this zoom, boxes are drawn without text
TINY_DETAIL = 0.015  # below this zoom, chips (34 px tall) would be under half a pixel: not drawn


class TextMeasure:
    """Widths of strings in one font, each measured once (a map's titles repeat words and lines)."""

    __slots__ = ("metrics", "line_spacing", "space", "widths", "_elided")

    MAX_ENTRIES = 50_000  # a long session measures many strings; forget them all past this many

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetricsF(font)
        self.line_spacing = self.metrics.lineSpacing()
        self.space = self.metrics.horizontalAdvance(" ")
        self.widths: dict[str, float] = {}  # read-only to callers
        self._elided: dict[tuple[str, float], str] = {}

    def width(self, text: str) -> float:
        """``QFontMetricsF.horizontalAdvance(text)``, remembered."""
        width = self.widths.get(text)
        if width is None:
            if len(self.widths) >= self.MAX_ENTRIES:
                self.widths.clear()
            width = self.widths[text] = self.metrics.horizontalAdvance(text)
        return width

    def elided(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit ``width`` (``QFontMetricsF.elidedText``), remembered."""
        key = (text, width)
        out = self._elided.get(key)
        if out is None:
            if len(self._elided) >= self.MAX_ENTRIES:
                self._elided.clear()
            out = self._elided[key] = self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return out


_MEASURES: dict[str, TextMeasure] = {}


def text_measure(font: QFont) -> TextMeasure:
    """The shared measure of ``font`` (by its key: family, size, weight, ...)."""
    key = font.key()
    measure = _MEASURES.get(key)
    if measure is None:
        measure = _MEASURES[key] = TextMeasure(font)
    return measure


# Plain ASCII set in the map font (DejaVu Sans) has no kerning across a space: a line is exactly as wide
# as its words and spaces (checked over every pair of printable characters at the map's sizes). So a
# candidate line is measured whole only when that sum comes within this many pixels of the limit.
SUM_MARGIN = 1.0


def wrap_text(text: str, font: QFont, width: float, max_lines: int,
              measure: TextMeasure | None = None) -> tuple[list[str], bool]:
    """Greedy word wrap of ``text`` into at most ``max_lines`` lines; True when something was elided."""
    measure = measure or text_measure(font)
    advance = measure.width
    known = measure.widths  # looked up here first: a map's titles repeat their words
    additive = text.isascii()
    space = measure.space
    near_low, near_high = width - SUM_MARGIN, width + SUM_MARGIN
    lines: list[str] = []
    current = ""
    current_w = 0.0
    for word in text.split():
        word_w = known.get(word)
        if word_w is None:
            word_w = advance(word)
        if not current:
            candidate, candidate_w = word, word_w
        else:
            candidate = f"{current} {word}"
            candidate_w = current_w + space + word_w if additive else advance(candidate)
            if additive and near_low <= candidate_w <= near_high:
                candidate_w = advance(candidate)
        if candidate_w <= width:
            current, current_w = candidate, candidate_w
            continue
        if current:
            lines.append(current)
        # A single word wider than the box is broken by characters.
        while word_w > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and advance(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            word_w = advance(word)
        current, current_w = word, word_w
    if current:
        lines.append(current)
    if len(lines) <= max(1, max_lines):
        return lines, False
    keep = max(1, max_lines)
    rest = " ".join(lines[keep - 1:])
    last = measure.elided(rest, width)
    return lines[: keep - 1] + [last], True


class PreparedText:
    """One line of plain text with its font, laid out at its first draw, then drawn many times.

    The layout (``QStaticText.prepare``) waits for a paint that draws text: a large map opened at
    fit-to-window draws none, and building it should not lay out 3,000 titles nobody sees yet.
    """

    __slots__ = ("font", "text", "_static")

    def __init__(self, text: str, font: QFont) -> None:
        self.text = text
        self.font = font  # shared between items (see ``MapTheme.shared_font``): never modified
        self._static: QStaticText | None = None

    @property
    def static(self) -> QStaticText:
        """The laid-out line (prepared on first use, exactly as it would have been up front)."""
        static = self._static
        if static is None:
            static = self._static = QStaticText(self.text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self.font)
        return static

    def draw(self, painter: QPainter, pos: QPointF) -> None:
        """Draw at ``pos`` (top-left) with the pen already set for its colour."""
        painter.setFont(self.font)
        painter.drawStaticText(pos, self.static)

    def draw_at(self, painter: QPainter, x: float, y: float) -> None:
        """Draw with its top-left at (``x``, ``y``), with the pen already set for its colour."""
        painter.setFont(self.font)
        painter.drawStaticText(QPointF(x, y), self.static)


def static_line(text: str, font: QFont) -> PreparedText:
    """One line of text (laid out at its first draw, drawn many times); ``font`` is never modified
    afterwards (pass a copy if the caller will change it)."""
    return PreparedText(text, font)


def tooltip_text(title: str, organisation: str = "", description: str = "") -> str:
    """The item's tooltip: Qt would read ``<b>`` or ``<img>`` in user text as markup, so it is escaped."""
    parts = [title]
    if organisation:
        parts.append(organisation)
    if description:
        parts.append(description)
    # (A leading zero-width space, used before, does not stop Qt.mightBeRichText: it finds the tag.)
    return plain("\n".join(parts))


@lru_cache(maxsize=64)
def _box_rects(height: float) -> tuple[QRectF, QRectF]:
    # Boxes of one height share their box and bounds (never changed: only read, and Qt copies what
    # boundingRect returns): two Qt values per box kept alive were 12,000 wrappers at 30,000 items.
    box = QRectF(0, 0, POINT_WIDTH, height)
    return box, box.adjusted(-6, -6, HANDLE_RADIUS + 6, 6)


@lru_cache(maxsize=64)
def _box_shape(height: float = POINT_HEIGHT) -> QPainterPath:
    # Boxes of one height share one outline (Qt copies what shape() returns).
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, POINT_WIDTH, height), BOX_RADIUS, BOX_RADIUS)
    return path


class PointItem(QGraphicsItem):
    """A decision point box. Movable; the scene turns a finished drag into one undo step."""

    kind = "point"

    def __init__(self, point_id: str, theme: MapTheme) -> None:
        super().__init__()
        self.item_id = point_id
        self.intercept = ""
        self.title = ""
        self.organisation = ""
        self.description = ""
        self.highlighted = False
        self.model_xy = (0.0, 0.0)  # where the box is shown when not being dragged (``model_pos``)
        self.wanted_y = 0.0  # where the document (or automatic layout) wants the box
        self.pinned = False
        self.seq = 0
        self.placing = False  # True while the scene places the box: it does the move's notices itself
        self._theme = theme
        self._rect, self._bounds = _box_rects(POINT_HEIGHT)  # shared: never change them in place
        # Each line's top-left (plain numbers: see ``model_pos``) and text.
        self._lines: list[tuple[tuple[float, float], PreparedText]] = []
        self._set_fonts(theme)
        self._hovered = False
        self.setFlags(_BOX_FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)

    # A Qt value kept in Python (a QPointF, a QRectF) is a wrapper in PySide's one table of live wrappers,
    # which rehashes as it grows: a 30,000-item map's build crossed 172,891 of them (a 43-56 ms stall
    # in one box's creation, bench/README "Opening a 30,000-item map: the items join the scene in
    # slices"). So what is only read back is kept as plain numbers, made into a Qt value when read.
    @property
    def model_pos(self) -> QPointF:
        """Where the box is shown when not being dragged (a new ``QPointF`` of ``model_xy``)."""
        return QPointF(*self.model_xy)

    # ----------------------------------------------------------------- state from the document
    def set_content(self, title: str, organisation: str, description: str, intercept: str) -> None:
        """Show these texts (lays the text out again only when something changed)."""
        self.intercept = intercept
        if (title, organisation, description) == (self.title, self.organisation, self.description) \
                and self._lines:
            return
        self.title, self.organisation, self.description = title, organisation, description
        self.setToolTip(tooltip_text(title, organisation, description))
        self._layout_text()

    def set_theme(self, theme: MapTheme) -> None:
        """Repaint with another theme (and lay text out again for its text scale)."""
        self._theme = theme
        self._set_fonts(theme)
        self._layout_text()

    def _set_fonts(self, theme: MapTheme) -> None:
        self._title_font = theme.shared_font(map_theme.POINT_TITLE_PX, bold=True)
        self._org_font = theme.shared_font(map_theme.ORGANISATION_PX)
        self._title_measure = text_measure(self._title_font)
        self._org_measure = text_measure(self._org_font)

    def set_highlighted(self, on: bool) -> None:
        """Mark the box as a find match."""
        if on != self.highlighted:
            self.highlighted = on
            self.update()
            self._far_touch()

    def _far_touch(self) -> None:
        # Items drawn by the scene's far-zoom item (``far_map``) do not repaint themselves.
        scene = self.scene()
        if scene is not None and hasattr(scene, "far_touch_point"):
            scene.far_touch_point(self)

    def title_rect(self) -> QRectF:
        """Where the title sits inside the box (the inline editor covers it)."""
        return self._rect.adjusted(TEXT_PADDING, TEXT_PADDING, -TEXT_PADDING, -TEXT_PADDING)

    def title_font(self) -> QFont:
        """The font the title is drawn with."""
        return QFont(self._title_font)

    def box_height(self) -> float:
        """How tall the box is drawn: ``POINT_HEIGHT``, or more for a whole long title (full titles)."""
        return self._rect.height()

    def in_flow_handle(self, local: QPointF) -> bool:
        """True when ``local`` lies on the right-edge handle that starts drawing a flow."""
        return local.x() >= self._rect.right() - HANDLE_ZONE and self._rect.contains(local)

    def _layout_text(self) -> None:
        width = self._rect.width() - 2 * TEXT_PADDING
        title_measure, org_measure = self._title_measure, self._org_measure
        title_h = title_measure.line_spacing
        org_h = org_measure.line_spacing if self.organisation else 0.0
        if self._theme.full_titles:
            lines, _ = wrap_text(self.title, self._title_font, width, len(self.title) + 1, title_measure)
            self._set_height(max(POINT_HEIGHT, math.ceil(len(lines) * title_h + org_h + 2 * TEXT_PADDING)))
        else:
            self._set_height(POINT_HEIGHT)
            room = self._rect.height() - 2 * TEXT_PADDING - org_h
            max_lines = max(1, int(room // title_h))
            lines, _ = wrap_text(self.title, self._title_font, width, max_lines, title_measure)
        org = ""
        if self.organisation:
            org = org_measure.elided(self.organisation, width)
        block = len(lines) * title_h + org_h
        top = self._rect.top() + (self._rect.height() - block) / 2
        placed: list[tuple[tuple[float, float], PreparedText]] = []
        for n, text in enumerate(lines):
            line_width = title_measure.width(text)
            x = self._rect.left() + (self._rect.width() - line_width) / 2
            placed.append(((x, top + n * title_h), PreparedText(text, self._title_font)))
        if org:
            x = self._rect.left() + (self._rect.width() - org_measure.width(org)) / 2
            placed.append(((x, top + len(lines) * title_h), PreparedText(org, self._org_font)))
        self._lines = placed
        self._title_line_count = len(lines)
        self.update()

    def _set_height(self, height: float) -> None:
        if height != self._rect.height():
            self._far_touch()
            self.prepareGeometryChange()
            self._rect, self._bounds = _box_rects(height)
            self._far_touch()

    # ----------------------------------------------------------------- QGraphicsItem
    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The box with room for the selection outline and the flow handle."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """Hit area: the box itself."""
        return _box_shape(self._rect.height())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the box, its texts, the selection outline and the flow handle."""
        theme = self._theme
        selected = self.isSelected()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        # The view does not save painter state per item, so every item sets the hints it needs.
        painter.setRenderHint(_ANTIALIASING, lod >= LOW_DETAIL)
        if self.highlighted:
            painter.setPen(_NO_PEN)
            painter.setBrush(theme.colour("find_highlight"))
            painter.drawRoundedRect(self._rect.adjusted(-6, -6, 6, 6), BOX_RADIUS + 4, BOX_RADIUS + 4)
        painter.setPen(theme.pen("selection" if selected else "point_border", 5.0 if selected else 2.0))
        painter.setBrush(theme.colour("point_fill"))
        if lod < LOW_DETAIL:
            painter.drawRect(self._rect)
            return
        painter.drawRoundedRect(self._rect, BOX_RADIUS, BOX_RADIUS)
        painter.setPen(theme.colour("point_text"))
        for n, ((x, y), line) in enumerate(self._lines):
            if n == self._title_line_count:
                painter.setPen(theme.colour("organisation_text"))
            line.draw_at(painter, x, y)
        if selected or self._hovered:
            centre = QPointF(self._rect.right(), self._rect.center().y())
            painter.setPen(QPen(theme.colour("point_fill"), 2.0))
            painter.setBrush(theme.colour("selection"))
            painter.drawEllipse(centre, HANDLE_RADIUS, HANDLE_RADIUS)

    def hoverEnterEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        """Show the flow handle."""
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name
        """Hide the flow handle."""
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def itemChange(self, change, value):  # noqa: N802, ANN001, ANN201 - Qt's name
        """Tell the scene when the box moved, so that its flows follow (unless the scene moved it)."""
        if self.placing:
            return value
        if change == _POSITION_HAS_CHANGED:
            scene = self.scene()
            if scene is not None and hasattr(scene, "point_moved"):
                scene.far_touch_point(self)  # where it is now
                scene.point_moved(self)
        elif change == _POSITION_CHANGE:
            self._far_touch()  # where it was
        # QGraphicsItem.itemChange returns ``value`` unchanged; calling it costs a trip through shiboken
        # for each of the dozen notices a box gets while a map is built.
        return value
