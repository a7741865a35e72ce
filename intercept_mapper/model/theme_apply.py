"""Fill in themes headless: the suggested theme (``theme_suggestion.suggest_theme``) of every gap and
resource that has none, as the app's inspector offers it one item at a time.

An item that already has a theme is never changed; an item whose words suggest nothing (or tie two
themes) stays unthemed. ``apply_theme_suggestions`` changes the workshop in memory and lists what it
set; saving is the caller's (``themes FILE --apply-suggestions`` saves atomically; ``rollup
--suggest-themes`` never writes its inputs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .theme_suggestion import suggest_theme, theme_label
from .workshop import Workshop


@dataclass(frozen=True)
class ThemeSuggestion:
    """One gap or resource with no theme, and the theme its words suggest."""

    id: str
    kind: str  # "gap" or "resource"
    intercept: str
    title: str
    theme: str

    def as_json(self) -> dict[str, Any]:
        """Every field, plus the theme in words."""
        return {"id": self.id, "kind": self.kind, "intercept": self.intercept, "title": self.title,
                "theme": self.theme, "label": theme_label(self.theme)}


def theme_suggestions(ws: Workshop) -> tuple[list[ThemeSuggestion], int]:
    """The suggestions for the unthemed gaps and resources, in file order, and how many unthemed items
    had none."""
    found: list[ThemeSuggestion] = []
    without = 0
    for item in ws.findings:
        if item.theme.strip():
            continue
        theme = suggest_theme(item.title, item.description)
        if theme is None:
            without += 1
        else:
            found.append(ThemeSuggestion(item.id, item.kind, item.intercept, item.title, theme))
    return found, without


def apply_theme_suggestions(ws: Workshop) -> list[ThemeSuggestion]:
    """Give every unthemed gap and resource its suggested theme (in place); returns what was set."""
    found, _without = theme_suggestions(ws)
    by_id = {s.id: s.theme for s in found}
    for item in ws.findings:
        if item.id in by_id and not item.theme.strip():
            item.theme = by_id[item.id]
    return found
