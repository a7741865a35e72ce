"""Paragraph and table styles of the report, and the colours the map and the report share.

The palette is Okabe-Ito (distinguishable with the common colour-vision deficiencies); the map never
relies on colour alone: resources and gaps also differ by shape and by a printed marker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from .pdf_fonts import report_fonts

# --- colours (Okabe-Ito, plus neutral inks) ---
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C5CDD6")
HEADING = colors.HexColor("#0B3C5D")
POINT_FILL = colors.HexColor("#0072B2")  # blue
POINT_EDGE = colors.HexColor("#004F7C")
POINT_TEXT = colors.white
RESOURCE = colors.HexColor("#009E73")  # bluish green
RESOURCE_FILL = colors.HexColor("#E3F4EE")
GAP = colors.HexColor("#D55E00")  # vermillion
GAP_FILL = colors.HexColor("#FBE9DD")
FLOW = colors.HexColor("#3B4650")
BACK_FLOW = colors.HexColor("#CC79A7")  # reddish purple: flows that loop back (violations)
LANE_FILLS = (colors.HexColor("#F3F6FA"), colors.HexColor("#E7EDF4"))
LANE_HEADER = colors.HexColor("#0B3C5D")
CROSS_FILL = colors.HexColor("#FCF1DC")
CROSS_EDGE = colors.HexColor("#E69F00")  # orange
BAR_COLOURS = (colors.HexColor("#0072B2"), colors.HexColor("#E69F00"), colors.HexColor("#009E73"),
               colors.HexColor("#CC79A7"), colors.HexColor("#56B4E9"), colors.HexColor("#D55E00"))
ZEBRA = colors.HexColor("#F5F7FA")
WATERMARK = colors.Color(0.80, 0.16, 0.16, alpha=0.07)
DRAFT_RED = colors.HexColor("#B42318")

STATUS_LABELS = {"not-started": "Not started", "in-progress": "In progress", "done": "Done",
                 "blocked": "Blocked"}


@dataclass(frozen=True)
class ReportStyles:
    """Every paragraph style the report uses, built on the registered fonts."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_label: ParagraphStyle
    cover_text: ParagraphStyle
    status: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    map_heading: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_note: ParagraphStyle
    header_cell: ParagraphStyle
    header_small: ParagraphStyle
    toc: ParagraphStyle
    toc_sub: ParagraphStyle


@cache
def report_styles() -> ReportStyles:
    """The report's paragraph styles (cached; fonts registered on first use)."""
    f = report_fonts()
    base = ParagraphStyle(
        "body", fontName=f.regular, fontSize=10, leading=14, textColor=INK, spaceAfter=6,
        splitLongWords=1,  # a 5,000-character word wraps instead of running off the page
        # No widow: a paragraph's last line never starts a page alone (two go over, or the whole
        # paragraph when it has three lines or fewer); orphans are refused too (reportlab's default).
        allowWidows=0, allowOrphans=0,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    cell = derive("cell", fontSize=8.5, leading=11, spaceAfter=0)
    return ReportStyles(
        title=derive("title", fontName=f.bold, fontSize=26, leading=32, textColor=HEADING, spaceAfter=10),
        subtitle=derive("subtitle", fontSize=15, leading=20, textColor=INK, spaceAfter=6),
        cover_label=derive("cover_label", fontName=f.bold, fontSize=9, leading=12, textColor=MUTED,
                           spaceBefore=10, spaceAfter=2),
        cover_text=derive("cover_text", fontSize=11, leading=15, spaceAfter=2),
        status=derive("status", fontName=f.bold, fontSize=13, leading=16, textColor=DRAFT_RED,
                      spaceBefore=6, spaceAfter=14),
        h1=derive("h1", fontName=f.bold, fontSize=18, leading=23, textColor=HEADING, spaceBefore=4,
                  spaceAfter=10, keepWithNext=1),
        map_heading=derive("map_heading", fontName=f.bold, fontSize=14, leading=17, textColor=HEADING,
                           spaceAfter=4),
        h2=derive("h2", fontName=f.bold, fontSize=13, leading=17, textColor=HEADING, spaceBefore=12,
                  spaceAfter=6, keepWithNext=1),
        h3=derive("h3", fontName=f.bold, fontSize=10.5, leading=14, textColor=INK, spaceBefore=8,
                  spaceAfter=4, keepWithNext=1),
        body=base,
        note=derive("note", fontName=f.italic, textColor=MUTED),
        small=derive("small", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=f.bold),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_note=ParagraphStyle("cell_note", parent=cell, fontSize=7, leading=9, textColor=MUTED),
        header_cell=ParagraphStyle("header_cell", parent=cell, fontName=f.bold, textColor=colors.white),
        header_small=ParagraphStyle("header_small", parent=cell, fontName=f.bold, textColor=colors.white,
                                    fontSize=7.5, leading=9),
        toc=derive("toc", fontSize=11, leading=18, spaceAfter=0, alignment=TA_LEFT),
        toc_sub=derive("toc_sub", fontSize=9.5, leading=14, spaceAfter=0, leftIndent=16,
                       textColor=MUTED),
    )


def grid_table_style(header_rows: int = 1, zebra: bool = True, first_stripe: int = 0) -> TableStyle:
    """The house table look: dark header row, thin rules, light zebra striping.

    ``first_stripe`` is the place of the first body row in the whole table (a chunk of a long table, a
    continuation): an odd one starts shaded, so that a row's stripe never depends on where pages break.
    """
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), report_fonts().regular),  # for plain-string (empty) cells
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADING),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    if zebra:
        stripes = [colors.white, ZEBRA] if first_stripe % 2 == 0 else [ZEBRA, colors.white]
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), stripes))
    return TableStyle(commands)


__all__ = ["TA_CENTER", "ReportStyles", "grid_table_style", "report_styles"]
