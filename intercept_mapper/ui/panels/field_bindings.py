"""Small adapters between an editor widget and one field of the model, for the inspector's forms.

Each binding reads and writes its widget without triggering an edit (``set_value`` is silent) and
calls ``on_edit(binding)`` when the user changes the value. ``live`` bindings report every keystroke
(merged into one undo step); the others report when editing finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from ...model.limits import text_limit, text_problem
from ..plain_text import plain

EditCallback = Callable[["Binding"], None]
NOT_RECORDED = -1


class BindingError(ValueError):
    """The widget holds text that is not a valid value (shown to the user, nothing is changed)."""


class Binding:
    """One field of the model shown in one widget."""

    live = False  # True: report every change (typing); False: report when editing finishes

    def __init__(self, name: str, label: str, widget: QWidget) -> None:
        self.name = name
        self.label = label
        self.widget = widget
        widget.setObjectName(f"field_{name}")
        widget.setAccessibleName(label)
        self._on_edit: EditCallback | None = None
        self._error = ""

    def connect(self, on_edit: EditCallback) -> None:
        """Call ``on_edit(self)`` when the user changes the value."""
        self._on_edit = on_edit

    def _edited(self, *_args: Any) -> None:
        if self._on_edit is not None:
            self._on_edit(self)

    def value(self) -> Any:
        """The value the widget holds (raises ``BindingError`` when it is not valid)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` without reporting an edit; unchanged widgets are left alone (cursor kept)."""
        raise NotImplementedError

    def _storable(self, text: str) -> str:
        """``text`` if the file can hold it in this field, else ``BindingError`` saying why (the loader's
        limits: what the inspector stores, the file opens again)."""
        why = text_problem(text, text_limit(self.name))
        if why:
            raise BindingError(f"{self.label} {why}")
        return text

    def show_error(self, message: str) -> None:
        """Mark the widget as holding an invalid value (empty ``message`` clears the mark)."""
        if message == self._error:
            return  # a style sheet set again re-polishes the widget and re-lays its whole form out
        self._error = message
        self.widget.setToolTip(plain(message))  # messages quote what was typed
        self.widget.setStyleSheet("border: 2px solid #d55e00;" if message else "")


class LineBinding(Binding):
    """A one-line text field, edited live."""

    live = True

    def __init__(self, name: str, label: str, placeholder: str = "") -> None:
        widget = QLineEdit()
        widget.setPlaceholderText(placeholder)
        super().__init__(name, label, widget)
        widget.textEdited.connect(self._edited)

    def value(self) -> str:
        return self._storable(self.widget.text())

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.widget.text() != text:
            with QSignalBlocker(self.widget):
                self.widget.setText(text)
                if not self.widget.hasFocus():
                    self.widget.setCursorPosition(0)  # show the start of a long text, not its end


class TextBinding(Binding):
    """A multi-line text field, edited live."""

    live = True

    def __init__(self, name: str, label: str, lines: int = 4) -> None:
        widget = QPlainTextEdit()
        widget.setTabChangesFocus(True)  # Tab moves on, as in every other field
        widget.setFixedHeight(widget.fontMetrics().lineSpacing() * lines + 14)
        super().__init__(name, label, widget)
        widget.textChanged.connect(self._edited)

    def value(self) -> str:
        return self._storable(self.widget.toPlainText())

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.widget.toPlainText() != text:
            with QSignalBlocker(self.widget):
                self.widget.setPlainText(text)


class ComboBinding(Binding):
    """A choice among (text, value) options; reported as soon as the user picks one."""

    def __init__(self, name: str, label: str, options: list[tuple[str, Any]] | None = None) -> None:
        widget = QComboBox()
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(12)
        super().__init__(name, label, widget)
        self._options: list[tuple[str, Any]] = []
        if options:
            self.set_options(options)
        widget.activated.connect(self._edited)

    def set_options(self, options: list[tuple[str, Any]]) -> None:
        """Replace the choices, keeping the current value selected when it is still offered.

        The values stay in ``_options`` (``value`` and ``_select`` read them there), so the combo gets
        only the texts, in one ``addItems``: one ``addItem(text, value)`` per option was ~1.1 ms for the
        900 points of a 3,000-item map (~2.5 ms in the edit that first shows them), against 0.25."""
        if options == self._options:
            return
        current = self.value() if self._options else None
        self._options = list(options)
        with QSignalBlocker(self.widget):
            self.widget.clear()
            self.widget.addItems([text for text, _ in options])
            self._select(current)

    def value(self) -> Any:
        index = self.widget.currentIndex()
        return self._options[index][1] if 0 <= index < len(self._options) else None

    def set_value(self, value: Any) -> None:
        if self.value() != value or self.widget.currentIndex() < 0:
            with QSignalBlocker(self.widget):
                self._select(value)

    def _select(self, value: Any) -> None:
        for n, (_, data) in enumerate(self._options):
            if data == value:
                self.widget.setCurrentIndex(n)
                return
        self.widget.setCurrentIndex(-1)


class CountBinding(Binding):
    """A whole number that may be unknown (``None``, shown as "not recorded"), edited live."""

    live = True

    def __init__(self, name: str, label: str) -> None:
        widget = QSpinBox()
        widget.setRange(NOT_RECORDED, 1_000_000_000)
        widget.setSpecialValueText("not recorded")
        widget.setGroupSeparatorShown(True)
        super().__init__(name, label, widget)
        widget.valueChanged.connect(self._edited)

    def value(self) -> int | None:
        number = self.widget.value()
        return None if number == NOT_RECORDED else number

    def set_value(self, value: Any) -> None:
        number = NOT_RECORDED if value is None else int(value)
        if self.widget.value() != number:
            with QSignalBlocker(self.widget):
                self.widget.setValue(number)


class CheckBinding(Binding):
    """A yes/no field."""

    def __init__(self, name: str, label: str, text: str) -> None:
        widget = QCheckBox(text)
        super().__init__(name, label, widget)
        widget.toggled.connect(self._edited)

    def value(self) -> bool:
        return self.widget.isChecked()

    def set_value(self, value: Any) -> None:
        if self.widget.isChecked() != bool(value):
            with QSignalBlocker(self.widget):
                self.widget.setChecked(bool(value))


class ListBinding(Binding):
    """A list typed on one line with separators (names, dates); reported when editing finishes."""

    def __init__(self, name: str, label: str, separator: str, placeholder: str,
                 parse_item: Callable[[str], Any] = str, format_item: Callable[[Any], str] = str) -> None:
        widget = QLineEdit()
        widget.setPlaceholderText(placeholder)
        super().__init__(name, label, widget)
        self._separator = separator
        self._parse_item = parse_item
        self._format_item = format_item
        widget.editingFinished.connect(self._edited)

    def value(self) -> list[Any]:
        parts = [p.strip() for p in self.widget.text().split(self._separator.strip())]
        try:
            return [self._parse_item(p) for p in parts if p]
        except ValueError as exc:
            raise BindingError(str(exc)) from exc

    def set_value(self, value: Any) -> None:
        text = self._separator.join(self._format_item(v) for v in value or [])
        try:
            same = self.value() == list(value or [])
        except BindingError:
            same = False
        if not same:
            with QSignalBlocker(self.widget):
                self.widget.setText(text)
                if not self.widget.hasFocus():
                    self.widget.setCursorPosition(0)
        self.show_error("")


class DateBinding(Binding):
    """A date that may be unset, typed as YYYY-MM-DD (empty: ``None``); reported when editing finishes."""

    def __init__(self, name: str, label: str, placeholder: str = "YYYY-MM-DD, or empty") -> None:
        widget = QLineEdit()
        widget.setPlaceholderText(placeholder)
        super().__init__(name, label, widget)
        widget.editingFinished.connect(self._edited)

    def value(self) -> date | None:
        text = self.widget.text().strip()
        try:
            return parse_date(text) if text else None
        except ValueError as exc:
            raise BindingError(str(exc)) from exc

    def set_value(self, value: Any) -> None:
        try:
            same = self.value() == value
        except BindingError:
            same = False
        if not same:
            with QSignalBlocker(self.widget):
                self.widget.setText("" if value is None else value.isoformat())
        self.show_error("")


def parse_date(text: str) -> date:
    """A date typed as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date like 2026-03-18") from None
