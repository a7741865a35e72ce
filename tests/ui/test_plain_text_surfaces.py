"""Issue 13, case 4: titles are data in Qt too. No tooltip, label, item, action or message shows user
text as markup (bold, a red font, an image read from a local file, a link); each shows it literally.

The walk opens the real window on a hostile workshop with every panel built and checks every text Qt
may render: widget and action tooltips, What's This and status tips, labels (by their text format),
item-view data and headers, map item tooltips, the status bar and the undo history after edits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGraphicsView,
    QLabel,
    QMessageBox,
    QTabBar,
    QWidget,
)
from window_helpers import make_window

from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Objective,
    Participant,
    VotingTable,
    new_workshop,
)
from intercept_mapper.model.simmap_file import save_workshop
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.map.inline_title_editor import InlineTitleEditor
from intercept_mapper.ui.plain_text import escape_markup, menu_text, plain, show_message
from intercept_mapper.ui.window import window_actions as wa

# What a hostile title carries; each must reach the screen as these very characters.
MARKERS = ["<b>", "<font color=red>", "<img src=file:///etc/hostname>", "<a href='https://example.com/x'>",
           "AT&amp;T"]
TAIL = "\x1b]0;retitled\x07\x1b[2J \u202eRTL"  # terminal escapes and a bidi override ride along


def hostile(name: str) -> str:
    """A title that starts with markup (what Qt sniffs) and holds every marker."""
    return f"<b>{name}</b> <font color=red>red</font> <img src=file:///etc/hostname> " \
           f"<a href='https://example.com/x'>link</a> AT&amp;T {TAIL}"


def hostile_workshop_file(folder: Path, name: str = "hostile.simmap", *, older: bool = False) -> Path:
    """A workshop whose every user-written text is hostile: map, voting, plans, people, details.

    ``older`` is an earlier version of it for ``compare``: one more gap (closed since), a step not done.
    """
    ws = new_workshop(title=hostile("Workshop"), jurisdiction=hostile("County"))
    ws.info.background = hostile("Background")
    ws.scheme.intercepts[1].label = hostile("Law enforcement")
    ws.scheme.cross_label = hostile("Cross")
    ws.points = [
        DecisionPoint(id="p1", intercept="1", title=hostile("Dispatch"), organisation=hostile("Org"),
                      description=hostile("Desc"), x=0, y=0),
        DecisionPoint(id="p2", intercept="2", title=f"Booking {hostile('Jail')}"),
    ]
    ws.flows = [Flow(id="f1", source="p1", target="p2", yearly_count=12)]
    ws.findings = [
        Finding(id="r1", kind="resource", intercept="1", title=hostile("Resource"), point_id="p1",
                organisation=hostile("ROrg"), description=hostile("RDesc"), theme=hostile("Theme")),
        Finding(id="g1", kind="gap", intercept="2", title=hostile("Gap"), point_id="p2"),
        Finding(id="g2", kind="gap", intercept="X", title=hostile("Loose gap")),
    ]
    ws.participants = [Participant(id="pp1", name=hostile("Ana"), organisation=hostile("Peers"),
                                   sector=hostile("Sector"), table="tb1", lived_experience=True)]
    ws.voting.tables = [VotingTable(id="tb1", name=hostile("Table"))]
    ws.voting.candidates = [Candidate(id="c1", title=hostile("Candidate"), description=hostile("CDesc"),
                                      gap_ids=["g1"], intercepts=["2"], votes={"tb1": 9})]
    ws.action_plans = [ActionPlan(id="ap1", candidate_id="c1", title=hostile("Plan"), objectives=[
        Objective(id="o1", text=hostile("Objective"), steps=[
            ActionStep(id="s1", text=hostile("Step one"), who=hostile("Who"), when=date(2020, 1, 1),
                       notes=hostile("Notes")),
            ActionStep(id="s2", text=hostile("Step two"), who_participant_id="pp1", who=hostile("Ana"),
                       depends_on=["s1"]),
        ])])]
    if older:
        ws.findings.append(Finding(id="g9", kind="gap", intercept="2", title=hostile("Closed gap")))
    else:
        ws.action_plans[0].objectives[0].steps[0].status = "done"
    path = folder / name
    save_workshop(ws, path, backup=False)
    return path


# ----------------------------------------------------------------------------- what Qt renders
def rendered(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> tuple[str, str]:
    """What a surface of format ``fmt`` shows for ``text`` (as plain text), and its HTML if rich."""
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return text, ""
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText(), doc.toHtml()


def problems_with(where: str, text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> list[str]:
    """Why this surface lets markup through (empty when it shows user text literally)."""
    if not text:
        return []
    shown, html = rendered(text, fmt)
    found = []
    for marker in MARKERS:
        if (marker in text or escape_markup(marker) in text) and marker not in shown:
            found.append(f"{where}: shows {marker!r} as markup (or mangled): {text[:120]!r}")
    if "<img" in html or "<a href" in html:
        found.append(f"{where}: renders an image or a link: {text[:120]!r}")
    return found


def _count(count, parent: QModelIndex) -> int:  # noqa: ANN001
    try:
        return count(parent)
    except TypeError:  # a list model keeps columnCount private to Python: one column, no children
        return 0 if parent.isValid() else 1


def _indexes(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    parent = parent or QModelIndex()
    for row in range(_count(model.rowCount, parent)):
        for column in range(_count(model.columnCount, parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and _count(model.rowCount, index) > 0:
                yield from _indexes(model, index)


def surfaces(widgets: list[QWidget]) -> Iterator[tuple[str, str, Qt.TextFormat]]:
    """(where, text, format) for every text these widgets and their children may render."""
    auto, plain_fmt = Qt.TextFormat.AutoText, Qt.TextFormat.PlainText
    seen: set[int] = set()
    every: list[QWidget] = []
    for top in widgets:
        for w in [top, *top.findChildren(QWidget)]:
            if id(w) not in seen:
                seen.add(id(w))
                every.append(w)
    for w in every:
        name = f"{type(w).__name__}({w.objectName()})"
        yield f"{name}.toolTip", w.toolTip(), auto
        yield f"{name}.whatsThis", w.whatsThis(), auto
        yield f"{name}.statusTip", w.statusTip(), plain_fmt
        if isinstance(w, QLabel):
            yield f"{name}.text", w.text(), w.textFormat()
        if isinstance(w, QTabBar):
            for n in range(w.count()):
                yield f"{name}.tabToolTip[{n}]", w.tabToolTip(n), auto
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for index in _indexes(model):
                for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield f"{name}[{index.row()},{index.column()}].{role.name}", value, auto
            top = QModelIndex()
            for orientation, count in ((Qt.Orientation.Horizontal, _count(model.columnCount, top)),
                                       (Qt.Orientation.Vertical, _count(model.rowCount, top))):
                for section in range(count):
                    value = model.headerData(section, orientation, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(value, str):
                        yield f"{name}.header[{section}].toolTip", value, auto
        if isinstance(w, QGraphicsView) and w.scene() is not None:
            for item in w.scene().items():
                yield f"{name}:{type(item).__name__}.toolTip", item.toolTip(), auto
        for action in w.actions():
            where = f"{name}:QAction({action.objectName() or action.text()})"
            yield f"{where}.toolTip", action.toolTip(), auto
            yield f"{where}.whatsThis", action.whatsThis(), auto
            yield f"{where}.statusTip", action.statusTip(), plain_fmt


def walk(widgets: list[QWidget]) -> list[str]:
    """Every problem on every surface of these widgets."""
    found: list[str] = []
    for where, text, fmt in surfaces(widgets):
        found += problems_with(where, text, fmt)
    return found


def _summary(found: list[str]) -> list[str]:
    """One line per kind of surface at fault (a row or section number does not make a new kind)."""
    kinds = {re.sub(r"\[[\d,]+\]", "[]", f.split(": ")[0]) for f in found}
    return [f"{len(found)} problems on {len(kinds)} kinds of surface, e.g. {found[0]}", *sorted(kinds)]


# ----------------------------------------------------------------------------- the helpers
@pytest.mark.parametrize("text", ["<b>x</b>", "Plan: <img src=file:///etc/hostname>\n  two  lines",
                                  "AT&amp;T <a href='x'>l</a>", "\u200b<i>zero-width first</i>"])
def test_plain_is_shown_exactly_by_a_surface_that_sniffs(text: str, qapp) -> None:  # noqa: ANN001
    assert rendered(plain(text))[0] == text


def test_plain_leaves_ordinary_text_alone() -> None:
    assert plain("Decision point: Arrest & booking") == "Decision point: Arrest & booking"


def test_menu_text_keeps_an_ampersand() -> None:
    assert menu_text("Tom & Jerry.simmap") == "Tom && Jerry.simmap"


def test_show_message_shows_plain_text(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    formats: list[tuple[Qt.TextFormat, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: formats.append((box.textFormat(), box.text())))
    show_message(None, "Cannot open workshop", hostile("file.simmap"))
    assert formats == [(Qt.TextFormat.PlainText, hostile("file.simmap"))]


# ----------------------------------------------------------------------------- the window
@pytest.fixture
def hostile_window(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> MainWindow:  # noqa: ANN001
    window = make_window(qtbot, monkeypatch)
    path = hostile_workshop_file(tmp_path)
    assert window.open_path(path)
    window.priorities_panel  # noqa: B018 - builds the late panels (voting, plans, participants)
    return window


def test_the_outline_tooltip_shows_a_title_as_text(hostile_window: MainWindow) -> None:
    """The case as seen: the outline rendered a title's bold, red font, local image and link."""
    tree = hostile_window.outline.tree
    tips = [index.data(Qt.ItemDataRole.ToolTipRole) for index in _indexes(tree.model())]
    dispatch = [t for t in tips if t and "Dispatch" in t]
    assert dispatch
    for tip in dispatch:
        shown, html = rendered(tip)
        assert hostile("Dispatch") in shown and "<img" not in html, tip


