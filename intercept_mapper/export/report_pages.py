"""The report's pages: portrait and landscape templates, header and footer, DRAFT mark, page X of Y,
bookmarks and the contents page, all in one pass of reportlab's layout.

Numbers that are only known at the end (the page count, the page of each section in the contents) are
PDF form XObjects: a page refers to them by name while it is drawn and the canvas defines them just
before saving, so the document is laid out once, however long it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from . import report_styles as st
from .pdf_fonts import report_fonts
from .pdf_text import draw_text, fit_prefix, plain, shorten, text_width

PAGE = letter  # US counties are the main users; A4 printers scale Letter without loss
MARGIN = 0.75 * inch
MAP_MARGIN = 0.4 * inch
HEADER_GAP = 0.3 * inch  # between the running header/footer and the frame
MAP_HEADER_GAP = 0.15 * inch  # map pages give every point they can to the map
TOTAL_FORM = "im_total_pages"


def body_width() -> float:
    """Width of the portrait text frame in points."""
    return PAGE[0] - 2 * MARGIN


def map_frame_size() -> tuple[float, float]:
    """Width and height of the landscape map frame in points."""
    w, h = landscape(PAGE)
    return w - 2 * MAP_MARGIN, h - 2 * MAP_MARGIN - 2 * MAP_HEADER_GAP


@dataclass
class PageSetup:
    """What every page shows: the running header text and whether the DRAFT mark is on."""

    header: str
    draft: bool
    footer_left: str = ""
    intercepts: list[str] = field(default_factory=list)  # the cover's row of intercept blocks


class ReportCanvas(Canvas):
    """A canvas that counts pages and, when saved, defines the page-number forms the pages refer to."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.im_pages = 0
        self.im_section_pages: dict[str, int] = {}
        self.im_toc_keys: list[str] = []
        self.im_ref_keys: list[str] = []  # "see page N" references in running text (the map overview)

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self.im_pages += 1
        super().showPage()

    def save(self) -> None:
        """Define the forward-referenced numbers, then write the PDF."""
        f = report_fonts()
        self._define_number(TOTAL_FORM, str(self.im_pages), f.regular, 8, st.MUTED, right=False)
        for key in self.im_toc_keys:
            page = self.im_section_pages.get(key)
            self._define_number(toc_form(key), str(page) if page else "–", f.regular, 10, st.INK, right=True)
        for key in self.im_ref_keys:
            page = self.im_section_pages.get(key)
            self._define_number(ref_form(key), str(page) if page else "–", f.bold, REF_PT, st.INK,
                                right=False)
        super().save()

    def _define_number(self, name: str, text: str, font: str, size: float, colour: object,
                       right: bool) -> None:
        self.beginForm(name, lowerx=-80, lowery=-4, upperx=80, uppery=size + 4)
        self.setFont(font, size)
        self.setFillColor(colour)
        if right:
            self.drawRightString(0, 0, text)
        else:
            self.drawString(0, 0, text)
        self.endForm()


def _fit_line(text: str, font: str, size: float, width: float) -> str:
    """One line of ``text`` that fits ``width``, ending in an ellipsis when cut."""
    text = " ".join(plain(text).split())
    fitted = fit_prefix(text, font, size, width)
    return fitted if fitted == text else fit_prefix(text + "…", font, size, width, suffix="…")


def toc_form(key: str) -> str:
    """The form name holding the page number of bookmark ``key``."""
    return f"im_toc_{key}"


REF_PT = 9.0  # the size of a page reference's number


def ref_form(key: str) -> str:
    """The form name holding the page number of bookmark ``key``, left-aligned, for running text."""
    return f"im_ref_{key}"


