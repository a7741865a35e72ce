"""File > Export PDF and Export image: the dialogs' choices reach the file, in the background, safely.

Dialogs are filled and read without ``exec()``; the window's questions are answered by attributes.
"""

from __future__ import annotations

import os
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QPushButton
from window_helpers import make_window

from intercept_mapper.model.simmap_file import save_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.dialogs.export_dialogs import (
    CONTACTS_NOTE,
    ImageExportDialog,
    ImageOptions,
    PdfExportDialog,
    PdfOptions,
)
from intercept_mapper.ui.files import export_actions
from intercept_mapper.ui.window import window_actions as wa
from tests.export.report_helpers import all_text, big_workshop, page_texts, reader

EXPORT_WAIT_MS = 60_000


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    w = make_window(qtbot, monkeypatch)
    assert w.open_path(SAMPLE_WORKSHOP)
    w.exports.opened = []  # type: ignore[attr-defined]
    w.exports.open_file = w.exports.opened.append  # type: ignore[attr-defined]
    return w


def _errors(window: MainWindow) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    window.exports.show_error = lambda title, text: errors.append((title, text))
    return errors


def _answer_pdf_dialog(window: MainWindow, fill) -> None:  # noqa: ANN001
    """Make Export PDF build the real dialog, let ``fill`` set its widgets, and accept it."""
    def ask() -> PdfOptions:
        info = window.document.workshop.info
        dialog = PdfExportDialog(window, final=info.status == "final", report_path="unused-report.pdf")
        fill(dialog)
        options = dialog.options()
        dialog.deleteLater()
        return options
    window.exports.ask_pdf_options = ask


def _export_pdf(qtbot, window: MainWindow) -> list:  # noqa: ANN001
    with qtbot.waitSignal(window.exports.sig_export_finished, timeout=EXPORT_WAIT_MS) as blocker:
        window.action(wa.ACTION_EXPORT_PDF).trigger()
    assert not window.exports.busy
    return blocker.args


# ---------------------------------------------------------------- the PDF dialog
def test_pdf_dialog_defaults_follow_the_document_and_keep_contacts_out(qtbot) -> None:
    dialog = PdfExportDialog(None, final=False, report_path="/tmp/x/riverbend-report.pdf")
    qtbot.addWidget(dialog)
    assert dialog.full.isChecked() and dialog.draft.isChecked() and not dialog.contacts.isChecked()
    assert "personal data" in dialog.contacts_note.text() and dialog.contacts_note.text() == CONTACTS_NOTE
    assert dialog.options() == PdfOptions(handout=False, final=False, include_contacts=False,
                                          path="/tmp/x/riverbend-report.pdf", open_after=True)
    dialog.contacts.setChecked(True)
    dialog.handout.setChecked(True)
    assert not dialog.contacts.isEnabled()
    options = dialog.options()
    assert options.handout and not options.include_contacts  # the handout has no participant list
    assert options.path == "/tmp/x/riverbend-handout.pdf"
    dialog.path.edit.setText("")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    final = PdfExportDialog(None, final=True, report_path="out")
    qtbot.addWidget(final)
    assert final.final.isChecked() and final.options().path == "out.pdf"


def test_export_pdf_writes_the_final_report_with_contacts_and_opens_it(qtbot, window, tmp_path) -> None:
    out = tmp_path / "board copy.pdf"

    def fill(dialog: PdfExportDialog) -> None:
        assert dialog.draft.isChecked()  # the sample is a draft
        dialog.final.setChecked(True)
        dialog.contacts.setChecked(True)
        dialog.path.edit.setText(str(out))

    _answer_pdf_dialog(window, fill)
    errors = _errors(window)
    assert _export_pdf(qtbot, window) == [str(out), True]
    assert errors == []
    data = out.read_bytes()
    pages = page_texts(data)
    assert "FINAL REPORT" in pages[0] and not any("DRAFT" in p for p in pages)
    emails = [p.email for p in window.document.workshop.participants if p.email.strip()]
    assert emails and all(e in all_text(data) for e in emails)
    assert window.exports.opened == [out]
    assert window.statusBar().currentMessage() == f"Exported {out.name}"


