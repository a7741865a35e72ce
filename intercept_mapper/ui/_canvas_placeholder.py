"""A stand-in for ``ui.map`` while the canvas is written: a plain view and minimal fast entry."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from ..model import Document, new_id
from ..model.workshop import DecisionPoint, Finding
from .commands import DeleteItemsCommand, InsertItemsCommand, describe


class MapScene(QGraphicsScene):
    """Selection bookkeeping only."""

    sig_selection_changed = Signal(list)
    sig_item_activated = Signal(str)

    def __init__(self, document: Document, undo_stack: QUndoStack) -> None:
        super().__init__()
        self._document = document
        self._selected: list[str] = []
        self._unsubscribe = document.subscribe(self._on_change)

    def _on_change(self, change) -> None:  # noqa: ANN001
        kept = [i for i in self._selected if self._document.find(i) is not None]
        if kept != self._selected:
            self.select_ids(kept)

    def selected_ids(self) -> list[str]:
        return list(self._selected)

    def select_ids(self, ids: list[str], ensure_visible: bool = True) -> None:
        if list(ids) != self._selected:
            self._selected = list(ids)
            self.sig_selection_changed.emit(list(ids))

    def set_theme(self, theme) -> None:  # noqa: ANN001
        pass

    def set_text_scale(self, factor: float) -> None:
        pass

    def find(self, text: str) -> list[str]:
        return []

    def dispose(self) -> None:
        self._unsubscribe()


class MapView(QGraphicsView):
    """A plain view."""

    def zoom_in(self) -> None:
        self.scale(1.25, 1.25)

    def zoom_out(self) -> None:
        self.scale(0.8, 0.8)

    def zoom_reset(self) -> None:
        self.resetTransform()

    def fit_to_window(self) -> None:
        pass

    def show_intercept(self, intercept_id: str) -> None:
        pass


class FastEntry:
    """Adds items through undo commands; no inline editing."""

    def __init__(self, scene: MapScene, view: MapView, document: Document, undo_stack: QUndoStack) -> None:
        self._scene = scene
        self._document = document
        self._stack = undo_stack

    def add_point(self) -> None:
        intercept = self._document.workshop.scheme.ids()[0]
        point = DecisionPoint(id=new_id("point"), intercept=intercept, title="New point")
        text = describe("Add point", point.title)
        self._stack.push(InsertItemsCommand(self._document, [("points", point)], text))
        self._scene.select_ids([point.id])

    def _add_finding(self, kind: str) -> None:
        selected = [i for i in self._scene.selected_ids() if self._document.get("points", i)]
        point = self._document.get("points", selected[0]) if selected else None
        intercept = point.intercept if point else self._document.workshop.scheme.ids()[0]
        finding = Finding(id=new_id("finding"), kind=kind, intercept=intercept, title=f"New {kind}",
                          point_id=point.id if point else None)
        self._stack.push(InsertItemsCommand(self._document, [("findings", finding)],
                                            describe(f"Add {kind}", finding.title)))
        self._scene.select_ids([finding.id])

    def add_resource(self) -> None:
        self._add_finding("resource")

    def add_gap(self) -> None:
        self._add_finding("gap")

    def delete_selected(self) -> None:
        ids = self._scene.selected_ids()
        if ids:
            self._stack.push(DeleteItemsCommand(self._document, ids, "Delete"))

    def rename_selected(self) -> None:
        pass

    def copy_selected(self) -> None:
        pass

    def paste(self) -> None:
        pass

    def duplicate_selected(self) -> None:
        pass

    def connect_selected(self) -> None:
        pass
