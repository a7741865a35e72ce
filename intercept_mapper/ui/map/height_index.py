"""Ids of the boxes or flows a far drawing paints, found by the band of scene height they reach.

At fit zoom a 30,000-item map is a strip a few pixels wide (~375,000 scene units tall, ~2,100 wide): an
edit's repaint spans the whole width and a fifth to a third of the height. Walking every box and flow
to skip those outside cost as much as a whole repaint; this index answers "which may reach from ``top``
to ``bottom``" by looking only at the bands of that stretch (plain Python: no Qt).

An id is listed in each band its extent reaches; one reaching more than ``most_bands`` bands (a flow
from the top of the map to its bottom) is kept in one list asked every time instead, so the index stays
about as large as the number of ids.
"""

from __future__ import annotations

from collections.abc import Iterable

BAND = 4096.0  # scene units: a box block is ~100-400 tall; an edit's repaint ~80,000-130,000
MOST_BANDS = 24  # beyond this many bands an id is kept with the long ones


class HeightIndex:
    """Which ids reach which bands of height (an id is placed again whenever its extent changes)."""

    def __init__(self, band: float = BAND, most_bands: int = MOST_BANDS) -> None:
        self._band = band
        self._most = most_bands
        self._bands: dict[int, set[str]] = {}
        self._spans: dict[str, tuple[int, int]] = {}  # id -> (first band, last band) it reaches
        self._long: set[str] = set()  # ids reaching more than ``most_bands`` bands

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def clear(self) -> None:
        """Forget every id."""
        self._bands.clear()
        self._spans.clear()
        self._long.clear()

    def place(self, key: str, top: float, bottom: float) -> None:
        """``key`` now reaches from ``top`` to ``bottom`` (scene units, top <= bottom)."""
        band = self._band
        span = (int(top // band), int(bottom // band))
        old = self._spans.get(key)
        if old == span:
            return
        if old is not None:
            self._unlist(key, old)
        self._spans[key] = span
        first, last = span
        if last - first >= self._most:
            self._long.add(key)
            return
        bands = self._bands
        for number in range(first, last + 1):
            listed = bands.get(number)
            if listed is None:
                bands[number] = {key}
            else:
                listed.add(key)

    def drop(self, key: str) -> None:
        """``key`` is drawn no more (gone, hidden, or without a place)."""
        old = self._spans.pop(key, None)
        if old is not None:
            self._unlist(key, old)

    def drop_all(self, keys: Iterable[str]) -> None:
        """``drop`` each of ``keys``."""
        for key in keys:
            self.drop(key)

    def among(self, top: float, bottom: float) -> set[str]:
        """Every id that may reach between ``top`` and ``bottom`` (a few beyond: those sharing a band
        with it, and the long ones): the caller checks each one's own extent."""
        band = self._band
        bands = self._bands
        found = set(self._long)
        first, last = int(top // band), int(bottom // band)
        if last - first + 1 > len(bands):  # a stretch beyond the map's own: look at the bands there are
            for number, listed in bands.items():
                if first <= number <= last:
                    found |= listed
            return found
        for number in range(first, last + 1):
            listed = bands.get(number)
            if listed:
                found |= listed
        return found

    def _unlist(self, key: str, span: tuple[int, int]) -> None:
        first, last = span
        if last - first >= self._most:
            self._long.discard(key)
            return
        bands = self._bands
        for number in range(first, last + 1):
            listed = bands.get(number)
            if listed is not None:
                listed.discard(key)
                if not listed:
                    del bands[number]
