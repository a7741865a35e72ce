"""Connecting points by typing (Ctrl+L): the other end is named in the connect bar, the direction is
shown and can be flipped, and every refusal says why.

With one point selected, Ctrl+L opens the bar from that point to a title still to type; with two, the
bar opens from the first to the second (selection order) and Enter confirms, so the order of the
selection never decides a direction unseen. Ctrl+L again flips the direction. Enter adds one flow
through ``MapScene.add_flow`` (one undo step); Escape, or the keyboard going elsewhere, closes the bar.
The other end is found by its title: the exact title, else the one title that starts with what is
typed, else the one that contains it (case does not matter); points sharing a title are offered as
"Title (intercept 2)".

While the typed title names one point, a dashed arrow on the map (``connect_preview``) shows the flow
Enter would add, so that the room sees the direction where it is looking.

Public API: ``MapConnect(scene, view, finish_editing)``, ``sig_status``, ``connect_by_typing``,
``is_open``, ``bar``, ``preview``, ``flip``, ``accept``, ``close``, ``match_point``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from ...model.document_constants import CROSS_INTERCEPT
from .map_scene import MapScene

if TYPE_CHECKING:  # built on the first Ctrl+L: not on the window's way to being whole (~5 ms of imports)
    from .connect_bar import ConnectBar
    from .connect_preview import ConnectPreview


class Choice(NamedTuple):
    """A point that can be typed: its id, the text offered for it, and its title."""

    point_id: str
    text: str
    title: str


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_point(typed: str, choices: Sequence[Choice], exclude: str | None = None) -> tuple[str | None, str]:
    """The point ``typed`` names among ``choices``: (its id, "") or (None, why none).

    ``exclude`` (the bar's own point) is found only by its exact title: part of a title means another.
    """
    want = _norm(typed)
    if not want:
        return None, "Type the title of the point to connect to (Esc leaves)"
    others = [c for c in choices if c.point_id != exclude]
    for rule, among in ((lambda c: _norm(c.text) == want, choices),
                        (lambda c: _norm(c.title) == want, choices),
                        (lambda c: _norm(c.title).startswith(want), others),
                        (lambda c: want in _norm(c.title), others)):
        found = [c for c in among if rule(c)]
        if len(found) == 1:
            return found[0].point_id, ""
        if found:
            names = ", ".join(f"'{c.text}'" for c in found[:3]) + (", \u2026" if len(found) > 3 else "")
            return None, f"'{typed.strip()}' could be {len(found)} points ({names}): type more of the title"
    return None, f"No decision point is called '{typed.strip()}'"


class MapConnect(QObject):
    """Ctrl+L on one map: the connect bar, its direction, and the flow it adds."""

    sig_status = Signal(str)

    def __init__(self, scene: MapScene, view: QGraphicsView,
                 finish_editing: Callable[[], object] = lambda: None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.view = view
        self._finish_editing = finish_editing
        self._bar: ConnectBar | None = None
        self._preview: ConnectPreview | None = None
        self._fixed: str | None = None  # the selected point the bar starts from
        self._choices: list[Choice] = []
        # The view's resizes are watched only while the bar is shown (``_watch_resizes``): a Python
        # filter on the map view is called for every event it gets, the key presses, paints and wheel
        # turns of every edit.
        self._watching = False
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[attr-defined]
        self._unsubscribe = scene.document.subscribe(self._on_change)

    def dispose(self) -> None:
        """Close the bar and stop listening."""
        self.close(refocus=False)
        with contextlib.suppress(RuntimeError, TypeError):
            QApplication.instance().focusChanged.disconnect(self._focus_changed)  # type: ignore[attr-defined]
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # ----------------------------------------------------------------- Public API
    def bar(self) -> ConnectBar | None:
        """The connect bar (made on first use)."""
        return self._bar if self._bar is not None and shiboken6.isValid(self._bar) else None

    def preview(self) -> ConnectPreview | None:
        """The arrow on the map showing the flow Enter would add, while the typing names one point."""
        preview = self._preview
        if preview is None or not shiboken6.isValid(preview) or not preview.isVisible():
            return None
        return preview

    def is_open(self) -> bool:
        """True while the connect bar is shown."""
        bar = self.bar()
        return bar is not None and bar.isVisible()

    def connect_by_typing(self) -> bool:
        """Ctrl+L: open the connect bar for the selected point(s), or flip it when open; False if refused."""
        if self.is_open():
            self.flip()
            return True
        self._finish_editing()
        document = self.scene.document
        ids = self.scene.selected_ids()
        points = [i for i in ids if document.get("points", i) is not None]
        if not points:
            return self._refuse(self._why_nothing(ids))
        if len(points) > 2:
            return self._refuse(f"Select one or two decision points to connect ({len(points)} are selected)")
        self._fixed = points[0]
        self._choices = self._make_choices()
        other = next((c.text for c in self._choices if len(points) == 2 and c.point_id == points[1]), "")
        bar = self._make_bar()
        fixed_title = document.get("points", self._fixed).title
        offered = [c.text for c in self._choices if c.point_id != self._fixed]
        bar.show_ends(fixed_title, offered, other, flipped=False)
        self._watch_resizes(True)
        # The bar floats over the foot of the map: the point it starts from stays in sight above it.
        self.view.ensureVisible(self.scene.item_rect(self._fixed), 40, bar.height() + 64)  # + a refusal
        self._show_preview()
        self.sig_status.emit(f"Connect {bar.shown_direction()}: Enter connects, Ctrl+L flips, Esc leaves")
        return True

    def flip(self) -> None:
        """Swap the direction of the flow the bar shows."""
        bar = self.bar()
        if bar is not None and bar.isVisible():
            bar.set_flipped(not bar.is_flipped())
            self._show_preview()
            self.sig_status.emit(f"Direction: {bar.shown_direction()}")

    def accept(self) -> bool:
        """Enter: add the flow the bar shows (one undo step) and close; else say why not and stay open."""
        bar = self.bar()
        document = self.scene.document
        fixed = document.get("points", self._fixed or "")
        if bar is None or not bar.isVisible() or fixed is None:
            return False
        other, why = match_point(bar.text(), self._choices, exclude=fixed.id)
        if other is None:
            return self._refuse(why, bar)
        source, target = (other, fixed.id) if bar.is_flipped() else (fixed.id, other)
        source_title = document.get("points", source).title
        target_title = document.get("points", target).title
        if source == target:
            return self._refuse(f"A flow cannot start and end at '{source_title}': type another point", bar)
        if any(f.source == source and f.target == target for f in document.workshop.flows):
            return self._refuse(f"The flow '{source_title} \u2192 {target_title}' is already on the map", bar)
        if not self.scene.add_flow(source, target):
            return self._refuse(f"The flow '{source_title} \u2192 {target_title}' cannot be drawn", bar)
        self.close()
        self.sig_status.emit(f"Added the flow '{source_title} \u2192 {target_title}' (Ctrl+Z takes it back)")
        return True

    def close(self, refocus: bool = True) -> None:
        """Hide the bar; the keyboard goes back to the map."""
        bar = self.bar()
        if bar is None or not bar.isVisible():
            return
        had_keyboard = bar.isAncestorOf(QApplication.focusWidget())
        bar.hide()
        self._watch_resizes(False)
        self._hide_preview()
        if refocus and had_keyboard and shiboken6.isValid(self.view):
            self.view.setFocus()

    # ----------------------------------------------------------------- helpers
    def _refuse(self, why: str, bar: ConnectBar | None = None) -> bool:
        self.sig_status.emit(why)
        if bar is not None:
            bar.show_problem(why)  # in the bar too: the room looks there, and presenting hides the status bar
        return False

    def _why_nothing(self, ids: list[str]) -> str:
        document = self.scene.document
        for item_id in reversed(ids):
            finding = document.get("findings", item_id)
            point = document.get("points", finding.point_id) if finding and finding.point_id else None
            if point is not None:
                return (f"Flows join decision points, not resources or gaps: Up selects '{point.title}',"
                        " then Ctrl+L")
        if ids:
            return "Flows join decision points: select one (arrow keys or Tab on the map), then Ctrl+L"
        return "Nothing to connect: select a decision point (arrow keys or Tab on the map), then Ctrl+L"

    def _make_choices(self) -> list[Choice]:
        workshop = self.scene.document.workshop
        scheme = workshop.scheme
        counts: dict[str, int] = {}
        for point in workshop.points:
            counts[_norm(point.title)] = counts.get(_norm(point.title), 0) + 1
        choices = []
        for point in workshop.points:
            text = point.title
            if counts[_norm(point.title)] > 1:  # the same title twice: say which one
                where = "cross-intercept" if point.intercept == CROSS_INTERCEPT or not scheme.has(
                    point.intercept) else f"intercept {point.intercept}"
                text = f"{point.title} ({where})"
            choices.append(Choice(point.id, text, point.title))
        return choices

    def _make_bar(self) -> ConnectBar:
        bar = self.bar()
        if bar is None:
            from .connect_bar import ConnectBar

            bar = self._bar = ConnectBar(self.view)
            bar.sig_accepted.connect(self.accept)
            bar.sig_flipped.connect(self.flip)
            bar.sig_closed.connect(self.close)
            bar.edit.textChanged.connect(self._show_preview)
        return bar

    def _show_preview(self) -> None:
        """Draw the flow Enter would add, when the typing names one other point; else nothing."""
        bar = self.bar()
        other = match_point(bar.text(), self._choices, exclude=self._fixed)[0] if bar is not None else None
        if bar is None or other is None or other == self._fixed or self._fixed is None:
            self._hide_preview()
            return
        source, target = (other, self._fixed) if bar.is_flipped() else (self._fixed, other)
        preview = self._preview
        if preview is None or not shiboken6.isValid(preview) or preview.scene() is not self.scene:
            from .connect_preview import ConnectPreview

            preview = self._preview = ConnectPreview(self.scene.theme())
            self.scene.addItem(preview)
        route = self.scene.preview_route(source, target)
        if route is None:
            self._hide_preview()
            return
        preview.set_theme(self.scene.theme())
        preview.show_route(route)

    def _hide_preview(self) -> None:
        if self._preview is not None and shiboken6.isValid(self._preview):
            self._preview.setVisible(False)

    def is_watching_resizes(self) -> bool:
        """True while the view's events pass through this object's filter (the bar is shown)."""
        return self._watching

    def _watch_resizes(self, on: bool) -> None:
        if on == self._watching or not shiboken6.isValid(self.view):
            return
        self._watching = on
        if on:
            self.view.installEventFilter(self)
        else:
            self.view.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Keep the bar at the foot of the map as the view changes size (while it is shown)."""
        if event.type() == QEvent.Type.Resize and self.is_open():
            # After the view has handled its resize: a filter sees the event first, while the viewport
            # still has its old size, and the bar placed by it landed off the map of a narrowed window.
            QTimer.singleShot(0, self._place_bar)
        return False

    def _place_bar(self) -> None:
        bar = self.bar()
        if bar is not None and self.is_open() and shiboken6.isValid(bar):
            bar.place()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        bar = self.bar()
        if new is None or bar is None or not bar.isVisible():
            return  # the window lost the keyboard: the bar waits for it to come back
        if bar.isAncestorOf(new) or new is bar or new is bar.completer.popup():
            return
        self.close(refocus=False)  # the keyboard went elsewhere (a click on the map or a panel)

    def _on_change(self, change: object) -> None:
        # The fixed point deleted, or another workshop opened: the bar would name a point that is gone.
        if self.is_open() and self.scene.document.get("points", self._fixed or "") is None:
            self.close()
