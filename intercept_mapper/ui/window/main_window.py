"""The main window: the map in the centre, panels around it, menus, toolbars and a status bar.

Composition only. The open document lives in ``files.document_session``, file commands in
``files.file_actions``, crash copies in ``files.recovery``, presentation in ``presentation``, and each
panel in ``panels``; this module builds them and connects them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ...model.map_preview import blank_map_preview, read_map_preview, same_map
from .. import startup_gc
from ..files.document_session import APP_TITLE, DocumentSession
from ..files.settings import AppSettings
from . import first_paint, window_layout
from . import window_actions as wa
from .canvas_host import CanvasHost
from .find_bar import FindField
from .first_edit_warm_up import warm_up_first_edit
from .status_bar import MapStatusBar
from .themes import ThemeSwitcher, theme_names

REFREEZE_FROM_ITEMS = 1000  # boxes, chips and flows (ui/startup_gc.py: ``refreeze``)

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent, QShowEvent

    from ...model import Document
    from ..files.export_actions import ExportActions
    from ..files.recovery import AskRestore, RecoveryCopy
    from ..panels.action_plan_panel import ActionPlanPanel
    from ..panels.participants_panel import ParticipantsPanel
    from ..panels.priorities_panel import PrioritiesPanel

# Fast-entry and view commands reached through the canvas, by action id.
CANVAS_COMMANDS = {
    wa.ACTION_ADD_POINT: "add_point", wa.ACTION_ADD_RESOURCE: "add_resource", wa.ACTION_ADD_GAP: "add_gap",
    wa.ACTION_CONNECT: "connect_by_typing", wa.ACTION_RENAME: "rename_selected",
    wa.ACTION_DELETE: "delete_selected", wa.ACTION_COPY: "copy_selected", wa.ACTION_PASTE: "paste",
    wa.ACTION_CUT: "cut_selected", wa.ACTION_SELECT_ALL: "select_all",
    wa.ACTION_DUPLICATE: "duplicate_selected", wa.ACTION_ZOOM_IN: "zoom_in", wa.ACTION_ZOOM_OUT: "zoom_out",
    wa.ACTION_ZOOM_RESET: "zoom_reset", wa.ACTION_FIT: "fit_to_window",
}


class MainWindow(QMainWindow):
    """The Intercept Mapper window (one open workshop)."""

    def __init__(self, settings: AppSettings | None = None, parent: QWidget | None = None, *,
                 opening: str | Path | None = None, blank_first: bool = False) -> None:
        """A window with a new, empty workshop.

        ``opening`` names the file the window is started on (``run_app``). When its map can be read
        quickly (``model.map_preview``), the window is first built only as far as a first paint of that
        map needs, without the document model; right after that paint it opens the file itself and
        builds the rest (``finish_building``, ``when_built``, ``opened_on_start``). Otherwise the window
        is built whole at once and the caller opens the file. Building the pydantic classes costs about
        as much as starting Qt itself. ``blank_first`` (the app started without a file) does the same
        for the empty map of a new workshop.
        """
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings or AppSettings()
        self._built = False
        self._when_built: list[Callable[[], object]] = []
        self._late_panels: dict[str, Any] | None = None  # see ``_panels``
        self._exports: ExportActions | None = None  # built on first use: see ``exports``
        self._shown_once = False
        # Resizes come in bursts (a window dragged smaller): the docks give way once it pauses.
        self._share_timer = QTimer(self)
        self._share_timer.setSingleShot(True)
        self._share_timer.setInterval(50)
        self._share_timer.timeout.connect(self._give_map_its_share)
        preview = read_map_preview(opening) if opening else blank_map_preview() if blank_first else None
        self._preview, self._opening = preview, Path(opening) if preview is not None and opening else None
        self.opened_on_start = False  # True once the window has opened ``opening`` itself (or tried to)
        self.ask_recover: AskRestore | None = None  # File > Recover Unsaved Work's question (tests answer it)
        # What a first paint shows: the map, menus, toolbars and status bar, and the panels' places.
        self.session = DocumentSession(preview, parent=self)
        self.themes = ThemeSwitcher(self.settings, lambda theme: self.canvas.set_theme(theme), self)
        # A large map's first paint is a sketch (ui/map/map_sketch.py); its items are built with the rest.
        self.canvas = CanvasHost(self.session, self, theme=self.themes.start(), with_fast_entry=False,
                                 sketch_first=preview is not None)
        self.map_view = self.canvas.view
        # A large map built behind its sketch is long-lived: frozen for the collector as its build ends.
        self.canvas.scene.freeze_when_built = True
        self.setCentralWidget(self.map_view)
        self.window_actions = wa.create_actions(self)
        self.status = MapStatusBar(self.session.document, self)
        from ..commands import listen_for_refusals

        listen_for_refusals(self._say_refused)
        self.setStatusBar(self.status)
        wa.bind_undo_actions(self.undo_stack, self.window_actions[wa.ACTION_UNDO],
                             self.window_actions[wa.ACTION_REDO])
        self.map_view.sig_zoom_changed.connect(self.status.zoom_changed)
        self.menus = wa.build_menus(self.menuBar(), self.window_actions)
        self.toolbars = wa.build_toolbars(self.addToolBar, self.window_actions)
        self.find_field = FindField(self.canvas.find, self)
        # At the right of the menu bar, which has room to spare: at the end of the toolbar it fell into
        # the toolbar's overflow on a window narrower than ~1250 px, and Ctrl+F then showed nothing.
        self.menuBar().setCornerWidget(self.find_field, Qt.Corner.TopRightCorner)
        self.setAcceptDrops(True)
        if preview is None:
            self._build_the_rest()
            # Voting, action plans and who is at the table (issue 4) are hidden tabs at start: they are
            # built right after the map's first paint (or on first use), which keeps start-up short.
            self._first_paint = first_paint.FirstPaintWatch(self.map_view.viewport(), self._after_first_paint)
            return
        # Empty docks hold the panels' places, so that the map is drawn at its final size and zoom.
        self.outline, self.inspector = first_paint.hold_panel_places(self)
        window_layout.restore_layout(self, self.settings, self.outline, self.inspector)
        # The whole map is fitted into the view: scroll bars would only take room from it.
        first_paint.set_scroll_bars(self.map_view, Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if self._opening is None:
            self.setWindowTitle(self.session.title())  # a new workshop
        else:
            self.setWindowTitle(f"{self._opening.name} - {APP_TITLE}")
            self.status.showMessage(f"Opening {self._opening.name}\u2026")
        self._first_paint = first_paint.FirstPaintWatch(self.map_view.viewport(),
                                             lambda: QTimer.singleShot(0, self.finish_building))

    def _build_the_rest(self) -> None:
        """Everything that edits or needs the document model: fast entry, files, recovery, panels."""
        # Loaded here, after the first paint of a window opened on a file (see ``__init__``).
        from ..files.file_actions import FileActions
        from ..files.recovery import RecoveryWriter
        from ..panels import HistoryDock, InspectorDock, OutlineDock
        from .presentation import PresentationMode

        self.recovery = RecoveryWriter(self.session, parent=self)
        self.files = FileActions(self, self.session, self.settings)
        fast_entry = self.canvas.start_fast_entry()
        self.files.commit_pending_edits = fast_entry.finish_editing
        # A title being typed on the map is in the recovery copy (not in the document until Enter).
        fast_entry.sig_pending_text_changed.connect(self.recovery.schedule)
        fast_entry.sig_editing_changed.connect(lambda _editing: self.recovery.schedule())
        # Opening a file (Open, Open Recent, a drop) that has newer unsaved work offers that work first.
        from ..files.recovery import copies_newer_than

        self.files.newer_copies = lambda path: copies_newer_than(path, exclude=self.recovery.recovery_id)
        self.files.restore_copy = self.restore_recovery_copy
        self.files.sig_status.connect(self.status.say)
        self.files.sig_recent_changed.connect(self._fill_recent_menu)
        if self._preview is not None:
            self._open_previewed_file()
        self.inspector = InspectorDock(self.session, self)
        # Typed into the inspector but not yet kept (dates, lists, intercept labels): in the copy too.
        self.recovery.pending_edits = lambda: [*fast_entry.pending_edits(), *self.inspector.pending_edits(),
                                               *self._late_panel_edits()]
        self.inspector.sig_pending_text_changed.connect(self.recovery.schedule)
        self.outline = OutlineDock(self.session.document, self)
        self.history = HistoryDock(self.session.undo_stack, self)
        self.presentation = PresentationMode(
            self, lambda: self.canvas.view, self.themes, self.canvas.set_text_scale,
            lambda: self.document.workshop.scheme.ids(), lambda: self.canvas.text_scale)
        window_layout.place_docks(self, self.outline, self.inspector, [self.history], self.menus["panels"],
                                  self.toolbars)
        if self.isVisible():
            # Docks added to a window already on screen stay hidden until shown; shown before the
            # remembered layout is restored, those the user had closed are then hidden by it, as they
            # are when the window is built before its first show.
            for dock in (self.outline, self.inspector, self.history):
                dock.show()
        self._wire()
        window_layout.restore_layout(self, self.settings, self.outline, self.inspector)
        self.window_actions[wa.theme_action_name(self.themes.current)].setChecked(True)
        self._update_title()
        self.map_view.setFocus()  # the keyboard starts on the map: keys 0-5 and the add shortcuts work
        # The icon (title bar, taskbar, this window's dialogs) after the first paint of a window opened on
        # a map: QIcon's first use costs a few ms, and the desktop shows the icon when it is set.
        from .app_icon import set_app_icon

        set_app_icon(self)
        self._built = True

    def _open_previewed_file(self) -> None:
        """Open the file whose map the first paint showed, before anything reads the document: the map
        stays as drawn when the file holds it; a file the loader refuses leaves a new workshop (as does
        a window first painted blank, whose empty map then stays as drawn)."""
        first_paint.release_panel_places(self, (self.outline, self.inspector))  # real panels come next
        first_paint.set_scroll_bars(self.map_view, Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        preview, path, self._preview = self._preview, self._opening, None
        self.opened_on_start = True
        if preview is None or path is None or not self.files.open_previewed(path, preview):
            from ...model import new_workshop

            workshop = new_workshop()
            blank = preview is not None and path is None and same_map(preview, workshop)
            self.session.load(workshop, None, already_shown=blank)
        # A sketch of the previewed map gives way to its items (a very large map's built behind it in
        # steps, so that the window answers meanwhile).
        self.canvas.scene.build_items(in_steps=True)  # (frozen once built: ``freeze_when_built``)

    def finish_building(self) -> None:
        """Build what a window opened on a map preview left for after the first paint (once)."""
        if self._built:
            return
        self._build_the_rest()
        if self._shown_once:  # the real panels take the places the empty ones had at the first show
            window_layout.arrange_on_first_show(self, self.outline, self.inspector)
            self.layout().activate()  # the docks' widths now, not at the next event...
            window_layout.keep_map_wide(self, self.outline, self.inspector, self.map_view)
            self.layout().activate()  # ...and the map's, which is fitted to it again
            self.canvas.call("fit_to_window")
        QTimer.singleShot(0, self._panels)
        waiting, self._when_built = self._when_built, []
        for then in waiting:
            then()

    def is_built(self) -> bool:
        """False only between a map preview's construction and ``finish_building``."""
        return self._built

    def when_built(self, then: Callable[[], object]) -> None:
        """Call ``then`` once the window is completely built (at once if it already is)."""
        if self._built:
            then()
        else:
            self._when_built.append(then)

    # ------------------------------------------------------------------ Public API
    @property
    def document(self) -> Document:
        """The open workshop document."""
        return self.session.document

    @property
    def exports(self) -> ExportActions:
        """The export commands (PDF report, map image), built on first use: reportlab loads slowly."""
        if self._exports is None:
            from ..files.export_actions import ExportActions

            self._exports = ExportActions(self, self.session)
            self._exports.sig_status.connect(self.status.say)
        return self._exports

    @property
    def priorities_panel(self) -> PrioritiesPanel:
        """The voting panel (built on first use or right after the first paint)."""
        return self._panels()["priorities_panel"]

    @property
    def action_plan_panel(self) -> ActionPlanPanel:
        """The action plan panel (built on first use or right after the first paint)."""
        return self._panels()["action_plan_panel"]

    @property
    def participants_panel(self) -> ParticipantsPanel:
        """The participants panel (built on first use or right after the first paint)."""
        return self._panels()["participants_panel"]

    @property
    def undo_stack(self) -> QUndoStack:
        """The undo stack of the open document."""
        return self.session.undo_stack

    def action(self, name: str) -> QAction:
        """The QAction with objectName ``name``."""
        return self.window_actions[name]

    def _say_refused(self, reason: str) -> None:
        """An edit the document refused: say why where the facilitator looks (no undo step was made)."""
        self.statusBar().showMessage(f"Not changed: {reason}", 10_000)
        if self._built:  # the refused command left the stack without a signal: Redo may be stale
            from ..commands import announce_stack_state

            stack = self.undo_stack
            QTimer.singleShot(0, stack, lambda: announce_stack_state(stack))  # not once the stack is gone

    def open_path(self, path: str | Path) -> bool:
        """Open a workshop file (asking about unsaved changes first); True when it opened."""
        return self.files.open_file(Path(path))

    def add_panel_dock(self, widget: QWidget, title: str,
                       area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a panel as a dock tabbed with the inspector, listed in View > Panels; returns the dock."""
        return window_layout.add_panel(self, self.inspector, widget, title, area, self.menus["panels"])

    def move_selection_to(self, intercept: str) -> bool:
        """Put the selected points, resources and gaps in ``intercept`` (one undo step)."""
        self.canvas.fast_entry.finish_editing()
        ids = self.canvas.selected_ids()
        from ..intercept_moves import push_move

        if not push_move(self.document, self.undo_stack, ids, intercept):
            return False
        self.canvas.select_ids(ids)
        return True

    def arrange_map(self) -> int:
        """Map > Arrange Automatically: every unpinned point where automatic layout puts it, as one undo
        step, said in the status bar; returns how many points moved (0: nothing was pushed)."""
        from ..map.map_arrangement import arrange_map

        self.canvas.fast_entry.finish_editing()
        return arrange_map(self.document, self.undo_stack, self.status.say)

    def offer_recovery(self, ask: AskRestore | None = None) -> bool:
        """Offer the recovery copies left by a crash; True when one was restored."""
        from ..files.recovery import ask_restore_dialog, choose_recovery_copy

        copy = choose_recovery_copy(ask or (lambda found: ask_restore_dialog(self, found)))
        return copy is not None and self.restore_recovery_copy(copy)

    def recover_unsaved_work(self, ask: AskRestore | None = None) -> bool:
        """File > Recover Unsaved Work: list the copies left by sessions that did not close properly
        (restore one, discard them all, or decide later); True when one was restored."""
        from ..files.recovery import (
            DISCARD_ALL,
            MENU_INTRO,
            RESTORE,
            ask_restore_dialog,
            find_recovery_copies,
        )

        self.canvas.fast_entry.finish_editing()
        copies = [c for c in find_recovery_copies() if c.recovery_id != self.recovery.recovery_id]
        if not copies:
            self.files.show_info("Recover unsaved work", "There is no unsaved work to recover: every "
                                 "session closed properly, or its work was restored or discarded.")
            return False
        ask = ask or self.ask_recover or (lambda found: ask_restore_dialog(self, found, MENU_INTRO))
        choice, copy = ask(copies)
        if choice == DISCARD_ALL:
            for found in copies:
                found.discard()
            self.status.say(f"Discarded {len(copies)} recovery cop{'y' if len(copies) == 1 else 'ies'}")
            return False
        if choice != RESTORE or copy is None or not self.files.maybe_save():
            return False
        return self.restore_recovery_copy(copy)

    def restore_recovery_copy(self, copy: RecoveryCopy) -> bool:
        """Open a recovery copy as an unsaved document bound to its original file."""
        from ..files.recovery import restore_copy

        error = restore_copy(self.session, self.recovery, copy)
        if error:
            self.files.show_error("Cannot restore", error)
            return False
        self.status.say(f"Restored unsaved changes from {copy.saved_at:%H:%M:%S}; save to keep them"
                        if copy.saved_at else "Restored unsaved changes; save to keep them")
        return True

    def open_rollup(self) -> QWidget:
        """File > Rollup...: the cross-community summary dialog (modeless); returns it."""
        from ..dialogs.rollup_dialog import open_rollup_dialog

        path = self.session.path
        return open_rollup_dialog(self, str(path.parent) if path else "")

    def open_compare(self, path: str | Path | None = None) -> QWidget | None:
        """File > Compare with...: ask for an older file (unless given) and show what changed."""
        from ..dialogs.compare_dialog import open_compare_dialog

        own = self.session.path
        return open_compare_dialog(self, self.document.workshop, self.session.display_name(),
                                   str(own.parent) if own else "", path)

    def open_room_voting(self) -> QWidget | None:
        """Voting > Open Room Voting: serve the phone page and show the projector view (ui/room)."""
        from ..room.room_opening import open_room_voting

        return open_room_voting(self)

    def show_room_inbox(self) -> QWidget:
        """Voting > Room Inbox: the suggestions phones sent, as a dock (built on first use)."""
        from ..room.room_opening import show_room_inbox

        return show_room_inbox(self)

    # Text typed into the late panels but not kept in the document yet, for the recovery copy: each
    # panel's getter of its pending edits, and its signal saying the text changed (connected in
    # ``_panels``). A panel with text of its own to add adds one line here.
    _LATE_PANEL_PENDING: tuple[tuple[str, Callable[[Any], Any], Callable[[Any], Any]], ...] = (
        ("action_plan_panel", lambda dock: dock.pending_edits(), lambda dock: dock.form.sig_typed),
        ("participants_panel", lambda dock: dock.pending_edits(), lambda dock: dock.sig_pending_text_changed),
        ("priorities_panel", lambda dock: dock.tables_editor.pending_edits(),
         lambda dock: dock.tables_editor.sig_pending_text_changed),
        # votes typed into the grid or the board (F6), or a number past the budget awaiting its Enter
        ("priorities_panel", lambda dock: dock.pending_edits(), lambda dock: dock.sig_pending_changed),
    )

    def _late_panel_edits(self) -> list[Any]:
        """What the late panels' editors hold but the document does not yet; nothing from a panel not
        built yet (a recovery copy must not build it)."""
        panels = self._late_panels or {}
        return [edit for attr, edits, _signal in self._LATE_PANEL_PENDING if attr in panels
                for edit in edits(panels[attr])]

    # ------------------------------------------------------------------ building
    def _panels(self) -> dict[str, Any]:
        """Build the voting, action plan and participants docks once; their docks by attribute name."""
        if self._late_panels is not None:
            return self._late_panels
        from ..panels.action_plan_panel import ActionPlanPanel
        from ..panels.participants_panel import ParticipantsPanel
        from ..panels.priorities_panel import PrioritiesPanel

        self._late_panels = {}
        for attr, panel_class in (("priorities_panel", PrioritiesPanel),
                                  ("action_plan_panel", ActionPlanPanel),
                                  ("participants_panel", ParticipantsPanel)):
            # Where the user left it at the last close (closed, floating, elsewhere), else a tab
            # behind the inspector.
            dock = self.add_panel_dock(panel_class(self.document, self.undo_stack, self), "")
            self.presentation.hide_while_presenting(dock)  # built after Presentation Mode was entered
            self._late_panels[attr] = dock
        plans = self._late_panels["action_plan_panel"]
        plans.sig_wide_changed.connect(self.window_actions[wa.ACTION_PLANNING_VIEW].setChecked)
        plans.sig_wide_changed.connect(self._plans_wide_changed)
        for attr, _edits, typed in self._LATE_PANEL_PENDING:  # text being typed there is in the copy too
            typed(self._late_panels[attr]).connect(self.recovery.schedule)
        priorities = self._late_panels["priorities_panel"]
        # The voting board (F6) works in presentation mode too, where the menus are hidden.
        self.addAction(priorities.board_action)
        self.menus["view"].addAction(priorities.board_action)
        self.presentation.sig_active_changed.connect(priorities.follow_presentation)
        if self.presentation.is_active():
            priorities.follow_presentation(True)
        if self._shown_once and not self.presentation.is_active():
            # New tabs behind the inspector: same tab-bar rules and sane widths as the first ones.
            window_layout.keep_map_wide(self, self.outline, self.inspector, self.map_view)
        QTimer.singleShot(0, self, lambda: warm_up_first_edit(self))
        return self._late_panels

    def _plans_wide_changed(self, wide: bool) -> None:
        """The wide plans (F7) over a presentation: its keys (Esc, PageUp, PageDown) are the chart's
        meanwhile ("F7 or Esc back"); back, the panel is hidden again, as every dock is while presenting
        (presentation mode shows them as they were when it ends)."""
        if not self.presentation.is_active():
            return
        for action in self.presentation.actions.values():
            action.setEnabled(not wide)
        if not wide:
            self.action_plan_panel.hide()

    def _after_first_paint(self) -> None:
        QTimer.singleShot(0, self._panels)

    def _wire(self) -> None:
        a = self.window_actions
        f = self.files
        wa.connect_actions(a, {
            wa.ACTION_NEW: f.new_file, wa.ACTION_OPEN: f.open_file, wa.ACTION_SAVE: f.save,
            wa.ACTION_SAVE_AS: f.save_as, wa.ACTION_IMPORT_WORKSHEET: f.import_worksheet,
            wa.ACTION_EXPORT_PDF: lambda: self.exports.export_pdf(),
            wa.ACTION_EXPORT_IMAGE: lambda: self.exports.export_image(),
            wa.ACTION_ROLLUP: self.open_rollup, wa.ACTION_COMPARE: lambda: self.open_compare(),
            wa.ACTION_QUIT: self.close, wa.ACTION_UNDO: self.undo_stack.undo,
            wa.ACTION_REDO: self.undo_stack.redo,
            wa.ACTION_FIND: self.find_field.start, wa.ACTION_ABOUT: self._about,
            wa.ACTION_FOCUS_MAP: self.map_view.setFocus, wa.ACTION_FOCUS_OUTLINE: self.outline.focus_tree,
            wa.ACTION_FOCUS_INSPECTOR: self.inspector.focus_first_field,
            wa.ACTION_SHOW_HISTORY: self._show_history,
            wa.ACTION_FOCUS_ACTION_PLANS: lambda: self.action_plan_panel.focus_chart(),
            wa.ACTION_RECOVER_UNSAVED: self.recover_unsaved_work,
            wa.ACTION_OPEN_ROOM: self.open_room_voting, wa.ACTION_ROOM_INBOX: self.show_room_inbox,
            wa.ACTION_ARRANGE_MAP: self.arrange_map,
        })
        from ..map.map_arrangement import bind_arrange_action

        bind_arrange_action(a[wa.ACTION_ARRANGE_MAP], self.document, self.presentation.sig_active_changed,
                            self.presentation.is_active)
        a[wa.ACTION_PLANNING_VIEW].triggered.connect(lambda on: self.action_plan_panel.set_wide(on))
        wa.connect_actions(a, {name: (lambda c=command: self.canvas.call(c))
                               for name, command in CANVAS_COMMANDS.items()})
        a[wa.ACTION_PRESENTATION_MODE].triggered.connect(self.presentation.set_active)
        self.presentation.sig_active_changed.connect(a[wa.ACTION_PRESENTATION_MODE].setChecked)
        group = QActionGroup(self)
        for name in theme_names():
            action = a[wa.theme_action_name(name)]
            group.addAction(action)
            action.triggered.connect(lambda _c=False, n=name: self.themes.set_theme(n))
        self.themes.sig_theme_changed.connect(lambda n: a[wa.theme_action_name(n)].setChecked(True))
        wa.connect_actions(a, {wa.move_action_name(t): (lambda t=t: self.move_selection_to(t))
                               for t in wa.MOVE_TARGETS})
        # Selection in sync: map -> outline and inspector; outline -> map.
        self.canvas.sig_selection_changed.connect(self.inspector.show_ids)
        self.canvas.sig_selection_changed.connect(self.outline.select_ids)
        self.outline.sig_selection_changed.connect(self.canvas.select_ids)
        self.outline.sig_item_activated.connect(lambda i: self.canvas.select_ids([i]))
        self.find_field.sig_accepted.connect(self._select_found)
        self.find_field.sig_left.connect(self.map_view.setFocus)
        self.map_view.sig_escape.connect(self._escape_on_map)
        self.map_view.accepts_files = self.files.accepts_drop
        self.map_view.sig_files_dropped.connect(self.files.open_dropped)
        self.find_field.sig_matches.connect(lambda ids: self.status.say(
            f"{len(ids)} match{'es' if len(ids) != 1 else ''}" if self.find_field.text() else ""))
        # Title, status and recent files.
        self.session.sig_state_changed.connect(self._update_title)
        self.session.sig_document_replaced.connect(self._document_replaced)
        self.recovery.sig_written.connect(self.status.recovery_written)
        self.map_view.sig_intercept_shown.connect(
            lambda i: self.status.intercept_shown(i, self.document.workshop.scheme.label(i)))
        self.recovery.sig_failed.connect(self.status.recovery_failed)
        self.canvas.sig_status.connect(self.status.say)  # refusals of the map's keys say why
        self.menus["recent"].aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()

    # ------------------------------------------------------------------ reactions
    def _update_title(self) -> None:
        self.setWindowTitle(self.session.title())
        self.setWindowModified(self.session.is_modified())  # the title's [*]: the undo stack's clean state
        self.window_actions[wa.ACTION_SAVE].setEnabled(True)

    def _document_replaced(self) -> None:
        self.inspector.show_ids(self.canvas.selected_ids())
        self.canvas.call("fit_to_window")
        # A large workshop joins what the collector skips, once the views have caught up with it (a
        # small one's collections are short anyway, and a full collection per file would cost more).
        # A map built in steps behind its sketch is frozen by its scene as its build ends, without a
        # full collection (``freeze_when_built``, ``startup_gc.freeze_built``).
        ws = self.document.workshop
        large = len(ws.points) + len(ws.findings) + len(ws.flows) >= REFREEZE_FROM_ITEMS
        if large and not self.canvas.scene.building():
            QTimer.singleShot(0, startup_gc.refreeze)

    def _escape_on_map(self) -> None:
        """Escape on the map ends a search: the highlight goes (the find field empties)."""
        if self.find_field.text():
            self.find_field.clear()

    def _select_found(self, ids: list[str]) -> None:
        if ids:
            self.canvas.select_ids(ids)
            self.map_view.setFocus()

    def _fill_recent_menu(self) -> None:
        wa.fill_recent_menu(self.menus["recent"], self.settings, self.open_path, self._fill_recent_menu)

    def _show_history(self) -> None:
        self.history.show()
        self.history.raise_()
        self.history.view.setFocus()

    def _about(self) -> None:
        from .about_box import show_about  # not before the first paint: QMessageBox's enums cost ~1 ms

        show_about(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """On first show, make sure the panels leave the map most of the window, then fit the map."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            window_layout.arrange_on_first_show(self, self.outline, self.inspector)  # before the first paint
            if self._preview is not None:  # the first paint shows the whole map, at the size it keeps
                window_layout.keep_map_wide(self, self.outline, self.inspector, self.map_view, laid_out=False)
                # The panels' places are set now, not at the next event. (Not ``self.layout().activate()``:
                # PySide's first look at Qt's own QMainWindowLayout builds the QLayout classes, ~1.5 ms.)
                QCoreApplication.sendPostedEvents(self, QEvent.Type.LayoutRequest)
                self.canvas.call("fit_to_window")
            QTimer.singleShot(0, self._settle_layout)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """A window made smaller (or larger) gives the map its share again once the layout has settled."""
        super().resizeEvent(event)
        if self._shown_once:
            self._share_timer.start()

    def _give_map_its_share(self) -> None:
        if self._built and not self._presenting():
            window_layout.give_map_its_share(self, self.outline, self.inspector, self.map_view)

    def _presenting(self) -> bool:
        return self._built and self.presentation.is_active()

    def _settle_layout(self) -> None:
        if self._presenting():
            return
        window_layout.keep_map_wide(self, self.outline, self.inspector, self.map_view)
        # Once the docks have their widths, show the whole map (a new window's empty map too).
        QTimer.singleShot(0, lambda: self._presenting() or self.canvas.call("fit_to_window"))

    # ------------------------------------------------------------------ Qt events
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Ask about unsaved changes; on closing remove the recovery copy and remember the layout."""
        self.finish_building()  # closed within a moment of opening: the parts below must exist
        self.presentation.leave()
        if not self.files.maybe_save():
            event.ignore()
            return
        room = getattr(self, "room_session", None)
        if room is not None:
            room.stop()  # no server outlives the window
        if self._exports is not None:
            self._exports.cancel()  # kills a report still being built: no child outlives the window
        self.recovery.discard()
        self.recovery.dispose()
        self.session.close()  # let go of the open-file lock
        self._panels()["action_plan_panel"].set_wide(False)  # its docked place is the one to remember
        # The user's layout is remembered, not the one a narrow window gave it for the time being.
        window_layout.unfold_outline(self, self.outline, self.inspector)
        self.settings.set_window_layout(self.saveGeometry(), self.saveState())
        self.inspector.dispose()
        self.outline.dispose()
        self.status.dispose()
        self.canvas.dispose()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Accept workshop files and worksheet CSVs dragged onto the window."""
        from ..files.file_actions import FileActions

        if event.mimeData().hasUrls() and FileActions.accepts_drop(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Open a dropped workshop file (or import a dropped worksheet)."""
        urls = event.mimeData().urls()
        event.acceptProposedAction()
        self.files.open_dropped(urls)
