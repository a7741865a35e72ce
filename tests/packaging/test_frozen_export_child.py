"""File > Export Report's child process, from Python and from a frozen bundle (no bundle is built here:
tests/packaging/test_bundle.py runs the real one)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from intercept_mapper.ui.dialogs.export_dialogs import PdfOptions
from intercept_mapper.ui.files import export_actions

REPO = Path(__file__).resolve().parents[2]


def _env(frozen: bool) -> dict[str, str]:
    qt_env = export_actions._child_environment(frozen=frozen)
    names = qt_env.keys()  # a QProcessEnvironment is no mapping
    return {name: qt_env.value(name) for name in names}


def test_from_python_the_child_is_this_python_running_the_package(tmp_path: Path) -> None:
    python = "/opt/python/bin/python3"
    assert export_actions._child_program(frozen=False, executable=python) == python
    args = export_actions._child_arguments(tmp_path / "s.simmap", tmp_path / "r.pdf", PdfOptions(),
                                           frozen=False)
    assert args == ["-m", "intercept_mapper", "export", str(tmp_path / "s.simmap"), "--pdf",
                    str(tmp_path / "r.pdf"), "--draft", "--progress"]


def test_in_a_bundle_the_child_is_the_bundles_program_with_the_export_command(tmp_path: Path) -> None:
    program = tmp_path / "intercept-mapper"
    program.write_bytes(b"")
    assert export_actions._child_program(frozen=True, executable=str(program)) == str(program)
    args = export_actions._child_arguments(tmp_path / "s.simmap", tmp_path / "r.pdf",
                                           PdfOptions(handout=True, final=True), frozen=True)
    assert args == ["export", str(tmp_path / "s.simmap"), "--pdf", str(tmp_path / "r.pdf"), "--handout",
                    "--final", "--progress"]
    html = export_actions._child_arguments(tmp_path / "s.simmap", tmp_path / "r.html",
                                           PdfOptions(format="html"), frozen=True)
    assert html == ["export", str(tmp_path / "s.simmap"), "--html", str(tmp_path / "r.html"), "--draft"]


@pytest.mark.parametrize("suffix", ["", ".exe"])
def test_the_console_less_gui_program_hands_the_export_to_its_console_sibling(tmp_path: Path,
                                                                               suffix: str) -> None:
    gui = tmp_path / f"intercept-mapper-gui{suffix}"
    gui.write_bytes(b"")
    # No console sibling (a bundle laid out otherwise): the program itself.
    assert export_actions._child_program(frozen=True, executable=str(gui)) == str(gui)
    (tmp_path / f"intercept-mapper{suffix}").write_bytes(b"")
    assert export_actions._child_program(frozen=True, executable=str(gui)) == \
        str(tmp_path / f"intercept-mapper{suffix}")


def test_only_python_gets_the_package_on_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    monkeypatch.setenv("INTERCEPT_MAPPER_DEBUG", "1")
    python, frozen = _env(frozen=False), _env(frozen=True)
    assert python["PYTHONPATH"] == f"{REPO}{os.pathsep}/elsewhere"
    assert frozen["PYTHONPATH"] == "/elsewhere"  # the user's, untouched: a bundle does not read it
    assert "INTERCEPT_MAPPER_DEBUG" not in python and "INTERCEPT_MAPPER_DEBUG" not in frozen


def test_the_defaults_follow_sys_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PYTHONPATH", raising=False)
    assert "PYTHONPATH" in _env(frozen=None)
    assert export_actions._child_program() == sys.executable
    assert export_actions._child_arguments(tmp_path / "s", tmp_path / "r", PdfOptions())[:3] == \
        ["-m", "intercept_mapper", "export"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "intercept-mapper"))
    assert export_actions._child_program() == str(tmp_path / "intercept-mapper")
    assert export_actions._child_arguments(tmp_path / "s", tmp_path / "r", PdfOptions())[0] == "export"
    assert "PYTHONPATH" not in _env(frozen=None)
