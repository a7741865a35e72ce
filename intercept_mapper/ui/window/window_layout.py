"""Where the panels go around the map, and the rule that they never squeeze the map.

Outline on the left; inspector on the right with the history and the later panels (priorities,
action plans, participants) as tabs behind it. In a window narrower than ``COMPACT_BELOW_WIDTH``
(a 1280x720 or 1366x768 projector) a first start puts the outline in that right-hand column too, as
the tab after the inspector, so that the map gets about three quarters of the width. A layout the
user left at the last close wins over both defaults, for panels built after the first paint too;
it is only trimmed (see ``sane_dock_widths``) so that the map keeps most of the window.

The map is what the room looks at, so the same rule holds whenever the window changes size (a laptop
unplugged from a large screen, a window narrowed by hand) and whenever a layout saved on a larger screen
comes back: a window too narrow for two dock columns and the map's share (``FOLD_BELOW_WIDTH``) puts the
outline in the right-hand column as a tab (back on the left once the window is wide again, and saved
where the user left it), dock columns shrink to their share, and docks above or below the map shrink
so that it keeps ``MAP_MIN_HEIGHT_SHARE`` of the window's height (``give_map_its_share``).
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
# Of the window height, when docks above or below the map would take more: at 1280x720 the map is then
# at least 480 px tall (~645 with no dock there), where the sample fitted whole is drawn at ~31 %, with
# its titles (under 28 % boxes lose their text, ``point_item.LOW_DETAIL``: at 60 %, 432 px, they did);
# a dock below it keeps ~150 px.
MAP_MIN_HEIGHT_SHARE = 2 / 3
DEFAULT_SIZE = (1400, 900)
# Narrower windows start with one dock column: two would leave the fitted map at a third of the width.
COMPACT_BELOW_WIDTH = 1400
# Narrower than this, the outline and the inspector at their narrowest leave the map under its share.
FOLD_BELOW_WIDTH = round((OUTLINE_MIN_WIDTH + INSPECTOR_MIN_WIDTH) / (1 - MAP_MIN_SHARE))
_REMEMBERED = "layout_remembered"  # window property: the dock layout came from the settings
_FOLDED = "outline_folded"  # window property: the outline is a right-hand tab for the window's width only


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
    window.setProperty(_FOLDED, False)  # the layout is the remembered or default one again
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
    _tab_outline_after_inspector(window, outline, inspector)


def _outline_on_the_left(window: QMainWindow, outline: QDockWidget) -> bool:
    return window.dockWidgetArea(outline) == Qt.DockWidgetArea.LeftDockWidgetArea and not outline.isFloating()


def _tab_outline_after_inspector(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget) -> bool:
    """The outline as the tab after the inspector (True), unless it is floating or already elsewhere,
    or the inspector is not a shown dock on the right (closed: there is no right-hand column to join)."""
    if not _outline_on_the_left(window, outline) or inspector.isFloating() or inspector.isHidden() or (
            window.dockWidgetArea(inspector) != Qt.DockWidgetArea.RightDockWidgetArea):
        return False
    behind = [d for d in window.tabifiedDockWidgets(inspector) if d is not outline]
    window.tabifyDockWidget(inspector, outline)
    for dock in behind:  # re-tabbed after the outline: Inspector, Outline, History, ...
        window.tabifyDockWidget(outline, dock)
    inspector.raise_()
    return True


def fold_outline_when_narrow(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget) -> None:
    """Below ``FOLD_BELOW_WIDTH`` a shown outline on the left becomes the tab after the inspector; a
    window wide again gets back the outline this put there (not one the user put there)."""
    if window.width() < FOLD_BELOW_WIDTH:
        if _docked(outline) and _tab_outline_after_inspector(window, outline, inspector):
            window.setProperty(_FOLDED, True)
    elif window.property(_FOLDED):
        unfold_outline(window, outline, inspector)


def unfold_outline(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget) -> None:
    """Put back on the left an outline that ``fold_outline_when_narrow`` tabbed beside the inspector
    (also before the layout is saved: what is remembered is the user's layout, not the window's size)."""
    if not window.property(_FOLDED):
        return
    window.setProperty(_FOLDED, False)
    # Moved by the user meanwhile (floated, closed, dragged elsewhere): theirs now, left where it is.
    if outline.isFloating() or outline.isHidden() or inspector not in window.tabifiedDockWidgets(outline):
        return
    in_front = not outline.visibleRegion().isEmpty()  # the outline was the tab shown
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, outline)
    window.resizeDocks([outline], [OUTLINE_WIDTH], Qt.Orientation.Horizontal)
    if in_front:
        inspector.raise_()


def keep_map_wide(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget,
                  map_view: QWidget, *, laid_out: bool = True) -> None:
    """Once shown: dock tabs scroll instead of eliding, and the docks leave the map its share of this
    window (the outline tabbed on the right when narrow, sane widths, docks above or below shortened).
    ``laid_out`` False: called before the window's first layout, when the map's size is not yet real
    (only the outline's place and the docks' own widths are set then)."""
    fold_outline_when_narrow(window, outline, inspector)
    # Dock tab bars are direct children of the window; a recursive search costs ~15 ms at start-up.
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        # Dock tabs scroll rather than shrink to "Ins…", "Pri…" on a small screen.
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)
    sanitize_dock_widths(window, outline, inspector, map_view if laid_out else None)
    if laid_out:
        shorten_docks_above_and_below(window, map_view)


def give_map_its_share(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget,
                       map_view: QWidget) -> None:
    """After the window changed size: the rules of ``keep_map_wide``, applied only when the map is now
    under its share of the width or height or the outline may go back on the left (a window made a
    little smaller keeps the dock widths the user chose)."""
    narrow = map_view.width() < MAP_MIN_SHARE * window.width() - 2
    short = map_view.height() < MAP_MIN_HEIGHT_SHARE * window.height() - 2
    fold_changes = (window.width() < FOLD_BELOW_WIDTH and _docked(outline) and _outline_on_the_left(
        window, outline)) or (window.width() >= FOLD_BELOW_WIDTH and bool(window.property(_FOLDED)))
    if narrow or short or fold_changes:
        keep_map_wide(window, outline, inspector, map_view)


def _docked_above_or_below(window: QMainWindow) -> list[QDockWidget]:
    """One shown dock per area above and below the map: tabbed docks and docks side by side there
    share their row's height."""
    rows: dict[Qt.DockWidgetArea, QDockWidget] = {}
    # The window's docks are its direct children; a recursive search walks every panel's widgets.
    for dock in window.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        area = window.dockWidgetArea(dock)
        if area in (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea) and (
                _docked(dock)):
            rows.setdefault(area, dock)
    return list(rows.values())


