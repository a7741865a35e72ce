"""Turns of the event loop that hold no repaint, for work that can wait a little: a room's ballots and the
redraws that follow them while they stream in (issue 19: 300 ballots in about a second).

A turn here is what runs between two runs of the due timers (a timer is how the bench sees a block).
A widget's ``update()`` posts one ``UpdateRequest`` to its window, delivered with the posted events of
the next pass of the event loop, before that pass's timers: work run from a timer shares its turn with
the repaint it causes (a redraw of 2-3.6 ms with the window's repaint of 4-8.6 ms, measured), and so
does work run from a posted event in a pass after which no timers run. The work here runs from a
posted event of our own, one piece per turn, and only

- in a turn that has not repainted a watched window (the windows of the widgets that queued work; our
  event has a lower priority than Qt's repaints, so a repaint waiting in the same pass comes first), and
- in a pass after which the timers run. Qt's glib dispatcher (Linux) ran a 1 ms timer after every other
  pass only (measured: two passes of 2 ms, then the timer), but after every pass while a zero-interval
  timer runs: ours (``_timers_probe``) runs while work waits, and tells when the timers ran.

So: [work] timers [repaint] timers [work] timers [repaint] ... A piece of work waits at most
``MOST_PASSES_WAITED`` passes, however busy painting the window is.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

MOST_PASSES_WAITED = 6  # a window that repaints every turn (an animation) still lets the work in
_PASS = QEvent.Type(QEvent.registerEventType())
# Below Qt's low priority, which its UpdateRequests have: a repaint waiting in the queue is always
# delivered before our event, and so seen.
PASS_PRIORITY = int(Qt.EventPriority.LowEventPriority.value) - 1

_shared: BetweenPaints | None = None


def between_paints() -> BetweenPaints:
    """The application's one ``BetweenPaints`` (made on first use; it lives as long as the application)."""
    global _shared
    if _shared is None or not shiboken6.isValid(_shared):
        _shared = BetweenPaints(QCoreApplication.instance())
    return _shared


class BetweenPaints(QObject):
    """Runs queued pieces of work one per turn of the event loop, never in a turn that repaints."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[Callable[[], object], QObject | None] = {}  # the work waiting, in order; its owner
        self._posted = False  # our event waits in Qt's queue
        self._painted = False  # a watched window repainted since the timers last ran (in this turn)
        self._passes_waited = 0
        self._watched: set[int] = set()  # id() of each window watched (dropped when it is destroyed)
        # Runs with the timers while work waits: tells when they ran (a turn ended).
        self._timers_probe = QTimer(self, interval=0)
        self._timers_probe.timeout.connect(self._turn_ended)
        self.jobs_run = 0  # pieces of work run so far (tests read these two)
        self.passes_waited_total = 0

    # ------------------------------------------------------------------ Public API
    def run_soon(self, job: Callable[[], object], owner: QObject | None = None,
                 window: QWidget | None = None) -> None:
        """Run ``job`` in a coming turn that holds no repaint (once, however often it is asked for before
        it runs). ``owner``: the object the job belongs to (not run once deleted); ``window`` (by default
        the owner's, when it is a widget): watched for repaints from now on."""
        if window is None and isinstance(owner, QWidget):
            window = owner.window()
        if window is not None:
            self.watch(window)
        if job not in self._jobs:
            self._jobs[job] = owner
        self._post()

    def cancel(self, job: Callable[[], object]) -> None:
        """Forget ``job`` if it waits (it was done another way, or its owner goes)."""
        self._jobs.pop(job, None)

    def is_waiting(self, job: Callable[[], object]) -> bool:
        """Whether ``job`` waits for its turn."""
        return job in self._jobs

    def watch(self, window: QWidget) -> None:
        """Hear of ``window``'s repaints (a turn that holds one is left to it)."""
        key = id(window)
        if key in self._watched:
            return
        self._watched.add(key)
        window.installEventFilter(self)
        window.destroyed.connect(lambda *_a, key=key: self._watched.discard(key))

    # ------------------------------------------------------------------ Qt events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Note a window's repaint (delivered as one posted ``UpdateRequest``)."""
        if event.type() == QEvent.Type.UpdateRequest:
            self._painted = True
        return False

    def event(self, event: QEvent) -> bool:
        """Our pass: one piece of work, unless this turn repainted."""
        if event.type() != _PASS:
            return super().event(event)
        self._posted = False
        if not self._jobs:
            self._timers_probe.stop()
            return True
        if self._painted and self._passes_waited < MOST_PASSES_WAITED:
            self._passes_waited += 1
            self.passes_waited_total += 1
            self._post()
            return True
        self._passes_waited = 0
        job, owner = next(iter(self._jobs.items()))
        del self._jobs[job]
        try:
            if owner is None or shiboken6.isValid(owner):
                self.jobs_run += 1
                job()
        finally:
            if self._jobs:
                self._post()
        return True

    # ------------------------------------------------------------------ internals
    def _post(self) -> None:
        if not self._timers_probe.isActive():
            self._timers_probe.start()
        if not self._posted:
            self._posted = True
            QCoreApplication.postEvent(self, QEvent(_PASS), PASS_PRIORITY)

    def _turn_ended(self) -> None:
        self._painted = False
        if not self._jobs and not self._posted:
            self._timers_probe.stop()
