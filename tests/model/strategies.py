"""Hypothesis strategies that build valid workshops, including the hostile text real workshops produce.

Every workshop drawn here passes ``validate_workshop``: references resolve, ids are unique, points sit
in real intercepts, step dependencies form no circle. Other test modules may import ``workshops``,
``hostile_text`` and ``titles``.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from intercept_mapper.model.intercept_presets import PRESETS, scheme_from_preset
from intercept_mapper.model.limits import MAX_SHORT_TEXT
from intercept_mapper.model.workshop import (
    CROSS_INTERCEPT,
    STEP_STATUSES,
    ActionPlan,
    ActionStep,
    Ballot,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    Objective,
    Participant,
    Voting,
    VotingTable,
    Workshop,
    WorkshopInfo,
)

# Text that has broken other tools: markup, quotes, emoji, right-to-left and CJK script, control
# characters, tabs and newlines, a CSV-injection look-alike, and a title as long as a title may be.
HOSTILE = [
    "Crisis & Stabilisation <Unit>",
    "\"quoted\" and 'single' and `back`",
    "</para><b>bold?</b> &amp; &lt;",
    "988 \U0001f4de crisis line \U0001f469\u200d\u2695\ufe0f",
    "\u0645\u0631\u0643\u0632 \u0627\u0644\u0623\u0632\u0645\u0627\u062a",  # Arabic
    "\u5371\u673a\u5e72\u9884\u4e2d\u5fc3",  # Chinese
    "tab\there\nnew line\r\nwindows line",
    "=SUM(A1:A2)",
    "\u202eRTL override\u202c and \u200b zero width",
    "back\\slash and / slash",
    "x" * MAX_SHORT_TEXT,
    "",
    " leading and trailing spaces ",
]

# Any character a file may hold: no lone surrogates, no non-characters (category Cn, with unassigned).
_chars = st.characters(exclude_categories=("Cs", "Cn"))
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(_chars, max_size=30))
# Titles are never empty in practice, but the model allows it; keep them mostly non-empty.
titles = st.one_of(st.sampled_from([h for h in HOSTILE if h]), st.text(_chars, min_size=1, max_size=30))
_coords = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
_counts = st.integers(min_value=0, max_value=10**9)


@st.composite
def workshops(draw: st.DrawFn, max_items: int = 6) -> Workshop:
    """A valid workshop with up to ``max_items`` items in each list, every field exercised sometimes."""
    scheme = scheme_from_preset(draw(st.sampled_from(sorted(PRESETS))))
    if draw(st.booleans()):
        for intercept in scheme.intercepts:
            intercept.label = draw(titles)
        scheme.cross_label = draw(titles)
    intercept_ids = scheme.ids()
    anywhere = [*intercept_ids, CROSS_INTERCEPT]
    size = st.integers(min_value=0, max_value=max_items)

    info = WorkshopInfo(
        title=draw(hostile_text), jurisdiction=draw(hostile_text),
        dates=draw(st.lists(_dates, max_size=3)), facilitators=draw(st.lists(hostile_text, max_size=3)),
        prepared_by=draw(hostile_text), sponsors=draw(hostile_text), background=draw(hostile_text),
        recommendations=draw(hostile_text), further_resources=draw(hostile_text),
        status=draw(st.sampled_from(["draft", "final"])),
    )
    points = [
        DecisionPoint(id=f"pt-{n}", intercept=draw(st.sampled_from(intercept_ids)), title=draw(titles),
                      description=draw(hostile_text), organisation=draw(hostile_text),
                      x=draw(_coords), y=draw(_coords), pinned=draw(st.booleans()))
        for n in range(draw(size))
    ]
    point_ids = [p.id for p in points]
    maybe_point = maybe(point_ids)
    flows = []
    if len(point_ids) > 1:
        for n in range(draw(size)):
            # A flow joins two different points: the target is drawn from the others.
            source = draw(st.sampled_from(point_ids))
            flows.append(Flow(id=f"fl-{n}", source=source,
                              target=draw(st.sampled_from([p for p in point_ids if p != source])),
                              yearly_count=draw(st.one_of(st.none(), _counts))))
    findings = [
        Finding(id=f"fd-{n}", kind=draw(st.sampled_from(["resource", "gap"])),
                intercept=draw(st.sampled_from(anywhere)), title=draw(titles), description=draw(hostile_text),
                organisation=draw(hostile_text), point_id=draw(maybe_point), theme=draw(hostile_text))
        for n in range(draw(size))
    ]
    participants = [
        Participant(id=f"pp-{n}", name=draw(titles), organisation=draw(hostile_text),
                    sector=draw(hostile_text), role=draw(hostile_text), lived_experience=draw(st.booleans()),
                    table=draw(hostile_text), email=draw(hostile_text), phone=draw(hostile_text),
                    planning_team=draw(st.booleans()), facilitator=draw(st.booleans()))
        for n in range(draw(size))
    ]
    tables = [VotingTable(id=f"tb-{n}", name=draw(titles))
              for n in range(draw(st.integers(min_value=0, max_value=3)))]
    table_ids = [t.id for t in tables]
    gap_ids = [f.id for f in findings if f.kind == "gap"]
    candidates = []
    for n in range(draw(size)):
        candidates.append(Candidate(
            id=f"cd-{n}", title=draw(titles), description=draw(hostile_text),
            gap_ids=draw(_some_of(gap_ids, max_size=3)),
            intercepts=draw(st.lists(st.sampled_from(anywhere), unique=True, max_size=2)),
            point_id=draw(maybe_point), excluded=draw(st.booleans()),
            votes=draw(st.dictionaries(st.sampled_from(table_ids), _counts, max_size=3)) if table_ids else {},
        ))
    candidate_ids = [c.id for c in candidates]
    ballots = []
    if participants and tables:
        for n in range(draw(size)):
            votes = (draw(st.dictionaries(st.sampled_from(candidate_ids), st.integers(0, 10), max_size=3))
                     if candidate_ids else {})
            who = draw(st.sampled_from([p.id for p in participants]))
            ballots.append(Ballot(id=f"bl-{n}", participant_id=who,
                                  table_id=draw(st.sampled_from(table_ids)), votes=votes))
    voting = Voting(tables=tables, votes_per_participant=draw(st.integers(0, 20)),
                    top_n=draw(st.integers(0, 20)), candidates=candidates, ballots=ballots)
    plans = [draw(_plans(n, candidate_ids, [p.id for p in participants]))
             for n in range(draw(st.integers(min_value=0, max_value=3)))]
    return Workshop(info=info, scheme=scheme, points=points, flows=flows, findings=findings,
                    participants=participants, voting=voting, action_plans=plans)


def maybe(ids: list[str]) -> st.SearchStrategy[str | None]:
    """None or one of ``ids``."""
    return st.one_of(st.none(), st.sampled_from(ids)) if ids else st.none()


def _some_of(ids: list[str], max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(ids), unique=True, max_size=max_size) if ids else st.just([])


@st.composite
def _plans(draw: st.DrawFn, n: int, candidate_ids: list[str], participant_ids: list[str]) -> ActionPlan:
    objectives = []
    earlier: list[str] = []  # a step depends only on steps drawn before it, so there is no circle
    for m in range(draw(st.integers(min_value=0, max_value=3))):
        steps = []
        for k in range(draw(st.integers(min_value=0, max_value=3))):
            step_id = f"st-{n}-{m}-{k}"
            steps.append(ActionStep(
                id=step_id, text=draw(titles), who=draw(hostile_text),
                who_participant_id=draw(maybe(participant_ids)), when=draw(st.one_of(st.none(), _dates)),
                status=draw(st.sampled_from(STEP_STATUSES)), notes=draw(hostile_text),
                depends_on=draw(_some_of(earlier, max_size=2)),
            ))
            earlier.append(step_id)
        objectives.append(Objective(id=f"ob-{n}-{m}", text=draw(titles), steps=steps))
    return ActionPlan(id=f"ap-{n}", candidate_id=draw(maybe(candidate_ids)), title=draw(titles),
                      objectives=objectives)
