"""The field's known responses to common gaps: what a committee could adopt, step by step, and who does it.

Each ``Strategy`` answers one kind of gap (no crisis stabilisation unit, no supportive housing, no
information sharing, ...) with an objective and the concrete steps communities take to reach it: for a
crisis unit a funding source, a site, a law-enforcement drop-off protocol and hours of operation; for
housing a housing navigator, landlord engagement and supportive housing slots. A strategy names the
themes it answers (the worksheet's ``theme`` vocabulary and the variants found in real files), the
intercepts where it belongs, and the words of a gap's title or description that point to it
(``strategy_match.py`` reads them). Each step names the sectors that carry it out; the drafting picks
the participants from those sectors (``plan_partners.py``). ``GENERAL_PLANNING`` is the clearly
labelled draft for a gap that fits no strategy.

Step texts are written out in full: no step pastes the gap's title into a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

# A step's sectors: each entry is one partner the step needs, written as a sector of the vocabulary
# (sectors.py) or as alternatives "behavioral-health|crisis-services" (the first one present fills it).
# ``INTERCEPT_PARTNERS`` stands for the sectors that work at the gap's own intercepts.
INTERCEPT_PARTNERS = "@intercept"


@dataclass(frozen=True)
class StepDraft:
    """One step of a strategy: what to do, the partners it needs, and how many days it usually takes."""

    text: str
    sectors: tuple[str, ...]
    days: int  # due this many days after planning starts (the last workshop date)


@dataclass(frozen=True)
class Strategy:
    """A known response to one kind of gap: its objective, its steps, and what points a gap to it."""

    key: str
    name: str
    objective: str
    themes: frozenset[str]
    intercepts: frozenset[str]  # where it belongs; empty: anywhere
    keywords: tuple[str, ...]  # whole-word phrases, lower case, punctuation as spaces ("co responder")
    steps: tuple[StepDraft, ...]
    general: bool = False  # the general planning draft, for a gap no strategy fits


def _step(text: str, sectors: str, days: int) -> StepDraft:
    return StepDraft(text, tuple(s.strip() for s in sectors.split(",") if s.strip()), days)


def _strategy(key: str, name: str, objective: str, themes: str, intercepts: str, keywords: str,
              steps: tuple[StepDraft, ...]) -> Strategy:
    # Themes and intercepts ("X" is cross-intercept) separated by spaces, keywords by commas.
    return Strategy(
        key=key, name=name, objective=objective,
        themes=frozenset(themes.split()), intercepts=frozenset(intercepts.split()),
        keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()), steps=steps,
    )


STRATEGIES: tuple[Strategy, ...] = (
    _strategy(
        "crisis-stabilisation-unit", "Crisis stabilisation unit",
        "Open a crisis stabilisation unit that accepts walk-ins and law-enforcement drop-offs",
        "crisis crisis-services", "0 1",
        "stabilisation unit, stabilization unit, stabilisation units, stabilization units, crisis unit, "
        "crisis units, crisis centre, crisis center, crisis centres, crisis centers, receiving centre, "
        "receiving center, crisis receiving, drop off, drop off centre, drop off center, dropoff, "
        "crisis beds, crisis bed, crisis respite, respite, 23 hour, living room, psychiatric emergency, "
        "emergency department, emergency room, ed boarding, boarding",
        (
            _step("Identify the funding source for the unit (Medicaid billing, a county levy, a state "
                  "crisis grant, a hospital partnership) and cost its first three years",
                  "local-government, behavioral-health|crisis-services", 30),
            _step("Choose the site and the operator, with the licence and the number of chairs or beds"
                  " the unit needs",
                  "behavioral-health|crisis-services, hospital-health", 60),
            _step("Agree a law-enforcement drop-off protocol: no refusals, officers back on patrol "
                  "within 15 minutes, and the rules for medical clearance",
                  "law-enforcement, behavioral-health|crisis-services, hospital-health", 90),
            _step("Set the hours of operation (24 hours a day, 7 days a week as the goal) and the "
                  "staffing to match, with 988 and mobile crisis sending people to the unit",
                  "crisis-services|behavioral-health, dispatch-911", 120),
        ),
    ),
    _strategy(
        "mobile-crisis-coverage", "Mobile crisis around the clock",
        "Mobile crisis response available around the clock across the whole county",
        "crisis crisis-services", "0",
        "mobile crisis, mobile team, mobile teams, mobile response, mobile outreach, night, nights, "
        "weekend, weekends, after hours, out of hours, overnight, 24 7, around the clock, response time, "
        "response times",
        (
            _step("Pull crisis-line and 911 call data by hour, day and area to show when and where "
                  "nobody can respond",
                  "crisis-services|behavioral-health, dispatch-911", 30),
            _step("Choose a staffing model for the hours not covered (an on-call rotation, a regional "
                  "team shared with neighbouring counties, telehealth back-up) and cost it",
                  "crisis-services|behavioral-health", 60),
            _step("Secure funding for the added hours (the Medicaid mobile crisis benefit, 988 funds, "
                  "the county budget)",
                  "local-government, crisis-services|behavioral-health", 90),
            _step("Agree with 911 and law enforcement how calls reach the team out of hours and when "
                  "officers attend too",
                  "dispatch-911, law-enforcement", 120),
        ),
    ),
    _strategy(
        "co-responder", "Co-responder coverage",
        "Co-responder teams available to every law-enforcement agency in the county",
        "crisis crisis-services law-enforcement", "0 1",
        "co responder, co responders, coresponder, coresponders, co response, co responding, "
        "embedded clinician, embedded clinicians, ride along, clinician with officers",
        (
            _step("Map which agencies and areas the co-responders cover today and the mental-health "
                  "calls that fall outside them",
                  "law-enforcement, behavioral-health|crisis-services", 30),
            _step("Draft a memorandum of understanding that extends co-response to the agencies not "
                  "covered (a shared clinician, or telehealth co-response for rural areas)",
                  "law-enforcement, behavioral-health|crisis-services", 60),
            _step("Find funding for the added clinicians (county budget, the BJA Justice and Mental "
                  "Health Collaboration Program, opioid settlement funds)",
                  "local-government", 90),
            _step("Agree what each co-response records (calls, diversions, arrests avoided) and review"
                  " it every quarter",
                  "law-enforcement, behavioral-health|crisis-services", 120),
        ),
    ),
    _strategy(
        "911-988-transfer", "911 to 988 call transfer",
        "Behavioral-health calls to 911 transferred to 988 or the crisis line when no police response "
        "is needed",
        "crisis crisis-services dispatch", "0 1",
        "911, 988, dispatch, dispatcher, dispatchers, dispatched, call transfer, call transfers, "
        "warm transfer, psap, psaps, call diversion, call taker, call takers, crisis line, crisis lines",
        (
            _step("Write a call-transfer protocol between 911 and 988: which calls transfer, the "
                  "warm-transfer script, and when police still attend",
                  "dispatch-911, crisis-services|behavioral-health", 30),
            _step("Train every dispatcher and call taker on the protocol and the mental-health call "
                  "codes",
                  "dispatch-911, crisis-services|behavioral-health", 60),
            _step("Test the warm transfer and the call-back from the crisis line to 911 before going "
                  "live",
                  "dispatch-911, crisis-services", 90),
            _step("Count transferred calls and what became of them, and report them to the committee "
                  "every quarter",
                  "dispatch-911, crisis-services", 120),
        ),
    ),
    _strategy(
        "cit-training", "Crisis Intervention Team (CIT) training",
        "Crisis Intervention Team training for every patrol agency, with a CIT coordinator in each",
        "training", "1",
        "cit, crisis intervention team, crisis intervention teams, crisis intervention training, officers, "
        "officer, deputies, deputy, sheriff, patrol, police, de escalation",
        (
            _step("Count the officers and deputies trained in CIT in each agency and set a target (at "
                  "least a quarter of patrol, every shift covered)",
                  "law-enforcement", 30),
            _step("Schedule a 40-hour CIT course taught with local behavioral-health providers, NAMI "
                  "and people with lived experience",
                  "law-enforcement, behavioral-health|crisis-services, advocacy-family|peer-lived-experience",
                  60),
            _step("Give dispatchers and jail officers Mental Health First Aid or CIT for their roles",
                  "dispatch-911, jail", 90),
            _step("Name a CIT coordinator in each agency and hold a CIT partners' meeting every "
                  "quarter",
                  "law-enforcement, behavioral-health|crisis-services", 120),
        ),
    ),
    _strategy(
        "cross-training", "Cross-training and Mental Health First Aid",
        "Staff across the system trained to recognise mental illness and substance use and to refer",
        "training", "0 2 3 4 5 X",
        "cross training, cross train, mental health first aid, mhfa, trauma informed, staff training, "
        "untrained, training, trained, train, education, curriculum",
        (
            _step("List which staff (jail, courts, probation, EMS, dispatch) have had mental-health, "
                  "substance-use and trauma training, and who has not",
                  "behavioral-health|crisis-services, local-government", 30),
            _step("Run Mental Health First Aid courses for the staff who lack them",
                  "behavioral-health|crisis-services", 60),
            _step("Hold cross-training in which each agency explains its work, its referrals and its "
                  "limits to the others",
                  "behavioral-health|crisis-services, courts, probation-parole", 90),
            _step("Put refresher training into each agency's yearly training calendar",
                  "local-government", 120),
        ),
    ),
    _strategy(
        "veterans", "Veterans identified and connected",
        "Veterans identified at every intercept and connected to VA and community services",
        "veteran veterans", "1 2 3 4 X",
        "veteran, veterans, va, vjo, military, service members, veterans justice outreach",
        (
            _step("Ask about military service at booking, in crisis calls and at probation intake",
                  "jail, crisis-services|dispatch-911, probation-parole", 30),
            _step("Bring in the VA's Veterans Justice Outreach specialist for in-reach to the jail and"
                  " the courts",
                  "veterans, jail", 60),
            _step("Consider a veterans treatment court docket or veteran mentors in an existing court",
                  "courts, veterans", 90),
            _step("Count the veterans identified and connected, and report them to the committee",
                  "veterans", 120),
        ),
    ),
    _strategy(
        "pretrial-screening", "Screening at booking and pretrial diversion",
        "Screening at booking, with pretrial release and diversion for those eligible before first "
        "appearance",
        "diversion pretrial screening", "2",
        "pretrial, pre trial, booking, bail, bond, first appearance, arraignment, diversion, divert, "
        "screen, screens, screening, screened, assessment, assessments, bjmhs, release on recognizance, "
        "court date, court dates, reminder, reminders, failure to appear",
        (
            _step("Adopt a validated screen at booking for mental illness and substance use (such as "
                  "the Brief Jail Mental Health Screen) and train booking staff to use it",
                  "jail, behavioral-health|crisis-services", 30),
            _step("Agree the diversion eligibility criteria with the prosecution and the defense, and "
                  "how screening results may be used (with consent, never against the person)",
                  "prosecution, defense, courts", 60),
            _step("Decide who runs pretrial services (the court, probation or a county agency), with "
                  "its staff and funding",
                  "courts|pretrial, local-government", 90),
            _step("Start pretrial supervision with court-date reminders and referrals to treatment for"
                  " those released",
                  "pretrial|probation-parole, behavioral-health|substance-use-treatment|crisis-services",
                  120),
        ),
    ),
    _strategy(
        "specialty-court-capacity", "Specialty court capacity",
        "A specialty court place for everyone eligible, without a waiting list",
        "courts specialty-court specialty-courts treatment-capacity treatment-courts", "2 3",
        "mental health court, drug court, treatment court, veterans court, recovery court, "
        "specialty court, specialty courts, problem solving court, docket, dockets, court, courts",
        (
            _step("Review the court's eligibility criteria and referral path with the prosecution and "
                  "the defense: who is screened out, and why",
                  "courts, prosecution, defense", 30),
            _step("Count the waiting list and the days from referral to admission, and the treatment "
                  "places participants need",
                  "courts, behavioral-health|substance-use-treatment|crisis-services", 60),
            _step("Add treatment capacity for participants: agreements with more providers, a "
                  "dedicated case manager, a state or SAMHSA treatment-court grant",
                  "behavioral-health|substance-use-treatment, local-government", 90),
            _step("Set a target for the days to admission and review it at the court team's meetings",
                  "courts", 120),
        ),
    ),
    _strategy(
        "treatment-capacity", "Treatment capacity and waiting lists",
        "Treatment within days, not weeks, for people referred from crisis services, jail and the "
        "courts",
        "treatment treatment-capacity", "0 3 4 5 X",
        "waitlist, waitlists, wait list, wait lists, waiting list, waiting lists, beds, bed, detox, "
        "withdrawal management, residential treatment, inpatient, outpatient, psychiatrist, psychiatrists, "
        "prescriber, prescribers, capacity, shortage, shortages, slots, no treatment, treatment providers, "
        "counseling, counselling, therapy, appointments available",
        (
            _step("Measure the waiting lists: people waiting and days to a first appointment, by "
                  "provider and service",
                  "behavioral-health, substance-use-treatment", 30),
            _step("Agree priority access or reserved places for people referred from crisis services, "
                  "the jail and the courts",
                  "behavioral-health, substance-use-treatment, courts|jail", 60),
            _step("Add capacity: same-day open-access intake, telehealth prescribers, recruitment "
                  "incentives",
                  "behavioral-health|substance-use-treatment, hospital-health", 90),
            _step("Seek funding for new places (Medicaid, state block grants, opioid settlement funds)",
                  "local-government", 120),
        ),
    ),
    _strategy(
        "jail-moud", "Medications for opioid use disorder in jail",
        "Medications for opioid use disorder started and continued in jail",
        "medication medication-moud moud", "2 3",
        "moud, oud, opioid use disorder, medication assisted treatment, "
        "medications for opioid use disorder, buprenorphine, methadone, naltrexone, vivitrol, suboxone, "
        "induction, inductions, opioid, opioids, withdrawal",
        (
            _step("Screen everyone at booking for opioid use disorder and continue any medication a "
                  "person arrives on",
                  "jail, hospital-health|behavioral-health", 30),
            _step("Contract a provider (an opioid treatment programme or a prescriber) to start "
                  "buprenorphine, methadone or naltrexone in jail",
                  "jail, substance-use-treatment|behavioral-health", 60),
            _step("Give everyone on MOUD a release plan: an appointment with a community provider, a "
                  "bridge supply and naloxone",
                  "jail, substance-use-treatment|behavioral-health", 90),
            _step("Fund it (opioid settlement funds, a state MOUD-in-jail grant) and track starts, "
                  "continuations and overdoses after release",
                  "local-government, jail", 120),
        ),
    ),
    _strategy(
        "jail-reentry", "Jail reentry: in-reach, medication and benefits",
        "Everyone leaving jail with medication, benefits and a first appointment arranged",
        "medication-moud reentry release", "3 4",
        "reentry, re entry, released, release, releases, releasing, leaving jail, leaving prison, "
        "discharge, discharged, returning citizens, benefits, medicaid, ssi, bridge supply, no medication, "
        "without medication, at night, late night, release planning, in reach, inreach",
        (
            _step("Arrange in-reach: community providers and peers meet people in jail before release",
                  "jail, behavioral-health|substance-use-treatment|crisis-services, peer-lived-experience",
                  30),
            _step("Keep medication going on release: a bridge supply or prescription, and MOUD "
                  "continued without a gap",
                  "jail, hospital-health|behavioral-health|substance-use-treatment", 60),
            _step("Apply for benefits before release: Medicaid reinstated (suspended, not terminated),"
                  " SSI or SSDI, and identity documents",
                  "jail, local-government", 90),
            _step("Plan release times with the people who meet them: no release at night without a "
                  "hand-off, and a ride to the first appointment",
                  "jail, behavioral-health|crisis-services", 120),
        ),
    ),
    _strategy(
        "warm-hand-off", "Warm hand-off and follow-up",
        "A warm hand-off to community care for everyone leaving a crisis unit, a hospital or the jail",
        "care-coordination reentry referral", "0 4 5",
        "warm hand off, warm handoff, hand off, handoff, hand offs, handoffs, follow up, followup, "
        "linkage, linkages, linked, referral, referrals, care coordination, navigator, navigators, "
        "case management, case manager, case managers, continuity of care, lost to care",
        (
            _step("Write a referral and follow-up protocol: who refers, a first appointment within "
                  "seven days, and who calls when someone misses it",
                  "behavioral-health|crisis-services, jail|hospital-health", 30),
            _step("Fund a care navigator or peer who meets people at the hand-off and stays with them "
                  "for the first 30 days",
                  "behavioral-health|crisis-services, peer-lived-experience", 60),
            _step("Agree a release-of-information form so that the referring agency learns whether the"
                  " person arrived",
                  "behavioral-health|crisis-services, jail|hospital-health", 90),
            _step("Report the share of first appointments kept to the committee every quarter",
                  "behavioral-health|crisis-services", 120),
        ),
    ),
    _strategy(
        "housing", "Housing navigator, landlord engagement and supportive housing",
        "Housing for people leaving jail or under supervision who would otherwise be homeless",
        "homelessness housing", "4 5 X",
        "housing, housed, unhoused, homeless, homelessness, shelter, shelters, landlord, landlords, "
        "eviction, evictions, rent, rental, voucher, vouchers, supportive housing, housing first, "
        "apartment, apartments, place to live, places to live, sober living, recovery housing",
        (
            _step("Fund a housing navigator who works with the jail, probation and the courts",
                  "housing-homelessness, jail|probation-parole", 30),
            _step("Start landlord engagement: a named contact, a risk-mitigation fund and incentives "
                  "for renting to people with a record",
                  "housing-homelessness, local-government", 60),
            _step("Apply for supportive housing slots (HUD Continuum of Care, vouchers prioritised for"
                  " people leaving jail, Housing First)",
                  "housing-homelessness, local-government, behavioral-health|crisis-services", 90),
            _step("Ask about housing at booking and at probation intake, and refer through coordinated"
                  " entry",
                  "housing-homelessness, jail|probation-parole", 120),
        ),
    ),
    _strategy(
        "data-sharing", "Information-sharing agreement and shared outcome measures",
        "Information shared between agencies within the law, and outcomes measured together",
        "data data-sharing information-sharing", "1 2 3 4 X",
        "data, database, databases, dashboard, records, record, share, shared, sharing, information, "
        "information sharing, data sharing, mou, memorandum of understanding, release of information, "
        "hipaa, 42 cfr, cjis, consent, consent form, matching, outcome, outcomes, measures",
        (
            _step("Name a data steward and draft an information-sharing agreement (MOU) between the "
                  "agencies, within HIPAA, 42 CFR Part 2 and CJIS",
                  "local-government, behavioral-health|crisis-services, jail|law-enforcement", 30),
            _step("Agree one release-of-information (consent) form that every agency accepts",
                  "behavioral-health|crisis-services, defense, jail", 60),
            _step("Agree the shared outcome measures (bookings of people with mental illness, days in "
                  "jail, returns to jail, treatment engagement) and who reports each",
                  "jail, behavioral-health|crisis-services, courts", 90),
            _step("Match the data once (jail bookings against the behavioral-health client list) and "
                  "report the result to the committee",
                  "jail, behavioral-health|crisis-services", 120),
        ),
    ),
    _strategy(
        "transportation", "Transportation to treatment, court and supervision",
        "Rides to treatment, court dates and probation visits for people who have none",
        "transport transportation", "0 4 5 X",
        "transport, transportation, transported, bus, buses, bus pass, bus passes, ride, rides, van, vans, "
        "transit, travel, gas card, gas cards, taxi, car, cars, mileage, no way to get, rural distances",
        (
            _step("Count the appointments, court dates and probation visits missed for lack of a ride,"
                  " and where people travel from",
                  "probation-parole|courts, behavioral-health|crisis-services", 30),
            _step("Arrange bus passes or ride vouchers, funded by treatment providers, probation or "
                  "the county",
                  "local-government, behavioral-health|substance-use-treatment", 60),
            _step("Agree how people get home or to treatment after a crisis or a release, without a "
                  "police car",
                  "crisis-services|behavioral-health, hospital-health, jail", 90),
            _step("Offer telehealth and evening appointments for those who live too far away",
                  "behavioral-health|substance-use-treatment, probation-parole", 120),
        ),
    ),
    _strategy(
        "community-supervision", "Responses to violations that keep people in treatment",
        "Responses to missed appointments and technical violations that keep people in treatment, not "
        "in jail",
        "community-corrections community-supervision parole probation", "5",
        "probation, parole, probationer, probationers, violation, violations, technical violation, "
        "technical violations, revocation, revocations, revoked, supervision, missed appointment, "
        "missed appointments, caseload, caseloads, warrant, warrants",
        (
            _step("Review a year of technical violations: how many, for what, and how many people went"
                  " back to jail",
                  "probation-parole, courts", 30),
            _step("Adopt graduated responses with the court so that a missed appointment leads to a "
                  "call, not a warrant",
                  "probation-parole, courts, prosecution", 60),
            _step("Send appointment reminders by text and offer phone or evening check-ins",
                  "probation-parole", 90),
            _step("Extend the specialised mental-health caseload, with joint case reviews with "
                  "treatment providers",
                  "probation-parole, behavioral-health|substance-use-treatment|crisis-services", 120),
        ),
    ),
    _strategy(
        "lived-experience-peers", "People with lived experience and peer support",
        "People with lived experience as equal, paid partners in planning and in services",
        "lived-experience peer peer-support peers", "0 4 X",
        "lived experience, peer, peers, peer support, peer specialist, peer specialists, recovery coach, "
        "recovery coaches, consumer, consumers, planning body, planning bodies, token, tokenism, "
        "community voice, community voices, family members, families",
        (
            _step("Invite at least two people with lived experience and a family member onto the "
                  "coordinating council, paid for their time",
                  "peer-lived-experience, advocacy-family, local-government", 30),
            _step("Offer new members an orientation and a mentor, so that nobody holds a token seat",
                  "peer-lived-experience, advocacy-family", 60),
            _step("Fund peer-support specialists in crisis services, jail reentry and probation "
                  "(billable to Medicaid where the state allows)",
                  "peer-lived-experience, behavioral-health|crisis-services", 90),
            _step("Ask the community table every quarter whether the plan is working, and report its "
                  "answer",
                  "peer-lived-experience, advocacy-family", 120),
        ),
    ),
)

GENERAL_PLANNING = Strategy(
    key="general-planning",
    name="General planning draft",
    objective="General planning draft (no specific strategy fits this gap yet): agree on the change to make "
              "and who leads it",
    themes=frozenset(),
    intercepts=frozenset(),
    keywords=(),
    steps=(
        StepDraft("Convene the partners who work where this gap sits and name a lead for the work",
                  (INTERCEPT_PARTNERS, "local-government"), 30),
        StepDraft("Gather the data on the gap: how many people it affects, where on the map, and what it "
                  "costs now", (INTERCEPT_PARTNERS,), 60),
        StepDraft("Compare two or three options other communities have used and choose one",
                  (INTERCEPT_PARTNERS, "peer-lived-experience"), 90),
        StepDraft("Write the chosen option up as concrete steps, each with an owner and a date, for the "
                  "committee to adopt", ("local-government",), 120),
    ),
    general=True,
)


def strategy(key: str) -> Strategy:
    """The strategy with this key (``GENERAL_PLANNING`` included); KeyError when there is none."""
    for candidate in (*STRATEGIES, GENERAL_PLANNING):
        if candidate.key == key:
            return candidate
    raise KeyError(key)
