"""The map canvas as the main window sees it: scene, view and fast entry behind one small surface.

The canvas itself lives in ``ui.map``; this module builds it for a session and gives the window,
the panels and presentation mode the few operations they need (selection, themes, text size,
zoom, find, the fast-entry commands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QGraphicsView

from ..files.document_session import DocumentSession
from ..map.map_scene import MapScene
from ..map.map_theme import LIGHT, MapTheme
from ..map.map_view import MapView

if TYPE_CHECKING:
    from ..map.fast_entry import FastEntry
    from ..map.map_connect import MapConnect
    from ..map.map_keyboard import MapKeyboard


class CanvasHost(QObject):
    """Owns the scene, the view and the fast-entry controller of one window."""

    sig_selection_changed = Signal(list)  # ids selected on the map
    sig_item_activated = Signal(str)
    sig_status = Signal(str)  # what a key on the map did not do, and why (for the status bar)

    def __init__(self, session: DocumentSession, parent: QObject | None = None, *,
                 theme: MapTheme | None = None, with_fast_entry: bool = True,
                 sketch_first: bool = False) -> None:
        super().__init__(parent)
        self._session = session
        self.scene = MapScene(session.document, session.undo_stack, theme=theme or LIGHT,
                              sketch_first=sketch_first)
        self.view: QGraphicsView = MapView(self.scene)
        self.view.setObjectName("map_view")
        self.view.setAccessibleName("Map")
        self.fast_entry: FastEntry | None = None
        self.keyboard: MapKeyboard | None = None
        self.connector: MapConnect | None = None
        if with_fast_entry:
            self.start_fast_entry()
        self.text_scale = 1.0
        self.scene.sig_selection_changed.connect(self._on_selection_changed)
        scene = self.scene
        # Even when the window goes without a close (a script deleting it), the scene must not announce
        # a selection change from its destructor to objects that are already gone.
        self.destroyed.connect(lambda *_args: shiboken6.isValid(scene) and scene.blockSignals(True))
        self.scene.sig_item_activated.connect(self._on_item_activated)

    def start_fast_entry(self) -> FastEntry:
        """Turn on keyboard entry on the map (a map shown before the document model loads has none yet)."""
        if self.fast_entry is None:
            from ..map.fast_entry import FastEntry  # loads the document model's classes
            from ..map.map_connect import MapConnect
            from ..map.map_keyboard import MapKeyboard

            session = self._session
            self.fast_entry = FastEntry(self.scene, self.view, session.document, session.undo_stack, self)
            # The map from the keyboard: arrows move the selection, Ctrl+L connects by typing a title.
            self.keyboard = MapKeyboard(self.scene, self.view, self)
            self.connector = MapConnect(self.scene, self.view, self.fast_entry.finish_editing, self)
            self.keyboard.sig_status.connect(self.sig_status)
            self.connector.sig_status.connect(self.sig_status)
        return self.fast_entry

    def _on_selection_changed(self, ids: list) -> None:
        self.sig_selection_changed.emit(list(ids))

    def _on_item_activated(self, item_id: str) -> None:
        self.sig_item_activated.emit(item_id)

    # ------------------------------------------------------------------ selection
    def selected_ids(self) -> list[str]:
        """Ids selected on the map."""
        return list(self.scene.selected_ids())

    def select_ids(self, ids: list[str], ensure_visible: bool = True) -> None:
        """Select these ids on the map (from the outline)."""
        self.scene.select_ids(list(ids), ensure_visible=ensure_visible)

    # ------------------------------------------------------------------ looks
    def set_theme(self, theme: MapTheme) -> None:
        """Paint the map with ``theme``."""
        self.scene.set_theme(theme)  # the scene keeps its text scale

    def set_text_scale(self, factor: float, full_titles: bool = False) -> None:
        """Make the map text larger or smaller (presentation mode); ``full_titles``: never cut a title."""
        self.text_scale = factor
        self.scene.set_text_scale(factor, full_titles)

    # ------------------------------------------------------------------ commands
    def call(self, name: str, *args: Any) -> Any:
        """Run a fast-entry or view command by name (``add_point``, ``zoom_in``, ...)."""
        for target in (self.fast_entry, self.connector, self.view, self.scene):
            method = getattr(target, name, None) if target is not None else None
            if callable(method):
                return method(*args)
        raise AttributeError(name)

    def find(self, text: str) -> Any:
        """Find and highlight items matching ``text``."""
        return self.scene.find(text)

    def dispose(self) -> None:
        """Stop listening to the document (the window is closing)."""
        for part in (self.connector, self.keyboard, self.fast_entry):
            if part is not None:
                part.dispose()
        self.scene.dispose()  # the scene goes quiet: its destructor announces nothing
