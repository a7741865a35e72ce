"""A stand-in for ``ui.map.FastEntry`` while it is written: adds items without inline editing."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack

from ..model import Document, new_id
from ..model.workshop import DecisionPoint, Finding
from .commands import DeleteItemsCommand, InsertItemsCommand, describe


class FastEntry:
    """Adds items through undo commands; no inline editing."""

    def __init__(self, scene: Any, view: Any, document: Document, undo_stack: QUndoStack,
                 parent: Any = None) -> None:
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

    def dispose(self) -> None:
        pass

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
