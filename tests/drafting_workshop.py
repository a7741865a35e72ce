"""A workshop with varied gaps for drafted action plans, and the strategy each should be drafted from.

Shared by the model, panel and report tests of drafted plans. The roster has nobody from housing, local
government, hospitals, the prosecution or substance use treatment, so the drafts must say so.
"""

from __future__ import annotations

from datetime import date

from intercept_mapper.model import Candidate, Finding, Participant, Workshop, new_workshop

LAST_WORKSHOP_DAY = date(2026, 3, 12)

# (gap id, intercept, title, theme, description, the strategy the plan should come from)
GAPS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("g-unit", "0", "No crisis stabilisation unit", "crisis-services", "", "crisis-stabilisation-unit"),
    ("g-housing", "X", "Lack of supportive housing", "housing", "", "housing"),
    ("g-data", "X", "No shared data across agencies", "data-sharing", "", "data-sharing"),
    ("g-988", "1", "No transfer protocol from 911 to 988", "crisis-services", "", "911-988-transfer"),
    ("g-reentry", "4", "People released from jail without medication or Medicaid", "reentry", "",
     "jail-reentry"),
    ("g-moud", "3", "No MOUD induction in jail", "treatment-capacity", "", "jail-moud"),
    # No theme: the words decide (and the suggested theme, "screening").
    ("g-pretrial", "2", "No screening at booking for pretrial diversion", "", "", "pretrial-screening"),
    ("g-transport", "X", "No bus passes to reach appointments", "transportation", "", "transportation"),
    ("g-cit", "1", "Sheriff deputies not CIT trained", "training", "", "cit-training"),
    ("g-court", "3", "Mental health court waitlist", "treatment-capacity", "", "specialty-court-capacity"),
    # Nothing in the library fits: the general planning draft.
    ("g-none", "X", "Rural county line confusion between agencies", "",
     "Agencies disagree about which side of the line a call belongs to.", "general-planning"),
)


def drafting_workshop() -> Workshop:
    """Every gap of ``GAPS`` as a candidate priority, ranked in that order, and a partial roster."""
    ws = new_workshop(title="Drafting County")
    ws.info.dates = [LAST_WORKSHOP_DAY, date(2026, 3, 11)]
    ws.findings = [Finding(id=gid, kind="gap", intercept=icp, title=title, theme=theme, description=desc)
                   for gid, icp, title, theme, desc, _ in GAPS]
    ws.findings.append(Finding(id="r-unit", kind="resource", intercept="0", title="988 answered locally",
                               organisation="Riverbend Behavioral Health"))
    ws.participants = [
        Participant(id="pp-priya", name="Priya Raman", organisation="Riverbend Behavioral Health",
                    sector="crisis-services"),
        Participant(id="pp-bea", name="Bea Cole", organisation="County Mental Health",
                    sector="behavioral-health"),
        Participant(id="pp-marcus", name="Marcus Lee", organisation="City Police", sector="law-enforcement"),
        Participant(id="pp-tom", name="Tom Okafor", organisation="County Communications",
                    sector="dispatch-911"),
        Participant(id="pp-sam", name="Sam Harlow", organisation="County Jail", sector="jail"),
        Participant(id="pp-dana", name="Dana Whitfield", organisation="District Court", sector="courts"),
        Participant(id="pp-elena", name="Elena Vasquez", organisation="Public Defender", sector="defense"),
        Participant(id="pp-ruth", name="Ruth Anders", organisation="Adult Probation",
                    sector="probation-parole"),
        Participant(id="pp-jamal", name="Jamal Greene", organisation="Peer Network",
                    sector="peer-lived-experience", lived_experience=True),
        Participant(id="pp-fay", name="Fay Neutral", organisation="TA Centre", sector="jail",
                    facilitator=True),
    ]
    ws.voting.candidates = [
        Candidate(id=f"c-{gid}", title=title, gap_ids=[gid], votes={"tb-all": 100 - n})
        for n, (gid, _, title, _, _, _) in enumerate(GAPS)
    ]
    ws.voting.top_n = len(GAPS)
    return ws
