"""Files from the window: new with a preset, open, save, save as, failed saves, unsaved-changes
questions, worksheet import, drag-and-drop, recent files, and the settings file location."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from window_helpers import Answers, dump, make_window, shown_title

from intercept_mapper import paths
from intercept_mapper.model.simmap_file import dumps_workshop, load_workshop, save_workshop
from intercept_mapper.resources import RESOURCES_DIR
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.files.settings import AppSettings
from intercept_mapper.ui.window import window_actions as wa

SAMPLES = RESOURCES_DIR / "samples"


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot, monkeypatch, answers: Answers) -> MainWindow:
    return make_window(qtbot, monkeypatch, answers)


def _edit(window: MainWindow) -> None:
    window.action(wa.ACTION_ADD_GAP).trigger()
    window.canvas.fast_entry.finish_editing()


def test_new_asks_for_a_preset(window: MainWindow, answers: Answers) -> None:
    answers.preset = "five-intercept"
    window.action(wa.ACTION_NEW).trigger()
    assert answers.asked == ["preset"]
    assert window.document.workshop.scheme.ids() == ["1", "2", "3", "4", "5"]
    assert window.session.path is None and not window.session.is_modified()


def test_open_shows_the_file_and_remembers_it(window: MainWindow, answers: Answers, sample: Path) -> None:
    answers.open_path = str(sample)
    window.action(wa.ACTION_OPEN).trigger()
    assert dump(window) == load_workshop(sample).model_dump(mode="json")
    assert shown_title(window) == "riverbend.simmap - Intercept Mapper"
    assert AppSettings().recent_files()[0] == str(sample)
    assert not window.undo_stack.canUndo()


def test_save_writes_the_document_and_clears_the_mark(window: MainWindow, sample: Path) -> None:
    assert window.open_path(sample)
    _edit(window)
    assert shown_title(window) == "riverbend.simmap* - Intercept Mapper"
    window.action(wa.ACTION_SAVE).trigger()
    assert shown_title(window) == "riverbend.simmap - Intercept Mapper"
    assert load_workshop(sample) == window.document.workshop
    assert (sample.parent / "riverbend.simmap.bak").exists()  # the previous version is kept


def test_save_as_asks_for_a_name_and_adds_the_suffix(window: MainWindow, answers: Answers,
                                                     tmp_path: Path) -> None:
    _edit(window)
    answers.save_path = str(tmp_path / "county")
    window.action(wa.ACTION_SAVE_AS).trigger()
    saved = tmp_path / "county.simmap"
    assert load_workshop(saved) == window.document.workshop
    assert window.session.path == saved
    assert shown_title(window) == "county.simmap - Intercept Mapper"


def test_save_of_an_untitled_document_asks_where(window: MainWindow, answers: Answers) -> None:
    _edit(window)
    answers.save_path = None  # the user cancels the file dialog
    window.action(wa.ACTION_SAVE).trigger()
    assert answers.asked == ["save_path"]
    assert window.session.is_modified()


@pytest.mark.parametrize("failure", ["missing-folder", "not-a-folder", "disk-full"])
def test_failed_save_says_why_and_keeps_the_work(window: MainWindow, answers: Answers, sample: Path,
                                                 monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    assert window.open_path(sample)
    original = sample.read_bytes()
    _edit(window)
    edited = dump(window)
    if failure == "missing-folder":
        target = sample.parent / "no-such-folder" / "x.simmap"
    elif failure == "not-a-folder":
        target = sample / "x.simmap"  # a file where a folder should be
    else:
        target = sample
        from intercept_mapper.model import atomic_write

        def full_disk(fd: int, data: bytes) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic_write, "_write_all", full_disk)
    assert not window.files.save_as(target)
    assert len(answers.errors) == 1
    title, text = answers.errors[0]
    assert title == "Save failed" and str(target) in text
    if failure == "disk-full":
        assert "No space left on device" in text
    assert "Saved" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Not saved")
    assert window.session.is_modified() and shown_title(window).startswith("riverbend.simmap*")
    assert window.session.path == sample  # still bound to the file it came from
    assert dump(window) == edited
    assert sample.read_bytes() == original
    assert sorted(p.name for p in sample.parent.iterdir()) == ["riverbend.simmap"]  # no temp litter


@pytest.mark.parametrize("command", ["new", "open", "import"])
def test_replacing_unsaved_work_asks_first_and_cancel_keeps_it(window: MainWindow, answers: Answers,
                                                               sample: Path, command: str) -> None:
    _edit(window)
    before = dump(window)
    answers.save_changes = "cancel"
    answers.open_path = str(sample)
    {"new": window.files.new_file, "open": window.files.open_file,
     "import": lambda: window.files.import_worksheet(SAMPLES / "riverbend-worksheet.csv")}[command]()
    assert answers.asked[0] == "save_changes"
    assert dump(window) == before and window.session.is_modified()


def test_discard_replaces_unsaved_work(window: MainWindow, answers: Answers, sample: Path) -> None:
    _edit(window)
    answers.save_changes = "discard"
    assert window.open_path(sample)
    assert dump(window) == load_workshop(sample).model_dump(mode="json")


def test_save_answer_saves_before_replacing(window: MainWindow, answers: Answers, sample: Path,
                                            tmp_path: Path) -> None:
    _edit(window)
    edited = window.document.workshop.model_copy(deep=True)
    answers.save_changes = "save"
    answers.save_path = str(tmp_path / "first.simmap")
    assert window.open_path(sample)
    assert load_workshop(tmp_path / "first.simmap") == edited


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window: MainWindow,
                                                                        answers: Answers) -> None:
    _edit(window)
    answers.save_changes = "cancel"
    window.close()
    assert window.isVisible()
    answers.save_changes = "discard"
    window.close()
    assert not window.isVisible()


def test_open_a_damaged_file_shows_where_and_keeps_the_document(window: MainWindow, answers: Answers,
                                                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.simmap"
    bad.write_text('{"format": "intercept-mapper", "schema_version": 1, "scheme": 3}', encoding="utf-8")
    _edit(window)
    before = dump(window)
    assert not window.open_path(bad)
    assert answers.errors and str(bad) in answers.errors[0][1]
    assert dump(window) == before
    assert bad.read_text(encoding="utf-8").startswith('{"format"')


def test_import_worksheet_gives_an_unsaved_workshop(window: MainWindow, answers: Answers) -> None:
    window.files.ask_worksheet = lambda: (str(SAMPLES / "riverbend-worksheet.csv"), "samhsa")
    window.action(wa.ACTION_IMPORT_WORKSHEET).trigger()
    ws = window.document.workshop
    assert len(ws.points) > 5 and ws.gaps() and ws.resources() and ws.flows
    assert window.session.path is None and window.session.is_modified()
    assert shown_title(window) == "Untitled.simmap* - Intercept Mapper"


def test_import_of_a_workbook_seats_its_participants(window: MainWindow, answers: Answers,
                                                      tmp_path: Path) -> None:
    from intercept_mapper.model.participants_csv import parse_participants
    from intercept_mapper.model.worksheet_csv import parse_worksheet
    from intercept_mapper.model.xlsx_tables import workshop_workbook_bytes

    made = parse_worksheet(b"intercept,kind,title,votes:System\n1,gap,G,2\n", "w.csv").workshop
    made.participants = parse_participants(b"name,table\nAnn,system\nBob,community\n", "p.csv")[0]
    book = tmp_path / "w.xlsx"
    book.write_bytes(workshop_workbook_bytes(made))
    assert window.files.import_worksheet(book, "samhsa")
    ws = window.document.workshop
    assert [p.name for p in ws.participants] == ["Ann", "Bob"]
    assert [t.name for t in ws.voting.tables] == ["System", "Community table"]
    assert window.session.path is None and window.session.is_modified()


def test_import_of_a_broken_worksheet_names_the_line(window: MainWindow, answers: Answers,
                                                     tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("intercept,kind,title\n9,point,Nowhere\n", encoding="utf-8")
    assert not window.files.import_worksheet(bad, "samhsa")
    assert f"{bad}:2" in answers.errors[0][1]
    assert window.document.workshop.points == []


def _drop(window: MainWindow, path: Path) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return True


def test_drag_and_drop_opens_a_workshop(window: MainWindow, sample: Path, tmp_path: Path) -> None:
    assert _drop(window, sample)
    assert window.session.path == sample
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    assert not _drop(window, other)


def test_recent_files_menu_reopens(window: MainWindow, sample: Path, answers: Answers) -> None:
    assert window.open_path(sample)
    window.files.new_file("samhsa")
    menu = window.menus["recent"]
    window._fill_recent_menu()
    entries = [a for a in menu.actions() if a.toolTip() == str(sample)]
    assert entries and menu.isEnabled()
    entries[0].trigger()
    assert window.session.path == sample


def test_a_missing_recent_file_is_dropped_from_the_list(window: MainWindow, answers: Answers,
                                                        sample: Path) -> None:
    assert window.open_path(sample)
    window.files.new_file("samhsa")
    sample.unlink()
    assert not window.open_path(sample)
    assert str(sample) not in AppSettings().recent_files()


def test_settings_live_in_the_per_user_settings_file(window: MainWindow, user_home: Path) -> None:
    assert Path(window.settings.file_name) == paths.settings_file()
    assert str(paths.settings_file()).startswith(str(user_home))


def test_open_from_the_command_line_path(qtbot, monkeypatch, sample: Path) -> None:
    from intercept_mapper.ui import app as app_module

    opened: list[MainWindow] = []
    monkeypatch.setattr(app_module, "_exec", lambda app, window: opened.append(window) or 0)
    assert app_module.run_app(str(sample)) == 0
    window = opened[0]
    qtbot.addWidget(window)
    # The map is painted first from a quick read of the file; the file opens right after that paint.
    qtbot.waitUntil(lambda: window.session.path == sample)
    assert window.document.workshop == load_workshop(sample)


def test_saved_file_is_the_exact_text_of_the_document(window: MainWindow, tmp_path: Path) -> None:
    _edit(window)
    target = tmp_path / "a.simmap"
    assert window.files.save_as(target)
    assert target.read_text(encoding="utf-8") == dumps_workshop(window.document.workshop)
    save_workshop(window.document.workshop, tmp_path / "b.simmap")
    assert (tmp_path / "b.simmap").read_bytes() == target.read_bytes()


def test_save_keeps_a_title_still_being_typed(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.action(wa.ACTION_ADD_GAP).trigger()
    qtbot.keyClicks(window.map_view, "No detox beds")  # typed on the map, Enter not pressed yet
    assert window.canvas.fast_entry.is_editing()
    assert window.files.save_as(tmp_path / "typing.simmap")
    assert [g.title for g in load_workshop(tmp_path / "typing.simmap").gaps()] == ["No detox beds"]
    assert not window.session.is_modified()
