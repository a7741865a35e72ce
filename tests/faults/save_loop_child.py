"""Run by test_killed_while_writing.py: write a 3,000-item workshop over and over until killed.

``save PATH``: make version 1, 2, 3, ... and save each to PATH (atomically, keeping ``.bak``), printing
``SAVED n`` after each. ``recovery PATH``: open PATH in a document session, make each version through
an undo command and write the recovery copy at once, printing ``COPIED n``. Prints ``READY`` once the
work is set up; the parent then kills this process with SIGKILL at a random moment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_map import big_workshop, make_version  # noqa: E402

from intercept_mapper.model.simmap_file import load_workshop, save_workshop  # noqa: E402


def save_loop(path: Path) -> None:
    """Save versions 1, 2, ... to ``path`` until killed."""
    ws = big_workshop()
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        make_version(ws, n)
        save_workshop(ws, path, backup=True)
        print(f"SAVED {n}", flush=True)


def recovery_loop(path: Path) -> None:
    """Edit the opened file through undo commands and write a recovery copy after each edit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from intercept_mapper.ui.commands import UpdateItemCommand, UpdateSectionCommand
    from intercept_mapper.ui.files.document_session import DocumentSession
    from intercept_mapper.ui.files.recovery import RecoveryWriter

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt objects need an application
    session = DocumentSession()
    session.load(load_workshop(path), path)
    writer = RecoveryWriter(session, delay_ms=60_000)  # written by hand below, not by the timer
    points = session.document.items("points")
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        session.undo_stack.push(UpdateSectionCommand(session.document, "info", {"title": f"version {n}"},
                                                     "Rename workshop"))
        point = points[n % len(points)]
        session.undo_stack.push(UpdateItemCommand(session.document, "points", point.id,
                                                  {"title": f"Point renamed in version {n}"}, "Rename"))
        assert writer.write_now()
        print(f"COPIED {n}", flush=True)


if __name__ == "__main__":
    {"save": save_loop, "recovery": recovery_loop}[sys.argv[1]](Path(sys.argv[2]))
