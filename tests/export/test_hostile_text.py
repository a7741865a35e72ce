"""Text is data: markup, entities, quotes, emoji, other scripts and huge titles print literally."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from intercept_mapper.export.map_svg import build_map_svg
from intercept_mapper.export.pdf_fonts import report_fonts
from intercept_mapper.export.pdf_text import esc
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Candidate,
    DecisionPoint,
    Finding,
    Objective,
    Participant,
    Workshop,
)
from tests.export.report_helpers import TODAY, all_text, fragments, small_workshop

MARKUP = "<b>not bold</b> & co"
FONT_TAG = "<font color=red size=40>big?</font>"
QUOTES = "She said \"yes\" & it's 'fine' &amp; &lt;tag&gt;"
ACCENTS = "Zoë Ångström, Łódź, São Paulo"
SCRIPTS = "Crisis 😀 team · שלום עולם · مرحبا · 危机干预小组"
CONTROL = "bell\x07 nul\x00 tab\tend"
HUGE_WORD = "LONG" + "x" * 4996
HUGE_SENTENCE = "Pasted paragraph " + "words that go on " * 294


def hostile_workshop() -> Workshop:
    ws = small_workshop()
    ws.info.title = f"Mapping {MARKUP}"
    ws.info.jurisdiction = ACCENTS
    ws.info.background = f"{QUOTES}\n{FONT_TAG}\n\n{SCRIPTS}\n{CONTROL}"
    ws.info.sponsors = MARKUP
    ws.info.recommendations = HUGE_SENTENCE
    ws.info.prepared_by = f"{ACCENTS} <i>team</i>"
    ws.scheme.intercepts[2].label = FONT_TAG
    ws.points += [
        DecisionPoint(id="pt-h1", intercept="2", title=MARKUP, organisation=QUOTES),
        DecisionPoint(id="pt-h2", intercept="2", title=HUGE_WORD, description=HUGE_SENTENCE),
        DecisionPoint(id="pt-h3", intercept="5", title=SCRIPTS),
    ]
    ws.findings += [
        Finding(id="fd-h1", kind="gap", intercept="2", point_id="pt-h1", title=FONT_TAG, description=QUOTES,
                organisation=MARKUP),
        Finding(id="fd-h2", kind="resource", intercept="X", title=HUGE_WORD, description=HUGE_SENTENCE),
        Finding(id="fd-h3", kind="gap", intercept="5", point_id="pt-h3", title=CONTROL),
    ]
    ws.participants.append(Participant(id="pp-h", name=MARKUP, organisation=SCRIPTS, sector="<other>",
                                       role=QUOTES, email="x&y@example.org"))
    ws.voting.candidates += [
        Candidate(id="cd-h1", title=MARKUP, votes={"tb-all": 9}),
        Candidate(id="cd-h2", title=HUGE_WORD, votes={"tb-all": 8}),
    ]
    ws.action_plans.append(ActionPlan(id="ap-h", candidate_id="cd-h1", title=FONT_TAG, objectives=[
        Objective(id="ob-h", text=QUOTES, steps=[
            ActionStep(id="st-h1", text=MARKUP, who=ACCENTS, when=date(2026, 1, 2), notes=FONT_TAG),
            ActionStep(id="st-h2", text=HUGE_WORD, who=HUGE_WORD[:300]),
            ActionStep(id="st-h3", text=HUGE_SENTENCE, who=SCRIPTS),
        ]),
    ]))
    return ws


@pytest.fixture(scope="module")
def report_text() -> str:
    return all_text(build_report_pdf(hostile_workshop(), include_contacts=True, today=TODAY))


@pytest.mark.parametrize("literal", [
    MARKUP, FONT_TAG, "She said \"yes\" & it's 'fine' &amp; &lt;tag&gt;", ACCENTS, "<i>team</i>",
    "x&y@example.org",
])
def test_markup_and_entities_print_literally(report_text: str, literal: str) -> None:
    assert literal in report_text


def test_control_characters_are_dropped_not_fatal(report_text: str) -> None:
    assert "bell nul tab end" in report_text


def test_huge_titles_wrap_and_print_whole(report_text: str) -> None:
    # A 5,000-character word is broken across lines (and pages): every character is there, in order.
    flat = re.sub(r"\s+", "", report_text)
    # Point list, resource, candidate and step each print all 4,996 x's (split only by page furniture).
    assert flat.count("x") >= 4 * 4996 + 296
    assert flat.count("LONGxxxxxxxxxx") >= 4
    # The pasted paragraph (a resource's description, the recommendations, a step) wraps and continues
    # across pages; only a page break may interrupt a phrase.
    assert report_text.count("words that go on") >= 3 * 294 - 6


def test_no_text_runs_off_the_page() -> None:
    fonts = report_fonts()
    runs = fragments(build_report_pdf(hostile_workshop(), today=TODAY))
    assert len(runs) > 500
    for page, text, x, _y, size, width in runs:
        if size > 60 or text.strip().isdigit():  # the watermark; page numbers drawn in forms
            continue
        right = x + stringWidth(text.rstrip(), fonts.regular, size)
        assert x >= 0 and right <= width - 8, (page, text[:40], x, right, width)


def test_handout_with_hostile_text_builds() -> None:
    text = all_text(build_report_pdf(hostile_workshop(), handout=True, today=TODAY))
    assert MARKUP in text and FONT_TAG in text


def test_escaping_is_reversible_markup() -> None:
    assert esc(MARKUP) == "&lt;b&gt;not bold&lt;/b&gt; &amp; co"
    assert esc("a\nb") == "a<br/>b"
    assert esc("\x00x\x1f") == "x"


def test_svg_holds_the_text_as_text() -> None:
    svg = build_map_svg(hostile_workshop())
    root = ET.fromstring(svg)  # well-formed XML whatever the titles were
    texts = [el.text or "" for el in root.iter() if el.tag.endswith("text")]
    assert MARKUP in texts
    assert any(t.startswith("LONG") and t.endswith("…") for t in texts)  # cut to the box on the map
