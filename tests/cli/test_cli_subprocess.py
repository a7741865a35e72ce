"""The real command (``python -m intercept_mapper``) in a child process: exit codes, no traceback,
no output file and inputs untouched, exactly as a script or a facilitator's terminal would see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli_support import REPO, SAMPLES, snapshot


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m intercept_mapper ARGS`` with the checkout on the path."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("INTERCEPT_MAPPER_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "intercept_mapper", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def assert_clean(proc: subprocess.CompletedProcess[str], code: int, names: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    if code == 1:
        lines = proc.stderr.splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), proc.stderr
        assert any(names in line for line in lines), proc.stderr


def test_bad_inputs_through_the_real_command(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("intercept,title\n1,Dispatch\n", encoding="utf-8")  # no kind column
    truncated = tmp_path / "cut.simmap"
    truncated.write_text('{"format": "intercept-mapper", "schema_version": 1, "poi', encoding="utf-8")
    deep = tmp_path / "deep.simmap"
    deep.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    before = snapshot(sheet, truncated, deep)
    out = tmp_path / "out"
    out.mkdir()

    assert_clean(run("import-worksheet", sheet, "-o", out / "x.simmap", cwd=tmp_path), 1, str(sheet))
    assert_clean(run("validate", truncated, cwd=tmp_path), 1, str(truncated))
    assert_clean(run("validate", deep, cwd=tmp_path), 1, str(deep))
    assert_clean(run("export", deep, "--worksheet", out / "x.csv", cwd=tmp_path), 1, str(deep))
    assert_clean(run("import-worksheet", sheet, "-o", sheet, cwd=tmp_path), 1, str(sheet))
    assert_clean(run("new", out / "x.simmap", "--preset", "nowhere", cwd=tmp_path), 2, "")

    assert snapshot(sheet, truncated, deep) == before
    assert list(out.iterdir()) == []


def test_import_validate_export_through_the_real_command(tmp_path: Path) -> None:
    inputs = (SAMPLES / "riverbend-worksheet.csv", SAMPLES / "riverbend-participants.csv")
    before = snapshot(*inputs)
    made = run("import-worksheet", inputs[0], "--participants", inputs[1], "-o", "rb.simmap", cwd=tmp_path)
    assert_clean(made, 0, "")
    checked = run("validate", "rb.simmap", cwd=tmp_path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "OK\n", "")
    assert_clean(run("export", "rb.simmap", "--worksheet", "rb.csv", cwd=tmp_path), 0, "")
    assert (tmp_path / "rb.csv").read_text(encoding="utf-8").count("\n") >= 40
    assert snapshot(*inputs) == before


def test_help_exits_0() -> None:
    proc = run("--help", cwd=REPO)
    assert proc.returncode == 0
    for command in ("new", "import-worksheet", "validate", "export"):
        assert command in proc.stdout
