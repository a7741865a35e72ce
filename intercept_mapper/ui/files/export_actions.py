"""File > Export Report (PDF or HTML) and File > Export image: ask what and where, build, write
atomically, offer to open.

The report is built in a child process (``python -m intercept_mapper export SNAPSHOT --pdf ... --progress``,
or ``--html ...`` for the accessible web page; in a frozen bundle the bundle's own ``intercept-mapper``
program with the same ``export ...`` arguments, since its ``sys.executable`` is no Python)
from a snapshot of the document, so the window stays responsive through a long report: a worker thread
would hold the GIL and starve the map's painting. A progress dialog follows the child's ``progress:``
lines and can cancel (kill) it. The child writes into a private temporary folder, always removed
afterwards; only a finished report is copied to the chosen file, atomically (``model.atomic_write``), so
a cancelled or failed export leaves nothing, and a failure names the file. Questions are attributes
(``ask_pdf_options``, ``ask_image_options``, ``ask_export_path``, ``show_error``, ``open_file``) so tests
answer them without dialogs.

Public API: ``ExportActions`` (``export_pdf``, ``export_image``, ``busy``, ``cancel``,
``sig_status``, ``sig_export_finished``), and the option records ``PdfOptions`` and ``ImageOptions``.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from ...model.atomic_write import atomic_write_bytes
from ...model.simmap_file import dumps_workshop
from ..dialogs.export_dialogs import (
    HANDOUT_SUFFIX,
    HTML_SUFFIX,
    REPORT_SUFFIX,
    ImageExportDialog,
    ImageOptions,
    PdfExportDialog,
    PdfOptions,
)
from ..plain_text import show_message
from .document_session import DocumentSession

NOT_AVAILABLE = "This export is not available yet in this version."
PNG_SCALE = 2.0  # sharp on a projector and in a printed handout
PROGRESS_DELAY_MS = 400  # a quicker export never flashes a progress dialog
SCRATCH_PREFIX = "intercept-mapper-export-"  # the child's private folder, in the system's temp folder
SNAPSHOT_NAME = "snapshot.simmap"
KILL_WAIT_MS = 5000  # how long cancel waits for a killed child to be gone
PROGRESS_PREFIX = "progress: "

__all__ = ["NOT_AVAILABLE", "ExportActions", "ImageOptions", "PdfOptions"]


def _exporter(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"intercept_mapper.export.{module}")
    except ImportError:
        return None


def _builds(fmt: str) -> bool:
    """True when this version can build the report as ``pdf`` or ``html``."""
    module = _exporter("report_html" if fmt == "html" else "report_pdf")
    builder = "build_report_html" if fmt == "html" else "build_report_pdf"
    return module is not None and hasattr(module, builder)


BUNDLE_PROGRAM = "intercept-mapper"  # the frozen bundle's console program (packaging/intercept-mapper.spec)


def _is_frozen() -> bool:
    """True inside a frozen bundle (PyInstaller), where ``sys.executable`` is the bundle's program."""
    return bool(getattr(sys, "frozen", False))


def _child_program(frozen: bool | None = None, executable: str | None = None) -> str:
    """The program that builds a report: this Python, or in a frozen bundle the bundle's program.

    The bundle's program takes every command itself. When it is the console-less
    ``intercept-mapper-gui`` (Windows), its ``intercept-mapper`` sibling builds the report: a console
    program's standard error is the one the progress lines come through."""
    frozen = _is_frozen() if frozen is None else frozen
    executable = sys.executable if executable is None else executable
    if not frozen:
        return executable
    console = Path(executable).with_name(BUNDLE_PROGRAM + Path(executable).suffix)
    return str(console) if console.is_file() else executable


def _child_arguments(snapshot: Path, built: Path, options: PdfOptions,
                     frozen: bool | None = None) -> list[str]:
    """The arguments after ``_child_program()`` that build the report from ``snapshot`` into ``built``:
    ``-m intercept_mapper export ...`` for Python, ``export ...`` for a frozen bundle's program."""
    frozen = _is_frozen() if frozen is None else frozen
    lead = [] if frozen else ["-m", "intercept_mapper"]
    # --draft too: without either, the file's report status would decide, not the dialog.
    flags = [flag for flag, wanted in (("--handout", options.handout), ("--final", options.final),
                                       ("--draft", not options.final),
                                       ("--allow-incomplete", options.final and options.allow_incomplete),
                                       ("--include-contacts", options.include_contacts)) if wanted]
    if options.format == "html":  # the web page is always the full report, and quick: no progress lines
        flags = [flag for flag in flags if flag != "--handout"]
        return [*lead, "export", str(snapshot), "--html", str(built), *flags]
    return [*lead, "export", str(snapshot), "--pdf", str(built), *flags, "--progress"]


