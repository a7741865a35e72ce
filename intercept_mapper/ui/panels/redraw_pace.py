"""When a panel's redraw may run while tallies stream in (a room's phones, ~300 ballots a second at
peak): at once after a quiet spell, as before, and at most every ``interval_ms`` while they keep coming.

Each ballot is still its own undo command and its own document change; only the redraw that follows
waits, so a burst costs a few redraws a second instead of a redraw (ranking, cells, repaint) that lands
in whichever turn of the event loop a ballot happened to arrive. Anything other than a tally (a
title, a table, a candidate added) still asks for the redraw at once (``now``).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

TALLY_REDRAW_INTERVAL_MS = 100  # the ranking follows a burst ten times a second


class RedrawPace:
    """Starts a single-shot redraw ``timer`` at once or after the rest of the interval."""

    def __init__(self, timer: QTimer, interval_ms: int = TALLY_REDRAW_INTERVAL_MS) -> None:
        self._timer = timer
        self._interval = interval_ms / 1000
        self._last = float("-inf")  # when the last redraw ran (time.monotonic)

    def now(self) -> None:
        """Redraw at the next turn of the event loop (a change that is not a tally)."""
        self._timer.start(0)

    def soon(self) -> None:
        """A tally changed: redraw at once after a quiet spell, else when the interval since the last
        redraw is over (a redraw already waiting covers this change too)."""
        if self._timer.isActive():
            return
        wait = self._last + self._interval - time.monotonic()
        self._timer.start(max(0, round(wait * 1000)))

    def redrawn(self) -> None:
        """Note that the redraw ran (the owner calls this, however the redraw was reached)."""
        self._last = time.monotonic()
