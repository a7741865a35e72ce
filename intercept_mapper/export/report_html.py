"""The report as one accessible, self-contained HTML page (no Qt, no reportlab, no scripts).

The same sections, in the same order and words as the PDF (``report_pdf``, ``report_text``,
``report_narrative``): cover, contents, introduction, the map (the semantic SVG inline, its caption
pointing to its text alternative), resources and gaps by intercept (each intercept's decision points
in flow order: the map in words), priorities for change (and their votes as a table, not a chart),
action plans, recommendations and further resources, and the participants by sector (contact details
only when asked for). A FINAL report leaves empty sections out as the PDF does.

What makes it accessible, and what the tests hold it to: ``lang="en"``, one ``h1`` and headings that
never skip a level, every table with a ``<caption>`` and ``<th scope>`` header cells, a skip link and
visible focus, WCAG 2.1 AA contrast, a layout that reads on a 360 px phone (wide tables scroll inside
their own region, the map scales), print styles, and a DRAFT banner until the report is final.

User text is data: every piece is cleaned of characters HTML forbids and escaped with
``html.escape(..., quote=True)`` in one place (``_t``); markup is built only from the results. A
content security policy forbids scripts and any fetch, so the page works offline and cannot call out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from .. import __version__
from ..model.map_narrative import InterceptNarrative, PointEntry, flow_phrase, map_narrative
from ..model.ranking import RankedCandidate, rank_candidates
from ..model.workshop import (
    CROSS_INTERCEPT,
    ActionPlan,
    ActionStep,
    Finding,
    Objective,
    Workshop,
)
from . import report_text as words
from .map_svg import MAP_DESC_ID, build_map_svg
from .report_html_css import DRAFT_PRINT_CSS, REPORT_CSS

# C0 and C1 controls other than newline and tab, lone surrogates and the two noncharacters: HTML calls
# them parse errors and XML (the inline SVG) forbids them; they carry no meaning in a report.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The PDF's words for a step's status (``report_styles.STATUS_LABELS``; a test holds them equal), kept
# here so that this module needs nothing of reportlab's but what the SVG map draws with.
STATUS_LABELS = {"not-started": "Not started", "in-progress": "In progress", "done": "Done",
                 "blocked": "Blocked"}
# Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms: text that reads right to left.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LONG_WORD = re.compile(r"(\S{31,})")
_WRAP_EVERY = 20  # characters between the places a long word may wrap
MAP_MIN_SCALE = 0.48  # the map's least size on a wide screen, as a share of its own
# Under a drafted objective or step: the program suggested it and nobody has edited it yet.
DRAFT_NOTE = '<br><span class="reason"><em>Draft suggestion</em></span>'
MAX_INDENT_LEVELS = 6  # deeper branches stay at this indent, as in the PDF
VOTE_TABLE_ROWS = 10  # the leading candidates in the votes table, as the PDF's chart shows


# ---------------------------------------------------------------- text
def clean(value: object) -> str:
    """User text with unprintable characters dropped and line ends unified (not yet escaped)."""
    s = "" if value is None else str(value)
    return _UNPRINTABLE.sub("", s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def _attr(value: object) -> str:
    """User text for an attribute or the ``<title>``: cleaned and escaped, quotes too."""
    return html.escape(clean(value), quote=True)


def _t(value: object) -> str:
    """User text as HTML content: cleaned, escaped, and a very long word given places to wrap.

    A pasted 5,000-character "word" would otherwise make its table (or the page) that wide; ``<wbr>``
    lets it break there while ordinary words never break.
    """
    parts = _LONG_WORD.split(clean(value))
    out = []
    for n, part in enumerate(parts):
        if n % 2:  # a long word, cut into pieces that may wrap
            out.append("<wbr>".join(html.escape(part[i:i + _WRAP_EVERY], quote=True)
                                    for i in range(0, len(part), _WRAP_EVERY)))
        else:
            out.append(html.escape(part, quote=True))
    return "".join(out)


def _lines(value: object) -> str:
    """Escaped text whose line breaks stay line breaks."""
    return "<br>".join(_t(line) for line in clean(value).strip().split("\n"))


def _u(value: object) -> str:
    """User text inside a sentence of ours: isolated, so right-to-left text cannot reorder the sentence."""
    return f"<bdi>{_t(value)}</bdi>"


def _paragraphs(value: object) -> list[str]:
    """Free text as paragraphs split at blank lines (single newlines stay line breaks)."""
    blocks = [b.strip() for b in re.split(r"\n[ ]*\n", clean(value)) if b.strip()]
    return [f'<p dir="auto">{_lines(b)}</p>' for b in blocks]


def _sentence(text: str, *isolate: str) -> str:
    """One of ``report_text``'s sentences, escaped, with the user text in it (``isolate``) isolated so
    that right-to-left text cannot reorder the sentence around it."""
    out = _t(text)
    for value in isolate:
        escaped = _t(value)
        if escaped.strip() and _RIGHT_TO_LEFT.search(value):
            out = out.replace(escaped, f"<bdi>{escaped}</bdi>", 1)
    return out


def _time(d: date, text: str) -> str:
    return f'<time datetime="{d.isoformat()}">{text}</time>'


def report_title(ws: Workshop) -> str:
    """The document title (``report_text.report_title``), cleaned; plain text, not yet escaped."""
    return clean(words.report_title(ws))


def _dates_html(ws: Workshop) -> str:
    """The workshop days as ``report_text.dates_text`` words them, each a ``<time>``."""
    return words.join_words([_time(d, words.date_text(d)) for d in sorted(set(ws.info.dates))])


# ---------------------------------------------------------------- the page being built
@dataclass
class _Entry:
    label: str  # escaped HTML
    anchor: str
    level: int  # 0 a section, 1 an intercept or plan within it


@dataclass
class _Page:
    ws: Workshop
    final: bool
    include_contacts: bool
    today: date
    ranking: list[RankedCandidate] = field(default_factory=list)
    toc: list[_Entry] = field(default_factory=list)
    serial: int = 0
    sections: int = 0  # numbered sections made so far: one a FINAL report leaves out takes no number

    def number(self) -> str:
        """The next section's number ("3."), taken by the section that asks."""
        self.sections += 1
        return f"{self.sections}."

    def new_id(self, prefix: str) -> str:
        """A fresh id for an element (never made from user text)."""
        self.serial += 1
        return f"{prefix}-{self.serial}"

    def heading(self, level: int, label: str, anchor: str, toc_level: int | None = None) -> str:
        """``<hN id>`` with escaped ``label``; listed in the contents at ``toc_level`` when given."""
        if toc_level is not None:
            self.toc.append(_Entry(label, anchor, toc_level))
        return f'<h{level} id="{anchor}" dir="auto">{label}</h{level}>'

    def table(self, caption: str, headers: list[str], body: list[str], *, cls: str = "",
              numeric: frozenset[int] = frozenset()) -> str:
        """A table in a region that scrolls sideways when the screen is narrower than the table.

        ``caption`` and ``headers`` are HTML; ``body`` is the ``<tbody>`` elements (or rows).
        """
        cid = self.new_id("table")
        heads = "".join(f'<th scope="col"{" class=num" if n in numeric else ""}>{h}</th>'
                        for n, h in enumerate(headers))
        rows = "".join(body)
        if not rows.startswith("<tbody"):
            rows = f"<tbody>{rows}</tbody>"
        return (f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{cid}">'
                f'<table{f" class={cls!r}" if cls else ""}><caption id="{cid}">{caption}</caption>'
                f"<thead><tr>{heads}</tr></thead>{rows}</table></div>")


