"""Keyboard-speed editing on the map: add, rename, delete, copy, paste, duplicate and connect.

No modal dialog anywhere: an added item appears at once with a placeholder title and its title is
edited in place. Every change is one command on the undo stack:

- add: one ``AddItemsCommand`` (an ``InsertItemsCommand``); a gap comes with its candidate priority,
  because every gap is a candidate by default. Naming the new item folds into that same step, so the
  history reads "Add gap 'No crisis unit'" and one undo removes it.
- Escape on a freshly added item drops it: the add is undone and an obsolete no-op command is pushed,
  which makes QUndoStack discard the redo tail, so nothing of the dropped item remains anywhere.
- rename: one ``UpdateItemsCommand`` (a gap's candidate keeps the same title while the two agree).

Public API: ``FastEntry(scene, view, document, undo_stack)``, ``add_point``, ``add_resource``,
``add_gap``, ``rename_selected``, ``delete_selected``, ``copy_selected``, ``cut_selected``, ``paste``,
``select_all``, ``pending_edits``,
``duplicate_selected``, ``connect_selected``, ``is_editing``, ``editor``, ``finish_editing``.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QGraphicsView

from ...model.document import Change, Document
from ...model.ids import new_id
from ...model.map_geometry import lane_point_x
from ...model.workshop import CROSS_INTERCEPT, Candidate, DecisionPoint, Finding, Flow
from ..commands import (
    AddItemsCommand,
    DeleteItemsCommand,
    InsertItemsCommand,
    UpdateItemsCommand,
    announce_stack_state,
    describe,
)
from .inline_title_editor import CANCEL, NEXT, InlineTitleEditor
from .map_scene import MapScene

MIME_TYPE = "application/x-intercept-mapper-items"
PASTE_OFFSET = 40.0
PLACEHOLDERS = {"point": "New decision point", "resource": "New resource", "gap": "New gap"}
KIND_WORDS = {"point": "point", "resource": "resource", "gap": "gap", "flow": "flow"}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class _Edit:
    """The title being edited: which item, and whether it was just added (Escape then drops it)."""

    item_id: str
    kind: str  # point | resource | gap
    collection: str  # points | findings
    fresh: bool
    command: AddItemsCommand | None
    editor: InlineTitleEditor


class FastEntry(QObject):
    """Fast entry on one map scene and view; the window connects its actions to these methods."""

    sig_editing_changed = Signal(bool)
    sig_pending_text_changed = Signal()  # the open title editor's text changed (not yet in the document)

    def __init__(self, scene: MapScene, view: QGraphicsView, document: Document, undo_stack: QUndoStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.view = view
        self.document = document
        self.undo_stack = undo_stack
        self._edit: _Edit | None = None
        self._unsubscribe = document.subscribe(self._on_change)

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._abandon_edit()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # ================================================================= adding
    def add_point(self) -> str:
        """Add a decision point below the last one of the selected item's intercept; edit its title."""
        return self._add("point")

    def add_resource(self) -> str:
        """Add a resource at the selected point (or intercept); edit its title."""
        return self._add("resource")

    def add_gap(self) -> str:
        """Add a gap (and its candidate priority) at the selected point or intercept; edit its title."""
        return self._add("gap")

    def _add(self, kind: str) -> str:
        self.finish_editing()
        point, intercept = self._target(kind)
        title = PLACEHOLDERS[kind]
        entries: list[tuple[str, Any]]
        if kind == "point":
            x = y = 0.0
            if intercept != CROSS_INTERCEPT:
                x = lane_point_x(self.document.workshop.scheme.order(intercept))
                y = self.scene.next_point_y(intercept)
            item = DecisionPoint(id=new_id("point"), intercept=intercept, title=title, x=x, y=y)
            entries = [("points", item)]
            collection = "points"
        else:
            item = Finding(id=new_id("finding"), kind=kind, intercept=intercept, title=title,
                           point_id=point.id if point is not None else None)
            entries = [("findings", item)]
            if kind == "gap":
                entries.append(("candidates", Candidate(id=new_id("candidate"), title=title,
                                                        gap_ids=[item.id], votes={})))
            collection = "findings"
        command = AddItemsCommand(self.document, entries, f"Add {KIND_WORDS[kind]}", title)
        self.undo_stack.push(command)
        self._start_edit(item.id, kind, collection, fresh=True, command=command)
        return item.id

    def _target(self, kind: str = "point") -> tuple[Any | None, str]:
        """The point (if any) and intercept new items go to: the selection, else the current intercept."""
        scheme = self.document.workshop.scheme
        for item_id in self.scene.selected_ids():
            found = self.document.find(item_id)
            if found is None:
                continue
            collection, model = found
            if collection == "points":
                return model, model.intercept
            if collection == "findings":
                point = self.document.get("points", model.point_id) if model.point_id else None
                return point, point.intercept if point is not None else model.intercept
            if collection == "flows":
                point = self.document.get("points", model.target)
                if point is not None:
                    return point, point.intercept
        ids = scheme.ids()
        # Nothing selected: the intercept the facilitator last jumped to (keys 0-5/X, PageDown).
        current = getattr(self.view, "current_intercept", None)
        if current == CROSS_INTERCEPT and ids and kind == "point":
            current = None  # decision points never sit in the cross-intercept band
        if current is not None and scheme.has(current):
            return None, current
        return None, ids[0] if ids else CROSS_INTERCEPT

    # ================================================================= in-place title editing
    def is_editing(self) -> bool:
        """True while a title is being edited on the map."""
        return self._edit is not None

    def editor(self) -> InlineTitleEditor | None:
        """The open title editor, if any."""
        return self._edit.editor if self._edit is not None else None

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """What Enter would commit now, as (collection, id, fields): the title being typed (and its gap's
        candidate title), for a recovery copy; empty when no title is being edited or it is unchanged."""
        edit = self._edit
        if edit is None or not shiboken6.isValid(edit.editor) or edit.editor.finished:
            return []
        model = self.document.get(edit.collection, edit.item_id)
        text = edit.editor.text()
        if model is None or not text or text == model.title:
            return []
        return self._rename_changes(edit, model, text)

    def rename_selected(self) -> bool:
        """Edit the title of the first selected point, resource or gap in place (F2)."""
        self.finish_editing()
        for item_id in self.scene.selected_ids():
            found = self.document.find(item_id)
            if found is None or found[0] not in ("points", "findings"):
                continue
            collection, model = found
            kind = "point" if collection == "points" else model.kind
            self._start_edit(item_id, kind, collection, fresh=False, command=None)
            return True
        return False

    def finish_editing(self, how: str = "commit") -> None:
        """End the open edit as if the user pressed Enter (``commit``) or Escape (``cancel``)."""
        if self._edit is not None:
            self._edit.editor.finish(how)

    def _start_edit(self, item_id: str, kind: str, collection: str, fresh: bool,
                    command: AddItemsCommand | None) -> None:
        item = self.scene.item_for(item_id)
        model = self.document.get(collection, item_id)
        if item is None or model is None:
            return
        self.scene.select_ids([item_id], ensure_visible=True)
        rect = item.mapRectToScene(item.title_rect())
        cover = item.mapRectToScene(item.title_rect().adjusted(-5, -5, 5, 5))
        editor = InlineTitleEditor(item_id, model.title, rect, item.title_font(), self.scene.theme(), cover)
        self._edit = _Edit(item_id, kind, collection, fresh, command, editor)
        editor.sig_finished.connect(self._on_editor_finished)
        editor.document().contentsChanged.connect(self.sig_pending_text_changed)
        self.scene.addItem(editor)
        self.view.ensureVisible(rect, 60, 60)
        self.view.setFocus()
        self.scene.setFocus()
        editor.setFocus()
        self.sig_editing_changed.emit(True)

    def _on_editor_finished(self, how: str, text: str) -> None:
        edit = self._edit
        if edit is None:
            return
        self._edit = None
        self._retire(edit.editor)
        model = self.document.get(edit.collection, edit.item_id)
        if model is not None:
            if how == CANCEL:
                if edit.fresh:
                    self._drop_fresh(edit)
            elif text and text != model.title:
                self._push_rename(edit, model, text)
        self.sig_editing_changed.emit(False)
        if self.view is not None and shiboken6.isValid(self.view):
            self.view.setFocus()
        if how == NEXT and model is not None:
            self._add(edit.kind)

    def _rename_changes(self, edit: _Edit, model: Any, title: str) -> list[tuple[str, str, dict[str, Any]]]:
        changes: list[tuple[str, str, dict[str, Any]]] = [(edit.collection, edit.item_id, {"title": title})]
        if edit.kind == "gap":
            # Every gap is a candidate priority; keep the candidate's title in step while they agree.
            for cand in self.document.items("candidates"):
                if edit.item_id in cand.gap_ids and cand.title == model.title:
                    changes.append(("candidates", cand.id, {"title": title}))
        return changes

    def _push_rename(self, edit: _Edit, model: Any, title: str) -> None:
        changes = self._rename_changes(edit, model, title)
        text = describe(f"Rename {KIND_WORDS[edit.kind]}", title)
        self.undo_stack.push(UpdateItemsCommand(self.document, changes, text, names_new_item=edit.fresh))

    def _drop_fresh(self, edit: _Edit) -> None:
        """Remove a just-added item without leaving it on the redo stack."""
        index = self.undo_stack.index()
        top = self.undo_stack.command(index - 1) if index > 0 else None
        if edit.command is not None and top is edit.command:
            self.undo_stack.undo()
            # Pushing an obsolete command runs nothing and is not kept, but QUndoStack first drops
            # every command above the current index: the dropped add cannot come back with redo.
            discard = QUndoCommand("Discard")
            discard.setObsolete(True)
            self.undo_stack.push(discard)
            announce_stack_state(self.undo_stack)  # Redo, the history: the dropped add is gone
            return
        ids = edit.command.item_ids() if edit.command is not None else [edit.item_id]
        text = describe("Delete", PLACEHOLDERS[edit.kind])
        self.undo_stack.push(DeleteItemsCommand(self.document, ids, text))

    def _retire(self, editor: InlineTitleEditor) -> None:
        if not shiboken6.isValid(editor):
            return
        with contextlib.suppress(RuntimeError, TypeError):
            editor.sig_finished.disconnect(self._on_editor_finished)
        if editor.scene() is not None:
            editor.scene().removeItem(editor)
        editor.deleteLater()  # not deleted at once: we may be inside the editor's own key handler

    def _abandon_edit(self) -> None:
        edit, self._edit = self._edit, None
        if edit is not None:
            self._retire(edit.editor)
            self.sig_editing_changed.emit(False)

    def _on_change(self, change: Change) -> None:
        # A whole new document (open, recovery) or the edited item vanishing ends the edit quietly.
        if change.action == "reset" and hasattr(self.view, "current_intercept"):
            self.view.current_intercept = None  # another workshop: start from its first intercept
        edit = self._edit
        if edit is None:
            return
        if change.action == "reset" or (
            change.action == "remove" and change.collection == edit.collection and edit.item_id in change.ids
        ):
            self._abandon_edit()

    # ================================================================= delete
    def delete_selected(self) -> bool:
        """Delete the selected items (and the flows and links hanging on them) as one undo step."""
        self.finish_editing()
        ids = [i for i in self.scene.selected_ids() if self.document.find(i) is not None]
        if not ids:
            return False
        self.undo_stack.push(DeleteItemsCommand(self.document, ids, self._delete_text(ids)))
        return True

    def _delete_text(self, ids: list[str]) -> str:
        """``Delete point 'Arrest' and 3 flows``, ``Delete 2 points and 1 gap``: what goes, in words."""
        chosen = set(ids)
        points = {i for i in ids if self.document.get("points", i) is not None}
        # Flows go with their points: name them too, so that the history says what one undo brings back.
        extra_flows = sum(1 for f in self.document.items("flows")
                          if f.id not in chosen and (f.source in points or f.target in points))
        counts: dict[str, int] = {}
        for item_id in ids:
            word = self._kind_word(item_id)
            counts[word] = counts.get(word, 0) + 1
        counts["flow"] = counts.get("flow", 0) + extra_flows
        if len(ids) == 1:
            head = describe(f"Delete {self._kind_word(ids[0])}", self._title(ids[0]))
            parts = [_count(extra_flows, "flow")] if extra_flows else []
        else:
            head = "Delete"
            parts = [_count(n, word) for word, n in counts.items() if n]
        if not parts:
            return head
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        return f"{head} and {listed}" if len(ids) == 1 else f"{head} {listed}"

    def _kind_word(self, item_id: str) -> str:
        found = self.document.find(item_id)
        if found is None:
            return "item"
        collection, model = found
        return {"points": "point", "flows": "flow"}.get(collection, getattr(model, "kind", "item"))

    def _title(self, item_id: str) -> str:
        found = self.document.find(item_id)
        if found is None:
            return ""
        collection, model = found
        if collection == "flows":
            source = self.document.get("points", model.source)
            target = self.document.get("points", model.target)
            return f"{source.title if source else '?'} \u2192 {target.title if target else '?'}"
        return getattr(model, "title", "")

    # ================================================================= copy, paste, duplicate
    def _payload(self) -> dict[str, Any] | None:
        """The selected items as plain data (positions as shown), with the flows between copied points."""
        points, findings, flows = [], [], {}
        for item_id in self.scene.selected_ids():
            found = self.document.find(item_id)
            if found is None:
                continue
            collection, model = found
            if collection == "points":
                data = model.model_dump(mode="json")
                shown = self.scene.item_rect(model.id)
                if not shown.isEmpty():
                    data["x"], data["y"] = shown.left(), shown.top()
                points.append(data)
            elif collection == "findings":
                findings.append(model.model_dump(mode="json"))
            elif collection == "flows":
                flows[model.id] = model.model_dump(mode="json")
        copied = {p["id"] for p in points}
        for flow in self.document.items("flows"):
            if flow.source in copied and flow.target in copied:
                flows.setdefault(flow.id, flow.model_dump(mode="json"))
        if not (points or findings or flows):
            return None
        return {"format": MIME_TYPE, "points": points, "findings": findings, "flows": list(flows.values())}

    def copy_selected(self) -> None:
        """Put the selection on the clipboard: our own JSON format plus the titles as plain text."""
        self.finish_editing()
        payload = self._payload()
        if payload is None:
            return
        mime = QMimeData()
        mime.setData(MIME_TYPE, json.dumps(payload).encode("utf-8"))
        titles = [p["title"] for p in payload["points"]] + [f["title"] for f in payload["findings"]]
        mime.setText("\n".join(titles))
        QGuiApplication.clipboard().setMimeData(mime)

    def cut_selected(self) -> bool:
        """Copy the selection to the clipboard and delete it: one undo step (``Cut ...``)."""
        self.finish_editing()
        ids = [i for i in self.scene.selected_ids() if self.document.find(i) is not None]
        if not ids:
            return False
        self.copy_selected()
        text = self._delete_text(ids).replace("Delete", "Cut", 1)
        self.undo_stack.push(DeleteItemsCommand(self.document, ids, text))
        return True

    def select_all(self) -> list[str]:
        """Select every point, resource, gap and flow on the map; their ids."""
        self.finish_editing()
        ids = [item.id for collection in ("points", "findings", "flows")
               for item in self.document.items(collection) if self.scene.item_for(item.id) is not None]
        self.scene.select_ids(ids, ensure_visible=False)
        return ids

    def paste(self) -> list[str]:
        """Insert the clipboard's items with new ids, offset below the originals; one undo step."""
        self.finish_editing()
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME_TYPE):
            return []
        try:
            payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return []
        return self._insert_payload(payload, "Paste")

    def duplicate_selected(self) -> list[str]:
        """Copy the selection in place (not via the clipboard) with new ids; one undo step."""
        self.finish_editing()
        payload = self._payload()
        return self._insert_payload(payload, "Duplicate") if payload is not None else []

    def _insert_payload(self, payload: Any, verb: str) -> list[str]:
        if not isinstance(payload, dict):
            return []
        scheme = self.document.workshop.scheme
        fallback = scheme.ids()[0] if scheme.ids() else CROSS_INTERCEPT
        entries: list[tuple[str, Any]] = []
        id_map: dict[str, str] = {}
        selected: list[str] = []
        try:
            for data in payload.get("points", []):
                point = DecisionPoint.model_validate(data)
                new = point.model_copy(update={
                    "id": new_id("point"), "y": point.y + PASTE_OFFSET, "pinned": True,
                    "intercept": point.intercept if scheme.has(point.intercept) else fallback,
                })
                id_map[point.id] = new.id
                entries.append(("points", new))
            candidates: list[tuple[str, Any]] = []
            for data in payload.get("findings", []):
                finding = Finding.model_validate(data)
                point_id = finding.point_id
                if point_id is not None and point_id not in id_map:
                    # Attached to a point that was not copied: keep the link if that point still exists.
                    point_id = point_id if self.document.get("points", point_id) is not None else None
                elif point_id is not None:
                    point_id = id_map[point_id]
                new = finding.model_copy(update={
                    "id": new_id("finding"), "point_id": point_id,
                    "intercept": finding.intercept if scheme.has(finding.intercept) else fallback,
                })
                entries.append(("findings", new))
                if new.kind == "gap":
                    candidates.append(("candidates", Candidate(id=new_id("candidate"), title=new.title,
                                                               gap_ids=[new.id], votes={})))
            entries.extend(candidates)
            for data in payload.get("flows", []):
                flow = Flow.model_validate(data)
                if flow.source in id_map and flow.target in id_map:
                    entries.append(("flows", flow.model_copy(update={
                        "id": new_id("flow"), "source": id_map[flow.source], "target": id_map[flow.target],
                    })))
        except ValueError:
            return []  # not our data after all: paste nothing rather than half of it
        shown = [item.id for collection, item in entries if collection in ("points", "findings", "flows")]
        if not shown:
            return []
        text = f"{verb} {len(shown)} item{'s' if len(shown) != 1 else ''}"
        self.undo_stack.push(InsertItemsCommand(self.document, entries, text))
        selected = [i for i in shown if self.scene.item_for(i) is not None]
        self.scene.select_ids(selected)
        return shown

    # ================================================================= connect
    def connect_selected(self) -> bool:
        """Draw a flow from the first selected point to the second, at once (for scripts; Ctrl+L opens
        the connect bar of ``map_connect``, which shows the direction first)."""
        self.finish_editing()
        points = [i for i in self.scene.selected_ids() if self.document.get("points", i) is not None]
        if len(points) < 2:
            return False
        return self.scene.add_flow(points[0], points[1])
