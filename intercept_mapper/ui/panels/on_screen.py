"""Whether a panel is where the facilitator can see it: hidden panels defer their work until shown."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def on_screen(widget: QWidget) -> bool:
    """True when some of ``widget`` can be seen: shown, and not a dock tab behind another one.

    ``isVisible`` alone is not enough: Qt keeps a dock tabbed behind another visible, with nothing of
    it on screen (its visible region is empty); its ``visibilityChanged`` says when its tab comes forward.
    """
    return widget.isVisible() and not widget.visibleRegion().isEmpty()