# ---------------------------------------------------------------- sections
def _cover(page: _Page) -> str:
    ws, info = page.ws, page.ws.info
    title = report_title(ws)
    out = ['<header class="cover">']
    issued = words.issue_line(ws, page.final, page.today)
    if not page.final:  # "DRAFT of <date>: for review ...", the status word strong
        status, _, rest = issued.partition(" ")
        out.append(f'<p class="banner draft" id="draft-banner"><strong>{_t(status)}</strong> {_t(rest)}.</p>')
    out.append('<p class="label">Mapping report</p>')
    out.append(f'<h1 id="top" dir="auto">{_t(title)}</h1>')
    where = clean(info.jurisdiction).strip()
    if where and where != title:
        out.append(f'<p class="subtitle" dir="auto">{_t(where)}</p>')
    facts: list[tuple[str, list[str]]] = []
    when = _dates_html(ws)
    if when:
        facts.append(("Workshop", [when]))
    if page.final:
        facts.append(("Status", [_t(issued)]))
    if clean(info.prepared_by).strip():
        facts.append(("Prepared by", [_lines(info.prepared_by)]))
    people = words.cover_people(ws, clean)
    if people.planning_team:
        facts.append(("Planning team", [_t(words.people_line(p, clean)) for p in people.planning_team]))
    if people.facilitators or people.other_facilitators:
        facts.append(("Facilitators", [_t(words.people_line(p, clean)) for p in people.facilitators]
                      + [_t(n) for n in people.other_facilitators]))
    if facts:
        out.append('<dl class="facts">')
        for term, values in facts:
            out.append(f"<dt>{term}</dt>" + "".join(f'<dd dir="auto">{v}</dd>' for v in values))
        out.append("</dl>")
    out.append("</header>")
    return "\n".join(out)


