"""A long report table handed to reportlab a chunk of rows at a time, so that a page break costs the
same at row 30,000 as at row 300.

At every page break reportlab splits a table by building a new ``Table`` of all the rows left (their
cells, heights and style commands copied): a table of n rows over n/40 pages costs n squared. A
``LongTable`` holds the rows and shows reportlab only its next chunk (``CHUNK_ROWS``) as a
``ReportTable``. The rows after that chunk follow as another ``LongTable``: under the chunk on the same
page with no header of their own, or at the top of a page under the "(continued)" caption and the
header rows, exactly where one ``ReportTable`` would have put them. So the chunks read as one table:
the same column widths, zebra stripes by a row's place in the whole table, style commands of single
rows re-based to their chunk, and the no-lone-row rule kept for the table's last chunk only (a chunk
followed by more rows has no last row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import NullActionFlowable

from .pdf_text import para
from .report_table import ReportTable, house_table

CHUNK_ROWS = 50  # body rows per chunk: each page break re-splits at most this many
LONG_TABLE_ROWS = 75  # a table of more body rows than this is chunked


@dataclass
class TableRows:
    """A whole long table: its rows, widths and style, cut into chunks once."""

    rows: list[list[object]]  # header rows first
    widths: list[float]
    header_rows: int
    extra_style: list[tuple]  # commands in whole-table rows, as for one ``Table``
    continued: str = ""  # what a page it continues onto is captioned with; "" for no caption
    caption_style: ParagraphStyle | None = None
    starts: list[int] = field(init=False)  # first body row of each chunk, then the body's length
    header_style: list[tuple] = field(init=False)  # the commands on the header rows
    chunk_style: list[list[tuple]] = field(init=False)  # each chunk's commands, in whole-table rows

    def __post_init__(self) -> None:
        body = len(self.rows) - self.header_rows
        starts = list(range(0, body, CHUNK_ROWS))
        if len(starts) > 1 and body - starts[-1] < CHUNK_ROWS // 2:
            starts.pop()  # no short last chunk: the one before takes its rows
        self.starts = [*starts, body]
        self.header_style, self.chunk_style = [], [[] for _ in starts]
        total = len(self.rows)
        for command in self.extra_style:
            (_, first), (_, last) = command[1], command[2]
            first, last = first + total if first < 0 else first, last + total if last < 0 else last
            if first < self.header_rows:
                self.header_style.append(_on_rows(command, first, min(last, self.header_rows - 1)))
            for chunk in self._chunks_between(max(first, self.header_rows), last):
                self.chunk_style[chunk].append(_on_rows(command, first, last))

    def _chunks_between(self, first: int, last: int) -> range:
        """The chunks holding any of the (whole-table) rows ``first`` to ``last``."""
        if last < first:
            return range(0)
        low, high = first - self.header_rows, last - self.header_rows
        chunks = len(self.starts) - 1
        return range(min(low // CHUNK_ROWS, chunks - 1), min(high // CHUNK_ROWS, chunks - 1) + 1)

    def chunk_table(self, chunk: int, headed: bool) -> ReportTable:
        """Chunk ``chunk`` as a ``ReportTable``, under the header rows when ``headed``."""
        begin, end = self.starts[chunk], self.starts[chunk + 1]
        top = self.header_rows + begin  # the chunk's first row in whole-table rows
        head = self.header_rows if headed else 0
        style = list(self.header_style) if headed else []
        for command in self.chunk_style[chunk]:
            (_, first), (_, last) = command[1], command[2]
            first, last = max(first, top), min(last, self.header_rows + end - 1)
            style.append(_on_rows(command, first - top + head, last - top + head))
        rows = [*self.rows[:head], *self.rows[self.header_rows + begin:self.header_rows + end]]
        table = house_table(rows, self.widths, head, style, first_stripe=begin)
        table.continued, table.caption_style = self.continued, self.caption_style
        table.ends_table = chunk == len(self.starts) - 2
        return table

    @property
    def has_caption(self) -> bool:
        """Whether a page this table continues onto has a caption (asked at every wrap of a chunk)."""
        return bool(self.continued) and self.caption_style is not None

    def caption(self) -> Flowable | None:
        """The caption over a page this table continues onto."""
        if not self.has_caption:
            return None
        return para(f"{self.continued} (continued)", self.caption_style, bold=True)


def _on_rows(command: tuple, first: int, last: int) -> tuple:
    """``command`` moved onto rows ``first`` to ``last`` (its columns kept)."""
    (start_col, _), (end_col, _) = command[1], command[2]
    return (command[0], (start_col, first), (end_col, last), *command[3:])


class LongTable(Flowable):
    """Chunk ``chunk`` of a long table and every row after it; see the module's text."""

    hAlign = "LEFT"

    def __init__(self, rows: TableRows, chunk: int = 0, headed: bool = True) -> None:
        super().__init__()
        self.rows, self.chunk, self.headed = rows, chunk, headed  # headed: the header goes above
        self._tables: dict[bool, ReportTable] = {}
        self._shown: ReportTable | None = None

    @property
    def is_last(self) -> bool:
        """This chunk ends the table."""
        return self.chunk == len(self.rows.starts) - 2

    def _table(self, headed: bool) -> ReportTable:
        if headed not in self._tables:
            self._tables[headed] = self.rows.chunk_table(self.chunk, headed)
        return self._tables[headed]

    def _canvas(self):  # noqa: ANN202 - reportlab's canvas, set on a flowable while it is placed
        return getattr(self, "canv", None)

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)  # the frame sets itself on a flowable it places
        return bool(frame is not None and getattr(frame, "_atTop", False))

    def _needs_caption(self) -> bool:
        """Rows continuing the table at the top of a page: the caption goes first (``split`` puts it)."""
        return not self.headed and self._at_top() and self.rows.has_caption

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        """The last chunk's own size; with more chunks after it, more than any room (the frame splits)."""
        if self._needs_caption():
            return availWidth, availHeight + 1
        self._shown = self._table(self.headed or self._at_top())
        width, height = self._shown.wrapOn(self._canvas(), availWidth, availHeight)
        return (width, height) if self.is_last else (width, max(height, availHeight) + 1)

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803, ANN001
        """Draw the last chunk (only it is ever small enough to be placed whole)."""
        assert self._shown is not None
        self._shown.drawOn(canvas, x, y, _sW)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's
        """The rows of this chunk that fit here, what continues on the next page, then the next chunk."""
        if self._needs_caption():
            caption = self.rows.caption()
            assert caption is not None
            return [caption, LongTable(self.rows, self.chunk, headed=True)]
        headed = self.headed or self._at_top()
        parts = self._table(headed).splitOn(self._canvas(), availWidth, availHeight)
        if not parts:
            return []  # the chunk's first row starts the next page
        if len(parts) > 1 and not headed:
            # The rows drawn here go under the previous chunk's; the rest starts a page under the header.
            parts = self._continued_under_header(parts, availWidth, availHeight)
            if not parts:
                return []
        following = [] if self.is_last else [LongTable(self.rows, self.chunk + 1, headed=False)]
        if len(parts) == 1 and not following:
            return [NullActionFlowable(), *parts]  # (not expected: a last chunk that fits is drawn whole)
        return [*parts, *following]

    def _continued_under_header(self, parts: list[Flowable], availWidth: float,  # noqa: N803
                                availHeight: float) -> list[Flowable]:
        """``parts`` of the chunk without header, with its continuation taken from the same split of the
        chunk under its header (the header counted as room above this frame)."""
        headed = self._table(True)
        headed.wrapOn(self._canvas(), availWidth, availHeight)
        header_height = sum(headed._rowHeights[:self.rows.header_rows])
        with_header = headed.splitOn(self._canvas(), availWidth, availHeight + header_height)
        first = parts[0]
        if len(with_header) < 2 or not isinstance(first, ReportTable) \
                or len(with_header[0]._cellvalues) - self.rows.header_rows != len(first._cellvalues):
            return []  # (not expected: the two splits disagree) the chunk starts the next page instead
        return [first, *with_header[1:]]


__all__ = ["CHUNK_ROWS", "LONG_TABLE_ROWS", "LongTable", "TableRows"]
