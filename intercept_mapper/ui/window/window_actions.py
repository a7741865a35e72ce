"""Every command of the main window as a QAction with a stable objectName, and the menus and toolbar.

The ids are the automation names of the contract (``action_new`` ... ``action_export_image``) plus
the ones this window adds. Behaviour is wired elsewhere (``main_window.py``); this module only says
what each action is called, its shortcut and where it appears.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QToolButton, QWidget

from ..files.settings import AppSettings
from ..plain_text import menu_text, plain
from . import themes

# ----------------------------------------------------------------------------- Public API: ids
ACTION_NEW = "action_new"
ACTION_OPEN = "action_open"
ACTION_SAVE = "action_save"
ACTION_SAVE_AS = "action_save_as"
ACTION_IMPORT_WORKSHEET = "action_import_worksheet"
ACTION_EXPORT_PDF = "action_export_pdf"
ACTION_EXPORT_IMAGE = "action_export_image"
ACTION_ROLLUP = "action_rollup"
ACTION_COMPARE = "action_compare"
ACTION_QUIT = "action_quit"
ACTION_UNDO = "action_undo"
ACTION_REDO = "action_redo"
ACTION_ADD_POINT = "action_add_point"
ACTION_ADD_RESOURCE = "action_add_resource"
ACTION_ADD_GAP = "action_add_gap"
ACTION_CONNECT = "action_connect"
ACTION_ARRANGE_MAP = "action_arrange_map"
ACTION_RENAME = "action_rename"
ACTION_DELETE = "action_delete"
ACTION_COPY = "action_copy"
ACTION_CUT = "action_cut"
ACTION_SELECT_ALL = "action_select_all"
ACTION_RECOVER_UNSAVED = "action_recover_unsaved"
ACTION_PASTE = "action_paste"
ACTION_DUPLICATE = "action_duplicate"
ACTION_FIND = "action_find"
ACTION_ZOOM_IN = "action_zoom_in"
ACTION_ZOOM_OUT = "action_zoom_out"
ACTION_ZOOM_RESET = "action_zoom_reset"
ACTION_FIT = "action_fit"
ACTION_PRESENTATION_MODE = "action_presentation_mode"
ACTION_FOCUS_MAP = "action_focus_map"
ACTION_FOCUS_OUTLINE = "action_focus_outline"
ACTION_FOCUS_INSPECTOR = "action_focus_inspector"
ACTION_FOCUS_ACTION_PLANS = "action_focus_action_plans"
ACTION_PLANNING_VIEW = "action_planning_view"
ACTION_MOVE_PREFIX = "action_move_to_intercept_"  # + "0".."5" or "x"
MOVE_TARGETS = ("0", "1", "2", "3", "4", "5", "X")
ACTION_THEME_PREFIX = "action_theme_"  # + theme id with "-" as "_": action_theme_high_contrast
ACTION_ABOUT = "action_about"
ACTION_SHOW_HISTORY = "action_show_history"
ACTION_OPEN_ROOM = "action_open_room_voting"
ACTION_ROOM_INBOX = "action_room_inbox"


def move_action_name(intercept: str) -> str:
    """The objectName of the action that moves the selection to ``intercept``."""
    return ACTION_MOVE_PREFIX + intercept.lower()


def theme_action_name(theme: str) -> str:
    """The objectName of the menu action that picks ``theme``."""
    return ACTION_THEME_PREFIX + theme.replace("-", "_")


class ActionSpec(NamedTuple):
    """What an action is called, its keys and its tooltip."""

    name: str
    text: str
    shortcuts: tuple[QKeySequence | QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    checkable: bool = False


SK = QKeySequence.StandardKey

SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(ACTION_NEW, "&New\u2026", (SK.New,), "Start a new workshop from an intercept preset"),
    ActionSpec(ACTION_OPEN, "&Open\u2026", (SK.Open,), "Open a workshop file"),
    ActionSpec(ACTION_SAVE, "&Save", (SK.Save,), "Save the workshop"),
    ActionSpec(ACTION_SAVE_AS, "Save &As\u2026", (SK.SaveAs, "Ctrl+Shift+S"), "Save under a new name"),
    ActionSpec(ACTION_RECOVER_UNSAVED, "Recover &Unsaved Work\u2026", (),
               "Unsaved work kept by sessions that did not close properly: restore or discard it"),
    ActionSpec(ACTION_IMPORT_WORKSHEET, "&Import Worksheet\u2026", (),
               "Build a workshop from a worksheet CSV"),
    ActionSpec(ACTION_EXPORT_PDF, "Export &Report (PDF, HTML)\u2026", (),
               "Write the report or handout as PDF, or the report as an accessible web page"),
    ActionSpec(ACTION_EXPORT_IMAGE, "Export Map &Image (PNG, SVG)\u2026", (),
               "Write the map as a PNG or SVG image"),
    ActionSpec(ACTION_ROLLUP, "Ro&llup\u2026", (),
               "Summarise many communities' files: common themes, gaps and priorities"),
    ActionSpec(ACTION_COMPARE, "Compare &With\u2026", (),
               "See what changed since an older version of this file"),
    ActionSpec(ACTION_QUIT, "&Quit", (SK.Quit, "Ctrl+Q"), "Close the app"),
    ActionSpec(ACTION_UNDO, "&Undo", (SK.Undo,), "Undo the last change"),
    ActionSpec(ACTION_REDO, "&Redo", (SK.Redo, "Ctrl+Y"), "Redo what was undone"),
    ActionSpec(ACTION_ADD_POINT, "Add &Point", ("Ctrl+Shift+P",), "Add a decision point and type its title"),
    ActionSpec(ACTION_ADD_RESOURCE, "Add &Resource", ("Ctrl+Shift+R",), "Add a resource (what works)"),
    ActionSpec(ACTION_ADD_GAP, "Add &Gap", ("Ctrl+Shift+G",), "Add a gap (what is missing)"),
    ActionSpec(ACTION_CONNECT, "&Connect Points\u2026", ("Ctrl+L",),
               "Draw a flow from the selected point: type the other point's title; Ctrl+L again flips"),
    ActionSpec(ACTION_ARRANGE_MAP, "&Arrange Automatically", (),
               "Move every point not kept where placed by hand to where automatic layout puts it, with "
               "room under each for one more resource or gap (one undo step)"),
    ActionSpec(ACTION_RENAME, "Re&name", ("F2",), "Edit the title of the selected item"),
    ActionSpec(ACTION_DELETE, "&Delete", (SK.Delete,), "Delete the selected items"),
    ActionSpec(ACTION_CUT, "Cu&t", (SK.Cut,), "Copy the selected items and delete them"),
    ActionSpec(ACTION_COPY, "&Copy", (SK.Copy,), "Copy the selected items"),
    ActionSpec(ACTION_PASTE, "&Paste", (SK.Paste,), "Paste items"),
    ActionSpec(ACTION_DUPLICATE, "D&uplicate", ("Ctrl+D",), "Duplicate the selected items"),
    ActionSpec(ACTION_SELECT_ALL, "Select &All", (SK.SelectAll,), "Select every item on the map"),
    ActionSpec(ACTION_FIND, "&Find\u2026", (SK.Find,), "Find items by text"),
    ActionSpec(ACTION_ZOOM_IN, "Zoom &In", (SK.ZoomIn, "Ctrl+="), "Zoom in"),
    ActionSpec(ACTION_ZOOM_OUT, "Zoom &Out", (SK.ZoomOut,), "Zoom out"),
    ActionSpec(ACTION_ZOOM_RESET, "&Actual Size", ("Ctrl+1",), "Zoom to 100 %"),
    ActionSpec(ACTION_FIT, "&Fit to Window", ("Ctrl+0",), "Show the whole map"),
    ActionSpec(ACTION_PRESENTATION_MODE, "&Presentation Mode", ("F5",),
               "Full screen, large text, high contrast; PageDown/PageUp walk the intercepts, Esc leaves",
               checkable=True),
    ActionSpec(ACTION_FOCUS_MAP, "Go to &Map", ("Ctrl+Shift+M",), "Put the keyboard on the map"),
    ActionSpec(ACTION_FOCUS_OUTLINE, "Go to O&utline", ("Ctrl+Shift+O",),
               "Put the keyboard on the outline (every item as a list)"),
    ActionSpec(ACTION_FOCUS_INSPECTOR, "Go to &Inspector", ("Ctrl+Shift+I",),
               "Put the keyboard on the details of the selected item"),
    ActionSpec(ACTION_FOCUS_ACTION_PLANS, "Go to &Action Plans", ("Ctrl+Shift+A",),
               "Put the keyboard on the action-planning chart (Ctrl+Enter adds a step, F2 edits)"),
    ActionSpec(ACTION_PLANNING_VIEW, "Action Plans &Wide", ("F7",),
               "The action plans over the whole window for the projector, every column showing; F7 or "
               "Esc goes back", checkable=True),
    ActionSpec(ACTION_SHOW_HISTORY, "Undo &History", ("Ctrl+Shift+H",),
               "Every step of this session; pick one to go back to it"),
    ActionSpec(ACTION_OPEN_ROOM, "Open &Room Voting\u2026", (),
               "Phones in the room vote: a QR code and address on the projector, ballots counted live"),
    ActionSpec(ACTION_ROOM_INBOX, "Room &Inbox", (), "Resources and gaps the room suggested from phones"),
    ActionSpec(ACTION_ABOUT, "&About Intercept Mapper", (), ""),
)


def create_actions(parent: QWidget) -> dict[str, QAction]:
    """One QAction per spec (plus one per theme), owned by ``parent``, keyed by objectName."""
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        action = _action(spec.text, parent)
        action.setObjectName(spec.name)
        keys = _key_sequences(spec.shortcuts)
        action.setShortcuts(_unique(keys))
        tip = spec.tip or spec.text.replace("&", "").rstrip("\u2026")
        if keys:
            tip += f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        parent.addAction(action)  # shortcuts work even while the menu bar is hidden (presentation)
        actions[spec.name] = action
    for target in MOVE_TARGETS:
        text = "Cross-intercept band" if target == "X" else f"Intercept {target}"
        action = _action(f"Move to {text}", parent)
        action.setObjectName(move_action_name(target))
        action.setShortcut(QKeySequence(f"Alt+{target}"))
        action.setData(target)
        action.setStatusTip(f"Put the selected items in {text.lower()}")
        parent.addAction(action)
        actions[action.objectName()] = action
    for theme in themes.theme_names():
        action = _action(themes.theme_title(theme), parent)
        action.setObjectName(theme_action_name(theme))
        action.setCheckable(True)
        action.setData(theme)
        actions[action.objectName()] = action
    return actions


def _action(text: str, parent: QWidget) -> QAction:
    # Not QAction(text, parent): PySide matches that call against QAction(QIcon, text, parent) too,
    # which builds QIcon's Python enums (~1-2 ms) before the first paint, where no icon is shown.
    action = QAction(parent)
    action.setText(text)
    return action


def _key_sequences(shortcuts: tuple[QKeySequence | SK | str, ...]) -> list[QKeySequence]:
    # A standard key stands for all of the platform's bindings (Redo is Ctrl+Y *and* Ctrl+Shift+Z on
    # Linux); QKeySequence(standard_key) would keep only the first.
    keys: list[QKeySequence] = []
    for key in shortcuts:
        if isinstance(key, QKeySequence.StandardKey):
            keys += QKeySequence.keyBindings(key)
        else:
            keys.append(QKeySequence(key))
    return keys


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    seen: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in seen:
            seen.append(key)
    return seen


def connect_actions(actions: dict[str, QAction], handlers: dict[str, Callable[[], object]]) -> None:
    """Call ``handlers[name]()`` when the action ``name`` is triggered."""
    for name, handler in handlers.items():
        actions[name].triggered.connect(lambda _checked=False, h=handler: h())


# ----------------------------------------------------------------------------- menus and toolbar
def build_menus(menu_bar: QMenuBar, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """Fill the menu bar; returns the menus by name (``file``, ``recent``, ``edit``, ``map``, ``view``,
    ``theme``, ``panels``, ``help``) so the window can add to them."""
    a = actions
    menus: dict[str, QMenu] = {}
    file_menu = menus["file"] = menu_bar.addMenu("&File")
    file_menu.addActions([a[ACTION_NEW], a[ACTION_OPEN]])
    menus["recent"] = file_menu.addMenu("Open &Recent")
    menus["recent"].setObjectName("menu_recent_files")
    file_menu.addAction(a[ACTION_RECOVER_UNSAVED])
    file_menu.addActions([a[ACTION_SAVE], a[ACTION_SAVE_AS]])
    file_menu.addSeparator()
    file_menu.addActions([a[ACTION_IMPORT_WORKSHEET], a[ACTION_EXPORT_PDF], a[ACTION_EXPORT_IMAGE]])
    file_menu.addSeparator()
    file_menu.addActions([a[ACTION_COMPARE], a[ACTION_ROLLUP]])
    file_menu.addSeparator()
    file_menu.addAction(a[ACTION_QUIT])

    edit_menu = menus["edit"] = menu_bar.addMenu("&Edit")
    edit_menu.addActions([a[ACTION_UNDO], a[ACTION_REDO], a[ACTION_SHOW_HISTORY]])
    edit_menu.addSeparator()
    edit_menu.addActions([a[ACTION_CUT], a[ACTION_COPY], a[ACTION_PASTE], a[ACTION_DUPLICATE],
                          a[ACTION_RENAME], a[ACTION_DELETE]])
    edit_menu.addAction(a[ACTION_SELECT_ALL])
    edit_menu.addSeparator()
    edit_menu.addAction(a[ACTION_FIND])

    map_menu = menus["map"] = menu_bar.addMenu("&Map")
    map_menu.addActions([a[ACTION_ADD_POINT], a[ACTION_ADD_RESOURCE], a[ACTION_ADD_GAP]])
    map_menu.addSeparator()
    map_menu.addAction(a[ACTION_CONNECT])
    menus["move"] = map_menu.addMenu("&Move to Intercept")
    for target in MOVE_TARGETS:
        menus["move"].addAction(a[move_action_name(target)])
    map_menu.addSeparator()
    map_menu.addAction(a[ACTION_ARRANGE_MAP])

    menus["voting"] = menu_bar.addMenu("V&oting")
    menus["voting"].addActions([a[ACTION_OPEN_ROOM], a[ACTION_ROOM_INBOX]])

    view_menu = menus["view"] = menu_bar.addMenu("&View")
    view_menu.addActions([a[ACTION_ZOOM_IN], a[ACTION_ZOOM_OUT], a[ACTION_ZOOM_RESET], a[ACTION_FIT]])
    view_menu.addSeparator()
    view_menu.addActions([a[ACTION_FOCUS_MAP], a[ACTION_FOCUS_OUTLINE], a[ACTION_FOCUS_INSPECTOR],
                          a[ACTION_FOCUS_ACTION_PLANS]])
    view_menu.addSeparator()
    view_menu.addActions([a[ACTION_PRESENTATION_MODE], a[ACTION_PLANNING_VIEW]])
    menus["theme"] = view_menu.addMenu("&Theme")
    for theme in themes.theme_names():
        menus["theme"].addAction(a[theme_action_name(theme)])
    menus["panels"] = view_menu.addMenu("&Panels")

    menus["help"] = menu_bar.addMenu("&Help")
    menus["help"].addAction(a[ACTION_ABOUT])
    return menus


def build_toolbars(window_add_toolbar: Callable[[str], QToolBar],
                   actions: dict[str, QAction]) -> list[QToolBar]:
    """The file toolbar and the mapping toolbar (text labels: a projector audience reads words)."""
    a = actions
    file_bar = window_add_toolbar("File")
    file_bar.setObjectName("toolbar_file")
    file_bar.addActions([a[ACTION_NEW], a[ACTION_OPEN], a[ACTION_SAVE]])
    file_bar.addSeparator()
    file_bar.addActions([a[ACTION_UNDO], a[ACTION_REDO]])
    map_bar = window_add_toolbar("Map")
    map_bar.setObjectName("toolbar_map")
    map_bar.addActions([a[ACTION_ADD_POINT], a[ACTION_ADD_RESOURCE], a[ACTION_ADD_GAP], a[ACTION_CONNECT],
                        a[ACTION_DELETE]])
    map_bar.addSeparator()
    map_bar.addActions([a[ACTION_FIT], a[ACTION_PRESENTATION_MODE]])
    return [file_bar, map_bar]


class _UndoActionUpdater(QObject):
    """Keeps Undo and Redo in step with a stack; a child of the Undo action, so it dies with it."""

    def __init__(self, stack: QUndoStack, undo: QAction, redo: QAction) -> None:
        super().__init__(undo)
        self._undo = undo
        self._redo = redo
        self._stack = stack
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.undo_enabled)
        stack.canRedoChanged.connect(self.redo_enabled)
        stack.undoTextChanged.connect(self.undo_text)
        stack.redoTextChanged.connect(self.redo_text)
        # The flags above are not announced when an obsolete push drops the redo steps: read the
        # stack itself whenever its index is (re)announced (``commands.announce_stack_state``).
        stack.indexChanged.connect(self.sync)

    def sync(self, *_args: object) -> None:
        """Set both actions from the stack as it is now."""
        if not shiboken6.isValid(self._stack):  # announced while the window is being destroyed
            return
        self.undo_enabled(self._stack.canUndo())
        self.redo_enabled(self._stack.canRedo())
        self.undo_text(self._stack.undoText())
        self.redo_text(self._stack.redoText())

    def undo_enabled(self, on: bool) -> None:
        """Follow canUndo."""
        self._set_enabled(self._undo, on)

    def redo_enabled(self, on: bool) -> None:
        """Follow canRedo."""
        self._set_enabled(self._redo, on)

    def _set_enabled(self, action: QAction, on: bool) -> None:
        # As for a tooltip (``_set_tooltip``): the toolbar would lay itself and the window out again
        # (~0.6 ms of an edit that makes Redo unavailable, of every undo and redo) for a button whose
        # size does not change; the button is enabled or disabled directly, and repaints itself.
        if action.isEnabled() == on:
            return
        self._tell_buttons_only(action, lambda: action.setEnabled(on), lambda button: button.setEnabled(on))

    def undo_text(self, text: str) -> None:
        """Name the step Undo would take back."""
        self._set_tooltip(self._undo, plain(f"Undo {text}") if text else "Undo")  # step texts quote titles

    def redo_text(self, text: str) -> None:
        """Name the step Redo would apply."""
        self._set_tooltip(self._redo, plain(f"Redo {text}") if text else "Redo")

    def _set_tooltip(self, action: QAction, text: str) -> None:
        # A changed action is announced to its toolbar, which then lays itself and the main window out
        # again (with the window's layout animations), and to its tool button, which re-reads the whole
        # action and asks for a new size: ~0.8 ms of the UI thread for a new tooltip, paid for every
        # undo step, so for every ballot of a room's burst. Neither needs a layout for a tooltip, so
        # they do not hear of this change (Qt sends it synchronously, within setToolTip), and the
        # button is given its tooltip directly.
        if action.toolTip() == text:
            return
        self._tell_buttons_only(action, lambda: action.setToolTip(text),
                                lambda button: button.setToolTip(text))

    def _tell_buttons_only(self, action: QAction, change: Callable[[], object],
                           on_button: Callable[[QToolButton], object]) -> None:
        """Make ``change`` to ``action`` without its toolbars and tool buttons hearing of it (menus do),
        then ``on_button`` on each of its tool buttons."""
        deaf = [w for w in action.associatedObjects() if isinstance(w, (QToolBar, QToolButton))]
        for widget in deaf:
            widget.installEventFilter(self)
        try:
            change()
        finally:
            for widget in deaf:
                widget.removeEventFilter(self)
        for widget in deaf:
            if isinstance(widget, QToolButton):
                on_button(widget)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Swallow the action's change notice while only its tooltip or its enabled state changes (see
        ``_set_tooltip``, ``_set_enabled``)."""
        return event.type() == QEvent.Type.ActionChanged


def bind_undo_actions(stack: QUndoStack, undo: QAction, redo: QAction) -> None:
    """Keep the Undo and Redo actions enabled and their tooltips naming the step (``Undo Add gap 'X'``)."""
    _UndoActionUpdater(stack, undo, redo)


def fill_recent_menu(menu: QMenu, settings: AppSettings, open_path: Callable[[str], object],
                     refresh: Callable[[], None]) -> None:
    """List the recent files in ``menu`` (numbered for the keyboard), with Clear at the end."""
    menu.clear()
    recent = settings.recent_files()
    for n, path in enumerate(recent, start=1):
        action = menu.addAction(f"&{n % 10}  {menu_text(Path(path).name)}")  # a name's & is no mnemonic
        action.setToolTip(plain(path))  # a file may be called <b>.simmap
        action.setStatusTip(path)
        action.triggered.connect(lambda _c=False, p=path: open_path(p))
    if recent:
        menu.addSeparator()
        menu.addAction("Clear Recent Files", lambda: (settings.clear_recent_files(), refresh()))
    menu.setEnabled(bool(recent))
