"""The published report and the action-plan handout as PDF bytes (reportlab, headless, no Qt).

The report follows the order communities know: cover, contents, introduction, the map, resources and
gaps by intercept, priorities for change, action plans, recommendations, and the participants appendix.
It is built in memory; the caller writes the bytes atomically.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from ..model.workshop import Workshop
from .pdf_text import para, plain
from .report_context import ReportContext
from .report_pages import PageSetup, ReportCanvas, ReportDoc
from .report_plans import action_plans_section, priorities_section
from .report_sections import (
    appendix,
    contents,
    cover,
    dates_text,
    findings_section,
    introduction,
    map_section,
    recommendations,
    report_title,
)


def _report_story(ctx: ReportContext) -> list[Flowable]:
    body: list[Flowable] = []
    body += introduction(ctx, "1.")
    body += map_section(ctx, "2.")
    body += findings_section(ctx, "3.")
    body += [PageBreak()] + priorities_section(ctx, "4.")
    body += [PageBreak()] + action_plans_section(ctx, "5.")
    body += recommendations(ctx, "6.")
    body += appendix(ctx)
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


def build_report_pdf(ws: Workshop, *, handout: bool = False, final: bool = False,
                     include_contacts: bool = False, today: date | None = None) -> bytes:
    """The full report (or, with ``handout``, the priorities and action plans alone) as PDF bytes."""
    ctx = ReportContext(ws=ws, final=final, include_contacts=include_contacts and not handout,
                        today=today or date.today())
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
    doc.build(story, canvasmaker=ReportCanvas)
    return buffer.getvalue()