def test_export_pdf_handout_is_a_draft_without_contacts(qtbot, window, tmp_path) -> None:
    out = tmp_path / "handout.pdf"

    def fill(dialog: PdfExportDialog) -> None:
        dialog.handout.setChecked(True)
        dialog.path.edit.setText(str(out))
        dialog.open_after.setChecked(False)

    _answer_pdf_dialog(window, fill)
    assert _export_pdf(qtbot, window) == [str(out), True]
    data = out.read_bytes()
    pages = page_texts(data)
    assert 1 <= len(pages) <= 3 and all("DRAFT" in p for p in pages)
    assert reader(data).metadata.title.startswith("Action-plan handout")
    assert not any(p.email in all_text(data) for p in window.document.workshop.participants if p.email)
    assert window.exports.opened == []


def test_dialog_default_status_comes_from_the_document(qtbot, window) -> None:
    window.document.update_section("info", status="final")
    seen: list[bool] = []
    _answer_pdf_dialog(window, lambda dialog: seen.append(dialog.final.isChecked()))
    answer = window.exports.ask_pdf_options
    window.exports.ask_pdf_options = lambda: (answer(), None)[1]  # read the dialog, then cancel it
    window.action(wa.ACTION_EXPORT_PDF).trigger()
    assert seen == [True] and not window.exports.busy


# ---------------------------------------------------------------- background build and failures
def test_long_report_shows_progress_and_keeps_the_window_responsive(qtbot, window, tmp_path,
                                                                   monkeypatch) -> None:
    monkeypatch.setattr(export_actions, "PROGRESS_DELAY_MS", 0)  # shown at once, however fast the machine
    window.document.replace(big_workshop(1500))
    out = tmp_path / "big.pdf"
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out))
    ticks: list[int] = []
    values: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(20)

    def beat() -> None:
        ticks.append(1)
        dialog = window.findChild(QProgressDialog, "export_progress")
        if dialog is not None and dialog.isVisible():
            values.append(dialog.value())

    heartbeat.timeout.connect(beat)
    heartbeat.start()
    try:
        assert _export_pdf(qtbot, window) == [str(out), True]
    finally:
        heartbeat.stop()
    assert len(ticks) >= 10  # the event loop kept running while the report was built
    assert values and values == sorted(values) and values[-1] > values[0]
    left = window.findChild(QProgressDialog, "export_progress")
    assert left is None or not left.isVisible()
    assert len(reader(out.read_bytes()).pages) > 40


def test_cancelling_a_report_writes_nothing(qtbot, window, tmp_path) -> None:
    window.document.replace(big_workshop(1500))
    out = tmp_path / "cancelled.pdf"
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out))
    with qtbot.waitSignal(window.exports.sig_export_finished, timeout=EXPORT_WAIT_MS) as blocker:
        window.action(wa.ACTION_EXPORT_PDF).trigger()
        window.findChild(QProgressDialog, "export_progress").findChild(QPushButton).click()
    assert blocker.args == [str(out), False]
    assert list(tmp_path.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_failed_write_leaves_nothing_behind_and_names_the_file(qtbot, window, tmp_path, monkeypatch) -> None:
    from intercept_mapper.model import atomic_write

    out = tmp_path / "report.pdf"
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out), open_after=True)
    errors = _errors(window)

    def disk_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write, "_write_all", disk_full)
    assert _export_pdf(qtbot, window) == [str(out), False]
    assert list(tmp_path.iterdir()) == []  # no half file, no temporary file
    assert len(errors) == 1 and str(out) in errors[0][1] and "No space left" in errors[0][1]
    assert window.exports.opened == []