def _contents(page: _Page) -> str:
    out = ['<nav class="contents" aria-labelledby="contents">', '<h2 id="contents">Contents</h2>', "<ol>"]
    open_sub = False
    for n, entry in enumerate(page.toc):
        link = f'<a href="#{entry.anchor}">{entry.label}</a>'
        if entry.level == 0:
            if open_sub:
                out.append("</ol></li>")
                open_sub = False
            elif n:
                out.append("</li>")
            out.append(f'<li dir="auto">{link}')
        else:
            if not open_sub:
                out.append("<ol>")
                open_sub = True
            out.append(f'<li dir="auto">{link}</li>')
    out.append("</ol></li>" if open_sub else "</li>" if page.toc else "")
    out += ["</ol>", "</nav>"]
    return "\n".join(out)


def _introduction(page: _Page) -> str:
    ws, info = page.ws, page.ws.info
    out = ['<section aria-labelledby="intro">',
           page.heading(2, f"{page.number()} Introduction and background", "intro", 0)]
    out.append(f"<p>{_sentence(words.opening_sentence(ws), info.jurisdiction.strip())}</p>")
    for field_text, label in ((info.background, "Background"), (info.sponsors, "Sponsors"),
                              (info.data_summary, "Data gathered before the workshop")):
        if clean(field_text).strip():
            out.append(f"<h3>{label}</h3>")
            out += _paragraphs(field_text)
    cross = clean(ws.scheme.cross_label)
    out.append(f"<p>{_sentence(words.map_counts_sentence(ws, cross), cross.lower())}</p>")
    people = words.people_sentence(ws)
    if people:
        out.append(f"<p>{_t(people)}</p>")
    out.append("</section>")
    return "\n".join(out)


def _intercept_name(ws: Workshop, intercept_id: str) -> str:
    """``Intercept 2: Initial Detention`` (escaped), or the band's label for cross-intercept items."""
    if intercept_id == CROSS_INTERCEPT:
        return _t(clean(ws.scheme.cross_label).strip() or "Cross-intercept")
    label = next((i.label for i in ws.scheme.intercepts if i.id == intercept_id), "")
    return f"Intercept {_t(intercept_id)}" + (f": {_t(label)}" if clean(label).strip() else "")


