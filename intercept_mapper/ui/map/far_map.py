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

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.flow_routing import Route
from .flow_item import BACK_DASH, corner_line
from .height_index import BAND as INDEX_BAND
from .height_index import HeightIndex
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

    index_band = INDEX_BAND  # the height of a band of the index (tests of small maps make it smaller)

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
        # Where each box and flow is drawn, by height (``height_index``): a repaint of part of the map
        # looks only at those that may reach it. Built by the first paint that looks at every one (or a
        # partial one that finds them unbuilt), then kept: a box is placed again when the scene says it
        # changed (``touch_box``), a flow when the scene says its route changed (``touch_flows``).
        self._box_index = HeightIndex(self.index_band)
        self._flow_index = HeightIndex(self.index_band)
        self._boxes_indexed = False
        self._flows_indexed = False
        self._told_flows: set[str] = set()  # told by the scene: looked at again at the next paint
        # Each box's and flow's place in the scene's order (what a whole repaint follows); made again
        # when a box or flow came or went (``order_changed``).
        self._box_order: dict[str, int] | None = None
        self._flow_order: dict[str, int] | None = None
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
        self._told_flows.clear()
        self._box_index.clear()
        self._flow_index.clear()
        self._boxes_indexed = self._flows_indexed = False
        self.order_changed()

    def order_changed(self) -> None:
        """A box or flow came or went (the scene's dicts changed order): their order is made again."""
        self._box_order = self._flow_order = None

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

    def touch_flows(self, flow_ids: Iterable[str], rect: QRectF) -> None:
        """The flows of ``flow_ids`` were re-routed, hidden, came or went (their items or their waiting
        routes, ``MapScene._pending_routes``): look at each again and repaint ``rect``, which covers
        where they were and are drawn."""
        self._told_flows.update(flow_ids)
        self.touch(rect)

    def prepare(self, view: QTransform | None = None, point_ids: Iterable[str] = (),
                flow_ids: Iterable[str] = ()) -> None:
        """Make now what the boxes of ``point_ids`` (drawn through ``view``, the transform a view's paint
        will give: see ``_paint_boxes``) and the flows of ``flow_ids`` draw, as a paint would make it, and
        place them in the index: a map built in steps fills these a slice per step before its first paint,
        which then costs what a later whole repaint does. A box's entry is for ``view`` only (made again
        if the paint's transform differs); a flow's is checked against its route by the whole repaint."""
        if view is not None:
            self._use_view(view)
            box_now = self._box_now
            for point_id in point_ids:
                box_now(point_id, view)
        flow_now = self._flow_now
        for flow_id in flow_ids:
            flow_now(flow_id)

    def _use_view(self, view: QTransform) -> None:
        """Keep the boxes' entries for ``view`` (dropped when it is not the transform they were made for:
        their places in the index stand, in scene coordinates)."""
        view_key = (view.m11(), view.m12(), view.m13(), view.m21(), view.m22(), view.m23(),
                    view.m31(), view.m32(), view.m33())
        if view_key != self._view_key:
            self._boxes_drawn.clear()
            self._view_key = view_key

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
        flow is drawn along the same route object and stays shown or hidden). A whole repaint (or the
        first) looks at every flow; a partial one at those the index finds near the exposed area."""
        selection = self.selected
        theme = self._theme
        pending = self._pending
        kept = self._flows_drawn
        flows = self._flows
        self._catch_up_flows()
        look_at_all = everything or not self._flows_indexed
        if look_at_all:
            ids: Iterable[str] = flows
        else:
            ids, self._flow_order = _in_scene_order(
                self._flow_index.among(top, bottom), flows, self._flow_order)
        flow_now = self._flow_now
        pens: dict[tuple[bool, bool], QPen] = {}
        current: tuple[bool, bool] | None = None
        for flow_id in ids:
            drawn = kept.get(flow_id)
            if look_at_all:
                if flow_id in pending:
                    route, shown = pending[flow_id], True
                else:
                    item = flows[flow_id]
                    route, shown = item._route, item.isVisible()  # noqa: SLF001 - the route it draws
                if drawn is None or drawn[0] is not route or drawn[1] != shown:
                    drawn = flow_now(flow_id)
            elif drawn is None:
                drawn = flow_now(flow_id)
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
        if look_at_all:
            self._flows_indexed = True

    def _catch_up_flows(self) -> None:
        """The flows the scene told of: gone ones leave the index, the others are looked at again (when
        the index is not built yet, the paint looks at every flow anyway)."""
        told = self._told_flows
        if not told:
            return
        flows, kept, index = self._flows, self._flows_drawn, self._flow_index
        for flow_id in told:
            if flow_id not in flows:
                kept.pop(flow_id, None)
                index.drop(flow_id)
            elif self._flows_indexed:
                self._flow_now(flow_id)
        told.clear()

    def _flow_now(self, flow_id: str) -> _FlowDrawn:
        """What ``flow_id`` draws now (kept, and placed in the index)."""
        pending = self._pending
        if flow_id in pending:
            route, shown, line = pending[flow_id], True, None
        else:
            item = self._flows[flow_id]
            route, shown = item._route, item.isVisible()  # noqa: SLF001 - the route it draws
            line = item.far_line() if route is not None and shown else None  # its own (shared, not copied)
        drawn = self._flows_drawn[flow_id] = _flow_drawn(route, shown, line)
        if drawn[2] is None:
            self._flow_index.drop(flow_id)
        else:
            self._flow_index.place(flow_id, drawn[5], drawn[7])
        return drawn

    def _paint_boxes(self, painter: QPainter, everything: bool,  # noqa: PLR0913 - the exposed area's sides
                     left: float, top: float, right: float, bottom: float) -> None:
        """Each box in the scene's order (a box pinned on top of another covers its outline). A whole
        repaint (or the first) looks at every box; a partial one at those the index finds near it."""
        selection = self.selected
        theme = self._theme
        border, fill = theme.pen("point_border", 2.0), theme.colour("point_fill")
        painter.setPen(border)
        painter.setBrush(fill)
        # Each box in its own coordinates, through the transform Qt would give its item (its place, then
        # the view's): a box's edges fall on the same pixels as when it paints itself (drawn in scene
        # coordinates, a pixel in some thousands differs).
        view = painter.worldTransform()
        self._use_view(view)
        kept = self._boxes_drawn
        points = self._points
        index = self._box_index
        box_now = self._box_now
        for point_id in self._changed_boxes:
            kept.pop(point_id, None)
            if point_id not in points:
                index.drop(point_id)
            elif self._boxes_indexed:  # (else every box is looked at below)
                box_now(point_id, view)
        self._changed_boxes.clear()
        look_at_all = everything or not self._boxes_indexed
        if look_at_all:
            ids: Iterable[str] = points
        else:
            ids, self._box_order = _in_scene_order(index.among(top, bottom), points, self._box_order)
        set_transform = painter.setWorldTransform
        for point_id in ids:
            drawn = kept.get(point_id)
            if drawn is None:
                drawn = box_now(point_id, view)
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
        if look_at_all:
            self._boxes_indexed = True

    def _box_now(self, point_id: str, view: QTransform) -> _BoxDrawn:
        """What the box of ``point_id`` draws now through ``view`` (kept, and placed in the index)."""
        item = self._points[point_id]
        box = item._rect  # noqa: SLF001 - the box it draws
        pos = item.pos()
        x, y = pos.x(), pos.y()
        drawn = self._boxes_drawn[point_id] = (
            QTransform.fromTranslate(x, y) * view, box, item.highlighted, x + box.left() - BOX_MARGIN,
            y + box.top() - BOX_MARGIN, x + box.right() + BOX_MARGIN, y + box.bottom() + BOX_MARGIN)
        self._box_index.place(point_id, drawn[4], drawn[6])
        return drawn


def _in_scene_order(found: set[str], items: dict[str, Any],
                    order: dict[str, int] | None) -> tuple[list[str], dict[str, int]]:
    """The ids of ``found`` still in ``items``, in the order of ``items`` (the scene's), and the order
    used (``order``, or made again when it is None or does not know one of them)."""
    if order is None or not found <= order.keys():
        order = {item_id: n for n, item_id in enumerate(items)}
    return sorted((i for i in found if i in items), key=order.__getitem__), order
