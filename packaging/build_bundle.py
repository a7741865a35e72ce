"""Build the frozen one-folder app: ``./dev bundle`` (``py dev.py bundle``), or this Python (with
PyInstaller installed: ``pip install -e .[bundle]``) running this file.

    build_bundle.py [--dist DIR] [--work DIR] [--clean] [--verbose]

PyInstaller builds ``packaging/intercept-mapper.spec`` into ``DIST/intercept-mapper/`` (default
``dist/``, with its scratch files in ``build/pyinstaller/``); the program is
``DIST/intercept-mapper/intercept-mapper`` (``.exe`` on Windows; on macOS also ``DIST/Intercept
Mapper.app``). Then the program is run once (``--version``), and the time taken and the folder's size
are printed. Standard library only; exit status 0, or PyInstaller's, or 1 when the program is missing
or does not run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "intercept-mapper.spec"
NAME = "intercept-mapper"


def program_path(dist: Path, windows: bool | None = None) -> Path:
    """The bundle's program inside ``dist``."""
    windows = os.name == "nt" if windows is None else windows
    return dist / NAME / (f"{NAME}.exe" if windows else NAME)


def folder_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (a link is counted as the link, not what it points at)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() or path.is_symlink())


def pyinstaller_command(dist: Path, work: Path, clean: bool, verbose: bool) -> list[str]:
    """The PyInstaller run that builds the spec into ``dist``."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
               "--workpath", str(work), "--log-level", "INFO" if verbose else "WARN"]
    if clean:
        command.append("--clean")
    return [*command, str(SPEC)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_bundle.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the app goes (dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's scratch folder, kept for a quicker next build")
    parser.add_argument("--clean", action="store_true", help="rebuild PyInstaller's caches from scratch")
    parser.add_argument("--verbose", action="store_true", help="PyInstaller's full log")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(f"build_bundle: PyInstaller is not installed for {sys.executable} "
              "(pip install -e '.[bundle]', or ./dev bundle)", file=sys.stderr)
        return 1
    dist, work = args.dist.absolute(), args.work.absolute()
    started = time.monotonic()
    status = subprocess.run(pyinstaller_command(dist, work, args.clean, args.verbose), cwd=ROOT).returncode
    if status != 0:
        print(f"build_bundle: PyInstaller failed (exit status {status})", file=sys.stderr)
        return status
    seconds = time.monotonic() - started
    program = program_path(dist)
    if not program.is_file():
        print(f"build_bundle: {program} was not built", file=sys.stderr)
        return 1
    check = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=120,
                           check=False)
    if check.returncode != 0:
        print(f"build_bundle: {program} --version failed: {check.stderr.strip()[-2000:]}", file=sys.stderr)
        return 1
    size = folder_size(program.parent)
    print(f"build_bundle: {program} ({check.stdout.strip()}), {size / 2**20:.0f} MiB in "
          f"{sum(1 for _ in program.parent.rglob('*'))} files, built in {seconds:.0f} s")
    app = dist / "Intercept Mapper.app"
    if sys.platform == "darwin" and app.is_dir():
        print(f"build_bundle: {app} (sign it before handing it out: DEVELOPERS.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
