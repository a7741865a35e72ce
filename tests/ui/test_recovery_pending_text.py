"""Text typed into a participants cell or a voting table's name, not yet kept, is in the recovery copy
(issue 15): typed into the real widget's open editor, read back from the copy's bytes on disk, never
put into the document nor onto the undo stack."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit
from window_helpers import Answers, make_window

from intercept_mapper.model.simmap_file import loads_workshop
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.panels.participants_panel import COLUMNS


@pytest.fixture
def window(qtbot, monkeypatch, sample: Path) -> MainWindow:
    window = make_window(qtbot, monkeypatch, Answers())
    assert window.open_path(sample)
    return window


def _copied(window: MainWindow):  # noqa: ANN202
    copy = window.recovery.copy_path
    return loads_workshop(copy.read_bytes(), str(copy)) if copy.exists() else None


def _open_cell_editor(qtbot, window: MainWindow, row: int, field: str):  # noqa: ANN001, ANN202
    panel = window.participants_panel
    panel.show()
    panel.raise_()  # a tab behind the inspector at first
    table = panel.table
    assert panel.row_of(window.document.workshop.participants[row].id) == row  # (rows shown as of now)
    column = [name for name, _ in COLUMNS].index(field)
    table.setCurrentCell(row, column)
    table.setFocus()
    table.editItem(table.currentItem())  # what a double-click does
    assert table.state() == QAbstractItemView.State.EditingState
    editor = table.indexWidget(table.currentIndex())
    assert editor is not None
    return panel, editor


def test_a_participants_cell_being_typed_is_in_the_copy_but_not_in_the_document(
        qtbot, window: MainWindow) -> None:
    person = window.document.workshop.participants[2]
    steps = window.undo_stack.count()
    panel, editor = _open_cell_editor(qtbot, window, 2, "organisation")
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Riverbend  Mobile Crisis ")  # cleaned as the kept value would be
    assert not window.session.is_modified()  # nothing kept: the file's own state...
    qtbot.waitUntil(lambda: (c := _copied(window)) is not None
                    and c.participants[2].organisation == "Riverbend Mobile Crisis", timeout=2000)
    copy = _copied(window)
    # ...and only that cell differs in the copy: it loads and equals the document plus the typed text.
    expected = window.document.workshop.model_copy(deep=True)
    expected.participants[2] = person.model_copy(update={"organisation": "Riverbend Mobile Crisis"})
    assert copy == expected
    assert window.document.get("participants", person.id).organisation == person.organisation
    assert window.undo_stack.count() == steps
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # kept now (Qt's delegate commits at the next turn)
    qtbot.waitUntil(lambda: panel.table.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert window.document.get("participants", person.id).organisation == "Riverbend Mobile Crisis"
    assert window.undo_stack.count() == steps + 1
    assert panel.pending_edits() == []


def test_a_cell_edit_given_up_with_escape_leaves_the_copy(qtbot, window: MainWindow) -> None:
    _panel, editor = _open_cell_editor(qtbot, window, 4, "role")
    editor.selectAll()
    qtbot.keyClicks(editor, "Not what I meant")
    copy = window.recovery.copy_path
    qtbot.waitUntil(lambda: copy.exists() and b"Not what I meant" in copy.read_bytes(), timeout=2000)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing unsaved remains: the copy goes
    qtbot.waitUntil(lambda: not copy.exists(), timeout=2000)
    assert not window.session.is_modified()


def test_a_sector_typed_into_its_drop_down_is_in_the_copy(qtbot, window: MainWindow) -> None:
    person = window.document.workshop.participants[0]
    _panel, editor = _open_cell_editor(qtbot, window, 0, "sector")
    assert isinstance(editor, QComboBox)
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor.lineEdit(), "Peer support")
    expected = window.participants_panel.pending_edits()
    assert len(expected) == 1 and expected[0][:2] == ("participants", person.id)
    sector = expected[0][2]["sector"]  # normalised as the kept value would be
    qtbot.waitUntil(lambda: (c := _copied(window)) is not None and c.participants[0].sector == sector,
                    timeout=2000)
    assert window.document.get("participants", person.id).sector == person.sector


def test_an_emptied_name_cell_is_not_put_in_the_copy(qtbot, window: MainWindow) -> None:
    """A participant needs a name: an empty cell would be refused on Enter, so the copy keeps the name."""
    panel, editor = _open_cell_editor(qtbot, window, 1, "name")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.text() == ""
    assert panel.pending_edits() == []


def test_a_voting_table_name_being_typed_is_in_the_copy_but_not_in_the_document(
        qtbot, window: MainWindow) -> None:
    editor = window.priorities_panel.tables_editor
    table = window.document.workshop.voting.tables[1]
    steps = window.undo_stack.count()
    edit = editor.name_edits[table.id]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "People with lived experience")
    qtbot.waitUntil(lambda: (c := _copied(window)) is not None
                    and c.voting.tables[1].name == "People with lived experience", timeout=2000)
    expected = window.document.workshop.model_copy(deep=True)
    expected.voting.tables[1] = table.model_copy(update={"name": "People with lived experience"})
    assert _copied(window) == expected
    assert window.document.get("tables", table.id).name == table.name
    assert window.undo_stack.count() == steps
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.document.get("tables", table.id).name == "People with lived experience"
    assert window.undo_stack.count() == steps + 1


def test_a_voting_table_name_the_rename_would_refuse_stays_out_of_the_copy(
        qtbot, window: MainWindow) -> None:
    editor = window.priorities_panel.tables_editor
    first, second = window.document.workshop.voting.tables[:2]
    edit = editor.name_edits[second.id]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, first.name.upper())  # another table's name (case is ignored)
    assert editor.pending_edits() == []
    # Renaming the first table away frees the name: both names go into the copy together.
    other = editor.name_edits[first.id]
    other.setText("Agencies")
    assert sorted(editor.pending_edits()) == sorted([("tables", first.id, {"name": "Agencies"}),
                                                     ("tables", second.id, {"name": first.name.upper()})])
    edit.setText("   ")
    assert editor.pending_edits() == [("tables", first.id, {"name": "Agencies"})]
