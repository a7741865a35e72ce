"""How the map looks, shared by its two renderers: the reportlab drawing (PDF pages) and the SVG (SVG, PNG).

Everything here is in scene units (``model/map_geometry``, y growing downwards) and renderer-neutral:
text sizes, strokes, and the map's *marks* (boxes, dots, filled shapes, lines and text placed in scene
coordinates) for a lane header, a point, a chip, an arrowhead, a yearly count and the legend. Each
renderer turns marks into its own shapes, so the PDF and the SVG draw the same words at the same places
and a change of look is made once.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from reportlab.lib import colors
from reportlab.lib.colors import Color

from ..model import map_geometry as g
from . import report_styles as st
from .map_layout import (
    BAND_LABEL_HEIGHT,
    CHIP_LEAD,
    CHIP_TEXT_LEFT,
    ELLIPSIS,
    FS_CHIP,
    FS_POINT_ORG,
    FS_POINT_TITLE,
    MapLayout,
    PlacedChip,
    PlacedPoint,
    fit_lines,
)
from .pdf_fonts import report_fonts
from .pdf_text import fit_prefix, plain, text_width

# Text sizes in scene units (scaled with the map). The smallest sets the minimum scale on paper.
FS_TITLE = FS_POINT_TITLE  # the layout wraps point titles at these sizes
FS_ORG = FS_POINT_ORG
FS_FLOW = 17.0
FS_LANE_WORD = 14.0 * 1.25
FS_LANE_NUM = 48.0
FS_LANE_LABEL = 19.0
FS_BAND = 22.0
SMALLEST_FS = min(FS_TITLE, FS_ORG, FS_CHIP, FS_FLOW, FS_LANE_WORD, FS_LANE_LABEL, FS_BAND)
LEGEND_PT = 8.0  # the legend's smallest text size (points on paper, scene units in the image)
IMAGE_MARGIN = 24.0  # scene units of white around the whole-map image, so a slide does not crop it

# Strokes and corners in scene units.
POINT_STROKE = 1.5
POINT_RADIUS = 8.0
CHIP_STROKE = 1.6
GAP_DASH = (6.0, 3.0)
FLOW_STROKE = 2.4
BACK_FLOW_DASH = (8.0, 5.0)
BAND_STROKE = 2.0
BAND_INSET = 4.0  # the band's frame sits inside the map's outer edges
HEADER_RADIUS = 6.0
BADGE_STROKE = 1.2
BADGE_RADIUS = 4.0
ARROW_LENGTH = 14.0
ARROW_HALF_WIDTH = 7.0

Font = Literal["regular", "bold", "italic"]
Point = tuple[float, float]


class Box(NamedTuple):
    """A filled rectangle (rounded by ``radius``), optionally outlined (dashed by ``dash``)."""

    x: float
    y: float
    w: float
    h: float
    fill: Color | None
    stroke: Color | None = None
    stroke_width: float = 0.0
    radius: float = 0.0
    dash: tuple[float, float] | None = None


class Dot(NamedTuple):
    """A filled circle."""

    cx: float
    cy: float
    r: float
    fill: Color


class Shape(NamedTuple):
    """A filled polygon, no outline."""

    points: tuple[Point, ...]
    fill: Color


class Stroke(NamedTuple):
    """An open polyline (dashed by ``dash``)."""

    points: tuple[Point, ...]
    colour: Color
    width: float
    dash: tuple[float, float] | None = None


class Text(NamedTuple):
    """One line of text with its baseline at (x, y); ``anchor`` is start, middle or end."""

    x: float
    y: float
    text: str
    font: Font
    size: float
    colour: Color
    anchor: str = "start"


Mark = Box | Dot | Shape | Stroke | Text


def font_name(font: Font) -> str:
    """The registered reportlab font for a text mark's ``font``."""
    fonts = report_fonts()
    return {"regular": fonts.regular, "bold": fonts.bold, "italic": fonts.italic}[font]


# ---------------------------------------------------------------- lanes and band
def lane_title(lane_id: str, label: str) -> str:
    """What a lane is called in full: "Intercept 1: Law Enforcement"."""
    lane_id, label = plain(lane_id).strip(), " ".join(plain(label).split())
    return f"Intercept {lane_id}: {label}" if label else f"Intercept {lane_id}"


