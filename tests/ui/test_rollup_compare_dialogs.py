"""File > Rollup... and File > Compare With...: the dialogs driven through their public surface."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.ui.dialogs.compare_dialog import CompareDialog
from intercept_mapper.ui.dialogs.rollup_dialog import RollupDialog
from intercept_mapper.ui.window import window_actions as wa
from tests.conftest import SAMPLES
from tests.rollup_communities import write_communities
from tests.ui.window_helpers import Answers, dump, forbid_modal_dialogs, make_window

SAMPLE = SAMPLES / "riverbend.simmap"


@pytest.fixture
def counties(tmp_path: Path) -> list[Path]:
    return write_communities(tmp_path / "counties")


@pytest.fixture
def rollup_dialog(qtbot, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    forbid_modal_dialogs(monkeypatch)
    dialog = RollupDialog()
    errors: list[tuple[str, str]] = []
    dialog.show_error = lambda title, text: errors.append((title, text))
    dialog.errors = errors
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _column(table, column: int) -> list[str]:  # noqa: ANN001
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_a_folder_is_summarised_into_the_tables(rollup_dialog, counties: list[Path]) -> None:  # noqa: ANN001
    assert not rollup_dialog.build_button.isEnabled()
    rollup_dialog.ask_folder = lambda: str(counties[0].parent)
    rollup_dialog.add_folder_button.click()
    assert rollup_dialog.paths() == [str(counties[0].parent)]
    rollup_dialog.build_button.click()
    rollup = rollup_dialog.rollup
    assert rollup is not None and len(rollup.communities) == 3
    themes = rollup_dialog.themes_table
    assert _column(themes, 0) == ["Crisis services", "Housing", "Data sharing", "No theme (unthemed)"]
    assert [themes.item(0, c).data(Qt.ItemDataRole.DisplayRole) for c in range(1, 4)] == [2, 3, 3]
    assert "Unthemed: 3 gaps and 0 priorities have no theme." in rollup_dialog.status.text()
    assert "1 file skipped" in rollup_dialog.status.text()
    assert _column(rollup_dialog.gaps_table, 0) == ["Lack of supportive housing", "No mobile crisis at night"]
    assert _column(rollup_dialog.priorities_table, 3) == ["Adams County, Baker County"]
    skipped = [rollup_dialog.skipped_list.item(n).text() for n in range(rollup_dialog.skipped_list.count())]
    assert len(skipped) == 1 and "damaged.simmap" in skipped[0]
    assert rollup_dialog.errors == []


def test_the_heat_map_prints_numbers_on_coloured_cells(rollup_dialog, counties: list[Path]) -> None:  # noqa: ANN001
    rollup_dialog.add_paths(counties[:3])
    assert rollup_dialog.build()
    heat = rollup_dialog.heat_table
    headers = [heat.horizontalHeaderItem(c).text() for c in range(heat.columnCount())]
    assert headers == ["Community", "Int. 0", "Int. 1", "Int. 3", "Int. 5", "X", "Total"]
    assert [heat.item(1, c).text() for c in range(heat.columnCount())] == [
        "Baker County", "1", "0", "0", "0", "2", "3"]
    assert heat.item(1, 5).background().color() != heat.item(1, 2).background().color()
    assert heat.item(1, 2).background().color() == QColor("#FFFFFF")
    assert [heat.item(3, c).text() for c in range(heat.columnCount())] == [
        "All communities", "2", "2", "1", "1", "3", "9"]


def test_progress_and_cancel(rollup_dialog, counties: list[Path]) -> None:  # noqa: ANN001
    rollup_dialog.add_paths(counties)
    seen: list[int] = []
    original = rollup_dialog._on_progress

    def watch(done: int, total: int, name: str) -> bool:
        seen.append(rollup_dialog.progress.value())
        if done == 2:
            rollup_dialog.cancel()  # what the Cancel button does mid-way
        return original(done, total, name)

    rollup_dialog._on_progress = watch
    assert not rollup_dialog.build()
    assert rollup_dialog.rollup is None
    assert "Cancelled" in rollup_dialog.status.text()
    assert rollup_dialog.build_button.isEnabled()  # ready to try again
    assert rollup_dialog.progress.maximum() == 4 and seen[:3] == [0, 0, 1]


def test_nothing_readable_is_said_not_crashed(rollup_dialog, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.simmap"
    bad.write_text("nope", encoding="utf-8")
    rollup_dialog.add_paths([bad])
    assert not rollup_dialog.build()
    assert rollup_dialog.errors and "bad.simmap" in rollup_dialog.errors[0][1]
    assert not rollup_dialog.export_button.isEnabled()


def test_export_pdf_writes_the_summary(rollup_dialog, counties: list[Path], tmp_path: Path) -> None:  # noqa: ANN001
    rollup_dialog.add_paths(counties)
    rollup_dialog.build()
    out = tmp_path / "summary.pdf"
    rollup_dialog.ask_pdf_path = lambda _suggested: str(out)
    rollup_dialog.export_button.click()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "Crisis services" in text and "Clark County" in text
    assert rollup_dialog.errors == []
    assert not rollup_dialog.export_pdf(tmp_path / "no-such-folder" / "x.pdf")
    assert rollup_dialog.errors[-1][0] == "Export failed"


def test_the_summary_pdf_never_replaces_a_community_of_the_folder(rollup_dialog, counties: list[Path]) -> None:  # noqa: ANN001, E501
    rollup_dialog.add_paths([counties[0].parent])  # the folder stands for its workshops
    rollup_dialog.build()
    before = counties[1].read_bytes()
    assert not rollup_dialog.export_pdf(counties[1])
    assert counties[1].read_bytes() == before
    assert rollup_dialog.errors[-1][0] == "Export failed" and "input" in rollup_dialog.errors[-1][1]


def test_remove_takes_paths_off_the_list(rollup_dialog, counties: list[Path]) -> None:  # noqa: ANN001
    rollup_dialog.add_paths(counties[:2])
    rollup_dialog.inputs.setCurrentRow(0)
    rollup_dialog.remove_button.click()
    assert rollup_dialog.paths() == [str(counties[1])]


@pytest.fixture
def older_file(tmp_path: Path) -> Path:
    """The sample as it was; the window then gets the newer version."""
    old = tmp_path / "riverbend-2026.simmap"
    shutil.copy(SAMPLE, old)
    return old


def test_compare_from_the_file_menu_shows_what_changed(qtbot, monkeypatch, older_file: Path,  # noqa: ANN001
                                                       tmp_path: Path) -> None:
    ws = load_workshop(older_file)
    gap = next(f for f in ws.findings if f.title == "Sheriff deputies not CIT trained")
    ws.findings.remove(gap)
    ws.voting.candidates = [c for c in ws.voting.candidates if gap.id not in c.gap_ids]
    ws.action_plans[1].objectives[0].steps[1].status = "done"
    newer = tmp_path / "riverbend-2027.simmap"
    save_workshop(ws, newer, backup=False)
    window = make_window(qtbot, monkeypatch, Answers())
    assert window.open_path(newer)
    before = dump(window)
    menu_texts = [a.objectName() for a in window.menus["file"].actions()]
    assert wa.ACTION_COMPARE in menu_texts and wa.ACTION_ROLLUP in menu_texts
    dialog = window.open_compare(older_file)
    assert isinstance(dialog, CompareDialog)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "Changes from riverbend-2026.simmap to riverbend-2027.simmap"
    assert dialog.section_titles("gaps_closed") == ["Sheriff deputies not CIT trained"]
    assert dialog.section_titles("steps_completed") == [
        "Apply for the state mobile crisis expansion grant and set up Medicaid billing for mobile crisis"]
    assert dialog.section_titles("gaps_new") == []
    assert "Gaps closed: 1" in dialog.summary.text()
    assert "Warning" not in dialog.summary.text()
    assert dump(window) == before  # comparing never changes the document


def test_compare_across_intercept_schemes_says_moves_may_look_closed_and_new(qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                                                           older_file: Path) -> None:
    from intercept_mapper.model import new_workshop

    five = tmp_path / "five.simmap"
    save_workshop(new_workshop("five-intercept", "Riverbend County"), five, backup=False)
    window = make_window(qtbot, monkeypatch, Answers())
    assert window.open_path(older_file)
    dialog = window.open_compare(five)
    qtbot.addWidget(dialog)
    assert dialog.summary.text().startswith("Warning: ")


def test_compare_asks_for_the_file_and_reports_a_bad_one(qtbot, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    dialog = CompareDialog(load_workshop(SAMPLE), "riverbend.simmap")
    qtbot.addWidget(dialog)
    errors: list[tuple[str, str]] = []
    dialog.show_error = lambda title, text: errors.append((title, text))
    dialog.ask_old_path = lambda: None
    assert not dialog.choose_old()  # cancelled: nothing happens
    bad = tmp_path / "bad.simmap"
    bad.write_text("{", encoding="utf-8")
    dialog.ask_old_path = lambda: str(bad)
    dialog.choose_button.click()
    assert errors and "bad.simmap" in errors[0][1]
    assert dialog.result is None
    dialog.ask_old_path = lambda: str(SAMPLE)
    dialog.choose_button.click()
    assert dialog.result is not None and dialog.result.is_empty()
    assert dialog.summary.text().startswith("No changes")


def test_rollup_opens_from_the_window(qtbot, monkeypatch) -> None:  # noqa: ANN001
    window = make_window(qtbot, monkeypatch, Answers())
    dialog = window.open_rollup()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, RollupDialog) and dialog.isVisible()
