"""The HTML report: the PDF's sections and content, accessible structure, self-contained, text as data."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from intercept_mapper.export import report_text as words
from intercept_mapper.export.report_html import build_report_html
from intercept_mapper.export.report_narrative import point_markup
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import Candidate, DecisionPoint, Finding, Participant, Workshop, new_workshop
from intercept_mapper.model.map_narrative import map_narrative
from intercept_mapper.model.ranking import rank_candidates
from tests.export.html_reading import Element, headings, read_html, visible_text
from tests.export.report_helpers import (
    TODAY,
    all_text,
    outline,
    sample,
    small_workshop,
    squash,
    two_table_votes,
)
from tests.export.test_hostile_text import (
    ACCENTS,
    FONT_TAG,
    HUGE_WORD,
    MARKUP,
    QUOTES,
    SCRIPTS,
    hostile_workshop,
)

SECTIONS = [
    "Contents",
    "1. Introduction and background",
    "2. The Sequential Intercept Map",
    "3. Resources and gaps by intercept",
    "4. Priorities for change",
    "5. Action plans",
    "6. Recommendations and further resources",
    "Appendix: participants by sector",
]
SCRIPT_TITLE = "<script>alert('x')</script> & \"Co\""
RTL = "מפת צמתים · خريطة التقاطع"
CJK = "危机干预小组"


def hostile_html_workshop() -> Workshop:
    """The PDF's hostile workshop, plus a script title, right-to-left and CJK text everywhere."""
    ws = hostile_workshop()
    ws.info.title = SCRIPT_TITLE
    ws.info.jurisdiction = f"{RTL} {ACCENTS}"
    ws.info.further_resources = f"{CJK}\n{RTL}\n</p><a href='http://evil.example/'>x</a>"
    ws.scheme.intercepts[0].label = f"{RTL} {SCRIPT_TITLE}"
    ws.scheme.cross_label = f"{CJK} </section>"
    ws.points.append(DecisionPoint(id="pt-rtl", intercept="0", title=RTL, description=CJK,
                                   organisation=SCRIPT_TITLE))
    ws.findings.append(Finding(id="fd-rtl", kind="gap", intercept="0", point_id="pt-rtl", title=SCRIPT_TITLE,
                               description=RTL))
    ws.participants.append(Participant(id="pp-rtl", name=RTL, organisation=CJK, sector="courts",
                                       email="\"'><img src=x>@example.org"))
    ws.voting.candidates.append(Candidate(id="cd-rtl", title=RTL, votes={"tb-all": 5}))
    return ws


def _build(ws: Workshop, **options: object) -> tuple[bytes, Element]:
    data = build_report_html(ws, today=TODAY, **options)
    root, errors = read_html(data)
    assert errors == []
    return data, root


@pytest.fixture(scope="module")
def draft() -> tuple[bytes, Element]:
    return _build(sample())


@pytest.fixture(scope="module")
def hostile() -> tuple[bytes, Element]:
    return _build(hostile_html_workshop(), include_contacts=True)


# ---------------------------------------------------------------- structure
def test_language_one_h1_and_headings_never_skip_a_level(draft, hostile) -> None:
    for _, root in (draft, hostile):
        assert root.iter("html")[0].attrs["lang"] == "en"
        levels = [level for level, _ in headings(root)]
        assert levels.count(1) == 1 and levels[0] == 1
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (before, after)


def test_sections_follow_the_published_order(draft) -> None:
    _, root = draft
    sections = [text for level, text in headings(root) if level == 2]
    assert sections == SECTIONS


def test_contents_links_every_section_and_every_link_lands(draft, hostile) -> None:
    for _, root in (draft, hostile):
        ids = [e.attrs["id"] for e in root.iter() if "id" in e.attrs]
        assert len(ids) == len(set(ids))
        for a in root.iter("a"):
            assert a.attrs["href"].startswith("#") and a.attrs["href"][1:] in ids
        nav = root.iter("nav")[0]
        listed = [a.text for a in nav.iter("a")]
        assert [s for s in SECTIONS[1:] if s in listed] == SECTIONS[1:]
    _, root = draft
    assert "Intercept 0: Community Services" in [a.text for a in root.iter("nav")[0].iter("a")]


