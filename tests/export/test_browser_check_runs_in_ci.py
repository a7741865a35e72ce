"""In CI the HTML report's browser accessibility check must run, not skip: .ci/run installs Chromium and
axe-core, and a CI that lost either would otherwise pass silently."""

from __future__ import annotations

import os

import pytest

from tests.export.test_report_html_browser import AXE, CHROMIUM


@pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true", "yes"),
                    reason="outside CI the browser check may skip (it says how to install what it needs)")
def test_ci_has_chromium_and_axe_core() -> None:
    assert CHROMIUM is not None, "CI must install chromium (.ci/run APT_PACKAGES)"
    assert AXE is not None, "CI must install axe-core (.ci/run: npm ci --prefix tools/a11y)"
