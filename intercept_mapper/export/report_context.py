"""What every report section needs: the workshop, the options, the styles, and the contents so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..model.ranking import RankedCandidate
from ..model.workshop import Workshop
from . import report_text
from .long_table import LONG_TABLE_ROWS, LongTable, TableRows
from .pdf_text import esc, para
from .report_pages import Bookmark, Heading, body_width
from .report_styles import ReportStyles, report_styles
from .report_table import house_table


@dataclass
class TocEntry:
    """A line of the contents and of the PDF outline."""

    title: str
    key: str
    level: int


@dataclass
class ReportContext:
    """The workshop being reported, the options, and the contents collected while sections are built."""

    ws: Workshop
    final: bool  # FINAL: no section prints a "nothing yet" placeholder; an empty one is left out
    include_contacts: bool
    today: date
    styles: ReportStyles = field(default_factory=report_styles)
    toc: list[TocEntry] = field(default_factory=list)
    in_toc: bool = True  # the handout has bookmarks but no contents page
    _cells: dict[tuple[str, int], tuple[ParagraphStyle, Flowable]] = field(default_factory=dict, repr=False)

    @cached_property
    def ranking(self) -> list[RankedCandidate]:
        """The candidates in rank order (computed once per report)."""
        from ..model.ranking import rank_candidates

        return list(rank_candidates(self.ws))

    @property
    def width(self) -> float:
        """Width of the portrait text frame."""
        return body_width()

    def heading(self, text: str, key: str, level: int = 0, number: str = "",
                style: ParagraphStyle | None = None) -> Heading:
        """A heading that is a bookmark and a contents line; ``number`` prefixes it ("3.")."""
        label = f"{number} {text}" if number else text
        self.toc.append(TocEntry(label, key, level))
        style = style or (self.styles.h1 if level == 0 else self.styles.h2)
        return Heading(esc(label), style, key, label, level)

    def bookmark(self, text: str, key: str, level: int = 0) -> Bookmark:
        """A bookmark and contents line with no visible heading (the cover, the contents)."""
        self.toc.append(TocEntry(text, key, level))
        return Bookmark(key, text, level)

    def table(self, rows: list[list[object]], widths: list[float], header_rows: int = 1,
              extra_style: list[tuple] | None = None, continued: str = "") -> Flowable:
        """A house-style table with explicit column widths that splits between rows (inside only a tall
        one); on the pages it continues onto, ``continued`` names what it is."""
        if len(rows) - header_rows > LONG_TABLE_ROWS:
            # reportlab's page breaks cost the rows left: a long table is handed over a chunk at a time.
            return LongTable(TableRows(rows, widths, header_rows, extra_style or [], continued,
                                       self.styles.small))
        table = house_table(rows, widths, header_rows, extra_style)
        table.continued, table.caption_style = continued, self.styles.small
        return table

    def cell(self, text: object, style: ParagraphStyle) -> Flowable:
        """A table cell printing ``text`` literally; cells of the same text and style share one paragraph.

        A third of a 3,000-item report's cells repeat (vote counts, "not counted", organisations, the
        point a finding sits at), and a paragraph costs more to parse than to draw. Sharing is safe in
        a table, which wraps each cell to its width right before measuring or drawing it.
        """
        key = (str(text), id(style))  # the style is kept with it, so its id is never reused
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = (style, para(text, style))
        return found[1]

    def date_text(self, d: date | None) -> str:
        """A date as communities write it: ``March 12, 2026``; empty for None."""
        return "" if d is None else report_text.date_text(d)

    def short_date(self, d: date | None) -> str:
        """A date for a narrow table column: ``Sep 30, 2026``."""
        return "" if d is None else report_text.short_date(d)
