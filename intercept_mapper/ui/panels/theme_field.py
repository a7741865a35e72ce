"""The theme field's helpers in the inspector: a suggested theme to accept in one go, and completion.

The suggestion (``model.theme_suggestion.suggest_theme``) is only offered, never written by itself:
the facilitator clicks the button (or presses Alt+U) to take it, or types another theme.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ...model.theme_suggestion import THEMES, normalise_theme, suggest_theme, theme_label

ACCEPT_KEY = "Alt+U"


class ThemeSuggestionButton(QPushButton):
    """Offers the suggested theme of the shown item; hidden when there is none or it is already set."""

    sig_accepted = Signal(str)  # the theme to set

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("theme_suggestion")
        self.setAccessibleName("Use the suggested theme")
        self.setAutoDefault(False)
        self._theme: str | None = None
        self._row: tuple[QFormLayout, QWidget] | None = None  # the form row to show and hide
        self.clicked.connect(self._accept)
        self.hide()

    # ------------------------------------------------------------------ Public API
    def suggestion(self) -> str | None:
        """The theme on offer (None when nothing is offered)."""
        return self._theme

    def offer_for(self, title: str, description: str, current: str) -> None:
        """Offer the suggestion for an item with these words and this theme (hide when not useful)."""
        theme = suggest_theme(title, description)
        if theme is None or normalise_theme(current) == theme:
            self._theme = None
            self._set_shown(False)
            return
        self._theme = theme
        self.setText(f"Use {theme}  ({ACCEPT_KEY})")
        self.setToolTip(f"Suggested from the item's words: {theme_label(theme)}. Click or press "
                        f"{ACCEPT_KEY} to use it, or type another theme in the Theme field.")
        self._set_shown(True)

    def _set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        if self._row is not None:
            form, holder = self._row
            row, _role = form.getWidgetPosition(holder)
            if row >= 0:
                form.setRowVisible(row, shown)

    def _accept(self) -> None:
        if self._theme is not None:
            self.sig_accepted.emit(self._theme)

    def _accept_by_key(self) -> None:
        # Only while the offer can be seen: a hidden inspector tab must not change items unseen.
        if self.isVisible():
            self._accept()


def install_theme_helpers(form: QFormLayout, theme_edit: QLineEdit) -> ThemeSuggestionButton:
    """Put a suggestion button under ``theme_edit`` in ``form`` and complete typing from the vocabulary."""
    completer = QCompleter(list(THEMES), theme_edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    theme_edit.setCompleter(completer)
    button = ThemeSuggestionButton()
    row, _role = form.getWidgetPosition(theme_edit)
    # "Suggested: [Use housing (Alt+U)]" under the field; the holder lets the button keep its own
    # width without forcing the row to wrap in a narrow inspector.
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(button)
    line.addStretch(1)
    holder.setMinimumWidth(0)
    label = QLabel("Suggested:")
    label.setBuddy(button)
    form.insertRow(row + 1, label, holder)
    button._row = (form, holder)
    button._set_shown(False)
    # A window-wide key, so the facilitator can take the suggestion with the map selection too.
    shortcut = QShortcut(QKeySequence(ACCEPT_KEY), button)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(button._accept_by_key)
    return button