def test_the_maps_tooltips_show_titles_as_text(hostile_window: MainWindow) -> None:
    """The map's tooltips were thought safe: a leading zero-width space does not stop Qt's sniffing."""
    items = [i for i in hostile_window.map_view.scene().items() if i.toolTip()]
    assert items
    assert [p for i in items for p in problems_with(type(i).__name__, i.toolTip())] == []


def test_no_surface_of_the_window_renders_user_text_as_markup(qtbot, hostile_window: MainWindow,  # noqa: ANN001
                                                             tmp_path: Path) -> None:
    window = hostile_window
    plans = window.action_plan_panel
    scene = window.map_view.scene()
    found: list[str] = []
    # With nothing selected (the workshop's details), then each kind of item in the inspector.
    found += walk([window])
    for item_id in ("p1", "r1", "g2", "f1"):
        scene.select_ids([item_id])
        found += walk([window.inspector, window.status])
    assert plans.select_row("s2")  # the step form: who, depends on
    found += walk([plans])
    plans.select_row("o1")
    found += walk([plans])
    # Edits: the undo history and the Undo/Redo tooltips name the edited titles.
    scene.select_ids(["p2"])
    window.action(wa.ACTION_RENAME).trigger()  # F2: the title typed in place, as a facilitator would
    qtbot.keyClicks(QApplication.focusWidget(), "<b>Typed</b> <img src=file:///etc/hostname>")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    scene.select_ids(["p1"])
    window.action(wa.ACTION_DELETE).trigger()
    assert "<b>Dispatch" in window.action(wa.ACTION_UNDO).toolTip() or \
        "&lt;b&gt;Dispatch" in window.action(wa.ACTION_UNDO).toolTip()
    found += walk([window])
    window.action(wa.ACTION_UNDO).trigger()  # now Redo names the deleted title
    window.action(wa.ACTION_SHOW_HISTORY).trigger()
    qtbot.waitUntil(lambda: window.history.view.stack() is window.undo_stack)
    history = window.history.view.model()
    steps = [str(history.index(r, 0).data()) for r in range(history.rowCount())]
    assert any("<b>Typed</b>" in step for step in steps) and any("<b>Dispatch" in step for step in steps)
    found += walk([window])
    found += problems_with("status bar message", window.status.currentMessage(), Qt.TextFormat.PlainText)
    # The dialogs that show other files' text: compare (with an older copy) and the rollup.
    other = hostile_workshop_file(tmp_path, "older.simmap", older=True)
    compare = window.open_compare(other)
    assert compare is not None and compare.tree.topLevelItemCount()
    rollup = window.open_rollup()
    rollup.add_paths([other, tmp_path / "hostile.simmap"])
    rollup.build()
    found += walk([w for w in (compare, rollup) if w is not None])
    # The connect bar (Ctrl+L) and the voting board (F6) quote titles in their own widgets.
    scene.select_ids(["p1"])
    window.action(wa.ACTION_CONNECT).trigger()
    assert window.findChild(QWidget, "connect_bar").isVisible()
    priorities = window.priorities_panel
    priorities.table.setCurrentCell(0, 1)  # the reason line under the grid quotes the title
    board = priorities.show_board()
    found += walk(QApplication.topLevelWidgets())
    board.close_board()
    assert not found, "\n".join(_summary(found))


