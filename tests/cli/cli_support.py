"""Helpers shared by the command-line tests (a plainly named module, so imports are unambiguous)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from intercept_mapper.resources import SAMPLES_DIR

REPO = Path(__file__).resolve().parents[2]
SAMPLES = SAMPLES_DIR


@dataclass
class Result:
    """What a command did: exit status and its standard output and error."""

    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        """The lines of standard error (each should start with ``error:`` on failure)."""
        return [line for line in self.err.splitlines() if line.strip()]


def snapshot(*paths: Path) -> dict[Path, tuple[bytes, int]]:
    """Bytes and modification time of each file, to prove a command left its inputs alone."""
    return {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in paths}


def assert_clean_failure(result: Result, *, names: str | Path, before: dict[Path, tuple[bytes, int]],
                         out_dir: Path | None = None) -> None:
    """Exit 1, only ``error:`` lines naming the file, no traceback, inputs unchanged, nothing written."""
    assert result.code == 1, (result.code, result.err)
    assert result.error_lines, "no error message"
    assert all(line.startswith("error: ") for line in result.error_lines), result.err
    assert "Traceback" not in result.err
    assert any(str(names) in line for line in result.error_lines), result.err
    assert snapshot(*before) == before
    if out_dir is not None:  # the output folder holds nothing: no output, no temporary file
        assert sorted(p.name for p in out_dir.iterdir()) == []
