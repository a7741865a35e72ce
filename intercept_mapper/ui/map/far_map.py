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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ...model.flow_routing import Route
from .flow_item import BACK_DASH, corner_line, route_rect
from .map_theme import MapTheme
from .point_item import BOX_RADIUS, TINY_DETAIL

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush
# An exposed area under this share of the map's finds its boxes and flows by the scene's index.
SMALL_EXPOSED = 0.25
FAR_Z = 1.5  # above the flows' places (1), below the boxes' (2): a box's focus ring and editor stay on top


def is_far(zoom: float) -> bool:
    """True at a zoom where the map's items are drawn by ``FarMap`` (chips would be under half a pixel)."""
    return zoom < TINY_DETAIL


def set_contents_drawn(item: QGraphicsItem, drawn: bool) -> None:
    """Let ``item`` paint itself (True) or leave it to ``FarMap`` (False)."""
    item.setFlag(_NO_CONTENTS, not drawn)


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
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # the exposed area
        self.setZValue(FAR_Z)

    def set_theme(self, theme: MapTheme) -> None:
        """Paint with another theme."""
        self._theme = theme
        self.update()

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

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """The map with every flow."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """Nothing: clicks and rubber bands find the boxes and flows themselves."""
        return QPainterPath()

    def _small(self, exposed: QRectF) -> bool:
        """True when ``exposed`` is a small part of the map: its boxes and flows are best found by the
        scene's index than by looking at every one (a box's or flow's own place is a few calls into Qt
        each, ~5-7 ms for a 3,000-item map; an edit far out mostly exposes a few boxes)."""
        bounds = self._bounds
        area = bounds.width() * bounds.height()
        shown = exposed.intersected(bounds)
        return self.scene() is not None and shown.width() * shown.height() < area * SMALL_EXPOSED

    def _near(self, exposed: QRectF) -> tuple[list[tuple[str, Any]], list[Any]]:
        """The flows and boxes that may be drawn in ``exposed``, each list in the order of the whole
        drawing (the scene's dicts), found with the scene's index: every box's and flow's bounds
        hold all it draws far out (a box's with its find highlight), so none drawn there is missed.
        A flow whose item has not yet taken its new route (``pending``) is found by that route."""
        flows, points, pending = self._flows, self._points, self._pending
        flow_ids: set[str] = set()
        point_ids: set[str] = set()
        for item in self.scene().items(exposed, Qt.ItemSelectionMode.IntersectsItemBoundingRect,
                                       Qt.SortOrder.AscendingOrder):
            item_id = getattr(item, "item_id", None)
            if item_id is None:
                continue
            if flows.get(item_id) is item:
                if item_id not in pending:
                    flow_ids.add(item_id)
            elif points.get(item_id) is item:
                point_ids.add(item_id)
        for flow_id, route in pending.items():
            if route is not None and route_rect(route).intersects(exposed):
                flow_ids.add(flow_id)
        near_flows = [(i, item) for i, item in flows.items() if i in flow_ids] if flow_ids else []
        near_points = [item for i, item in points.items() if i in point_ids] if point_ids else []
        return near_flows, near_points

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Flows, then boxes, in the exposed area (nothing at a nearer zoom: the items draw themselves)."""
        if not is_far(option.levelOfDetailFromTransform(painter.worldTransform())):
            return
        exposed = option.exposedRect
        everything = exposed.contains(self._bounds)  # a whole repaint: no item needs its bounds checked
        if everything or not self._small(exposed):
            flows: Iterable[tuple[str, Any]] = self._flows.items()
            points: Iterable[Any] = self._points.values()
        else:
            flows, points = self._near(exposed)
        selection = self.selected
        theme = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # as the items below LOW_DETAIL
        painter.setBrush(_NO_BRUSH)
        pens: dict[tuple[bool, bool], QPen] = {}
        current: tuple[bool, bool] | None = None
        pending = self._pending
        for flow_id, item in flows:
            if pending and flow_id in pending:
                route = pending[flow_id]
                if route is None or not (everything or route_rect(route).intersects(exposed)):
                    continue
                line, backward = corner_line(route.points), route.backward
            else:
                if not everything and not item._bounds.intersects(exposed):  # noqa: SLF001 - its own bounds
                    continue
                if not item.isVisible():
                    continue
                line, backward = item.far_line(), item.backward
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
        border, fill = theme.pen("point_border", 2.0), theme.colour("point_fill")
        painter.setPen(border)
        painter.setBrush(fill)
        # Each box in its own coordinates, through the transform Qt would give its item (its place, then
        # the view's): a box's edges fall on the same pixels as when it paints itself.
        view = painter.worldTransform()
        set_transform, translate = painter.setWorldTransform, QTransform.fromTranslate
        for item in points:
            box = item._rect  # noqa: SLF001 - the box it draws
            pos = item.pos()
            if not everything and not box.translated(pos).adjusted(-6, -6, 6, 6).intersects(exposed):
                continue
            set_transform(translate(pos.x(), pos.y()) * view)
            # One box at a time (not drawRects, which fills all before outlining any): a box pinned
            # on top of another covers its outline, as the items do.
            selected = item.item_id in selection
            if not selected and not item.highlighted:
                painter.drawRect(box)
                continue
            if item.highlighted:
                painter.setPen(_NO_PEN)
                painter.setBrush(theme.colour("find_highlight"))
                painter.drawRoundedRect(box.adjusted(-6, -6, 6, 6), BOX_RADIUS + 4, BOX_RADIUS + 4)
                painter.setBrush(fill)
            painter.setPen(theme.pen("selection", 5.0) if selected else border)
            painter.drawRect(box)
            painter.setPen(border)
        set_transform(view)