def _narrative_entry(entry: PointEntry, titles: dict[str, str]) -> str:
    """One decision point as the PDF's narrative words it (``report_narrative.point_markup``): title,
    the point a branch leaves from and the organisation, then its description, where people come from
    (other intercepts) and where they go."""
    title = " ".join(clean(entry.title).split()) or "(untitled)"
    head = f"<strong>{_u(title)}</strong>"
    tail = []
    if entry.branch_of is not None:
        head = f'<span aria-hidden="true">↳ </span>{head}'
        origin = " ".join(clean(titles.get(entry.branch_of, "")).split())
        if origin:
            tail.append(f"branch from {_u(origin)}")
    if clean(entry.organisation).strip():
        tail.append(_u(" ".join(clean(entry.organisation).split())))
    lines = [f"<p>{head}{' · ' + ' · '.join(tail) if tail else ''}</p>"]
    if entry.start and not entry.reached:
        lines.append("<p><em>No flow leads here from this intercept’s entries.</em></p>")
    if clean(entry.description).strip():
        lines.append(f'<p dir="auto">{_lines(entry.description)}</p>')
    for label, notes, incoming in (("From:", entry.flows_in, True), ("Flows to:", entry.flows_out, False)):
        if notes:
            lines.append(f"<p>{label} " + "; ".join(_u(flow_phrase(n, incoming=incoming)) for n in notes)
                         + "</p>")
    depth = f' style="--depth:{min(entry.depth, MAX_INDENT_LEVELS)}"' if entry.depth else ""
    return f'<li{depth}>{"".join(lines)}</li>'


def _narrative(page: _Page, narrative: InterceptNarrative) -> list[str]:
    """An intercept's decision points in the order people flow through them (nothing when it has none):
    the map's text alternative, intercept by intercept."""
    if not narrative.entries:
        return []
    label = page.new_id("points")
    titles = {e.point_id: e.title for e in narrative.entries}
    return [f'<p class="list-label" id="{label}"><strong>Decision points ({len(narrative.entries):,}), in '
            "the order people flow through them</strong></p>",
            f'<ol class="narrative" aria-labelledby="{label}">'
            + "".join(_narrative_entry(e, titles) for e in narrative.entries) + "</ol>"]


def _svg_inline(ws: Workshop) -> str:
    """The map's SVG without its XML declaration, named by its title and described by the caption.

    The SVG file's own ``<desc>`` tells the whole map in words; here section 3 does that, visibly, and
    the caption says so: the copy inside the image is left out rather than read twice.
    """
    svg = build_map_svg(ws).decode("utf-8")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(f'<desc id="{MAP_DESC_ID}">.*?</desc>\\s*', "", svg, count=1, flags=re.S)
    svg = svg.replace(f'aria-describedby="{MAP_DESC_ID}"', 'aria-describedby="map-caption"', 1)
    # On a wide screen the map keeps about half its own size (its smallest text stays legible) and
    # scrolls sideways when that is wider than the page; on a phone it fits the width, as an overview.
    width = re.search(r'<svg [^>]*?width="([0-9.]+)"', svg)
    least = round(float(width.group(1)) * MAP_MIN_SCALE) if width else 0
    return svg.replace("<svg ", f'<svg class="map-svg" style="--map-min:{least}px" focusable="false" ', 1)


def _map_section(page: _Page) -> str:
    out = ['<section aria-labelledby="map">',
           page.heading(2, f"{page.number()} The Sequential Intercept Map", "map", 0),
           '<figure class="map">',
           '<div class="map-scroll" role="region" tabindex="0" aria-label="The map">',
           _svg_inline(page.ws),
           "</div>",
           '<figcaption id="map-caption">The map as the group built it. Decision points are blue boxes; '
           "resources (marked +) and gaps (marked !) sit beside them; arrows show how people move from "
           'one point to the next. <a href="#findings">Resources and gaps by intercept</a> tells the map '
           "in words: each intercept’s decision points in the order people flow through them, then its "
           "resources and gaps.</figcaption>",
           "</figure>",
           "</section>"]
    return "\n".join(out)


