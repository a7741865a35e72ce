"""Build the bundled sample workshop from the Riverbend CSVs beside it (package data, so installed
copies carry the sample and what it is built from): intercept_mapper/resources/samples/riverbend.simmap.

    .venv/bin/python tools/build_sample.py [--output PATH]

The result is what a county would hold after a two-day workshop and a few committee meetings: the
imported map (positions from the automatic layout), participants with planning-team and facilitator
flags, votes from a system table and a community table, and action plans for the five top priorities.
Ids come from a seeded generator, so running this twice gives the same bytes. Commit the output.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from intercept_mapper.model import ids  # noqa: E402
from intercept_mapper.model.candidate_edits import budget_warnings  # noqa: E402
from intercept_mapper.model.participants_csv import read_participants  # noqa: E402
from intercept_mapper.model.simmap_file import save_workshop  # noqa: E402
from intercept_mapper.model.validation import validate_workshop  # noqa: E402
from intercept_mapper.model.worksheet_csv import read_worksheet  # noqa: E402
from intercept_mapper.model.workshop import (  # noqa: E402
    ActionPlan,
    ActionStep,
    Objective,
    Participant,
    VotingTable,
    Workshop,
    WorkshopInfo,
)
from intercept_mapper.resources import SAMPLE_PARTICIPANTS, SAMPLE_WORKSHEET, SAMPLE_WORKSHOP  # noqa: E402

WORKSHEET = SAMPLE_WORKSHEET
PARTICIPANTS = SAMPLE_PARTICIPANTS
OUTPUT = SAMPLE_WORKSHOP
SEED = 20260312

MEETINGS = [date(2026, 3, 12), date(2026, 4, 2)]  # mapping and priorities; action planning
FACILITATORS = [
    ("Morgan Ellis", "Senior facilitator"),
    ("Denise Park", "Co-facilitator"),
]
FACILITATOR_ORG = "State Center of Excellence for Behavioral Health and Justice"
PLANNING_TEAM = {"Dana Whitfield", "Priya Raman", "Ruth Anders", "Jamal Greene", "Alice Moreau"}

BACKGROUND = """\
Riverbend County (population about 180,000) has one city, Riverbend, and a large rural area served by \
the Sheriff's Office. In 2025 the Criminal Justice Coordinating Council heard that about one in three \
people booked into the county jail had a mental illness, a substance use disorder or both, and that \
many of the same people were booked again within a year.

The Council asked the State Center of Excellence for Behavioral Health and Justice to facilitate a \
Sequential Intercept Mapping workshop. A planning team chaired by Judge Dana Whitfield met four times \
beforehand to invite participants and to gather data: jail bookings and length of stay, crisis-line \
and mobile crisis calls by hour, emergency department boarding times, and the mental health court \
waitlist.

Forty-five people took part over the two days, with two facilitators: law enforcement and 911, the \
court, the public defender, the jail, probation, crisis services, housing, faith communities, family \
advocates, and people with lived experience of mental illness, addiction and incarceration. The \
appendix names the planning team and the participants who agreed to be listed. The first day \
(12 March 2026) mapped the local system and set priorities; a second session three weeks later \
(2 April 2026) wrote the action plans.

To make sure that people with lived experience were heard on their own terms, participants sat at a \
system table (25 people) and a community table (20 people), voted separately, and reported their \
votes to each other before the priorities were agreed. Each participant had three votes to place, \
several on one gap if they wished."""

DATA_SUMMARY = """\
Jail bookings, 2025: 4,812 bookings of 3,105 people; 31% screened positive for a serious mental \
illness on the Brief Jail Mental Health Screen, and people who screened positive stayed 19 days on \
average against 9 for everyone else.

Crisis line and mobile crisis, 2025: 6,940 calls; 38% came between 8 p.m. and 8 a.m. or at weekends, \
when the mobile crisis team is off duty.

Emergency department: people waiting for a psychiatric bed boarded for 31 hours on average; 14 waited \
more than four days.

Mental health court: 25 slots, 41 people on the waitlist in February 2026."""

RECOMMENDATIONS = """\
Keep the Criminal Justice Coordinating Council as the home of this work, with a standing agenda item \
for the action plans and a named lead for each priority.

Give people with lived experience paid, voting seats on every workgroup formed from these plans, not \
a single seat on the Council.

