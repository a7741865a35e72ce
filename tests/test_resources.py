"""The bundled files are found through ``intercept_mapper.resources``: every public name is a real file
or folder, and a package imported from a zip archive gets its data copied out to real paths."""

from __future__ import annotations

import zipfile
from pathlib import Path

from intercept_mapper import resources


def test_every_public_path_is_there() -> None:
    for name in ("RESOURCES_DIR", "FONTS_DIR", "SAMPLES_DIR", "ICONS_DIR", "DESKTOP_DIR"):
        assert getattr(resources, name).is_dir(), name
    for name in ("SAMPLE_WORKSHOP", "SAMPLE_WORKSHEET", "SAMPLE_PARTICIPANTS", "APP_ICON_SVG"):
        assert getattr(resources, name).is_file(), name
    for size in resources.ICON_SIZES:
        assert resources.app_icon_png(size).is_file()
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DroidSansFallback.ttf"):
        assert (resources.FONTS_DIR / font).is_file()
    assert resources.resource("samples", "riverbend.simmap").read_bytes() == \
        resources.SAMPLE_WORKSHOP.read_bytes()


def test_data_inside_a_zip_is_copied_out_to_real_files(tmp_path: Path) -> None:
    archive = tmp_path / "app.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("intercept_mapper/resources/__init__.py", "")
        z.writestr("intercept_mapper/resources/fonts/A.ttf", b"font")
        z.writestr("intercept_mapper/resources/samples/s.simmap", "{}")
    root = zipfile.Path(archive, "intercept_mapper/resources/")
    folder = resources._on_disk(root)
    assert folder.is_dir() and not folder.is_relative_to(tmp_path)
    assert (folder / "fonts" / "A.ttf").read_bytes() == b"font"
    assert (folder / "samples" / "s.simmap").read_text() == "{}"
    assert not (folder / "__init__.py").exists()
