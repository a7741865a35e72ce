"""Every PDF says its language and shows its title (not its file name) in the viewer's title bar."""

from __future__ import annotations

import pytest
from pypdf.generic import BooleanObject

from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.export.rollup_pdf import build_rollup_pdf
from intercept_mapper.model.rollup import build_rollup
from tests.export.report_helpers import TODAY, reader, small_workshop
from tests.rollup_communities import write_communities


def _shows_title(catalog: dict) -> bool:
    value = catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    return isinstance(value, BooleanObject) and bool(value)


def _catalog_and_title(data: bytes) -> tuple[dict, str]:
    pdf = reader(data)
    return pdf.trailer["/Root"], pdf.metadata.title


@pytest.mark.parametrize("handout", [False, True])
def test_report_and_handout_declare_english_and_display_their_title(handout: bool) -> None:
    catalog, title = _catalog_and_title(build_report_pdf(small_workshop(), handout=handout, today=TODAY))
    assert catalog["/Lang"] == "en"
    assert _shows_title(catalog)
    assert "Small County mapping" in title


def test_rollup_declares_english_and_displays_its_title(tmp_path) -> None:
    rollup = build_rollup(write_communities(tmp_path))
    catalog, title = _catalog_and_title(build_rollup_pdf(rollup, title="State summary", today=TODAY))
    assert catalog["/Lang"] == "en"
    assert _shows_title(catalog)
    assert title == "State summary"
