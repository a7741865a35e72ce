"""Workshops and PDF readers shared by the export tests (built from the model classes directly)."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf

from intercept_mapper.model import (
    ActionPlan,
    ActionStep,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Objective,
    Participant,
    VotingTable,
    Workshop,
    new_workshop,
)
from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLE_WORKSHOP

TODAY = date(2026, 6, 1)


def sample() -> Workshop:
    """The bundled Riverbend sample (two tables, votes, participants, action plans)."""
    return load_workshop(SAMPLE_WORKSHOP)


def reader(data: bytes) -> pypdf.PdfReader:
    """A pypdf reader over PDF bytes."""
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """The extracted text of every page, whitespace collapsed to single spaces."""
    return [" ".join(p.extract_text().split()) for p in reader(data).pages]


def all_text(data: bytes) -> str:
    """The whole document's text, whitespace collapsed."""
    return " ".join(page_texts(data))


def squash(text: str) -> str:
    """Text with whitespace collapsed, to compare with extracted text."""
    return " ".join(text.split())


def fragments(data: bytes) -> list[tuple[int, str, float, float, float, float]]:
    """Every text run drawn: (page index, text, x, y, font size, page width), in drawing order."""
    out: list[tuple[int, str, float, float, float, float]] = []
    for n, page in enumerate(reader(data).pages):
        width = float(page.mediabox.width)

        def visit(text: str, cm: list, tm: list, font: object, size: float, n: int = n,
                  width: float = width) -> None:
            if text.strip():
                x = tm[4] * cm[0] + cm[4]
                y = tm[5] * cm[3] + cm[5]
                out.append((n, text, x, y, size * abs(cm[0]) * (abs(tm[0]) or 1), width))

        page.extract_text(visitor_text=visit)
    return out


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """The PDF outline as (level, title, 0-based page index), in order."""
    r = reader(data)
    out: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, r.get_destination_page_number(item)))

    walk(r.outline, 0)
    return out


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader(data).pages]


def font_files(data: bytes) -> dict[str, bool]:
    """Every font used on any page (by BaseFont) and whether it carries an embedded /FontFile2."""
    fonts: dict[str, bool] = {}
    for page in reader(data).pages:
        _collect_fonts(page.get("/Resources"), fonts, set())
    return fonts


def _collect_fonts(resources: object, fonts: dict[str, bool], seen: set[int]) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    if id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        name = str(font.get("/BaseFont"))
        embedded = False
        for desc in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
            fd = desc.get("/FontDescriptor")
            if fd is not None and "/FontFile2" in fd.get_object():
                embedded = True
        fonts[name] = fonts.get(name, False) or embedded
    for xobj in (resources.get("/XObject") or {}).values():
        _collect_fonts(xobj.get_object().get("/Resources"), fonts, seen)


def small_workshop() -> Workshop:
    """Three intercepts' worth of points, resources, gaps, one table of votes and one plan."""
    ws = new_workshop("samhsa", "Small County mapping", "Small County")
    ws.info.prepared_by = "Test facilitation team"
    ws.info.dates = [date(2026, 3, 1)]
    a = DecisionPoint(id="pt-a", intercept="0", title="Crisis line", organisation="Crisis Co")
    b = DecisionPoint(id="pt-b", intercept="1", title="Patrol", organisation="Police")
    c = DecisionPoint(id="pt-c", intercept="3", title="County jail")
    ws.points = [a, b, c]
    ws.flows = [Flow(id="fl-1", source="pt-a", target="pt-b", yearly_count=1200),
                Flow(id="fl-2", source="pt-b", target="pt-c")]
    ws.findings = [
        Finding(id="fd-1", kind="resource", intercept="0", title="Warm line", point_id="pt-a",
                organisation="Peer Network", description="Open evenings"),
        Finding(id="fd-2", kind="gap", intercept="1", title="No CIT training", point_id="pt-b"),
        Finding(id="fd-3", kind="gap", intercept="X", title="No shared data"),
        Finding(id="fd-4", kind="resource", intercept="4", title="Reentry navigator"),
    ]
    ws.participants = [
        Participant(id="pp-1", name="Ada Judge", organisation="District Court", sector="courts",
                    email="ada@example.org", phone="555-0101", planning_team=True),
        Participant(id="pp-2", name="Ben Peer", organisation="Peer Network", sector="peer-lived-experience",
                    lived_experience=True, email="ben@example.org", phone="555-0102"),
        Participant(id="pp-3", name="Cy Facilitator", facilitator=True),
    ]
    ws.voting.candidates = [
        Candidate(id="cd-1", title="Train every patrol officer in CIT", gap_ids=["fd-2"],
                  votes={"tb-all": 7}),
        Candidate(id="cd-2", title="Share data across agencies", gap_ids=["fd-3"], votes={"tb-all": 4}),
    ]
    ws.action_plans = [ActionPlan(id="ap-1", candidate_id="cd-1", title="CIT for all patrol", objectives=[
        Objective(id="ob-1", text="Schedule the training", steps=[
            ActionStep(id="st-2", text="Book the academy", who="Lt. Lee", when=date(2026, 5, 1),
                       depends_on=["st-1"]),
            ActionStep(id="st-1", text="Find the funding", who="Ada Judge", status="done"),
        ]),
    ])]
    return ws


