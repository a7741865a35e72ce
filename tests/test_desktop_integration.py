"""``intercept-mapper --install-desktop``: the .desktop entry, the icons and the .simmap MIME type land in
this user's ``$XDG_DATA_HOME`` and are what the freedesktop tools accept."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from intercept_mapper import desktop_integration as di
from intercept_mapper.cli import main
from intercept_mapper.resources import DESKTOP_DIR, ICON_SIZES

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="freedesktop.org desktops only")


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_the_packaged_files_say_what_the_desktop_needs() -> None:
    entry = _entry(DESKTOP_DIR / "intercept-mapper.desktop")
    assert entry["Type"] == "Application" and entry["Name"] == "Intercept Mapper"
    assert entry["Exec"] == "intercept-mapper-gui %f" and entry["Icon"] == "intercept-mapper"
    assert entry["MimeType"] == "application/x-intercept-mapper;" and entry["Terminal"] == "false"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(DESKTOP_DIR / "intercept-mapper.xml").getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-intercept-mapper"
    assert mime.find("m:glob", ns).get("pattern") == "*.simmap"


def test_install_desktop_writes_entry_icons_and_mime_type(user_home: Path, capsys) -> None:
    assert main(["--install-desktop"]) == 0
    home = user_home / "data"  # $XDG_DATA_HOME in the tests
    out = capsys.readouterr().out
    assert f"installed: {home / 'applications' / 'intercept-mapper.desktop'}" in out
    entry = _entry(home / "applications" / "intercept-mapper.desktop")
    command = entry["Exec"].removesuffix(" %f")
    program = command.split(" ")[0].strip('"')
    assert Path(program).is_absolute() and Path(program).exists(), entry["Exec"]  # not left to PATH
    assert entry["TryExec"] == program
    for size in ICON_SIZES:
        for folder, name in (("apps", "intercept-mapper"), ("mimetypes", "application-x-intercept-mapper")):
            assert (home / "icons" / "hicolor" / f"{size}x{size}" / folder / f"{name}.png").is_file()
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / "intercept-mapper.svg").is_file()
    assert (home / "mime" / "packages" / "intercept-mapper.xml").is_file()
    assert main(["--install-desktop"]) == 0  # again: the same files, replaced


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="needs shared-mime-info")
def test_the_mime_database_learns_simmap(user_home: Path) -> None:
    di.install_desktop(user_home / "data")  # runs update-mime-database when it is installed
    mime = user_home / "data" / "mime"
    assert "application/x-intercept-mapper:*.simmap" in (mime / "globs2").read_text(encoding="utf-8")
    assert "application/x-intercept-mapper:application-x-intercept-mapper" in (mime / "icons").read_text()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
def test_the_desktop_entry_validates(user_home: Path) -> None:
    di.install_desktop(user_home / "data", refresh=False)
    for path in (DESKTOP_DIR / "intercept-mapper.desktop",
                 user_home / "data" / "applications" / "intercept-mapper.desktop"):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert done.returncode == 0 and "error" not in done.stdout.lower(), done.stdout


def test_exec_quotes_a_path_with_spaces() -> None:
    entry = di.desktop_entry(["/opt/My Apps/bin/intercept-mapper-gui"])
    assert 'Exec="/opt/My Apps/bin/intercept-mapper-gui" %f' in entry.splitlines()
    assert "TryExec=/opt/My Apps/bin/intercept-mapper-gui" in entry.splitlines()
