"""New, Open, Save, Save As, recent files, drag-and-drop and worksheet import for the main window.

Every question these commands ask goes through an attribute (``ask_save_changes``, ``ask_open_path``,
``ask_save_path``, ``ask_preset``, ``ask_worksheet``, ``ask_overwrite_changed``, ``show_error``,
``show_warning``, ``show_info``), so tests answer them without a modal dialog. A failed save says why,
keeps the document open and modified, and never reports "Saved". Saving over a file that another
program changed since it was opened asks first; a file already open in another window or app instance
is opened with a warning.
"""

from __future__ import annotations

import contextlib
import glob
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ...model import PRESETS, InputError, new_workshop
from ...model.collector import collector_paused
from ...model.intercept_presets import DEFAULT_PRESET
from ..plain_text import ask_choice, show_message
from .disk_state import DiskState
from .document_session import DocumentSession
from .settings import AppSettings

if TYPE_CHECKING:
    from ...model.map_preview import PreviewWorkshop
    from .recovery_copies import RecoveryCopy

SIMMAP_SUFFIX = ".simmap"
SIMMAP_FILTER = "Intercept Mapper workshops (*.simmap);;All files (*)"
WORKSHEET_FILTER = "Worksheets (*.csv *.xlsx);;Worksheet CSV (*.csv);;Excel workbook (*.xlsx);;All files (*)"
WORKSHEET_SUFFIXES = (".csv", ".xlsx")

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
OVERWRITE, SAVE_AS = "overwrite", "save_as"
RESTORE_COPY, OPEN_FILE = "restore", "open_file"  # the answers about a file's newer recovery copy


