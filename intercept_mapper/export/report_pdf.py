"""The published report and the action-plan handout as PDF bytes (reportlab, headless, no Qt).

The report follows the order communities know: cover, contents, introduction, the map, resources and
gaps by intercept, priorities for change, action plans, recommendations, and the participants appendix.
It is built in memory; the caller writes the bytes atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ..model.collector import collector_paused
from ..model.limits import MAX_PDF_PAGES
from ..model.workshop import Workshop
from .pdf_text import para, plain
from .report_context import ReportContext
from .report_map import map_section
from .report_pages import PageSetup, ReportCanvas, ReportDoc
from .report_plans import action_plans_section, priorities_section
from .report_sections import (
    appendix,
    contents,
    cover,
    dates_text,
    findings_section,
    introduction,
    recommendations,
    report_title,
)
from .report_text import is_final


class _Numbers:
    """Section numbers "1.", "2.", ... given out as sections are made: a section a FINAL report leaves
    out takes no number."""

    def __init__(self) -> None:
        self.used = 0

    def next(self) -> str:
        return f"{self.used + 1}."

    def take(self, section: list[Flowable]) -> list[Flowable]:
        if section:
            self.used += 1
        return section


def _report_story(ctx: ReportContext) -> list[Flowable]:
    body: list[Flowable] = []
    n = _Numbers()
    body += n.take(introduction(ctx, n.next()))
    body += n.take(map_section(ctx, n.next()))
    body += n.take(findings_section(ctx, n.next()))
    priorities = n.take(priorities_section(ctx, n.next()))
    body += [PageBreak(), *priorities] if priorities else []
    plans = n.take(action_plans_section(ctx, n.next()))
    body += [PageBreak(), *plans] if plans else []
    # A section that is only a "nothing yet" note does not leave a page of its own nearly empty.
    info = ctx.ws.info
    recs = n.take(recommendations(ctx, n.next(), new_page=bool(ctx.ws.action_plans)))
    body += recs
    body += appendix(ctx, new_page=bool(recs) and bool(info.recommendations.strip()
                                                      or info.further_resources.strip()))
    front = cover(ctx)
    # The contents lists what the sections registered, so it is made after them and placed before.
    toc = contents(ctx)
    return [*front, NextPageTemplate("body"), PageBreak(), *toc, PageBreak(), *body]


def _handout_story(ctx: ReportContext) -> list[Flowable]:
    s, info = ctx.styles, ctx.ws.info
    ctx.in_toc = False
    out: list[Flowable] = [NextPageTemplate("body")]
    out.append(para("Action-plan handout", s.cover_label))
    out.append(para(report_title(ctx), s.h1))
    line = " · ".join(x for x in (plain(info.jurisdiction).strip(), dates_text(ctx)) if x)
    if line:
        out.append(para(line, s.body))
    out.append(Spacer(1, 4))
    out += priorities_section(ctx, "", handout=True)
    out.append(Spacer(1, 8))
    out += action_plans_section(ctx, "", compact=True)
    return out


ROWS_PER_PAGE = 26  # a typical page of the resources-and-gaps tables, for the progress estimate


def _estimated_pages(ws: Workshop, handout: bool) -> int:
    """A rough page count, so that progress can be reported while the pages are laid out."""
    steps = sum(len(o.steps) for plan in ws.action_plans for o in plan.objectives)
    rows = len(ws.voting.candidates) + steps * 1.5
    if not handout:
        rows += len(ws.findings) + len(ws.participants) + len(ws.points) / 4
    return max(2, round(rows / ROWS_PER_PAGE) + (2 if handout else 8))


class ReportTooLong(ValueError):
    """The report would pass ``limits.MAX_PDF_PAGES`` pages; raised as soon as it does."""


class _PageLimit:
    """Stops a build that passes ``limits.MAX_PDF_PAGES`` pages, then passes events on to ``then``."""

    def __init__(self, then: Callable[[str, int], None] | None) -> None:
        self.then = then

    def __call__(self, event: str, value: int) -> None:
        if event == "PAGE" and value > MAX_PDF_PAGES:
            raise ReportTooLong(f"the report would be longer than {MAX_PDF_PAGES:,} pages, the most a "
                                "report may have (see Limits in the README)")
        if self.then is not None:
            self.then(event, value)


class _Progress:
    """Turns reportlab's page events into a fraction from ``start`` to ``end``, never going backwards."""

    def __init__(self, report: Callable[[float], None], pages: int, start: float, end: float) -> None:
        self.report, self.pages, self.start, self.end = report, pages, start, end
        self.last = start

    def __call__(self, event: str, value: int) -> None:
        if event == "PAGE":
            done = min(0.97, value / self.pages)
        elif event == "FINISHED":  # laid out; the page-number forms and the file remain
            done = 1.0
        else:
            return
        fraction = self.start + (self.end - self.start) * done
        if fraction > self.last + 0.004:
            self.last = fraction
            self.report(fraction)  # may raise to cancel the build


