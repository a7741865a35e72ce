"""File > Export PDF and File > Export image: ask what and where, build, write atomically, offer to open.

The report is built from a snapshot of the document in a worker thread, with a progress dialog that
can cancel it, so the window stays responsive through a long report; the file is written atomically
(``model.atomic_write``) and a failure names the file. Questions are attributes (``ask_pdf_options``,
``ask_image_options``, ``ask_export_path``, ``show_error``, ``open_file``) so tests answer them
without dialogs.

Public API: ``ExportActions`` (``export_pdf``, ``export_image``, ``busy``, ``cancel``,
``sig_status``, ``sig_export_finished``), and the option records ``PdfOptions`` and ``ImageOptions``.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from ..model.atomic_write import atomic_write_bytes
from .document_session import DocumentSession
from .export_dialogs import (
    HANDOUT_SUFFIX,
    REPORT_SUFFIX,
    ImageExportDialog,
    ImageOptions,
    PdfExportDialog,
    PdfOptions,
)

NOT_AVAILABLE = "This export is not available yet in this version."
PNG_SCALE = 2.0  # sharp on a projector and in a printed handout
POLL_MS = 40  # how often the window looks at a running export (progress, completion)
PROGRESS_DELAY_MS = 400  # a quicker export never flashes a progress dialog

__all__ = ["NOT_AVAILABLE", "ExportActions", "ImageOptions", "PdfOptions"]


def _exporter(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"intercept_mapper.export.{module}")
    except ImportError:
        return None


class _Cancelled(Exception):
    """Raised from the progress callback to stop a report build."""


@dataclass
class _Job:
    """One background export: its progress, and how it ended (read by the window's timer)."""

    path: Path
    open_after: bool
    progress: float = 0.0
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None
    cancelled: bool = False


def _failure_text(path: Path, exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"{path} was not written:\n{exc.strerror or exc}"
    return f"{path} was not written:\n{type(exc).__name__}: {exc}"


class ExportActions(QObject):
    """The Export PDF and Export image commands of one window."""

    sig_status = Signal(str)
    sig_export_finished = Signal(str, bool)  # the path, and whether it was written

    def __init__(self, parent: QWidget, session: DocumentSession) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._job: _Job | None = None
        self._progress: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.ask_pdf_options: Callable[[], PdfOptions | None] = self._ask_pdf_options_dialog
        self.ask_image_options: Callable[[], ImageOptions | None] = self._ask_image_options_dialog
        self.ask_export_path: Callable[[str, str], str | None] = lambda suggested, filt: (
            QFileDialog.getSaveFileName(parent, "Export", suggested, filt)[0] or None)
        self.show_error: Callable[[str, str], None] = lambda title, text: QMessageBox.warning(
            parent, title, text)
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path)))

    # ------------------------------------------------------------------ Public API
    @property
    def busy(self) -> bool:
        """True while a report is being built or written in the background."""
        return self._job is not None

    def cancel(self) -> None:
        """Stop the report being built; nothing is written."""
        if self._job is not None:
            self._job.cancel.set()

    def export_pdf(self, path: str | Path | None = None, options: PdfOptions | None = None) -> bool:
        """Ask for the options, then build and write the PDF in the background; True when started.

        ``sig_export_finished`` tells when and how it ended.
        """
        module = _exporter("report_pdf")
        if module is None or not hasattr(module, "build_report_pdf"):
            self.show_error("Export PDF", NOT_AVAILABLE)
            return False
        if self.busy:
            self.sig_status.emit("An export is already running")
            return False
        options = options or self.ask_pdf_options()
        if options is None:
            return False
        suffix = HANDOUT_SUFFIX if options.handout else REPORT_SUFFIX
        target = path or options.path or self.ask_export_path(self._suggested(suffix), "PDF (*.pdf)")
        if not target or not self._writable(Path(target), "Export PDF"):
            return False
        # A snapshot: the room can keep editing while the report is laid out.
        workshop = self._session.document.workshop.model_copy(deep=True)
        job = _Job(Path(target), options.open_after)

        def build(progress: Callable[[float], None]) -> bytes:
            return module.build_report_pdf(workshop, handout=options.handout, final=options.final,
                                           include_contacts=options.include_contacts, progress=progress)

        self._start(job, build, "Building the handout…" if options.handout else "Building the report…")
        return True

    def export_image(self, path: str | Path | None = None, options: ImageOptions | None = None) -> bool:
        """Ask for the format and resolution, then write the map as PNG or SVG; True when written."""
        if self.busy:  # reportlab's font tables are shared with the report being built
            self.sig_status.emit("An export is already running")
            return False
        options = options or self.ask_image_options()
        if options is None:
            return False
        module = _exporter("map_image" if options.format == "png" else "map_svg")
        builder = "render_map_png" if options.format == "png" else "build_map_svg"
        if module is None or not hasattr(module, builder):
            self.show_error("Export map image", NOT_AVAILABLE)
            return False
        suffix = f"-map.{options.format}"
        file_filter = "PNG image (*.png)" if options.format == "png" else "SVG image (*.svg)"
        target = path or options.path or self.ask_export_path(self._suggested(suffix), file_filter)
        if not target or not self._writable(Path(target), "Export map image"):
            return False
        workshop = self._session.document.workshop
        target = Path(target)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = (module.render_map_png(workshop, options.scale) if options.format == "png"
                    else module.build_map_svg(workshop))
            atomic_write_bytes(target, data)
        except Exception as exc:  # noqa: BLE001 - an exporter bug must not close the app with the work
            error: str | None = _failure_text(target, exc)
        else:
            error = None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._finish(target, error, cancelled=False, open_after=options.open_after)
        return error is None

    # ------------------------------------------------------------------ dialogs
    def _ask_pdf_options_dialog(self) -> PdfOptions | None:
        info = self._session.document.workshop.info
        dialog = PdfExportDialog(self._parent, final=info.status == "final",
                                 report_path=self._suggested(REPORT_SUFFIX))
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _ask_image_options_dialog(self) -> ImageOptions | None:
        from ..export.map_drawing import map_size

        dialog = ImageExportDialog(self._parent, map_size=map_size(self._session.document.workshop),
                                   image_path=self._suggested("-map.png"))
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # ------------------------------------------------------------------ background work
    def _start(self, job: _Job, build: Callable[[Callable[[float], None]], bytes], label: str) -> None:
        def progress(fraction: float) -> None:
            if job.cancel.is_set():
                raise _Cancelled
            job.progress = fraction

        def work() -> None:
            try:
                data = build(progress)
                if job.cancel.is_set():
                    raise _Cancelled
                atomic_write_bytes(job.path, data)
            except _Cancelled:
                job.cancelled = True
            except Exception as exc:  # noqa: BLE001 - reported to the user by the window, never lost
                job.error = _failure_text(job.path, exc)
            finally:
                job.done.set()

        self._job = job
        self._progress = QProgressDialog(label, "Cancel", 0, 100, self._parent)
        self._progress.setObjectName("export_progress")
        self._progress.setWindowTitle("Export PDF")
        self._progress.setWindowModality(Qt.WindowModality.NonModal)
        self._progress.setMinimumDuration(PROGRESS_DELAY_MS)
        self._progress.setAutoClose(False)
        self._progress.setAutoReset(False)
        self._progress.canceled.connect(self.cancel)
        self._progress.setValue(0)
        # Not a daemon: an export still running when the window closes finishes writing its file.
        threading.Thread(target=work, name="intercept-mapper-export", daemon=False).start()
        self._timer.start()

    def _poll(self) -> None:
        job = self._job
        if job is None:
            self._timer.stop()
            return
        if self._progress is not None and not job.done.is_set():
            if self._progress.wasCanceled():  # also when closed with Esc or the title bar
                job.cancel.set()
            else:
                self._progress.setValue(round(job.progress * 100))
            return
        if not job.done.is_set():
            return
        self._timer.stop()
        self._job = None
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._finish(job.path, job.error, job.cancelled, job.open_after)

    def _finish(self, path: Path, error: str | None, cancelled: bool, open_after: bool) -> None:
        if cancelled:
            self.sig_status.emit(f"Export cancelled; {path.name} was not written")
        elif error is not None:
            self.show_error("Export failed", error)
        else:
            self.sig_status.emit(f"Exported {path.name}")
            if open_after:
                self.open_file(path)
        self.sig_export_finished.emit(str(path), error is None and not cancelled)

    # ------------------------------------------------------------------ helpers
    def _writable(self, target: Path, title: str) -> bool:
        """False (and says why) when the export would replace the open workshop file or a folder."""
        own = self._session.path
        try:
            same = own is not None and target.resolve() == Path(own).resolve()
        except OSError:
            same = False
        if same:
            self.show_error(title, f"{target} is the workshop file itself; choose another name for the "
                                   "export.")
            return False
        if target.is_dir():
            self.show_error(title, f"{target} is a folder; choose a file name for the export.")
            return False
        return True

    def _suggested(self, suffix: str) -> str:
        session_path = self._session.path
        if session_path:
            return str(session_path.with_name(session_path.stem + suffix))
        return str(Path.home() / ("workshop" + suffix))

