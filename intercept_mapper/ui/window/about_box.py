"""Help > About: the version, the licence and a link to the user guide."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from ... import about
from ..files.document_session import APP_TITLE
from .app_icon import app_icon


def about_html(version: str, guide: Path | None) -> str:
    """The About box's text: name and version, what it is for, the licence, where the user guide is."""
    if guide is not None:
        url = bytes(QUrl.fromLocalFile(str(guide)).toEncoded().data()).decode("ascii")  # spaces as %20
        link = f'<a href="{escape(url)}">{escape(guide.name)}</a>'
        guide_line = f"User guide: {link}"
    else:
        guide_line = (f"User guide: {escape(about.USER_GUIDE)} in the Intercept Mapper source "
                      "(not installed with this copy).")
    return (f"<h3>{escape(APP_TITLE)} {escape(version)}</h3>"
            "<p>Map, prioritise and plan at Sequential Intercept Model workshops.</p>"
            f"<p>{guide_line}</p>"
            f"<p>Licence: {escape(about.LICENCE)}. {escape(about.COPYRIGHT)}.<br>"
            "Fonts: DejaVu Sans (DejaVu fonts licence), Droid Sans Fallback (Apache 2.0).</p>")


def about_box(parent: QWidget) -> QMessageBox:
    """The About box, not yet shown (its link opens the guide in the desktop's viewer)."""
    box = QMessageBox(parent)
    box.setObjectName("about_box")
    box.setWindowTitle(f"About {APP_TITLE}")
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(about.version(), about.user_guide()))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_about(parent: QWidget) -> None:
    """Show the About box (modal)."""
    about_box(parent).exec()