def draw_page_ref(canvas: Canvas, x: float, y: float, key: str) -> None:
    """Draw the page number of bookmark ``key`` at (x, y), filled in when the document is saved."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(ref_form(key))
    canvas.restoreState()
    if isinstance(canvas, ReportCanvas) and key not in canvas.im_ref_keys:
        canvas.im_ref_keys.append(key)


def _decorate(setup: PageSetup, with_header: bool) -> Callable[[Canvas, BaseDocTemplate], None]:
    """The function drawing the header, footer and DRAFT mark of a page."""
    fitted: dict[tuple[str, float], str] = {}  # the running lines, fitted once per page width

    def running_line(text: str, font: str, room: float) -> str:
        key = (text, room)
        if key not in fitted:
            fitted[key] = _fit_line(text, font, 8, room)
        return fitted[key]

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        f = report_fonts()
        w, h = canvas._pagesize
        margin = MAP_MARGIN if w > h else MARGIN
        canvas.saveState()
        if not with_header:
            _cover_art(canvas, w, h, setup.intercepts)
        if with_header:
            canvas.setStrokeColor(st.RULE)
            canvas.setLineWidth(0.5)
            top = h - margin + 6
            canvas.line(margin, top - 4, w - margin, top - 4)
            canvas.setFont(f.regular, 8)
            canvas.setFillColor(st.MUTED)
            room = w - 2 * margin - 80
            draw_text(canvas, margin, top, running_line(setup.header, f.regular, room), f.regular, 8)
            if setup.draft:
                canvas.setFont(f.bold, 9)
                canvas.setFillColor(st.DRAFT_RED)
                canvas.drawRightString(w - margin, top, "DRAFT")
            bottom = margin - 14
            canvas.line(margin, bottom + 10, w - margin, bottom + 10)
            canvas.setFont(f.regular, 8)
            canvas.setFillColor(st.MUTED)
            draw_text(canvas, margin, bottom, running_line(setup.footer_left, f.regular, room), f.regular, 8)
            # The total is a form defined when the document is saved; it follows "Page N of".
            label = f"Page {canvas.getPageNumber()} of "
            x = w - margin - 72
            canvas.drawString(x, bottom, label)
            canvas.saveState()
            canvas.translate(x + canvas.stringWidth(label, f.regular, 8), bottom)
            canvas.doForm(TOTAL_FORM)
            canvas.restoreState()
        if setup.draft:
            canvas.setFont(f.bold, 110 if w < h else 130)
            canvas.setFillColor(st.WATERMARK)
            canvas.translate(w / 2, h / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, -40, "DRAFT")
        canvas.restoreState()

    return draw


def _cover_art(canvas: Canvas, w: float, h: float, intercepts: list[str]) -> None:
    """The cover's navy band with the intercepts as a row of blocks, and a closing rule."""
    f = report_fonts()
    band = 1.35 * inch
    canvas.setFillColor(st.HEADING)
    canvas.rect(0, h - band, w, band, stroke=0, fill=1)
    canvas.setFillColor(st.CROSS_EDGE)
    canvas.rect(0, h - band - 5, w, 5, stroke=0, fill=1)
    marks = [shorten(i, 4) for i in intercepts[:10]]
    blocks, gap = max(1, len(marks)), 6.0
    size = (w - 2 * MARGIN - (blocks - 1) * gap) / blocks
    for n, mark in enumerate(marks):
        x = MARGIN + n * (size + gap)
        canvas.setFillColor(colors.Color(1, 1, 1, alpha=0.10 + 0.3 * n / blocks))
        canvas.roundRect(x, h - band + 0.3 * inch, size, 0.42 * inch, 4, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(f.bold, 15)
        draw_text(canvas, x + 8, h - band + 0.3 * inch + 9, mark, f.bold, 15)
    canvas.setFont(f.bold, 9)
    canvas.drawString(MARGIN, h - 0.42 * inch, "SEQUENTIAL INTERCEPT MODEL")
    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, MARGIN + 14, w - MARGIN, MARGIN + 14)
    canvas.setFont(f.regular, 8)
    canvas.setFillColor(st.MUTED)
    canvas.drawString(MARGIN, MARGIN, "Prepared with Intercept Mapper")