def test_every_table_has_a_caption_and_scoped_header_cells(draft, hostile) -> None:
    for _, root in (draft, hostile):
        tables = root.iter("table")
        assert len(tables) >= 10
        for table in tables:
            assert table.children[0].tag == "caption" and table.children[0].text
            for th in table.iter("th"):
                assert th.attrs.get("scope") in {"col", "row", "rowgroup", "colgroup"}, th.attrs
            wrap = table.parent
            assert wrap.attrs.get("class") == "table-wrap" and wrap.attrs.get("tabindex") == "0"
            assert wrap.attrs.get("aria-labelledby") == table.children[0].attrs["id"]


def test_the_map_is_inline_svg_described_by_its_caption(draft) -> None:
    data, root = draft
    svgs = root.iter("svg")
    assert len(svgs) == 1
    svg = svgs[0]
    assert svg.attrs["aria-describedby"] == "map-caption"
    assert svg.attrs["aria-labelledby"] == "sim-map-title"
    assert root.iter("figcaption")[0].attrs["id"] == "map-caption"
    assert root.iter("figcaption")[0].iter("a")[0].attrs["href"] == "#findings"  # the map in words
    assert "viewbox" in svg.attrs  # the parser lower-cases names; the SVG scales with the page
    # The inline SVG is still the contract's semantic SVG: a titled group per point and flow.
    text = data.decode("utf-8")
    inline = text[text.index("<svg"):text.index("</svg>") + 6]
    tree = ET.fromstring(inline)
    ns = "{http://www.w3.org/2000/svg}"
    ws = sample()
    groups = {(g.get("class"), g.get("data-id")) for g in tree.iter(f"{ns}g")}
    assert {("point", p.id) for p in ws.points} <= groups
    assert {("flow", f.id) for f in ws.flows} <= groups
    assert tree.find(f"{ns}desc") is None  # told once, visibly, in section 3


def _plain(markup: str) -> str:
    """Reportlab Paragraph markup as the text it prints."""
    return " ".join(html.unescape(re.sub(r"<br/>", " ", re.sub(r"<(?!br/)[^>]+>", "", markup))).split())


def test_each_intercept_is_told_in_words_as_the_pdf_tells_it(draft) -> None:
    _, root = draft
    ws = sample()
    lists = [ol for ol in root.iter("ol") if ol.attrs.get("class") == "narrative"]
    told = [n for n in map_narrative(ws) if n.entries]
    assert len(lists) == len(told)
    for ol, narrative in zip(lists, told, strict=True):
        titles = {e.point_id: e.title for e in narrative.entries}
        items = ol.iter("li")
        assert [li.iter("strong")[0].text for li in items] == [e.title for e in narrative.entries]
        for li, entry in zip(items, narrative.entries, strict=True):
            assert " ".join(p.text for p in li.iter("p")) == _plain(point_markup(entry, titles))
        label = next(e for e in root.iter() if e.attrs.get("id") == ol.attrs["aria-labelledby"])
        count = len(narrative.entries)
        assert label.text == f"Decision points ({count}), in the order people flow through them"


def test_self_contained_no_scripts_and_no_fetches(draft, hostile) -> None:
    for data, root in (draft, hostile):
        assert not root.iter("script") and not root.iter("link") and not root.iter("img")
        assert not root.iter("iframe") and not root.iter("object")
        for e in root.iter():
            for name, value in e.attrs.items():
                assert not name.startswith("on"), (e.tag, name)
                if name in {"src", "href", "action", "xlink:href"}:
                    assert value.startswith("#"), (e.tag, name, value)
        policy = [m.attrs["content"] for m in root.iter("meta")
                  if m.attrs.get("http-equiv") == "Content-Security-Policy"]
        assert policy and "default-src 'none'" in policy[0] and "script-src" not in policy[0]
        assert b"@import" not in data and b"url(" not in data


def test_draft_banner_until_final(draft) -> None:
    data, root = draft
    assert b'id="draft-banner"' in data and "DRAFT" in root.iter("title")[0].text
    assert "DRAFT exported on June 1, 2026: for review by the planning team" in visible_text(root)
    final_data, final_root = _build(sample(), final=True)
    assert b'id="draft-banner"' not in final_data and "DRAFT" not in visible_text(final_root)
    assert "FINAL REPORT, exported on June 1, 2026" in visible_text(final_root)
    dated = sample()
    dated.info.report_date = date(2026, 5, 20)
    assert "DRAFT of May 20, 2026" in visible_text(_build(dated)[1])
    assert "FINAL REPORT, May 20, 2026" in visible_text(_build(dated, final=True)[1])


