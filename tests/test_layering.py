"""The model and the worksheet command line run without Qt: checked in a fresh interpreter.

import-linter (``lint-imports``, contracts in pyproject.toml) checks the import graph statically; this
checks what is really loaded when the code runs, which also catches imports inside functions.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from intercept_mapper.resources import SAMPLES_DIR

REPO = Path(__file__).resolve().parent.parent
SAMPLES = SAMPLES_DIR

PROBE = r"""
import json, sys
import intercept_mapper.model
import intercept_mapper.cli
from intercept_mapper.cli import main

out, csv_out = sys.argv[1], sys.argv[2]
codes = [
    main(["import-worksheet", sys.argv[3], "--participants", sys.argv[4], "-o", out]),
    main(["validate", out]),
    main(["export", out, "--worksheet", csv_out]),
]
qt = sorted(m for m in sys.modules
            if m.split(".")[0] in ("PySide6", "shiboken6") or m.startswith("intercept_mapper.ui"))
print(json.dumps({"codes": codes, "qt": qt}))
"""


def test_model_and_worksheet_cli_do_not_load_qt(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "out.simmap"), str(tmp_path / "out.csv"),
         str(SAMPLES / "riverbend-worksheet.csv"), str(SAMPLES / "riverbend-participants.csv")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0, 0, 0], result.stderr
    assert report["qt"] == []
    assert (tmp_path / "out.simmap").is_file() and (tmp_path / "out.csv").is_file()
