"""What a window shows before it is built whole: empty places for its panels, a map without scroll
bars, and a watch on the first paint (see ``MainWindow.__init__`` and DEVELOPERS.md, "Start-up")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QMainWindow, QWidget

# The docks that the empty places stand for: objectName and title (as the real panels have them).
PANEL_PLACES = (("outline_panel", "Outline"), ("inspector", "Inspector"))


def hold_panel_places(window: QMainWindow) -> tuple[QDockWidget, QDockWidget]:
    """Empty outline and inspector docks, where the remembered layout will put the real ones."""
    places = []
    for (name, title), area in zip(PANEL_PLACES, (Qt.DockWidgetArea.LeftDockWidgetArea,
                                                  Qt.DockWidgetArea.RightDockWidgetArea), strict=True):
        place = QDockWidget(title, window)
        place.setObjectName(name)  # the same name: restoreState gives it the real panel's place
        place.setWidget(QWidget(place))
        window.addDockWidget(area, place)
        places.append(place)
    return places[0], places[1]


def release_panel_places(window: QMainWindow, places: tuple[QDockWidget, ...]) -> None:
    """Take the empty docks out of the window at once (not shown again with the real panels)."""
    for place in places:
        window.removeDockWidget(place)
        place.setParent(None)
        place.deleteLater()


def set_scroll_bars(view: QAbstractScrollArea, policy: Qt.ScrollBarPolicy) -> None:
    """Both scroll bars of ``view`` (a map fitted into the view needs neither)."""
    view.setHorizontalScrollBarPolicy(policy)
    view.setVerticalScrollBarPolicy(policy)


class FirstPaintWatch(QObject):
    """Calls ``then`` once, after the first paint of ``widget`` (then stops watching)."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Let the paint through; once it has been seen, stop watching and call ``then``."""
        if event.type() == QEvent.Type.Paint and watched is self._widget:
            self._widget.removeEventFilter(self)
            self._then()
        return False
