"""The boxes and flows of a map drawn by one item while the view is zoomed far out.

Below ``TINY_DETAIL`` (a map of thousands of items fitted to the window) a box draws itself as a plain
rectangle, a chip draws nothing and a flow a bare line through its corners (see their ``paint``).
Drawn item by item, Qt goes into Python once per item for its bounds and once for its paint: 35-45 ms
CPU for one repaint of a 3,000-item map, 0.6 s for 30,000, and as much for every tall strip an edit
dirties at that zoom.

So while the view is that far out (``MapScene.set_far_zoom``) the boxes, chips and flows keep their
places in the scene (hit tests, selection, the keyboard, drags, the inline editor and the focus ring use
them as always) but are flagged as having no contents, and this one item draws the boxes and flows of
the exposed area exactly as they would draw themselves there, in their stacking order (flows below
boxes), with a handful of calls into Qt per box or flow instead of two trips into Python.
The scene tells it which areas changed (``touch``): Qt does not repaint for items without contents.

What a box or flow draws far out is kept between paints (``_BoxDrawn``, ``_FlowDrawn``): a paint then
goes through the kept lists, skipping with plain number comparisons what lies outside the exposed area,
and calls into Qt only to draw. A box's entry is dropped when the scene says the box changed
(``touch_box``: its place, size or highlight) or the view's transform changed; a flow's entry is kept
for as long as the flow is drawn along the same route object and stays shown or hidden, which the paint
checks itself. A whole repaint of a 3,000-item map's far drawing went from ~5-6 to ~2 ms CPU, and an
edit's repaint, which exposes 13-50 % of the map (its re-routed flows run across lanes) and looked its
items up in the scene's index, from ~6-9 to ~1-2 ms.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.flow_routing import Route
from .flow_item import BACK_DASH, corner_line
from .map_theme import MapTheme
from .point_item import BOX_RADIUS, TINY_DETAIL

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush
# Beyond a flow's corner points, room for what its line draws there (its pen, 5 units when selected).
FLOW_MARGIN = 8.0
BOX_MARGIN = 6.0  # beyond a box, room for its find highlight (the selection's pen is inside that)
FAR_Z = 1.5  # above the flows' places (1), below the boxes' (2): a box's focus ring and editor stay on top


def is_far(zoom: float) -> bool:
    """True at a zoom where the map's items are drawn by ``FarMap`` (chips would be under half a pixel)."""
    return zoom < TINY_DETAIL


def set_contents_drawn(item: QGraphicsItem, drawn: bool) -> None:
    """Let ``item`` paint itself (True) or leave it to ``FarMap`` (False)."""
    item.setFlag(_NO_CONTENTS, not drawn)


# What a box draws far out, kept between paints (plain tuples: a paint unpacks 1,000s of them):
# (transform: its place, then the view's, as Qt gives its item; the box in its own coordinates; whether
# it is highlighted as a find match; left, top, right, bottom: what it may draw, in scene coordinates).
_BoxDrawn = tuple[QTransform, QRectF, bool, float, float, float, float]
# What a flow draws far out and from what: (the route object it was made from; whether the flow was
# shown; its line, None when not drawn; dashed (backward); left, top, right, bottom: its line with room
# for its pen, in scene coordinates).
_FlowDrawn = tuple[Route | None, bool, QPolygonF | None, bool, float, float, float, float]


def _flow_drawn(route: Route | None, shown: bool, line: QPolygonF | None) -> _FlowDrawn:
    if route is None or not shown:
        return (route, shown, None, False, 0.0, 0.0, 0.0, 0.0)
    xs = [x for x, _ in route.points]
    ys = [y for _, y in route.points]
    return (route, shown, line if line is not None else corner_line(route.points), route.backward,
            min(xs) - FLOW_MARGIN, min(ys) - FLOW_MARGIN, max(xs) + FLOW_MARGIN, max(ys) + FLOW_MARGIN)


