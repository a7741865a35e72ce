"""Faults at save time in the app: a full disk or a read-only folder at each step of the save, a file
changed by another program since it was opened, and one file open in two windows or two instances.

(The disk-full-while-writing, missing-folder and not-a-folder cases are in tests/ui/test_files.py.)
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intercept_mapper.model import atomic_write
from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.files.open_file_lock import locks_dir
from intercept_mapper.ui.window import window_actions as wa
from tests.ui.window_helpers import Answers, dump, make_window, shown_title

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    target = tmp_path / "user" / "riverbend.simmap"
    target.parent.mkdir()
    target.write_bytes(SAMPLE_WORKSHOP.read_bytes())
    return target


def _edit(window: MainWindow, title: str = "No crisis unit") -> None:
    window.action(wa.ACTION_ADD_GAP).trigger()
    window.canvas.fast_entry.editor().setPlainText(title)
    window.canvas.fast_entry.finish_editing()


def _fail(exc: OSError):  # noqa: ANN202
    def raiser(*_args: object, **_kwargs: object) -> None:
        raise exc
    return raiser


# ----------------------------------------------------------------------------- (b) disk full, read-only
READ_ONLY = OSError(errno.EACCES, "Permission denied")
READ_ONLY_FS = OSError(errno.EROFS, "Read-only file system")
FULL = OSError(errno.ENOSPC, "No space left on device")


def _fault(monkeypatch: pytest.MonkeyPatch, where: str) -> str:
    """Make one step of the atomic save fail as a read-only folder or a full disk would; the reason."""
    if where == "read-only folder":  # we run as root, so chmod would not stop us: fail as it would
        monkeypatch.setattr(atomic_write.tempfile, "mkstemp", _fail(READ_ONLY))
        return "Permission denied"
    if where == "read-only file system":
        monkeypatch.setattr(atomic_write.tempfile, "mkstemp", _fail(READ_ONLY_FS))
        return "Read-only file system"
    if where == "disk full at sync":
        monkeypatch.setattr(atomic_write.os, "fsync", _fail(FULL))
        return "No space left on device"
    if where == "disk full writing the .bak":
        real = atomic_write._write_temp

        def second_write_fails(folder: Path, name: str, data: bytes, mode: int) -> Path:
            if name.endswith(atomic_write.BACKUP_SUFFIX):
                raise FULL
            return real(folder, name, data, mode)

        monkeypatch.setattr(atomic_write, "_write_temp", second_write_fails)
        return "No space left on device"
    assert where == "rename refused"
    monkeypatch.setattr(atomic_write.os, "replace", _fail(READ_ONLY))
    return "Permission denied"


FAULTS = ["read-only folder", "read-only file system", "disk full at sync", "disk full writing the .bak",
          "rename refused"]


@pytest.mark.parametrize("where", FAULTS)
def test_a_failed_save_says_why_keeps_the_work_and_a_later_save_succeeds(
        qtbot, monkeypatch: pytest.MonkeyPatch, sample: Path, where: str) -> None:
    answers = Answers()
    window = make_window(qtbot, monkeypatch, answers)
    assert window.open_path(sample)
    (sample.parent / "riverbend.simmap.bak").write_bytes(b"previous version")
    before = {p.name: p.read_bytes() for p in sample.parent.iterdir()}
    _edit(window)
    edited = dump(window)
    with monkeypatch.context() as patch:
        reason = _fault(patch, where)
        window.action(wa.ACTION_SAVE).trigger()
    assert len(answers.errors) == 1, answers.errors
    title, text = answers.errors[0]
    assert title == "Save failed" and str(sample) in text and reason in text and "Save As" in text
    assert window.statusBar().currentMessage() == f"Not saved: {reason}"
    assert window.session.is_modified() and shown_title(window).startswith("riverbend.simmap*")
    assert dump(window) == edited
    # The user's folder is exactly as it was: file, backup, and no temporary litter.
    assert {p.name: p.read_bytes() for p in sample.parent.iterdir()} == before
    # The work is still safe: the recovery copy is written whatever happened to the save.
    assert window.recovery.write_now()
    assert load_workshop(window.recovery.copy_path).model_dump(mode="json") == edited
    # Space freed / folder writable again: the same command now saves.
    window.action(wa.ACTION_SAVE).trigger()
    assert len(answers.errors) == 1 and not window.session.is_modified()
    assert load_workshop(sample).model_dump(mode="json") == edited
    assert not window.recovery.copy_path.exists()


def test_a_full_disk_for_the_recovery_copy_is_shown_not_fatal(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                             sample: Path) -> None:
    window = make_window(qtbot, monkeypatch, Answers())
    assert window.open_path(sample)
    _edit(window)
    with monkeypatch.context() as patch:
        patch.setattr(atomic_write, "_write_all", _fail(FULL))
        assert not window.recovery.write_now()
    assert window.status.recovery.text() == "Recovery copy FAILED"
    assert "No space left on device" in window.status.recovery.toolTip()
    assert "No space left on device" in window.statusBar().currentMessage()
    assert window.session.is_modified() and not window.recovery.copy_path.exists()
    assert list(window.recovery.folder.iterdir()) == []  # no half copy, no temporary file left
    assert window.recovery.write_now()  # and the next attempt, with space, writes it


# ----------------------------------------------------------------------------- (c) changed by another program
def _changed_by_another_program(path: Path) -> bytes:
    other = load_workshop(path)
    other.info.title = "Edited in another program"
    save_workshop(other, path, backup=False)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))  # a coarse clock still sees it
    return path.read_bytes()


@pytest.fixture
def opened(qtbot, monkeypatch: pytest.MonkeyPatch, sample: Path) -> tuple[MainWindow, Answers]:
    answers = Answers()
    window = make_window(qtbot, monkeypatch, answers)
    assert window.open_path(sample)
    _edit(window)
    return window, answers


def test_save_over_a_file_changed_elsewhere_asks_and_cancel_changes_nothing(opened, sample: Path) -> None:
    window, answers = opened
    theirs = _changed_by_another_program(sample)
    answers.overwrite_changed = "cancel"
    window.action(wa.ACTION_SAVE).trigger()
    assert answers.asked == ["overwrite_changed"]
    assert sample.read_bytes() == theirs and window.session.is_modified()
    assert "changed by another program" in window.statusBar().currentMessage()


def test_overwrite_replaces_their_version_and_keeps_it_as_the_backup(opened, sample: Path) -> None:
    window, answers = opened
    theirs = _changed_by_another_program(sample)
    answers.overwrite_changed = "overwrite"
    window.action(wa.ACTION_SAVE).trigger()
    assert load_workshop(sample) == window.document.workshop and not window.session.is_modified()
    assert (sample.parent / "riverbend.simmap.bak").read_bytes() == theirs
    # What we just wrote is now the known state: the next save does not ask again.
    _edit(window, "Another gap")
    window.action(wa.ACTION_SAVE).trigger()
    assert answers.asked == ["overwrite_changed"]
    assert load_workshop(sample) == window.document.workshop


def test_save_as_from_the_question_keeps_their_file(opened, sample: Path, tmp_path: Path) -> None:
    window, answers = opened
    theirs = _changed_by_another_program(sample)
    answers.overwrite_changed = "save_as"
    answers.save_path = str(tmp_path / "ours.simmap")
    window.action(wa.ACTION_SAVE).trigger()
    assert answers.asked == ["overwrite_changed", "save_path"]
    assert sample.read_bytes() == theirs
    assert load_workshop(tmp_path / "ours.simmap") == window.document.workshop
    assert window.session.path == tmp_path / "ours.simmap" and not window.session.is_modified()


def test_a_touched_or_deleted_file_saves_without_asking(opened, sample: Path) -> None:
    window, answers = opened
    os.utime(sample, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))  # same bytes, new time
    window.action(wa.ACTION_SAVE).trigger()
    _edit(window, "Second")
    sample.unlink()  # moved away by someone: saving puts the work back
    window.action(wa.ACTION_SAVE).trigger()
    assert answers.asked == []
    assert load_workshop(sample) == window.document.workshop


def test_an_earlier_save_as_elsewhere_is_not_taken_for_a_change(opened, sample: Path, tmp_path: Path) -> None:
    window, answers = opened
    assert window.files.save_as(tmp_path / "copy.simmap")
    sample.write_text("changed", encoding="utf-8")  # the file we left is none of our business now
    _edit(window, "Later")
    window.action(wa.ACTION_SAVE).trigger()
    assert answers.asked == [] and load_workshop(tmp_path / "copy.simmap") == window.document.workshop


# ----------------------------------------------------------------------------- (d) open twice
def _lock_files() -> list[Path]:
    return sorted(locks_dir().glob("*.lock")) if locks_dir().exists() else []


def test_the_same_file_in_two_windows_warns_the_second(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                      sample: Path) -> None:
    first_answers, second_answers = Answers(), Answers()
    first = make_window(qtbot, monkeypatch, first_answers)
    second = make_window(qtbot, monkeypatch, second_answers)
    assert first.open_path(sample)
    assert first_answers.warnings == []
    assert second.open_path(sample)  # a warning, not a refusal
    assert len(second_answers.warnings) == 1
    title, text = second_answers.warnings[0]
    assert title == "File open elsewhere" and "riverbend.simmap" in text and "another window" in text
    assert "also open elsewhere" in second.statusBar().currentMessage()
    # Locks live in the per-user folder, never next to the user's file.
    assert sorted(p.name for p in sample.parent.iterdir()) == ["riverbend.simmap"]
    assert len(_lock_files()) == 2
    # Once the first window has closed, opening it again warns about nobody.
    first.close()
    assert len(_lock_files()) == 1
    third_answers = Answers()
    third = make_window(qtbot, monkeypatch, third_answers)
    assert third.open_path(sample)
    assert len(third_answers.warnings) == 1  # the second window still has it
    second.close()
    third.files.new_file("samhsa")  # opening another document lets go of the file
    assert _lock_files() == []


def test_save_as_onto_a_file_open_in_another_window_warns(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                          sample: Path, tmp_path: Path) -> None:
    first = make_window(qtbot, monkeypatch, Answers())
    assert first.open_path(sample)
    answers = Answers()
    second = make_window(qtbot, monkeypatch, answers)
    _edit(second)
    assert second.files.save_as(sample)
    assert [t for t, _ in answers.warnings] == ["File open elsewhere"]


def test_a_window_that_vanished_without_closing_leaves_no_warning(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                                  sample: Path) -> None:
    first = make_window(qtbot, monkeypatch, Answers())
    assert first.open_path(sample)
    from intercept_mapper.ui.files.open_file_lock import _LIVE_TOKENS

    _LIVE_TOKENS.discard(first.session.lock.token)  # as if the window had been deleted without a close
    answers = Answers()
    second = make_window(qtbot, monkeypatch, answers)
    assert second.open_path(sample)
    assert answers.warnings == []


def test_the_same_file_in_another_app_instance_warns_until_that_one_dies(
        qtbot, monkeypatch: pytest.MonkeyPatch, sample: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, str(REPO / "tests" / "ui" / "crash_child.py"), str(sample),
                              "A gap typed in the other instance"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().strip()
        assert line.startswith("READY"), (line, child.stderr.read() if child.poll() is not None else "")
        answers = Answers()
        window = make_window(qtbot, monkeypatch, answers)
        assert window.open_path(sample)
        assert len(answers.warnings) == 1
        assert f"process {child.pid} on this computer" in answers.warnings[0][1]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    window.close()
    assert len(_lock_files()) == 1  # the dead instance's lock is still on disk
    # The other instance died (a crash): its lock is stale, ignored and cleared.
    answers = Answers()
    again = make_window(qtbot, monkeypatch, answers)
    assert again.open_path(sample)
    assert answers.warnings == []
    assert len(_lock_files()) == 1  # only this window's own


def test_another_computers_lock_warns_and_a_damaged_lock_is_ignored(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                                      sample: Path) -> None:
    from intercept_mapper.ui.files.open_file_lock import OpenFileLock

    other = OpenFileLock()
    other.acquire(sample)  # written as this process; now make it look like another computer's
    lock = _lock_files()[0]
    record = json.loads(lock.read_text(encoding="utf-8"))
    lock.write_text(json.dumps(dict(record, host="laptop-of-the-clerk", pid=999_999)), encoding="utf-8")
    (lock.parent / (lock.name.split(".")[0] + ".damaged.lock")).write_text("{ half", encoding="utf-8")
    answers = Answers()
    window = make_window(qtbot, monkeypatch, answers)
    assert window.open_path(sample)
    # A process on another computer cannot be checked: it may well be alive, so it is named.
    assert len(answers.warnings) == 1 and "laptop-of-the-clerk" in answers.warnings[0][1]
    other.release()
