"""User text for Qt surfaces that guess whether text is markup: tooltips, labels, message boxes.

Qt shows a tooltip, a What's This text, an ``AutoText`` label or a message box as rich text when
``Qt.mightBeRichText`` says so (a tag on the first line), and rich text may load images from local
files and show links. Titles, names and paths are data: they go through ``plain`` (or the label is
set to ``Qt.PlainText``), menu entries through ``menu_text``, and message boxes are ``PlainText``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def escape_markup(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` as entities (``html`` would import a 2,000-entry table)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> str:
    """``text`` as a surface that guesses its format shows it: exactly, never as markup.

    Text Qt would take as plain is returned unchanged (ordinary tooltips look as before); any other is
    escaped and wrapped so that the rich-text renderer shows every character, line breaks included.
    """
    if not Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{escape_markup(text)}</p>"


def menu_text(text: str) -> str:
    """A menu entry or button showing ``text``: a lone ``&`` would underline the next letter."""
    return text.replace("&", "&&")


def show_message(parent: QWidget | None, title: str, text: str, *, warning: bool = True) -> None:
    """A modal warning (or information) box whose text is shown as plain text."""
    from PySide6.QtWidgets import QMessageBox  # not on the start path: its enums cost ~1 ms

    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names, titles and error text are data
    box.exec()


def ask_choice(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str, bool]], *,
               default: str, question: bool = False) -> str | None:
    """A modal box with plain text, one button per ``(key, label, destructive)`` choice and Cancel; the
    key of the button clicked, or None for Cancel (or Esc, or closing the box)."""
    from PySide6.QtWidgets import QMessageBox  # not on the start path: its enums cost ~1 ms

    icon = QMessageBox.Icon.Question if question else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names and titles are data
    buttons = {}
    for key, label, destructive in choices:
        role = QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
        buttons[key] = box.addButton(label, role)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(buttons[default])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in buttons.items() if button is clicked), None)
