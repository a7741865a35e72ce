"""Text is data: markup, entities, quotes, emoji, other scripts and huge titles print literally."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from intercept_mapper.export.map_svg import build_map_svg
from intercept_mapper.export.pdf_fonts import FALLBACK, report_fonts
from intercept_mapper.export.pdf_text import esc, font_runs, text_width
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
from tests.export.report_helpers import (
    TODAY,
    all_text,
    embedded_fonts,
    font_files,
    fragments,
    normalise_pdf_name,
    outline,
    small_workshop,
)

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
    # Wrapped and broken to the box on the map, the rest cut with an ellipsis (chips wrap to 4 lines).
    assert any(t.startswith("LONG") for t in texts) and any(t.endswith("x…") for t in texts)


CHINESE = "河湾县危机干预小组"
KOREAN = "위기 대응 팀"


def chinese_workshop() -> Workshop:
    ws = small_workshop()
    ws.info.title = f"{CHINESE} mapping"
    ws.info.background = f"Background {CHINESE} and {KOREAN}."
    ws.points[0].title = f"Crisis line {CHINESE}"
    ws.findings[0].title = "暖线 warm line"
    ws.voting.candidates[0].title = f"培训 {KOREAN}"
    ws.action_plans[0].objectives[0].steps[0].text = "预订学院 book the academy"
    ws.participants[0].organisation = f"{CHINESE} 法院"
    return ws


def test_chinese_and_korean_print_in_the_embedded_fallback_font() -> None:
    data = build_report_pdf(chinese_workshop(), today=TODAY)
    text = all_text(data)
    for literal in (f"{CHINESE} mapping", f"Background {CHINESE} and {KOREAN}.", f"Crisis line {CHINESE}",
                    "暖线 warm line", f"培训 {KOREAN}", "预订学院 book the academy", f"{CHINESE} 法院"):
        assert literal in text, literal
    fonts = embedded_fonts(data)
    assert fonts.get("DroidSansFallback") is True, fonts
    # The fallback carries only the CJK characters; Latin text stays in DejaVu.
    drawn = fragments(data)
    assert any(CHINESE in t for _, t, *_ in drawn)


def test_chinese_map_labels_are_text_on_the_map_page_and_in_the_svg() -> None:
    ws = chinese_workshop()
    data = build_report_pdf(ws, today=TODAY)
    map_page = next(page for _, title, page in outline(data) if title.endswith("Sequential Intercept Map"))
    on_map = "".join(t for page, t, *_ in fragments(data) if page == map_page)
    assert CHINESE in on_map
    root = ET.fromstring(build_map_svg(ws))
    cjk = [el for el in root.iter() if el.tag.endswith("text") and CHINESE in (el.text or "")]
    assert cjk and all("Droid Sans Fallback" in (el.get("style") or "") + (el.get("font-family") or "")
                       for el in cjk)


def test_latin_only_report_embeds_no_fallback_font() -> None:
    fonts = [normalise_pdf_name(n) for n in font_files(build_report_pdf(small_workshop(), today=TODAY))]
    assert fonts and not any("Droid" in n for n in fonts)


def test_fallback_runs_in_markup_and_widths() -> None:
    assert esc(f"a <{CHINESE}>") == f'a &lt;<font name="{FALLBACK}">{CHINESE}</font>&gt;'
    assert font_runs("abc", "IMSans") == [("abc", "IMSans")]
    regular = report_fonts().regular
    # Ideographs are a full em wide: measured in the fallback font, not as DejaVu's missing glyph.
    assert text_width(CHINESE, regular, 10) == pytest.approx(10 * len(CHINESE), rel=0.05)
