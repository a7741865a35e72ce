"""The Sequential Intercept Map as a reportlab Drawing: lanes, points, flows, resources, gaps, legend.

It draws the report's map pages, one ``View`` (lanes and rows of the map) at a time; ``map_pages``
decides which views go on which page (the whole map as SVG, and the PNG made from it, is ``map_svg``;
both take their sizes from ``map_style``).
Whatever the scale, no text is drawn smaller than ``MIN_TEXT_PT`` on paper: labels that would be are
either set at that size where they still fit (lane headers, point titles) or left out (chip titles and
counts on a whole-map overview, whose pages per intercept print them).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from ..model import map_geometry as g
from ..model.workshop import Workshop
from . import report_styles as st
from .map_layout import (
    BAND_LABEL_HEIGHT,
    CHIP_LEAD,
    CHIP_TEXT_LEFT,
    ELLIPSIS,
    FS_CHIP,
    MapLayout,
    PlacedChip,
    PlacedFlow,
    PlacedPoint,
    build_layout,
    fit_lines,
)
from .map_style import (
    FS_BAND,
    FS_FLOW,
    FS_LANE_LABEL,
    FS_LANE_NUM,
    FS_LANE_WORD,
    FS_ORG,
    FS_TITLE,
    LEGEND_PT,
    SMALLEST_FS,
)
from .pdf_fonts import FontSet, report_fonts
from .pdf_text import fit_prefix, plain, text_strings, text_width

# Text sizes in scene units (scaled with the map). The smallest sets the minimum scale on paper.
MIN_TEXT_PT = 8.0  # nothing on a printed map page is smaller than this (read at arm's length)
MIN_SCALE = MIN_TEXT_PT / SMALLEST_FS  # the readable scale: every label of the map at MIN_TEXT_PT or more
MAX_SCALE = 0.75  # a tiny map is not blown up to poster letters
FLOW_STRETCH = 1000.0  # scene units: flows are indexed by stretch of rows (see RowIndex)
CUT_STRIP = 32.0  # scene units above and below the rows of a map page cut from a taller map
# A lane page draws flows this far beyond its lane's edges: the gutters beside the lane, where flows
# run down to their rows, stopping short of the neighbouring lane's boxes (a flow reaching one of those
# is cut, and labelled, rather than seeming to arrive on this page).
REACH = g.LANE_PADDING - 4
FOLD = g.ROW_GAP  # how tall an empty stretch of lane is drawn on an intercept's page (see View.folds)
ARROW = 14.0  # an arrowhead's length in scene units
MIN_ARROW_PT = 1.5  # an arrowhead printed shorter than this is left out (an overview of thousands of items)
TINY_CHIP_PT = 6.0  # a chip printed shorter than this is drawn as a plain box, without its marker


@dataclass(frozen=True)
class View:
    """What one drawing shows: lanes ``[lane_from, lane_to)`` and scene rows ``[y0, y1)`` below the header."""

    lane_from: int
    lane_to: int
    y0: float
    y1: float
    pad: float = 0.0  # a strip above and below the rows, where flows leaving the page are labelled
    extent: float = 0.0  # where the drawn rows end: below y1 when items starting above y1 reach past it
    side: float = 0.0  # a strip left and right of the lanes, where flows to other lanes are labelled
    header: bool = True  # the lane headers on top (a view of the band alone has none)
    # Empty stretches of lane (top, bottom) drawn FOLD tall: an intercept's page leaves out the space
    # the map keeps so that points line up with their sources in other lanes. Sorted, apart.
    folds: tuple[tuple[float, float], ...] = ()

    def squeeze(self, y: float) -> float:
        """Scene ``y`` with the folds above it taken out (a monotone map: flows stay orthogonal)."""
        if not self.folds:
            return y
        tops, taken = self._fold_table
        # The folds whose top is above y: all but the last lie wholly above it (folds are apart), and
        # what they take out together was summed once; the last may hold y. A lane page's view has
        # every fold of its lane, so folding each y through them one by one made a long map quadratic
        # (30,000 items: 4.8 s of the report).
        above = bisect_left(tops, y)
        if not above:
            return y
        top, bottom = self.folds[above - 1]
        return (y - taken[above - 1]) - (min(y, bottom) - top) * (1 - FOLD / (bottom - top))

    @cached_property
    def _fold_table(self) -> tuple[list[float], list[float]]:
        return _fold_table(self.folds)

    @property
    def rows_height(self) -> float:
        """Height of the drawn rows in scene units, strips included and folds taken out."""
        return self.squeeze(self.bottom_edge) - self.squeeze(self.top_edge)

    @property
    def lane_page(self) -> bool:
        """True for a view of some lanes with strips beside them: flows leaving sideways are labelled."""
        return self.side > 0

    @property
    def top_edge(self) -> float:
        """Scene y of the top of the drawn rows, strip included."""
        return self.y0 - self.pad

    @property
    def bottom_edge(self) -> float:
        """Scene y of the bottom of the drawn rows, strip included."""
        return max(self.y1, self.extent) + self.pad


@lru_cache(maxsize=64)  # the views of one lane share its folds: made once for all its pages
def _fold_table(folds: tuple[tuple[float, float], ...]) -> tuple[list[float], list[float]]:
    """The folds' tops, and what the first n folds take out of a y below them, for n from 0."""
    cuts = [(bottom - top) * (1 - FOLD / (bottom - top)) for top, bottom in folds]
    return [top for top, _ in folds], [0.0, *accumulate(cuts)]


