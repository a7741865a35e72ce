"""The cross-community (statewide) summary as PDF bytes: reportlab, headless, no Qt.

Cover, themes across communities, the most common gaps and priorities with the communities they come
from, a heat map of gaps per intercept by community (numbers printed in every cell, so it reads
without colour; "not mapped" where a community's scheme has no such intercept), themes over the
years, the communities and their files (the workshop counted and the earlier ones), and the files
that were skipped. Themes print as words (``theme_label``). User text (names,
titles, themes, file names) goes through ``pdf_text`` and is escaped there.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from ..model.problems import Problem
from ..model.rollup import Rollup, SharedItem, ThemeCount
from ..model.theme_suggestion import UNTHEMED, theme_label
from ..model.workshop import CROSS_INTERCEPT
from . import report_styles as st
from .pdf_text import esc, markup, para, plain
from .report_pages import Heading, PageSetup, ReportCanvas, ReportDoc, body_width

DEFAULT_TITLE = "Statewide summary of Sequential Intercept Mapping workshops"
# Sequential blues from light to dark: more gaps, darker cell. Dark cells print white numbers.
HEAT = tuple(colors.HexColor(c) for c in ("#FFFFFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6",
                                          "#3182BD", "#08519C"))
SHARED_ROWS = 25  # titles shared by several communities listed in full; the rest are counted
NAMES_IN_CELL = 40  # community names printed in one table cell; a row must fit on a page


def build_rollup_pdf(rollup: Rollup, *, title: str = "", today: date | None = None) -> bytes:
    """The summary report of ``rollup`` as PDF bytes."""
    title = plain(title).strip() or DEFAULT_TITLE
    today = today or date.today()
    setup = PageSetup(header=title, draft=False, footer_left="Cross-community summary · Intercept Mapper",
                      intercepts=list(rollup.intercepts))
    story: list[Flowable] = []
    story += _cover(rollup, title, today)
    story += [NextPageTemplate("body"), PageBreak()]
    story += _themes_section(rollup)
    story += _common_section(rollup, "gaps", "2. Most common gaps", rollup.gap_themes(), rollup.common_gaps)
    story += _common_section(rollup, "priorities", "3. Most common priorities", rollup.priority_themes(),
                             rollup.common_priorities)
    story += _heat_map_section(rollup)
    story += _trends_section(rollup)
    story += _communities_section(rollup)
    story += _skipped_section(rollup.skipped)
    buffer = io.BytesIO()
    doc = ReportDoc(buffer, setup, title=title, author="Intercept Mapper",
                    subject=f"Summary of {len(rollup.communities)} communities' Sequential Intercept maps",
                    keywords="Sequential Intercept Model, SIM mapping, statewide summary, rollup")
    doc.build(story, canvasmaker=ReportCanvas)
    return buffer.getvalue()


def _header(text: str, align: str = "left") -> Flowable:
    """A header cell; numeric columns are right-aligned like their numbers, heat-map columns centred."""
    base = st.report_styles().header_cell
    if align == "left":
        return para(text, base)
    alignment = TA_RIGHT if align == "right" else TA_CENTER
    return para(text, ParagraphStyle(f"header_{align}", parent=base, alignment=alignment))


def _where(names: tuple[str, ...], everyone: list[str]) -> str:
    """The communities as a list, or "all but ..." when that is shorter; long lists are cut."""
    missing = [n for n in everyone if n not in set(names)]
    if len(names) > NAMES_IN_CELL and len(missing) < len(names) // 2:
        if not missing:
            return f"all {len(everyone)} communities"
        return "all but " + _cut(missing)
    return _cut(list(names))


def _cut(names: list[str], limit: int = NAMES_IN_CELL) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" … and {len(names) - limit} more"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# ----------------------------------------------------------------------------------------- cover
def _cover(rollup: Rollup, title: str, today: date) -> list[Flowable]:
    s = st.report_styles()
    gaps = sum(c.gaps for c in rollup.communities)
    priorities = sum(c.priorities for c in rollup.communities)
    out: list[Flowable] = [Spacer(1, 1.3 * 72)]
    out.append(para(title, s.title))
    files = len(rollup.files())
    if files != len(rollup.communities):
        how = "every file counted" if rollup.all_years else "the latest workshop of each counted"
        out.append(para(f"{_plural(files, 'workshop file', 'workshop files')} read; {how}", s.subtitle))
    out.append(para(f"{_plural(len(rollup.communities), 'community', 'communities')} · "
                    f"{_plural(gaps, 'gap', 'gaps')} · {_plural(priorities, 'priority', 'priorities')} "
                    "for change", s.subtitle))
    out.append(para("Prepared", s.cover_label))
    out.append(para(f"{today:%d %B %Y}".lstrip("0"), s.cover_text))
    if rollup.themes:
        top = ", ".join(theme_label(t.theme) for t in rollup.themes[:3])
        out.append(para("Most common themes", s.cover_label))
        out.append(para(top, s.cover_text))
    out.append(para("Communities", s.cover_label))
    names = [c.name for c in rollup.communities]
    shown = " · ".join(names[:60]) + (f" … and {len(names) - 60} more (listed in section 5)"
                                      if len(names) > 60 else "")
    out.append(para(shown, s.cover_text))
    if rollup.skipped:
        out.append(para("Files skipped", s.cover_label))
        out.append(para(f"{_plural(len(rollup.skipped), 'file', 'files')} could not be read; "
                        "they are listed at the end.", s.cover_text))
    return out


# ----------------------------------------------------------------------------------------- themes
def _heading(text: str, key: str) -> Heading:
    return Heading(esc(text), st.report_styles().h1, key, text, 0)


def _table(rows: list[list[object]], widths: list[float], extra: list[tuple] | None = None,
           repeat: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=repeat, hAlign="LEFT")
    style = st.grid_table_style()
    for command in extra or []:
        style.add(*command)
    table.setStyle(style)
    return table


def _themes_section(rollup: Rollup) -> list[Flowable]:
    s = st.report_styles()
    out: list[Flowable] = [_heading("1. Themes across communities", "themes")]
    out.append(para("Each gap and resource can carry a theme (crisis services, housing, data sharing ...). "
                    "A theme counts in a community when one of its gaps or priorities for change carries "
                    "it. Priorities are the candidates in a community's top list with at least one vote, "
                    "and any candidate with an action plan.", s.note))
    rows = rollup.themes_with_unthemed()
    if not rows:
        out.append(para("No gaps or priorities in these files yet.", s.body))
        return out
    data: list[list[object]] = [[_header("Theme")] + [
        _header(h, "right") for h in ("Communities", "Gaps", "Priorities", "Resources")]]
    extra: list[tuple] = []
    for n, t in enumerate(rows, start=1):
        unthemed = t.theme == UNTHEMED
        name = "No theme (unthemed)" if unthemed else theme_label(t.theme)
        data.append([para(name, s.cell, italic=unthemed, bold=not unthemed and n <= 3),
                     para(str(len(t.communities)), s.cell_right), para(str(t.gaps), s.cell_right),
                     para(str(t.priorities), s.cell_right), para(str(t.resources), s.cell_right)])
        if unthemed:
            extra.append(("BACKGROUND", (0, n), (-1, n), st.ZEBRA))
    w = body_width()
    out.append(_table(data, [w - 4 * 76, 76, 76, 76, 76], extra))
    u = rollup.unthemed
    if u.gaps or u.priorities:
        out.append(Spacer(1, 6))
        verb = "has" if u.gaps + u.priorities == 1 else "have"
        out.append(para(f"Unthemed: {_plural(u.gaps, 'gap', 'gaps')} and "
                        f"{_plural(u.priorities, 'priority', 'priorities')} {verb} no theme, in "
                        f"{_plural(len(u.communities), 'community', 'communities')} "
                        f"({_cut(list(u.communities), 12)}). Give them a theme in the app's inspector (it "
                        "suggests one), or set the suggestions with the command line's themes FILE "
                        "--apply-suggestions, to count them with the others.", s.body))
    return out


# ----------------------------------------------------------------------------------------- common
def _common_section(rollup: Rollup, what: str, heading: str, by_theme: list[ThemeCount],
                    shared: list[SharedItem]) -> list[Flowable]:
    s = st.report_styles()
    w = body_width()
    everyone = [c.name for c in rollup.communities]
    out: list[Flowable] = [Spacer(1, 10), _heading(heading, f"common_{what}")]
    out.append(Heading(esc("By theme"), s.h2, f"common_{what}_theme", "By theme", 1))
    if not by_theme:
        out.append(para(f"No {what} carry a theme yet.", s.body))
    else:
        data: list[list[object]] = [[_header("Theme"), _header(what.capitalize(), "right"),
                                     _header("Communities", "right"), _header("Where")]]
        for t in by_theme:
            where = t.gap_communities if what == "gaps" else t.priority_communities
            count = t.gaps if what == "gaps" else t.priorities
            data.append([para(theme_label(t.theme), s.cell_bold), para(str(count), s.cell_right),
                         para(str(len(where)), s.cell_right), para(_where(where, everyone), s.cell_note)])
        out.append(_table(data, [150, 62, 78, w - 290]))
    out.append(Heading(esc("The same title in several communities"), s.h2, f"common_{what}_title",
                       "The same title in several communities", 1))
    if not shared:
        out.append(para(f"No {what[:-1] if what == 'gaps' else 'priority'} title appears in two or more "
                        "communities (titles are compared ignoring case, spacing and punctuation).", s.body))
        return out
    data = [[_header("Title"), _header("Theme"), _header("Communities", "right"), _header("Where")]]
    for item in shared[:SHARED_ROWS]:
        themes = ", ".join(theme_label(t) for t in item.themes) or "unthemed"
        data.append([para(item.title, s.cell_bold), para(themes, s.cell), para(str(len(item.communities)),
                     s.cell_right), para(_where(item.communities, everyone), s.cell_note)])
    out.append(_table(data, [170, 100, 78, w - 348]))
    if len(shared) > SHARED_ROWS:
        out.append(para(f"… and {len(shared) - SHARED_ROWS} more titles shared by two or more communities "
                        "(the command line's --json lists them all).", s.small))
    return out


# ----------------------------------------------------------------------------------------- heat map
def _heat_colour(value: int, top: int) -> colors.Color:
    if value <= 0 or top <= 0:
        return HEAT[0]
    step = 1 + (value - 1) * (len(HEAT) - 2) // max(1, top - 1) if top > 1 else len(HEAT) - 1
    return HEAT[min(len(HEAT) - 1, step)]


def _heat_map_section(rollup: Rollup) -> list[Flowable]:
    s = st.report_styles()
    out: list[Flowable] = [PageBreak(), _heading("4. Gaps per intercept", "heat_map")]
    out.append(para("How many gaps each community found at each intercept. The number in every cell is "
                    "the count; darker cells hold more gaps. X is the cross-intercept band. \u201cNot "
                    "mapped\u201d: the community's map has no such intercept (a five-intercept map has no "
                    "intercept 0), which is not the same as no gaps there.", s.note))
    intercepts = rollup.intercepts
    if not intercepts:
        out.append(para("No gaps in these files yet.", s.body))
        return out
    w = body_width()
    name_w = min(190.0, w - 40 * (len(intercepts) + 1))
    cell_w = (w - name_w) / (len(intercepts) + 1)
    header = [_header("Community")] + [
        _header("X" if i == CROSS_INTERCEPT else f"Int. {i}", "centre") for i in intercepts
    ] + [_header("Total", "centre")]
    data: list[list[object]] = [header]
    values = [[c.gaps_at(i) for i in intercepts] for c in rollup.communities]
    not_mapped = ParagraphStyle("not_mapped", parent=s.cell_note, alignment=TA_CENTER)
    top = max((v for row in values for v in row if v is not None), default=0)
    commands: list[tuple] = [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("INNERGRID", (1, 1), (-1, -1), 0.4, st.RULE),
                             ("FONTNAME", (1, 1), (-1, -1), s.cell.fontName),
                             ("FONTSIZE", (1, 1), (-1, -1), 9)]
    for r, (community, row) in enumerate(zip(rollup.communities, values, strict=True), start=1):
        data.append([para(community.name, s.cell),
                     *[para("not mapped", not_mapped) if v is None else str(v) for v in row],
                     str(sum(v for v in row if v is not None))])
        for c, v in enumerate(row, start=1):
            if v is None:
                commands.append(("BACKGROUND", (c, r), (c, r), st.ZEBRA))
                continue
            fill = _heat_colour(v, top)
            commands.append(("BACKGROUND", (c, r), (c, r), fill))
            if fill in HEAT[-2:]:
                commands.append(("TEXTCOLOR", (c, r), (c, r), colors.white))
            elif v == 0:  # zeros recede so that the counts stand out even in black and white
                commands.append(("TEXTCOLOR", (c, r), (c, r), st.MUTED))
    totals = rollup.gaps_per_intercept_total()
    last = len(data)
    data.append([para("All communities", s.cell_bold), *[str(totals[i]) for i in intercepts],
                 str(sum(totals.values()))])
    commands += [("FONTNAME", (1, last), (-1, last), s.cell_bold.fontName),
                 ("LINEABOVE", (0, last), (-1, last), 1.0, st.INK),
                 ("BACKGROUND", (0, last), (-1, last), st.ZEBRA),
                 ("FONTNAME", (-1, 1), (-1, -1), s.cell_bold.fontName)]
    table = Table(data, colWidths=[name_w] + [cell_w] * (len(intercepts) + 1), repeatRows=1, hAlign="LEFT")
    style = st.grid_table_style(zebra=False)
    for command in commands:
        style.add(*command)
    table.setStyle(style)
    out.append(table)
    out.append(Spacer(1, 6))
    out.append(_legend(top))
    return out


def _legend(top: int) -> Flowable:
    """A row of sample cells with the counts they stand for."""
    s = st.report_styles()
    if top <= 0:
        return para("No gaps.", s.small)
    if top <= 6:
        samples = list(range(1, top + 1))
    else:
        samples = sorted({1, top // 4, top // 2, 3 * top // 4, top} - {0})
    cells = [[para("Key: gaps in a cell", s.small)] + [str(v) for v in samples] + [""]]
    style = TableStyle([("ALIGN", (1, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("FONTNAME", (0, 0), (-1, -1), s.cell.fontName), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    for n, v in enumerate(samples, start=1):
        fill = _heat_colour(v, top)
        style.add("BACKGROUND", (n, 0), (n, 0), fill)
        style.add("BOX", (n, 0), (n, 0), 0.4, st.RULE)
        if fill in HEAT[-2:]:
            style.add("TEXTCOLOR", (n, 0), (n, 0), colors.white)
    table = Table(cells, colWidths=[90] + [28] * len(samples) + [10], hAlign="LEFT")
    table.setStyle(style)
    return table


# ----------------------------------------------------------------------------------------- files
def _file_cell(path: str, line: int | None = None, when: str = "") -> Flowable:
    """The file's name (and line) on top, its folder below in small print: long paths stay readable;
    ``when`` (the workshop's date) on a line of its own."""
    s = st.report_styles()
    p = Path(path)
    name = p.name + (f":{line}" if line is not None else "")
    folder = str(p.parent) if str(p.parent) not in ("", ".") else ""
    text = f"{esc(name)}" + (f"<br/><font size=7 color='#5F6B7A'>{esc(folder)}</font>" if folder else "")
    if when:
        text += f"<br/><font size=8>Workshop: {esc(when)}</font>"
    return markup(text, s.cell)


def _trends_section(rollup: Rollup) -> list[Flowable]:
    s = st.report_styles()
    trends = rollup.trends
    out: list[Flowable] = [Spacer(1, 10), _heading("5. Themes over the years", "trends")]
    out.append(para("Gaps per theme in the workshops of each year, from every file read (a community's "
                    "earlier workshops included), with the number of workshops held that year. A year "
                    "is the year of the workshop: its latest workshop date, else its report date, else "
                    "the day the file was last saved.", s.note))
    if len(trends.years) < 2:
        year = f" ({trends.years[0]})" if trends.years else ""
        out.append(para(f"All these workshops are from one year{year}: no trend to show yet.", s.body))
        return out
    w = body_width()
    years = trends.years[-8:]  # the latest eight years fit the page
    if len(years) < len(trends.years):
        out.append(para(f"The latest {len(years)} of {len(trends.years)} years are shown; the command "
                        "line's --json has them all.", s.small))
    year_w = 52.0
    name_w = w - year_w * len(years)
    data: list[list[object]] = [[_header("Theme")] + [_header(str(y), "right") for y in years]]
    data.append([para("Workshops that year", s.cell_bold)]
                + [para(str(trends.workshops.get(y, 0)), s.cell_right) for y in years])
    for t in trends.themes:
        unthemed = t.theme == UNTHEMED
        label = "No theme (unthemed)" if unthemed else theme_label(t.theme)
        data.append([para(label, s.cell, italic=unthemed)]
                    + [para(str(t.gaps.get(y, 0)), s.cell_right) for y in years])
    out.append(_table(data, [name_w] + [year_w] * len(years),
                      [("LINEBELOW", (0, 1), (-1, 1), 1.0, st.INK)]))
    return out


def _communities_section(rollup: Rollup) -> list[Flowable]:
    s = st.report_styles()
    w = body_width()
    out: list[Flowable] = [Spacer(1, 10), _heading("6. Communities and their files", "communities")]
    if rollup.all_years:
        out.append(para("Every file is counted as a community of its own (--all-years).", s.note))
    else:
        out.append(para("A community is counted once: its latest workshop. Its earlier workshops are listed "
                        "below it as history and counted only in the themes over the years.", s.note))
    data: list[list[object]] = [[_header("Community"), _header("File and workshop date")] + [
        _header(h, "right") for h in ("Gaps", "Resources", "Priorities")]]
    extra: list[tuple] = []
    for c in rollup.communities:
        data.append([para(c.name, s.cell_bold if c.history else s.cell),
                     _file_cell(c.file, when=_when(c.workshop_date, c.date_from)),
                     para(str(c.gaps), s.cell_right), para(str(c.resources), s.cell_right),
                     para(str(c.priorities), s.cell_right)])
        for h in reversed(c.history):  # newest first, under the one counted
            data.append([para("history (not counted)", s.small, italic=True),
                         _file_cell(h.file, when=_when(h.workshop_date, h.date_from)), "", "", ""])
            extra.append(("TEXTCOLOR", (0, len(data) - 1), (-1, len(data) - 1), st.MUTED))
    out.append(_table(data, [150, w - 150 - 3 * 62, 62, 62, 62], extra))
    return out


def _when(day: date | None, source: str) -> str:
    from ..model.rollup import DATE_SOURCES

    if day is None or day == date.min:
        return "no date"
    return f"{day:%d %B %Y}".lstrip("0") + f" ({DATE_SOURCES.get(source, source)})"


def _skipped_section(skipped: list[Problem]) -> list[Flowable]:
    s = st.report_styles()
    out: list[Flowable] = [Spacer(1, 10), _heading("7. Files skipped", "skipped")]
    if not skipped:
        out.append(para("None: every file named could be read.", s.body))
        return out
    out.append(para("These files could not be read and are not counted anywhere in this summary.", s.body))
    w = body_width()
    data: list[list[object]] = [[_header("File"), _header("Why")]]
    for p in skipped:
        where = _file_cell(p.file, p.line) if p.file else para("(no file)", s.cell)
        why = p.message.removeprefix("skipped: ")
        if p.field:
            why = f"{p.field}: {why}"
        data.append([where, para(why, s.cell)])
    out.append(KeepTogether([_table(data, [w * 0.45, w * 0.55])]) if len(data) < 8
               else _table(data, [w * 0.45, w * 0.55]))
    return out
