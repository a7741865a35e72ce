"""The Export PDF and Export image dialogs: what to export and where, as plain option records.

Public API: ``PdfOptions``, ``ImageOptions``, ``PdfExportDialog``, ``ImageExportDialog``. A dialog's
``options()`` reads its widgets, so tests and scripts fill the widgets and call it without ``exec()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...export.map_image import png_pixel_size

REPORT_SUFFIX = "-report.pdf"
HANDOUT_SUFFIX = "-handout.pdf"
HTML_SUFFIX = "-report.html"
CONTACTS_NOTE = ("Contact details are personal data: include them only if the participants agreed to "
                 "have them printed in this copy.")
# (label, scale or slide width in pixels): scales are relative to the map's own size.
PNG_SCALES = ((1.0, "Actual size (1x)"), (2.0, "Sharp (2x)"), (4.0, "Print quality (4x)"))
PNG_WIDTHS = ((1920, "Slide, full HD"), (3840, "Slide, 4K"))


@dataclass(frozen=True)
class PdfOptions:
    """What goes into the report and where it goes (``path`` None: ask for it); ``format`` is ``pdf``
    or ``html`` (the accessible web page, always the full report)."""

    handout: bool = False
    final: bool = False
    include_contacts: bool = False
    path: str | None = None
    open_after: bool = False
    allow_incomplete: bool = False  # FINAL with empty required sections: leave them out
    format: str = "pdf"


@dataclass(frozen=True)
class ImageOptions:
    """The map image: ``png`` or ``svg``, the PNG scale (pixels per map unit), and where it goes."""

    format: str = "png"
    scale: float = 2.0
    path: str | None = None
    open_after: bool = False


class _PathRow(QWidget):
    """A file path field with a Browse button."""

    def __init__(self, path: str, file_filter: str, object_name: str) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(path)
        self.edit.setObjectName(object_name)
        self.edit.setAccessibleName("File to write")
        self.edit.setMinimumWidth(360)
        self.filter = file_filter
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.edit.text(), self.filter)
        if chosen:
            self.edit.setText(chosen)

    def swap_suffix(self, old: str, new: str) -> None:
        """Change the file name's ending (``-report.pdf`` to ``-handout.pdf``) if it still has ``old``."""
        text = self.edit.text()
        if text.endswith(old):
            self.edit.setText(text[: len(text) - len(old)] + new)


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PdfExportDialog(QDialog):
    """PDF or HTML; full report or handout (PDF only); DRAFT or FINAL; contact details; the output file;
    open when done."""

    def __init__(self, parent: QWidget | None, *, final: bool, report_path: str,
                 missing: tuple[list[str], list[str]] = ([], [])) -> None:
        """``missing``: what a FINAL report and a FINAL handout would leave empty, one line each."""
        super().__init__(parent)
        self._missing = missing
        self.setObjectName("export_pdf_dialog")
        self.setWindowTitle("Export report")
        layout = QVBoxLayout(self)

        kind = QGroupBox("Format")
        box = QVBoxLayout(kind)
        self.pdf = QRadioButton("PDF (to print and to send)")
        self.html = QRadioButton("Web page, HTML (accessible: for the county website, screen readers and "
                                 "phones)")
        self.pdf.setObjectName("export_report_pdf")
        self.html.setObjectName("export_report_html")
        self.pdf.setChecked(True)
        self._format = QButtonGroup(self)
        for button in (self.pdf, self.html):
            self._format.addButton(button)
            box.addWidget(button)
        layout.addWidget(kind)

        what = QGroupBox("What to export")
        box = QVBoxLayout(what)
        self.full = QRadioButton("Full report (cover, map, resources and gaps, priorities, plans, appendix)")
        self.handout = QRadioButton("Action-plan handout (the priorities and their action plans only)")
        self.full.setObjectName("export_pdf_full")
        self.handout.setObjectName("export_pdf_handout")
        self.full.setChecked(True)
        self._kind = QButtonGroup(self)
        for button in (self.full, self.handout):
            self._kind.addButton(button)
            box.addWidget(button)
        layout.addWidget(what)

        status = QGroupBox("Status")
        row = QHBoxLayout(status)
        self.draft = QRadioButton("DRAFT (marked on every page)")
        self.final = QRadioButton("FINAL")
        self.draft.setObjectName("export_pdf_draft")
        self.final.setObjectName("export_pdf_final")
        (self.final if final else self.draft).setChecked(True)
        self._status = QButtonGroup(self)
        for button in (self.draft, self.final):
            self._status.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(status)
        # A FINAL report is what a county publishes: say what it would leave empty before it is made.
        self.incomplete_note = QLabel()
        self.incomplete_note.setObjectName("export_pdf_incomplete")
        self.incomplete_note.setTextFormat(Qt.TextFormat.PlainText)  # the lines quote workshop text
        self.incomplete_note.setWordWrap(True)
        self.incomplete_note.setIndent(24)
        self.allow_incomplete = QCheckBox("Leave the empty sections out and make it FINAL anyway")
        self.allow_incomplete.setObjectName("export_pdf_allow_incomplete")
        layout.addWidget(self.incomplete_note)
        layout.addWidget(self.allow_incomplete)

        self.contacts = QCheckBox("Include participants' e-mail addresses and phone numbers")
        self.contacts.setObjectName("export_pdf_contacts")
        self.contacts_note = QLabel(CONTACTS_NOTE)
        self.contacts_note.setWordWrap(True)
        self.contacts_note.setIndent(24)
        layout.addWidget(self.contacts)
        layout.addWidget(self.contacts_note)

        form = QFormLayout()
        self.path = _PathRow(report_path, "PDF (*.pdf);;Web page (*.html)", "export_pdf_path")
        form.addRow("Save as:", self.path)
        layout.addLayout(form)
        self.open_after = QCheckBox("Open the report when it is ready")
        self.open_after.setObjectName("export_pdf_open_after")
        self.open_after.setChecked(True)
        layout.addWidget(self.open_after)
        self.buttons = _buttons(self, "Export")
        layout.addWidget(self.buttons)

        self.handout.toggled.connect(self._kind_changed)
        self.html.toggled.connect(self._format_changed)
        self.path.edit.textChanged.connect(self._path_changed)
        self.final.toggled.connect(self._path_changed)
        self.handout.toggled.connect(self._path_changed)
        self.html.toggled.connect(self._path_changed)
        self.allow_incomplete.toggled.connect(self._path_changed)
        self._path_changed()

    def _kind_changed(self, handout: bool) -> None:
        # The handout has no participant list, so the contact choice does not apply to it.
        self.contacts.setEnabled(not handout)
        self.contacts_note.setEnabled(not handout)
        if handout:
            self.path.swap_suffix(REPORT_SUFFIX, HANDOUT_SUFFIX)
        else:
            self.path.swap_suffix(HANDOUT_SUFFIX, REPORT_SUFFIX)

    def _format_changed(self, html: bool) -> None:
        # The web page is the full report: the handout is a PDF to print and hand out.
        if html:
            self.full.setChecked(True)
            self.path.swap_suffix(REPORT_SUFFIX, HTML_SUFFIX)
        else:
            self.path.swap_suffix(HTML_SUFFIX, REPORT_SUFFIX)
        self.handout.setEnabled(not html)

    def missing_sections(self) -> list[str]:
        """What the chosen FINAL document would leave empty (nothing for a DRAFT)."""
        if not self.final.isChecked():
            return []
        return self._missing[1] if self.handout.isChecked() else self._missing[0]

    def _path_changed(self) -> None:
        # A file name typed or browsed to with the other format's ending chooses that format.
        ending = Path(self.path.edit.text().strip()).suffix.lower()
        if ending in (".html", ".htm") and not self.html.isChecked():
            self.html.setChecked(True)
        elif ending == ".pdf" and not self.pdf.isChecked():
            self.pdf.setChecked(True)
        missing = self.missing_sections()
        self.incomplete_note.setVisible(bool(missing))
        self.allow_incomplete.setVisible(bool(missing))
        if missing:
            self.incomplete_note.setText("A FINAL report needs these, which are empty:\n"
                                         + "\n".join(f"\u2022 {line}" for line in missing)
                                         + "\nFill them in, export a DRAFT, or leave them out.")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.path.edit.text().strip())
                      and (not missing or self.allow_incomplete.isChecked()))

    def options(self) -> PdfOptions:
        """The choices as they stand."""
        handout = self.handout.isChecked()
        fmt = "html" if self.html.isChecked() else "pdf"
        path = self.path.edit.text().strip()
        if path and not path.lower().endswith((".htm", ".html") if fmt == "html" else (".pdf",)):
            path += f".{fmt}"
        return PdfOptions(handout=handout, final=self.final.isChecked(), format=fmt,
                          include_contacts=self.contacts.isChecked() and not handout,
                          path=path or None, open_after=self.open_after.isChecked(),
                          allow_incomplete=bool(self.missing_sections())
                          and self.allow_incomplete.isChecked())


