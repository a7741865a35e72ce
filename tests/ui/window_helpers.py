"""Shared set-up for main-window tests: a window whose questions are answered without modal dialogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from intercept_mapper.ui import MainWindow


@dataclass
class Answers:
    """What the window's dialogs answer, and what they were asked."""

    save_changes: str = "discard"
    preset: str | None = "samhsa"
    open_path: str | None = None
    save_path: str | None = None
    overwrite_changed: str = "cancel"  # "overwrite", "save_as" or "cancel"
    open_with_copy: str = "open_file"  # a file with a newer recovery copy: "restore", "open_file", "cancel"
    asked: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def forbid_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real modal dialog fail the test instead of hanging it."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a modal dialog was opened during a test")

    for owner, name in ((QMessageBox, "warning"), (QMessageBox, "information"), (QMessageBox, "question"),
                        (QMessageBox, "critical"), (QMessageBox, "about"), (QMessageBox, "exec"),
                        (QDialog, "exec"), (QFileDialog, "getOpenFileName"), (QFileDialog, "getSaveFileName"),
                        (QInputDialog, "getItem")):
        monkeypatch.setattr(owner, name, refuse)


def answer_dialogs(window: MainWindow, answers: Answers) -> None:
    """Route every question of the window's file commands to ``answers``."""
    files = window.files

    def ask(kind: str, value: Callable[[], object]) -> Callable[..., object]:
        def answer(*_args: object) -> object:
            answers.asked.append(kind)
            return value()
        return answer

    files.ask_save_changes = ask("save_changes", lambda: answers.save_changes)
    files.ask_preset = ask("preset", lambda: answers.preset)
    files.ask_open_path = ask("open_path", lambda: answers.open_path)
    files.ask_save_path = ask("save_path", lambda: answers.save_path)
    files.ask_overwrite_changed = ask("overwrite_changed", lambda: answers.overwrite_changed)
    files.ask_open_with_copy = ask("open_with_copy", lambda: answers.open_with_copy)
    files.show_error = lambda title, text: answers.errors.append((title, text))
    files.show_warning = lambda title, text: answers.warnings.append((title, text))
    files.show_info = lambda title, text: answers.infos.append((title, text))
    window.exports.show_error = lambda title, text: answers.errors.append((title, text))


def shown_title(window: MainWindow) -> str:
    """The title as the window shows it: Qt puts ``*`` for ``[*]`` while the window is modified."""
    return window.windowHandle().title()


def make_window(qtbot, monkeypatch: pytest.MonkeyPatch, answers: Answers | None = None) -> MainWindow:  # noqa: ANN001
    """A shown MainWindow with answered dialogs, closed (discarding changes) at teardown."""
    forbid_modal_dialogs(monkeypatch)
    window = MainWindow()
    # The size these tests were written for: a new window fits its screen, and offscreen's is 800x800.
    window.resize(1400, 900)
    answers = answers or Answers()
    answer_dialogs(window, answers)

    def discard_at_teardown(_window: MainWindow) -> None:
        # A test may leave "cancel" as the answer; the window must still close (and let go of its map).
        answers.save_changes = "discard"

    qtbot.addWidget(window, before_close_func=discard_at_teardown)
    window.show()
    qtbot.waitExposed(window)
    return window


def dump(window: MainWindow) -> dict:
    """The whole document as plain data, for exact before/after comparisons."""
    return window.document.workshop.model_dump(mode="json")