def _findings_tables(page: _Page, findings: list[Finding], where: str) -> list[str]:
    points = {p.id: p for p in page.ws.points}
    out = []
    for kind, label, sign in (("resource", "Resources", "+"), ("gap", "Gaps", "!")):
        items = [f for f in findings if f.kind == kind]
        if not items:
            out.append(f'<p class="note"><span class="sign {kind}" aria-hidden="true">{sign}</span> '
                       f"No {label.lower()} were recorded here.</p>")
            continue
        # A column empty in every row is left out (it says nothing and costs a phone its width).
        columns = [(name, attr) for name, attr in (("Organisation", "organisation"),
                                                   ("Description", "description"))
                   if any(clean(getattr(f, attr)).strip() for f in items)]
        rows = []
        for f in items:
            title = f"<strong>{_u(f.title)}</strong>"
            point = points.get(f.point_id or "")
            if point is not None:
                title += f'<br><span class="at">at {_u(point.title)}</span>'
            cells = "".join(f'<td dir="auto">{_lines(getattr(f, attr))}</td>' for _, attr in columns)
            rows.append(f'<tr><th scope="row">{title}</th>{cells}</tr>')
        caption = (f'<span class="sign {kind}" aria-hidden="true">{sign}</span> {label} ({len(items):,})'
                   f'<span class="visually-hidden"> at {where}</span>')
        out.append(page.table(caption, [label[:-1], *(name for name, _ in columns)], rows, cls="findings"))
    return out


def _findings_section(page: _Page) -> str:
    ws = page.ws
    out = ['<section aria-labelledby="findings">',
           page.heading(2, f"{page.number()} Resources and gaps by intercept", "findings", 0),
           "<p>For each intercept: its decision points in the order people flow through them, the "
           "resources the community can build on, and the gaps participants identified.</p>"]
    told = {n.intercept_id: n for n in map_narrative(ws)}
    ids = [i.id for i in ws.scheme.intercepts]
    for n, intercept in enumerate(ws.scheme.intercepts):
        name = _intercept_name(ws, intercept.id)
        out.append(page.heading(3, name, f"int-{n}", 1))
        narrative = told.get(intercept.id)
        if narrative is not None:
            out += _narrative(page, narrative)
        out += _findings_tables(page, [f for f in ws.findings if f.intercept == intercept.id], name)
    cross = [f for f in ws.findings if f.intercept == CROSS_INTERCEPT or f.intercept not in ids]
    name = _intercept_name(ws, CROSS_INTERCEPT)
    out.append(page.heading(3, name, "int-x", 1))
    out.append('<p class="small">Items that concern every intercept (for example data sharing, housing, '
               "training).</p>")
    out += _findings_tables(page, cross, name)
    out.append("</section>")
    return "\n".join(out)


# ---------------------------------------------------------------- priorities
def _intercepts_text(ids: list[str]) -> str:
    return ", ".join("Cross" if i == CROSS_INTERCEPT else _t(i) for i in ids)


def _vote_td(text: str, strong: bool = False) -> str:
    """A count, right-aligned; "not counted" in the muted note style, so it never reads as 0."""
    if text == words.NOT_COUNTED:
        return f'<td class="num note">{text}</td>'
    return f'<td class="num"><strong>{text}</strong></td>' if strong else f'<td class="num">{text}</td>'


def _priorities_section(page: _Page) -> str:
    ws, ranking = page.ws, page.ranking
    picked = {r.candidate_id for r in words.chosen(ws, ranking)}
    if page.final and not picked:
        return ""  # a FINAL report without priorities (allowed incomplete) leaves the section out
    out = ['<section aria-labelledby="priorities">',
           page.heading(2, f"{page.number()} Priorities for change", "priorities", 0)]
    if not ranking:
        return "\n".join([*out, '<p class="note">No candidate priorities have been listed yet.</p>',
                          "</section>"])
    voted = any(r.votes for r in ranking)
    tables = words.vote_tables(ws)
    per_table = len(tables) > 1
    given = words.given_order_note(ranking)  # a published order: given, not counted
    if not voted:
        out.append(f'<p class="note">{_t(given or words.NO_VOTES_YET)}</p>')
    else:
        intro = words.priorities_intro(ws, ranking)
        tag = ' Each is marked “Priority for change”.' if picked else ""
        out.append(f"<p>{_sentence(intro, *tables)}{tag}{' ' + _t(given) if given else ''}</p>")
    headers = ["Rank", "Candidate priority and why it ranks here"]
    headers += [_t(t) for t in tables] if per_table else []
    headers += ["Votes", "Intercepts"]
    numeric = frozenset({0, *range(2, 2 + (len(tables) if per_table else 0) + 1)})
    rows = []
    for item in ranking:
        chosen = item.candidate_id in picked
        title = f"<strong>{_u(item.title)}</strong>"
        if chosen:
            title += ' <span class="tag">Priority for change</span>'
        if clean(item.reason).strip():
            title += f'<br><span class="reason">{_t(item.reason)}</span>'
        cells = [f'<td class="num">{item.rank}</td>', f'<th scope="row">{title}</th>']
        if per_table:
            cells += [_vote_td(words.vote_cell(item, t)) for t in tables]
        cells += [_vote_td(words.vote_cell(item), strong=chosen),
                  f'<td class="ids">{_intercepts_text(item.intercepts)}</td>']
        rows.append(f'<tr{" class=chosen" if chosen else ""}>{"".join(cells)}</tr>')
    out.append(page.table("Candidate priorities, ranked", headers, rows, cls="priorities", numeric=numeric))
    if voted:
        out.append(_votes_table(page, ranking, tables if per_table else []))
    out.append("</section>")
    return "\n".join(out)