Treat data sharing as the foundation of the other priorities: agree a memorandum of understanding \
and a small set of shared measures first, and report them to the Council every quarter.

Extend crisis services before building new court capacity: nights-and-weekends mobile crisis and a \
crisis stabilisation unit keep people out of the jail and the emergency department in the first place.

Plan every release from jail as a hand-off: medication, a prescription and a person who meets them at \
the door.

Revisit this map in twelve months and update it with the Council, so that it stays a living document."""

FURTHER_RESOURCES = """\
SAMHSA GAINS Center: Sequential Intercept Model resources and the Mapping workshop materials.
Policy Research Associates: The Sequential Intercept Model: Advancing Community-Based Solutions.
988 Suicide & Crisis Lifeline: guidance on 911 and 988 coordination.
SAMHSA: National Guidelines for Behavioral Health Crisis Care, Best Practice Toolkit.
SAMHSA: Guidelines for Successful Transition of People with Mental or Substance Use Disorders from \
Jail and Prison.
Council of State Governments Justice Center: Stepping Up Initiative and its data resources.
National Alliance on Mental Illness (NAMI): family and peer programs.
Corporation for Supportive Housing: Frequent Users Systems Engagement (FUSE) model."""

# Community-table share of each gap's votes (the rest is the system table's). The community table
# weighed housing, release from jail and nights-and-weekends crisis care; the system table weighed
# data, pretrial and court capacity.
COMMUNITY_VOTES = {
    "Lack of supportive housing": 9,
    "Mobile crisis not available nights and weekends": 6,
    "No shared data across agencies": 3,
    "Released at night with no medication": 7,
    "No crisis stabilisation unit": 4,
    "No MOUD induction in jail": 5,
    "No transfer protocol from 911 to 988": 2,
    "No warm hand-off to community providers": 6,
    "No pretrial services agency": 2,
    "Mental health court waitlist": 3,
    "Co-responder covers only the city": 2,
    "Screening results not shared with defense": 1,
    "Sheriff deputies not CIT trained": 1,
    "Technical violations for missed appointments": 3,
    "People with lived experience not on planning bodies": 4,
}

# The theme tag of each gap, so that cross-community summaries have something to group.
GAP_THEMES = {
    "Mobile crisis not available nights and weekends": "crisis-services",
    "No crisis stabilisation unit": "crisis-services",
    "No transfer protocol from 911 to 988": "crisis-services",
    "Sheriff deputies not CIT trained": "training",
    "Co-responder covers only the city": "crisis-services",
    "Screening results not shared with defense": "data-sharing",
    "No pretrial services agency": "pretrial",
    "Mental health court waitlist": "treatment-capacity",
    "No MOUD induction in jail": "treatment-capacity",
    "Released at night with no medication": "reentry",
    "No warm hand-off to community providers": "reentry",
    "Technical violations for missed appointments": "community-supervision",
    "No shared data across agencies": "data-sharing",
    "Lack of supportive housing": "housing",
    "People with lived experience not on planning bodies": "lived-experience",
}

# Three votes each, and more people voted at each table than the appendix names (see BACKGROUND).
VOTES_PER_PARTICIPANT = 3
SYSTEM_VOTERS = 25
COMMUNITY_VOTERS = 20

# One step: (text, who: a participant's name or an agency, when, status, notes, index of a step of
# the same plan it depends on, counting across objectives, or None).
Step = tuple[str, str, date, str, str, int | None]
PLANS: dict[str, tuple[str, list[tuple[str, list[Step]]]]] = {
    "Lack of supportive housing": ("Supportive housing for people leaving jail or on probation", [
        ("Set aside supportive housing units for people leaving jail or on probation", [
            ("List current supportive housing units, waitlists and eligibility rules and share the "
             "list with the Council", "Kevin Tran", date(2026, 5, 15), "done", "", None),
            ("Draft a memorandum of understanding between the Housing Authority, Adult Probation and "
             "Riverbend Behavioral Health for a justice-involved priority pool", "Kevin Tran",
             date(2026, 7, 31), "in-progress", "Second draft with the county attorney.", 0),
            ("Ask the County Board for ten housing vouchers tied to the priority pool",
             "Riverbend County Board of Commissioners", date(2026, 9, 30), "not-started", "", 1),
        ]),
        ("Give people with lived experience a say in housing decisions", [
            ("Add two paid seats for people with lived experience of homelessness and incarceration "
             "to the housing committee", "Jamal Greene", date(2026, 6, 30), "in-progress", "", None),
            ("Cross-train probation officers and housing navigators on Housing First and tenant "
             "rights", "Ruth Anders", date(2026, 8, 20), "not-started", "", None),
        ]),
    ]),
    "Mobile crisis not available nights and weekends": ("Mobile crisis around the clock", [
        ("Mobile crisis coverage 24 hours a day, 7 days a week by July 2027", [
            ("Count twelve months of crisis-line calls by hour and day to size night and weekend "
             "staffing", "Priya Raman", date(2026, 5, 1), "done", "Nights and weekends are 41% of calls.",
             None),
            ("Apply for the state mobile crisis expansion grant and set up Medicaid billing for mobile "
             "crisis", "Priya Raman", date(2026, 6, 15), "in-progress", "", 0),
            ("Recruit and train night and weekend peer responders with the Riverbend Peer Network",
             "Jamal Greene", date(2026, 10, 1), "not-started", "", None),
        ]),
        ("Until then, let 911 reach a crisis clinician at night", [
            ("Write a protocol for dispatchers to reach the on-call crisis clinician by phone after "
             "8 pm and at weekends", "Tom Okafor", date(2026, 5, 29), "done", "", None),
        ]),
    ]),
    "No shared data across agencies": ("Share data across agencies", [
        ("Agree what can be shared, with whom and how", [
            ("Convene a data-sharing workgroup (jail, courts, behavioral health, public defender, "
             "probation) that meets monthly", "Dana Whitfield", date(2026, 4, 30), "done", "", None),
            ("Draft an information-sharing MOU and a consent form that meet HIPAA and 42 CFR Part 2",
             "Elena Vasquez", date(2026, 7, 15), "in-progress", "", 0),
            ("Match jail bookings against the behavioral health client list each week, reporting "
             "counts only", "Sam Harlow", date(2026, 10, 15), "blocked",
             "Waiting for the county attorney's review of the MOU.", 1),
        ]),
        ("Report shared outcomes to the Council", [
            ("Choose five shared measures (bookings of people in treatment, days in jail, re-arrests, "
             "crisis calls diverted, housing placements) and report them every quarter",
             "Ruth Anders", date(2026, 12, 1), "not-started", "", None),
        ]),
    ]),
    "Released at night with no medication": ("Safe release from jail", [
        ("Nobody leaves jail at night without medication and a plan", [
            ("Change the release procedure so that people with medical needs leave between 7 am and "
             "7 pm unless they ask otherwise", "Sam Harlow", date(2026, 6, 1), "in-progress", "", None),
            ("Give a seven-day supply of medication and a prescription at release",
             "Jail medical provider", date(2026, 6, 30), "not-started", "", None),
            ("Have a peer meet each person at release, from a list the jail sends the day before",
             "Luis Ortega", date(2026, 8, 1), "not-started", "", 0),
        ]),
        ("Cross-train jail and community staff", [
            ("Hold joint training for jail officers and reentry peers on release planning and "
             "naloxone", "Luis Ortega", date(2026, 9, 15), "not-started", "", None),
        ]),
    ]),
    "No crisis stabilisation unit": ("A crisis stabilisation unit for Riverbend", [
        ("Open a crisis stabilisation unit as an alternative to the emergency department and jail", [
            ("Visit two crisis stabilisation units in neighbouring counties with hospital, police, "
             "NAMI and peer members", "Alice Moreau", date(2026, 5, 20), "done", "", None),
            ("Write a feasibility study with costs, sites and a plan to sustain the unit",
             "Priya Raman", date(2026, 9, 30), "in-progress", "", 0),
            ("Agree a no-wrong-door police drop-off protocol for the future unit", "Marcus Lee",
             date(2026, 11, 30), "not-started", "", 1),
        ]),
        ("Keep the community informed", [
            ("Hold two community listening sessions, one at First Street Church, on where the unit "
             "should be", "Grace Holloway", date(2026, 7, 15), "not-started", "", None),
        ]),
    ]),
}


def _seeded_random_bytes(seed: int) -> Callable[[int], bytes]:
    """A stand-in for ``ids.random_bytes`` that repeats, so the sample's ids are stable.

    Each id takes the top 48 of 128 seeded bits: the same ids as when ``new_id`` used the first 12
    hex digits of a seeded ``uuid4`` (its version and variant bits lie further on).
    """
    rng = random.Random(seed)
    return lambda n: (rng.getrandbits(128) >> (128 - 8 * n)).to_bytes(n, "big")


def build_sample() -> Workshop:
    """The Riverbend County sample workshop, built the same way every time."""
    with mock.patch.object(ids, "random_bytes", _seeded_random_bytes(SEED)):
        ws = read_worksheet(WORKSHEET, preset="samhsa").workshop
        people, _warnings = read_participants(PARTICIPANTS)
        ws.participants = people + [
            Participant(id=ids.new_id("participant"), name=name, organisation=FACILITATOR_ORG,
                        sector="other", role=role, facilitator=True)
            for name, role in FACILITATORS
        ]
        for p in ws.participants:
            p.planning_team = p.name in PLANNING_TEAM
        ws.info = WorkshopInfo(
            title="Riverbend County Sequential Intercept Mapping",
            jurisdiction="Riverbend County",
            dates=MEETINGS,
            # Everyone who came (the background says forty-five): the named list above is shorter, as
            # lists are (observers and walk-ins sign no sheet).
            attendance=45,
            facilitators=[f"{name}, {FACILITATOR_ORG}" for name, _ in FACILITATORS],
            prepared_by=f"{FACILITATORS[0][0]} and {FACILITATORS[1][0]}, {FACILITATOR_ORG}",
            sponsors="Riverbend County Criminal Justice Coordinating Council and Riverbend Behavioral Health",
            background=BACKGROUND,
            data_summary=DATA_SUMMARY,
            recommendations=RECOMMENDATIONS,
            further_resources=FURTHER_RESOURCES,
            status="draft",
        )
        for gap in ws.gaps():
            gap.theme = gap.theme or GAP_THEMES.get(gap.title, "")
        _split_votes(ws)
        ws.action_plans = _action_plans(ws)
    return ws


def _split_votes(ws: Workshop) -> None:
    """Replace the single imported tally with a system table and a community table."""
    system = VotingTable(id=ids.new_id("table"), name="System table", voters=SYSTEM_VOTERS)
    community = VotingTable(id=ids.new_id("table"), name="Community table", voters=COMMUNITY_VOTERS)
    ws.voting.tables = [system, community]
    ws.voting.votes_per_participant = VOTES_PER_PARTICIPANT
    ws.voting.top_n = 5
    for candidate in ws.voting.candidates:
        total = candidate.total_votes()
        if not total:
            candidate.votes = {}
            continue
        from_community = min(total, COMMUNITY_VOTES.get(candidate.title, round(total * 0.4)))
        candidate.votes = {system.id: total - from_community, community.id: from_community}


def _action_plans(ws: Workshop) -> list[ActionPlan]:
    """Filled action plans for the top five candidates by votes (ties by title, for stability)."""
    people = {p.name: p.id for p in ws.participants}
    ranked = sorted(ws.voting.candidates, key=lambda c: (-c.total_votes(), c.title))[: ws.voting.top_n]
    plans = []
    for candidate in ranked:
        title, objectives = PLANS[candidate.title]
        steps: list[ActionStep] = []
        plan_objectives = []
        for objective_text, step_rows in objectives:
            objective = Objective(id=ids.new_id("objective"), text=objective_text)
            for text, who, when, status, notes, after in step_rows:
                step = ActionStep(
                    id=ids.new_id("step"), text=text, who=who, who_participant_id=people.get(who),
                    when=when, status=status, notes=notes,
                    depends_on=[steps[after].id] if after is not None else [],
                )
                steps.append(step)
                objective.steps.append(step)
            plan_objectives.append(objective)
        plans.append(ActionPlan(id=ids.new_id("plan"), candidate_id=candidate.id, title=title,
                                objectives=plan_objectives))
    return plans


def main(argv: list[str] | None = None) -> int:
    """Build the sample and write it (atomically, no backup); returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default {OUTPUT})")
    args = parser.parse_args(argv)
    ws = build_sample()
    # The sample is what every screen shows first: it must be valid and raise no voting warning.
    problems = [str(p) for p in validate_workshop(ws, source=str(args.output))] + budget_warnings(ws)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    save_workshop(ws, args.output, backup=False)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
