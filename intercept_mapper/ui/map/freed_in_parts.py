"""Large lists let go of a slice per event-loop turn instead of all at once.

When a 30,000-item map's items have replaced its sketch (``map_sketch``), the sketch's layout (12,000
flows with their corners and lines, 6,000 boxes, their stacks of chips: ~150,000 objects) is garbage.
Freed at once it cost 40-60 ms of CPU inside the turn that showed the built map; here its lists are
emptied from the end, a slice at a time, for at most ``TURN_S`` per turn.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer

TURN_S = 0.004  # the longest a turn spends freeing
SLICE = 500  # elements dropped between two looks at the clock


class FreedInParts(QObject):
    """Holds lists given to it and empties them a slice per event-loop turn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lists: list[list[Any]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._free_some)

    def free(self, *lists: list[Any]) -> None:
        """Let go of ``lists`` (the caller keeps no other reference to their elements) over the next turns."""
        self._lists.extend(lst for lst in lists if lst)
        if self._lists and not self._timer.isActive():
            self._timer.start()

    def pending(self) -> int:
        """How many elements are still held."""
        return sum(len(lst) for lst in self._lists)

    def _free_some(self) -> None:
        deadline = time.perf_counter() + TURN_S
        lists = self._lists
        while lists:  # a slice at least, then more while there is time
            last = lists[-1]
            del last[-SLICE:]
            if not last:
                lists.pop()
            if time.perf_counter() >= deadline:
                break
        if lists:
            self._timer.start()