def test_missing_folder_is_reported_with_the_file_name(qtbot, window, tmp_path) -> None:
    out = tmp_path / "gone" / "report.pdf"
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out))
    errors = _errors(window)
    assert _export_pdf(qtbot, window) == [str(out), False]
    assert not (tmp_path / "gone").exists()
    assert len(errors) == 1 and str(out) in errors[0][1]


def test_export_never_replaces_the_open_workshop_file(qtbot, window, tmp_path) -> None:
    own = tmp_path / "county.simmap"
    save_workshop(window.document.workshop, own)
    assert window.open_path(own)
    before = own.read_bytes()
    errors = _errors(window)
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(own))
    window.action(wa.ACTION_EXPORT_PDF).trigger()
    window.exports.ask_image_options = lambda: ImageOptions(path=str(own))
    window.action(wa.ACTION_EXPORT_IMAGE).trigger()
    assert not window.exports.busy
    assert own.read_bytes() == before
    assert len(errors) == 2 and all("workshop file itself" in text for _, text in errors)


def test_export_never_replaces_another_workshop_file(qtbot, window, tmp_path) -> None:
    """Picking another community's workshop (here renamed, found by its format marker) as the export's
    file is refused, as on the command line: the file keeps its bytes."""
    other = tmp_path / "other-county.simmap"
    save_workshop(window.document.workshop, other)
    renamed = tmp_path / "looks-like-a-report.pdf"
    save_workshop(window.document.workshop, renamed)
    before = {f: f.read_bytes() for f in (other, renamed)}
    errors = _errors(window)
    for target in (other, renamed):
        window.exports.ask_pdf_options = lambda target=target: PdfOptions(path=str(target))
        window.action(wa.ACTION_EXPORT_PDF).trigger()
        window.exports.ask_image_options = lambda target=target: ImageOptions(path=str(target))
        window.action(wa.ACTION_EXPORT_IMAGE).trigger()
    assert not window.exports.busy
    assert {f: f.read_bytes() for f in before} == before
    assert len(errors) == 4 and all("workshop file" in text for _, text in errors)


def test_export_without_exporter_says_not_available(window: MainWindow, monkeypatch) -> None:
    monkeypatch.setattr(export_actions, "_exporter", lambda _name: None)
    errors = _errors(window)
    window.exports.ask_image_options = lambda: ImageOptions(path="/nonexistent/x.png")
    window.action(wa.ACTION_EXPORT_PDF).trigger()
    window.action(wa.ACTION_EXPORT_IMAGE).trigger()
    assert [text for _, text in errors] == [export_actions.NOT_AVAILABLE] * 2


# ---------------------------------------------------------------- map images
def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_image_dialog_offers_resolutions_in_pixels_and_svg(qtbot) -> None:
    dialog = ImageExportDialog(None, map_size=(2000.0, 1000.0), image_path="/tmp/x/riverbend-map.png")
    qtbot.addWidget(dialog)
    labels = [dialog.resolution.itemText(n) for n in range(dialog.resolution.count())]
    assert "2000 × 1000 px" in labels[0] and "4000 × 2000 px" in labels[1] and "1920 × 960 px" in labels[3]
    assert dialog.options() == ImageOptions("png", 2.0, "/tmp/x/riverbend-map.png", True)
    dialog.resolution.setCurrentIndex(3)
    assert dialog.options().scale == pytest.approx(0.96)
    dialog.svg.setChecked(True)
    assert not dialog.resolution.isEnabled()
    assert dialog.options().format == "svg" and dialog.options().path == "/tmp/x/riverbend-map.svg"