def shorter_heights(heights: list[int], too_much: int) -> list[int]:
    """``heights`` (of the docks above and below the map) less ``too_much`` in all, each in proportion."""
    total = sum(heights)
    if too_much <= 0 or total <= 0:
        return list(heights)
    keep = max(0, total - too_much)
    return [h * keep // total for h in heights]


def shorten_docks_above_and_below(window: QMainWindow, map_view: QWidget) -> None:
    """Docks above or below the map (dragged there, or restored from a larger screen) leave the map
    ``MAP_MIN_HEIGHT_SHARE`` of the window's height; Qt keeps each at least at its minimum height."""
    too_much = round(MAP_MIN_HEIGHT_SHARE * window.height()) - map_view.height()
    if too_much <= 2:
        return
    rows = _docked_above_or_below(window)
    if rows:
        window.resizeDocks(rows, shorter_heights([d.height() for d in rows], too_much),
                           Qt.Orientation.Vertical)


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


def sane_dock_widths(window_width: int, outline: int | None, right: int | None,
                     between: int = 0) -> tuple[int | None, int | None]:
    """The widths the outline and the right-hand panels should have in a window this wide.

    ``None`` means that side shows no dock. A width saved on another screen (or squeezed by an
    earlier window) is brought back into range: the outline wide enough to read its rows, the
    inspector wide enough for its fields, and the map keeping at least ``MAP_MIN_SHARE`` of the width.
    ``between``: what else the map's row holds (the separators beside the docks, frames).
    """
    spare = max(0, int(window_width * (1 - MAP_MIN_SHARE)) - between)
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


def sanitize_dock_widths(window: QMainWindow, outline: QDockWidget, inspector: QDockWidget,
                         map_view: QWidget | None = None) -> None:
    """Bring dock widths restored from another screen size back to useful ones (see ``sane_dock_widths``)."""
    right_dock = _right_group(window, inspector)
    # The outline may be a tab in the right-hand column (a narrow window): then it has no side of its own.
    left = outline if _docked(outline) and (
        window.dockWidgetArea(outline) == Qt.DockWidgetArea.LeftDockWidgetArea) else None
    left_width = left.width() if left is not None else None
    right_width = right_dock.width() if right_dock is not None else None
    between = 0 if map_view is None else max(
        0, window.width() - map_view.width() - (left_width or 0) - (right_width or 0))
    want_left, want_right = sane_dock_widths(window.width(), left_width, right_width, between)
    docks: list[QDockWidget] = []
    widths: list[int] = []
    for dock, want in ((left, want_left), (right_dock, want_right)):
        if dock is not None and want is not None and abs(dock.width() - want) > 2:
            docks.append(dock)
            widths.append(want)
    if docks:
        window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
