"""Fixtures the window tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercept_mapper.resources import SAMPLE_WORKSHOP


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the bundled Riverbend sample in the test's own folder (the bundled file is never
    written)."""
    target = tmp_path / "riverbend.simmap"
    target.write_bytes(SAMPLE_WORKSHOP.read_bytes())
    return target