def test_export_image_png_at_the_chosen_resolution_and_svg(qtbot, window, tmp_path) -> None:
    from intercept_mapper.export.map_svg import map_size

    errors = _errors(window)
    width, height = map_size(window.document.workshop)
    sizes = []
    for scale in (1.0, 2.0):
        out = tmp_path / f"map-{scale:g}x.png"
        window.exports.ask_image_options = lambda out=out, scale=scale: ImageOptions("png", scale, str(out))
        window.action(wa.ACTION_EXPORT_IMAGE).trigger()
        sizes.append(_png_size(out.read_bytes()))
    assert sizes == [(round(width), round(height)), (round(2 * width), round(2 * height))]
    svg = tmp_path / "map.svg"
    window.exports.ask_image_options = lambda: ImageOptions("svg", 1.0, str(svg), open_after=True)
    window.action(wa.ACTION_EXPORT_IMAGE).trigger()
    root = ET.fromstring(svg.read_bytes())
    texts = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    assert window.document.workshop.points[0].title[:12] in texts
    assert errors == [] and window.exports.opened == [svg]


def test_failed_image_write_names_the_file_and_leaves_nothing(qtbot, window, tmp_path, monkeypatch) -> None:
    from intercept_mapper.model import atomic_write

    def disk_full(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write, "_write_all", disk_full)
    errors = _errors(window)
    out = tmp_path / "map.png"
    window.exports.ask_image_options = lambda: ImageOptions("png", 1.0, str(out), open_after=True)
    window.action(wa.ACTION_EXPORT_IMAGE).trigger()
    assert list(tmp_path.iterdir()) == [] and window.exports.opened == []
    assert len(errors) == 1 and str(out) in errors[0][1]


def test_real_dialogs_are_never_shown_in_tests(window: MainWindow) -> None:
    # The default questions open real dialogs; make_window turns exec() into a failure, so every test
    # above must have answered them. This checks that guard is really in place.
    with pytest.raises(AssertionError, match="modal dialog"):
        window.exports.ask_pdf_options()


# The child that builds the report, replaced by a script that records its arguments and writes the
# document's title: what the window hands the child and what it copies back are both checked.
FAKE_CHILD = r"""
import json, os, sys
args = sys.argv[1:]
snapshot, out = args[0], args[args.index("--pdf") + 1]
with open(os.environ["FAKE_CHILD_ARGS"], "w", encoding="utf-8") as f:
    json.dump(args[args.index("--pdf") + 2:], f)
title = json.load(open(snapshot, encoding="utf-8"))["info"]["title"]
print("progress: 0.50", file=sys.stderr, flush=True)
open(out, "wb").write(b"%PDF-fake " + title.encode())
"""


def test_export_writes_what_the_exporter_builds(qtbot, window, monkeypatch, tmp_path) -> None:
    import json

    real = export_actions._child_arguments
    monkeypatch.setattr(export_actions, "_child_arguments", lambda snapshot, built, options: [
        "-c", FAKE_CHILD, *real(snapshot, built, options)[3:]])
    monkeypatch.setenv("FAKE_CHILD_ARGS", str(tmp_path / "args.json"))
    window.document.update_section("info", title="Riverbend")  # not saved: the snapshot has it
    window.exports.ask_pdf_options = lambda: PdfOptions(handout=True, final=False)
    window.exports.ask_export_path = lambda suggested, _filter: str(tmp_path / "out.pdf")
    _export_pdf(qtbot, window)
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-fake Riverbend"
    assert json.loads((tmp_path / "args.json").read_text()) == ["--handout", "--draft", "--progress"]


# ---------------------------------------------------------------- the child process
@pytest.fixture
def scratch(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    """The system temp folder, redirected: where the child's private folder is made (and removed)."""
    import tempfile

    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_failing_child_shows_its_error_lines_naming_the_file(qtbot, window, tmp_path, scratch,
                                                               monkeypatch) -> None:
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(export_actions, "dumps_workshop", lambda _ws: '{"format": "intercept-mapper", "sch')
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out), open_after=True)
    errors = _errors(window)
    assert _export_pdf(qtbot, window) == [str(out), False]
    assert len(errors) == 1
    title, text = errors[0]
    first, *said = text.splitlines()
    assert title == "Export failed" and first == f"{out} was not written:"
    assert len(said) == 1 and said[0].startswith("the workshop snapshot:1: the file ends too early")
    assert "Traceback" not in text
    assert list(out.parent.iterdir()) == [] and list(scratch.iterdir()) == []
    assert window.exports.opened == []


