"""Room voting in the app: ballots from phones arrive as one undo command each (a resubmission swaps
the earlier ballot), the projector view counts them live, Esc closes voting (409), leaving stops the
server, and the inbox puts a suggestion on the map as one undo step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from intercept_mapper.model.room_ballots import room_ballots
from intercept_mapper.ui.room.room_opening import open_room_voting
from intercept_mapper.ui.room.room_view import RoomView
from tests.conftest import SAMPLES
from tests.room.room_support import call, post
from tests.ui.window_helpers import make_window

DEVICE = "feedfacefeedfacefeed"


@pytest.fixture
def voting(qtbot, monkeypatch, tmp_path: Path):
    window = make_window(qtbot, monkeypatch)
    path = tmp_path / "riverbend.simmap"
    shutil.copy(SAMPLES / "riverbend.simmap", path)
    assert window.open_path(path)
    window.finish_building()
    view = open_room_voting(window, ask_budget=False, full_screen=False)
    assert isinstance(view, RoomView)
    yield window, view
    if view.isVisible():
        view.finish()


def _cands(window):
    return [c for c in window.document.workshop.voting.candidates if not c.excluded]


def test_ballots_are_undo_commands_and_a_resubmission_swaps(qtbot, voting) -> None:
    window, view = voting
    session = window.room_session
    url = session.url
    assert not url.startswith("http://0.0.0.0")
    c1, c2 = _cands(window)[0].id, _cands(window)[1].id
    before = window.undo_stack.count()
    tally = dict(window.document.get("candidates", c1).votes)
    assert post(url + "api/ballot", {"device": DEVICE, "table": "System table", "votes": {c1: 2}})[0] == 200
    qtbot.waitUntil(lambda: window.undo_stack.count() == before + 1)
    qtbot.waitUntil(lambda: "System table: 1 ballot" in view.counts.text())  # at most 10 times a second
    system = next(t.id for t in window.document.workshop.voting.tables if t.name == "System table")
    assert window.document.get("candidates", c1).votes[system] == tally.get(system, 0) + 2
    assert post(url + "api/ballot", {"device": DEVICE, "table": "System table", "votes": {c2: 1}})[0] == 200
    qtbot.waitUntil(lambda: window.undo_stack.count() == before + 2)
    assert len(room_ballots(window.document)) == 1
    assert window.document.get("candidates", c1).votes[system] == tally.get(system, 0)
    window.undo_stack.undo()  # back to the first ballot, exactly
    assert room_ballots(window.document)[0].votes == {c1: 2}
    window.undo_stack.redo()

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not session.is_open())
    qtbot.waitUntil(lambda: post(url + "api/ballot", {"device": DEVICE, "table": "System table",
                                                      "votes": {}})[0] == 409)
    assert "closed" in view.state.text()
    view.finish()
    assert window.room_session is None
    with pytest.raises(OSError):
        call(url + "api/ballot")


def test_a_suggestion_lands_in_the_inbox_and_goes_on_the_map_as_one_step(qtbot, voting) -> None:
    window, _view = voting
    url = window.room_session.url
    assert post(url + "api/suggestion", {"device": DEVICE, "kind": "gap", "intercept": "2",
                                         "text": "No peer support at arraignment"})[0] == 200
    qtbot.waitUntil(lambda: len(window.document.workshop.inbox) == 1)
    panel = window.room_inbox
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    findings = len(window.document.workshop.findings)
    steps = window.undo_stack.count()
    panel.accept_current()
    window.canvas.fast_entry.finish_editing()
    assert len(window.document.workshop.findings) == findings + 1
    added = window.document.workshop.findings[-1]
    assert (added.kind, added.intercept, added.title) == ("gap", "2", "No peer support at arraignment")
    assert window.document.workshop.inbox == [] and window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert len(window.document.workshop.findings) == findings and len(window.document.workshop.inbox) == 1
    panel.dismiss_current()
    assert window.document.workshop.inbox == []


def test_the_projector_view_at_1280x720(qtbot, voting, tmp_path: Path) -> None:
    window, view = voting
    url = window.room_session.url
    cands = _cands(window)
    for n in range(5):
        table = "Community table" if n % 2 else "System table"
        post(url + "api/ballot", {"device": f"{n:020d}", "table": table, "votes": {cands[n].id: 1}})
    qtbot.waitUntil(lambda: "Community table: 2 ballots" in view.counts.text())
    view.resize(1280, 720)
    # The window system may deliver the resize a few turns later on a busy machine.
    qtbot.waitUntil(lambda: view.size().width() == 1280 and view.size().height() == 720, timeout=3000)
    qtbot.wait(50)
    image = view.grab()
    folder = Path(os.environ.get("ROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / "room-view-1280x720.png"))
    assert view.qr.pixmap().width() >= 300  # readable from the back of the room
    assert _fills_its_label(view)


def _fills_its_label(view) -> bool:
    """The code is drawn for the label's present size: as many whole pixels a module as fit."""
    import segno

    modules = segno.make(view.session.url, error="m").symbol_size(scale=1, border=4)[0]
    side = min(view.qr.width(), view.qr.height())
    return view.qr.pixmap().width() == modules * (side // modules)


def test_the_code_follows_its_label_when_the_counts_re_lay_the_view_out(qtbot, voting) -> None:
    window, view = voting
    view.resize(1280, 720)
    qtbot.waitUntil(lambda: view.size().width() == 1280, timeout=3000)
    qtbot.wait(50)
    # Many tables' counts make the text column taller: the label is resized with no resize of the view.
    view.counts.setText("\n".join(f"Table {n}: 0 ballots" for n in range(12)))
    qtbot.waitUntil(lambda: _fills_its_label(view), timeout=3000)
    view.counts.setText("")
    qtbot.waitUntil(lambda: _fills_its_label(view), timeout=3000)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_the_projector_view_fits_the_projector(qtbot, voting, size: tuple[int, int]) -> None:
    """Nothing holds the view wider or taller than a small projector (it was 1,437 px wide at 1024)."""
    window, view = voting
    view.resize(1280, 1024)  # a larger screen first: the code drawn big must not hold the view there
    # The window system delivers a top-level window's resize some turns later on a busy machine: wait
    # for each size (a view whose content refused to shrink would never reach it).
    qtbot.waitUntil(lambda: (view.width(), view.height()) == (1280, 1024), timeout=3000)
    view.resize(*size)
    qtbot.waitUntil(lambda: (view.width(), view.height()) == size, timeout=3000)
    qtbot.wait(50)
    assert (view.width(), view.height()) == size
    hint = view.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    for label in (view.heading, view.address, view.counts, view.state):
        assert view.rect().contains(label.geometry())  # every line on the screen, none cut off


def test_the_first_suggestion_brings_the_inbox_forward_and_the_projector_counts_them(qtbot, voting) -> None:
    window, view = voting
    window.room_inbox_dock.hide()  # the facilitator closed it
    assert not view.suggestions.isVisible() and view.suggestions.text() == ""
    url = window.room_session.url
    assert post(url + "api/suggestion", {"device": DEVICE, "kind": "resource", "intercept": "1",
                                         "text": "Mobile crisis team <b>nights</b>"})[0] == 200
    qtbot.waitUntil(lambda: window.room_inbox_dock.isVisible())
    qtbot.waitUntil(lambda: view.suggestions.text() == "Room Inbox: 1 suggestion waiting")
    assert view.suggestions.isVisible()
    assert "nights" not in view.suggestions.text()  # the count on the room's screen, never the text
    window.room_inbox_dock.hide()
    assert post(url + "api/suggestion", {"device": DEVICE, "kind": "gap", "intercept": "2",
                                         "text": "No reentry planning"})[0] == 200
    qtbot.waitUntil(lambda: view.suggestions.text() == "Room Inbox: 2 suggestions waiting")
    assert not window.room_inbox_dock.isVisible()  # only the first opens it: no dock jumping up each time


def _earlier_vote(qtbot, window, view) -> int:  # noqa: ANN001
    url = window.room_session.url
    cands = _cands(window)
    for n in range(3):
        assert post(url + "api/ballot", {"device": f"{n:020d}", "table": "System table",
                                         "votes": {cands[n].id: 2}})[0] == 200
    qtbot.waitUntil(lambda: len(room_ballots(window.document)) == 3)
    view.finish()
    return window.undo_stack.count()


def _answer_with(monkeypatch, role) -> list[str]:  # noqa: ANN001
    """The question about earlier ballots answered by its button of ``role``; returns what was asked."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        button = next(b for b in box.buttons() if box.buttonRole(b) == role)
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda _self: button)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def test_opening_again_clears_the_earlier_ballots_in_one_step_when_asked(qtbot, voting, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window, view = voting
    tallies_before = {c.id: dict(c.votes) for c in window.document.workshop.voting.candidates}
    steps = _earlier_vote(qtbot, window, view)
    asked = _answer_with(monkeypatch, QMessageBox.ButtonRole.DestructiveRole)
    again = open_room_voting(window, ask_budget=False, full_screen=False)
    assert isinstance(again, RoomView)
    assert asked == ["This file holds 3 ballots from an earlier room vote. Clear them before this vote? "
                     "Their dots come out of the tallies (one step: Undo puts them back)."]
    assert room_ballots(window.document) == []
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.text(steps) == "Clear 3 earlier room ballots"
    system = next(t.id for t in window.document.workshop.voting.tables if t.name == "System table")
    for cand in window.document.workshop.voting.candidates:
        assert cand.votes.get(system, 0) == tallies_before[cand.id].get(system, 0)
    window.undo_stack.undo()
    assert len(room_ballots(window.document)) == 3
    again.finish()


def test_keeping_or_cancelling_leaves_the_earlier_ballots(qtbot, voting, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window, view = voting
    steps = _earlier_vote(qtbot, window, view)
    asked = _answer_with(monkeypatch, QMessageBox.ButtonRole.RejectRole)  # Cancel: no session at all
    assert open_room_voting(window, ask_budget=False, full_screen=False) is None
    assert len(asked) == 1 and window.room_session is None
    kept = open_room_voting(window, ask_budget=False, full_screen=False, clear_earlier=False)
    assert isinstance(kept, RoomView)
    assert len(room_ballots(window.document)) == 3 and window.undo_stack.count() == steps
    kept.finish()


def test_an_address_with_no_place_to_wrap_still_fits_a_small_projector(qtbot, voting) -> None:
    """A token without a hyphen left the URL one unbreakable word 906 px wide at its size: the view
    could not shrink to 1024 px (its buttons cut off), for some tokens and not others."""
    from PySide6.QtGui import QFontMetricsF

    window, view = voting
    view.session.url = "http://192.168.100.200:54321/" + "Qx7" * 11 + "/"  # longer than any real token
    view.refresh()
    view.resize(1280, 1024)
    qtbot.waitUntil(lambda: (view.width(), view.height()) == (1280, 1024), timeout=3000)
    view.resize(1024, 768)
    qtbot.waitUntil(lambda: (view.width(), view.height()) == (1024, 768), timeout=3000)
    qtbot.wait(50)
    address = view.address
    assert address.text() == view.session.url  # whole, one line, as copied
    assert QFontMetricsF(address.font()).horizontalAdvance(address.text()) <= address.contentsRect().width()
    assert view.rect().contains(address.geometry()) and address.font().pointSizeF() >= 10
    assert view.rect().contains(view.done_button.geometry())
    narrow = address.font().pointSizeF()
    view.resize(1920, 1080)  # more room: the address grows again
    qtbot.waitUntil(lambda: address.font().pointSizeF() > narrow * 1.2, timeout=3000)
    view.session.url = "http://10.0.0.2:8080/abc/"
    view.refresh()  # a short address is shown at its full size
    qtbot.waitUntil(lambda: address.font().pointSizeF() == 26.0, timeout=3000)