def test_the_files_report_status_decides_unless_told() -> None:
    ws = sample()
    ws.info.status = "final"
    assert b'id="draft-banner"' not in build_report_html(ws, today=TODAY)
    assert b'id="draft-banner"' in build_report_html(ws, final=False, today=TODAY)


def test_the_report_says_the_same_words_as_the_pdf() -> None:
    ws = two_table_votes(small_workshop())
    ws.info.attendance = 30
    ws.info.background = "Why we met."
    ws.voting.votes_per_participant = 3
    ws.voting.candidates[1].votes = {}  # not counted
    ranking = rank_candidates(ws)
    said = [words.opening_sentence(ws), words.map_counts_sentence(ws, ws.scheme.cross_label),
            words.people_sentence(ws), words.priorities_intro(ws, ranking),
            words.issue_line(ws, False, TODAY)]
    html_text = visible_text(_build(ws)[1])
    pdf_text = all_text(build_report_pdf(ws, today=TODAY))
    for sentence in said:
        assert sentence and squash(sentence) in html_text, sentence
        assert squash(sentence) in pdf_text, sentence
    ranked = next(t for t in _build(ws)[1].iter("table") if t.attrs.get("class") == "priorities")
    blank = next(tr for tr in ranked.iter("tr") if ws.voting.candidates[1].title in tr.text)
    assert [td.text for td in blank.iter("td") if "num" in td.attrs.get("class", "")][1:] == \
        ["not counted", "not counted", "not counted"]


def test_a_final_report_leaves_out_what_the_pdf_leaves_out_and_numbers_the_same() -> None:
    ws = small_workshop()
    ws.action_plans = []
    ws.info.recommendations = ws.info.further_resources = ""
    made = {}
    for final in (True, False):
        sections = [t for level, t in headings(_build(ws, final=final)[1]) if level == 2][1:]
        pdf = [t for level, t, _ in outline(build_report_pdf(ws, final=final, today=TODAY)) if level == 0]
        assert sections == [t for t in pdf if t not in ("Cover", "Contents")]
        made[final] = sections
    assert made[False][4:6] == ["5. Action plans", "6. Recommendations and further resources"]
    assert made[True][3:] == ["4. Priorities for change", "Appendix: participants by sector"]


def test_drafted_objectives_and_steps_are_marked() -> None:
    ws = small_workshop()
    ws.action_plans[0].objectives[0].drafted = True
    ws.action_plans[0].objectives[0].steps[0].drafted = True
    plan = next(t for t in _build(ws)[1].iter("table") if t.attrs.get("class") == "plan")
    assert plan.text.count("Draft suggestion") == 2


def test_contacts_only_when_asked(draft) -> None:
    _, root = draft
    assert "dwhitfield@example" not in visible_text(root)
    assert "contact details are left out of this copy" in visible_text(root)
    _, with_contacts = _build(sample(), include_contacts=True)
    assert "dwhitfield@example" in visible_text(with_contacts)
    headers = [th.text for th in with_contacts.iter("table")[-1].iter("thead")[0].iter("th")]
    assert headers == ["Name", "Organisation", "Role", "E-mail", "Phone"]


def test_responsive_and_print_styles_are_there(draft) -> None:
    _, root = draft
    css = root.iter("style")[0].text
    viewport = [m.attrs["content"] for m in root.iter("meta") if m.attrs.get("name") == "viewport"]
    assert viewport == ["width=device-width, initial-scale=1"]  # never blocks zooming
    assert "@media print" in css and "@media (max-width:40rem)" in css
    assert ":focus-visible{outline:3px solid" in css
    assert ".table-wrap{overflow-x:auto" in css
    assert "@bottom-center{content:\"DRAFT" in css  # at the foot of every printed page of a draft
    final_css = _build(sample(), final=True)[1].iter("style")[0].text
    assert "@media print" in final_css and "DRAFT" not in final_css


# ---------------------------------------------------------------- content: the same as the PDF
def test_every_item_of_the_sample_is_in_the_report(draft) -> None:
    _, root = draft
    text = visible_text(root)
    ws = sample()
    wanted = [p.title for p in ws.points] + [f.title for f in ws.findings]
    wanted += [c.title for c in ws.voting.candidates] + [p.title for p in ws.action_plans]
    wanted += [o.text for plan in ws.action_plans for o in plan.objectives]
    wanted += [s.text for plan in ws.action_plans for o in plan.objectives for s in o.steps]
    wanted += [p.name for p in ws.participants]
    for item in wanted:
        assert " ".join(item.split()) in text, item