def test_cancel_kills_the_child_and_removes_its_folder(qtbot, window, tmp_path, scratch) -> None:
    window.document.replace(big_workshop(1500))
    out = tmp_path / "out" / "cancelled.pdf"
    out.parent.mkdir()
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out))
    assert window.exports.export_pdf()
    process = window.exports._job.process
    qtbot.waitUntil(lambda: any(scratch.glob("*/snapshot.simmap")) and process.processId() > 0)
    pid = process.processId()
    qtbot.wait(300)  # the child is well into its work
    with qtbot.waitSignal(window.exports.sig_export_finished, timeout=EXPORT_WAIT_MS) as blocker:
        window.exports.cancel()
    assert blocker.args == [str(out), False] and not window.exports.busy
    assert _gone(pid)
    assert list(out.parent.iterdir()) == [] and list(scratch.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_child_killed_from_outside_is_reported(qtbot, window, tmp_path, scratch) -> None:
    import signal

    window.document.replace(big_workshop(1500))
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out))
    errors = _errors(window)
    with qtbot.waitSignal(window.exports.sig_export_finished, timeout=EXPORT_WAIT_MS) as blocker:
        assert window.exports.export_pdf()
        process = window.exports._job.process
        qtbot.waitUntil(lambda: process.processId() > 0)
        os.kill(process.processId(), signal.SIGKILL)  # as the system does when memory runs out
    assert blocker.args == [str(out), False]
    assert len(errors) == 1 and errors[0][1].startswith(f"{out} was not written:")
    assert list(out.parent.iterdir()) == [] and list(scratch.iterdir()) == []


def test_closing_the_window_kills_a_running_export(qtbot, window, tmp_path, scratch) -> None:
    window.document.replace(big_workshop(1500))
    window.files.maybe_save = lambda: True  # the question about unsaved changes is not the point here
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    window.exports.ask_pdf_options = lambda: PdfOptions(path=str(out))
    assert window.exports.export_pdf()
    process = window.exports._job.process
    qtbot.waitUntil(lambda: process.processId() > 0)
    pid = process.processId()
    assert window.close()
    assert _gone(pid) and not window.exports.busy
    assert list(out.parent.iterdir()) == [] and list(scratch.iterdir()) == []


def test_final_names_what_it_would_leave_empty_and_waits_for_consent(qtbot) -> None:
    missing = (["introduction: the background text is empty (set 'background')",
                "appendix: no participants are listed"],
               ["action plans: priority 1, 'X', has no action plan"])
    dialog = PdfExportDialog(None, final=False, report_path="out.pdf", missing=missing)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.incomplete_note.isVisible() and ok.isEnabled()  # a DRAFT keeps its placeholders
    dialog.final.setChecked(True)
    assert dialog.incomplete_note.isVisible() and not ok.isEnabled()
    assert "background text is empty" in dialog.incomplete_note.text()
    assert "no action plan" not in dialog.incomplete_note.text()  # that one is the handout's
    dialog.handout.setChecked(True)
    assert "priority 1, 'X'" in dialog.incomplete_note.text()
    dialog.allow_incomplete.setChecked(True)
    assert ok.isEnabled()
    options = dialog.options()
    assert options.final and options.allow_incomplete
    args = export_actions._child_arguments(Path("in.simmap"), Path("out.pdf"), options)
    assert "--final" in args and "--allow-incomplete" in args and "--draft" not in args
    dialog.draft.setChecked(True)
    draft = dialog.options()
    assert not draft.allow_incomplete
    args = export_actions._child_arguments(Path("in.simmap"), Path("out.pdf"), draft)
    assert "--draft" in args and "--final" not in args and "--allow-incomplete" not in args
