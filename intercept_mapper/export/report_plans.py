"""Priorities for change (ranked, with votes per table and a bar chart) and the action-plan charts.

Shared by the full report and the handout. Without the ranking module, or before any vote is cast,
the priorities section says so instead of inventing an order.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from ..model.workshop import ActionPlan, ActionStep, Objective
from . import report_styles as st
from . import report_text as words
from .map_drawing import fit_lines, new_drawing
from .pdf_fonts import report_fonts
from .pdf_text import esc, markup, para, plain, text_strings, text_width
from .report_context import ReportContext


def ranked_candidates(ctx: ReportContext) -> list[Any]:
    """The ranking (``model.ranking.rank_candidates``), computed once per report."""
    return ctx.ranking


def has_priorities(ctx: ReportContext) -> bool:
    """Whether the section has anything to print (a DRAFT always shows it, with its notes)."""
    return not ctx.final or bool(words.chosen(ctx.ws, ctx.ranking))


def _intercepts_text(ctx: ReportContext, ids: list[str]) -> str:
    return ", ".join("Cross" if i == "X" else i for i in ids)


_HEADER_CHARS = 40


def _vote_rows(ctx: ReportContext, ranking: list[Any], limit: int | None,
               ) -> tuple[list[list[object]], list[float], list[tuple]]:
    s, w = ctx.styles, ctx.width
    tables = words.vote_tables(ctx.ws)
    per_table = len(tables) > 1
    table_w = min(0.115, 0.34 / len(tables)) if per_table else 0.0
    widths = [0.07, 0.0, *([table_w] * len(tables) if per_table else []), 0.09, 0.13]
    widths[1] = 1.0 - sum(widths)
    header = [para("Rank", s.header_cell), para("Candidate priority and why it ranks here", s.header_cell)]
    if per_table:
        # A column a few words wide: a long name (the intro above names each in full) would make the
        # header taller than a page, which no page can hold.
        header += [para(t if len(t) <= _HEADER_CHARS else t[:_HEADER_CHARS - 1] + "\u2026", s.header_small)
                   for t in tables]
    header += [para("Votes", s.header_cell), para("Intercepts", s.header_cell)]
    rows: list[list[object]] = [header]
    style: list[tuple] = []
    picked = {r.candidate_id for r in words.chosen(ctx.ws, ranking)}
    for item in ranking[:limit] if limit else ranking:
        title = f"<b>{esc(item.title)}</b>"
        if item.reason:
            title += f"<br/><font size=7.5 color='#5F6B7A'>{esc(item.reason)}</font>"
        chosen = item.candidate_id in picked  # a priority for change (none before any vote)
        row: list[object] = [para(str(item.rank), s.cell_bold if chosen else s.cell),
                             markup(title, s.cell)]
        if per_table:
            row += [_count_cell(ctx, words.vote_cell(item, t)) for t in tables]
        total = words.vote_cell(item)
        row += [ctx.cell(total, _bold_right(ctx.styles.cell_bold)) if chosen else _count_cell(ctx, total),
                ctx.cell(_intercepts_text(ctx, item.intercepts), s.cell)]
        if chosen:  # the priorities for change, shaded
            style.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor("#E6F0F8")))
        rows.append(row)
    style.append(("LEFTPADDING", (-1, 0), (-1, -1), 10))  # keep intercepts clear of the vote count
    return rows, [w * f for f in widths], style


def _count_cell(ctx: ReportContext, text: str) -> Flowable:
    """A vote count, right-aligned; "not counted" in the muted note style, so it never reads as 0."""
    if text == words.NOT_COUNTED:
        return ctx.cell(text, _note_right(ctx.styles.cell_note))
    return ctx.cell(text, ctx.styles.cell_right)


@cache
def _note_right(cell_note: st.ParagraphStyle) -> st.ParagraphStyle:
    return st.ParagraphStyle("not_counted", parent=cell_note, alignment=2)


@cache
def _bold_right(cell_bold: st.ParagraphStyle) -> st.ParagraphStyle:
    return st.ParagraphStyle("cell_bold_right", parent=cell_bold, alignment=2)


def vote_chart(ctx: ReportContext, ranking: list[Any], width: float, limit: int = 10) -> Drawing:
    """Horizontal bars of the leading candidates' votes, stacked by voting table."""
    f = report_fonts()
    items = [r for r in ranking if r.votes > 0][:limit]
    tables = words.vote_tables(ctx.ws)
    bar_h, gap, fs = 13.0, 6.0, 8.0
    legend_h = 18.0 if len(tables) > 1 else 0.0
    height = len(items) * (bar_h + gap) + legend_h + 16
    d = new_drawing(width, height)
    label_w = width * 0.42
    most = max((r.votes for r in items), default=1) or 1
    bar_room = width - label_w - 40
    y = height - 6 - bar_h
    for r in items:
        label = fit_lines(f"{r.rank}. {r.title}", f.regular, fs, label_w - 8, 1)[0]
        for shape in text_strings(0, y + 3.5, label, f.regular, fs, st.INK):
            d.add(shape)
        x = label_w
        for n, t in enumerate(tables if len(tables) > 1 else [None]):
            value = r.votes_by_table.get(t, 0) if t is not None else r.votes
            if value <= 0:
                continue
            w = bar_room * value / most
            d.add(Rect(x, y, w, bar_h, fillColor=st.BAR_COLOURS[n % len(st.BAR_COLOURS)],
                       strokeColor=colors.white, strokeWidth=0.5))
            x += w
        d.add(String(x + 4, y + 3.5, str(r.votes), fontName=f.bold, fontSize=fs, fillColor=st.INK))
        y -= bar_h + gap
    d.add(Line(label_w, y + bar_h, label_w, height - 4, strokeColor=st.RULE, strokeWidth=0.6))
    if len(tables) > 1:
        x = label_w
        for n, t in enumerate(tables):
            d.add(Rect(x, 2, 9, 9, fillColor=st.BAR_COLOURS[n % len(st.BAR_COLOURS)], strokeColor=None))
            name = fit_lines(t, f.regular, fs, 120, 1)[0]
            for shape in text_strings(x + 13, 3, name, f.regular, fs, st.INK):
                d.add(shape)
            x += 13 + text_width(name, f.regular, fs) + 14
    return d


