"""Put Intercept Mapper in a freedesktop (Linux) desktop's menus: the .desktop entry, the icon in every
size, and the .simmap MIME type, for the current user (``intercept-mapper --install-desktop``). No Qt.

Files go under ``$XDG_DATA_HOME`` (``~/.local/share``): ``applications/intercept-mapper.desktop``,
``icons/hicolor/SIZExSIZE/apps/intercept-mapper.png`` (and ``mimetypes/application-x-intercept-mapper.png``),
``icons/hicolor/scalable/...`` (the SVG) and ``mime/packages/intercept-mapper.xml``; then the desktop,
MIME and icon caches are refreshed with ``update-desktop-database``, ``update-mime-database`` and
``gtk-update-icon-cache`` when they are installed. Running it again replaces the same files.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from .resources import APP_ICON_SVG, DESKTOP_DIR, ICON_SIZES, app_icon_png

APP_ID = "intercept-mapper"
MIME_TYPE = "application/x-intercept-mapper"
MIME_ICON = MIME_TYPE.replace("/", "-")
GUI_COMMAND = "intercept-mapper-gui"


def data_home() -> Path:
    """``$XDG_DATA_HOME``, else ``~/.local/share``."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def gui_command() -> list[str]:
    """How the desktop starts the app: the ``intercept-mapper-gui`` script installed beside this
    interpreter (a virtual environment's is not on the desktop's PATH), else this Python with ``-m``."""
    if getattr(sys, "frozen", False):  # a frozen bundle: its program is the app and every command
        return [str(Path(sys.executable).absolute())]
    folder = Path(sys.executable).parent
    for name in (GUI_COMMAND, f"{GUI_COMMAND}.exe"):
        if (folder / name).is_file():
            return [str((folder / name).absolute())]
    found = shutil.which(GUI_COMMAND)
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "intercept_mapper"]


def desktop_entry(command: list[str]) -> str:
    """The packaged .desktop entry with ``Exec``/``TryExec`` pointing at ``command``."""
    text = (DESKTOP_DIR / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    # The desktop entry spec quotes arguments with double quotes; shlex's quoting is close enough for
    # paths, and a path with a space or quote is written quoted.
    exec_line = " ".join(_desktop_quote(part) for part in command)
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line} %f"
        elif line.startswith("TryExec="):
            line = f"TryExec={command[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _desktop_quote(arg: str) -> str:
    if arg and all(c.isalnum() or c in "/._-+:," for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def planned_files(home: Path) -> dict[Path, bytes]:
    """Every file the installation writes under ``home`` (``$XDG_DATA_HOME``), with its content."""
    files: dict[Path, bytes] = {
        home / "applications" / f"{APP_ID}.desktop": desktop_entry(gui_command()).encode("utf-8"),
        home / "mime" / "packages" / f"{APP_ID}.xml": (DESKTOP_DIR / f"{APP_ID}.xml").read_bytes(),
    }
    icons = home / "icons" / "hicolor"
    svg = APP_ICON_SVG.read_bytes()
    files[icons / "scalable" / "apps" / f"{APP_ID}.svg"] = svg
    files[icons / "scalable" / "mimetypes" / f"{MIME_ICON}.svg"] = svg
    for size in ICON_SIZES:
        png = app_icon_png(size).read_bytes()
        files[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = png
        files[icons / f"{size}x{size}" / "mimetypes" / f"{MIME_ICON}.png"] = png
    return files


def install_desktop(home: Path | None = None, *, refresh: bool = True) -> list[str]:
    """Write the desktop entry, icons and MIME type for this user; returns lines saying what was done.

    Raises OSError when a file cannot be written. The cache tools are optional: a desktop without them
    finds the files at its next log-in.
    """
    home = home or data_home()
    written = planned_files(home)
    for path, content in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    said = [f"installed: {home / 'applications' / f'{APP_ID}.desktop'}",
            f"installed: icons under {home / 'icons' / 'hicolor'} and the {MIME_TYPE} type (*.simmap)"]
    if refresh:
        hicolor = str(home / "icons" / "hicolor")
        for tool, args in (("update-desktop-database", [str(home / "applications")]),
                           ("update-mime-database", [str(home / "mime")]),
                           ("gtk-update-icon-cache", ["--ignore-theme-index", hicolor])):
            if shutil.which(tool) is None:
                continue
            done = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
            if done.returncode == 0:
                said.append(f"refreshed: {tool}")
            else:
                said.append(f"warning: {tool} failed: {(done.stderr or done.stdout).strip()[:200]}")
    said.append(f"starts: {shlex.join(gui_command())}")
    return said