@lru_cache(maxsize=8192)  # bounded: the app exports again and again in one session
def _wrapped(text: str, font: str, size: float, width: float, max_lines: int) -> tuple[str, ...]:
    return tuple(fit_lines(text, font, size, width, max_lines))


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """``fit_lines``, remembered: lane labels and flow labels repeat on page after page."""
    return list(_wrapped(text, font, size, width, max_lines))


def new_drawing(width: float, height: float) -> Drawing:
    """An empty Drawing whose renderer starts in the report font (no unembedded Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = report_fonts().regular
    return d


# ---------------------------------------------------------------- the painter
class _Painter:
    """Draws scene items into a Group at a scale, for one view."""

    def __init__(self, layout: MapLayout, view: View, scale: float, left: float, top: float) -> None:
        self.layout, self.view, self.s = layout, view, scale
        self.left, self.top = left, top  # drawing coordinates of the view's top-left corner
        self.group = Group()
        self.fonts = report_fonts()
        self.x_min = g.lane_left(view.lane_from)
        self.x_max = g.lane_left(view.lane_to)
        # The smallest text size, in scene units, that prints at MIN_TEXT_PT or more at this scale.
        self.m = MIN_TEXT_PT / scale
        self.header_mode = False  # lane headers use their own rows at the top of every page
        head = g.LANE_HEADER_HEIGHT if view.header else 0.0
        self.y_origin = top - (head - view.squeeze(view.top_edge)) * scale  # Y() of scene y 0, folded
        self.labels: list[tuple[float, float, str, str, colors.Color]] = []  # x, y, "to"/"from", title
        # "left"/"right", y, what ("to Booking"), where ("Intercept 2, 1,200/yr"), colour
        self.side_labels: list[tuple[str, float, str, str, colors.Color]] = []
        self.exits: list[tuple[float, float]] = []  # where flows leave a lane page's sides
        # Yearly counts are drawn over the boxes: a flow between neighbouring lanes has a short visible
        # stretch, and a count half hidden under a box ("200/yr" for 1,200) would be misread.
        self.badges: list[tuple[list[tuple[float, float]], str, colors.Color]] = []

    def readable(self, size: float) -> bool:
        """Whether text of ``size`` scene units prints at MIN_TEXT_PT or more."""
        return size >= self.m - 1e-9

    # scene -> drawing coordinates (the header occupies scene y 0..LANE_HEADER_HEIGHT on every page)
    def X(self, x: float) -> float:  # noqa: N802 - reads like the maths
        return self.left + (x - self.x_min + self.view.side) * self.s

    def Y(self, y: float) -> float:  # noqa: N802
        if self.header_mode:
            return self.top - y * self.s
        return self.y_origin - self.view.squeeze(y) * self.s

    def rect(self, x: float, y: float, w: float, h: float, **kw: object) -> Rect:
        r = Rect(self.X(x), self.Y(y + h), w * self.s, self.Y(y) - self.Y(y + h), **kw)
        self.group.add(r)
        return r

    def text(self, x: float, y: float, s: str, font: str, size: float, colour: colors.Color,
             anchor: str = "start") -> None:
        """Baseline at scene (x, y)."""
        for shape in text_strings(self.X(x), self.Y(y), s, font, size * self.s, colour, anchor):
            self.group.add(shape)

    def visible(self, top: float, bottom: float, lane: int) -> bool:
        v = self.view
        # An item belongs to the page its top is on (pages of a tall map are cut between rows). The same
        # tolerance at both ends: a top just above a cut must not count for the pages on both sides.
        return v.lane_from <= lane < v.lane_to and v.y0 - 0.01 <= top < v.y1 - 0.01

    # ---- lanes and band
    def lanes(self) -> None:
        v, f = self.view, self.fonts
        content_bottom = min(v.bottom_edge, self.layout.lanes_bottom)
        for lane in range(v.lane_from, v.lane_to):
            x = g.lane_left(lane)
            fill = st.LANE_FILLS[lane % 2]
            if content_bottom > v.top_edge:
                self.rect(x, v.top_edge, g.LANE_WIDTH, content_bottom - v.top_edge, fillColor=fill,
                          strokeColor=None)
        if not v.header:
            return
        self.header_mode = True
        for lane in range(v.lane_from, v.lane_to):
            self._lane_header(lane, f)
        self.header_mode = False

    def _lane_header(self, lane: int, f: FontSet) -> None:
        lid, label = self.layout.lanes[lane]
        x = g.lane_left(lane)
        fill = st.LANE_FILLS[lane % 2]
        self.rect(x, 0, g.LANE_WIDTH, g.LANE_HEADER_HEIGHT, fillColor=fill, strokeColor=None)
        self.rect(x + 8, 8, g.LANE_WIDTH - 16, g.LANE_HEADER_HEIGHT - 18, fillColor=st.LANE_HEADER,
                  strokeColor=None, rx=6 * self.s, ry=6 * self.s)
        # At a small scale (a whole-map overview) the words are set at the smallest readable size.
        word = max(FS_LANE_WORD, self.m)
        big = max(FS_LANE_NUM, self.m)
        if big > g.LANE_HEADER_HEIGHT - 30:
            return  # a header too small for any readable text: the page references above name the lanes
        num = fit_prefix(plain(lid), f.bold, big, 110)
        # Only where it reads at its own size: on an overview the number and label say it alone.
        word_fits = self.readable(FS_LANE_WORD)
        if word_fits:
            self.text(x + 20, 8 + word * 1.3, "INTERCEPT", f.bold, word, colors.white)
        self.text(x + 20, 88, num, f.bold, big, colors.white)
        label_x = x + 20 + max(text_width("INTERCEPT", f.bold, word) if word_fits else 0.0,
                               text_width(num, f.bold, big)) + 14
        room = x + g.LANE_WIDTH - 20 - label_x
        size = max(FS_LANE_LABEL, self.m)
        most = max(0, min(3, int((g.LANE_HEADER_HEIGHT - 24) // (size * 1.15))))
        if most == 0:
            return
        if size > FS_LANE_LABEL:  # an overview: a word broken at this size would read as two
            longest = max((text_width(w, f.bold, size) for w in plain(label).split()), default=0.0)
            if longest > room:
                return  # no room for the label at a readable size, unbroken: the number stands alone
        lines = wrap(label, f.bold, size, room, most)
        if lines[-1].endswith(ELLIPSIS) and size == FS_LANE_LABEL and self.readable(SMALLEST_FS):
            size, lines = SMALLEST_FS, wrap(label, f.bold, SMALLEST_FS, room, 4)  # a long state label
        lead = size * 1.15
        first = (g.LANE_HEADER_HEIGHT - 10) / 2 - lead * len(lines) / 2 + size * 0.95
        for n, line in enumerate(lines):
            self.text(label_x, first + n * lead, line, f.bold, size, colors.white)

    def band(self) -> None:
        b, v = self.layout.band, self.view
        top, bottom = max(b.y, v.top_edge), min(b.bottom, v.bottom_edge)
        if bottom <= top:
            return
        x0, x1 = self.x_min, self.x_max
        self.rect(x0 + 4, top, x1 - x0 - 8, bottom - top, fillColor=st.CROSS_FILL,
                  strokeColor=st.CROSS_EDGE, strokeWidth=2 * self.s)
        if b.y >= v.y0:
            label = plain(self.layout.cross_label) or "Cross-intercept"
            if self.view.lane_from > 0:
                label += " (continued)"
            size = max(FS_BAND, self.m)
            if size * 1.1 <= BAND_LABEL_HEIGHT + 10:
                text = fit_prefix(label, self.fonts.bold, size, x1 - x0 - 40)
                self.text(x0 + 20, b.y + BAND_LABEL_HEIGHT * 0.66, text, self.fonts.bold, size, st.INK)

    # ---- items
    def point(self, pp: PlacedPoint) -> None:
        b, f, p = pp.box, self.fonts, pp.point
        self.rect(b.x, b.y, b.w, b.h, fillColor=st.POINT_FILL, strokeColor=st.POINT_EDGE,
                  strokeWidth=1.5 * self.s, rx=8 * self.s, ry=8 * self.s)
        if not self.readable(FS_TITLE):
            # An overview: the title alone, at the smallest readable size, as many lines as the box holds.
            size = self.m
            most = int((b.h - 8) // (size * 1.18))
            if most < 1:
                return
            lines = [(t, f.bold, size) for t in wrap(p.title, f.bold, size, b.w - 16, most)]
        else:
            # The layout wrapped the whole title and sized the box to hold it and the organisation.
            lines = [(t, f.bold, FS_TITLE) for t in pp.lines] + [(t, f.regular, FS_ORG) for t in pp.org_lines]
        lead = [size * 1.18 for _, _, size in lines]
        y = b.cy - sum(lead) / 2
        for (t, font, size), dy in zip(lines, lead, strict=True):
            y += dy
            self.text(b.x + 12, y - size * 0.22, t, font, size, colors.white)

    def chip(self, pc: PlacedChip) -> None:
        b, f, s = pc.box, self.fonts, self.s
        mx, my = b.x + 17, b.cy
        if pc.finding.kind == "resource":
            # A grown chip keeps the one-line pill's round ends rather than turning into an oval.
            r = min(b.h, g.CHIP_HEIGHT) / 2 * s
            self.rect(b.x, b.y, b.w, b.h, fillColor=st.RESOURCE_FILL, strokeColor=st.RESOURCE,
                      strokeWidth=1.6 * s, rx=r, ry=r)
            self.group.add(_circle(self.X(mx), self.Y(my), 11 * s, st.RESOURCE))
            mark = "+"
        else:
            r = self.rect(b.x, b.y, b.w, b.h, fillColor=st.GAP_FILL, strokeColor=st.GAP, strokeWidth=1.6 * s)
            r.strokeDashArray = [6 * s, 3 * s]
            self.group.add(Polygon([self.X(mx - 12), self.Y(my + 10), self.X(mx + 12), self.Y(my + 10),
                                    self.X(mx), self.Y(my - 12)], fillColor=st.GAP, strokeColor=None))
            mark = "!"
        if not self.readable(FS_CHIP):
            return  # an overview: the chip's shape and marker say resource or gap; its page says what
        self.text(mx, my + FS_CHIP * 0.36, mark, f.bold, FS_CHIP, colors.white, anchor="middle")
        # The lines were wrapped by the layout, which sized the chip to hold them; centred as a block.
        first = my - CHIP_LEAD * (len(pc.lines) - 1) / 2 + FS_CHIP * 0.36
        for n, line in enumerate(pc.lines):
            self.text(b.x + CHIP_TEXT_LEFT, first + n * CHIP_LEAD, line, f.regular, FS_CHIP, st.INK)

    def chips(self, chips: list[PlacedChip]) -> None:
        """Draw the chips that belong to this view (as plain bars on a large map's overview)."""
        # Where a chip prints shorter than TINY_CHIP_PT, each run of resources or gaps under a point is
        # one bar: the markers would be specks, fill and dashes still tell resources from gaps, and the
        # drawing of thousands of chips stays small.
        mine = [pc for pc in chips if self.visible(pc.box.y, pc.box.bottom, pc.lane)]
        if not mine or min(pc.box.h for pc in mine) * self.s >= TINY_CHIP_PT:
            for pc in mine:
                self.chip(pc)
            return
        runs: list[list[PlacedChip]] = []
        for pc in sorted(mine, key=lambda pc: (pc.lane, pc.box.y)):
            last = runs[-1][-1] if runs else None
            if (last is not None and last.lane == pc.lane and last.finding.kind == pc.finding.kind
                    and last.finding.point_id == pc.finding.point_id
                    and pc.box.y - last.box.bottom <= g.CHIP_GAP + 1):
                runs[-1].append(pc)
            else:
                runs.append([pc])
        s = self.s
        for run in runs:
            b, gap = run[0].box, run[0].finding.kind == "gap"
            r = self.rect(b.x, b.y, b.w, run[-1].box.bottom - b.y, fillColor=st.GAP_FILL if gap else
                          st.RESOURCE_FILL, strokeColor=st.GAP if gap else st.RESOURCE, strokeWidth=1.6 * s)
            if gap:
                r.strokeDashArray = [6 * s, 3 * s]

    def flow(self, pf: PlacedFlow) -> None:
        v = self.view
        reach = REACH if v.lane_page else 0.0
        pieces = _clip_path(pf.path, self.x_min - reach, self.x_max + reach, v.top_edge, v.bottom_edge)
        if not pieces:
            return
        s = self.s
        colour = st.BACK_FLOW if pf.backward else st.FLOW
        for piece in pieces:
            line = PolyLine([c for x, y in piece for c in (self.X(x), self.Y(y))], strokeColor=colour,
                            strokeWidth=2.4 * s, strokeLineJoin=1)
            if pf.backward:
                line.strokeDashArray = [8 * s, 5 * s]
            self.group.add(line)
        end, end_prev = pf.path[-1], pf.path[-2]
        if pieces[-1][-1] == end and ARROW * s >= MIN_ARROW_PT:  # not a speck on a large map's overview
            self.group.add(_arrowhead(self, end_prev, end, colour))
        count = pf.flow.yearly_count
        # A flow leaving the page says where it goes (beside a lane page's lane, or in a cut strip).
        leaves, enters = pieces[-1][-1] != end, pieces[0][0] != pf.path[0]
        self.exits += [pieces[-1][-1]] if leaves else []
        self.exits += [pieces[0][0]] if enters else []
        if leaves and not self._side_label(pieces[-1][-1], "to", pf.source, pf.target, count, colour):
            self._cut_label(pieces[-1][-1], "to", plain(pf.target.point.title), colour)
        if enters and not self._side_label(pieces[0][0], "from", pf.target, pf.source, count, colour):
            self._cut_label(pieces[0][0], "from", plain(pf.source.point.title), colour)
        if count is not None and pieces[0][0] == pf.path[0] and pieces[-1][-1] == end:
            self.badges.append((pf.path, f"{count:,}/yr", colour))

    def _side_label(self, at: tuple[float, float], word: str, own: PlacedPoint, other: PlacedPoint,
                    count: int | None, colour: colors.Color) -> bool:
        """On a lane page, remember the label of a flow from ``own`` to ``other`` in another lane."""
        # Where the line leaves the page's side, so the line runs on into its label; a flow that runs
        # off the lane's rows in the gutter first is labelled beside own's row, on the side it runs
        # in. False elsewhere: the flow is then labelled in a cut strip.
        v = self.view
        x, y = at
        if not v.lane_page or v.lane_from <= other.lane < v.lane_to:
            return False
        edge = "left" if x < (self.x_min + self.x_max) / 2 else "right"
        if abs(x - (self.x_min - REACH if edge == "left" else self.x_max + REACH)) >= 1:
            if not self.visible(own.box.y, own.box.bottom, own.lane):
                return False
            y = own.box.cy
        lid = self.layout.lanes[other.lane][0]
        where = f"Intercept {plain(lid)}" + (f", {count:,}/yr" if count is not None else "")
        label = (edge, y, f"{word} {plain(other.point.title)}", where, colour)
        if label not in self.side_labels:  # two flows between the same points read as one
            self.side_labels.append(label)
        return True

    def draw_side_labels(self) -> None:
        """Draw the labels of flows to and from other lanes in the strips beside a lane page's lane."""
        f, v, s = self.fonts, self.view, self.s
        size = FS_FLOW * s  # in drawing coordinates from here: lines stack evenly across folds too
        lead = size * 1.15
        room = v.side - REACH - 14
        top, floor = self.Y(v.top_edge) - size, self.Y(v.bottom_edge) + size * 0.3  # baselines' range
        for edge in ("left", "right"):
            placed: list[tuple[float, float, list[str], colors.Color]] = []  # row y, first baseline
            below = top  # the next free baseline: labels never overlap, in the order of their rows
            for _, y, text, where, colour in sorted((lab for lab in self.side_labels if lab[0] == edge),
                                                    key=lambda lab: lab[1]):
                # The intercept on a line of its own, so that a wrapped title never splits it.
                lines = (wrap(text, f.italic, FS_FLOW, room, 3)
                         + wrap(where, f.italic, FS_FLOW, room, 1))
                first = min(self.Y(y) + lead * (len(lines) - 1) / 2 - size * 0.35, below)
                placed.append((y, first, lines, colour))
                below = first - len(lines) * lead - size * 0.3
            # A stack pushed below the lane's end (many flows from the last point) moves up as a whole,
            # as far as the top of the lane allows.
            last = below + size * 0.3 + lead  # the baseline of the stack's last line
            lift = min(max(0.0, floor - last), max(0.0, top - max((p[1] for p in placed), default=top)))
            x, anchor = ((self.x_min - REACH - 8, "end") if edge == "left" else
                         (self.x_max + REACH + 8, "start"))
            for y, first, lines, colour in placed:
                for n, line in enumerate(lines):
                    for shape in text_strings(self.X(x), first + lift - n * lead, line, f.italic, size,
                                              colour, anchor):
                        self.group.add(shape)
                # The flow's line runs on to its label where it leaves level with its point.
                if any(abs(px - (self.x_max + REACH if edge == "right" else self.x_min - REACH)) < 1
                       and abs(py - y) < 1 for px, py in self.exits):
                    inner, outer = ((self.x_max + REACH, x - 3) if edge == "right" else
                                    (self.x_min - REACH, x + 3))
                    self.group.add(Line(self.X(inner), self.Y(y), self.X(outer), self.Y(y),
                                        strokeColor=colour, strokeWidth=2.4 * s))

    def _cut_label(self, at: tuple[float, float], word: str, title: str, colour: colors.Color) -> None:
        """Remember a label for a flow cut by the page edge; drawn in the strip, after the items."""
        x, y = at
        v = self.view
        if v.pad <= 0:
            return
        if abs(y - v.bottom_edge) < 1:
            y = v.bottom_edge - v.pad * 0.3
        elif abs(y - v.top_edge) < 1:
            y = v.top_edge + v.pad * 0.8
        else:
            return  # cut at a side: the lane header already says where the next lanes are
        self.labels.append((x, y, word, title, colour))

    def cut_labels(self) -> None:
        """Draw the labels of flows that leave or enter the page, one per lane edge and direction."""
        f = self.fonts
        if not self.readable(FS_FLOW):
            return
        groups: dict[tuple[float, int], list[tuple[float, str, str, colors.Color]]] = {}
        for x, y, word, title, colour in self.labels:
            # Flows crossing the page edge within one lane's left part share one label.
            lane = int((x + g.LANE_PADDING) // g.LANE_WIDTH)
            groups.setdefault((y, lane), []).append((x, word, title, colour))
        for (y, _), members in groups.items():
            x = min(m[0] for m in members)
            titles = list(dict.fromkeys(m[2] for m in members))
            text = f"{members[0][1]} {', '.join(titles)}"
            label = wrap(text, f.italic, FS_FLOW, g.POINT_WIDTH, 1)[0]
            x = min(x + 4, self.x_max - text_width(label, f.italic, FS_FLOW) - 4)
            self.text(max(self.x_min + 4, x), y, label, f.italic, FS_FLOW, members[0][3])

    def draw_badges(self) -> None:
        """Draw the yearly counts of the flows, over everything else."""
        if not self.readable(FS_FLOW):
            return  # an overview: the counts are printed with each intercept's page
        for path, text, colour in self.badges:
            self._badge(path, text, colour)

    def _badge(self, path: list[tuple[float, float]], text: str, colour: colors.Color) -> None:
        seg = max(zip(path, path[1:], strict=False),
                  key=lambda ab: abs(ab[0][0] - ab[1][0]) + abs(ab[0][1] - ab[1][1]))
        # In drawing coordinates: the middle of a folded stretch is still the middle on paper.
        s = self.s
        cx = (self.X(seg[0][0]) + self.X(seg[1][0])) / 2
        cy = (self.Y(seg[0][1]) + self.Y(seg[1][1])) / 2
        w = (text_width(text, self.fonts.bold, FS_FLOW) + 10) * s
        self.group.add(Rect(cx - w / 2, cy - FS_FLOW * 0.7 * s, w, FS_FLOW * 1.4 * s, fillColor=colors.white,
                            strokeColor=colour, strokeWidth=1.2 * s, rx=4 * s, ry=4 * s))
        for shape in text_strings(cx, cy - FS_FLOW * 0.36 * s, text, self.fonts.bold, FS_FLOW * s, colour,
                                  "middle"):
            self.group.add(shape)


def _circle(cx: float, cy: float, r: float, fill: colors.Color) -> Circle:
    return Circle(cx, cy, r, fillColor=fill, strokeColor=None)


def _arrowhead(p: _Painter, a: tuple[float, float], b: tuple[float, float], colour: colors.Color) -> Polygon:
    """A filled triangle at ``b`` pointing along the (axis-aligned) segment from ``a``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / n, dy / n
    length, half = ARROW, ARROW / 2
    bx, by = b[0] - ux * length, b[1] - uy * length
    pts = [b, (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    return Polygon([c for x, y in pts for c in (p.X(x), p.Y(y))], fillColor=colour, strokeColor=None)


def _clip_path(path: list[tuple[float, float]], x0: float, x1: float, y0: float,
               y1: float) -> list[list[tuple[float, float]]]:
    """The parts of an axis-aligned polyline inside the rectangle, as separate polylines."""
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for (ax, ay), (bx, by) in zip(path, path[1:], strict=False):
        clipped = _clip_segment(ax, ay, bx, by, x0, x1, y0, y1)
        if clipped is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = clipped
        if current and current[-1] != start:
            pieces.append(current)
            current = []
        if not current:
            current = [start]
        current.append(end)
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) >= 2]


def _clip_segment(ax: float, ay: float, bx: float, by: float, x0: float, x1: float, y0: float,
                  y1: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Liang-Barsky clipping of one segment to a rectangle."""
    t0, t1 = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return (ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)


# ---------------------------------------------------------------- legend
_LEGEND = [("point", "Decision point"), ("resource", "Resource (what works)"),
           ("gap", "Gap (what is missing)"), ("flow", "Flow of people"), ("back", "Flow looping back"),
           ("band", "Cross-intercept")]


def _legend_entries(fs: float, max_width: float) -> list[tuple[str, str, float, int]]:
    """Each entry of the key with its x and row: rows wrap at ``max_width`` (a narrow lane page)."""
    f = report_fonts()
    out: list[tuple[str, str, float, int]] = []
    x, row = 0.0, 0
    for kind, label in _LEGEND:
        w = fs * 3.1 + text_width(label, f.regular, fs)
        if x > 0 and x + w > max_width:
            x, row = 0.0, row + 1
        out.append((kind, label, x, row))
        x += w + fs * 1.8
    return out


def legend_height(fs: float, max_width: float) -> float:
    """How tall the key is at text size ``fs`` in ``max_width`` (one row: ``fs * 3``)."""
    rows = 1 + max(row for *_, row in _legend_entries(fs, max_width))
    return fs * 1.2 + rows * fs * 1.8


def _legend(fs: float, max_width: float = float("inf")) -> tuple[Group, float]:
    """The key to the map in rows of text size ``fs``, top row at y 0 going down; returns its width."""
    f = report_fonts()
    grp = Group()
    right = 0.0
    for kind, label, x, row in _legend_entries(fs, max_width):
        mid = -row * fs * 1.8
        if kind == "point":
            grp.add(Rect(x, mid - fs * 0.7, fs * 2.6, fs * 1.4, rx=2, ry=2, fillColor=st.POINT_FILL,
                         strokeColor=None))
        elif kind == "resource":
            grp.add(Rect(x, mid - fs * 0.7, fs * 2.6, fs * 1.4, rx=fs * 0.7, ry=fs * 0.7,
                         fillColor=st.RESOURCE_FILL, strokeColor=st.RESOURCE, strokeWidth=0.8))
            grp.add(_circle(x + fs * 0.7, mid, fs * 0.5, st.RESOURCE))
            grp.add(String(x + fs * 0.7, mid - fs * 0.3, "+", fontName=f.bold, fontSize=fs,
                           fillColor=colors.white, textAnchor="middle"))
        elif kind == "gap":
            r = Rect(x, mid - fs * 0.7, fs * 2.6, fs * 1.4, fillColor=st.GAP_FILL, strokeColor=st.GAP,
                     strokeWidth=0.8)
            r.strokeDashArray = [fs * 0.25, fs * 0.12]
            grp.add(r)
            grp.add(Polygon([x + fs * 0.2, mid - fs * 0.45, x + fs * 1.2, mid - fs * 0.45, x + fs * 0.7,
                             mid + fs * 0.55], fillColor=st.GAP, strokeColor=None))
            grp.add(String(x + fs * 0.7, mid - fs * 0.35, "!", fontName=f.bold, fontSize=fs,
                           fillColor=colors.white, textAnchor="middle"))
        elif kind in ("flow", "back"):
            colour = st.BACK_FLOW if kind == "back" else st.FLOW
            line = Line(x, mid, x + fs * 2.2, mid, strokeColor=colour, strokeWidth=1.2)
            if kind == "back":
                line.strokeDashArray = [fs * 0.4, fs * 0.25]
            grp.add(line)
            grp.add(Polygon([x + fs * 2.6, mid, x + fs * 2.0, mid + fs * 0.35, x + fs * 2.0, mid - fs * 0.35],
                            fillColor=colour, strokeColor=None))
        else:
            grp.add(Rect(x, mid - fs * 0.7, fs * 2.6, fs * 1.4, fillColor=st.CROSS_FILL,
                         strokeColor=st.CROSS_EDGE, strokeWidth=0.8))
        grp.add(String(x + fs * 3.1, mid - fs * 0.35, label, fontName=f.regular, fontSize=fs,
                       fillColor=st.INK))
        right = max(right, x + fs * 3.1 + text_width(label, f.regular, fs))
    return grp, right


# ---------------------------------------------------------------- public
class RowIndex:
    """Items sorted by row, so that each page of a long map looks only at its own items."""

    def __init__(self, layout: MapLayout) -> None:
        self.points = sorted(layout.points, key=lambda pp: pp.box.y)
        self.point_tops = [pp.box.y for pp in self.points]
        self.chips = sorted(layout.chips, key=lambda pc: pc.box.y)
        self.chip_tops = [pc.box.y for pc in self.chips]
        self.flows = [(min(y for _, y in pf.path), max(y for _, y in pf.path), pf) for pf in layout.flows]
        self.by_lane: dict[int, list[tuple[float, float, PlacedFlow]]] = {}  # flows with an end in a lane
        # Flows by stretch of rows (all lanes, and per lane of an end), so that a page looks only at the
        # flows near its rows: scanning every flow for every page made a long report quadratic.
        self._rows: dict[int, list[int]] = {}
        self._lane_rows: dict[tuple[int, int], list[int]] = {}
        for index, entry in enumerate(self.flows):
            pf = entry[2]
            lanes = {pf.source.lane, pf.target.lane}
            for lane in lanes:
                self.by_lane.setdefault(lane, []).append(entry)
            for stretch in range(_stretch(entry[0]), _stretch(entry[1]) + 1):
                self._rows.setdefault(stretch, []).append(index)
                for lane in lanes:
                    self._lane_rows.setdefault((lane, stretch), []).append(index)

    def points_in(self, view: View) -> list[PlacedPoint]:
        """Points whose top lies in the view's rows."""
        return self.points[bisect_left(self.point_tops, view.y0 - 1):bisect_left(self.point_tops, view.y1)]

    def chips_in(self, view: View) -> list[PlacedChip]:
        """Chips whose top lies in the view's rows."""
        return self.chips[bisect_left(self.chip_tops, view.y0 - 1):bisect_left(self.chip_tops, view.y1)]

    def flows_in(self, view: View) -> list[PlacedFlow]:
        """Flows whose path reaches into the view's rows (on a lane page: with an end in its lanes)."""
        # A flow passing through a lane is drawn on the overview and on its ends' pages. In the order a
        # scan of every flow gives: by layout order; on a lane page by its first lane there, then layout.
        stretches = range(_stretch(view.top_edge), _stretch(view.bottom_edge) + 1)
        found: set[int] = set()
        if view.lane_page:
            for lane in range(view.lane_from, view.lane_to):
                for stretch in stretches:
                    found.update(self._lane_rows.get((lane, stretch), ()))
        else:
            for stretch in stretches:
                found.update(self._rows.get(stretch, ()))
        flows = self.flows
        hits = [i for i in found if flows[i][0] <= view.bottom_edge and flows[i][1] >= view.top_edge]
        if view.lane_page:
            inside = range(view.lane_from, view.lane_to)

            def first_lane(i: int) -> int:
                pf = flows[i][2]
                return min(lane for lane in (pf.source.lane, pf.target.lane) if lane in inside)

            hits.sort(key=lambda i: (first_lane(i), i))
        else:
            hits.sort()
        return [flows[i][2] for i in hits]


def _stretch(y: float) -> int:
    """Which stretch of ``FLOW_STRETCH`` rows ``y`` lies in (flows are indexed by stretch)."""
    return int(y // FLOW_STRETCH)


def render_view(layout: MapLayout, view: View, scale: float, caption: str = "", width: float | None = None,
                index: RowIndex | None = None, fs: float = LEGEND_PT, legend: bool = True) -> Drawing:
    """One drawing of ``view`` at ``scale``, with the legend (unless not wanted) and ``caption`` under it."""
    f = report_fonts()
    width = (g.map_width(view.lane_to - view.lane_from) + 2 * view.side) * scale if width is None else width
    head = g.LANE_HEADER_HEIGHT if view.header else 0.0
    content_h = (head + view.rows_height) * scale
    foot = (legend_height(fs, width) if legend else fs * 0.6) + (fs * 1.4 if caption else 0.0)
    d = new_drawing(width, content_h + foot)
    # An opaque page: a transparent image on a dark slide would hide the legend's dark text.
    d.add(Rect(0, 0, width, content_h + foot, fillColor=colors.white, strokeColor=None))
    p = _Painter(layout, view, scale, 0.0, content_h + foot)
    p.lanes()
    p.band()
    index = index or RowIndex(layout)
    for pf in index.flows_in(view):
        p.flow(pf)  # under the boxes, so a flow crossing a lane passes behind its points
    for pp in index.points_in(view):
        if p.visible(pp.box.y, pp.box.bottom, pp.lane):
            p.point(pp)
    p.chips(index.chips_in(view))
    p.cut_labels()
    p.draw_side_labels()
    p.draw_badges()
    d.add(p.group)
    if legend:
        key, _ = _legend(fs, width)
        key.transform = (1, 0, 0, 1, 0, foot - fs * 1.3)
        d.add(key)
    if caption:
        for shape in text_strings(0, fs * 0.4, fit_prefix(caption, f.italic, fs, width), f.italic, fs,
                                  st.MUTED):
            d.add(shape)
    return d


def map_page_drawings(ws: Workshop, width: float, height: float) -> list[Drawing]:
    """The map for pages of ``width`` x ``height`` points, one drawing per page (see ``map_pages``)."""
    from .map_pages import plan_map_pages

    plan = plan_map_pages(build_layout(ws), width, height)
    return [page.render(plan) for page in plan.pages]
