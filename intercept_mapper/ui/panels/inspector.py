"""The inspector dock: every field of the selected item, or the workshop's own details when nothing is.

Edits go through undo commands (keystrokes of one editing session merge into one step); the forms
refresh from the document's change notices, so undo, redo and canvas edits show up here at once.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...model import CROSS_INTERCEPT, Change, Document
from ...model.workshop import DecisionPoint, Finding, Flow
from ..commands import RenameInterceptCommand
from ..files.document_session import DocumentSession
from .field_bindings import (
    Binding,
    BindingError,
    CheckBinding,
    ComboBinding,
    CountBinding,
    DateBinding,
    LineBinding,
    ListBinding,
    TextBinding,
    parse_date,
)
from .field_edit_commands import ChangeFindingKindCommand, FieldEditCommand, SectionFieldEditCommand
from .theme_field import install_theme_helpers

KIND_NAMES = {"points": "point", "flows": "flow", "resource": "resource", "gap": "gap"}
HEADINGS = {"point": "Decision point", "flow": "Flow", "resource": "Resource (what works)",
            "gap": "Gap (what is missing)"}
THEME_OFFER_FIELDS = frozenset({"title", "description", "theme"})  # what the suggested theme reads
_UPDATES_HELD = Qt.WidgetAttribute.WA_UpdatesDisabled
_UPDATE_LATER = QEvent.Type.UpdateLater
_FOCUS_IN = QEvent.Type.FocusIn
PAGE_INFO, PAGE_POINT, PAGE_FLOW, PAGE_FINDING, PAGE_MANY = range(5)
FORM_PAGES = {"points": PAGE_POINT, "flows": PAGE_FLOW, "findings": PAGE_FINDING}  # the form of each
# What the "From", "To" and "At point" choices show of the points, and sort them by.
POINT_OPTION_FIELDS = frozenset({"title", "intercept", "x", "y"})
POINT_CHOOSERS = ("flows", "findings", "points")  # forms that list points or intercepts


def item_kind(collection: str, item: Any) -> str:
    """"point", "flow", "resource" or "gap"."""
    return item.kind if collection == "findings" else KIND_NAMES[collection]


def item_title(document: Document, collection: str, item: Any) -> str:
    """A readable name for undo texts and headings."""
    if collection == "flows":
        source = document.get("points", item.source)
        target = document.get("points", item.target)
        return f"{source.title if source else '?'} \u2192 {target.title if target else '?'}"
    return getattr(item, "title", "")


class _Form(QWidget):
    """A heading and a form of bindings."""

    def __init__(self, heading: str, bindings: list[Binding]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel(heading)
        self.heading.setObjectName("inspector_heading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.bindings = {b.name: b for b in bindings}
        for b in bindings:
            label = QLabel(b.label + ":")
            label.setBuddy(b.widget)
            self.form.addRow(label, b.widget)
        layout.addStretch(1)

    def load(self, item: Any) -> None:
        """Show the values of ``item`` (a model object)."""
        for name, binding in self.bindings.items():
            binding.set_value(getattr(item, name))


class InspectorDock(QDockWidget):
    """Edits the selected item (point, flow, resource or gap) or, with nothing selected, the workshop."""

    sig_pending_text_changed = Signal()  # typed into a field kept only when editing finishes

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("inspector")
        self._session = session
        self._ids: list[str] = []
        self._current: tuple[str, str] | None = None  # (collection, id) shown in a form
        self._edit_session = 0
        self._point_choices: list[tuple[str, str | None]] | None = None  # all points, sorted (cached)
        # Each page's widgets, for ``_show_page``; the workshop page's again after its label rows change.
        self._page_widgets: dict[int, tuple[QWidget, ...]] = {}
        self._build()
        self._unsubscribe = session.document.subscribe(self._on_change)
        self.show_ids([])

    # ------------------------------------------------------------------ Public API
    @property
    def document(self) -> Document:
        """The document being edited."""
        return self._session.document

    def show_ids(self, ids: list[str]) -> None:
        """Show the item(s) with these ids (the canvas or outline selection)."""
        self._ids = [i for i in ids if self.document.find(i) is not None]
        self._edit_session += 1
        self._refresh()

    def focus_first_field(self) -> None:
        """Show the inspector and put the keyboard in its first field."""
        self.show()
        self.raise_()
        page = self._stack.currentWidget()
        first = page.bindings[next(iter(page.bindings))].widget if isinstance(page, _Form) else page
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)  # a line edit then selects its text

    def shown_ids(self) -> list[str]:
        """The ids the inspector is showing."""
        return list(self._ids)

    def current_page(self) -> int:
        """Which form is showing (PAGE_INFO, PAGE_POINT, PAGE_FLOW, PAGE_FINDING or PAGE_MANY)."""
        return self._stack.currentIndex()

    def binding(self, page: int, name: str) -> Binding:
        """The binding of field ``name`` on a page (for tests and scripted demos)."""
        if page == PAGE_INFO:
            return self._info_bindings[name]
        return self._forms[page].bindings[name]

    def pending_edits(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Values typed into fields that are kept only when editing finishes (dates, lists, intercept
        labels), as (collection or section, id or "", fields), for a recovery copy; valid ones only."""
        if not shiboken6.isValid(self._stack):  # the window is being destroyed
            return []
        page = self._stack.currentIndex()
        if page == PAGE_INFO:
            edits = []
            fields = self._typed(self._info_bindings, self.document.workshop.info)
            if fields:
                edits.append(("info", "", fields))
            scheme = self.document.workshop.scheme
            labels = {i: b.widget.text().strip() for i, b in self._label_bindings.items()}
            if any(text and text != scheme.label(i) for i, text in labels.items()):
                intercepts = [x.model_copy(update={"label": labels.get(x.id) or x.label})
                              for x in scheme.intercepts]
                edits.append(("scheme", "", {"intercepts": intercepts, "cross_label":
                                             labels.get(CROSS_INTERCEPT) or scheme.cross_label}))
            return edits
        if self._current is None or page not in self._forms:
            return []
        collection, item_id = self._current
        item = self.document.get(collection, item_id)
        fields = self._typed(self._forms[page].bindings, item) if item is not None else {}
        return [(collection, item_id, fields)] if fields else []

    @staticmethod
    def _typed(bindings: dict[str, Binding], model: Any) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, binding in bindings.items():
            if binding.live or not isinstance(binding.widget, QLineEdit):
                continue  # live fields are in the document already; lists and boxes act at once
            try:
                value = binding.value()
            except BindingError:
                continue
            if getattr(model, name) != value:
                fields[name] = value
        return fields

    def dispose(self) -> None:
        """Stop listening to the document."""
        self._unsubscribe()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self._stack = QStackedWidget()
        self._forms: dict[int, _Form] = {}
        self._stack.addWidget(self._build_info_page())
        self._forms[PAGE_POINT] = _Form("Decision point", [
            LineBinding("title", "Title", "What happens here"),
            ComboBinding("intercept", "Intercept"),
            LineBinding("organisation", "Organisation", "Who runs it"),
            TextBinding("description", "Description"),
            CheckBinding("pinned", "Placement", "Keep where placed by hand"),
        ])
        self._forms[PAGE_FLOW] = _Form("Flow", [
            ComboBinding("source", "From"),
            ComboBinding("target", "To"),
            CountBinding("yearly_count", "People per year"),
        ])
        self._forms[PAGE_FINDING] = _Form("Resource or gap", [
            ComboBinding("kind", "Kind", [("Resource (what works)", "resource"),
                                          ("Gap (what is missing)", "gap")]),
            LineBinding("title", "Title"),
            ComboBinding("intercept", "Intercept"),
            ComboBinding("point_id", "At point"),
            LineBinding("organisation", "Organisation", "Who runs it or raised it"),
            LineBinding("theme", "Theme", "e.g. housing, crisis-services"),
            TextBinding("description", "Description"),
        ])
        # A suggested theme under the Theme field, taken with one click or Alt+U (issue 7).
        theme = self._forms[PAGE_FINDING].bindings["theme"]
        self.theme_suggestion = install_theme_helpers(self._forms[PAGE_FINDING].form, theme.widget)
        self.theme_suggestion.sig_accepted.connect(self._accept_theme)
        theme.widget.completer().activated.connect(lambda _text: self._on_item_edit(theme))
        for page in (PAGE_POINT, PAGE_FLOW, PAGE_FINDING):
            self._stack.addWidget(self._forms[page])
            for binding in self._forms[page].bindings.values():
                binding.connect(self._on_item_edit)
                binding.widget.installEventFilter(self)
                if not binding.live and isinstance(binding.widget, QLineEdit):
                    binding.widget.textEdited.connect(self.sig_pending_text_changed)
        self._many_label = QLabel()
        self._many_label.setObjectName("inspector_many")
        self._many_label.setWordWrap(True)
        self._many_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._many_label.setMargin(12)
        self._stack.addWidget(self._many_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._stack)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(scroll)
        self.setMinimumWidth(300)

    def _build_info_page(self) -> QWidget:
        info_bindings: list[Binding] = [
            LineBinding("title", "Title", "e.g. Sequential Intercept Mapping"),
            LineBinding("jurisdiction", "Jurisdiction", "County or city"),
            ListBinding("dates", "Dates", ", ", "2026-03-18, 2026-03-19", parse_date,
                        lambda d: d.isoformat()),
            CountBinding("attendance", "Attendance"),
            ListBinding("facilitators", "Facilitators", "; ", "Names separated by ;"),
            LineBinding("prepared_by", "Prepared by"),
            LineBinding("sponsors", "Sponsors"),
            ComboBinding("status", "Report status", [("Draft", "draft"), ("Final", "final")]),
            DateBinding("report_date", "Report date", "YYYY-MM-DD; empty: the day it is exported"),
            TextBinding("background", "Background"),
            TextBinding("data_summary", "Data gathered beforehand"),
            TextBinding("recommendations", "Recommendations"),
            TextBinding("further_resources", "Further resources"),
        ]
        page = _Form("Workshop", info_bindings)
        page.heading.setToolTip("Nothing is selected: these are the details of the whole workshop")
        self._info_bindings: dict[str, Binding] = dict(page.bindings)
        for binding in info_bindings:
            binding.connect(self._on_info_edit)
            binding.widget.installEventFilter(self)
            if not binding.live and isinstance(binding.widget, QLineEdit):
                binding.widget.textEdited.connect(self.sig_pending_text_changed)
        self._labels_box = QGroupBox("Intercept labels")
        self._labels_form = QFormLayout(self._labels_box)
        self._label_bindings: dict[str, LineBinding] = {}
        page.layout().insertWidget(page.layout().count() - 1, self._labels_box)
        return page

    def _sync_label_bindings(self) -> None:
        scheme = self.document.workshop.scheme
        wanted = [*scheme.ids(), CROSS_INTERCEPT]
        if list(self._label_bindings) != wanted:
            while self._labels_form.rowCount():
                self._labels_form.removeRow(0)
            self._page_widgets.pop(PAGE_INFO, None)  # its label fields are new ones
            self._label_bindings = {}
            for intercept_id in wanted:
                name = "Cross-intercept" if intercept_id == CROSS_INTERCEPT else f"Intercept {intercept_id}"
                binding = LineBinding(f"label_{intercept_id}", name)
                binding.widget.editingFinished.connect(
                    lambda i=intercept_id, b=binding: self._on_label_edit(i, b))
                binding.widget.textEdited.connect(self.sig_pending_text_changed)
                self._label_bindings[intercept_id] = binding
                self._labels_form.addRow(name + ":", binding.widget)
        for intercept_id, binding in self._label_bindings.items():
            binding.set_value(scheme.label(intercept_id))

    # ------------------------------------------------------------------ showing
    def _refresh(self) -> None:
        self._ids = [i for i in self._ids if self.document.find(i) is not None]
        if not self._ids:
            self._current = None
            self._show_info()
        elif len(self._ids) > 1:
            self._current = None
            self._many_label.setText(f"{len(self._ids)} items selected.\n\n"
                                     "Select one item to edit its details.")
            self._show_page(PAGE_MANY)
        else:
            collection, item = self.document.find(self._ids[0])
            self._current = (collection, item.id)
            self._show_item(collection, item)

    def _show_info(self) -> None:
        info = self.document.workshop.info
        for name, binding in self._info_bindings.items():
            binding.set_value(getattr(info, name))
        self._sync_label_bindings()
        self._show_page(PAGE_INFO)

    def _show_item(self, collection: str, item: Any) -> None:
        if isinstance(item, DecisionPoint):
            page = PAGE_POINT
            self._forms[page].bindings["intercept"].set_options(self._intercept_options(cross=False))
        elif isinstance(item, Flow):
            page = PAGE_FLOW
            options = self._point_options(include_none=False)
            self._forms[page].bindings["source"].set_options(options)
            self._forms[page].bindings["target"].set_options(options)
        elif isinstance(item, Finding):
            page = PAGE_FINDING
            self._forms[page].bindings["intercept"].set_options(self._intercept_options(cross=True))
            self._forms[page].bindings["point_id"].set_options(self._point_options(include_none=True))
        else:  # participants, candidates ...: their own panels edit them
            self._many_label.setText("This item is edited in its own panel.")
            self._show_page(PAGE_MANY)
            return
        form = self._forms[page]
        self._set_heading(form, collection, item)
        form.load(item)
        if page == PAGE_FINDING:
            self.theme_suggestion.offer_for(item.title, item.description, item.theme)
        self._show_page(page)

    def _show_changed_fields(self, collection: str, item: Any, fields: frozenset[str]) -> None:
        """The item shown, after an update of ``fields`` of it: its values again, and the heading and the
        theme offer only when those fields feed them. The page and its choices stay: the choices list
        the scheme's intercepts and the points, which an edit of the item itself leaves as they were
        (a change of those comes with its own notice, and ``_on_change`` shows the whole item then).
        A gap's add and naming, or its move to another intercept, re-made the whole form (~0.3 ms)."""
        page = FORM_PAGES.get(collection)
        if page is None or page != self._stack.currentIndex():
            self._show_item(collection, item)  # not in a form of its own (a candidate ...): as before
            return
        form = self._forms[page]
        if "kind" in fields:
            self._set_heading(form, collection, item)
        form.load(item)
        if page == PAGE_FINDING and fields & THEME_OFFER_FIELDS:
            self.theme_suggestion.offer_for(item.title, item.description, item.theme)

    @staticmethod
    def _set_heading(form: _Form, collection: str, item: Any) -> None:
        _set_text(form.heading, HEADINGS[item_kind(collection, item)])

    def _show_page(self, page: int) -> None:
        """Bring ``page`` in front, repainted once in the next paint.

        ``QStackedWidget`` turns its updates off and on around a change of page, which marks every
        widget of the page dirty one by one, and each widget shown posts itself an update for later.
        With the dock's scroll area around it, Qt then painted the whole page three times (twice in
        the next paint, its opaque background and its dirty children in two passes, then once more
        for the updates posted for later): ~3 ms of a gap's add and ~5 ms of its delete at 3,000
        items. Here the stack's updates are held without that, the updates posted for later are
        dropped and the stack is marked dirty once: the next paint paints the page once."""
        stack = self._stack
        if stack.currentIndex() == page:
            return
        stack.setAttribute(_UPDATES_HELD, True)  # not setUpdatesEnabled: turning it on marks each child
        try:
            stack.setCurrentIndex(page)
        finally:
            stack.setAttribute(_UPDATES_HELD, False)
        widgets = self._page_widgets.get(page)
        if widgets is None:  # the page and every widget in it, found once (~0.1 ms a change of page)
            shown = stack.currentWidget()
            widgets = self._page_widgets[page] = (shown, *shown.findChildren(QWidget))
        for widget in widgets:
            QCoreApplication.removePostedEvents(widget, _UPDATE_LATER)  # the stack's update covers them
        stack.update()

    def _intercept_options(self, cross: bool) -> list[tuple[str, str]]:
        scheme = self.document.workshop.scheme
        options = [(f"{i.id}  {i.label}", i.id) for i in scheme.intercepts]
        if cross:
            options.append((scheme.cross_label, CROSS_INTERCEPT))
        return options

    def _point_options(self, include_none: bool) -> list[tuple[str, str | None]]:
        if self._point_choices is None:  # sorting thousands of points is a few ms: only after they change
            scheme = self.document.workshop.scheme
            # Each intercept's column as ``scheme.order`` gives it (the first of an id; the rest after
            # every intercept), looked up once: ``order`` per point was ~0.6 ms of 900 points' sort.
            column: dict[str, int] = {}
            for n, intercept in enumerate(scheme.intercepts):
                column.setdefault(intercept.id, n)
            after = len(scheme.intercepts)
            points = sorted(self.document.workshop.points,
                            key=lambda p: (column.get(p.intercept, after), p.y, p.x))
            self._point_choices = [(f"{p.intercept}  {p.title or '(untitled)'}", p.id) for p in points]
        none: list[tuple[str, str | None]] = [("(no point)", None)] if include_none else []
        return none + self._point_choices

    # ------------------------------------------------------------------ editing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A field gaining focus starts a new editing session (a new undo step).

        It sees every event of every field (a change of page shows, lays out and paints ~20 of them):
        the event type is compared with a constant, and it answers False itself, as the
        ``QObject.eventFilter`` that ``QDockWidget`` inherits does, without a second call into Qt."""
        if event.type() == _FOCUS_IN:
            self._edit_session += 1
        return False

    def _on_item_edit(self, binding: Binding) -> None:
        if self._current is None:
            return
        collection, item_id = self._current
        item = self.document.get(collection, item_id)
        if item is None:
            return
        try:
            value = binding.value()
        except BindingError as exc:
            binding.show_error(str(exc))
            return
        binding.show_error("")
        if getattr(item, binding.name) == value:
            return
        fields: dict[str, Any] = {binding.name: value}
        if collection == "findings" and binding.name == "point_id" and value is not None:
            point = self.document.get("points", value)
            if point is not None:  # a resource or gap sits in the intercept of its point
                fields["intercept"] = point.intercept
        elif collection == "findings" and binding.name == "intercept" and item.point_id:
            point = self.document.get("points", item.point_id)
            if point is not None and point.intercept != value:
                fields["point_id"] = None
        label = binding.label.lower()
        title = _short(item_title(self.document, collection, item))
        if collection == "findings" and binding.name == "kind":
            text = f"Make {item_kind(collection, item)} '{title}' a {value}"
            self._session.undo_stack.push(ChangeFindingKindCommand(self.document, item_id, value, text))
            return
        text = f"Edit {label} of {item_kind(collection, item)} '{title}'"
        companions = []
        if collection == "points" and binding.name == "intercept":
            # Its resources and gaps move with it: they are drawn under the point.
            companions = [("findings", f.id, {"intercept": value}) for f in self.document.items("findings")
                          if f.point_id == item_id and f.intercept != value]
        elif collection == "findings" and binding.name == "title":
            # Every gap is a candidate priority; its title follows the gap's while the two agree.
            companions = [("candidates", c.id, {"title": value}) for c in self.document.items("candidates")
                          if item_id in c.gap_ids and c.title == item.title]
        command = FieldEditCommand(self.document, collection, item_id, fields, text,
                                   merge=binding.live, edit_session=self._edit_session, companions=companions)
        self._session.undo_stack.push(command)

    def _accept_theme(self, theme: str) -> None:
        """Set the suggested theme on the shown resource or gap: one undo step of its own."""
        if self._current is None or self._current[0] != "findings":
            return
        item = self.document.get("findings", self._current[1])
        if item is None or item.theme == theme:
            return
        self._edit_session += 1
        text = f"Set theme of {item.kind} '{_short(item.title)}' to {theme}"
        self._session.undo_stack.push(FieldEditCommand(self.document, "findings", item.id, {"theme": theme},
                                                       text, merge=False, edit_session=self._edit_session))

    def _on_info_edit(self, binding: Binding) -> None:
        try:
            value = binding.value()
        except BindingError as exc:
            binding.show_error(str(exc))
            return
        binding.show_error("")
        if getattr(self.document.workshop.info, binding.name) == value:
            return
        command = SectionFieldEditCommand(self.document, "info", {binding.name: value},
                                          f"Edit workshop {binding.label.lower()}",
                                          merge=binding.live, edit_session=self._edit_session)
        self._session.undo_stack.push(command)

    def _on_label_edit(self, intercept_id: str, binding: LineBinding) -> None:
        try:
            label = binding.value().strip()
        except BindingError as exc:
            binding.show_error(str(exc))
            return
        binding.show_error("")
        if not label:  # an intercept always has a label: put the old one back
            binding.set_value(self.document.workshop.scheme.label(intercept_id))
            return
        if label != self.document.workshop.scheme.label(intercept_id):
            self._session.undo_stack.push(RenameInterceptCommand(self.document, intercept_id, label))

    def _on_change(self, change: Change) -> None:
        points_listed = change.collection == "points" and (
            change.action != "update" or bool(change.fields & POINT_OPTION_FIELDS))
        if points_listed or change.action == "reset" or change.collection == "scheme":
            self._point_choices = None
        if change.action == "reset":
            self._ids = []
            self._refresh()
            return
        if self._current is None:
            if not self._ids and change.collection in ("info", "scheme"):
                self._show_info()
            elif len(self._ids) > 1 and change.action == "remove":
                self._refresh()
            return
        collection, item_id = self._current
        if change.action == "remove" and item_id in change.ids:
            self._refresh()
        elif change.collection == collection and item_id in change.ids:
            item = self.document.get(collection, item_id)
            if change.action == "update" and change.fields:
                self._show_changed_fields(collection, item, change.fields)
            else:
                self._show_item(collection, item)
        elif (points_listed or change.collection == "scheme") and collection in POINT_CHOOSERS:
            # Titles and intercepts of points appear in this form's choices.
            self._show_item(collection, self.document.get(collection, item_id))


def _set_text(label: QLabel, text: str) -> None:
    """Set a label's text only when it differs: a wrapped label re-lays its form out on every set."""
    if label.text() != text:
        label.setText(text)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
