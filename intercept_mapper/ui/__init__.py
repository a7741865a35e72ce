"""The desktop app (PySide6): the main window, the map canvas and the panels around it."""

from .main_window import MainWindow

__all__ = ["MainWindow"]