def priorities_section(ctx: ReportContext, number: str, *, handout: bool = False) -> list[Flowable]:
    """Priorities for change: the ranked candidates with votes, per table, and a bar chart."""
    s = ctx.styles
    ranking = ranked_candidates(ctx)
    if not has_priorities(ctx):
        return []  # a FINAL report without priorities (allowed incomplete) leaves the section out
    out: list[Flowable] = [ctx.heading("Priorities for change", "priorities", number=number)]
    if not ranking:
        return out + [para("No candidate priorities have been listed yet.", s.note)]
    given = words.given_order_note(ranking)  # a published order: given, not counted
    if not any(r.votes for r in ranking):
        out.append(para(given or words.NO_VOTES_YET, s.note))
    else:
        out.append(para(" ".join(filter(None, [words.priorities_intro(ctx.ws, ranking), given])), s.body))
    # The handout lists the priorities for change themselves: as many as there really are.
    limit = max(1, len(words.chosen(ctx.ws, ranking))) if handout else None
    rows, widths, style = _vote_rows(ctx, ranking, limit)
    out.append(ctx.table(rows, widths, extra_style=style, continued="Priorities for change"))
    if not handout and any(r.votes for r in ranking):
        out += [Spacer(1, 10), para("Votes for the leading candidates", s.h3),
                vote_chart(ctx, ranking, ctx.width)]
    return out


# ---------------------------------------------------------------- action plans
def _ordered_steps(plan: ActionPlan) -> list[ActionStep]:
    try:
        from ..model.step_order import steps_in_dependency_order

        return list(steps_in_dependency_order(plan))
    except Exception:  # noqa: BLE001 - a cycle or no ordering module: the order the group wrote
        return [step for objective in plan.objectives for step in objective.steps]


def _is_overdue(step: ActionStep, ctx: ReportContext) -> bool:
    return step.when is not None and step.when < ctx.today and step.status != "done"


# Under a drafted objective or step: the program suggested it and nobody has edited it yet.
DRAFT_NOTE = "<br/><font size=7.5 color='#8A5A00'><i>Draft suggestion</i></font>"


def _objective_cell(objective: Objective, s: Any) -> Flowable:
    return markup(f"<b>{esc(objective.text)}</b>{DRAFT_NOTE}", s.cell) if objective.drafted \
        else para(objective.text, s.cell_bold)