class ReportDoc(BaseDocTemplate):
    """The report's document: cover, portrait body and landscape map templates."""

    def __init__(self, buffer: object, setup: PageSetup, **meta: str) -> None:
        super().__init__(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN, creator="Intercept Mapper",
                         initialFontName=report_fonts().regular,
                         # The language for screen readers, and the title (not the file name) in the
                         # viewer's title bar (PDF/UA and WCAG's "page titled").
                         lang="en", displayDocTitle=1, **meta)
        self.setup = setup
        pw, ph = PAGE
        body = Frame(MARGIN, MARGIN + HEADER_GAP / 2, pw - 2 * MARGIN, ph - 2 * MARGIN - HEADER_GAP,
                     id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="cover", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        lw, lh = landscape(PAGE)
        mw, mh = map_frame_size()
        map_frame = Frame(MAP_MARGIN, MAP_MARGIN + MAP_HEADER_GAP, mw, mh, id="map", leftPadding=0,
                          rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPageEnd=_decorate(setup, False), pagesize=PAGE),
            PageTemplate("body", [body], onPageEnd=_decorate(setup, True), pagesize=PAGE),
            PageTemplate("map", [map_frame], onPageEnd=_decorate(setup, True), pagesize=(lw, lh)),
        ])


class Heading(Paragraph):
    """A section heading that is also a PDF bookmark, an outline entry and a line of the contents."""

    def __init__(self, markup: str, style: st.ParagraphStyle, key: str, outline: str, level: int) -> None:
        super().__init__(markup, style)
        self.key, self.outline, self.level = key, plain(outline), level

    def draw(self) -> None:
        """Draw the heading and register it where it landed."""
        super().draw()
        canvas = self.canv
        canvas.bookmarkHorizontal(self.key, 0, self.height + 6)
        canvas.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.level > 0)
        if isinstance(canvas, ReportCanvas):
            canvas.im_section_pages.setdefault(self.key, canvas.getPageNumber())


class Bookmark(Flowable):
    """An invisible bookmark and outline entry (for sections whose title is drawn by something else)."""

    def __init__(self, key: str, outline: str, level: int) -> None:
        super().__init__()
        self.key, self.outline, self.level = key, plain(outline), level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Takes no room."""
        return 0, 0

    def draw(self) -> None:
        """Register the bookmark on the current page."""
        canvas = self.canv
        canvas.bookmarkHorizontal(self.key, 0, 0)
        canvas.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.level > 0)
        if isinstance(canvas, ReportCanvas):
            canvas.im_section_pages.setdefault(self.key, canvas.getPageNumber())


class TocLine(Flowable):
    """One line of the contents: title, dot leader, and the page number (a form filled in at the end)."""

    def __init__(self, title: str, key: str, level: int, width: float) -> None:
        super().__init__()
        self.title, self.key, self.level, self.avail = plain(title), key, level, width
        self.size = 11.0 if level == 0 else 9.5
        self.height = 20.0 if level == 0 else 15.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """One line high."""
        self.avail = available_width
        return available_width, self.height

    def draw(self) -> None:
        """Draw the entry and link it to its bookmark."""
        f = report_fonts()
        c = self.canv
        indent = 0 if self.level == 0 else 18
        font = f.bold if self.level == 0 else f.regular
        room = self.avail - indent - 40
        text = _fit_line(self.title, font, self.size, room)
        y = 5
        c.setFillColor(st.INK if self.level == 0 else st.MUTED)
        draw_text(c, indent, y, text, font, self.size)
        end = indent + text_width(text, font, self.size) + 6
        c.setStrokeColor(st.RULE)
        c.setDash(1, 2)
        c.line(end, y, self.avail - 30, y)
        c.setDash()
        c.saveState()
        c.translate(self.avail, y)
        c.doForm(toc_form(self.key))
        c.restoreState()
        c.linkRect("", self.key, (0, 0, self.avail, self.height), relative=1, thickness=0)
        if isinstance(c, ReportCanvas) and self.key not in c.im_toc_keys:
            c.im_toc_keys.append(self.key)
