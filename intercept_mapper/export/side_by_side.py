"""A map drawing with text flowing in the column beside it, page after page (the intercept pages)."""

from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable

GAP = 14.0  # points between the drawing and the column beside it


class BesideDrawings(Flowable):
    """Drawings one per page on the left, with ``side`` flowing in the column to their right."""

    # The column continues beside the next drawing, and below the last one (at the column's width)
    # when it is longer than the drawings are.

    def __init__(self, drawings: list[Flowable], side: list[Flowable]) -> None:
        super().__init__()
        # A page break a split table asks for means "next column" here, which the next drawing gives.
        self.drawings, self.side = drawings, [f for f in side if not isinstance(f, ActionFlowable)]
        self.col_x = 0.0

    def _column(self, avail_width: float) -> float:
        widest = max((d.wrap(avail_width, 1e9)[0] for d in self.drawings), default=0.0)
        self.col_x = widest + GAP if self.drawings else 0.0
        return avail_width - self.col_x

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """As tall as the drawings stacked, or as the column, whichever is taller."""
        col = self._column(avail_width)
        drawn = sum(d.wrap(avail_width, avail_height)[1] for d in self.drawings)
        text = sum(f.wrap(col, avail_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.side)
        self.width, self.height = avail_width, max(drawn, text)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The first drawing with as much of the column as fits beside it; the rest after."""
        if not self.drawings:
            return list(self.side)
        first = self.drawings[0]
        if first.wrap(avail_width, avail_height)[1] > avail_height:
            return []
        col = self._column(avail_width)
        placed: list[Flowable] = []
        rest = list(self.side)
        used = 0.0
        while rest:
            f = rest[0]
            room = avail_height - used - f.getSpaceBefore()
            h = f.wrap(col, room)[1]
            if h <= room:
                placed.append(rest.pop(0))
                used += f.getSpaceBefore() + h + f.getSpaceAfter()
                continue
            pieces = f.split(col, room) if room > 0 else []
            if pieces:
                placed.append(pieces[0])
                rest = list(pieces[1:]) + rest[1:]
            break
        here = BesideDrawings([first], placed)
        if len(self.drawings) > 1:
            return [here, BesideDrawings(self.drawings[1:], rest)]
        return [here, *rest]

    def draw(self) -> None:
        """The drawings down the left, the column's flowables down the right, both from the top."""
        y = self.height
        for d in self.drawings:
            h = d.wrap(self.width, y)[1]
            y -= h
            d.drawOn(self.canv, 0, y)
        col = self.width - self.col_x
        y = self.height
        for f in self.side:
            y -= f.getSpaceBefore()
            h = f.wrap(col, y)[1]
            y -= h
            f.drawOn(self.canv, self.col_x, y)
            y -= f.getSpaceAfter()