def _plan_table(ctx: ReportContext, plan: ActionPlan, title: str) -> Flowable:
    s, w = ctx.styles, ctx.width
    people = {p.id: p.name for p in ctx.ws.participants}
    objective_of = {step.id: o for o in plan.objectives for step in o.steps}
    rows: list[list[object]] = [[para(h, s.header_cell) for h in
                                 ("Objective", "Action step", "Who", "When", "Status")]]
    previous = None
    style: list[tuple] = []
    for step in _ordered_steps(plan):
        objective = objective_of.get(step.id)
        show = objective is not None and objective is not previous
        previous = objective
        if show and len(rows) > 1:  # a firmer rule where a new objective starts
            style.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.9, st.HEADING))
        text = esc(step.text) + (DRAFT_NOTE if step.drafted else "")
        if step.notes.strip():
            text += f"<br/><font size=7.5 color='#5F6B7A'><i>{esc(step.notes)}</i></font>"
        who = step.who.strip() or people.get(step.who_participant_id or "", "")
        status = esc(st.STATUS_LABELS.get(step.status, step.status))
        if _is_overdue(step, ctx):
            status += "<br/><font color='#B42318'><b>Overdue</b></font>"
        when = ctx.short_date(step.when) or step.when_text  # "Q3 2026", "Ongoing": as the group wrote it
        rows.append([_objective_cell(objective, s) if show and objective else "",
                     markup(text, s.cell), ctx.cell(who, s.cell), ctx.cell(when, s.cell),
                     markup(status, s.cell)])
    for objective in plan.objectives:
        if not objective.steps:
            rows.append([_objective_cell(objective, s),
                         "" if ctx.final else para("No action steps yet.", s.note), "", "", ""])
    if len(rows) == 1:
        rows.append([para("No objectives yet.", s.note), "", "", "", ""])
    # "When" fits the widest short date ("May 15, 2026") on one line.
    return ctx.table(rows, [w * f for f in (0.22, 0.35, 0.165, 0.145, 0.12)], extra_style=style,
                     continued=title)


def _progress_line(ctx: ReportContext, plan: ActionPlan) -> Flowable | None:
    try:
        from ..model.plan_progress import plan_progress
    except ImportError:
        return None
    progress = plan_progress(plan, ctx.today)
    if not progress.total:
        return None
    return para(f"Progress on {ctx.date_text(ctx.today)}: {progress.summary()}.", ctx.styles.small)


def plans_in_priority_order(ctx: ReportContext) -> list[tuple[int | None, ActionPlan]]:
    """Action plans with the rank of their priority, best first; plans for no ranked priority last."""
    ranking = ranked_candidates(ctx) or []
    rank_of = {r.candidate_id: r.rank for r in ranking}
    indexed = list(enumerate(ctx.ws.action_plans))
    indexed.sort(key=lambda ip: (rank_of.get(ip[1].candidate_id or "", 10**9), ip[0]))
    return [(rank_of.get(p.candidate_id or ""), p) for _, p in indexed]


def action_plans_section(ctx: ReportContext, number: str, *, compact: bool = False) -> list[Flowable]:
    """One chart per priority: Objective, Action step, Who, When, Status, steps in dependency order."""
    s = ctx.styles
    plans = plans_in_priority_order(ctx)
    if ctx.final:  # a published report shows only plans that say something
        plans = [(rank, plan) for rank, plan in plans if plan.objectives]
        if not plans:
            return []
    out: list[Flowable] = [ctx.heading("Action plans", "plans", number=number)]
    if not plans:
        return out + [para("No action plans have been written yet.", s.note)]
    out.append(para("Each priority's chart lists its objectives and the concrete steps to reach them, with "
                    "who is responsible and by when. Steps appear in the order they depend on each other.",
                    s.body))
    for n, (rank, plan) in enumerate(plans):
        title = f"Priority {rank}: {plain(plan.title)}" if rank else plain(plan.title)
        block: list[Flowable] = [ctx.heading(title, f"plan-{n}", level=1)]
        line = _progress_line(ctx, plan)
        if line is not None:
            block.append(line)
        block.append(_plan_table(ctx, plan, title))
        if compact:  # the handout packs charts tightly: it must stay within three pages
            out += [CondPageBreak(120), *block]
        else:  # a chart that fits on a page starts on a fresh one rather than leave two rows behind
            out.append(KeepTogether(block))
    return out
