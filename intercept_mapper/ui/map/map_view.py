"""The view onto the map: zoom (Ctrl+wheel, buttons), fit, jump to an intercept, rubber-band select.

Public API: ``MapView(scene)`` (objectName ``map_view``), ``zoom_in``, ``zoom_out``, ``zoom_reset``,
``fit_to_window``, ``show_intercept``, ``zoom_factor``, ``current_intercept``. Keys 0 to 5 and X jump to
an intercept when no text is being edited on the map; the intercept last jumped to is where new items
go while nothing is selected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsTextItem, QGraphicsView, QWidget

from ...model.workshop import CROSS_INTERCEPT
from .map_scene import MapScene

ZOOM_STEP = 1.25
MIN_ZOOM = 0.05
MAX_ZOOM = 6.0
MAX_FIT_ZOOM = 2.5  # a lane with two boxes should not fill the wall
FIT_MARGIN = 24.0


class MapView(QGraphicsView):
    """A QGraphicsView tuned for the map: antialiased, zoomable, keyboard friendly."""

    sig_zoom_changed = Signal(float)
    sig_intercept_shown = Signal(str)  # keys 0-5/X or presentation steps showed this intercept

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
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
        self.current_intercept: str | None = None  # the intercept last jumped to


    def map_scene(self) -> MapScene:
        """The scene shown."""
        return self.scene()  # type: ignore[return-value]

    # ----------------------------------------------------------------- zoom
    def zoom_factor(self) -> float:
        """Current scale (1.0 is 100 %)."""
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor`` (clamped), keeping the centre of the view in place."""
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
        """Show the whole map."""
        self._fit(self.sceneRect(), cap=MAX_ZOOM)

    def show_intercept(self, intercept_id: str) -> bool:
        """Fit one intercept lane (or the cross band for "X") in the window and make it the current
        intercept (a selection elsewhere is dropped); False if there is none."""
        rect = self.map_scene().intercept_content_rect(intercept_id)
        if rect.isEmpty():
            return False
        self._fit(rect, cap=MAX_FIT_ZOOM)
        scene = self.map_scene()
        if not scene.selection_within(intercept_id):
            # "Now we are in intercept 2": a selection elsewhere would send new items back there.
            scene.select_ids([], ensure_visible=False)
        self.current_intercept = intercept_id
        self.sig_intercept_shown.emit(intercept_id)
        return True

    def _fit(self, rect: QRectF, cap: float) -> None:
        if rect.isEmpty():
            return
        target = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        self.fitInView(target, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom_factor() > cap:
            self.set_zoom(cap)
        self.centerOn(target.center())
        if target.height() * self.zoom_factor() > self.viewport().height():
            # Too tall to fit at the capped scale: start at the top (the header) rather than the middle.
            self.ensureVisible(QRectF(target.left(), target.top(), target.width(), 10), 0, 0)
        self.sig_zoom_changed.emit(self.zoom_factor())

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

    def event(self, event: QEvent) -> bool:
        """Tab inside a title editor means "keep and add the next"; the scene would move focus instead."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in (
            Qt.Key.Key_Tab, Qt.Key.Key_Backtab
        ):
            focus = self.scene().focusItem() if self.scene() is not None else None
            handler = getattr(focus, "handle_tab", None)
            if callable(handler):
                handler(event.key() == Qt.Key.Key_Backtab
                        or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Keys 0 to 5 and X jump to that intercept (unless a title is being edited)."""
        if not self.is_editing_text() and not (
            event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        ):
            text = event.text().upper()
            if text and (text == CROSS_INTERCEPT or text.isdigit()) and self.show_intercept(text):
                event.accept()
                return
        super().keyPressEvent(event)