class FarMap(QGraphicsItem):
    """Every box and flow of a scene, painted as they paint themselves below ``TINY_DETAIL``."""

    def __init__(self, points: dict[str, Any], flows: dict[str, Any], theme: MapTheme,
                 pending: dict[str, Route | None] | None = None) -> None:
        """Draw the boxes of ``points`` and the flows of ``flows`` (the scene's own dicts, kept live);
        a flow in ``pending`` (also kept live) along that route instead, its item not yet told of it."""
        super().__init__()
        self._points = points
        self._flows = flows
        self._pending: dict[str, Route | None] = pending if pending is not None else {}
        self._theme = theme
        self._bounds = QRectF()
        self.selected: set[str] = set()  # ids of the selected boxes and flows (kept by the scene)
        self._boxes_drawn: dict[str, _BoxDrawn] = {}
        self._changed_boxes: set[str] = set()  # told by the scene: entries dropped at the next paint
        self._view_key: tuple[float, ...] = ()  # the view's transform the boxes' entries were made for
        self._flows_drawn: dict[str, _FlowDrawn] = {}
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # the exposed area
        self.setZValue(FAR_Z)

    def set_theme(self, theme: MapTheme) -> None:
        """Paint with another theme."""
        self._theme = theme
        self.forget_drawn()
        self.update()

    def forget_drawn(self) -> None:
        """Drop what is kept of every box and flow: the next paint looks at each item again."""
        self._boxes_drawn.clear()
        self._changed_boxes.clear()
        self._flows_drawn.clear()

    def set_bounds(self, rect: QRectF) -> None:
        """Cover ``rect`` (the map with every flow)."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)

    def touch(self, rect: QRectF) -> None:
        """Repaint ``rect`` (scene coordinates): a box or flow there changed, came or went."""
        if rect.isEmpty():
            return
        if not self._bounds.contains(rect):
            self.set_bounds(self._bounds.united(rect))
        self.update(rect)

    def touch_box(self, point_id: str, rect: QRectF) -> None:
        """The box of ``point_id``, covering ``rect`` (scene coordinates), is about to change or has
        changed (place, size, highlight), came or went: draw it anew and repaint ``rect``."""
        self._changed_boxes.add(point_id)
        self.touch(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The map with every flow."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """Nothing: clicks and rubber bands find the boxes and flows themselves."""
        return QPainterPath()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Flows, then boxes, in the exposed area (nothing at a nearer zoom: the items draw themselves)."""
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if not is_far(detail):
            return
        exposed = option.exposedRect
        everything = exposed.contains(self._bounds)  # a whole repaint: nothing needs its place checked
        # Two device pixels of slack around the exposed area: a line or edge lying just outside it in
        # scene numbers can still be rounded onto a pixel the painter's clip lets through (seen as one
        # pixel a small repaint left out that a whole repaint drew). The clip keeps the rest off screen.
        slack = 2.0 / detail if detail > 0 else 0.0
        left, top = exposed.left() - slack, exposed.top() - slack
        right, bottom = exposed.right() + slack, exposed.bottom() + slack
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # as the items below LOW_DETAIL
        painter.setBrush(_NO_BRUSH)
        self._paint_flows(painter, everything, left, top, right, bottom)
        self._paint_boxes(painter, everything, left, top, right, bottom)

    def _paint_flows(self, painter: QPainter, everything: bool,  # noqa: PLR0913 - the exposed area's sides
                     left: float, top: float, right: float, bottom: float) -> None:
        """Each flow's line in the scene's order, along its pending route if it has one (kept while the
        flow is drawn along the same route object and stays shown or hidden)."""
        selection = self.selected
        theme = self._theme
        pending = self._pending
        kept = self._flows_drawn
        pens: dict[tuple[bool, bool], QPen] = {}
        current: tuple[bool, bool] | None = None
        for flow_id, item in self._flows.items():
            if flow_id in pending:
                route, shown, line = pending[flow_id], True, None
            else:
                route, shown = item._route, item.isVisible()  # noqa: SLF001 - the route it draws
                line = None
            drawn = kept.get(flow_id)
            if drawn is None or drawn[0] is not route or drawn[1] != shown:
                if line is None and flow_id not in pending and route is not None and shown:
                    line = item.far_line()  # the item's own (shared, not copied)
                drawn = kept[flow_id] = _flow_drawn(route, shown, line)
            _route, _shown, line, backward, flow_left, flow_top, flow_right, flow_bottom = drawn
            if line is None:
                continue
            if not everything and (flow_left > right or flow_right < left
                                   or flow_top > bottom or flow_bottom < top):
                continue
            key = (flow_id in selection, backward)
            if key != current:
                pen = pens.get(key)
                if pen is None:
                    selected, backward = key
                    pen = theme.pen("selection" if selected else "flow", 5.0 if selected else 2.5,
                                    round_cap=True)
                    if backward:
                        pen = QPen(pen)
                        pen.setDashPattern(BACK_DASH)
                    pens[key] = pen
                painter.setPen(pen)
                current = key
            painter.drawPolyline(line)  # the line it draws this far out (scene coordinates)

    def _paint_boxes(self, painter: QPainter, everything: bool,  # noqa: PLR0913 - the exposed area's sides
                     left: float, top: float, right: float, bottom: float) -> None:
        """Each box in the scene's order (a box pinned on top of another covers its outline)."""
        selection = self.selected
        theme = self._theme
        border, fill = theme.pen("point_border", 2.0), theme.colour("point_fill")
        painter.setPen(border)
        painter.setBrush(fill)
        # Each box in its own coordinates, through the transform Qt would give its item (its place, then
        # the view's): a box's edges fall on the same pixels as when it paints itself (drawn in scene
        # coordinates, a pixel in some thousands differs).
        view = painter.worldTransform()
        view_key = (view.m11(), view.m12(), view.m13(), view.m21(), view.m22(), view.m23(),
                    view.m31(), view.m32(), view.m33())
        kept = self._boxes_drawn
        if view_key != self._view_key:
            kept.clear()
            self._view_key = view_key
        for point_id in self._changed_boxes:
            kept.pop(point_id, None)
        self._changed_boxes.clear()
        set_transform = painter.setWorldTransform
        for point_id, item in self._points.items():
            drawn = kept.get(point_id)
            if drawn is None:
                box = item._rect  # noqa: SLF001 - the box it draws
                pos = item.pos()
                x, y = pos.x(), pos.y()
                drawn = kept[point_id] = (
                    QTransform.fromTranslate(x, y) * view, box, item.highlighted, x + box.left() - BOX_MARGIN,
                    y + box.top() - BOX_MARGIN, x + box.right() + BOX_MARGIN, y + box.bottom() + BOX_MARGIN)
            transform, box, highlighted, box_left, box_top, box_right, box_bottom = drawn
            if not everything and (box_left > right or box_right < left
                                   or box_top > bottom or box_bottom < top):
                continue
            set_transform(transform)
            # One box at a time (not drawRects, which fills all before outlining any): a box pinned
            # on top of another covers its outline, as the items do.
            selected = point_id in selection
            if not selected and not highlighted:
                painter.drawRect(box)
                continue
            if highlighted:
                painter.setPen(_NO_PEN)
                painter.setBrush(theme.colour("find_highlight"))
                painter.drawRoundedRect(box.adjusted(-6, -6, 6, 6), BOX_RADIUS + 4, BOX_RADIUS + 4)
                painter.setBrush(fill)
            painter.setPen(theme.pen("selection", 5.0) if selected else border)
            painter.drawRect(box)
            painter.setPen(border)
        set_transform(view)
