"""Presentation mode: the map alone, full screen, large text, high contrast, walked intercept by intercept.

Entering remembers everything it changes (window state and geometry, which bars and docks were
shown, theme, text size, zoom and scroll) and Escape puts all of it back exactly. PageDown and
PageUp step through the intercepts left to right, then the cross-intercept band; before the first
intercept is the whole map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTransform
from PySide6.QtWidgets import QDockWidget, QGraphicsView, QMainWindow, QToolBar, QWidget

from ..model import CROSS_INTERCEPT
from .themes import HIGH_CONTRAST, ThemeSwitcher

PRESENTATION_TEXT_SCALE = 1.25  # more and the longer titles no longer fit their boxes
ACTION_NEXT_INTERCEPT = "action_next_intercept"
ACTION_PREVIOUS_INTERCEPT = "action_previous_intercept"
ACTION_LEAVE_PRESENTATION = "action_leave_presentation"


@dataclass
class _Saved:
    """What entering presentation mode changed, to put back on leaving."""

    window_state: Qt.WindowState
    geometry: QRect
    hidden: dict[QWidget, bool] = field(default_factory=dict)
    raised: list[QDockWidget] = field(default_factory=list)  # the front tab of each dock group
    theme: str = ""
    text_scale: float = 1.0
    transform: QTransform = field(default_factory=QTransform)
    scroll: tuple[int, int] = (0, 0)
    scroll_policies: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy] = (
        Qt.ScrollBarPolicy.ScrollBarAsNeeded, Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    focus: QWidget | None = None


class PresentationMode(QObject):
    """Switches one main window in and out of presentation mode."""

    sig_active_changed = Signal(bool)
    sig_step_changed = Signal(str)  # intercept id shown ("" for the whole map)

    def __init__(self, window: QMainWindow, view: Callable[[], QGraphicsView], themes: ThemeSwitcher,
                 set_text_scale: Callable[[float], None], intercept_ids: Callable[[], list[str]],
                 text_scale: Callable[[], float]) -> None:
        super().__init__(window)
        self._window = window
        self._view = view
        self._themes = themes
        self._set_text_scale = set_text_scale
        self._text_scale = text_scale
        self._intercept_ids = intercept_ids
        self._saved: _Saved | None = None
        self._step = -1  # -1 = whole map, then index into steps()
        self.actions = {
            ACTION_NEXT_INTERCEPT: self._make_action(ACTION_NEXT_INTERCEPT, "Next Intercept",
                                                     [QKeySequence(Qt.Key.Key_PageDown)],
                                                     self.next_intercept),
            ACTION_PREVIOUS_INTERCEPT: self._make_action(ACTION_PREVIOUS_INTERCEPT, "Previous Intercept",
                                                         [QKeySequence(Qt.Key.Key_PageUp)],
                                                         self.previous_intercept),
            ACTION_LEAVE_PRESENTATION: self._make_action(ACTION_LEAVE_PRESENTATION, "Leave Presentation",
                                                         [QKeySequence(Qt.Key.Key_Escape)], self.leave),
        }

    def _make_action(self, name: str, text: str, keys: list[QKeySequence],
                     slot: Callable[[], None]) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setEnabled(False)  # only while presenting: PageDown and Escape keep their usual jobs
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        return action

    # ------------------------------------------------------------------ Public API
    def is_active(self) -> bool:
        """True while presenting."""
        return self._saved is not None

    def set_active(self, active: bool) -> None:
        """Enter or leave."""
        if active:
            self.enter()
        else:
            self.leave()

    def toggle(self) -> None:
        """Enter when out, leave when in."""
        self.set_active(not self.is_active())

    def hide_while_presenting(self, widget: QWidget) -> None:
        """Tool chrome made while presenting (a panel built late) stays hidden until leaving, then shows
        as it was made."""
        if self._saved is None or widget in self._saved.hidden:
            return
        self._saved.hidden[widget] = widget.isHidden()
        widget.hide()

    def steps(self) -> list[str]:
        """What PageDown walks through: the intercepts in map order, then the cross-intercept band."""
        return [*self._intercept_ids(), CROSS_INTERCEPT]

    def current_step(self) -> str:
        """The intercept shown ("" for the whole map)."""
        steps = self.steps()
        return steps[self._step] if 0 <= self._step < len(steps) else ""

    def enter(self) -> None:
        """Hide the tool chrome, go full screen, enlarge the text and switch to high contrast."""
        if self._saved is not None:
            return
        w = self._window
        view = self._view()
        saved = _Saved(window_state=w.windowState(), geometry=w.geometry(), theme=self._themes.current,
                       text_scale=self._text_scale(), transform=view.transform(),
                       scroll=(view.horizontalScrollBar().value(), view.verticalScrollBar().value()),
                       scroll_policies=(view.horizontalScrollBarPolicy(), view.verticalScrollBarPolicy()),
                       focus=w.focusWidget())
        for widget in self._chrome():
            saved.hidden[widget] = widget.isHidden()
            if isinstance(widget, QDockWidget) and widget.isVisible():
                saved.raised.append(widget)
        for widget in saved.hidden:
            widget.hide()
        self._saved = saved
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._themes.set_theme(HIGH_CONTRAST, remember=False)
        self._set_text_scale(PRESENTATION_TEXT_SCALE)
        screen = w.screen()
        if screen is not None:
            # Exactly the screen, also where no window manager acts on "full screen" (a bare X server,
            # a kiosk): a window left larger than the projector would cut off the band and the legend.
            w.setGeometry(screen.geometry())
        w.showFullScreen()
        for action in self.actions.values():
            action.setEnabled(True)
        self._step = -1
        self._show_step()
        # Going full screen resizes the view later (asynchronously on X11 and Wayland): fit again then.
        view.viewport().installEventFilter(self)
        view.setFocus()
        self.sig_active_changed.emit(True)

    def leave(self) -> None:
        """Put back everything ``enter`` changed."""
        saved = self._saved
        if saved is None:
            return
        self._saved = None
        for action in self.actions.values():
            action.setEnabled(False)
        w = self._window
        view = self._view()
        view.viewport().removeEventFilter(self)
        view.setSceneRect(QRectF())
        if hasattr(view.scene(), "set_spotlight"):
            view.scene().set_spotlight(None)
        self._themes.set_theme(saved.theme, remember=False)
        self._set_text_scale(saved.text_scale)
        if saved.window_state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.setGeometry(saved.geometry)  # the client area: no guessing of window-frame sizes
        for widget, was_hidden in saved.hidden.items():
            widget.setHidden(was_hidden)
        for dock in saved.raised:
            dock.raise_()
        view.setHorizontalScrollBarPolicy(saved.scroll_policies[0])
        view.setVerticalScrollBarPolicy(saved.scroll_policies[1])
        view.setTransform(saved.transform)
        view.horizontalScrollBar().setValue(saved.scroll[0])
        view.verticalScrollBar().setValue(saved.scroll[1])
        if saved.focus is not None:
            saved.focus.setFocus()
        self.sig_active_changed.emit(False)

    def next_intercept(self) -> None:
        """Show the next intercept (PageDown)."""
        if self._step < len(self.steps()) - 1:
            self._step += 1
            self._show_step()

    def previous_intercept(self) -> None:
        """Show the previous intercept, or the whole map before the first (PageUp)."""
        if self._step > -1:
            self._step -= 1
            self._show_step()

    # ------------------------------------------------------------------ internals
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """While presenting, keep the shown intercept fitted when the view changes size."""
        if event.type() == QEvent.Type.Resize and self.is_active():
            self._show_step()
        return False

    def _chrome(self) -> list[QWidget]:
        w = self._window
        widgets: list[QWidget] = [w.menuBar(), w.statusBar()]
        widgets += [t for t in w.findChildren(QToolBar) if t.parent() is w]
        widgets += [d for d in w.findChildren(QDockWidget) if d.parent() is w]
        return widgets

    def _show_step(self) -> None:
        view = self._view()
        step = self.current_step()
        scene = view.scene()
        if hasattr(scene, "set_spotlight"):
            # The intercept being discussed stands out; its neighbours stay visible, dimmed, as context.
            scene.set_spotlight(step or None)
        if step and hasattr(view, "show_intercept"):
            # Room beside the map, so that the first and last intercepts can sit in the middle of the
            # screen like the others: the room sees at once which intercept is being discussed.
            scene_rect = view.scene().sceneRect()
            side = scene_rect.width()
            view.setSceneRect(scene_rect.adjusted(-side, 0, side, 0))
            view.show_intercept(step)
        else:
            view.setSceneRect(QRectF())  # follow the scene again
            if hasattr(view, "fit_to_window"):
                view.fit_to_window()
        self.sig_step_changed.emit(step)
