"""Panels out of sight do no work on an edit; they catch up when their tab comes forward (issue 18)."""

from __future__ import annotations

from window_helpers import make_window

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.panels.on_screen import on_screen


def test_a_priorities_tab_behind_the_inspector_waits_until_shown(qtbot, monkeypatch) -> None:
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(SAMPLE_WORKSHOP)
    panel = window.priorities_panel
    window.inspector.raise_()
    qtbot.wait(20)
    assert panel.isVisible() and not on_screen(panel)  # Qt calls a tab behind another "visible"
    grid_rebuilds: list[int] = []  # the grid's redraws: a rebuild or a row-by-row update
    panel_rebuilds: list[int] = []
    original_grid, original_rows, original_panel = panel.grid.rebuild, panel.grid._refresh_rows, panel.rebuild
    monkeypatch.setattr(panel.grid, "rebuild", lambda: (grid_rebuilds.append(1), original_grid())[1])
    monkeypatch.setattr(panel.grid, "_refresh_rows", lambda: (grid_rebuilds.append(1), original_rows())[1])
    monkeypatch.setattr(panel, "rebuild", lambda: (panel_rebuilds.append(1), original_panel())[1])
    gap = window.document.workshop.gaps()[0]
    candidate = next(c for c in window.document.workshop.voting.candidates if gap.id in c.gap_ids)
    window.document.update("findings", gap.id, title="Renamed while nobody looks")
    window.document.update("candidates", candidate.id, title="Renamed while nobody looks")
    qtbot.wait(20)
    assert grid_rebuilds == [] and panel_rebuilds == []
    panel.raise_()  # its tab comes forward: it catches up at once
    qtbot.waitUntil(lambda: bool(grid_rebuilds), timeout=2000)
    titles = [title for _, title, _ in panel.grid.ranked_rows()]
    assert "Renamed while nobody looks" in titles
