"""The files shipped inside the package: fonts, the sample workshop and its CSVs, icons, desktop files.

They are package data (``intercept_mapper/resources/...``), so a wheel, an sdist and a frozen bundle carry
them, and they are found through ``importlib.resources``. The names below are real paths on disk: for a
package installed as files (the usual case) they are the files themselves; for a package imported from
a zip archive the data is copied out once, into a folder removed when the process exits.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "APP_ICON_SVG",
    "DESKTOP_DIR",
    "FONTS_DIR",
    "ICON_SIZES",
    "ICONS_DIR",
    "RESOURCES_DIR",
    "SAMPLE_PARTICIPANTS",
    "SAMPLE_WORKSHEET",
    "SAMPLE_WORKSHOP",
    "SAMPLES_DIR",
    "app_icon_png",
    "resource",
]

ICON_SIZES = (16, 32, 48, 64, 128, 256)  # pixel sizes of the app icon's PNGs (tools/render_icons.py)


def resource(*parts: str) -> Traversable:
    """A bundled file or folder as importlib.resources sees it (readable even from a zip archive)."""
    node = files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node


def _on_disk(root: Traversable) -> Path:
    if isinstance(root, Path):
        return root
    # Imported from a zip (a zipapp, some freezers): fonts and files to open need real paths.
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="intercept-mapper-resources-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _copy_tree(root, folder)
    return folder


def _copy_tree(node: Traversable, target: Path) -> None:
    for child in node.iterdir():
        if child.name in ("__pycache__", "__init__.py"):
            continue
        if child.is_dir():
            (target / child.name).mkdir()
            _copy_tree(child, target / child.name)
        else:
            (target / child.name).write_bytes(child.read_bytes())


RESOURCES_DIR = _on_disk(resource())
FONTS_DIR = RESOURCES_DIR / "fonts"
SAMPLES_DIR = RESOURCES_DIR / "samples"
SAMPLE_WORKSHOP = SAMPLES_DIR / "riverbend.simmap"
SAMPLE_WORKSHEET = SAMPLES_DIR / "riverbend-worksheet.csv"  # what the sample is built from
SAMPLE_PARTICIPANTS = SAMPLES_DIR / "riverbend-participants.csv"
ICONS_DIR = RESOURCES_DIR / "icons"
APP_ICON_SVG = ICONS_DIR / "intercept-mapper.svg"
DESKTOP_DIR = RESOURCES_DIR / "desktop"  # the freedesktop .desktop entry and the .simmap MIME type


def app_icon_png(size: int) -> Path:
    """The app icon rendered at ``size`` pixels square (one of ICON_SIZES)."""
    return ICONS_DIR / f"intercept-mapper-{size}.png"
