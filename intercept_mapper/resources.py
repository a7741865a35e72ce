"""Where the bundled files (sample workshop, fonts, icons) live."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_WORKSHOP = RESOURCES_DIR / "samples" / "riverbend.simmap"
FONTS_DIR = RESOURCES_DIR / "fonts"
