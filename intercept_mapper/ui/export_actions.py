"""Export the report (PDF) and the map image (PNG) from the window, when those exporters exist.

The exporters (``export.report_pdf``, ``export.map_image``) build bytes; this module asks where to
put them and writes them atomically. Questions are attributes so tests answer them without dialogs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..model.atomic_write import atomic_write_bytes
from .document_session import DocumentSession

NOT_AVAILABLE = "This export is not available yet in this version."
PNG_SCALE = 2.0  # sharp on a projector and in a printed handout


@dataclass(frozen=True)
class PdfOptions:
    """What goes into the PDF."""

    handout: bool = False
    final: bool = False
    include_contacts: bool = False


def _exporter(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"intercept_mapper.export.{module}")
    except ImportError:
        return None


def ask_pdf_options_dialog(parent: QWidget) -> PdfOptions | None:
    """Ask handout or full report, DRAFT or FINAL, and whether to print contact details."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Export report")
    layout = QVBoxLayout(dialog)
    handout = QCheckBox("Action-plan handout only (priorities and action plans)")
    final = QCheckBox("FINAL report (otherwise marked DRAFT)")
    contacts = QCheckBox("Print participants' e-mail and phone (only if the community agreed)")
    for box in (handout, final, contacts):
        layout.addWidget(box)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return PdfOptions(handout.isChecked(), final.isChecked(), contacts.isChecked())


class ExportActions(QObject):
    """The Export PDF and Export image commands of one window."""

    sig_status = Signal(str)

    def __init__(self, parent: QWidget, session: DocumentSession) -> None:
        super().__init__(parent)
        self._session = session
        self.ask_pdf_options: Callable[[], PdfOptions | None] = lambda: ask_pdf_options_dialog(parent)
        self.ask_export_path: Callable[[str, str], str | None] = lambda suggested, filt: (
            QFileDialog.getSaveFileName(parent, "Export", suggested, filt)[0] or None)
        self.show_error: Callable[[str, str], None] = lambda title, text: QMessageBox.warning(
            parent, title, text)

    def export_pdf(self, path: str | Path | None = None, options: PdfOptions | None = None) -> bool:
        """Write the report (or handout) PDF; True when written."""
        module = _exporter("report_pdf")
        if module is None or not hasattr(module, "build_report_pdf"):
            self.show_error("Export report", NOT_AVAILABLE)
            return False
        options = options or self.ask_pdf_options()
        if options is None:
            return False
        suffix = "-handout.pdf" if options.handout else "-report.pdf"
        path = path or self.ask_export_path(self._suggested(suffix), "PDF (*.pdf)")
        if not path:
            return False
        return self._write(Path(path), lambda: module.build_report_pdf(
            self._session.document.workshop, handout=options.handout, final=options.final,
            include_contacts=options.include_contacts))

    def export_image(self, path: str | Path | None = None) -> bool:
        """Write the map as a PNG; True when written."""
        module = _exporter("map_image")
        if module is None or not hasattr(module, "render_map_png"):
            self.show_error("Export map image", NOT_AVAILABLE)
            return False
        path = path or self.ask_export_path(self._suggested("-map.png"), "PNG image (*.png)")
        if not path:
            return False
        workshop = self._session.document.workshop
        return self._write(Path(path), lambda: module.render_map_png(workshop, PNG_SCALE))

    def _write(self, path: Path, build: Callable[[], bytes]) -> bool:
        try:
            data = build()
            atomic_write_bytes(path, data)
        except OSError as exc:
            self.show_error("Export failed", f"{path} was not written:\n{exc.strerror or exc}")
            return False
        except Exception as exc:  # noqa: BLE001 - an exporter bug must not close the app with the work
            self.show_error("Export failed", f"{path} was not written:\n{type(exc).__name__}: {exc}")
            return False
        self.sig_status.emit(f"Exported {path.name}")
        return True

    def _suggested(self, suffix: str) -> str:
        session_path = self._session.path
        if session_path:
            return str(session_path.with_name(session_path.stem + suffix))
        return str(Path.home() / ("workshop" + suffix))