def _child_environment(frozen: bool | None = None) -> QProcessEnvironment:
    """This process's environment, with this copy of the package first on the child's import path (a
    frozen bundle carries its package inside: no path to add)."""
    frozen = _is_frozen() if frozen is None else frozen
    env = QProcessEnvironment.systemEnvironment()
    for name, value in os.environ.items():  # os.environ may have been changed since start-up
        env.insert(name, value)
    env.remove("INTERCEPT_MAPPER_DEBUG")  # the child's failures must stay ``error:`` lines
    if frozen:
        return env
    package_root = str(Path(__file__).resolve().parents[3])  # the folder that holds intercept_mapper/
    existing = os.environ.get("PYTHONPATH", "")
    env.insert("PYTHONPATH", package_root + (os.pathsep + existing if existing else ""))
    return env


@dataclass
class _Job:
    """One report being built by a child process, and what it has said so far."""

    path: Path
    open_after: bool
    folder: Path  # private: holds the snapshot and the child's output, removed when the job ends
    built: Path
    process: QProcess
    progress: float = 0.0
    pending: str = ""  # an incomplete last line of the child's standard error
    messages: list[str] = field(default_factory=list)
    cancelled: bool = False
    ended: bool = False


def _failure_text(path: Path, exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"{path} was not written:\n{exc.strerror or exc}"
    return f"{path} was not written:\n{type(exc).__name__}: {exc}"


def _child_failure_text(job: _Job, crashed: bool) -> str:
    """The child's ``error:`` lines (or the last thing it said) under a line naming the file."""
    lines = [line.rstrip() for line in job.messages if line.strip()]
    errors = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
    said = errors or lines[-5:]
    # The child names its private files; the user knows the report by the name they chose.
    snapshot = str(job.folder / SNAPSHOT_NAME)
    said = [line.replace(str(job.built), str(job.path)).replace(snapshot, "the workshop snapshot")
            for line in said]
    if not said:
        said = ["the export process stopped unexpectedly" if crashed else "the export process failed"]
    return f"{job.path} was not written:\n" + "\n".join(said)


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
        self.ask_pdf_options: Callable[[], PdfOptions | None] = self._ask_pdf_options_dialog
        self.ask_image_options: Callable[[], ImageOptions | None] = self._ask_image_options_dialog
        self.ask_export_path: Callable[[str, str], str | None] = lambda suggested, filt: (
            QFileDialog.getSaveFileName(parent, "Export", suggested, filt)[0] or None)
        self.show_error: Callable[[str, str], None] = lambda title, text: show_message(parent, title, text)
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path)))

    # ------------------------------------------------------------------ Public API
    @property
    def busy(self) -> bool:
        """True while a report is being built in the background."""
        return self._job is not None

    def cancel(self) -> None:
        """Stop the report being built (its process is killed and waited for); nothing is written."""
        job = self._job
        if job is None or job.ended:
            return
        job.cancelled = True
        if job.process.state() == QProcess.ProcessState.NotRunning:
            self._end(job, crashed=False, exit_code=1)
            return
        job.process.kill()
        # Waiting here makes the end certain: no child outlives a closing window, and the signal comes
        # before cancel() returns.
        if not job.process.waitForFinished(KILL_WAIT_MS):
            self._end(job, crashed=True, exit_code=1)

    def export_pdf(self, path: str | Path | None = None, options: PdfOptions | None = None) -> bool:
        """Ask for the options, then build and write the PDF in the background; True when started.

        ``sig_export_finished`` tells when and how it ended.
        """
        if not any(_builds(name) for name in ("pdf", "html")):
            self.show_error("Export report", NOT_AVAILABLE)
            return False
        if self.busy:
            self.sig_status.emit("An export is already running")
            return False
        options = options or self.ask_pdf_options()
        if options is None:
            return False
        if not _builds(options.format):
            self.show_error("Export report", NOT_AVAILABLE)
            return False
        if options.format == "html":
            suffix, file_filter = HTML_SUFFIX, "Web page (*.html)"
        else:
            suffix, file_filter = (HANDOUT_SUFFIX if options.handout else REPORT_SUFFIX), "PDF (*.pdf)"
        target = path or options.path or self.ask_export_path(self._suggested(suffix), file_filter)
        if not target or not self._writable(Path(target), "Export report"):
            return False
        self._start(Path(target), options)
        return True

    def export_image(self, path: str | Path | None = None, options: ImageOptions | None = None) -> bool:
        """Ask for the format and resolution, then write the map as PNG or SVG; True when written."""
        if self.busy:  # one export at a time: one progress dialog, one status
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
        from ...export.report_text import missing_for_final
        from ...model.ranking import rank_candidates

        ws = self._session.document.workshop
        ranking = rank_candidates(ws)
        missing = ([m.message() for m in missing_for_final(ws, ranking)],
                   [m.message() for m in missing_for_final(ws, ranking, handout=True)])
        dialog = PdfExportDialog(self._parent, final=ws.info.status == "final",
                                 report_path=self._suggested(REPORT_SUFFIX), missing=missing)
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _ask_image_options_dialog(self) -> ImageOptions | None:
        from ...export.map_svg import map_size

        dialog = ImageExportDialog(self._parent, map_size=map_size(self._session.document.workshop),
                                   image_path=self._suggested("-map.png"))
        return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # ------------------------------------------------------------------ background work
    def _start(self, target: Path, options: PdfOptions) -> None:
        """Write the snapshot, start the child that builds the report, and show the progress dialog."""
        folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
        snapshot = folder / SNAPSHOT_NAME
        try:
            # The snapshot is the document as it is now: the room can keep editing meanwhile.
            snapshot.write_text(dumps_workshop(self._session.document.workshop), encoding="utf-8")
        except (OSError, ValueError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            self._finish(target, _failure_text(target, exc), cancelled=False, open_after=False)
            return
        process = QProcess(self)
        job = _Job(target, options.open_after, folder, folder / f"report.{options.format}", process)
        process.setProgram(_child_program())
        process.setArguments(_child_arguments(snapshot, job.built, options))
        process.setProcessEnvironment(_child_environment())
        process.setWorkingDirectory(str(folder))
        process.setStandardOutputFile(QProcess.nullDevice())
        process.readyReadStandardError.connect(lambda: self._read_child(job))
        process.finished.connect(lambda code, status: self._end(
            job, crashed=status == QProcess.ExitStatus.CrashExit, exit_code=code))
        process.errorOccurred.connect(lambda error: self._child_error(job, error))
        self._job = job
        label = "Building the handout…" if options.handout else "Building the report…"
        # The web page reports no progress: a busy bar (it is ready in a second or two).
        self._progress = QProgressDialog(label, "Cancel", 0, 0 if options.format == "html" else 100,
                                         self._parent)
        self._progress.setObjectName("export_progress")
        self._progress.setWindowTitle("Export report")
        self._progress.setWindowModality(Qt.WindowModality.NonModal)
        self._progress.setMinimumDuration(PROGRESS_DELAY_MS)
        self._progress.setAutoClose(False)
        self._progress.setAutoReset(False)
        self._progress.canceled.connect(self.cancel)  # also when closed with Esc or the title bar
        self._progress.setValue(0)
        process.start()

    def _read_child(self, job: _Job) -> None:
        """Follow the child's standard error: ``progress:`` lines move the dialog, the rest is kept."""
        text = job.pending + bytes(job.process.readAllStandardError().data()).decode("utf-8", "replace")
        *lines, job.pending = text.split("\n")
        for line in (raw.removesuffix("\r") for raw in lines):  # Windows ends the child's lines "\r\n"
            if line.startswith(PROGRESS_PREFIX):
                try:
                    job.progress = max(job.progress, float(line.removeprefix(PROGRESS_PREFIX)))
                except ValueError:
                    job.messages.append(line)
            else:
                job.messages.append(line)
        if self._progress is not None and not job.ended:
            self._progress.setValue(round(min(job.progress, 1.0) * 100))

    def _child_error(self, job: _Job, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no ``finished`` follows this one
            job.messages.append(f"error: could not start {job.process.program()}: "
                                f"{job.process.errorString()}")
            self._end(job, crashed=True, exit_code=1)

    def _end(self, job: _Job, crashed: bool, exit_code: int) -> None:
        """The child is gone: copy a finished report to its file, clean up, and say how it ended."""
        if job.ended:
            return
        job.ended = True
        if job.process.state() != QProcess.ProcessState.NotRunning:
            job.process.kill()
            job.process.waitForFinished(KILL_WAIT_MS)
        self._read_child(job)
        if job.pending:
            job.messages.append(job.pending)
        error: str | None = None
        if not job.cancelled:
            if crashed or exit_code != 0:
                error = _child_failure_text(job, crashed)
            else:
                try:
                    atomic_write_bytes(job.path, job.built.read_bytes())
                except Exception as exc:  # noqa: BLE001 - reported to the user, never lost
                    error = _failure_text(job.path, exc)
        shutil.rmtree(job.folder, ignore_errors=True)
        job.process.deleteLater()
        if self._job is job:
            self._job = None
        if self._progress is not None:
            self._progress.canceled.disconnect(self.cancel)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._finish(job.path, error, job.cancelled, job.open_after)

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
        """False (and says why) when the export would replace the open workshop file, any other workshop
        file, a folder, a device or a pipe (the command line's own rules: ``model.output_rules``)."""
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
        from ...model.output_rules import check_export_outputs
        from ...model.problems import InputError

        if not target.parent.is_dir():
            return True  # reported by the write itself, naming the file (as any failed write is)
        try:
            check_export_outputs([target], [own] if own is not None else [])
        except InputError as exc:
            self.show_error(title, "\n".join(str(p) for p in exc.problems))
            return False
        return True

    def _suggested(self, suffix: str) -> str:
        session_path = self._session.path
        if session_path:
            return str(session_path.with_name(session_path.stem + suffix))
        return str(Path.home() / ("workshop" + suffix))

