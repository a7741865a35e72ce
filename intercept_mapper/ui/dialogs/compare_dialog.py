"""File > Compare with...: what changed between an older file and the open workshop, in one view.

The comparison is ``model.compare.compare_workshops``; the open document (saved or not) is the newer
side. The view is read-only: nothing here changes the document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model.compare import (
    Comparison,
    ItemChange,
    ParticipantChange,
    PlanChange,
    PriorityChange,
    Renamed,
    StepChange,
    StepCompleted,
    compare_workshops,
)
from ...model.problems import InputError
from ...model.simmap_file import SUFFIX, load_workshop
from ...model.workshop import CROSS_INTERCEPT, STEP_STATUSES, Workshop
from ..plain_text import plain, show_message

_STATUS_WORDS = dict(zip(STEP_STATUSES, ("not started", "in progress", "done", "blocked"), strict=True))


class CompareDialog(QDialog):
    """Shows the changes from an older version of this community's file to the open workshop."""

    def __init__(self, workshop: Workshop, name: str, parent: QWidget | None = None,
                 start_folder: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("compare_dialog")
        self.setWindowTitle("Compare with an older file")
        self.resize(1000, 640)
        self._workshop = workshop
        self._name = name
        self._start = start_folder or str(Path.home())
        self._result: Comparison | None = None
        self.ask_old_path: Callable[[], str | None] = lambda: QFileDialog.getOpenFileName(
            self, "Choose the older file", self._start, f"Workshop files (*{SUFFIX})")[0] or None
        self.show_error: Callable[[str, str], None] = lambda title, text: show_message(self, title, text)
        layout = QVBoxLayout(self)
        self.heading = QLabel("Choose an older version of this community's file to see what changed.")
        self.heading.setObjectName("compare_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # file and community names are user text
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.summary = QLabel("")
        self.summary.setObjectName("compare_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("compare_tree")
        self.tree.setAccessibleName("Changes since the older file")
        self.tree.setHeaderLabels(["What changed", "Where", "Detail"])
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.choose_button = QPushButton("Choose &Older File\u2026")
        self.choose_button.setObjectName("compare_choose")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(lambda _c=False: self.choose_old())
        buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ Public API
    @property
    def result(self) -> Comparison | None:
        """The comparison shown, or None before a file was chosen."""
        return self._result

    def choose_old(self, path: str | Path | None = None) -> bool:
        """Compare the file at ``path`` (asked for when None) with the open workshop; True when shown."""
        path = path or self.ask_old_path()
        if not path:
            return False
        try:
            old = load_workshop(path)
        except InputError as exc:
            self.show_error("Compare", f"{Path(path).name} cannot be compared:\n\n"
                            + "\n".join(str(p) for p in exc.problems[:10]))
            return False
        self.show_comparison(compare_workshops(old, self._workshop, str(path), self._name))
        return True

    def show_comparison(self, result: Comparison) -> None:
        """Fill the view with ``result``."""
        self._result = result
        self.heading.setText(f"Changes from {Path(result.old_name).name} to {result.new_name}")
        counts = result.counts()
        if result.is_empty():
            self.summary.setText("No changes to gaps, resources, decision points, priorities, action "
                                 "plans, action steps or participants.")
        else:
            parts = [f"{heading}: {counts[name]}" for name, heading in result.SECTIONS if counts[name]]
            self.summary.setText(" · ".join(parts))
        if result.warnings:  # the files number their intercepts differently: moves look closed and new
            warnings = [f"Warning: {w}" for w in result.warnings]
            self.summary.setText("\n".join([*warnings, self.summary.text()]))
        self.tree.clear()
        for name, heading in result.SECTIONS:
            items = getattr(result, name)
            section = QTreeWidgetItem([f"{heading} ({len(items)})", "", ""])
            section.setData(0, Qt.ItemDataRole.UserRole, name)
            font = section.font(0)
            font.setBold(True)
            section.setFont(0, font)
            if not items:
                section.setDisabled(True)  # shown greyed, so the committee sees it was looked at
            self.tree.addTopLevelItem(section)
            for item in items:
                section.addChild(self._row(item))
            section.setExpanded(bool(items))
            section.setFirstColumnSpanned(True)
        self._size_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Share the width out again: the item column gets most of it."""
        super().resizeEvent(event)
        self._size_columns()

    def _size_columns(self) -> None:
        width = self.tree.viewport().width()
        self.tree.setColumnWidth(0, int(width * 0.45))
        self.tree.setColumnWidth(1, int(width * 0.22))

    def section_titles(self, name: str) -> list[str]:
        """The first-column texts under a section (for tests and scripted demos)."""
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            if top.data(0, Qt.ItemDataRole.UserRole) == name:
                return [top.child(k).text(0) for k in range(top.childCount())]
        return []

    # ------------------------------------------------------------------ rows
    @staticmethod
    def _row(item: object) -> QTreeWidgetItem:
        if isinstance(item, ItemChange):
            where = "Cross-intercept" if item.intercept == CROSS_INTERCEPT else f"Intercept {item.intercept}"
            row = QTreeWidgetItem([item.title, where, item.note])
        elif isinstance(item, PriorityChange):
            rank = f"rank {item.new_rank}" if item.new_rank is not None else f"was rank {item.old_rank}"
            row = QTreeWidgetItem([item.title, rank, item.note])
        elif isinstance(item, StepCompleted):
            before = (f"was {_STATUS_WORDS.get(item.old_status, item.old_status)}" if item.old_status
                      else "new step, already done")
            who = f"{item.who}; " if item.who else ""
            row = QTreeWidgetItem([item.text, item.plan, who + before])
        elif isinstance(item, PlanChange):
            held = (f"{item.objectives} objective{'s' if item.objectives != 1 else ''}, "
                    f"{item.steps} action step{'s' if item.steps != 1 else ''}")
            row = QTreeWidgetItem([item.title, item.priority, held])
        elif isinstance(item, StepChange):
            who = f"{item.who}; " if item.who else ""
            status = _STATUS_WORDS.get(item.status, item.status)
            row = QTreeWidgetItem([item.text, item.plan,
                                   who + status + ("; with its whole plan" if item.with_plan else "")])
        elif isinstance(item, ParticipantChange):
            row = QTreeWidgetItem([item.name, item.organisation, item.sector])
        elif isinstance(item, Renamed):
            if item.kind in ("gap", "resource", "point"):
                where = "Cross-intercept" if item.where == CROSS_INTERCEPT else f"Intercept {item.where}"
            else:
                where = item.where
            row = QTreeWidgetItem([item.title, where, f"{item.kind}, was '{item.old_title}' "
                                   f"(similarity {item.similarity:.2f})"])
        else:
            row = QTreeWidgetItem([str(item), "", ""])
        for column in range(3):
            row.setToolTip(column, plain(row.text(column)))
        return row


def open_compare_dialog(parent: QWidget, workshop: Workshop, name: str, start_folder: str = "",
                        path: str | Path | None = None) -> CompareDialog | None:
    """Ask for the older file, then show the comparison (modeless); None when nothing was chosen."""
    dialog = CompareDialog(workshop, name, parent, start_folder)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if not dialog.choose_old(path):
        dialog.close()
        return None
    dialog.show()
    return dialog
