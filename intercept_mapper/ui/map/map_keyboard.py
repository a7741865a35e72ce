"""The map from the keyboard: arrow keys, Home/End and Tab move the selection between decision points,
and a focus ring shows where the keyboard is.

Keys (on the map, while no title is being edited; see ``map_navigation`` for where each one goes):
Up/Down the point above/below in its lane; Left/Right along a flow, else the nearest point in the
next lane to that side; Ctrl+Left/Right the next lane to that side without following flows;
Home/End the first/last point of the lane; Tab/Shift+Tab every point in reading order, leaving the map
after the last one (no keyboard trap). Shift with an arrow, Home or End adds the point reached to the
selection (two points selected, then Ctrl+L connects them). With a resource or gap selected, the keys
start from its point (Up selects that point).

The ring marks the point the keys start from: the last point selected, or the point of the last chip
selected. It shows while the map has the keyboard and hides after a mouse press on the map until the
next key (a ring after every click would only clutter the projected map).

Public API: ``MapKeyboard(scene, view)``, ``sig_status``, ``focus_id``, ``ring``, ``ring_shown``,
``move``, ``refresh``, ``dispose``.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from ...model.map_geometry import LANE_WIDTH, lane_point_x
from . import map_navigation as nav
from .map_scene import MapScene

if TYPE_CHECKING:  # made when the ring first shows, not on the window's way to being whole
    from ...model.document import Change
    from .focus_ring import FocusRing

# By key code: every key pressed on the map is looked up here, without making an enum value of it.
_KEYS = {key.value: direction for key, direction in (
    (Qt.Key.Key_Up, nav.UP), (Qt.Key.Key_Down, nav.DOWN), (Qt.Key.Key_Left, nav.LEFT),
    (Qt.Key.Key_Right, nav.RIGHT), (Qt.Key.Key_Home, nav.HOME), (Qt.Key.Key_End, nav.END),
    (Qt.Key.Key_Tab, nav.NEXT), (Qt.Key.Key_Backtab, nav.PREVIOUS))}
_SIDE_WORDS = {nav.UP: "above", nav.DOWN: "below", nav.LEFT: "to the left of", nav.RIGHT: "to the right of"}
_RING_COLLECTIONS = frozenset({"points", "findings", "scheme", "document"})  # changes that may move the ring
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


class MapKeyboard(QObject):
    """Moves the selection with the keys on one map view and keeps the focus ring on the focused point."""

    sig_status = Signal(str)  # what a key did not do, and why

    def __init__(self, scene: MapScene, view: QGraphicsView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.view = view
        self._focus: str | None = None  # the point the keys start from
        self._on_chip = False  # the selection ends on a chip of that point
        self._by_mouse = False  # a mouse press on the map hides the ring until the next key
        self._ring: FocusRing | None = None
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        scene.sig_selection_changed.connect(self._selection_changed)
        # Not the scene's ``changed`` signal: connecting to it takes Qt off its fast update path.
        self._unsubscribe = scene.document.subscribe(self._on_change)
        # A new text size (presentation) makes the chips taller, and with them the map.
        scene.sig_map_rect_changed.connect(self._map_rect_changed)
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_changed)  # type: ignore[attr-defined]
        self._selection_changed(scene.selected_ids())

    def dispose(self) -> None:
        """Stop following the view, the scene and the keyboard focus."""
        for signal, slot in ((self.scene.sig_selection_changed, self._selection_changed),
                             (self.scene.sig_map_rect_changed, self._map_rect_changed),
                             (QApplication.instance().focusChanged, self._focus_changed)):  # type: ignore[attr-defined]
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if shiboken6.isValid(self.view):
            self.view.removeEventFilter(self)

    # ----------------------------------------------------------------- Public API
    def focus_id(self) -> str | None:
        """The point the keys start from (the one the ring marks), or None."""
        return self._focus

    def ring(self) -> FocusRing | None:
        """The ring item (for tests and screenshots), when one was made."""
        return self._ring if self._ring is not None and shiboken6.isValid(self._ring) else None

    def ring_shown(self) -> bool:
        """True while the ring is drawn around the focused point."""
        ring = self.ring()
        point = self.scene.item_for(self._focus or "")
        return ring is not None and ring.isVisible() and point is not None and ring.parentItem() is point

    def move(self, direction: str, extend: bool = False, follow_flows: bool = True) -> bool:
        """Select the point ``direction`` leads to (added to the selection with ``extend``); False if none."""
        spots = self._spots()
        if not spots:
            if direction not in (nav.NEXT, nav.PREVIOUS):  # Tab only passes through on its way
                self.sig_status.emit("The map has no decision points yet: Ctrl+Shift+P adds one")
            return False
        self._by_mouse = False  # a key: the ring shows again, also where the key leads nowhere
        self._refresh()
        here = spots.get(self._focus or "")
        if here is None:
            target = self._start(list(spots.values()), direction)
        elif self._on_chip and direction in (nav.UP, nav.PREVIOUS):
            target = here  # the chip sits under its point: up (or back) is the point itself
        else:
            linked = self._linked(here.point_id)
            target = nav.step(list(spots.values()), here, direction, linked, follow_flows)
        if target is None:
            if direction in (nav.NEXT, nav.PREVIOUS):
                return False  # Tab past the last point leaves the map
            if direction in _SIDE_WORDS and here is not None:
                title = getattr(self.scene.item_for(here.point_id), "title", "")
                self.sig_status.emit(f"No decision point {_SIDE_WORDS[direction]} '{title}'")
            return True
        chosen = [target.point_id]
        if extend:
            chosen = [i for i in self.scene.selected_ids() if i != target.point_id] + chosen
        self.scene.select_ids(chosen, ensure_visible=True)
        self._set_focus(target.point_id, on_chip=False)
        return True

    # ----------------------------------------------------------------- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Arrow keys, Home/End and Tab on the view; a mouse press on the map hides the ring."""
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._by_mouse = True
            self._refresh()
        elif kind == QEvent.Type.KeyPress and watched is self.view and isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        direction = _KEYS.get(event.key())
        editing = getattr(self.view, "is_editing_text", None)
        if direction is None or (callable(editing) and editing()):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if direction in (nav.NEXT, nav.PREVIOUS):
            if mods & ~_SHIFT:
                return False
            # Shift+Tab arrives as Backtab from a keyboard, and as Tab with Shift from some senders.
            return self.move(nav.PREVIOUS if mods & _SHIFT else direction)
        if mods & ~(_CTRL | _SHIFT) or (mods & _CTRL and direction not in (nav.LEFT, nav.RIGHT)):
            return False
        return self.move(direction, extend=bool(mods & _SHIFT), follow_flows=not mods & _CTRL)

    # ----------------------------------------------------------------- where the points are
    def _spots(self) -> dict[str, nav.Spot]:
        scene = self.scene
        band_top = scene.lanes_bottom()
        spots: dict[str, nav.Spot] = {}
        for point in scene.document.workshop.points:
            item = scene.item_for(point.id)
            if item is None or not item.isVisible():
                continue
            pos = item.pos()
            column = round((pos.x() - lane_point_x(0)) / LANE_WIDTH)
            spots[point.id] = nav.Spot(point.id, column, pos.y(), pos.y() >= band_top)
        return spots

    def _linked(self, point_id: str) -> set[str]:
        linked = set()
        for flow in self.scene.document.workshop.flows:
            if flow.source == point_id:
                linked.add(flow.target)
            elif flow.target == point_id:
                linked.add(flow.source)
        return linked

    def _start(self, spots: list[nav.Spot], direction: str) -> nav.Spot | None:
        """Where the keys start with no point focused: the current intercept's first point, else the map's."""
        order = nav.reading_order(spots)
        if direction in (nav.PREVIOUS, nav.END):
            return order[-1]
        current = getattr(self.view, "current_intercept", None)
        scheme = self.scene.document.workshop.scheme
        if current is not None and scheme.has(current) and current in scheme.ids():
            first = nav.first_in_column(spots, scheme.ids().index(current))
            if first is not None:
                return first
        return order[0]

    # ----------------------------------------------------------------- the focused point and its ring
    def _selection_changed(self, ids: list) -> None:
        if self._focus in ids:
            self._refresh()
            return
        focus, on_chip = None, False
        document = self.scene.document
        for item_id in reversed(ids):
            found = document.find(item_id)
            if found is None:
                continue
            collection, model = found
            if collection == "points":
                focus = item_id
                break
            if collection == "findings" and model.point_id:
                focus, on_chip = model.point_id, True
                break
        self._set_focus(focus, on_chip)

    def _set_focus(self, point_id: str | None, on_chip: bool) -> None:
        changed = point_id != self._focus
        self._focus, self._on_chip = point_id, on_chip
        self._refresh()
        if changed and shiboken6.isValid(self.view):
            # What a screen reader says of the map: the point the keys are on.
            point = self.scene.document.get("points", point_id) if point_id else None
            self.view.setAccessibleDescription(
                f"{point.title}, intercept {point.intercept}" if point is not None else "")

    def _has_keyboard(self) -> bool:
        widget = QApplication.focusWidget()
        while widget is not None:
            if widget is self.view:
                return True
            widget = widget.parentWidget()
        return False

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._refresh()

    def refresh(self) -> None:
        """Fit the ring to its point again (its chips changed, or their text size)."""
        if self._focus is not None:
            self._refresh()

    def _map_rect_changed(self, _rect: object) -> None:
        self.refresh()

    def _on_change(self, change: Change) -> None:
        # The scene has laid the change out already (it listened first): chips came and went under the
        # focused point, and the ring keeps round the whole stack. A change of what the map does not
        # show as boxes or chips (a flow, a gap's candidate, a vote) leaves the ring as it is.
        if change.collection in _RING_COLLECTIONS or change.action == "reset":
            self.refresh()

    def _refresh(self) -> None:
        point = self.scene.item_for(self._focus) if self._focus else None
        show = point is not None and not self._by_mouse and self._has_keyboard()
        ring = self.ring()
        if not show:
            if ring is not None:
                ring.setVisible(False)
            return
        if ring is None:
            from .focus_ring import FocusRing

            ring = self._ring = FocusRing(self.scene.theme())
        if ring.parentItem() is not point:
            ring.setParentItem(point)
        ring.set_theme(self.scene.theme())
        ring.setVisible(True)
        self._place_ring()

    def _place_ring(self) -> None:
        ring = self.ring()
        point = ring.parentItem() if ring is not None else None
        if ring is None or point is None:
            return
        around = point.shape().boundingRect()
        for child in point.childItems():
            if child is not ring and child.isVisible():
                around = around.united(child.mapRectToParent(child.shape().boundingRect()))
        ring.set_around(QRectF(around))