# ----------------------------------------------------------------------------- default dialogs
def ask_save_changes_dialog(parent: QWidget, name: str) -> str:
    """Ask Save / Discard / Cancel for unsaved changes to ``name``."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"Save the changes to {name} before closing it?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a file may be called <b>.simmap
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def ask_overwrite_changed_dialog(parent: QWidget, path: Path) -> str:
    """Ask Overwrite / Save As / Cancel when another program changed ``path`` since it was opened."""
    answer = ask_choice(
        parent, "File changed on disk",
        f"{path.name} was changed by another program since you opened or saved it.\n\n"
        f"Overwrite it with your version (the other changes are lost, except in "
        f"{path.name}.bak), save your version under another name, or cancel?",
        [(OVERWRITE, "Overwrite", True), (SAVE_AS, "Save As\u2026", False)], default=SAVE_AS)
    return answer or CANCEL


def ask_preset_dialog(parent: QWidget) -> str | None:
    """Choose the intercept preset of a new workshop; None when cancelled."""
    descriptions = [PRESETS[name][0] for name in PRESETS]
    default = list(PRESETS).index(DEFAULT_PRESET)
    text, ok = QInputDialog.getItem(parent, "New workshop", "Intercepts:", descriptions, default, False)
    if not ok:
        return None
    return list(PRESETS)[descriptions.index(text)]


def _error_dialog(parent: QWidget, title: str, text: str) -> None:
    show_message(parent, title, text)  # plain text: messages quote paths and titles


def _info_dialog(parent: QWidget, title: str, text: str) -> None:
    show_message(parent, title, text, warning=False)


def _ask_worksheet_dialog(parent: QWidget) -> tuple[str, str] | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import worksheet", "", WORKSHEET_FILTER)
    if not path:
        return None
    preset = ask_preset_dialog(parent)
    return (path, preset) if preset else None


def _problems_text(exc: InputError) -> str:
    lines = [str(p) for p in exc.problems[:12]]
    if len(exc.problems) > 12:
        lines.append(f"\u2026 and {len(exc.problems) - 12} more")
    return "\n".join(lines)


STALE_TEMP_SECONDS = 3600  # a save takes milliseconds: a temporary file this old was left by a crash


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed save left beside ``path`` (hidden ``.NAME.*.tmp``, an hour old)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):  # the .bak's temporaries too
        with contextlib.suppress(OSError):
            if temp.is_file() and temp.stat().st_mtime < cutoff:
                temp.unlink()


class FileActions(QObject):
    """The file commands of one window, acting on its ``DocumentSession``."""

    sig_status = Signal(str)  # a short message for the status bar
    sig_recent_changed = Signal()

    def __init__(self, parent: QWidget, session: DocumentSession, settings: AppSettings) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._settings = settings
        # Injectable questions (tests replace them).
        self.ask_save_changes: Callable[[str], str] = lambda name: ask_save_changes_dialog(parent, name)
        self.ask_preset: Callable[[], str | None] = lambda: ask_preset_dialog(parent)
        self.ask_open_path: Callable[[], str | None] = lambda: QFileDialog.getOpenFileName(
            parent, "Open workshop", self._start_folder(), SIMMAP_FILTER)[0] or None
        self.ask_save_path: Callable[[str], str | None] = lambda suggested: QFileDialog.getSaveFileName(
            parent, "Save workshop as", suggested, SIMMAP_FILTER)[0] or None
        self.ask_worksheet: Callable[[], tuple[str, str] | None] = lambda: _ask_worksheet_dialog(parent)
        self.ask_overwrite_changed: Callable[[Path], str] = lambda path: ask_overwrite_changed_dialog(
            parent, path)
        self.show_error: Callable[[str, str], None] = lambda title, text: _error_dialog(parent, title, text)
        self.show_warning: Callable[[str, str], None] = lambda title, text: _error_dialog(parent, title, text)
        self.show_info: Callable[[str, str], None] = lambda title, text: _info_dialog(parent, title, text)
        # Called before saving or asking about unsaved work: a title still being typed on the map goes
        # into the document first, so Ctrl+S in the middle of a word saves the word.
        self.commit_pending_edits: Callable[[], None] = lambda: None
        # A file with a newer recovery copy (a crash after "Decide Later"): the window says which copies
        # (``newer_copies``), the question is ``ask_open_with_copy`` (RESTORE_COPY, OPEN_FILE or CANCEL),
        # and ``restore_copy`` opens the chosen one.
        self.newer_copies: Callable[[Path], list[RecoveryCopy]] = lambda _path: []
        self.ask_open_with_copy: Callable[[Path, RecoveryCopy], str] = self._ask_open_with_copy
        self.restore_copy: Callable[[RecoveryCopy], bool] = lambda _copy: False

    # ------------------------------------------------------------------ asking before losing work
    def maybe_save(self) -> bool:
        """True when the current document may be replaced or closed (saved, discarded or unchanged)."""
        self.commit_pending_edits()
        if not self._session.is_modified():
            return True
        answer = self.ask_save_changes(self._session.display_name())
        if answer == SAVE:
            return self.save()
        return answer == DISCARD

    # ------------------------------------------------------------------ commands
    def new_file(self, preset: str | None = None) -> bool:
        """Start an empty workshop from a preset (asked for when not given)."""
        if not self.maybe_save():
            return False
        preset = preset or self.ask_preset()
        if not preset:
            return False
        self._session.load(new_workshop(preset), None)
        self.sig_status.emit(f"New workshop ({PRESETS[preset][0]})")
        return True

    def open_file(self, path: str | Path | None = None, *, offer_copies: bool = True) -> bool:
        """Open a workshop file (asked for when not given), after asking about unsaved changes.

        When the file has a recovery copy newer than itself (unsaved work of a session that crashed),
        the copy is offered first (unless ``offer_copies`` is False: the start-up question just asked).
        """
        if not self.maybe_save():
            return False
        path = path or self.ask_open_path()
        if not path:
            return False
        path = Path(path)
        copies = self.newer_copies(path) if offer_copies else []
        if copies:
            answer = self.ask_open_with_copy(path, copies[0])
            if answer == RESTORE_COPY:
                return self.restore_copy(copies[0])
            if answer != OPEN_FILE:
                return False
        return self._load(path)

    def _ask_open_with_copy(self, path: Path, copy: RecoveryCopy) -> str:
        from .recovery import ask_open_with_copy_dialog

        return ask_open_with_copy_dialog(self._parent, path, copy)

    def open_previewed(self, path: str | Path, preview: PreviewWorkshop) -> bool:
        """Open ``path``, whose map ``preview`` is already on screen (a window's first paint): when
        the file holds that very map, the map is kept as drawn instead of being drawn again."""
        return self._load(Path(path), preview)

    def _load(self, path: Path, preview: PreviewWorkshop | None = None) -> bool:
        from ...model.map_preview import same_map
        from ...model.simmap_file import load_workshop

        try:
            workshop = load_workshop(path)
        except InputError as exc:
            self.show_error("Cannot open workshop", _problems_text(exc))
            if not path.exists():
                self._settings.remove_recent_file(path)
                self.sig_recent_changed.emit()
            return False
        shown = preview is not None and same_map(preview, workshop)
        self._session.load(workshop, path, disk_state=DiskState.of(path), already_shown=shown)
        self._remember(path)
        self.sig_status.emit(f"Opened {path.name}")
        self._warn_if_open_elsewhere()
        return True

    def save(self) -> bool:
        """Save to the document's file, or ask where when it has none."""
        if self._session.path is None:
            return self.save_as()
        return self.save_to(self._session.path)

    def save_as(self, path: str | Path | None = None) -> bool:
        """Save under a new name (asked for when not given)."""
        if path is None:
            suggested = str(self._session.path or Path(self._start_folder()) / self._suggested_name())
            path = self.ask_save_path(suggested)
            if not path:
                return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(SIMMAP_SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the document to ``path``; on failure say why and keep it modified."""
        from ...model.simmap_file import save_workshop

        self.commit_pending_edits()
        if Path(path).absolute() == self._session.path and self._session.changed_on_disk():
            answer = self.ask_overwrite_changed(Path(path))
            if answer == SAVE_AS:
                return self.save_as()
            if answer != OVERWRITE:
                self.sig_status.emit(f"Not saved: {Path(path).name} was changed by another program")
                return False
        try:
            save_workshop(self._session.document.workshop, path, backup=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.show_error("Save failed",
                            f"The workshop was not saved to {path}:\n{reason}.\n\n"
                            "Your work is still open. Save it somewhere else with File > Save As.")
            self.sig_status.emit(f"Not saved: {reason}")
            return False
        was_bound_to = self._session.path
        self._session.mark_saved(path, DiskState.of(path))
        remove_stale_temporaries(path)
        self._remember(path)
        self.sig_status.emit(f"Saved {path.name}")
        if self._session.path != was_bound_to:
            self._warn_if_open_elsewhere()
        return True

    def import_worksheet(self, path: str | Path | None = None, preset: str | None = None) -> bool:
        """A new, unsaved workshop from a worksheet CSV or workbook; warnings are shown, errors stop it."""
        if not self.maybe_save():
            return False
        if path is None:
            answer = self.ask_worksheet()
            if not answer:
                return False
            path, preset = answer
        from ...model.worksheet_csv import read_worksheet

        path = Path(path)
        try:
            with collector_paused():  # every object read is kept: the collector's passes find nothing
                result = read_worksheet(path, preset or DEFAULT_PRESET)
        except InputError as exc:
            self.show_error("Cannot import worksheet", _problems_text(exc))
            return False
        except OSError as exc:
            self.show_error("Cannot import worksheet", f"{path}: {exc.strerror or exc}")
            return False
        warnings_met = list(result.warnings)
        if result.participants is not None:  # a workbook's participants sheet: who sits where
            from ...model.seating import seat_tables

            people, people_warnings = result.participants
            result.workshop.voting.tables = seat_tables(result.workshop, people)
            result.workshop.participants.extend(people)
            warnings_met.extend(people_warnings)
        if result.plans is not None:  # a workbook's plans sheet
            from ...model.plans_csv import apply_plans

            result.workshop = apply_plans(result.workshop, result.plans.rows).workshop
            warnings_met.extend(result.plans.warnings)
        self._session.load(result.workshop, None, modified=True)
        if warnings_met:
            warnings = "\n".join(str(w) for w in warnings_met[:20])
            self.show_info("Worksheet imported with warnings", warnings)
        self.sig_status.emit(f"Imported {path.name}: save it as a workshop file to keep it")
        return True

    def open_dropped(self, urls: Iterable[QUrl]) -> bool:
        """Open the first dropped workshop file (or import a dropped worksheet CSV)."""
        for url in urls:
            if not url.isLocalFile():
                continue
            path = Path(url.toLocalFile())
            if path.suffix.lower() in WORKSHEET_SUFFIXES:
                return self.import_worksheet(path)
            return self.open_file(path)
        return False

    @staticmethod
    def accepts_drop(urls: Iterable[QUrl]) -> bool:
        """True when a drag carries a local file the window can open."""
        known = (SIMMAP_SUFFIX, *WORKSHEET_SUFFIXES)
        return any(u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in known for u in urls)

    # ------------------------------------------------------------------ helpers
    def _warn_if_open_elsewhere(self) -> None:
        holders = self._session.other_holders
        if not holders or self._session.path is None:
            return
        where = "; ".join(sorted({h.describe() for h in holders}))
        name = self._session.path.name
        self.show_warning("File open elsewhere",
                          f"{name} is also open in {where}.\n\nIf both save, one overwrites the other's "
                          "changes. Close it in one place, or save this copy under another name.")
        self.sig_status.emit(f"{name} is also open elsewhere")

    def _remember(self, path: Path) -> None:
        self._settings.add_recent_file(path)
        self.sig_recent_changed.emit()

    def _start_folder(self) -> str:
        if self._session.path:
            return str(self._session.path.parent)
        recent = self._settings.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def _suggested_name(self) -> str:
        info = self._session.document.workshop.info
        base = (info.jurisdiction or info.title or "workshop").strip()
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in base).strip().replace(" ", "-")
        return (safe.lower() or "workshop") + SIMMAP_SUFFIX
