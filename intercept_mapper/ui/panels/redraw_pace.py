"""When a panel's redraw may run while tallies stream in (a room's phones, ~300 ballots a second at
peak): at once after a quiet spell, as before, and at most every ``interval_ms`` while they keep coming;
either way in a pass of the event loop that holds no repaint (``between_paints``), so that the redraw
and the repaint it causes fall in two passes, not one.

Each ballot is still its own undo command and its own document change; only the redraw that follows
waits, so a burst costs a few redraws a second instead of a redraw (ranking, cells, repaint) that lands
in whichever turn of the event loop a ballot happened to arrive. Anything other than a tally (a
title, a table, a candidate added) still asks for the redraw at once (``now``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from .between_paints import between_paints

TALLY_REDRAW_INTERVAL_MS = 100  # the ranking follows a burst ten times a second


class RedrawPace:
    """Runs ``redraw`` from the single-shot ``timer``: at once for ``now``; for ``soon``, after the rest of
    the interval and then in a pass without a repaint of ``widget``'s window."""

    def __init__(self, timer: QTimer, redraw: Callable[[], object], widget: QWidget,
                 interval_ms: int = TALLY_REDRAW_INTERVAL_MS) -> None:
        self._timer = timer
        self._redraw = redraw
        self._widget = widget
        self._interval = interval_ms / 1000
        self._last = float("-inf")  # when the last redraw ran (time.monotonic)
        self._tallies_only = False  # only tallies asked for the redraw the timer holds
        timer.timeout.connect(self._due)

    def now(self) -> None:
        """Redraw at the next turn of the event loop (a change that is not a tally)."""
        self._tallies_only = False
        between_paints().cancel(self._between_paints)
        self._timer.start(0)

    def soon(self) -> None:
        """A tally changed: redraw at once after a quiet spell, else when the interval since the last
        redraw is over (a redraw already waiting covers this change too)."""
        if self.is_waiting():
            return
        self._tallies_only = True
        wait = self._last + self._interval - time.monotonic()
        self._timer.start(max(0, round(wait * 1000)))

    def is_waiting(self) -> bool:
        """Whether a redraw was asked for and has not run (on the timer, or waiting for its pass)."""
        return self._timer.isActive() or between_paints().is_waiting(self._between_paints)

    def redrawn(self) -> None:
        """Note that the redraw ran (the owner calls this, however the redraw was reached)."""
        self._last = time.monotonic()
        self._timer.stop()
        between_paints().cancel(self._between_paints)

    def dispose(self) -> None:
        """Forget a redraw that waits (the owner goes)."""
        self._timer.stop()
        between_paints().cancel(self._between_paints)

    def _due(self) -> None:
        if self._tallies_only:
            between_paints().run_soon(self._between_paints, self._widget)
        else:
            self._redraw()

    def _between_paints(self) -> None:
        self._redraw()
