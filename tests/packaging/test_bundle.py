"""The frozen one-folder app as a facilitator gets it: ``packaging/build_bundle.py`` (``./dev bundle``)
builds it once per session, then its program runs from an unrelated folder with a clean environment (no
PYTHONPATH, HOME and the per-user folders in a temporary folder): ``--version``, every command, a report
with Cyrillic, Greek, CJK and accented names printed in the embedded DejaVu and CJK fallback fonts, the
app's smoke test offscreen, and the app's own Export Report, whose child process is started exactly as
the app starts it inside a bundle.

``INTERCEPT_MAPPER_BUNDLE=DIR`` tests a bundle built before (DIR holds the program, e.g.
``dist/intercept-mapper``) instead of building one. Without PyInstaller (``pip install -e .[bundle]``;
``./dev setup`` installs it) and without such a bundle, the tests are skipped, saying so. PyInstaller's
scratch folder is kept in pytest's cache folder, so a second build here takes less time.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import intercept_mapper
from intercept_mapper.cli import COMMAND_MODULES, command_name
from tests.export.report_helpers import embedded_fonts

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NAMES = ["Zoë Łaźniewska-Źródło", "Алексей Петров", "Νίκος Παπαδόπουλος", "山田 花子", "José Núñez"]
TITLE = "Riverbend – Źródło, Сибирь, Αθήνα, 河湾县"
PROGRAM = "intercept-mapper.exe" if os.name == "nt" else "intercept-mapper"
BUNDLE_VARIABLE = "INTERCEPT_MAPPER_BUNDLE"


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str],
         timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, check=False)


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    """This environment without anything that leads to the checkout or to the tester's own settings."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "INTERCEPT_MAPPER_DEBUG",
            "INTERCEPT_MAPPER_SMOKE_EXPORT", "QT_QPA_PLATFORM", "QT_PLUGIN_PATH", "LD_LIBRARY_PATH")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("XDG_")}
    env.update(HOME=str(home), USERPROFILE=str(home))
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The folder holding the bundle's program: given by INTERCEPT_MAPPER_BUNDLE, or built now."""
    given = os.environ.get(BUNDLE_VARIABLE)
    if given:
        folder = Path(given).absolute()
        assert (folder / PROGRAM).is_file(), f"{BUNDLE_VARIABLE}={given} holds no {PROGRAM}"
        return folder
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip(f"PyInstaller is not installed for {sys.executable} (pip install -e '.[bundle]'; "
                    f"./dev setup installs it), and {BUNDLE_VARIABLE} names no bundle built before")
    linux = sys.platform.startswith("linux")
    missing = [tool for tool in ("objdump", "objcopy") if linux and not shutil.which(tool)]
    if missing:
        pytest.skip(f"PyInstaller needs {' and '.join(missing)} on Linux (apt-get install binutils)")
    dist = tmp_path_factory.mktemp("bundle")
    cache = getattr(pytestconfig, "cache", None)
    work = cache.mkdir("pyinstaller-work") if cache is not None else tmp_path_factory.mktemp("work")
    done = _run([sys.executable, REPO / "packaging" / "build_bundle.py", "--dist", dist, "--work", work],
                cwd=REPO, env=dict(os.environ), timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    print(done.stdout.strip())  # the build's time and size, in pytest's -s or -rP output
    return dist / "intercept-mapper"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An unrelated working folder, with a home folder of its own."""
    (tmp_path / "home").mkdir()
    (tmp_path / "work").mkdir()
    return tmp_path


def _assert_embedded_dejavu_and_cjk(pdf: Path, words: tuple[str, ...] = ()) -> None:
    fonts = embedded_fonts(pdf.read_bytes())
    assert any("DejaVu" in name for name in fonts), fonts
    assert all(fonts.values()), fonts  # every font embedded
    assert not [n for n in fonts if "Helvetica" in n or "Vera" in n or "Times" in n], fonts
    if words:
        assert fonts.get("DroidSansFallback") is True, fonts
    if words and shutil.which("pdftotext"):  # poppler-utils (CI installs it): the words are there as text
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        for word in words:
            assert word in text, word


def _bundled(bundle: Path, *parts: str) -> Path:
    """A data file inside the bundle (PyInstaller 6 keeps them in _internal/ beside the program)."""
    found = [p for p in (bundle / "_internal" / Path(*parts), bundle / Path(*parts)) if p.exists()]
    assert found, f"{'/'.join(parts)} is not in the bundle"
    return found[0]


def test_the_bundle_says_its_version_from_anywhere(bundle: Path, elsewhere: Path) -> None:
    done = _run([bundle / PROGRAM, "--version"], cwd=elsewhere / "work", env=_clean_env(elsewhere / "home"))
    assert (done.returncode, done.stdout) == (0, f"intercept-mapper {intercept_mapper.__version__}\n"), \
        done.stderr
    done = _run([bundle / PROGRAM, "export", "--version"], cwd=elsewhere / "work",
                env=_clean_env(elsewhere / "home"))
    assert done.stdout == f"intercept-mapper {intercept_mapper.__version__}\n", done.stderr


def test_the_bundle_carries_the_package_data_and_the_user_guide(bundle: Path) -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallback.ttf"):
        assert _bundled(bundle, "intercept_mapper", "resources", "fonts", name).stat().st_size > 100_000
    for parts in (("samples", "riverbend.simmap"), ("icons", "intercept-mapper-256.png"),
                  ("docs", "user-guide.md"), ("docs", "images", "main-window.png")):
        assert _bundled(bundle, "intercept_mapper", "resources", *parts).is_file()
    page = REPO / "intercept_mapper" / "room" / "page"
    for source in page.iterdir():
        if source.is_file():
            assert _bundled(bundle, "intercept_mapper", "room", "page", source.name).read_bytes() == \
                source.read_bytes()


def test_every_command_is_in_the_bundle(bundle: Path, elsewhere: Path) -> None:
    # The command line imports each command's module by name: one left out fails here, not in a user's hands.
    env = _clean_env(elsewhere / "home")
    for module in COMMAND_MODULES:
        done = _run([bundle / PROGRAM, command_name(module), "--help"], cwd=elsewhere / "work", env=env)
        assert done.returncode == 0 and "usage:" in done.stdout, (module, done.stderr[-2000:])
    done = _run([bundle / PROGRAM, "expotr", "x"], cwd=elsewhere / "work", env=env)
    assert done.returncode == 2 and "invalid choice: 'expotr'" in done.stderr, done.stderr


def test_the_bundle_prints_every_name_in_the_embedded_fonts(bundle: Path, elsewhere: Path) -> None:
    here, env = elsewhere / "work", _clean_env(elsewhere / "home")
    program = bundle / PROGRAM
    samples = _bundled(bundle, "intercept_mapper", "resources", "samples")
    rows = list(csv.DictReader(io.StringIO(
        (samples / "riverbend-participants.csv").read_text(encoding="utf-8-sig"))))
    for row, name in zip(rows, NAMES, strict=False):
        row["name"] = name
    people = here / "people.csv"
    with people.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    workshop = here / "riverbend.simmap"
    done = _run([program, "import-worksheet", samples / "riverbend-worksheet.csv", "--participants", people,
                 "-o", workshop], cwd=here, env=env)
    assert done.returncode == 0, done.stderr
    done = _run([program, "info", workshop, "--set", f"title={TITLE}",
                 "--set", f"facilitators={'; '.join(NAMES)}", "--set", f"prepared_by={NAMES[3]}"],
                cwd=here, env=env)
    assert done.returncode == 0, done.stderr
    pdf = here / "report.pdf"
    done = _run([program, "export", workshop, "--pdf", pdf], cwd=here, env=env)
    assert done.returncode == 0, done.stderr
    words = ("Źródło", "Сибирь", "Αθήνα", "河湾县", "Алексей Петров", "山田 花子")
    _assert_embedded_dejavu_and_cjk(pdf, words)


def test_the_apps_export_child_runs_as_the_app_starts_it_in_a_bundle(bundle: Path, elsewhere: Path) -> None:
    # The program, arguments and environment File > Export Report gives its child inside a frozen bundle.
    from intercept_mapper.ui.dialogs.export_dialogs import PdfOptions
    from intercept_mapper.ui.files import export_actions

    program = export_actions._child_program(frozen=True, executable=str(bundle / PROGRAM))
    assert program == str(bundle / PROGRAM)
    scratch = elsewhere / "work"
    snapshot = scratch / "snapshot.simmap"
    sample = _bundled(bundle, "intercept_mapper", "resources", "samples", "riverbend.simmap")
    shutil.copyfile(sample, snapshot)
    built = scratch / "report.pdf"
    args = export_actions._child_arguments(snapshot, built, PdfOptions(handout=False), frozen=True)
    qt_env = export_actions._child_environment(frozen=True)
    names = qt_env.keys()  # a QProcessEnvironment is no mapping
    env = {name: qt_env.value(name) for name in names}
    # No checkout put on the path (this test's own PYTHONPATH, if any, goes along as a user's would).
    assert env.get("PYTHONPATH") == os.environ.get("PYTHONPATH")
    done = _run([program, *args], cwd=scratch, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "progress: 1.00" in done.stderr.splitlines()  # the lines the progress dialog follows
    _assert_embedded_dejavu_and_cjk(built)


def test_the_app_opens_paints_and_exports_its_report_frozen(bundle: Path, elsewhere: Path) -> None:
    # --smoke-test on the bundled sample, then File > Export Report's own code (a child process started
    # by the frozen app) writes the report: INTERCEPT_MAPPER_SMOKE_EXPORT, ui/smoke_test.py.
    sample = _bundled(bundle, "intercept_mapper", "resources", "samples", "riverbend.simmap")
    pdf = elsewhere / "work" / "from the app.pdf"
    env = _clean_env(elsewhere / "home", QT_QPA_PLATFORM="offscreen", INTERCEPT_MAPPER_SMOKE_EXPORT=str(pdf))
    done = _run([bundle / PROGRAM, "--smoke-test", sample], cwd=elsewhere / "work", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "whole and painted" in done.stdout and "report exported" in done.stdout, done.stdout
    _assert_embedded_dejavu_and_cjk(pdf)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a display is always there elsewhere")
def test_without_a_display_the_bundled_app_says_how_to_run_it(bundle: Path, elsewhere: Path) -> None:
    env = {k: v for k, v in _clean_env(elsewhere / "home").items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    sample = _bundled(bundle, "intercept_mapper", "resources", "samples", "riverbend.simmap")
    done = _run([bundle / PROGRAM, sample], cwd=elsewhere / "work", env=env, timeout=60)
    assert done.returncode == 1 and "no display" in done.stderr and "xvfb-run" in done.stderr, done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is PyInstaller's on Linux")
def test_programs_the_bundle_starts_get_the_users_library_path(bundle: Path, elsewhere: Path) -> None:
    # --install-desktop runs update-desktop-database: a stand-in on PATH records the library path it got
    # (the bundle's folder first on it would let the bundle's libraries shadow the system's).
    tools = elsewhere / "tools"
    tools.mkdir()
    said = elsewhere / "said.txt"
    stand_in = tools / "update-desktop-database"
    stand_in.write_text(f'#!/bin/sh\necho "${{LD_LIBRARY_PATH-unset}}" > "{said}"\n', encoding="utf-8")
    stand_in.chmod(0o755)
    for given, expected in ((None, "unset"), ("/opt/own-libs", "/opt/own-libs")):
        env = _clean_env(elsewhere / "home", PATH=f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
                         XDG_DATA_HOME=str(elsewhere / "data"))
        if given:
            env["LD_LIBRARY_PATH"] = given
        done = _run([bundle / PROGRAM, "--install-desktop"], cwd=elsewhere / "work", env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert said.read_text(encoding="utf-8").strip() == expected
