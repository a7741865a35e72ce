#!/usr/bin/env python3
"""Developer entry point for every system, standard library only: on Windows ``py dev.py ...``.

    dev.py setup               set up .venv (once, and again when pyproject.toml changes)
    dev.py run [FILE]          open the app (the bundled Riverbend sample when no FILE is given)
    dev.py test [ARGS]         ruff, import-linter, then pytest ARGS (e.g. -k worksheet)
    dev.py guide-screenshots   remake the user guide's pictures (docs/images/)
    dev.py bundle [ARGS]       build the frozen one-folder app, dist/intercept-mapper/ (PyInstaller);
                               ARGS go to packaging/build_bundle.py (--dist DIR, --work DIR)

It does what ``./dev`` does on Linux and macOS, with the same ``.venv`` and the same install stamp.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ".venv"
STAMP = ".installed-from"  # inside the venv: the hash of the pyproject.toml it was installed from
# Where the sample is: resources/ moves into the package; either place works.
SAMPLES = ("intercept_mapper/resources/samples/riverbend.simmap", "resources/samples/riverbend.simmap")
COMMANDS = ("setup", "run", "test", "guide-screenshots", "bundle")
USAGE = "usage: dev.py {setup | run [FILE] | test [PYTEST ARGS] | guide-screenshots | bundle [ARGS]}"
# The test tools, and PyInstaller for the frozen app and its test (pyproject.toml's "bundle" extra).
EXTRAS = ".[test,bundle]"


def say(text: str) -> None:
    """A line for the developer, on standard error (as ./dev prints)."""
    print(f"dev: {text}", file=sys.stderr, flush=True)


def venv_bin(root: Path, name: str, windows: bool | None = None) -> Path:
    """A program inside the venv: ``Scripts\\NAME.exe`` on Windows, ``bin/NAME`` elsewhere."""
    windows = os.name == "nt" if windows is None else windows
    return root / VENV / "Scripts" / f"{name}.exe" if windows else root / VENV / "bin" / name


def wanted_stamp(root: Path) -> str:
    """What the stamp holds once the venv is installed from today's pyproject.toml."""
    return hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()


def needs_install(root: Path) -> bool:
    """True when the venv was never installed, or pyproject.toml changed since."""
    try:
        have = (root / VENV / STAMP).read_text(encoding="ascii").strip()
    except OSError:
        return True
    return have != wanted_stamp(root)


def call(command: list[str], root: Path, env: dict[str, str] | None = None) -> int:
    """Run ``command`` in ``root``; its exit status."""
    return subprocess.run(command, cwd=root, env=env).returncode


def setup(root: Path) -> Path:
    """Create and install .venv when needed; the venv's Python."""
    python = venv_bin(root, "python")
    if not python.exists():
        if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under any python first
            raise SystemExit("dev: needs Python 3.11 or newer (on Windows: py -3.12 dev.py setup)")
        say(f"creating {VENV} with Python {sys.version.split()[0]}")
        if call([sys.executable, "-m", "venv", VENV], root) != 0:
            raise SystemExit(f"dev: could not create {VENV}")
    if needs_install(root):
        install(root, python)
        (root / VENV / STAMP).write_text(wanted_stamp(root) + "\n", encoding="ascii")
    return python


def install(root: Path, python: Path) -> None:
    """``pip install -e .[test,bundle]`` into the venv."""
    say(f"installing intercept-mapper, its test tools and PyInstaller into {VENV}")
    status = call([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   "-e", EXTRAS], root)
    if status != 0:
        raise SystemExit("dev: pip install failed")


def build_bundle(root: Path, python: Path, args: list[str]) -> int:
    """PyInstaller (installed first if this venv lacks it) builds dist/intercept-mapper/."""
    if call([str(python), "-c", "import PyInstaller"], root) != 0:
        install(root, python)
    return call([str(python), str(Path("packaging") / "build_bundle.py"), *args], root)


def sample(root: Path) -> str:
    """The bundled sample workshop's path."""
    for name in SAMPLES:
        if (root / name).is_file():
            return str(root / name)
    return str(root / SAMPLES[-1])


def offscreen_env() -> dict[str, str]:
    """This environment, with Qt drawing offscreen unless told otherwise."""
    return {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def run_tests(root: Path, python: Path, args: list[str]) -> int:
    """ruff, lint-imports, then pytest ``args``; the first failure's status."""
    say("ruff check")
    status = call([str(venv_bin(root, "ruff")), "check", "."], root)
    if status:
        return status
    say("lint-imports (layering contracts in pyproject.toml)")
    status = call([str(venv_bin(root, "lint-imports"))], root)
    if status:
        return status
    say("pytest")
    status = call([str(python), "-m", "pytest", *args], root, env=offscreen_env())
    if status == 5:  # no test collected: fine for a filter that matched nothing, not for a whole run
        if args:
            say(f"no tests matched {' '.join(args)}")
            return 0
        say("pytest collected no tests")
        return 1
    return status


def main(argv: list[str], root: Path = ROOT) -> int:
    """Do what ``argv`` asks; the exit status."""
    command, args = (argv[0], argv[1:]) if argv else ("run", [])
    if command in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    if command not in COMMANDS:
        print(f"dev: unknown command '{command}'\n{USAGE}", file=sys.stderr)
        return 2
    if command == "setup" and args or command == "run" and len(args) > 1:
        print(f"dev: too many arguments for {command}\n{USAGE}", file=sys.stderr)
        return 2
    python = setup(root)
    if command == "setup":
        return 0
    if command == "run":
        return call([str(python), "-m", "intercept_mapper", *(args or [sample(root)])], root)
    if command == "bundle":
        return build_bundle(root, python, args)
    if command == "guide-screenshots":
        return call([str(python), "tools/guide_screenshots.py", *args], root, env=offscreen_env())
    return run_tests(root, python, args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
