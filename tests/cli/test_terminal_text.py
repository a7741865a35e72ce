"""Issue 13, case 7: titles, ids and paths never reach a terminal raw (escape codes, newlines, bidi)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import REPO

from intercept_mapper.cli.terminal_text import json_text, shown
from intercept_mapper.model import Candidate, Finding, Participant, new_workshop
from intercept_mapper.model.simmap_file import save_workshop

RETITLE = "\x1b]0;pwned\x07"  # sets the terminal's window title
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
HIDE = "\x1b[8m"  # concealed text from here on
C1_CSI = "\x9b31m"  # the one-byte form of ESC [
RLO = "\u202e"  # right-to-left override: what follows reads backwards
HOSTILE = f"Crisis{RETITLE}{CLEAR}{HIDE}{C1_CSI}{RLO}line\nbreak\x7f"
# Any of these on a terminal line is the bug: C0 but for the line's own end, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _strings(data: object) -> set[str]:
    """Every string in parsed JSON, keys included."""
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(_strings(k) | _strings(v) for k, v in data.items()))
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data))
    return set()


def _lines_are_clean(text: str) -> None:
    assert not RAW.search(text), repr(text)


def test_shown_writes_every_unsafe_character_as_a_visible_escape() -> None:
    assert shown("a\x1b[2Jb\x07\n\r\t\x7f\x9b\u202e\u2066\u2028\ud800") == (
        "a\\x1b[2Jb\\x07\\n\\r\\t\\x7f\\x9b\\u202e\\u2066\\u2028\\ud800"
    )
    ordinary = "Café – 中文 – مرحبا – 🙂 <b>&amp;</b> C:\\data"
    assert shown(ordinary) == ordinary


def test_json_text_is_the_same_data_with_nothing_raw() -> None:
    data = {"title": HOSTILE, "ids": [f"c{RLO}1", "\u2029"], "n": 3}
    text = json_text(data)
    _lines_are_clean(text)
    assert json.loads(text) == data


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    """A workshop whose title, candidate, gap, participant and sector are all escape codes."""
    ws = new_workshop(title=f"Lake{RETITLE}")
    ws.voting.candidates = [Candidate(id=f"c{CLEAR}", title=HOSTILE, intercepts=["1"],
                                      votes={ws.voting.tables[0].id: 2})]
    ws.findings = [Finding(id="g1", kind="gap", intercept="1", title=f"Gap{HIDE}{RLO}")]
    ws.participants = [Participant(id="p1", name=f"Jo{CLEAR}", sector=f"jail{C1_CSI}",
                                   organisation=f"Org{RETITLE}")]
    path = tmp_path / "hostile.simmap"
    save_workshop(ws, path, backup=False)
    return path


@pytest.mark.parametrize("command", [["plan"], ["plan", "--json"], ["roster"], ["roster", "--json"]])
def test_reports_print_user_text_escaped(cli, hostile_file: Path, command: list[str]) -> None:  # noqa: ANN001
    result = cli(command[0], hostile_file, *command[1:])
    assert result.code == 0, result.err
    _lines_are_clean(result.out)
    _lines_are_clean(result.err)
    if command[0] == "plan" and "--json" not in command:
        assert shown(HOSTILE) in result.out  # the title is all there, one line, escapes visible
        assert "Lake\\x1b]0;pwned\\x07" in result.out
    if "--json" in command:
        assert json.loads(result.out)  # still JSON, with the same strings


def test_rollup_prints_shared_titles_and_themes_escaped(cli, tmp_path: Path) -> None:  # noqa: ANN001
    files = []
    for name in ("adams", "baker"):
        ws = new_workshop(title=f"{name}{CLEAR}", jurisdiction=f"{name}{RETITLE}")
        ws.findings = [Finding(id="g1", kind="gap", intercept="1", title=f"Gap{RETITLE}{C1_CSI}{RLO}",
                               theme=f"housing{HIDE}")]
        files.append(tmp_path / f"{name}.simmap")
        save_workshop(ws, files[-1], backup=False)
    text = cli("rollup", *files)
    assert text.code == 0, text.err
    _lines_are_clean(text.out)
    assert "Gap\\x1b]0;pwned\\x07\\x9b31m\\u202e: " in text.out and "Housing\\x1b[8m" in text.out  # in words
    as_json = cli("rollup", *files, "--json")
    _lines_are_clean(as_json.out)
    assert f"Gap{RETITLE}{C1_CSI}{RLO}" in _strings(json.loads(as_json.out))  # the same data, read back


def test_compare_prints_titles_escaped(cli, hostile_file: Path, tmp_path: Path) -> None:  # noqa: ANN001
    old = tmp_path / "old.simmap"
    save_workshop(new_workshop(title="Lake"), old, backup=False)
    for extra in ([], ["--json"]):
        result = cli("compare", old, hostile_file, *extra)
        assert result.code == 0, result.err
        _lines_are_clean(result.out)
    assert "Gap\\x1b[8m\\u202e" in cli("compare", old, hostile_file).out


def test_an_error_line_naming_a_hostile_path_stays_one_line(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / f"bad\nerror: fake{CLEAR}.simmap"
    result = cli("validate", path)
    assert result.code == 1
    assert len(result.err.splitlines()) == 1, result.err  # a newline in a path no longer splits it
    assert result.err.startswith("error: ") and "bad\\nerror: fake\\x1b[2J" in result.err
    _lines_are_clean(result.err.rstrip("\n"))


def test_a_warning_line_naming_a_hostile_file_stays_one_line(cli, hostile_file: Path,  # noqa: ANN001
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "counties"
    folder.mkdir()
    hostile_file.rename(folder / "lake.simmap")
    (folder / f"dam{CLEAR}\naged.simmap").write_text("{ not json", encoding="utf-8")
    result = cli("rollup", folder)
    assert result.code == 0, result.err
    assert len(result.error_lines) == 1 and result.error_lines[0].startswith("warning: ")
    _lines_are_clean(result.err.rstrip("\n"))
    _lines_are_clean(result.out)


def test_a_usage_error_quoting_an_argument_shows_it_escaped(cli, hostile_file: Path) -> None:  # noqa: ANN001
    result = cli("plan", hostile_file, "--top", CLEAR)
    assert result.code == 2
    assert "\\x1b[2J" in result.err
    _lines_are_clean(result.err.replace("\n", ""))


def test_a_real_process_prints_the_plan_and_an_error_escaped(hostile_file: Path, tmp_path: Path) -> None:
    """As a terminal sees it: the bytes on stdout and stderr carry no escape code of the file's."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    env.pop("INTERCEPT_MAPPER_DEBUG", None)

    def run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "intercept_mapper", *map(str, args)],
                              capture_output=True, env=env, cwd=tmp_path, timeout=120)

    plan = run("plan", hostile_file)
    assert plan.returncode == 0, plan.stderr
    _lines_are_clean(plan.stdout.decode("utf-8").replace("\n", ""))
    failed = run("plan", tmp_path / f"gone{CLEAR}\nerror: fake.simmap")
    assert failed.returncode == 1 and failed.stderr.count(b"\n") == 1, failed.stderr
    _lines_are_clean(failed.stderr.decode("utf-8").rstrip("\n"))
