"""The package as users get it: the sdist and the wheel are built (``python -m build``, the wheel from the
sdist), the wheel is installed into a fresh virtual environment without the checkout, and the installed
commands run from an unrelated folder: the sample worksheet imports from the packaged CSVs, a report with
Cyrillic, Greek, CJK and accented names prints in the embedded DejaVu and CJK fallback fonts, the app
passes its smoke test. Every other test imports the checkout, so only this one sees what ships.

The wheel's dependencies are installed from a wheelhouse in pytest's cache folder (filled by ``pip
download`` the first time, offline afterwards).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import intercept_mapper
from intercept_mapper.resources import RESOURCES_DIR
from tests.export.report_helpers import embedded_fonts

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NAMES = ["Zoë Łaźniewska-Źródło", "Алексей Петров", "Νίκος Παπαδόπουλος", "山田 花子", "José Núñez"]
TITLE = "Riverbend – Źródło, Сибирь, Αθήνα, 河湾县"
BIN = "Scripts" if os.name == "nt" else "bin"


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would put the checkout on the path."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "INTERCEPT_MAPPER_DEBUG")}
    env.update(extra)
    return env


def _source_files(folder: Path) -> set[str]:
    return {p.relative_to(REPO).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
            and ".hypothesis" not in p.parts and "node_modules" not in p.parts}


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel built from this checkout (the wheel from the sdist, as a user's pip would)."""
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "build", "--outdir", out, REPO], cwd=out, env=_clean_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,), (wheel,) = list(out.glob("*.tar.gz")), list(out.glob("*.whl"))
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory,
         pytestconfig: pytest.Config) -> Path:
    """A fresh virtual environment (no system site-packages) with the wheel and its dependencies."""
    root = tmp_path_factory.mktemp("venv") / "env"
    done = _run([sys.executable, "-m", "venv", root], cwd=root.parent)
    assert done.returncode == 0, done.stderr
    python = root / BIN / "python"
    cache = getattr(pytestconfig, "cache", None)
    wheelhouse = cache.mkdir("wheelhouse") if cache is not None else tmp_path_factory.mktemp("wheelhouse")
    env = _clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1")
    install = [python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheelhouse,
               dists["wheel"]]
    done = _run(install, cwd=root.parent, env=env)
    if done.returncode != 0:  # the first run here, or a new dependency: fetch the dependencies
        # pip download copies the wheel itself there too, and would take an older copy of the same
        # name for this one (with the older dependencies): only the dependencies are kept.
        for old in wheelhouse.glob("intercept_mapper-*"):
            old.unlink()
        fetched = _run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", wheelhouse,
                        dists["wheel"]], cwd=root.parent, env=env)
        for copy in wheelhouse.glob("intercept_mapper-*"):
            copy.unlink()
        assert fetched.returncode == 0, fetched.stderr[-3000:]
        done = _run(install, cwd=root.parent, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


def test_the_sdist_carries_what_it_takes_to_build_run_and_test(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as tar:
        top = tar.getnames()[0].split("/")[0]
        names = {n.removeprefix(f"{top}/") for n in tar.getnames()}
    wanted = {"pyproject.toml", "setup.py", "LICENSE", "README.md", "MANIFEST.in", "dev", "dev.py"}
    for folder in ("intercept_mapper", "tests", "tools", "docs", "packaging"):
        wanted |= _source_files(REPO / folder)
    assert not wanted - names, sorted(wanted - names)[:20]


def test_the_wheel_carries_the_package_data_the_scripts_and_the_licence(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as whl:
        names = set(whl.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        entry_points = whl.read(f"{dist_info}/entry_points.txt").decode()
        metadata = whl.read(f"{dist_info}/METADATA").decode()
    data = _source_files(RESOURCES_DIR)
    guide = [*(REPO / "docs").glob("*.md"), *(REPO / "docs").glob("images/*")]
    data |= {f"intercept_mapper/resources/docs/{p.relative_to(REPO / 'docs').as_posix()}" for p in guide}
    assert data and not data - names, sorted(data - names)
    assert f"{dist_info}/licenses/LICENSE" in names
    assert "[console_scripts]\nintercept-mapper = intercept_mapper.cli:main" in entry_points
    assert "[gui_scripts]\nintercept-mapper-gui = intercept_mapper.cli.app_start:gui_main" in entry_points
    assert "License-Expression: MIT" in metadata
    assert f"Version: {intercept_mapper.__version__}" in metadata


def test_the_installed_copy_works_from_an_unrelated_folder(venv: Path, tmp_path: Path) -> None:
    here = tmp_path / "elsewhere"
    here.mkdir()
    env = _clean_env()
    bin_dir = venv / BIN
    cli = bin_dir / "intercept-mapper"

    done = _run([bin_dir / "python", "-c", "import intercept_mapper, sys; print(intercept_mapper.__file__); "
                 "from intercept_mapper.resources import SAMPLE_WORKSHEET, SAMPLE_PARTICIPANTS, FONTS_DIR; "
                 "print(SAMPLE_WORKSHEET); print(SAMPLE_PARTICIPANTS); print(FONTS_DIR)"], cwd=here, env=env)
    assert done.returncode == 0, done.stderr
    package, worksheet, participants, fonts = (Path(line) for line in done.stdout.splitlines())
    for path in (package, worksheet, participants, fonts):
        assert path.resolve().is_relative_to(venv.resolve()), path  # the installed copy, not the checkout
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DroidSansFallback.ttf").is_file()

    for script in (cli, bin_dir / "intercept-mapper-gui"):
        done = _run([script, "--version"], cwd=here, env=env)
        assert (done.returncode, done.stdout) == (0, f"intercept-mapper {intercept_mapper.__version__}\n")

    # The sample worksheet, from the packaged CSVs, with people whose names need more than Latin-1.
    people = here / "people.csv"
    rows = list(csv.DictReader(io.StringIO(participants.read_text(encoding="utf-8-sig"))))
    for row, name in zip(rows, NAMES, strict=False):
        row["name"] = name
    with people.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    workshop = here / "riverbend.simmap"
    done = _run([cli, "import-worksheet", worksheet, "--participants", people, "-o", workshop],
                cwd=here, env=env)
    assert done.returncode == 0, done.stderr
    done = _run([cli, "info", workshop, "--set", f"title={TITLE}",
                 "--set", f"facilitators={'; '.join(NAMES)}", "--set", f"prepared_by={NAMES[3]}"],
                cwd=here, env=env)
    assert done.returncode == 0, done.stderr

    pdf = here / "report.pdf"
    done = _run([cli, "export", workshop, "--pdf", pdf], cwd=here, env=env)
    assert done.returncode == 0, done.stderr
    fonts_used = embedded_fonts(pdf.read_bytes())
    assert any("DejaVu" in name for name in fonts_used), fonts_used
    assert fonts_used.get("DroidSansFallback") is True, fonts_used
    assert all(fonts_used.values()), fonts_used  # every font embedded
    assert not [n for n in fonts_used if "Helvetica" in n or "Vera" in n or "Times" in n], fonts_used
    if shutil.which("pdftotext"):  # poppler-utils (CI installs it): the words are there as text
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        for word in ("Źródło", "Сибирь", "Αθήνα", "河湾县", "Алексей Петров", "山田 花子"):
            assert word in text, word

    # The app itself, offscreen: Qt, its plugins, the icon and the fonts load from the installed copy.
    done = _run([cli, "--smoke-test", workshop], cwd=here, env=_clean_env(QT_QPA_PLATFORM="offscreen"),
                timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "painted" in done.stdout
