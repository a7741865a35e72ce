"""The report's tables: split between rows, inside a row only when the row is tall, continuations labelled.

Reportlab splits a table inside a row whenever the next whole row does not fit, which leaves a line or
two of a step at the top of the next page. Here a row moves to the next page whole unless it is
taller than ``TALL_ROW`` (a pasted essay), and every continuation starts on a fresh page under a
caption saying what it continues ("Priority 1: ... (continued)"), so a page read alone makes sense.
Zebra stripes follow a row's place in the whole table (reportlab would restart them on each page), so
that the chunks of a long table (``long_table.py``) and its page breaks stripe alike.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table
from reportlab.platypus.doctemplate import FrameBreak

from .pdf_text import para
from .report_styles import grid_table_style

TALL_ROW = 200.0  # points: about a third of a page; only such rows are cut in two
MIN_PIECE = 36.0  # points: neither piece of a cut row is shorter than this


class ReportTable(Table):
    """A Table that keeps ordinary rows whole and labels the pages it continues onto."""

    continued: str = ""
    caption_style: ParagraphStyle | None = None
    ends_table: bool = True  # False for a chunk of a long table that more rows follow
    first_stripe: int = 0  # the place of the first body row in the whole table

    def _calc(self, availWidth: float, availHeight: float) -> None:  # noqa: N803 - reportlab's
        """Measure the rows, once per room offered: reportlab measures again in ``split`` what ``wrap``
        has just measured, a cost paid at every page break."""
        # Without spanned or unsplittable rows reportlab measures every row whatever the height offered
        # (it stops early only to finish a span), so only the width is a new room. A long table's
        # headed chunk is measured at a page's room and split at that room plus its header's height.
        room = availWidth if not (self._spanCmds or self._nosplitCmds) else (availWidth, availHeight)
        if getattr(self, "_measured_for", None) != room:
            super()._calc(availWidth, availHeight)
            self._measured_for = room

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's
        """Split between rows; inside a row only when that row is tall; continuations get a caption."""
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=False)
        if not parts:
            straddling = self._rowHeights[self.repeatRows:self.repeatRows + 1]
            if not straddling or straddling[0] <= TALL_ROW or availHeight < MIN_PIECE * 2:
                return []  # the frame moves on and the row starts the next page
            parts = self._splitRows(availHeight, doInRowSplit=True)
            cut_row = True
        else:
            cut_row = False
        if len(parts) != 2:
            return parts
        first, rest = parts
        following = rest._argH[rest.repeatRows:rest.repeatRows + 1]
        room = availHeight - sum(first._argH)
        if following and following[0] and following[0] > TALL_ROW and room > 3 * MIN_PIECE:
            # A tall row would leave most of this page empty: it starts here and continues.
            cut = self._splitRows(availHeight, doInRowSplit=True)
            if len(cut) == 2:
                first, rest = cut
                cut_row = True
        if (self.ends_table and _rows(rest) == 1 and _rows(first) >= 3
                and len(first._argH) == len(first._cellvalues)):
            # No lone last row on a page of its own: the previous row goes over with it.
            fewer = self._splitRows(sum(first._argH[:-1]) + 0.5, doInRowSplit=False)
            if len(fewer) == 2:
                first, rest = fewer
                cut_row = False
        # A row cut in two is one row: its second piece keeps its stripe.
        whole_rows = _rows(first) - (1 if cut_row else 0)
        _shift_stripes(rest, whole_rows)
        rest.first_stripe = self.first_stripe + whole_rows
        rest.ends_table = self.ends_table
        if not self.continued or self.caption_style is None:
            return [first, rest]
        rest.continued, rest.caption_style = self.continued, self.caption_style
        caption = para(f"{self.continued} (continued)", self.caption_style, bold=True)
        return [first, FrameBreak(), caption, rest]


def house_table(rows: list[list[object]], widths: list[float], header_rows: int,
                extra_style: list[tuple] | None = None, *, first_stripe: int = 0) -> ReportTable:
    """A house-style ``ReportTable`` with explicit column widths, split between rows (inside only a tall
    one); ``first_stripe`` is the place of its first body row in the whole table."""
    table = ReportTable(rows, colWidths=widths, repeatRows=header_rows, splitByRow=1,
                        splitInRow=int(MIN_PIECE), hAlign="LEFT",
                        style=grid_table_style(header_rows, first_stripe=first_stripe))
    table.first_stripe = first_stripe
    if extra_style:
        table.setStyle(extra_style)
    return table


def _shift_stripes(table: Table, rows: int) -> None:
    """Turn the zebra of a continuation by the rows that went before it (reportlab restarts it)."""
    for n, command in enumerate(table._bkgrndcmds):
        if command[0] == "ROWBACKGROUNDS" and rows % len(command[3]):
            turn = rows % len(command[3])
            table._bkgrndcmds[n] = (*command[:3], [*command[3][turn:], *command[3][:turn]], *command[4:])


def _rows(table: Table) -> int:
    """Body rows of a table (its repeated header rows not counted)."""
    return len(table._cellvalues) - table.repeatRows