def _votes_table(page: _Page, ranking: list, tables: list[str]) -> str:
    """The votes of the leading candidates (the PDF's bar chart) as a table, bars drawn beside numbers."""
    items = [r for r in ranking if r.votes > 0][:VOTE_TABLE_ROWS]
    most = max(r.votes for r in items) or 1
    headers = ["Candidate", *(_t(t) for t in tables), "Total votes"]
    rows = []
    for r in items:
        cells = [f'<th scope="row">{r.rank}. {_u(r.title)}</th>']
        cells += [_vote_td(words.vote_cell(r, t)) for t in tables]
        share = round(100 * r.votes / most)
        cells.append(f'<td class="bar-cell"><span class="bar-row"><span class="track" aria-hidden="true">'
                     f'<span class="bar" style="width:{share}%"></span></span>'
                     f'<span class="bar-value">{r.votes:,}</span></span></td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = f"Votes for the leading {len(items)} candidates" if len(items) > 1 else "Votes cast"
    return ("<h3>Votes for the leading candidates</h3>"
            + page.table(caption, headers, rows, cls="votes", numeric=frozenset(range(1, len(tables) + 1))))


# ---------------------------------------------------------------- action plans
def _ordered_steps(plan: ActionPlan) -> list[ActionStep]:
    try:
        from ..model.step_order import steps_in_dependency_order

        return list(steps_in_dependency_order(plan))
    except Exception:  # noqa: BLE001 - a cycle or no ordering module: the order the group wrote
        return [step for objective in plan.objectives for step in objective.steps]


def _plans_in_order(ws: Workshop, ranking: list[RankedCandidate]) -> list[tuple[int | None, ActionPlan]]:
    rank_of = {r.candidate_id: r.rank for r in ranking}
    indexed = sorted(enumerate(ws.action_plans),
                     key=lambda ip: (rank_of.get(ip[1].candidate_id or "", 10**9), ip[0]))
    return [(rank_of.get(p.candidate_id or ""), p) for _, p in indexed]


def _step_row(page: _Page, step: ActionStep, people: dict[str, str]) -> str:
    text = _lines(step.text) + (DRAFT_NOTE if step.drafted else "")
    if clean(step.notes).strip():
        text += f'<br><span class="reason"><em>{_lines(step.notes)}</em></span>'
    who = clean(step.who).strip() or people.get(step.who_participant_id or "", "")
    when = _time(step.when, words.short_date(step.when)) if step.when else _t(step.when_text)  # "Q3 2026"
    status = _t(STATUS_LABELS.get(step.status, step.status))
    if step.when is not None and step.when < page.today and step.status != "done":
        status += '<br><strong class="overdue">Overdue</strong>'
    return (f'<td class="step" dir="auto">{text}</td><td dir="auto">{_t(who)}</td>'
            f'<td class="when">{when}</td><td>{status}</td></tr>')


def _objective(objective: Objective) -> str:
    return f"<strong>{_lines(objective.text)}</strong>" + (DRAFT_NOTE if objective.drafted else "")


def _plan_table(page: _Page, plan: ActionPlan, title: str) -> str:
    people = {p.id: p.name for p in page.ws.participants}
    objective_of = {step.id: o for o in plan.objectives for step in o.steps}
    runs: list[tuple[Objective | None, list[ActionStep]]] = []  # consecutive steps of one objective
    for step in _ordered_steps(plan):
        objective = objective_of.get(step.id)
        if runs and runs[-1][0] is objective:
            runs[-1][1].append(step)
        else:
            runs.append((objective, [step]))
    bodies = []
    for objective, steps in runs:
        head = (f'<th scope="rowgroup" rowspan="{len(steps)}" dir="auto">{_objective(objective)}</th>'
                if isinstance(objective, Objective) else f'<td rowspan="{len(steps)}"></td>')
        rows = [f"<tr>{head}{_step_row(page, steps[0], people)}"]
        rows += [f"<tr>{_step_row(page, s, people)}" for s in steps[1:]]
        bodies.append(f"<tbody>{''.join(rows)}</tbody>")
    for objective in plan.objectives:
        if not objective.steps:
            empty = "" if page.final else "No action steps yet."  # a published report has no placeholders
            bodies.append(f'<tbody><tr><th scope="rowgroup" dir="auto">{_objective(objective)}</th>'
                          f'<td colspan="4" class="note">{empty}</td></tr></tbody>')
    if not bodies:
        bodies.append('<tbody><tr><td colspan="5" class="note">No objectives yet.</td></tr></tbody>')
    # The heading above names the priority: the visible caption stays short enough for a phone.
    caption = f'Action plan<span class="visually-hidden">: {title}</span>'
    return page.table(caption, ["Objective", "Action step", "Who", "When", "Status"],
                      bodies, cls="plan")


def _plans_section(page: _Page) -> str:
    plans = _plans_in_order(page.ws, page.ranking)
    if page.final:  # a published report shows only plans that say something
        plans = [(rank, plan) for rank, plan in plans if plan.objectives]
        if not plans:
            return ""
    out = ['<section aria-labelledby="plans">', page.heading(2, f"{page.number()} Action plans", "plans", 0)]
    if not plans:
        return "\n".join([*out, '<p class="note">No action plans have been written yet.</p>', "</section>"])
    out.append("<p>Each priority’s chart lists its objectives and the concrete steps to reach them, with "
               "who is responsible and by when. Steps appear in the order they depend on each other.</p>")
    for n, (rank, plan) in enumerate(plans):
        title = f"Priority {rank}: {_t(plan.title)}" if rank else _t(plan.title)
        out.append(page.heading(3, title, f"plan-{n}", 1))
        line = _progress_line(page, plan)
        if line:
            out.append(f'<p class="small">{line}</p>')
        out.append(_plan_table(page, plan, title))
    out.append("</section>")
    return "\n".join(out)


def _progress_line(page: _Page, plan: ActionPlan) -> str:
    try:
        from ..model.plan_progress import plan_progress
    except ImportError:
        return ""
    progress = plan_progress(plan, page.today)
    if not progress.total:
        return ""
    return f"Progress on {_time(page.today, words.date_text(page.today))}: {_t(progress.summary())}."


# ---------------------------------------------------------------- closing sections
def _recommendations(page: _Page) -> str:
    """Recommendations and further resources; in a FINAL report an empty part is left out, and the
    section too when both are empty (a published report has no placeholders)."""
    info = page.ws.info
    parts = [("Recommendations", _paragraphs(info.recommendations),
              "No recommendations have been written yet."),
             ("Further resources", _paragraphs(info.further_resources), "None listed.")]
    if page.final and not any(body for _, body, _ in parts):
        return ""
    out = ['<section aria-labelledby="recs">',
           page.heading(2, f"{page.number()} Recommendations and further resources", "recs", 0)]
    for label, body, empty in parts:
        if body or not page.final:
            out.append(f"<h3>{label}</h3>")
            out += body or [f'<p class="note">{empty}</p>']
    out.append("</section>")
    return "\n".join(out)


def _appendix(page: _Page) -> str:
    groups = words.participants_by_sector(page.ws)
    total = sum(len(v) for v in groups.values())
    if not total and page.final:  # a published report leaves the empty appendix out
        return ""
    out = ['<section aria-labelledby="appendix">',
           page.heading(2, "Appendix: participants by sector", "appendix", 0)]
    if not total:
        return "\n".join([*out, '<p class="note">No participants are recorded in this workshop file.</p>',
                          "</section>"])
    # The list names who signed in; how many came is the attendance (introduction), not this count.
    summary = (f"The participant list names {words.plural(total, 'person', 'people')} from "
               f"{words.plural(len(groups), 'sector')}")
    if page.ws.info.attendance is not None:
        summary += f"; {words.plural(page.ws.info.attendance, 'person', 'people')} attended in all"
    summary += "" if page.include_contacts else "; contact details are left out of this copy"
    out.append(f"<p>{_t(summary)}.</p>")
    headers = ["Name", "Organisation", "Role"] + (["E-mail", "Phone"] if page.include_contacts else [])
    bodies = []
    for sector, people in groups.items():
        rows = [f'<tr class="group"><th scope="rowgroup" colspan="{len(headers)}" dir="auto">'
                f"{_t(words.sector_label(sector, clean))} ({len(people):,})</th></tr>"]
        for p in people:
            cells = [f'<th scope="row" dir="auto">{_t(p.name)}</th>',
                     f'<td dir="auto">{_t(p.organisation)}</td>', f'<td dir="auto">{_t(p.role)}</td>']
            if page.include_contacts:
                cells += [f'<td dir="ltr">{_t(p.email)}</td>', f'<td dir="ltr">{_t(p.phone)}</td>']
            rows.append(f"<tr>{''.join(cells)}</tr>")
        bodies.append(f"<tbody>{''.join(rows)}</tbody>")
    out.append(page.table("Participants by sector", headers, bodies, cls="people"))
    out.append("</section>")
    return "\n".join(out)


# ---------------------------------------------------------------- the document
def build_report_html(ws: Workshop, *, final: bool | None = None, include_contacts: bool = False,
                      today: date | None = None) -> bytes:
    """The full report as one self-contained, accessible HTML page (UTF-8 bytes).

    ``final`` None follows the file's report status, as the PDF does; a FINAL report prints no
    placeholders and leaves empty required sections out (``report_text.missing_for_final``).
    """
    final = words.is_final(ws, final)
    page = _Page(ws=ws, final=final, include_contacts=include_contacts, today=today or date.today(),
                 ranking=list(rank_candidates(ws)))
    # In the PDF's order; each numbered section takes its number as it is made (a left-out one none).
    body = [_introduction(page), _map_section(page), _findings_section(page), _priorities_section(page),
            _plans_section(page), _recommendations(page), _appendix(page)]
    body = [section for section in body if section]
    contents = _contents(page)  # the contents lists what the sections registered
    title = report_title(ws)
    where = clean(ws.info.jurisdiction).strip()
    status = "FINAL" if final else "DRAFT"
    description = "Sequential Intercept Model mapping report" + (f", {where}" if where else "")
    footer = (f"<p>Sequential Intercept Mapping report · {status}. "
              f"Made with Intercept Mapper {__version__}.</p>")
    doc = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # A self-contained report: nothing may be fetched and no script may run.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:\">",
        f'<meta name="description" content="{_attr(description)}">',
        f'<meta name="generator" content="Intercept Mapper {__version__}">',
        f"<title>{_attr(title)}{'' if final else ' (DRAFT)'}</title>",
        f"<style>{REPORT_CSS}{'' if final else DRAFT_PRINT_CSS}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to the report</a>',
        '<div class="page">',
        _cover(page),
        contents,
        '<main id="main" tabindex="-1">',
        *body,
        "</main>",
        f"<footer>{footer}</footer>",
        "</div>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(doc).encode("utf-8")


__all__ = ["build_report_html", "clean", "report_title"]