def build_report_pdf(ws: Workshop, *, handout: bool = False, final: bool | None = None,
                     include_contacts: bool = False, today: date | None = None,
                     progress: Callable[[float], None] | None = None) -> bytes:
    """The full report (or, with ``handout``, the priorities and action plans alone) as PDF bytes.

    ``final`` None follows the file's report status. A FINAL report prints no placeholders: a required
    section that is empty is left out (``report_text.missing_for_final`` lists them; the command line
    refuses such a report unless told to allow it).

    ``progress`` is called with the fraction done (0 to 1) while pages are laid out; an exception it
    raises stops the build and propagates (that is how a caller cancels).
    """
    if progress is not None:
        progress(0.0)  # the story (sections, map drawings) is made first: about a tenth of the time
    final = is_final(ws, final)
    ctx = ReportContext(ws=ws, final=final, include_contacts=include_contacts and not handout,
                        today=today or date.today())
    # The collector waits until the PDF is written (as a large file's reading does: model/collector.py).
    # A 3,000-item report's story (paragraphs, tables, map drawings) lives until its page is laid out:
    # with the collector on, four full collections during the build walked it, and the workshop, again
    # (0.27 s of a 3.6 s build, CPU). The build's garbage in cycles (49,000 objects at 3,000 items, ~7 MB)
    # goes in the collector's first pass after it; even with that pass the build takes 0.3 s less.
    with collector_paused():
        return _built(ws, ctx, handout, final, progress)


def _built(ws: Workshop, ctx: ReportContext, handout: bool, final: bool,
           progress: Callable[[float], None] | None) -> bytes:
    title = report_title(ctx)
    jurisdiction = plain(ws.info.jurisdiction).strip()
    setup = PageSetup(
        header=f"{title} · {jurisdiction}" if jurisdiction and jurisdiction not in title else title,
        draft=not final,
        footer_left=("Action-plan handout" if handout else "Sequential Intercept Mapping report")
        + ("" if final else " · DRAFT"),
        intercepts=ws.scheme.ids(),
    )
    story = _handout_story(ctx) if handout else _report_story(ctx)
    buffer = io.BytesIO()
    doc = ReportDoc(
        buffer, setup,
        title=(f"Action-plan handout: {title}" if handout else title),
        author=plain(ws.info.prepared_by).strip() or "Intercept Mapper",
        subject=("Priorities for change and action plans" if handout else
                 "Sequential Intercept Model mapping report") + (f", {jurisdiction}" if jurisdiction else ""),
        keywords="Sequential Intercept Model, SIM mapping, " + ("final" if final else "draft"),
    )
    if handout:
        doc.pageTemplates = [doc.pageTemplates[1], *doc.pageTemplates[:1], *doc.pageTemplates[2:]]
    events = None
    if progress is not None:
        progress(0.1)
        events = _Progress(progress, _estimated_pages(ws, handout), 0.1, 0.9)
    doc.setProgressCallBack(_PageLimit(events))
    doc.build(story, canvasmaker=ReportCanvas)
    if progress is not None:
        progress(1.0)
    return buffer.getvalue()
