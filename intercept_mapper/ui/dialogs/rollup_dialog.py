"""File > Rollup...: choose many communities' files (or a folder), see what they share, export the PDF.

The rollup itself is ``model.rollup.build_rollup``; this dialog only collects the paths, shows
progress (with Cancel), presents the summary in tables, and writes the PDF atomically. Questions
(file pickers, errors) are attributes so tests answer them without modal dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...model.atomic_write import atomic_write_bytes
from ...model.problems import InputError
from ...model.rollup import Rollup, RollupCancelled, SharedItem, build_rollup
from ...model.simmap_file import SUFFIX
from ...model.theme_suggestion import UNTHEMED, theme_label
from ...model.workshop import CROSS_INTERCEPT
from ..plain_text import plain, show_message

# Light to dark blue, as in the PDF: more gaps, darker cell; the number is always printed.
HEAT = ("#FFFFFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")


def _heat(value: int, top: int) -> str:
    if value <= 0 or top <= 0:
        return HEAT[0]
    if top == 1:
        return HEAT[-1]
    return HEAT[min(len(HEAT) - 1, 1 + (value - 1) * (len(HEAT) - 2) // (top - 1))]


class RollupDialog(QDialog):
    """Builds and shows a cross-community summary of many workshop files."""

    def __init__(self, parent: QWidget | None = None, start_folder: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("rollup_dialog")
        self.setWindowTitle("Rollup: what communities have in common")
        self.resize(900, 640)
        self._start = start_folder or str(Path.home())
        self._paths: list[str] = []
        self._rollup: Rollup | None = None
        self._cancel = False
        self._running = False
        self.ask_files: Callable[[], list[str]] = lambda: QFileDialog.getOpenFileNames(
            self, "Choose workshop files", self._start, f"Workshop files (*{SUFFIX})")[0]
        self.ask_folder: Callable[[], str | None] = lambda: QFileDialog.getExistingDirectory(
            self, "Choose a folder of workshop files", self._start) or None
        self.ask_pdf_path: Callable[[str], str | None] = lambda suggested: QFileDialog.getSaveFileName(
            self, "Export summary PDF", suggested, "PDF (*.pdf)")[0] or None
        self.show_error: Callable[[str, str], None] = lambda title, text: show_message(self, title, text)
        self._build()
        self._sync_buttons()

    # ------------------------------------------------------------------ Public API
    @property
    def rollup(self) -> Rollup | None:
        """The last summary built, or None."""
        return self._rollup

    def paths(self) -> list[str]:
        """The files and folders chosen."""
        return list(self._paths)

    def add_paths(self, paths: list[str | Path]) -> None:
        """Add files or folders to the list (each once)."""
        for p in paths:
            text = str(p)
            if text and text not in self._paths:
                self._paths.append(text)
                label = f"{text}  (folder: every {SUFFIX} in it)" if Path(text).is_dir() else text
                self.inputs.addItem(label)
        self._sync_buttons()

    def build(self) -> bool:
        """Read the chosen files and show the summary; False when nothing could be read or cancelled."""
        if self._running or not self._paths:
            return False
        self._running, self._cancel = True, False
        self._sync_buttons()
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.status.setText("Reading\u2026")
        try:
            rollup = build_rollup(self._paths, progress=self._on_progress,
                                  all_years=self.all_years_box.isChecked())
        except RollupCancelled:
            self.status.setText("Cancelled: the summary was not built.")
            return False
        except InputError as exc:
            self.status.setText("No file could be read.")
            self.show_error("Rollup", "No workshop file could be read:\n\n" + "\n".join(
                str(p) for p in exc.problems[:20]))
            return False
        finally:
            self._running = False
            self.progress.hide()
            self.cancel_button.hide()
            self._sync_buttons()
        self._rollup = rollup
        self._show(rollup)
        self._sync_buttons()
        return True

    def cancel(self) -> None:
        """Stop a rollup that is running (takes effect after the file being read)."""
        self._cancel = True

    def export_pdf(self, path: str | Path | None = None, title: str = "") -> bool:
        """Write the summary PDF; True when written."""
        if self._rollup is None:
            return False
        suggested = str(Path(self._start) / "rollup-summary.pdf")
        path = path or self.ask_pdf_path(suggested)
        if not path:
            return False
        from ...export.rollup_pdf import build_rollup_pdf
        from ...model.output_rules import check_export_outputs
        from ...model.problems import InputError
        from ...model.rollup import collect_inputs

        try:
            # Never over a community's file (a folder stands for its workshops), a device or a pipe.
            check_export_outputs([path], [*self._paths, *collect_inputs(self._paths)[0]])
        except InputError as exc:
            self.show_error("Export failed", f"{path} was not written:\n"
                            + "\n".join(p.message for p in exc.problems))
            return False
        try:
            atomic_write_bytes(path, build_rollup_pdf(self._rollup, title=title))
        except OSError as exc:
            self.show_error("Export failed", f"{path} was not written:\n{exc.strerror or exc}")
            return False
        except Exception as exc:  # noqa: BLE001 - an exporter bug must not close the app
            self.show_error("Export failed", f"{path} was not written:\n{type(exc).__name__}: {exc}")
            return False
        self.status.setText(f"Exported {Path(path).name}")
        return True

    # ------------------------------------------------------------------ building the dialog
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel("Choose the communities' workshop files, or a folder of them. A community's latest "
                       "workshop counts and its earlier files are listed as history; files that cannot "
                       "be read are named and left out.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.inputs = QListWidget()
        self.inputs.setObjectName("rollup_inputs")
        self.inputs.setAccessibleName("Files and folders to summarise")
        self.inputs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.inputs.setMaximumHeight(110)
        row.addWidget(self.inputs, 1)
        buttons = QVBoxLayout()
        self.add_files_button = self._button("Add &Files\u2026", "rollup_add_files",
                                             lambda: self.add_paths(self.ask_files()))
        self.add_folder_button = self._button("Add F&older\u2026", "rollup_add_folder",
                                              lambda: self.add_paths([f] if (f := self.ask_folder()) else []))
        self.remove_button = self._button("&Remove", "rollup_remove", self._remove_selected)
        self.build_button = self._button("&Build Summary", "rollup_build", self.build)
        for b in (self.add_files_button, self.add_folder_button, self.remove_button, self.build_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.all_years_box = QCheckBox("Count every file (all &years), not only each community's latest")
        self.all_years_box.setObjectName("rollup_all_years")
        layout.addWidget(self.all_years_box)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("rollup_progress")
        self.progress.setFormat("%v of %m files")
        self.progress.hide()
        self.cancel_button = self._button("Cancel", "rollup_cancel", self.cancel)
        self.cancel_button.hide()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)

        self.status = QLabel("")
        self.status.setObjectName("rollup_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file names are user text
        layout.addWidget(self.status)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rollup_tabs")
        self.themes_table = self._table("rollup_themes",
                                        ["Theme", "Communities", "Gaps", "Priorities", "Resources"])
        self.gaps_table = self._table("rollup_common_gaps", ["Gap", "Communities", "Theme", "Where"])
        self.priorities_table = self._table("rollup_common_priorities",
                                            ["Priority", "Communities", "Theme", "Where"])
        self.heat_table = self._table("rollup_heat_map", ["Community"])
        self.communities_table = self._table("rollup_communities",
                                             ["Community", "Workshop", "Date from", "File"])
        self.skipped_list = QListWidget()
        self.skipped_list.setObjectName("rollup_skipped")
        self.tabs.addTab(self.themes_table, "&Themes")
        self.tabs.addTab(self.gaps_table, "Common &gaps")
        self.tabs.addTab(self.priorities_table, "Common &priorities")
        self.tabs.addTab(self.heat_table, "Gaps per &intercept")
        self.tabs.addTab(self.skipped_list, "Skipped files")
        self.tabs.addTab(self.communities_table, "Communities and &history")
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.export_button = self._button("&Export PDF\u2026", "rollup_export_pdf", lambda: self.export_pdf())
        close = self._button("Close", "rollup_close", self.reject)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _remove_selected(self) -> None:
        rows = sorted((self.inputs.row(i) for i in self.inputs.selectedItems()), reverse=True)
        for r in rows:
            self.inputs.takeItem(r)
            del self._paths[r]
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        idle = not self._running
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            b.setEnabled(idle)
        self.build_button.setEnabled(idle and bool(self._paths))
        self.export_button.setEnabled(idle and self._rollup is not None)

    def _on_progress(self, done: int, total: int, _name: str) -> bool:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        # Keep the window alive (repaint, Cancel) while files are read on this thread.
        QApplication.processEvents()
        return not self._cancel

    # ------------------------------------------------------------------ showing the summary
    def _show(self, rollup: Rollup) -> None:
        n = len(rollup.communities)
        gaps = sum(c.gaps for c in rollup.communities)
        priorities = sum(c.priorities for c in rollup.communities)
        text = (f"{n} communit{'y' if n == 1 else 'ies'}, {gaps} gaps, {priorities} priorities for change.")
        files = len(rollup.files())
        if files != n:
            text += (f" {files} files read: every file counted." if rollup.all_years else
                     f" {files} files read: each community's latest workshop counted, {files - n} "
                     "earlier as history.")
        u = rollup.unthemed
        if u.gaps or u.priorities:
            text += (f" Unthemed: {u.gaps} gap{'s' if u.gaps != 1 else ''} and {u.priorities} "
                     f"priorit{'y' if u.priorities == 1 else 'ies'} have no theme.")
        if rollup.skipped:
            skipped = len(rollup.skipped)
            text += f" {skipped} file{'s' if skipped != 1 else ''} skipped (see the last tab)."
        self.status.setText(text)
        self._fill_themes(rollup)
        self._fill_shared(self.gaps_table, rollup.common_gaps)
        self._fill_shared(self.priorities_table, rollup.common_priorities)
        self._fill_heat(rollup)
        self._fill_communities(rollup)
        self.skipped_list.clear()
        for p in rollup.skipped:
            self.skipped_list.addItem(str(p))
        self.tabs.setTabText(4, f"Skipped files ({len(rollup.skipped)})")

    @staticmethod
    def _cell(value: object, number: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if number:
            item.setData(Qt.ItemDataRole.DisplayRole, int(value))  # sorts as a number
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        else:
            item.setText(str(value))
            item.setToolTip(plain(str(value)))
        return item

    def _fill_themes(self, rollup: Rollup) -> None:
        rows = rollup.themes_with_unthemed()
        table = self.themes_table
        table.horizontalHeader().setStretchLastSection(False)
        table.setRowCount(len(rows))
        for r, t in enumerate(rows):
            name = "No theme (unthemed)" if t.theme == UNTHEMED else theme_label(t.theme)
            label = self._cell(name)
            if t.theme == UNTHEMED:
                font = label.font()
                font.setItalic(True)
                label.setFont(font)
            label.setToolTip(plain(", ".join(t.communities)))
            table.setItem(r, 0, label)
            for c, v in enumerate((len(t.communities), t.gaps, t.priorities, t.resources), start=1):
                table.setItem(r, c, self._cell(v, number=True))
        self._fit(table)

    def _fill_shared(self, table: QTableWidget, items: list[SharedItem]) -> None:
        table.setRowCount(len(items))
        for r, item in enumerate(items):
            table.setItem(r, 0, self._cell(item.title))
            table.setItem(r, 1, self._cell(len(item.communities), number=True))
            table.setItem(r, 2, self._cell(", ".join(theme_label(t) for t in item.themes) or UNTHEMED))
            table.setItem(r, 3, self._cell(", ".join(item.communities)))
        self._fit(table)

    def _fill_heat(self, rollup: Rollup) -> None:
        table = self.heat_table
        intercepts = rollup.intercepts
        headers = ["Community", *("X" if i == CROSS_INTERCEPT else f"Int. {i}" for i in intercepts), "Total"]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        values = [[c.gaps_at(i) for i in intercepts] for c in rollup.communities]
        top = max((v for row in values for v in row if v is not None), default=0)
        totals = rollup.gaps_per_intercept_total()
        table.setRowCount(len(values) + 1)
        for r, (community, row) in enumerate(zip(rollup.communities, values, strict=True)):
            table.setItem(r, 0, self._cell(community.name))
            for c, v in enumerate(row, start=1):
                if v is None:  # the community's scheme has no such intercept: not the same as no gaps
                    item = self._cell("not mapped")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setToolTip("This community's map has no such intercept")
                    item.setForeground(QBrush(QColor("#5F6B7A")))
                    table.setItem(r, c, item)
                    continue
                item = self._cell(v, number=True)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                colour = _heat(v, top)
                item.setBackground(QBrush(QColor(colour)))
                # Fixed ink on fixed fills, whatever the app theme: white on the two darkest blues.
                item.setForeground(QBrush(QColor("#FFFFFF" if colour in HEAT[-2:] else "#1F2933")))
                table.setItem(r, c, item)
            table.setItem(r, len(headers) - 1, self._cell(sum(v for v in row if v is not None), number=True))
        last = len(values)
        total_label = self._cell("All communities")
        font = total_label.font()
        font.setBold(True)
        total_label.setFont(font)
        table.setItem(last, 0, total_label)
        for c, i in enumerate(intercepts, start=1):
            table.setItem(last, c, self._cell(totals[i], number=True))
        table.setItem(last, len(headers) - 1, self._cell(sum(totals.values()), number=True))
        # Numbers stay next to the names (no stretched first column pushing them to the far right).
        table.horizontalHeader().setStretchLastSection(False)
        self._fit(table)

    def _fill_communities(self, rollup: Rollup) -> None:
        from ...model.rollup import DATE_SOURCES

        table = self.communities_table
        rows = rollup.files()
        table.setRowCount(len(rows))
        for r, (community, entry, counted) in enumerate(rows):
            name = self._cell(community.name if counted else f"{community.name} (history, not counted)")
            if not counted:
                font = name.font()
                font.setItalic(True)
                name.setFont(font)
            table.setItem(r, 0, name)
            when = entry.workshop_date.isoformat() if entry.workshop_date else ""
            table.setItem(r, 1, self._cell(when))
            table.setItem(r, 2, self._cell(DATE_SOURCES.get(entry.date_from, entry.date_from)))
            table.setItem(r, 3, self._cell(entry.file))
        self._fit(table)

    @staticmethod
    def _fit(table: QTableWidget) -> None:
        table.resizeColumnsToContents()
        for c in range(table.columnCount() - 1):
            table.setColumnWidth(c, min(table.columnWidth(c), 320))
        table.resizeRowsToContents()


def open_rollup_dialog(parent: QWidget, start_folder: str = "") -> RollupDialog:
    """Show the rollup dialog (modeless, so the map stays usable) and return it."""
    dialog = RollupDialog(parent, start_folder)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
