"""Where the panels go around the map, and the rule that they never squeeze the map.

Outline on the left; inspector on the right with the history and the later panels (priorities,
action plans, participants) as tabs behind it. In a window narrower than ``COMPACT_BELOW_WIDTH``
(a 1280x720 or 1366x768 projector) a first start puts the outline in that right-hand column too, as
the tab after the inspector, so that the map gets about three quarters of the width. A layout the
user left at the last close wins over both defaults, for panels built after the first paint too;
it is only trimmed (see ``sane_dock_widths``) so that the map keeps most of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
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

from ..files.settings import AppSettings

OUTLINE_WIDTH = 270
OUTLINE_MIN_WIDTH = 240  # narrower and the outline's rows are cut to a word or two
INSPECTOR_WIDTH = 360
INSPECTOR_MIN_WIDTH = 300
MAP_MIN_SHARE = 0.55  # of the window width, when docks would take more
DEFAULT_SIZE = (1400, 900)
# Narrower windows start with one dock column: two would leave the fitted map at a third of the width.
COMPACT_BELOW_WIDTH = 1400
_REMEMBERED = "layout_remembered"  # window property: the dock layout came from the settings


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
    """Dock a panel (a QDockWidget, or a widget to wrap in one) where the remembered layout had it
    (floating, elsewhere, or closed), else tabbed behind the inspector on the right, shown."""
    if isinstance(widget, QDockWidget):
        dock = widget
    else:
        dock = QDockWidget(title, window)
        dock.setObjectName(f"{widget.objectName() or 'panel'}_dock")
        dock.setWidget(widget)
    scroll_when_narrow(dock)
    # Only before the dock is added: restoring a dock already in the layout loses its remembered
    # place and brings it back hidden. False when the remembered layout does not know this panel.
    if not window.restoreDockWidget(dock):
        window.addDockWidget(area, dock)
        if area == Qt.DockWidgetArea.RightDockWidgetArea:
            window.tabifyDockWidget(inspector, dock)
            inspector.raise_()
        dock.show()
    panels_menu.addAction(dock.toggleViewAction())
    return dock


def restore_layout(window: QMainWindow, settings: AppSettings, outline: QDockWidget,
                   inspector: QDockWidget) -> None:
    """The remembered size and dock layout, or the default ones (see ``arrange_on_first_show``)."""
    geometry = settings.window_geometry()
    if window.isVisible():
        pass  # built further after its first paint: the size it is shown at stays
    elif geometry is None or not window.restoreGeometry(geometry):
        window.resize(default_size(window))
    state = settings.window_state()
    remembered = state is not None and window.restoreState(state)
    window.setProperty(_REMEMBERED, remembered)
    if not remembered:
        window.resizeDocks([outline, inspector], [OUTLINE_WIDTH, INSPECTOR_WIDTH], Qt.Orientation.Horizontal)


def default_size(window: QWidget) -> QSize:
    """``DEFAULT_SIZE``, but never larger than the screen: a 1400x900 window on a 1280x720 projector
    hangs off the bottom edge and cuts off the cross-intercept band and the legend."""
    size = QSize(*DEFAULT_SIZE)
    screen = window.screen()
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size())
    return size


def arrange_on_first_show(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget) -> None:
    """With no remembered layout, a narrow window gets one dock column: the outline tabbed after the
    inspector. Called as the window is first shown (its real size known), before its first paint."""
    if window.property(_REMEMBERED) or window.width() >= COMPACT_BELOW_WIDTH:
        return
    if window.dockWidgetArea(outline) != Qt.DockWidgetArea.LeftDockWidgetArea or outline.isFloating():
        return
    behind = [d for d in window.tabifiedDockWidgets(inspector) if d is not outline]
    window.tabifyDockWidget(inspector, outline)
    for dock in behind:  # re-tabbed after the outline: Inspector, Outline, History, ...
        window.tabifyDockWidget(outline, dock)
    inspector.raise_()


def keep_map_wide(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget,
                  map_view: QWidget) -> None:
    """Once shown: dock tabs scroll instead of eliding, and the dock widths are sane for this window."""
    # Dock tab bars are direct children of the window; a recursive search costs ~15 ms at start-up.
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        # Dock tabs scroll rather than shrink to "Ins…", "Pri…" on a small screen.
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)
    sanitize_dock_widths(window, outline, inspector)


def _docked(dock: QDockWidget) -> bool:
    return dock.isVisible() and not dock.isFloating()


def _right_group(window: QMainWindow, inspector: QDockWidget) -> QDockWidget | None:
    """The visible dock of the right-hand group (the inspector or whichever tab is in front)."""
    if _docked(inspector) and window.dockWidgetArea(inspector) == Qt.DockWidgetArea.RightDockWidgetArea:
        return inspector
    for dock in window.findChildren(QDockWidget):
        if dock.parent() is window and _docked(dock) and (
            window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
        ):
            return dock
    return None


def sane_dock_widths(window_width: int, outline: int | None,
                     right: int | None) -> tuple[int | None, int | None]:
    """The widths the outline and the right-hand panels should have in a window this wide.

    ``None`` means that side shows no dock. A width saved on another screen (or squeezed by an
    earlier window) is brought back into range: the outline wide enough to read its rows, the
    inspector wide enough for its fields, and the map keeping at least ``MAP_MIN_SHARE`` of the width.
    """
    spare = int(window_width * (1 - MAP_MIN_SHARE))
    new_outline = new_right = None
    if outline is not None:
        new_outline = min(max(outline, OUTLINE_MIN_WIDTH), max(OUTLINE_MIN_WIDTH, int(window_width * 0.2)))
    if right is not None:
        new_right = min(max(right, INSPECTOR_MIN_WIDTH), max(INSPECTOR_MIN_WIDTH, int(window_width * 0.25)))
    total = (new_outline or 0) + (new_right or 0)
    if total > spare:
        # Too little room for both at their minimum: share what the map can spare, outline first.
        if new_outline is not None and new_right is not None:
            new_outline = min(new_outline, max(int(spare * 0.45), spare - new_right))
            new_right = max(0, spare - new_outline)
        elif new_outline is not None:
            new_outline = spare
        elif new_right is not None:
            new_right = spare
    return new_outline, new_right


def sanitize_dock_widths(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget) -> None:
    """Bring dock widths restored from another screen size back to useful ones (see ``sane_dock_widths``)."""
    right_dock = _right_group(window, inspector)
    # The outline may be a tab in the right-hand column (a narrow window): then it has no side of its own.
    left = outline if _docked(outline) and (
        window.dockWidgetArea(outline) == Qt.DockWidgetArea.LeftDockWidgetArea) else None
    want_left, want_right = sane_dock_widths(
        window.width(), left.width() if left is not None else None,
        right_dock.width() if right_dock is not None else None)
    docks: list[QDockWidget] = []
    widths: list[int] = []
    for dock, want in ((left, want_left), (right_dock, want_right)):
        if dock is not None and want is not None and abs(dock.width() - want) > 2:
            docks.append(dock)
            widths.append(want)
    if docks:
        window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
