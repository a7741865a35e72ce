"""Docked panels around the map: inspector, outline, undo history (and others' panels)."""

from .history_panel import HistoryDock
from .inspector import InspectorDock
from .outline import OutlineDock

__all__ = ["HistoryDock", "InspectorDock", "OutlineDock"]
