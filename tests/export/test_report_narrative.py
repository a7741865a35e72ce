"""The report's map narrative: each intercept's decision points in flow order with their organisation,
description and flows (counts, other intercepts, back-flows), branches indented, text escaped."""

from __future__ import annotations

import pytest

from intercept_mapper.export.report_narrative import narrative_flowables, point_markup
from intercept_mapper.export.report_pdf import build_report_pdf
from intercept_mapper.model import DecisionPoint, Flow, Workshop, new_workshop
from intercept_mapper.model.map_narrative import map_narrative
from tests.export.report_helpers import TODAY, fragments, page_texts, sample


def findings_text(data: bytes) -> str:
    """The text of section 3 (resources and gaps by intercept), whitespace collapsed."""
    text = " ".join(page_texts(data))
    start = text.index("For each intercept: its decision points")
    return text[start:text.index("4. Priorities for change", start)]


@pytest.fixture(scope="module")
def sample_section() -> str:
    return findings_text(build_report_pdf(sample(), today=TODAY))


def branching() -> Workshop:
    """Intercept 1: A -> B, A -> C, B -> D (with counts), D -> E in intercept 3, E back to A."""
    ws = new_workshop("samhsa", "Branching County")
    ws.points = [DecisionPoint(id=i, intercept=lane, title=t, y=y, organisation=org, description=desc)
                 for i, lane, t, y, org, desc in [
                     ("a", "1", "Dispatch", 0, "County 911", "All calls"),
                     ("b", "1", "Co-responder", 100, "Police", ""),
                     ("c", "1", "Patrol", 200, "", "Night shift"),
                     ("d", "1", "Drop-off centre", 300, "Health Co", ""),
                     ("e", "3", "Jail", 0, "", "")]]
    ws.flows = [Flow(id="f1", source="a", target="b", yearly_count=1250),
                Flow(id="f2", source="a", target="c", yearly_count=40),
                Flow(id="f3", source="b", target="d"),
                Flow(id="f4", source="d", target="e", yearly_count=12),
                Flow(id="f5", source="e", target="a")]
    return ws


def test_sample_reads_in_flow_order_with_organisation_description_and_flows(sample_section: str) -> None:
    assert ("Intercept 2: Initial Detention / Initial Court Hearings Decision points (3), in the order "
            "people flow through them Arrest From: Co-responder team (intercept 1); Patrol officers "
            "(intercept 1) Flows to: Booking and screening Booking and screening · Riverbend County Jail "
            "Jail intake with medical screen Flows to: First appearance First appearance · Riverbend "
            "District Court Magistrate hearing within 48 hours Flows to: County jail (intercept 3); "
            "Dispositional court (intercept 3); Mental health court (intercept 3)") in sample_section
    assert "Probation · Riverbend Adult Probation From: Dispositional court (intercept 3); Jail reentry " \
           "planning (intercept 4) Flows to: Violation hearing Violation hearing" in sample_section
    # The chain in list order is gone, and the tables still follow.
    assert "Decision points:" not in sample_section and " → " not in sample_section
    assert "Crisis line / 988 · Riverbend Behavioral Health Regional call centre" in sample_section
    assert sample_section.index("Flows to: Emergency department") < sample_section.index("+ Resources (2)")


def test_branches_are_indented_and_counts_and_back_flows_printed() -> None:
    data = build_report_pdf(branching(), today=TODAY)
    text = findings_text(data)
    a, b, d, c = (text.index(t) for t in ("Dispatch · County 911", "Co-responder · Police",
                                           "Drop-off centre · Health Co", "↳ Patrol · branch from Dispatch"))
    assert a < b < d < c
    assert "Flows to: Co-responder (1,250 a year); Patrol (40 a year)" in text
    assert "From: Jail (back from intercept 3)" in text
    assert "Flows to: Jail (intercept 3, 12 a year)" in text
    assert "Flows to: Dispatch (back to intercept 1)" in text
    page = next(n for n, t in enumerate(page_texts(data)) if "Decision points (4)" in t)
    lefts: dict[str, float] = {}
    for n, run, x, _, _, _ in fragments(data):
        if n == page and run.strip().split()[0] in ("Dispatch", "Co-responder", "↳"):
            lefts.setdefault(run.strip().split()[0], x)
    assert lefts["↳"] > lefts["Dispatch"] and lefts["Co-responder"] == pytest.approx(lefts["Dispatch"])


def test_one_paragraph_per_point_and_none_for_an_empty_intercept() -> None:
    narratives = {n.intercept_id: n for n in map_narrative(branching())}
    assert len(narrative_flowables(narratives["1"])) == 1 + 4  # the label, then a paragraph per point
    assert narrative_flowables(narratives["2"]) == []


def test_user_text_is_escaped() -> None:
    ws = branching()
    ws.points[0].title = "<b>Dispatch</b> & <font size=40>"
    ws.points[0].organisation = "A&B <i>"
    ws.points[1].title = "Co-responder\nteam"
    markup = point_markup(map_narrative(ws)[1].entries[0], {})
    assert "&lt;b&gt;Dispatch&lt;/b&gt; &amp; &lt;font size=40&gt;" in markup
    assert "A&amp;B &lt;i&gt;" in markup
    text = findings_text(build_report_pdf(ws, today=TODAY))
    assert "<b>Dispatch</b> & <font size=40> · A&B <i> All calls" in text
    assert "Flows to: Co-responder team (1,250 a year)" in text


def test_points_no_flow_reaches_are_marked() -> None:
    ws = branching()
    ws.points.append(DecisionPoint(id="z", intercept="1", title="Loop one", y=50))
    ws.points.append(DecisionPoint(id="y", intercept="1", title="Loop two", y=60))
    ws.flows += [Flow(id="g1", source="z", target="y"), Flow(id="g2", source="y", target="z")]
    text = findings_text(build_report_pdf(ws, today=TODAY))
    assert text.index("↳ Patrol") < text.index("Loop one No flow leads here from this intercept's entries. "
                                               "Flows to: Loop two Loop two Flows to: Loop one (loops back)")