def lane_header_marks(lane: int, lane_id: str, label: str) -> list[Mark]:
    """The dark header of lane ``lane``: "INTERCEPT", the intercept's number and its label (wrapped)."""
    f = report_fonts()
    x = g.lane_left(lane)
    marks: list[Mark] = [
        Box(x + 8, 8, g.LANE_WIDTH - 16, g.LANE_HEADER_HEIGHT - 18, st.LANE_HEADER, radius=HEADER_RADIUS),
        Text(x + 20, 34, "INTERCEPT", "bold", FS_LANE_WORD, colors.white),
    ]
    num = fit_prefix(plain(lane_id), f.bold, FS_LANE_NUM, 110)
    marks.append(Text(x + 20, 88, num, "bold", FS_LANE_NUM, colors.white))
    label_x = x + 20 + max(text_width("INTERCEPT", f.bold, FS_LANE_WORD),
                           text_width(num, f.bold, FS_LANE_NUM)) + 14
    room = x + g.LANE_WIDTH - 20 - label_x
    size, lines = FS_LANE_LABEL, fit_lines(label, f.bold, FS_LANE_LABEL, room, 3)
    if lines[-1].endswith(ELLIPSIS):  # a long state label: a fourth, slightly smaller line
        size, lines = SMALLEST_FS, fit_lines(label, f.bold, SMALLEST_FS, room, 4)
    lead = size * 1.15
    first = (g.LANE_HEADER_HEIGHT - 10) / 2 - lead * len(lines) / 2 + size * 0.95
    marks += [Text(label_x, first + n * lead, line, "bold", size, colors.white)
              for n, line in enumerate(lines)]
    return marks


def band_box(x0: float, x1: float, top: float, bottom: float) -> Box:
    """The cross-intercept band's frame between scene x ``x0`` and ``x1``, rows ``top`` to ``bottom``."""
    return Box(x0 + BAND_INSET, top, x1 - x0 - 2 * BAND_INSET, bottom - top, st.CROSS_FILL, st.CROSS_EDGE,
               BAND_STROKE)


def band_label(layout: MapLayout, x0: float, x1: float, continued: bool = False) -> Text:
    """The band's title at its top left, cut to the band's width."""
    label = plain(layout.cross_label) or "Cross-intercept"
    if continued:
        label += " (continued)"
    text = fit_prefix(label, report_fonts().bold, FS_BAND, x1 - x0 - 40)
    return Text(x0 + 20, layout.band.y + BAND_LABEL_HEIGHT * 0.66, text, "bold", FS_BAND, st.INK)


# ---------------------------------------------------------------- points and chips
def point_marks(pp: PlacedPoint) -> list[Mark]:
    """A decision point: its box, then its title (and organisation) centred in the box as a block.

    The lines are the layout's own: it wrapped the whole title (print cuts no title short) and sized
    the box to hold it.
    """
    b = pp.box
    marks: list[Mark] = [Box(b.x, b.y, b.w, b.h, st.POINT_FILL, st.POINT_EDGE, POINT_STROKE, POINT_RADIUS)]
    lines: list[tuple[str, Font, float]] = [(t, "bold", FS_TITLE) for t in pp.lines]
    lines += [(t, "regular", FS_ORG) for t in pp.org_lines]
    lead = [size * 1.18 for _, _, size in lines]
    y = b.cy - sum(lead) / 2
    for (t, font, size), dy in zip(lines, lead, strict=True):
        y += dy
        marks.append(Text(b.x + 12, y - size * 0.22, t, font, size, st.POINT_TEXT))
    return marks


def chip_marks(pc: PlacedChip) -> list[Mark]:
    """A resource (rounded, green, "+") or gap (dashed, orange, "!"): its box, marker and title lines."""
    b = pc.box
    mx, my = b.x + 17, b.cy
    marks: list[Mark]
    if pc.finding.kind == "resource":
        # A grown chip keeps the one-line pill's round ends rather than turning into an oval.
        r = min(b.h, g.CHIP_HEIGHT) / 2
        marks = [Box(b.x, b.y, b.w, b.h, st.RESOURCE_FILL, st.RESOURCE, CHIP_STROKE, r),
                 Dot(mx, my, 11, st.RESOURCE)]
        sign = "+"
    else:
        marks = [Box(b.x, b.y, b.w, b.h, st.GAP_FILL, st.GAP, CHIP_STROKE, dash=GAP_DASH),
                 Shape(((mx - 12, my + 10), (mx + 12, my + 10), (mx, my - 12)), st.GAP)]
        sign = "!"
    marks.append(Text(mx, my + FS_CHIP * 0.36, sign, "bold", FS_CHIP, colors.white, "middle"))
    # The lines were wrapped by the layout, which sized the chip to hold them; centred as a block.
    first = my - CHIP_LEAD * (len(pc.lines) - 1) / 2 + FS_CHIP * 0.36
    marks += [Text(b.x + CHIP_TEXT_LEFT, first + n * CHIP_LEAD, line, "regular", FS_CHIP, st.INK)
              for n, line in enumerate(pc.lines)]
    return marks


# ---------------------------------------------------------------- flows
def flow_colour(backward: bool) -> Color:
    """A flow's colour: looping back (a violation back to jail) stands out from the flow of people."""
    return st.BACK_FLOW if backward else st.FLOW


def flow_dash(backward: bool) -> tuple[float, float] | None:
    """A flow's dash pattern: dashed when it loops back, so it differs by more than colour."""
    return BACK_FLOW_DASH if backward else None


