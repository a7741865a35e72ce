"""The full report: every item printed, sections in the published order, DRAFT/FINAL, fonts, contacts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import ActionStep
from intercept_mapper.model.step_order import plan_steps
from tests.export.report_helpers import (
    TODAY,
    all_text,
    font_files,
    outline,
    page_sizes,
    page_texts,
    reader,
    sample,
    small_workshop,
    squash,
    two_table_votes,
)

SECTIONS = [
    "Cover",
    "Contents",
    "1. Introduction and background",
    "2. The Sequential Intercept Map",
    "3. Resources and gaps by intercept",
    "4. Priorities for change",
    "5. Action plans",
    "6. Recommendations and further resources",
    "Appendix: participants by sector",
]


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return build_report_pdf(sample(), today=TODAY)


@pytest.fixture(scope="module")
def sample_text(sample_pdf: bytes) -> str:
    return all_text(sample_pdf)


def test_every_point_resource_gap_priority_and_step_is_printed(sample_pdf: bytes, sample_text: str) -> None:
    ws = sample()
    titles = [p.title for p in ws.points] + [f.title for f in ws.findings]
    titles += [c.title for c in ws.voting.candidates if not c.excluded]
    titles += [s.text for plan in ws.action_plans for s in plan_steps(plan)]
    titles += [plan.title for plan in ws.action_plans]
    missing = [t for t in titles if squash(t) not in sample_text]
    assert not missing
    assert len(titles) > 60  # the sample really is a filled workshop


def test_outline_lists_sections_in_published_order_and_every_intercept(sample_pdf: bytes) -> None:
    entries = outline(sample_pdf)
    top = [title for level, title, _ in entries if level == 0]
    assert top == SECTIONS
    ws = sample()
    children = [title for level, title, _ in entries if level == 1]
    for intercept in ws.scheme.intercepts:
        assert f"Intercept {intercept.id}: {intercept.label}" in children
    assert ws.scheme.cross_label in children
    # Intercepts sit under "Resources and gaps", in map order.
    found = [t for t in children if t.startswith("Intercept ")]
    assert found == [f"Intercept {i.id}: {i.label}" for i in ws.scheme.intercepts]
    # Bookmarks point at pages in increasing order, as the sections appear.
    pages = [page for level, _, page in entries if level == 0]
    assert pages == sorted(pages)


def test_contents_page_numbers_match_where_sections_landed(sample_pdf: bytes) -> None:
    entries = outline(sample_pdf)
    contents_page = page_texts(sample_pdf)[1]
    assert "Contents" in contents_page
    for level, title, page in entries:
        if title in ("Cover", "Contents") or level > 0:
            continue
        # A contents line reads "<title> ... <page>": the printed number is the 1-based page.
        assert f"{title} {page + 1}" in contents_page, title


def test_draft_mark_on_every_page_and_absent_when_final(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    assert len(pages) >= 8
    assert all("DRAFT" in text for text in pages)
    final = page_texts(build_report_pdf(sample(), final=True, today=TODAY))
    assert len(final) == len(pages)
    assert not any("DRAFT" in text for text in final)
    assert "FINAL REPORT" in final[0]


def test_page_x_of_y_in_the_footer(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    total = len(pages)
    for n, text in enumerate(pages[1:], start=2):
        assert f"Page {n} of {total}" in text


def test_metadata_names_the_workshop(sample_pdf: bytes) -> None:
    ws = sample()
    meta = reader(sample_pdf).metadata
    assert meta.title == ws.info.title
    assert meta.author == ws.info.prepared_by
    assert "Sequential Intercept" in meta.subject and ws.info.jurisdiction in meta.subject


def test_fonts_are_embedded_truetype(sample_pdf: bytes) -> None:
    fonts = font_files(sample_pdf)
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert any("DejaVu" in name for name in fonts)


def test_map_is_on_landscape_pages(sample_pdf: bytes) -> None:
    entries = dict((title, page) for _, title, page in outline(sample_pdf))
    width, height = page_sizes(sample_pdf)[entries["2. The Sequential Intercept Map"]]
    assert width > height
    portrait = page_sizes(sample_pdf)[entries["1. Introduction and background"]]
    assert portrait[0] < portrait[1]


def test_votes_per_table_and_reasons_are_printed(sample_text: str) -> None:
    ws = sample()
    assert len(ws.voting.tables) >= 2
    for table in ws.voting.tables:
        assert squash(table.name) in sample_text
    assert "Votes for the leading candidates" in sample_text  # the bar chart's heading


def test_contacts_only_when_asked() -> None:
    ws = small_workshop()
    default = all_text(build_report_pdf(ws, today=TODAY))
    assert "Ada Judge" in default
    assert "ada@example.org" not in default and "555-0101" not in default
    asked = all_text(build_report_pdf(ws, include_contacts=True, today=TODAY))
    assert "ada@example.org" in asked and "555-0101" in asked


def test_cover_names_planning_team_and_facilitators() -> None:
    ws = small_workshop()
    ws.info.facilitators = ["Dee Outside"]
    first = page_texts(build_report_pdf(ws, today=TODAY))[0]
    assert "Planning team" in first and "Ada Judge" in first
    assert "Facilitators" in first and "Cy Facilitator" in first and "Dee Outside" in first
    assert "Ben Peer" not in first


def test_steps_print_in_dependency_order() -> None:
    text = all_text(build_report_pdf(small_workshop(), today=TODAY))
    assert text.index("Find the funding") < text.index("Book the academy")


def test_priorities_without_votes_leave_a_note_in_a_draft() -> None:
    ws = small_workshop()
    for cand in ws.voting.candidates:
        cand.votes = {}
    assert "No votes have been recorded yet" in all_text(build_report_pdf(ws, today=TODAY, final=False))
    ws.voting.candidates = []
    draft = build_report_pdf(ws, today=TODAY, final=False)
    assert "No candidate priorities have been listed yet" in all_text(draft)
    assert "4. Priorities for change" in [t for _, t, _ in outline(draft)]


def test_long_action_plan_splits_across_pages_with_its_header_repeated() -> None:
    ws = two_table_votes(small_workshop())
    steps = ws.action_plans[0].objectives[0].steps
    steps += [ActionStep(id=f"st-x{n}", text=f"Extra step number {n} " + "with words " * 12, who="Someone")
              for n in range(90)]
    pages = page_texts(build_report_pdf(ws, today=TODAY))
    plan_pages = [t for t in pages if "Extra step number" in t]
    assert len(plan_pages) >= 3
    assert all("Objective Action step Who When Status" in t for t in plan_pages)
    text = " ".join(pages)
    assert all(f"Extra step number {n} " in text for n in range(90))


def test_empty_workshop_still_builds() -> None:
    from intercept_mapper.model import new_workshop

    data = build_report_pdf(new_workshop("five-intercept"), today=TODAY)
    text = all_text(data)
    assert "No action plans have been written yet" in text
    assert "Intercept 1: Law Enforcement" in text and "Intercept 0" not in text


def test_cli_export_writes_the_pdf(tmp_path: Path) -> None:
    from intercept_mapper.cli import main
    from intercept_mapper.resources import SAMPLE_WORKSHOP

    out = tmp_path / "report.pdf"
    assert main(["export", str(SAMPLE_WORKSHOP), "--pdf", str(out), "--final"]) == 0
    pages = page_texts(out.read_bytes())
    assert pages and not any("DRAFT" in t for t in pages)


def test_pdf_and_svg_paths_never_load_qt(tmp_path: Path) -> None:
    import json
    import os
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    probe = (
        "import json, sys\n"
        "from intercept_mapper.export.report_pdf import build_report_pdf\n"
        "from intercept_mapper.export.map_svg import build_map_svg\n"
        "from intercept_mapper.model.simmap_file import load_workshop\n"
        "from intercept_mapper.resources import SAMPLE_WORKSHOP\n"
        "ws = load_workshop(SAMPLE_WORKSHOP)\n"
        "build_report_pdf(ws); build_report_pdf(ws, handout=True); build_map_svg(ws)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                            env=dict(os.environ, PYTHONPATH=str(repo)), timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_fonts_fall_back_to_vera_when_dejavu_is_missing(tmp_path: Path) -> None:
    import json
    import os
    import subprocess

    # A fresh interpreter: reportlab keeps the first font registered under a name for the process.
    repo = Path(__file__).resolve().parents[2]
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from intercept_mapper.export import pdf_fonts\n"
        "pdf_fonts.FONTS_DIR = Path(sys.argv[1])  # no DejaVu files there\n"
        "from intercept_mapper.export.report_pdf import build_report_pdf\n"
        "from tests.export.report_helpers import TODAY, font_files, small_workshop\n"
        "data = build_report_pdf(small_workshop(), today=TODAY)\n"
        "print(json.dumps([pdf_fonts.report_fonts().source, font_files(data)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True,
                            cwd=repo, env=dict(os.environ, PYTHONPATH=str(repo)), timeout=120)
    assert result.returncode == 0, result.stderr
    source, fonts = json.loads(result.stdout.strip().splitlines()[-1])
    assert source == "Vera"
    assert fonts and all(fonts.values()) and all("Vera" in name for name in fonts)


def test_data_summary_prints_under_its_own_heading_in_the_introduction() -> None:
    ws = small_workshop()
    ws.info.background = "The county asked for a map."
    ws.info.data_summary = "Bookings 2025: 4,812 & ED boarding > 30 h"
    data = build_report_pdf(ws, today=TODAY)
    pages = page_texts(data)
    starts = {title: page for _, title, page in outline(data)}
    first, last = starts["1. Introduction and background"], starts["2. The Sequential Intercept Map"]
    intro = " ".join(pages[first:last])
    assert "Data gathered before the workshop Bookings 2025: 4,812 & ED boarding > 30 h" in intro
    assert intro.index("The county asked for a map.") < intro.index("Data gathered before the workshop")
    ws.info.data_summary = "  "
    assert "Data gathered before the workshop" not in all_text(build_report_pdf(ws, today=TODAY))


def test_progress_rises_to_one_and_an_exception_from_it_stops_the_build() -> None:
    seen: list[float] = []
    build_report_pdf(sample(), today=TODAY, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 5

    class Stop(Exception):
        pass

    def stop_half_way(fraction: float) -> None:
        if fraction > 0.5:
            raise Stop

    with pytest.raises(Stop):
        build_report_pdf(sample(), today=TODAY, progress=stop_half_way)


def test_plan_rows_stay_whole_and_continuation_pages_say_what_they_continue() -> None:
    ws = small_workshop()
    steps = ws.action_plans[0].objectives[0].steps
    steps += [ActionStep(id=f"st-y{n}", text=f"Whole step {n} " + "with words " * (6 + n % 9) + "END",
                         who="Someone") for n in range(70)]
    pages = page_texts(build_report_pdf(ws, today=TODAY))
    plan_pages = [n for n, t in enumerate(pages) if "Whole step" in t]
    assert len(plan_pages) >= 2
    for n in range(70):  # each step's text, start to END, is on one page
        assert any(f"Whole step {n} " in t and squash(steps[n + 2].text) in t for t in pages), n
    for page in plan_pages[1:]:
        assert "Priority 1: CIT for all patrol (continued)" in pages[page]
    # No page carries a lone last row of the chart.
    last = pages[plan_pages[-1]]
    assert last.count("Whole step") >= 2


def test_a_long_findings_table_starts_under_its_intercept_heading() -> None:
    from tests.export.report_helpers import big_workshop

    pages = page_texts(build_report_pdf(big_workshop(600), today=TODAY))
    heading = next(n for n, t in enumerate(pages) if "Intercept 0: Community Services Decision points" in t)
    # Under the intercept's decision points (a page and more of them), not pushed to a fresh page.
    first = next(n for n, t in enumerate(pages) if n >= heading and "Resources (" in t)
    assert "Flows to: " in pages[first].split("Resources (")[0]
    assert "Resource 2 " in pages[first]
    assert "Intercept 0: Community Services: resources (continued)" in pages[first + 1]


def test_a_target_that_is_not_a_date_prints_as_written() -> None:
    ws = small_workshop()
    step = next(s for p in ws.action_plans for o in p.objectives for s in o.steps)
    step.when, step.when_text = None, "Q3 2027"
    assert "Q3 2027" in all_text(build_report_pdf(ws, today=TODAY))
