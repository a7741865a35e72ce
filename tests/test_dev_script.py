"""dev.py (the Windows-friendly ./dev): its commands and arguments, and when it (re)installs .venv.

No real venv is made: subprocess.run is replaced by a recorder that pretends every command works."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load_dev():
    spec = importlib.util.spec_from_file_location("dev_script", REPO / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = _load_dev()


class Recorder:
    """Stands in for subprocess.run; ``venv`` makes the venv's python appear, as `python -m venv` does."""

    def __init__(self, root: Path, status: int = 0) -> None:
        self.root, self.status, self.commands = root, status, []

    def __call__(self, command, cwd=None, env=None):
        self.commands.append((list(command), env))
        if command[1:3] == ["-m", "venv"]:
            python = dev.venv_bin(self.root, "python")
            python.parent.mkdir(parents=True)
            python.write_text("", encoding="ascii")
        return subprocess.CompletedProcess(command, self.status)

    def words(self) -> list[str]:
        """Each command with its program's path cut to the name."""
        return [" ".join([Path(cmd[0]).name, *cmd[1:]]) for cmd, _ in self.commands]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "resources" / "samples").mkdir(parents=True)
    (tmp_path / "resources" / "samples" / "riverbend.simmap").write_text("{}", encoding="utf-8")
    return tmp_path


@pytest.fixture
def calls(root: Path, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder(root)
    monkeypatch.setattr(dev.subprocess, "run", recorder)
    return recorder


def test_first_setup_creates_the_venv_installs_and_writes_the_stamp(root: Path, calls: Recorder) -> None:
    assert dev.main(["setup"], root) == 0
    python = Path(sys.executable).name
    assert calls.words() == [f"{python} -m venv .venv",
                             "python -m pip install --quiet --disable-pip-version-check -e .[test,bundle]"]
    assert (root / ".venv" / ".installed-from").read_text(encoding="ascii").strip() == dev.wanted_stamp(root)


def test_setup_reinstalls_only_when_pyproject_changes(root: Path, calls: Recorder) -> None:
    dev.main(["setup"], root)
    calls.commands.clear()
    assert dev.main(["setup"], root) == 0
    assert calls.commands == []  # up to date: nothing run
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2"\n', encoding="utf-8")
    assert dev.needs_install(root)
    dev.main(["setup"], root)
    assert calls.words() == ["python -m pip install --quiet --disable-pip-version-check -e .[test,bundle]"]
    assert not dev.needs_install(root)


def test_the_stamp_is_the_one_dev_writes(root: Path) -> None:
    # ./dev writes `sha256sum pyproject.toml` (or shasum -a 256) and a newline: either script reuses the venv.
    import hashlib

    (root / ".venv").mkdir()
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    (root / ".venv" / ".installed-from").write_text(digest + "\n", encoding="ascii")
    assert not dev.needs_install(root)


def test_a_failed_install_writes_no_stamp(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(root, status=1)
    monkeypatch.setattr(dev.subprocess, "run", recorder)
    (dev.venv_bin(root, "python")).parent.mkdir(parents=True)
    dev.venv_bin(root, "python").write_text("", encoding="ascii")
    with pytest.raises(SystemExit, match="pip install failed"):
        dev.main(["setup"], root)
    assert dev.needs_install(root)


def test_run_opens_the_sample_or_the_given_file(root: Path, calls: Recorder) -> None:
    dev.main(["setup"], root)
    calls.commands.clear()
    assert dev.main(["run"], root) == 0
    assert dev.main([], root) == 0  # no command: run
    assert dev.main(["run", "lake county.simmap"], root) == 0
    sample = str(root / "resources" / "samples" / "riverbend.simmap")
    assert [cmd[1:] for cmd, _ in calls.commands] == [
        ["-m", "intercept_mapper", sample], ["-m", "intercept_mapper", sample],
        ["-m", "intercept_mapper", "lake county.simmap"]]


def test_test_runs_ruff_lint_imports_then_pytest_with_the_arguments(root: Path, calls: Recorder,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    dev.main(["setup"], root)
    calls.commands.clear()
    assert dev.main(["test", "-k", "worksheet", "-x"], root) == 0
    words = calls.words()
    assert words[0].startswith("ruff") and words[0].endswith("check .")
    assert words[1].startswith("lint-imports")
    assert words[2] == "python -m pytest -k worksheet -x"
    assert calls.commands[2][1]["QT_QPA_PLATFORM"] == "offscreen"


def test_test_stops_at_the_first_failing_check(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruff_fails = Recorder(root)
    monkeypatch.setattr(dev.subprocess, "run", ruff_fails)
    dev.main(["setup"], root)
    ruff_fails.status = 1
    ruff_fails.commands.clear()
    assert dev.main(["test"], root) == 1
    assert len(ruff_fails.commands) == 1


def test_pytest_collecting_nothing_is_fine_only_with_a_filter(root: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(root)
    monkeypatch.setattr(dev.subprocess, "run", recorder)
    dev.main(["setup"], root)
    monkeypatch.setattr(dev, "call", lambda command, where, env=None: 5 if "pytest" in command else 0)
    assert dev.main(["test", "-k", "nothing_matches"], root) == 0
    assert dev.main(["test"], root) == 1


@pytest.mark.parametrize("argv", [["deploy"], ["setup", "extra"], ["run", "a.simmap", "b.simmap"]])
def test_a_bad_command_line_is_a_usage_error_and_runs_nothing(root: Path, calls: Recorder, argv,
                                                              capsys) -> None:
    assert dev.main(argv, root) == 2
    assert calls.commands == [] and "usage: dev.py" in capsys.readouterr().err


def test_help_lists_the_commands(root: Path, calls: Recorder, capsys) -> None:
    assert dev.main(["--help"], root) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in dev.COMMANDS) and calls.commands == []


def test_venv_programs_live_in_scripts_on_windows(root: Path) -> None:
    assert dev.venv_bin(root, "ruff", windows=True) == root / ".venv" / "Scripts" / "ruff.exe"
    assert dev.venv_bin(root, "ruff", windows=False) == root / ".venv" / "bin" / "ruff"


def test_the_sample_is_found_after_resources_move_into_the_package(root: Path) -> None:
    moved = root / "intercept_mapper" / "resources" / "samples"
    moved.mkdir(parents=True)
    (moved / "riverbend.simmap").write_text("{}", encoding="utf-8")
    assert dev.sample(root) == str(moved / "riverbend.simmap")


def test_bundle_runs_the_build_script_with_the_arguments(root: Path, calls: Recorder) -> None:
    dev.main(["setup"], root)
    calls.commands.clear()
    assert dev.main(["bundle", "--dist", "out"], root) == 0
    build = str(Path("packaging") / "build_bundle.py")
    assert calls.words() == ["python -c import PyInstaller", f"python {build} --dist out"]


def test_bundle_installs_pyinstaller_when_the_venv_lacks_it(root: Path, calls: Recorder,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    dev.main(["setup"], root)
    calls.commands.clear()

    def without_pyinstaller(command: list[str], where: Path, env=None) -> int:
        status = calls(command).returncode
        return 1 if command[1:] == ["-c", "import PyInstaller"] else status

    monkeypatch.setattr(dev, "call", without_pyinstaller)
    assert dev.main(["bundle"], root) == 0
    assert calls.words() == ["python -c import PyInstaller",
                             "python -m pip install --quiet --disable-pip-version-check -e .[test,bundle]",
                             f"python {Path('packaging') / 'build_bundle.py'}"]