def test_priorities_table_and_votes_as_a_table(draft) -> None:
    _, root = draft
    captions = [t.children[0].text for t in root.iter("table")]
    assert "Candidate priorities, ranked" in captions
    assert "Votes for the leading 10 candidates" in captions
    ranked = next(t for t in root.iter("table") if t.children[0].text == "Candidate priorities, ranked")
    header = [th.text for th in ranked.iter("thead")[0].iter("th")]
    assert header == ["Rank", "Candidate priority and why it ranks here", "System table", "Community table",
                      "Votes", "Intercepts"]
    chosen = [tr for tr in ranked.iter("tr") if tr.attrs.get("class") == "chosen"]
    assert len(chosen) == 5 and all("Priority for change" in tr.text for tr in chosen)


def test_without_votes_there_is_no_votes_table() -> None:
    ws = small_workshop()
    for c in ws.voting.candidates:
        c.votes = {}
    _, root = _build(ws)
    assert "No votes have been recorded yet" in visible_text(root)
    assert not any(t.children[0].text.startswith("Votes") for t in root.iter("table"))


def test_action_plan_objectives_head_their_steps(draft) -> None:
    _, root = draft
    plans = [t for t in root.iter("table") if t.attrs.get("class") == "plan"]
    assert len(plans) == len(sample().action_plans)
    for table in plans:
        for body in table.iter("tbody"):
            first = body.children[0].children[0]
            assert first.tag == "th" and first.attrs["scope"] == "rowgroup"
            assert int(first.attrs.get("rowspan", "1")) == len(body.iter("tr"))


def test_an_empty_workshop_still_makes_a_whole_page() -> None:
    _, root = _build(new_workshop("five-intercept"))
    text = visible_text(root)
    assert [t for level, t in headings(root) if level == 2] == SECTIONS
    assert "No candidate priorities have been listed yet." in text
    assert "No action plans have been written yet." in text
    assert "No participants are recorded in this workshop file." in text


# ---------------------------------------------------------------- text is data
def test_hostile_text_is_escaped_and_reads_literally(hostile) -> None:
    data, root = hostile
    text = visible_text(root)
    for literal in (SCRIPT_TITLE, MARKUP, FONT_TAG, QUOTES, RTL, CJK, SCRIPTS, "x&y@example.org",
                    "\"'><img src=x>@example.org", "</p><a href='http://evil.example/'>x</a>"):
        assert literal in text, literal
    assert root.iter("title")[0].text == f"{SCRIPT_TITLE} (DRAFT)"
    assert root.iter("h1")[0].text == SCRIPT_TITLE
    page = data.decode("utf-8")
    assert "<script>" not in page and "<img" not in page and "evil.example/'>" not in page


def test_control_characters_are_dropped_and_huge_words_may_wrap(hostile) -> None:
    data, root = hostile
    assert "bell nul tab end" in visible_text(root)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data.decode("utf-8"))
    # The 5,000-character word is whole (between its wrapping points) and may break.
    page = data.decode("utf-8")
    assert "<wbr>" in page and HUGE_WORD in visible_text(root)


def test_right_to_left_text_is_isolated(hostile) -> None:
    _, root = hostile
    isolated = [e.text for e in root.iter("bdi")]
    assert any(RTL in t for t in isolated)
    assert all(e.attrs.get("dir") == "auto" for e in root.iter("h1"))


def test_step_statuses_read_as_in_the_pdf() -> None:
    from intercept_mapper.export import report_html, report_styles

    assert report_html.STATUS_LABELS == report_styles.STATUS_LABELS


def test_build_is_deterministic_for_a_given_day() -> None:
    assert build_report_html(sample(), today=TODAY) == build_report_html(sample(), today=TODAY)


def test_a_target_that_is_not_a_date_prints_as_written() -> None:
    ws = small_workshop()
    step = next(s for p in ws.action_plans for o in p.objectives for s in o.steps)
    step.when, step.when_text = None, "Q3 2027 <b>"
    data, root = _build(ws)
    assert "Q3 2027 <b>" in visible_text(root)
