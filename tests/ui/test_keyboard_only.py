"""The issue's "done when": build part of the Riverbend map from an empty file with the keyboard alone,
present it and undo everything.

Only key events reach the window, each sent to whichever widget has the keyboard focus (as a real
keyboard would); the test reads the document and the widgets to check, and calls nothing else.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from window_helpers import dump, make_window

from intercept_mapper.ui import MainWindow


@pytest.fixture
def window(qtbot, monkeypatch):  # noqa: ANN001, ANN201
    return make_window(qtbot, monkeypatch)


class Keyboard:
    """Presses keys on the focused widget, the way a person at the keyboard does."""

    def __init__(self, qtbot, window: MainWindow) -> None:  # noqa: ANN001
        self.qtbot = qtbot
        self.window = window
        # What the window system does for a new window: it becomes the active one.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "the keyboard has no widget: a keyboard-only user is stuck"
        assert widget.window() is self.window, f"focus left the main window for {widget!r}"
        return widget

    def press(self, *sequences: str) -> None:
        for sequence in sequences:
            combo = QKeySequence(sequence)[0]
            self.qtbot.keyClick(self.focused(), combo.key(), combo.keyboardModifiers())

    def type(self, text: str, then: str = "Return") -> None:
        self.qtbot.keyClicks(self.focused(), text)
        if then:
            self.press(then)


def titles(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Every point, resource and gap: title -> (intercept, title of its point or "")."""
    ws = window.document.workshop
    points = {p.id: p for p in ws.points}
    shown = {p.title: (p.intercept, "") for p in ws.points}
    for f in ws.findings:
        at = points[f.point_id].title if f.point_id in points else ""
        shown[f.title] = (f.intercept, at)
    return shown


def outline_select(keys: Keyboard, window: MainWindow, *titles_wanted: str) -> None:
    """Select outline rows by their titles with the keyboard alone: Home, Down, Ctrl+Down, Ctrl+Space."""
    keys.press("Ctrl+Shift+O")
    tree = window.outline.tree
    assert tree.hasFocus()
    keys.press("Home")
    first = True
    for wanted in titles_wanted:
        for _ in range(tree.topLevelItemCount() * 40):
            current = tree.currentItem()
            # A point's row reads "■ Title", a resource's "✔ Resource: Title" (a flow's "→ to Title").
            text = current.text(0) if current is not None else ""
            if text[2:] == wanted or text.endswith(": " + wanted):
                break
            keys.press("Down" if first else "Ctrl+Down")  # Down selects; Ctrl+Down only moves
        else:
            raise AssertionError(f"{wanted!r} not found in the outline")
        if not first:
            keys.press("Ctrl+Space")  # add it to the selection
        first = False


def test_build_present_and_undo_the_map_with_the_keyboard_alone(qtbot, window: MainWindow) -> None:
    keys = Keyboard(qtbot, window)
    empty = dump(window)
    assert window.map_view.hasFocus()  # a new window starts on the map

    # Intercept 0: two points; a resource and a gap at the crisis line.
    keys.press("0", "Ctrl+Shift+P")
    keys.type("Crisis line / 988")
    keys.press("Ctrl+Shift+R")
    keys.type("988 answered locally")
    keys.press("Ctrl+Shift+G")
    keys.type("No crisis stabilisation unit")
    keys.press("Ctrl+Shift+P")
    keys.type("Mobile crisis team")
    # Intercept 1: jumping there with 1 makes it the current intercept, whatever was selected.
    keys.press("1", "Ctrl+Shift+P")
    keys.type("911 dispatch")
    keys.press("Ctrl+Shift+P")
    keys.type("Patrol officers", then="Tab")  # Tab keeps it and adds the next point
    keys.type("Co-responder team")
    # Intercept 2: a point typed with a mistake, fixed later with F2.
    keys.press("2")
    assert window.status.currentMessage().startswith("Intercept 2: ")  # the room sees where it goes
    keys.press("Ctrl+Shift+P")
    keys.type("Arest")
    assert titles(window) == {
        "Crisis line / 988": ("0", ""), "988 answered locally": ("0", "Crisis line / 988"),
        "No crisis stabilisation unit": ("0", "Crisis line / 988"), "Mobile crisis team": ("0", ""),
        "911 dispatch": ("1", ""), "Patrol officers": ("1", ""), "Co-responder team": ("1", ""),
        "Arest": ("2", ""),
    }
    # Every gap is a candidate priority at once.
    assert [c.title for c in window.document.workshop.voting.candidates] == ["No crisis stabilisation unit"]

    # A flow: select two points in the outline, then Connect (Ctrl+L): the bar shows the direction
    # (selection order), Enter draws it.
    outline_select(keys, window, "Crisis line / 988", "911 dispatch")
    ws = window.document.workshop
    ids = {p.title: p.id for p in ws.points}
    assert window.canvas.selected_ids() == [ids["Crisis line / 988"], ids["911 dispatch"]]
    keys.press("Ctrl+L")
    assert window.canvas.connector.bar().shown_direction() == "from Crisis line / 988 \u2192 to 911 dispatch"
    keys.press("Return")
    assert [(f.source, f.target) for f in ws.flows] == [(ids["Crisis line / 988"], ids["911 dispatch"])]
    outline_select(keys, window, "Patrol officers", "Arest")
    keys.press("Ctrl+L", "Return")
    assert len(ws.flows) == 2

    # Rename with F2 (from the outline), delete with Delete.
    outline_select(keys, window, "Arest")
    keys.press("F2")
    keys.press("Ctrl+A")
    keys.type("Arrest")
    assert "Arrest" in titles(window) and "Arest" not in titles(window)
    outline_select(keys, window, "Mobile crisis team")
    keys.press("Delete")
    assert "Mobile crisis team" not in titles(window)
    assert window.undo_stack.undoText() == "Delete point 'Mobile crisis team'"
    built = dump(window)

    # Present it: F5, walk the intercepts with PageDown, Escape leaves.
    keys.press("F5")
    assert window.presentation.is_active() and window.menuBar().isHidden()
    for expected in ("0", "1", "2"):
        keys.press("PgDown")
        while window.presentation.current_step() != expected and window.presentation.current_page():
            keys.press("PgDown")  # a lane taller than the screen shows its further pages first
        assert window.presentation.current_step() == expected
        assert window.canvas.scene.spotlight() == expected  # the others are dimmed
    keys.press("Escape")
    assert not window.presentation.is_active() and not window.menuBar().isHidden()
    assert window.canvas.scene.spotlight() is None
    assert dump(window) == built  # presenting changed nothing

    # Undo everything back to the empty file, then redo it all.
    steps = window.undo_stack.index()
    assert steps >= 12
    for _ in range(steps):
        keys.press("Ctrl+Z")
    assert dump(window) == empty
    assert not window.undo_stack.canUndo()
    for n in range(steps):
        keys.press("Ctrl+Shift+Z" if n % 2 else "Ctrl+Y")
    assert dump(window) == built
