"""Starting the app from the command line: a mistyped command is a usage error (not a file to open), a
missing file an ``error:``, no display a message saying how to run headless (not Qt's abort), ``--version``
on every command, and ``--smoke-test FILE`` (contracts sections 1 and 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import REPO, SAMPLES

import intercept_mapper
from intercept_mapper.cli import COMMAND_MODULES, command_name
from intercept_mapper.cli.app_start import gui_main

SAMPLE = SAMPLES / "riverbend.simmap"
VERSION_LINE = f"intercept-mapper {intercept_mapper.__version__}\n"


def run_child(*args: str | Path, cwd: Path, drop: tuple[str, ...] = (), timeout: float = 180,
              **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m intercept_mapper ARGS`` in a child process, without the variables in ``drop``."""
    child_env = {k: v for k, v in os.environ.items() if k not in (*drop, "INTERCEPT_MAPPER_DEBUG")}
    child_env.update(env, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "intercept_mapper", *map(str, args)], capture_output=True,
                          text=True, env=child_env, cwd=cwd, timeout=timeout)


@pytest.mark.parametrize("args", [["expotr", "x"], ["expotr"], ["valdate", "riverbend.simmap", "--json"],
                                  ["plna", "--json"]])
def test_an_unknown_command_is_a_usage_error_naming_the_commands(cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2, result.err
    assert result.err.startswith("usage: intercept-mapper")
    assert f"intercept-mapper: error: argument COMMAND: invalid choice: '{args[0]}'" in result.err
    for name in (command_name(m) for m in COMMAND_MODULES):
        assert f"'{name}'" in result.err
    assert "Traceback" not in result.err and result.out == ""


def test_a_close_mistake_gets_a_suggestion(cli) -> None:
    assert "did you mean 'export'?" in cli("expotr", "x").err
    assert "did you mean" not in cli("zzzz").err


def test_a_missing_file_is_an_error_not_an_empty_window(cli, tmp_path: Path) -> None:
    for missing in (tmp_path / "nope.simmap", "nope.simmap", tmp_path / "plain"):
        result = cli(missing)
        assert (result.code, result.err) == (1, f"error: {missing}: no such file\n")


def test_an_existing_file_named_like_a_word_is_still_a_file(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "workshop").write_bytes(SAMPLE.read_bytes())
    opened: list[str | None] = []
    monkeypatch.setattr("intercept_mapper.cli.app_start.start_app", lambda file: opened.append(file) or 0)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert cli("workshop").code == 0 and opened == ["workshop"]


def test_without_a_display_the_app_says_how_to_run_it(cli, monkeypatch) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("a display is always there")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for args in ([SAMPLE], [], ["--smoke-test", SAMPLE]):
        result = cli(*args)
        assert result.code == 1, (args, result.err)
        [line] = result.err.splitlines()
        assert line.startswith("error: no display") and "QT_QPA_PLATFORM=offscreen" in line
        assert "xvfb-run" in line
    assert gui_main([str(SAMPLE)]) == 1


def test_without_a_display_a_real_process_exits_1_instead_of_aborting(tmp_path: Path) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("a display is always there")
    done = run_child(SAMPLE, cwd=tmp_path, drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: no display") and "Traceback" not in done.stderr


def test_version_on_every_command(cli) -> None:
    for args in (["--version"], [SAMPLE, "--version"], ["--smoke-test", SAMPLE, "--version"],
                 *([command_name(m), "--version"] for m in COMMAND_MODULES), ["info", SAMPLE, "--version"]):
        result = cli(*args)
        assert (result.code, result.out, result.err) == (0, VERSION_LINE, ""), args
    assert "--version" in cli("--help").out and "--version" in cli("export", "--help").out


def test_version_in_a_real_process_and_the_gui_entry(tmp_path: Path, capsys) -> None:
    done = run_child("export", "--version", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, VERSION_LINE), done.stderr
    with pytest.raises(SystemExit) as exited:
        gui_main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out == VERSION_LINE


def test_smoke_test_opens_the_file_and_quits_0_once_painted(tmp_path: Path) -> None:
    done = run_child("--smoke-test", SAMPLE, cwd=tmp_path, QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stderr
    assert "riverbend.simmap opened, whole and painted" in done.stdout
    assert "error" not in done.stderr.lower()


def test_smoke_test_fails_with_an_error_line(tmp_path: Path) -> None:
    newer = tmp_path / "newer.simmap"
    newer.write_text('{"format": "intercept-mapper", "schema_version": 999}', encoding="utf-8")
    for target, words in ((newer, "newer Intercept Mapper"), (tmp_path / "nope.simmap", "no such file")):
        done = run_child("--smoke-test", target, cwd=tmp_path, QT_QPA_PLATFORM="offscreen")
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"error: {target}: ") and words in done.stderr
        assert "Traceback" not in done.stderr
    # A window that is not whole and painted in time fails too (here: no time at all).
    done = run_child("--smoke-test", SAMPLE, cwd=tmp_path, QT_QPA_PLATFORM="offscreen",
                     INTERCEPT_MAPPER_SMOKE_TIMEOUT="0.001")
    assert done.returncode == 1 and f"error: {SAMPLE}: the window was not whole and painted" in done.stderr


def test_the_app_takes_one_of_file_smoke_test_and_install_desktop(cli) -> None:
    result = cli("--smoke-test", SAMPLE, "--install-desktop")
    assert result.code == 2 and "give one of" in result.err
    result = cli("--frobnicate")
    assert result.code == 2 and "unrecognized arguments: --frobnicate" in result.err
