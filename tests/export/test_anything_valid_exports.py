"""Issue 13: anything the loader (and so ``validate``) accepts exports and plans without error.

Hypothesis draws a valid workshop, writes it as file data, then spoils a few of its values the way a
hand edit or another tool might (any code point in a string, numbers and booleans swapped, flows
turned back on their point, positions at and past the limits). Whatever still loads must give a PDF,
an SVG that parses as XML, a PNG, a worksheet, a plan and a roster, all encodable as UTF-8.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from intercept_mapper.export.map_image import render_map_png
from intercept_mapper.export.map_svg import build_map_svg
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import InputError
from intercept_mapper.model.limits import MAX_COORDINATE, MAX_SHORT_TEXT
from intercept_mapper.model.ranking import rank_candidates
from intercept_mapper.model.roster import build_roster
from intercept_mapper.model.simmap_file import loads_workshop
from intercept_mapper.model.worksheet_csv import format_worksheet
from tests.model.strategies import workshops

EXAMPLES = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any code point, lone surrogates and non-characters included.
_any_char = st.integers(min_value=0, max_value=0x10FFFF).map(chr)
_strings = st.one_of(st.text(_any_char, max_size=12), st.just("x" * MAX_SHORT_TEXT),
                     st.just("x" * (MAX_SHORT_TEXT + 1)))
_numbers = st.sampled_from([True, False, 0, -1, 3, 2.5, "3", None, 10**13, 1e300,
                            MAX_COORDINATE, -MAX_COORDINATE, MAX_COORDINATE * 1.01, 5e7])


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every scalar in raw file data (keys and indexes)."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in _leaves(item, (*path, n))]
    return [path]


@st.composite
def spoilt_files(draw: st.DrawFn) -> str:
    """File text of a valid workshop with up to three values changed."""
    raw = json.loads(json.dumps(draw(workshops(max_items=4)).model_dump(mode="json")))
    leaves = [p for p in _leaves(raw) if p and p[0] not in ("format", "schema_version")]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        path = draw(st.sampled_from(leaves))
        target = raw
        for key in path[:-1]:
            target = target[key]
        old = target[path[-1]]
        target[path[-1]] = draw(_strings if isinstance(old, str) else _numbers)
    if raw["flows"] and draw(st.booleans()):
        raw["flows"][0]["target"] = raw["flows"][0]["source"]
    return json.dumps(raw)  # ASCII with \\u escapes: lone surrogates survive as written in a file


@EXAMPLES
@given(spoilt_files())
def test_whatever_loads_exports_and_plans(text: str) -> None:
    try:
        ws = loads_workshop(text, "spoilt.simmap")
    except InputError as exc:
        event("refused")
        assert exc.problems
        "\n".join(exc.lines()).encode("utf-8", "backslashreplace")
        return
    event("loaded")
    assert build_report_pdf(ws).startswith(b"%PDF")
    assert build_report_pdf(ws, handout=True).startswith(b"%PDF")
    ET.fromstring(build_map_svg(ws))
    assert render_map_png(ws, scale=0.1).startswith(b"\x89PNG")
    format_worksheet(ws).encode("utf-8")
    for ranked in rank_candidates(ws):
        (ranked.title + ranked.reason).encode("utf-8")
    json.dumps(build_roster(ws).__dict__, default=str, ensure_ascii=False).encode("utf-8")
