"""What the UI thread did in its heaviest turns of the event loop (``bench_room.py --trace``).

An application whose ``notify`` times, on the UI thread's CPU clock, every event delivered from the
event loop (and the paints, layouts and resizes within them, by widget), with the pieces of work
``between_paints`` runs by name; the bench marks where each turn ends (its 1 ms timer's tick). The
timing costs a few microseconds an event: the turns it reports are a little heavier than untraced.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

NESTED = (QEvent.Type.Paint, QEvent.Type.LayoutRequest, QEvent.Type.Resize)
NESTED_DEPTH = 6
NESTED_LEAST_MS = 0.1


def describe(obj: QObject, event: QEvent) -> str:
    """The event's type and its receiver: class, object name and up to three parents (a timer: its
    interval and owner)."""
    try:
        name = type(obj).__name__
        if isinstance(obj, QTimer):
            owner = obj.parent()
            return f"{event.type().name}:QTimer[{obj.interval()}]<{type(owner).__name__ if owner else ''}>"
        if obj.objectName():
            name += "#" + obj.objectName()
        parent, depth = obj.parent(), 0
        while parent is not None and depth < 3:
            name += "<" + type(parent).__name__ + ("#" + parent.objectName() if parent.objectName() else "")
            parent, depth = parent.parent(), depth + 1
        return f"{event.type().name}:{name}"
    except RuntimeError:  # the receiver is being deleted
        return f"{event.type().name}:(deleted)"


class TracingApp(QApplication):
    """Records (depth, CPU ms, what) of each event while ``tracing``; ``end_turn`` closes a turn."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.tracing = False
        self.turns: list[list[tuple[int, float, str]]] = [[]]
        self._depth = 0

    def notify(self, obj: QObject, event: QEvent) -> bool:  # noqa: D102 - Qt's name
        if not self.tracing:
            return super().notify(obj, event)
        depth = self._depth
        self._depth += 1
        started = time.thread_time()
        try:
            return super().notify(obj, event)
        finally:
            self._depth -= 1
            ms = (time.thread_time() - started) * 1000
            if depth == 0 or (depth <= NESTED_DEPTH and ms >= NESTED_LEAST_MS and event.type() in NESTED):
                self.turns[-1].append((depth, ms, describe(obj, event)))

    def note_work(self, name: str, ms: float) -> None:
        """A piece of ``between_paints`` work ran (inside the event being timed)."""
        if self.tracing:
            self.turns[-1].append((self._depth, ms, "work:" + name))

    def end_turn(self) -> None:
        """The bench's tick: what comes next is the next turn."""
        if self.tracing:
            self.turns.append([])

    def report(self, count: int = 5, least_ms: float = 0.2) -> str:
        """The ``count`` heaviest turns (their events of ``least_ms`` or more), heaviest first."""
        def own(turn: list[tuple[int, float, str]]) -> float:
            return sum(ms for depth, ms, _ in turn if depth == 0)

        lines = []
        for turn in sorted(self.turns, key=own, reverse=True)[:count]:
            lines.append(f"turn of {own(turn):.1f} ms of the UI thread's CPU:")
            lines += [f"  {'  ' * depth}{ms:6.2f} {what}" for depth, ms, what in turn if ms >= least_ms]
        return "\n".join(lines)


def trace_work(app: TracingApp) -> None:
    """Name the pieces of work ``between_paints`` runs in the trace."""
    from intercept_mapper.ui.panels import between_paints

    real_event = between_paints.BetweenPaints.event

    def event(self: between_paints.BetweenPaints, event: QEvent) -> bool:
        if event.type() != between_paints._PASS:  # noqa: SLF001 - the bench looks inside
            return real_event(self, event)
        job = next(iter(self._jobs), None)  # noqa: SLF001
        started = time.thread_time()
        ran = self.jobs_run
        try:
            return real_event(self, event)
        finally:
            if job is not None and self.jobs_run != ran:
                app.note_work(getattr(job, "__qualname__", repr(job)), (time.thread_time() - started) * 1000)

    between_paints.BetweenPaints.event = event