def arrowhead(a: Point, b: Point, colour: Color) -> Shape:
    """A filled triangle with its tip at ``b``, pointing along the segment from ``a``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / n, dy / n
    bx, by = b[0] - ux * ARROW_LENGTH, b[1] - uy * ARROW_LENGTH
    return Shape((b, (bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH),
                  (bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH)), colour)


def count_text(count: int) -> str:
    """A flow's yearly count as printed on the map: "1,200/yr"."""
    return f"{count:,}/yr"


def count_marks(path: list[Point], count: int, colour: Color, x_min: float, x_max: float) -> list[Mark]:
    """A flow's yearly count in a white badge on the middle of the path's longest segment, kept
    between scene x ``x_min`` and ``x_max`` (the drawn lanes)."""
    seg = max(zip(path, path[1:], strict=False),
              key=lambda ab: abs(ab[0][0] - ab[1][0]) + abs(ab[0][1] - ab[1][1]))
    cx, cy = (seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2
    text = count_text(count)
    w = text_width(text, report_fonts().bold, FS_FLOW) + 10
    # A rail in a lane's outer padding would put half the badge off the map (or off the page).
    cx = max(x_min + w / 2 + 2, min(x_max - w / 2 - 2, cx))
    return [Box(cx - w / 2, cy - FS_FLOW * 0.7, w, FS_FLOW * 1.4, colors.white, colour, BADGE_STROKE,
                BADGE_RADIUS),
            Text(cx, cy + FS_FLOW * 0.36, text, "bold", FS_FLOW, colour, "middle")]


# ---------------------------------------------------------------- legend
LEGEND_STRIP = 3.0  # the legend's strip under the map, in legend text sizes
LEGEND_CENTRE = 1.1  # the legend row's centre line, below the map's rows, in legend text sizes
LEGEND_ENTRIES = (("point", "Decision point"), ("resource", "Resource (what works)"),
                  ("gap", "Gap (what is missing)"), ("flow", "Flow of people"),
                  ("back", "Flow looping back"), ("band", "Cross-intercept"))


def legend_marks(fs: float) -> tuple[list[Mark], float]:
    """The key to the map in one row of text size ``fs``, centred on y = 0 from x = 0; and its width."""
    marks: list[Mark] = []
    x = 0.0
    for kind, label in LEGEND_ENTRIES:
        top, h, w = -fs * 0.7, fs * 1.4, fs * 2.6
        if kind == "point":
            marks.append(Box(x, top, w, h, st.POINT_FILL, radius=2))
        elif kind == "resource":
            marks += [Box(x, top, w, h, st.RESOURCE_FILL, st.RESOURCE, 0.8, fs * 0.7),
                      Dot(x + fs * 0.7, 0, fs * 0.5, st.RESOURCE),
                      Text(x + fs * 0.7, fs * 0.3, "+", "bold", fs * 0.9, colors.white, "middle")]
        elif kind == "gap":
            marks += [Box(x, top, w, h, st.GAP_FILL, st.GAP, 0.8, dash=(fs * 0.25, fs * 0.12)),
                      Shape(((x + fs * 0.2, fs * 0.45), (x + fs * 1.2, fs * 0.45),
                             (x + fs * 0.7, -fs * 0.55)), st.GAP),
                      Text(x + fs * 0.7, fs * 0.35, "!", "bold", fs * 0.8, colors.white, "middle")]
        elif kind in ("flow", "back"):
            back = kind == "back"
            marks += [Stroke(((x, 0), (x + fs * 2.2, 0)), flow_colour(back), 1.2,
                             (fs * 0.4, fs * 0.25) if back else None),
                      Shape(((x + fs * 2.6, 0), (x + fs * 2.0, -fs * 0.35), (x + fs * 2.0, fs * 0.35)),
                            flow_colour(back))]
        else:
            marks.append(Box(x, top, w, h, st.CROSS_FILL, st.CROSS_EDGE, 0.8))
        x += fs * 3.1
        marks.append(Text(x, fs * 0.35, label, "regular", fs, st.INK))
        x += text_width(label, report_fonts().regular, fs) + fs * 1.8
    return marks, x - fs * 1.8


# ---------------------------------------------------------------- the whole-map image
def image_legend_size(scale: float = 1.0) -> float:
    """The legend's text size under a whole-map image drawn at ``scale``."""
    return max(LEGEND_PT, FS_CHIP * scale)


def image_rows_bottom(layout: MapLayout) -> float:
    """Scene y where the whole-map image's rows end (below the band) and its legend strip begins."""
    return layout.height + 20


def image_size(layout: MapLayout, scale: float = 1.0) -> tuple[float, float]:
    """Width and height of the whole-map image (SVG, PNG) at ``scale``: map, legend strip and margin."""
    m = 2 * IMAGE_MARGIN * scale
    legend = image_legend_size(scale) * LEGEND_STRIP
    return layout.width * scale + m, image_rows_bottom(layout) * scale + legend + m
