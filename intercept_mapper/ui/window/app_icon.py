"""The app's icon (intercept_mapper/resources/icons): for the window, the taskbar and the About box."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QWidget

from ...resources import ICON_SIZES, app_icon_png

_icon: QIcon | None = None


def app_icon() -> QIcon:
    """The Intercept Mapper icon, from its PNGs at every size."""
    global _icon
    if _icon is None:
        icon = QIcon()
        for size in ICON_SIZES:
            icon.addFile(str(app_icon_png(size)))
        _icon = icon
    return _icon


def set_app_icon(window: QWidget) -> None:
    """Give ``window`` and the application (every later window and dialog) the app's icon."""
    icon = app_icon()
    QGuiApplication.setWindowIcon(icon)
    window.setWindowIcon(icon)