def test_recent_files_show_their_names_and_paths_as_text(hostile_window: MainWindow, tmp_path: Path) -> None:
    path = hostile_workshop_file(tmp_path, "<b>AT&amp;T<i>.simmap")
    assert hostile_window.open_path(path)
    hostile_window._fill_recent_menu()
    actions = [a for a in hostile_window.menus["recent"].actions() if a.statusTip() == str(path)]
    assert actions
    for action in actions:
        assert problems_with("recent toolTip", action.toolTip()) == []
        assert action.text().replace("&&", "&").endswith(path.name)  # a lone & would be a mnemonic


def test_a_rich_paste_into_the_title_editor_is_plain_text(qtbot, hostile_window: MainWindow) -> None:  # noqa: ANN001
    """HTML from a web page, with a local file as an image: the title gets the words, no file is read."""
    window = hostile_window
    scene = window.map_view.scene()
    scene.select_ids(["p1"])
    window.action(wa.ACTION_RENAME).trigger()
    editor = scene.focusItem()
    assert isinstance(editor, InlineTitleEditor)
    mime = QMimeData()
    mime.setHtml("<b>Bold</b> <img src='file:///etc/hostname'> <a href='https://example.com/'>link</a>")
    mime.setText("Bold link")
    QGuiApplication.clipboard().setMimeData(mime)
    qtbot.keyClick(window.map_view.viewport(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    html = editor.toHtml()
    assert editor.toPlainText() == "Bold link"
    assert "<img" not in html and "font-weight:700;\">Bold" not in html
    qtbot.keyClick(window.map_view.viewport(), Qt.Key.Key_Return)
    assert window.document.workshop.point("p1").title == "Bold link"


def test_the_window_title_shows_a_file_name_as_it_is(hostile_window: MainWindow, tmp_path: Path) -> None:
    """Qt reads ``[*]`` in a window title as the modified mark and hides it."""
    path = hostile_workshop_file(tmp_path, "draft[*]v2.simmap")
    assert hostile_window.open_path(path)
    assert hostile_window.windowHandle().title().startswith("draft[*]v2.simmap")


@pytest.mark.parametrize(("press", "expected"),
                         [("Clear <b>2</b>", "clear"), ("Keep", "keep"), (None, None)])
def test_a_question_box_is_plain_text_and_answers_the_button_pressed(qtbot, press, expected) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from intercept_mapper.ui.plain_text import ask_choice

    seen: list[QMessageBox] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box)
        if press is None:
            box.reject()  # Esc, or closing the box
            return
        next(b for b in box.buttons() if b.text() == press).click()

    QTimer.singleShot(50, answer)
    got = ask_choice(None, "Room <i>Voting</i>", "A file called <b>x</b>.simmap",
                     [("clear", "Clear <b>2</b>", True), ("keep", "Keep", False)], default="keep")
    assert got == expected
    assert seen[0].textFormat() == Qt.TextFormat.PlainText
    assert seen[0].defaultButton().text() == "Keep"
