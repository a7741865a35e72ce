"""The view onto the map: zoom (Ctrl+wheel, buttons), fit, jump to an intercept, rubber-band select.

Public API: ``MapView(scene)`` (objectName ``map_view``), ``zoom_in``, ``zoom_out``, ``zoom_reset``,
``fit_to_window``, ``show_intercept``, ``zoom_factor``, ``current_intercept``. Keys 0 to 5 and X jump to
an intercept when no text is being edited on the map; the intercept last jumped to is where new items
go while nothing is selected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsTextItem, QGraphicsView, QWidget

from ...model.document_constants import CROSS_INTERCEPT
from ...model.map_geometry import LANE_HEADER_HEIGHT
from ..thrifty_scroll_bar import ThriftyScrollBar
from . import map_theme
from .far_map import is_far
from .map_scene import MapScene

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

ZOOM_STEP = 1.25
MIN_ZOOM = 0.05
MAX_ZOOM = 6.0
JUMP_MAX_ZOOM = 1.0  # keys 0-5 never zoom past 100 %: the room keeps seeing the map around the lane
STICKY_HEADER_PX = 64.0  # the intercept header kept at the top of the view, in screen pixels
FIT_MARGIN = 10.0  # scene units around what is fitted: every pixel of a projector counts


class MapView(QGraphicsView):
    """A QGraphicsView tuned for the map: antialiased, zoomable, keyboard friendly."""

    sig_zoom_changed = Signal(float)
    sig_intercept_shown = Signal(str)  # keys 0-5/X or presentation steps showed this intercept
    sig_escape = Signal()  # Escape on the map (no title being edited): the window ends a search
    sig_files_dropped = Signal(list)  # local files dropped on the map that ``accepts_files`` took (QUrls)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # A viewport made here, like the one Qt makes: PySide wraps Qt's own the first time Python asks
        # for it (the first-paint watch does, before the first paint), and finding the Python class of
        # a plain QWidget made by Qt makes it build ~70 widget classes' enums first (~10 ms).
        self.setViewport(QWidget())
        self.setObjectName("map_view")
        self.setAccessibleName("Map")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # Items never paint outside their bounding rects, so Qt may skip saving painter state per item.
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBar(ThriftyScrollBar(Qt.Orientation.Vertical, self))
        self.setHorizontalScrollBar(ThriftyScrollBar(Qt.Orientation.Horizontal, self))
        self.current_intercept: str | None = None  # the intercept last jumped to
        # Which dragged files the window opens (workshops, worksheets): set by the window.
        self.accepts_files: Callable[[list[Any]], bool] = lambda _urls: False
        self._sticky: str | None = None  # a tall intercept shown from its first box: header kept on top
        self._sticky_px = STICKY_HEADER_PX
        self._sticky_note = ""  # drawn at the right of the kept header (presentation: "page 2 / 3")
        # The view scrolls over the map's exact extent, not Qt's scene rect (which grows in steps).
        self._own_rect: QRectF | None = None
        # The zoom "Fit to window" gave, while nothing has zoomed since: a resized view (the panels
        # giving way on a small screen, a window maximised on the projector) shows the whole map again
        # instead of a corner of it. Any other zoom, or a jump to an intercept, ends it.
        self._fitted_zoom: float | None = None
        QGraphicsView.setSceneRect(self, scene.sceneRect())
        scene.sig_map_rect_changed.connect(self._map_rect_changed)


    def setSceneRect(self, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        """Scroll over ``rect``; a null rect follows the map's extent again (as Qt's null rect would)."""
        self._own_rect = None if rect.isNull() else QRectF(rect)
        QGraphicsView.setSceneRect(self, self._own_rect or self.map_scene().sceneRect())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Paint; zoomed far out, the scene draws its boxes and flows in one item (``far_map``)."""
        scene = self.scene()
        if isinstance(scene, MapScene):
            scene.set_far_zoom(is_far(self.zoom_factor()))
        super().paintEvent(event)

    def _map_rect_changed(self, rect: QRectF) -> None:
        if self._own_rect is None:
            QGraphicsView.setSceneRect(self, rect)

    def map_scene(self) -> MapScene:
        """The scene shown."""
        return self.scene()  # type: ignore[return-value]

    # ----------------------------------------------------------------- zoom
    def zoom_factor(self) -> float:
        """Current scale (1.0 is 100 %)."""
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor`` (clamped), keeping the centre of the view in place."""
        self._fitted_zoom = None
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        current = self.zoom_factor()
        if current <= 0 or abs(factor - current) < 1e-9:
            return
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor / current, factor / current)
        self.setTransformationAnchor(anchor)
        self.sig_zoom_changed.emit(self.zoom_factor())

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    def zoom_reset(self) -> None:
        """Back to 100 %."""
        self.set_zoom(1.0)

    def fit_to_window(self) -> None:
        """Show the whole map: its lanes, band and legend, without the scrolling margins around them."""
        self._sticky = None
        # The scene rect itself (only a thin margin around the map): fitting anything narrower would
        # bring up scroll bars, which take room from the map.
        self._fit(self.sceneRect(), cap=MAX_ZOOM, margin=0.0)
        self._fitted_zoom = self.zoom_factor()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """A map fitted to the window stays fitted when the view changes size (until zoomed)."""
        super().resizeEvent(event)
        fitted = self._fitted_zoom
        if fitted is not None and abs(self.zoom_factor() - fitted) <= 1e-9 * max(1.0, fitted):
            self.fit_to_window()
        else:
            self._fitted_zoom = None

    def show_intercept(self, intercept_id: str) -> bool:
        """Show one intercept lane (or the cross band for "X") with its neighbouring lanes, and make it
        the current intercept (a selection elsewhere is dropped); False if there is none.

        The lane sits in the middle with a lane on each side (at either end of the map, two on one
        side), never zoomed past ``JUMP_MAX_ZOOM``: the room keeps its bearings while the facilitator
        types. A lane taller than the view is shown from its top; when its first box is far below the
        header, from that box, with the header kept at the top of the view.
        """
        scene = self.map_scene()
        rect = scene.intercept_content_rect(intercept_id)
        if rect.isEmpty():
            return False
        self._sticky = None
        self._sticky_px, self._sticky_note = STICKY_HEADER_PX, ""
        area = QRectF(rect)
        if intercept_id != CROSS_INTERCEPT:
            lanes = scene.document.workshop.scheme.ids()
            n = lanes.index(intercept_id) if intercept_id in lanes else 0
            first = max(0, min(n - 1, len(lanes) - 3))
            for lane in lanes[first:first + 3]:
                wide = scene.intercept_rect(lane)
                area = area.united(QRectF(wide.left(), rect.top(), wide.width(), rect.height()))
        margin = FIT_MARGIN
        view = self.viewport()
        zoom = min(JUMP_MAX_ZOOM, max(1, view.width()) / (area.width() + 2 * margin))
        if intercept_id == CROSS_INTERCEPT:  # the band is as wide as the map: fit it whole if it can be
            zoom = min(zoom, max(1, view.height()) / (area.height() + 2 * margin))
        self.set_zoom(zoom)
        zoom = self.zoom_factor()
        self.centerOn(area.center())
        if area.height() * zoom > view.height():
            # Too tall for the view: start at the top (the header) rather than the middle.
            self.centerOn(area.center().x(), area.top() - margin + view.height() / zoom / 2)
            boxes = scene.intercept_items_rect(intercept_id) if intercept_id != CROSS_INTERCEPT else QRectF()
            top = boxes.top() - (STICKY_HEADER_PX + 12) / zoom
            if not boxes.isEmpty() and top > rect.top() + LANE_HEADER_HEIGHT:
                self._sticky = intercept_id  # else the lane's own header stays in view
                self.centerOn(area.center().x(), top + view.height() / zoom / 2)
        self.sig_zoom_changed.emit(zoom)
        self.make_current(intercept_id)
        return True

    def make_current(self, intercept_id: str) -> None:
        """Make ``intercept_id`` where new items go, as a jump to it does (presentation steps frame the
        lane themselves)."""
        self.viewport().update()
        scene = self.map_scene()
        if not scene.selection_within(intercept_id):
            # "Now we are in intercept 2": a selection elsewhere would send new items back there.
            scene.select_ids([], ensure_visible=False)
        self.current_intercept = intercept_id
        self.sig_intercept_shown.emit(intercept_id)

    def _fit(self, rect: QRectF, cap: float, floor: float = 0.0, margin: float = FIT_MARGIN) -> None:
        self._fitted_zoom = None  # a lane framed (presentation) is not the whole map
        if rect.isEmpty():
            return
        target = rect.adjusted(-margin, -margin, margin, margin)
        self.fitInView(target, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom_factor() > cap:
            self.set_zoom(cap)
        elif self.zoom_factor() < floor:
            self.set_zoom(floor)
        self.centerOn(target.center())
        if target.height() * self.zoom_factor() > self.viewport().height():
            # Too tall to fit at the capped scale: start at the top (the header) rather than the middle.
            self.ensureVisible(QRectF(target.left(), target.top(), target.width(), 10), 0, 0)
        self.sig_zoom_changed.emit(self.zoom_factor())

    # ----------------------------------------------------------------- the header kept in view
    def kept_header(self) -> str | None:
        """The intercept whose header is kept at the top of the view (a tall lane shown from its boxes)."""
        return self._sticky

    def keep_header(self, intercept_id: str | None, height_px: float = STICKY_HEADER_PX,
                    note: str = "") -> None:
        """Keep this intercept's number and label at the top of the view, ``height_px`` tall, with
        ``note`` at its right, whenever the lane's own header is not wholly in view (None: stop)."""
        self._sticky, self._sticky_px, self._sticky_note = intercept_id, float(height_px), note
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 - Qt's name
        """While one tall intercept is shown, keep its number and label at the top of the view."""
        super().drawForeground(painter, rect)
        if self._sticky is None:
            return
        scene = self.map_scene()
        lane = scene.intercept_rect(self._sticky)
        if lane.isEmpty() or self.mapFromScene(lane.topLeft()).y() >= -0.5:
            return  # the lane's own header is on screen
        left = self.mapFromScene(QPointF(lane.left(), 0)).x()
        right = self.mapFromScene(QPointF(lane.right(), 0)).x()
        theme = scene.theme()
        label = scene.document.workshop.scheme.label(self._sticky)
        number_font = theme.font(map_theme.INTERCEPT_NUMBER_PX, bold=True)
        height = self._sticky_px
        number_font.setPixelSize(round(height * 0.62))
        label_font = theme.font(map_theme.INTERCEPT_LABEL_PX, bold=True)
        label_font.setPixelSize(round(height * 0.36))
        number_width = QFontMetricsF(number_font).horizontalAdvance(self._sticky)
        label_width = QFontMetricsF(label_font).horizontalAdvance(label)
        # As wide as the lane, or wider (centred on it) when the label needs it; never off screen.
        width = min(float(self.viewport().width()), max(right - left, number_width + label_width + 52))
        x = min(max(0.0, (left + right - width) / 2), self.viewport().width() - width)
        band = QRectF(x, 0, width, height)
        painter.save()
        painter.resetTransform()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.colour("background"))
        painter.drawRect(band)
        painter.setPen(QPen(theme.colour("lane_border"), 2))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        painter.setFont(number_font)
        painter.setPen(theme.colour("intercept_number"))
        painter.drawText(band.adjusted(14, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), self._sticky)
        painter.setFont(label_font)
        painter.setPen(theme.colour("intercept_label"))
        text_rect = band.adjusted(14 + number_width + 14, 0, -10, 0)
        if self._sticky_note:  # never more than about half the band: the label comes first
            metrics = QFontMetricsF(label_font)
            note = metrics.elidedText(self._sticky_note, Qt.TextElideMode.ElideMiddle,
                                      text_rect.width() * 0.55)
            right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            painter.drawText(text_rect, int(right), note)
            text_rect.adjust(0, 0, -metrics.horizontalAdvance(note) - 20, 0)
        shown = QFontMetricsF(label_font).elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), shown)
        painter.restore()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        """Scrolling moves the drawn pixels; the kept header must be drawn afresh, not moved along."""
        super().scrollContentsBy(dx, dy)
        if self._sticky is not None:
            self.viewport().update()

    # ----------------------------------------------------------------- input
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        """Ctrl+wheel zooms under the pointer; the plain wheel scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                factor = ZOOM_STEP ** steps
                new = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom_factor() * factor))
                self.scale(new / self.zoom_factor(), new / self.zoom_factor())
                self.sig_zoom_changed.emit(self.zoom_factor())
            event.accept()
            return
        super().wheelEvent(event)

    def is_editing_text(self) -> bool:
        """True while an inline title editor has the keyboard."""
        focus = self.scene().focusItem() if self.scene() is not None else None
        return isinstance(focus, QGraphicsTextItem)

    def _dragged_files(self, event: QDropEvent) -> list[Any] | None:
        mime = event.mimeData()
        if mime is not None and mime.hasUrls() and self.accepts_files(mime.urls()):
            return mime.urls()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """A workshop file or worksheet dragged over the map is taken as it is by the window's toolbar."""
        if self._dragged_files(event) is not None:
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        """Keep taking a dragged workshop file or worksheet wherever it moves over the map."""
        if self._dragged_files(event) is not None:
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """A dropped workshop file or worksheet is opened (``sig_files_dropped``)."""
        urls = self._dragged_files(event)
        if urls is not None:
            event.acceptProposedAction()
            self.sig_files_dropped.emit(list(urls))
            return
        super().dropEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Keys 0 to 5 and X jump to that intercept (unless a title is being edited); Escape ends a search.

        (While a title is edited on the map, its keys go to the editor without coming here: Tab and
        Shift+Tab there keep the title and add the next, see ``inline_title_editor.KeysToEditor``.)"""
        if self.is_editing_text():
            super().keyPressEvent(event)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.sig_escape.emit()
        if not (
            event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        ):
            text = event.text().upper()
            if text and (text == CROSS_INTERCEPT or text.isdigit()) and self.show_intercept(text):
                event.accept()
                return
        super().keyPressEvent(event)
