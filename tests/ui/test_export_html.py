"""File > Export Report as a web page: the dialog's HTML choice reaches the file, built in the background
by the command line's ``export --html``, with the same status, contact and file rules as the PDF."""

from __future__ import annotations

import pytest
from window_helpers import make_window

from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui import MainWindow
from intercept_mapper.ui.dialogs.export_dialogs import PdfExportDialog, PdfOptions
from intercept_mapper.ui.files import export_actions
from intercept_mapper.ui.window import window_actions as wa

EXPORT_WAIT_MS = 60_000


@pytest.fixture
def window(qtbot, monkeypatch) -> MainWindow:
    w = make_window(qtbot, monkeypatch)
    assert w.open_path(SAMPLE_WORKSHOP)
    w.exports.opened = []  # type: ignore[attr-defined]
    w.exports.open_file = w.exports.opened.append  # type: ignore[attr-defined]
    w.exports.errors = []  # type: ignore[attr-defined]
    w.exports.show_error = lambda title, text: w.exports.errors.append((title, text))  # type: ignore[attr-defined]
    return w


def _answer(window: MainWindow, fill) -> None:  # noqa: ANN001
    """Make Export Report build the real dialog, let ``fill`` set its widgets, and accept it."""
    def ask() -> PdfOptions:
        dialog = PdfExportDialog(window, final=False, report_path="/tmp/x/riverbend-report.pdf")
        fill(dialog)
        options = dialog.options()
        dialog.deleteLater()
        return options
    window.exports.ask_pdf_options = ask


def _export(qtbot, window: MainWindow) -> list:  # noqa: ANN001
    with qtbot.waitSignal(window.exports.sig_export_finished, timeout=EXPORT_WAIT_MS) as blocker:
        window.action(wa.ACTION_EXPORT_PDF).trigger()
    assert not window.exports.busy
    return blocker.args


def test_choosing_html_swaps_the_file_ending_and_offers_no_handout(qtbot) -> None:
    dialog = PdfExportDialog(None, final=False, report_path="/tmp/x/riverbend-report.pdf")
    qtbot.addWidget(dialog)
    assert dialog.pdf.isChecked() and dialog.options().format == "pdf"
    dialog.handout.setChecked(True)
    dialog.html.setChecked(True)
    assert dialog.full.isChecked() and not dialog.handout.isEnabled()  # the web page is the full report
    options = dialog.options()
    assert options.format == "html" and not options.handout
    assert options.path == "/tmp/x/riverbend-report.html"
    dialog.pdf.setChecked(True)
    assert dialog.handout.isEnabled() and dialog.options().path == "/tmp/x/riverbend-report.pdf"


def test_a_file_name_ending_in_html_chooses_the_web_page(qtbot) -> None:
    dialog = PdfExportDialog(None, final=False, report_path="/tmp/x/riverbend-report.pdf")
    qtbot.addWidget(dialog)
    dialog.path.edit.setText("/tmp/x/for the website.html")
    assert dialog.html.isChecked() and dialog.options().path == "/tmp/x/for the website.html"
    dialog.path.edit.setText("/tmp/x/print")
    assert dialog.options().path == "/tmp/x/print.html"  # no ending: the chosen format's
    dialog.path.edit.setText("/tmp/x/print.pdf")
    assert dialog.pdf.isChecked()


def test_export_html_writes_the_final_web_page_with_contacts(qtbot, window, tmp_path) -> None:
    out = tmp_path / "county site.html"

    def fill(dialog: PdfExportDialog) -> None:
        dialog.html.setChecked(True)
        dialog.final.setChecked(True)
        dialog.allow_incomplete.setChecked(True)  # harmless when nothing is missing
        dialog.contacts.setChecked(True)
        dialog.path.edit.setText(str(out))

    _answer(window, fill)
    assert _export(qtbot, window) == [str(out), True], window.exports.errors
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    assert "FINAL REPORT" in text and 'id="draft-banner"' not in text
    emails = [p.email for p in window.document.workshop.participants if p.email.strip()]
    assert emails and all(e in text for e in emails)
    assert window.exports.opened == [out]
    assert window.statusBar().currentMessage() == f"Exported {out.name}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_export_html_draft_leaves_contacts_out(qtbot, window, tmp_path) -> None:
    out = tmp_path / "draft.html"

    def fill(dialog: PdfExportDialog) -> None:
        dialog.path.edit.setText(str(out))  # the ending chooses the web page
        dialog.contacts.setChecked(False)
        dialog.open_after.setChecked(False)

    _answer(window, fill)
    assert _export(qtbot, window) == [str(out), True], window.exports.errors
    text = out.read_text(encoding="utf-8")
    assert 'id="draft-banner"' in text and "contact details are left out" in text
    assert window.exports.opened == []


def test_the_child_is_asked_for_html_without_progress_lines(tmp_path) -> None:
    args = export_actions._child_arguments(tmp_path / "s.simmap", tmp_path / "report.html",
                                           PdfOptions(format="html", handout=True, final=True))
    assert args[3:5] == [str(tmp_path / "s.simmap"), "--html"]
    assert "--progress" not in args and "--handout" not in args and "--final" in args


def test_without_the_html_exporter_the_web_page_is_not_available(window, monkeypatch) -> None:
    real = export_actions._exporter
    monkeypatch.setattr(export_actions, "_exporter",
                        lambda name: None if name == "report_html" else real(name))
    window.exports.ask_pdf_options = lambda: PdfOptions(format="html", path="/nonexistent/x.html")
    window.action(wa.ACTION_EXPORT_PDF).trigger()
    assert window.exports.errors == [("Export report", export_actions.NOT_AVAILABLE)]
    assert not window.exports.busy
