"""Fixtures for command-line tests: run ``main([...])`` in-process and capture what it printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import Result

from intercept_mapper.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the command line in-process; usage errors (SystemExit from argparse) become exit codes."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse exits for usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for outputs, apart from the inputs, so a test can see that nothing was left."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
