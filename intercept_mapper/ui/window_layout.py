"""Where the panels go around the map, and the rule that they never squeeze the map.

Outline on the left; inspector on the right with the history and the later panels (priorities,
action plans, participants) as tabs behind it. A layout saved on a bigger screen, or a panel with a
wide minimum, is trimmed so that the map keeps most of the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDockWidget,
    QFrame,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTabBar,
    QToolBar,
    QWidget,
)

from .settings import AppSettings

OUTLINE_WIDTH = 270
INSPECTOR_WIDTH = 360
MAP_MIN_SHARE = 0.55  # of the window width, when docks would take more
DEFAULT_SIZE = (1400, 900)


def scroll_when_narrow(dock: QDockWidget) -> None:
    """Put a panel's content in a scroll area, so that its minimum width never squeezes the map."""
    inner = dock.widget()
    if inner is None or isinstance(inner, QAbstractScrollArea):
        return
    scroll = QScrollArea()
    scroll.setObjectName(f"{dock.objectName()}_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    dock.setWidget(scroll)
    scroll.setWidget(inner)


def place_docks(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget,
                behind_inspector: list[QDockWidget], panels_menu: QMenu, toolbars: list[QToolBar]) -> None:
    """Outline left, inspector right with other docks as tabs behind it; all listed in View > Panels."""
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, outline)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, inspector)
    for dock in behind_inspector:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.tabifyDockWidget(inspector, dock)
    inspector.raise_()
    for dock in (outline, inspector, *behind_inspector):
        panels_menu.addAction(dock.toggleViewAction())
    for bar in toolbars:
        panels_menu.addAction(bar.toggleViewAction())


def add_panel(window: QMainWindow, inspector: QDockWidget, widget: QWidget, title: str,
              area: Qt.DockWidgetArea, panels_menu: QMenu) -> QDockWidget:
    """Dock a panel (a QDockWidget, or a widget to wrap in one), tabbed behind the inspector on the right."""
    if isinstance(widget, QDockWidget):
        dock = widget
    else:
        dock = QDockWidget(title, window)
        dock.setObjectName(f"{widget.objectName() or 'panel'}_dock")
        dock.setWidget(widget)
    scroll_when_narrow(dock)
    window.addDockWidget(area, dock)
    if area == Qt.DockWidgetArea.RightDockWidgetArea:
        window.tabifyDockWidget(inspector, dock)
        inspector.raise_()
    panels_menu.addAction(dock.toggleViewAction())
    return dock


def restore_layout(window: QMainWindow, settings: AppSettings, outline: QDockWidget,
                   inspector: QDockWidget) -> None:
    """The remembered size and dock layout, or the default ones."""
    geometry = settings.window_geometry()
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    state = settings.window_state()
    if state is None or not window.restoreState(state):
        window.resizeDocks([outline, inspector], [OUTLINE_WIDTH, INSPECTOR_WIDTH], Qt.Orientation.Horizontal)


def keep_map_wide(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget,
                  map_view: QWidget) -> None:
    """Once shown: dock tabs scroll instead of eliding, and the docks leave the map most of the width."""
    for bar in window.findChildren(QTabBar):
        # Dock tabs scroll rather than shrink to "Ins…", "Pri…" on a small screen.
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)
    if map_view.width() >= MAP_MIN_SHARE * window.width():
        return
    spare = max(0, window.width() * (1 - MAP_MIN_SHARE))
    outline_width = min(OUTLINE_WIDTH, int(spare * 0.45))
    window.resizeDocks([outline, inspector], [outline_width, int(spare - outline_width)],
                       Qt.Orientation.Horizontal)