class ImageExportDialog(QDialog):
    """PNG at a chosen resolution or SVG, the output file, open when done."""

    def __init__(self, parent: QWidget | None, *, map_size: tuple[float, float], image_path: str) -> None:
        super().__init__(parent)
        self.setObjectName("export_image_dialog")
        self.setWindowTitle("Export map image")
        self._map_size = map_size
        layout = QVBoxLayout(self)
        kind = QGroupBox("Format")
        box = QFormLayout(kind)
        self.png = QRadioButton("PNG picture (slides, documents, e-mail)")
        self.svg = QRadioButton("SVG drawing (sharp at any size; for designers and the web)")
        self.png.setObjectName("export_image_png")
        self.svg.setObjectName("export_image_svg")
        self.png.setChecked(True)
        self._format = QButtonGroup(self)
        self.resolution = QComboBox()
        self.resolution.setObjectName("export_image_resolution")
        self.resolution.setAccessibleName("PNG resolution")
        for scale, label in PNG_SCALES:
            w, h = png_pixel_size(map_size, scale)
            self.resolution.addItem(f"{label}: {w} × {h} px", scale)
        for width, label in PNG_WIDTHS:
            scale = width / max(1.0, map_size[0])
            w, h = png_pixel_size(map_size, scale)
            self.resolution.addItem(f"{label}: {w} × {h} px", scale)
        self.resolution.setCurrentIndex(1)
        for button in (self.png, self.svg):
            self._format.addButton(button)
        box.addRow(self.png)
        box.addRow("Resolution:", self.resolution)
        box.addRow(self.svg)
        layout.addWidget(kind)
        form = QFormLayout()
        self.path = _PathRow(image_path, "PNG image (*.png);;SVG image (*.svg)", "export_image_path")
        form.addRow("Save as:", self.path)
        layout.addLayout(form)
        self.open_after = QCheckBox("Open the image when it is ready")
        self.open_after.setObjectName("export_image_open_after")
        self.open_after.setChecked(True)
        layout.addWidget(self.open_after)
        self.buttons = _buttons(self, "Export")
        layout.addWidget(self.buttons)
        self.svg.toggled.connect(self._format_changed)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.path.edit.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))

    def _format_changed(self, svg: bool) -> None:
        self.resolution.setEnabled(not svg)
        if svg:
            self.path.swap_suffix(".png", ".svg")
        else:
            self.path.swap_suffix(".svg", ".png")

    def options(self) -> ImageOptions:
        """The choices as they stand."""
        fmt = "svg" if self.svg.isChecked() else "png"
        path = self.path.edit.text().strip()
        if path and Path(path).suffix.lower() != f".{fmt}":
            path += f".{fmt}"
        return ImageOptions(format=fmt, scale=float(self.resolution.currentData()), path=path or None,
                            open_after=self.open_after.isChecked())
