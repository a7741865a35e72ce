"""A reader that stops early (``intercept-mapper plan FILE | head``) is not an error worth a message."""

import os
import subprocess
import sys
from pathlib import Path

from intercept_mapper.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_plan_into_a_closed_pipe_prints_no_error(tmp_path: Path) -> None:
    # Far more output than a pipe buffer holds, so the writer is still writing when the reader leaves.
    rows = ["intercept,kind,title,votes"] + [f"1,gap,Gap number {n} {'x' * 150},{n % 7}" for n in range(3000)]
    worksheet = tmp_path / "big.csv"
    worksheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    workshop = tmp_path / "big.simmap"
    assert main(["import-worksheet", str(worksheet), "-o", str(workshop)]) == 0

    env = dict(os.environ, PYTHONPATH=str(REPO))
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run(
        [sys.executable, "-m", "intercept_mapper", "plan", str(workshop)],
        stdout=reader.stdin, stderr=subprocess.PIPE, text=True, env=env, timeout=120,
    )
    reader.stdin.close()
    reader.wait(timeout=10)
    assert "Traceback" not in writer.stderr
    assert "unexpected failure" not in writer.stderr
    assert "Exception ignored" not in writer.stderr