def two_table_votes(ws: Workshop) -> Workshop:
    """Split the votes of ``ws`` between a system and a community table."""
    ws.voting.tables = [VotingTable(id="tb-sys", name="System table"),
                        VotingTable(id="tb-com", name="Community table")]
    for n, cand in enumerate(ws.voting.candidates):
        cand.votes = {"tb-sys": 3 + n, "tb-com": 2}
    return ws


def normalise_pdf_name(name: str) -> str:
    """A font's BaseFont without the six-letter subset tag (``ABCDEF+Name``)."""
    return re.sub(r"^/?[A-Z]{6}\+", "", name.lstrip("/"))


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """The PDF's fonts by name (subset tag taken off) and whether each is embedded."""
    return {normalise_pdf_name(name): embedded for name, embedded in font_files(data).items()}


def big_workshop(items: int, lanes_preset: str = "samhsa") -> Workshop:
    """A synthetic map of about ``items`` points, resources and gaps (one point per five items).

    Candidates are as an imported worksheet makes them: one per gap (votes for the first 30).
    """
    ws = new_workshop(lanes_preset, f"Big County ({items} items)", "Big County")
    ids = ws.scheme.ids()
    n_points = max(1, items // 5)
    for n in range(n_points):
        ws.points.append(DecisionPoint(id=f"pt-{n}", intercept=ids[n * len(ids) // n_points],
                                       title=f"Point {n}", organisation=f"Agency {n % 17}"))
    # Flows like a real map's: short runs down each lane, and across to the next lane in parallel.
    per_lane = max(1, n_points // len(ids))
    for n in range(n_points):
        if n % 3 and n % per_lane:
            ws.flows.append(Flow(id=f"fl-d{n}", source=f"pt-{n - 1}", target=f"pt-{n}"))
        if n + per_lane < n_points:
            ws.flows.append(Flow(id=f"fl-a{n}", source=f"pt-{n}", target=f"pt-{n + per_lane}"))
    for n in range(items - n_points):
        point = ws.points[n % n_points]
        loose = n % 11 == 0
        ws.findings.append(Finding(
            id=f"fd-{n}", kind="gap" if n % 2 else "resource",
            intercept="X" if n % 23 == 0 else point.intercept,
            point_id=None if loose or n % 23 == 0 else point.id,
            title=f"{'Gap' if n % 2 else 'Resource'} {n}", organisation=f"Org {n % 31}",
            description=f"Description of item {n}, long enough to wrap in its column of the table.",
        ))
    # Shaped like an imported worksheet: one candidate per gap, with the gap's title; the room's votes
    # went to 30 of them.
    gaps = [f for f in ws.findings if f.kind == "gap"]
    for n, gap in enumerate(gaps):
        ws.voting.candidates.append(Candidate(id=f"cd-{n}", title=gap.title, gap_ids=[gap.id],
                                              votes={"tb-all": 30 - n} if n < 30 else {}))
    for p in range(min(5, len(ws.voting.candidates))):
        ws.action_plans.append(ActionPlan(
            id=f"ap-{p}", candidate_id=f"cd-{p}", title=f"Plan {p}", objectives=[
            Objective(id=f"ob-{p}-{o}", text=f"Objective {p}.{o}", steps=[
                ActionStep(id=f"st-{p}-{o}-{s}", text=f"Step {p}.{o}.{s}", who="Someone")
                for s in range(4)]) for o in range(2)]))
    for n in range(max(3, items // 100)):
        ws.participants.append(Participant(id=f"pp-{n}", name=f"Person {n}", sector="courts"))
    return ws
