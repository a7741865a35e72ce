"""Issue 17 in the app: the rollup dialog counts communities, shows history and "not mapped"; the compare
dialog shows plans lost after a worksheet round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercept_mapper.model.compare import compare_workshops
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.ui.dialogs.compare_dialog import CompareDialog
from intercept_mapper.ui.dialogs.rollup_dialog import RollupDialog
from tests.conftest import SAMPLES
from tests.rollup_years import write_program
from tests.ui.window_helpers import forbid_modal_dialogs


@pytest.fixture
def dialog(qtbot, monkeypatch: pytest.MonkeyPatch) -> RollupDialog:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    dialog = RollupDialog()
    dialog.show_error = lambda title, text: pytest.fail(f"{title}: {text}")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_counts_communities_and_shows_not_mapped(dialog: RollupDialog, tmp_path: Path) -> None:
    program = write_program(tmp_path / "program")
    dialog.add_paths([tmp_path / "program"])
    assert dialog.build()
    assert len(dialog.rollup.communities) == 2
    assert "3 files read" in dialog.status.text() and "1 earlier as history" in dialog.status.text()
    heat = dialog.heat_table
    headers = [heat.horizontalHeaderItem(c).text() for c in range(heat.columnCount())]
    assert headers == ["Community", "Int. 0", "Int. 1", "Int. 5", "X", "Total"]
    assert [heat.item(1, c).text() for c in range(heat.columnCount())] == [
        "Clark County", "not mapped", "1", "1", "0", "2"]
    themes = [dialog.themes_table.item(r, 0).text() for r in range(dialog.themes_table.rowCount())]
    assert "Community supervision" in themes
    table = dialog.communities_table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert rows[0][0] == "ADAMS county (history, not counted)" and rows[0][1] == "2025-03-05"
    assert rows[0][3] == str(program["adams-2025"])
    assert rows[1][:3] == ["ADAMS county", "2026-04-01", "workshop dates"]
    dialog.all_years_box.setChecked(True)
    assert dialog.build()
    assert len(dialog.rollup.communities) == 3


def test_the_compare_dialog_shows_plans_lost(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    forbid_modal_dialogs(monkeypatch)
    sample = load_workshop(SAMPLES / "riverbend.simmap")
    lossy = sample.model_copy(deep=True)
    lossy.action_plans = []
    lossy.participants = []
    dialog = CompareDialog(lossy, "after a round trip")
    qtbot.addWidget(dialog)
    dialog.show_comparison(compare_workshops(sample, lossy, "riverbend.simmap", "after a round trip"))
    assert len(dialog.section_titles("plans_removed")) == 5
    assert len(dialog.section_titles("participants_removed")) == len(sample.participants)
    assert "Action plans lost: 5" in dialog.summary.text()
