"""Work that waits for a turn of the event loop without a repaint (issue 19: a room's ballots and the
redraws after them): a piece of work and the repaint it causes never share a turn (a turn: what runs
between two runs of the timers, as the bench's 1 ms timer sees it); a window that repaints every turn
still lets the work in; work asked twice runs once; an owner's deleted work never runs."""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from intercept_mapper.ui.panels.between_paints import MOST_PASSES_WAITED, between_paints


def _burn(ms: float) -> None:
    until = time.thread_time() + ms / 1000
    while time.thread_time() < until:
        pass


class _Repaints(QObject):
    """Logs each repaint of the window it watches, and makes it cost ``ms`` of CPU as a real one does."""

    def __init__(self, log: list[str], ms: float) -> None:
        super().__init__()
        self.log, self.ms = log, ms

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.UpdateRequest:
            self.log.append("paint")
            _burn(self.ms)
        return False


def _run_loop(ms: int, until=lambda: False) -> None:  # noqa: ANN001
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    check = QTimer(interval=5)
    check.timeout.connect(lambda: until() and loop.quit())
    check.start()
    loop.exec()
    check.stop()


def test_work_and_the_repaint_it_causes_never_share_a_turn(qtbot) -> None:
    label = QLabel("0")
    qtbot.addWidget(label)
    label.resize(200, 80)
    label.show()
    qtbot.waitExposed(label)
    log: list[str] = []
    repaints = _Repaints(log, 2.0)
    label.installEventFilter(repaints)
    gate = between_paints()
    done = [0]

    def work() -> None:  # a ballot or a redraw: 2 ms, and something to repaint
        done[0] += 1
        log.append("work")
        label.setText(str(done[0]))
        _burn(2.0)
        if done[0] < 40:
            gate.run_soon(work, label)

    tick = QTimer(interval=1)  # the bench's way of seeing turns
    tick.timeout.connect(lambda: log.append("|"))
    tick.start()
    gate.run_soon(work, label)
    _run_loop(5000, lambda: done[0] == 40 and not gate.is_waiting(work))
    tick.stop()
    _run_loop(30)
    label.removeEventFilter(repaints)
    turns = [set(turn.split()) for turn in " ".join(log).split("|")]
    assert done[0] == 40
    assert sum("paint" in turn for turn in turns) >= 35  # the label was repainted after (nearly) each
    assert [turn for turn in turns if {"work", "paint"} <= turn] == []


def test_a_window_that_repaints_every_turn_still_lets_the_work_in(qtbot) -> None:
    class Busy(QWidget):  # an animation: every repaint asks for the next
        def paintEvent(self, _event) -> None:  # noqa: ANN001, N802 - Qt's name
            self.update()

    busy = Busy()
    qtbot.addWidget(busy)
    busy.resize(100, 100)
    busy.show()
    qtbot.waitExposed(busy)
    gate = between_paints()
    ran: list[int] = []
    waited = gate.passes_waited_total
    for n in range(3):
        gate.run_soon(lambda n=n: ran.append(n), busy)
    _run_loop(3000, lambda: len(ran) == 3)
    busy.hide()
    assert ran == [0, 1, 2]  # in the order asked
    assert 0 < gate.passes_waited_total - waited <= 3 * MOST_PASSES_WAITED


def test_work_asked_for_twice_runs_once_and_a_deleted_owners_never(qtbot) -> None:
    gate = between_paints()
    ran: list[str] = []
    owner = QObject()
    gate.run_soon(lambda: ran.append("gone"), owner)
    shiboken6.delete(owner)

    def twice() -> None:
        ran.append("twice")

    gate.run_soon(twice)
    gate.run_soon(twice)
    assert gate.is_waiting(twice)
    _run_loop(2000, lambda: not gate.is_waiting(twice))
    _run_loop(20)
    assert ran == ["twice"]
    gate.run_soon(twice)
    gate.cancel(twice)
    _run_loop(50)
    assert ran == ["twice"]
