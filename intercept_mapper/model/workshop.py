"""The workshop document as data: what a ``.simmap`` file holds (pydantic, no behaviour beyond lookups).

Every item has a stable ``id``. References between items are by id and are checked by
``validation.py``; the live, observable wrapper that edits this data is ``document.Document``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

from .document_constants import (  # noqa: F401 - re-exported: the model's public names
    CROSS_INTERCEPT,
    DEFAULT_TABLE_ID,
    FORMAT_MARKER,
    SCHEMA_VERSION,
    STEP_STATUSES,
)
from .scheme_lookups import SchemeLookups

FindingKind = Literal["resource", "gap"]
StepStatus = Literal["not-started", "in-progress", "done", "blocked"]
ReportStatus = Literal["draft", "final"]

# Titles are short on the map but people paste paragraphs; the file never truncates text.
Text = Annotated[str, Field(default="")]


class _Model(BaseModel):
    # Unknown keys are refused: a typo in a hand-edited file should be reported, not silently dropped.
    model_config = ConfigDict(extra="forbid")


class Intercept(_Model):
    """One intercept column of the map; ``id`` is "0".."5", ``label`` is editable data."""

    id: str
    label: str


class InterceptScheme(_Model, SchemeLookups):
    """The intercepts of this workshop, left to right, plus the label of the cross-intercept band."""

    preset: str = "samhsa"
    intercepts: list[Intercept]
    cross_label: str = "Cross-intercept"


class WorkshopInfo(_Model):
    """Who, where and when: the cover and introduction of the report."""

    title: Text
    jurisdiction: Text
    # The workshop's days: one or several, not necessarily next to each other.
    dates: list[date] = Field(default_factory=list)
    # How many people came: its own number, because the named participant list is often shorter
    # (walk-ins, observers) and a report must not print one as the other. None: not recorded.
    attendance: NonNegativeInt | None = None
    facilitators: list[str] = Field(default_factory=list)
    prepared_by: Text
    sponsors: Text
    background: Text
    data_summary: Text  # data gathered before the workshop (bookings, crisis calls, waitlists)
    recommendations: Text
    further_resources: Text
    status: ReportStatus = "draft"
    # The date the report carries. None: the export prints "Exported on <day>" instead.
    report_date: date | None = None


class DecisionPoint(_Model):
    """A box on the map: a place in the local system where a decision about a person is made."""

    id: str
    intercept: str
    title: str
    description: Text
    organisation: Text
    x: float = 0.0
    y: float = 0.0
    # True once a facilitator has moved the box by hand: automatic layout then leaves it alone.
    pinned: bool = False


class Flow(_Model):
    """An arrow from one decision point to the next, with an optional yearly count of people."""

    id: str
    source: str
    target: str
    yearly_count: NonNegativeInt | None = None


class Finding(_Model):
    """A resource (what works) or a gap (what is missing), at an intercept or cross-intercept."""

    id: str
    kind: FindingKind
    intercept: str
    title: str
    description: Text
    organisation: Text
    point_id: str | None = None
    theme: Text


class Participant(_Model):
    """Someone at the table (the participants CSV, plus planning-team and facilitator flags)."""

    id: str
    name: str
    organisation: Text
    sector: Text
    role: Text
    # None: not asked or not said. Only a recorded yes counts as a lived-experience voice.
    lived_experience: bool | None = None
    table: Text
    email: Text
    phone: Text
    planning_team: bool = False
    facilitator: bool = False
    # A facilitator who is also a local leader (the county's own coordinator): counted for their sector.
    counts_for_sector: bool = False


class VotingTable(_Model):
    """A group that votes on its own (for example a system table and a community table)."""

    id: str
    name: str
    # How many people voted here, when the participant list does not name them all; None means
    # "count the participants seated at this table".
    voters: NonNegativeInt | None = None


class Candidate(_Model):
    """A candidate priority: usually one or more merged gaps, sometimes a free-standing item."""

    id: str
    title: str
    description: Text
    gap_ids: list[str] = Field(default_factory=list)
    # For a candidate that is not a gap: where it sits (intercept ids, "X" for cross-intercept).
    intercepts: list[str] = Field(default_factory=list)
    point_id: str | None = None
    excluded: bool = False
    votes: dict[str, NonNegativeInt] = Field(default_factory=dict)  # voting table id -> votes
    # A published order where votes were not counted (1 = first); decides only among uncounted
    # candidates, and the report says the order was given, not counted.
    rank: PositiveInt | None = None

    def total_votes(self) -> int:
        """Votes from every table added up."""
        return sum(self.votes.values())


class Ballot(_Model):
    """One voter's votes at one table: a named participant's (recorded by the facilitator), or an
    anonymous phone's from room voting, which keeps only an opaque key so that a resubmission replaces
    the earlier ballot (never a name, address or the device's own id)."""

    id: str
    participant_id: str | None = None
    device_key: Text  # room voting: opaque per voting session; empty for a participant's ballot
    table_id: str
    votes: dict[str, NonNegativeInt] = Field(default_factory=dict)  # candidate id -> votes




def _default_tables() -> list[VotingTable]:
    return [VotingTable(id=DEFAULT_TABLE_ID, name="All participants")]


class Voting(_Model):
    """Priority setting: the voting tables, the candidates and their tallies."""

    tables: list[VotingTable] = Field(default_factory=_default_tables)
    # The dots each participant had. None: not recorded, so nothing checks or prints a budget.
    votes_per_participant: NonNegativeInt | None = None
    top_n: NonNegativeInt = 5
    candidates: list[Candidate] = Field(default_factory=list)
    ballots: list[Ballot] = Field(default_factory=list)


class Suggestion(_Model):
    """A resource or gap a participant sent from their phone: it waits in the facilitator's inbox and
    reaches the map only when the facilitator accepts it."""

    id: str
    kind: FindingKind
    intercept: str  # an intercept id, or "X" for cross-intercept
    text: str


class ActionStep(_Model):
    """One concrete step of an objective: what, who, when, and how far it has got."""

    id: str
    text: str
    who: Text
    who_participant_id: str | None = None
    when: date | None = None
    # A target that is not a date ("Q3 2026", "Ongoing", "by the next meeting"), kept as typed; used
    # when ``when`` is None. Only a dated step can be overdue.
    when_text: Text
    status: StepStatus = "not-started"
    notes: Text
    depends_on: list[str] = Field(default_factory=list)  # ids of steps in the same plan
    # Suggested by the program (plan drafting) and not yet edited by a person: reports mark it as a draft.
    drafted: bool = False


class Objective(_Model):
    """An objective of an action plan, with its steps in order."""

    id: str
    text: str
    steps: list[ActionStep] = Field(default_factory=list)
    drafted: bool = False  # suggested by the program and not yet edited by a person


class ActionPlan(_Model):
    """The action-planning chart for one priority."""

    id: str
    candidate_id: str | None = None
    title: str
    objectives: list[Objective] = Field(default_factory=list)


class Workshop(_Model):
    """Everything a ``.simmap`` file holds, in the order it is written."""

    format: Literal["intercept-mapper"] = FORMAT_MARKER
    schema_version: int = SCHEMA_VERSION
    info: WorkshopInfo = Field(default_factory=WorkshopInfo)
    scheme: InterceptScheme
    points: list[DecisionPoint] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    voting: Voting = Field(default_factory=Voting)
    action_plans: list[ActionPlan] = Field(default_factory=list)
    inbox: list[Suggestion] = Field(default_factory=list)  # suggestions from the room, not yet accepted

    # --- lookups (linear; the live Document keeps indexes for the hot paths) ---
    def point(self, point_id: str) -> DecisionPoint | None:
        """The decision point with this id, or None."""
        return next((p for p in self.points if p.id == point_id), None)

    def finding(self, finding_id: str) -> Finding | None:
        """The resource or gap with this id, or None."""
        return next((f for f in self.findings if f.id == finding_id), None)

    def gaps(self) -> list[Finding]:
        """All gaps in document order."""
        return [f for f in self.findings if f.kind == "gap"]

    def resources(self) -> list[Finding]:
        """All resources in document order."""
        return [f for f in self.findings if f.kind == "resource"]
