"""The inspector's theme field: a suggestion taken with one click or Alt+U (undoable), or another typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from intercept_mapper.model import Finding, new_workshop
from intercept_mapper.ui.files.document_session import DocumentSession
from intercept_mapper.ui.panels.inspector import PAGE_FINDING, InspectorDock


@pytest.fixture
def inspector(qtbot):  # noqa: ANN001, ANN201
    ws = new_workshop()
    ws.findings += [
        Finding(id="g1", kind="gap", intercept="X", title="Lack of supportive housing"),
        Finding(id="g2", kind="gap", intercept="2", title="Court calendar is slow"),
        Finding(id="r1", kind="resource", intercept="0", title="988 answered locally",
                theme="crisis-services"),
    ]
    session = DocumentSession(ws)
    dock = InspectorDock(session)
    qtbot.addWidget(dock)
    dock.show()
    yield dock
    dock.dispose()


def test_the_suggestion_is_offered_not_written(inspector) -> None:  # noqa: ANN001
    inspector.show_ids(["g1"])
    button = inspector.theme_suggestion
    assert button.isVisible() and button.suggestion() == "housing"
    assert "housing" in button.text()
    assert inspector.document.get("findings", "g1").theme == ""


def test_one_click_sets_it_and_one_undo_takes_it_back(inspector) -> None:  # noqa: ANN001
    inspector.show_ids(["g1"])
    stack = inspector._session.undo_stack
    inspector.theme_suggestion.click()
    assert inspector.document.get("findings", "g1").theme == "housing"
    assert inspector.binding(PAGE_FINDING, "theme").value() == "housing"
    assert not inspector.theme_suggestion.isVisible()  # nothing left to suggest
    assert stack.undoText() == "Set theme of gap 'Lack of supportive housing' to housing"
    stack.undo()
    assert inspector.document.get("findings", "g1").theme == ""
    assert inspector.theme_suggestion.isVisible()


def test_alt_u_takes_the_suggestion(inspector, qtbot) -> None:  # noqa: ANN001
    inspector.show_ids(["g1"])
    inspector.activateWindow()
    qtbot.waitActive(inspector)
    title = inspector.binding(PAGE_FINDING, "title").widget
    title.setFocus()
    QTest.keyClick(title, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert inspector.document.get("findings", "g1").theme == "housing"


def test_typing_another_theme_wins_and_no_suggestion_means_no_button(inspector) -> None:  # noqa: ANN001
    inspector.show_ids(["g1"])
    field = inspector.binding(PAGE_FINDING, "theme").widget
    field.setFocus()
    QTest.keyClicks(field, "supportive-housing")
    assert inspector.document.get("findings", "g1").theme == "supportive-housing"
    assert inspector.theme_suggestion.isVisible()  # still on offer, still not forced
    inspector.show_ids(["g2"])
    assert not inspector.theme_suggestion.isVisible()
    inspector.show_ids(["r1"])  # already has the theme its words suggest
    assert not inspector.theme_suggestion.isVisible()


def test_renaming_an_item_updates_the_suggestion(inspector) -> None:  # noqa: ANN001
    inspector.show_ids(["g2"])
    inspector.document.update("findings", "g2", title="No bus to the court")
    assert inspector.theme_suggestion.suggestion() == "transportation"


def test_picking_a_completion_sets_the_theme(inspector, qtbot) -> None:  # noqa: ANN001
    inspector.show_ids(["g2"])
    inspector.activateWindow()
    qtbot.waitActive(inspector)
    field = inspector.binding(PAGE_FINDING, "theme").widget
    field.setFocus()
    QTest.keyClicks(field, "shar")  # matches inside the word too
    popup = field.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert field.text() == "data-sharing"
    assert inspector.document.get("findings", "g2").theme == "data-sharing"
    stack = inspector._session.undo_stack
    stack.undo()  # the pick, then what was typed before it
    assert inspector.document.get("findings", "g2").theme == "shar"
    stack.undo()
    assert inspector.document.get("findings", "g2").theme == ""
