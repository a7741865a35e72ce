"""The report's words, in one place for the PDF and the HTML report: plain text, no markup, no layout.

Every sentence here is made from a field that holds what it says, or is not made at all ("Nothing
untrue"): the attendance is its own number and the participant list is only the people it names; a
blank tally is "not counted", never 0; the vote budget is stated only when one was recorded; "the top
N" counts the priorities that really exist; the report's date is its own field, and without one the
report says on which day it was exported. Renderers escape the text for their format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..model.ranking import RankedCandidate
from ..model.workshop import Participant, Workshop

NOT_COUNTED = "not counted"


def plural(n: int, noun: str, many: str = "") -> str:
    """``1 gap``, ``3 gaps`` (``many`` for irregular plurals)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {many or noun + 's'}"


def date_text(d: date) -> str:
    """A date as communities write it: ``March 12, 2026``."""
    return f"{d:%B} {d.day}, {d.year}"


def short_date(d: date) -> str:
    """A date for a narrow table column: ``Sep 30, 2026``."""
    return f"{d:%b} {d.day}, {d.year}"


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def report_title(ws: Workshop) -> str:
    """The document title: the workshop's title, or one made from the jurisdiction."""
    info = ws.info
    if info.title.strip():
        return info.title.strip()
    if info.jurisdiction.strip():
        return f"Sequential Intercept Mapping: {info.jurisdiction.strip()}"
    return "Sequential Intercept Mapping report"


def dates_text(ws: Workshop) -> str:
    """The workshop days in words, in order, each once ("March 12, 2026 and April 2, 2026")."""
    return join_words([date_text(d) for d in sorted(set(ws.info.dates))])


def is_final(ws: Workshop, final: bool | None) -> bool:
    """FINAL or DRAFT: what the caller asked for, else the file's report status."""
    return ws.info.status == "final" if final is None else final


def issue_line(ws: Workshop, final: bool, today: date) -> str:
    """The cover's status line: FINAL or DRAFT, with the report date, or the day it was exported."""
    day = ws.info.report_date
    if final:
        return f"FINAL REPORT, {date_text(day)}" if day else f"FINAL REPORT, exported on {date_text(today)}"
    when = f"of {date_text(day)}" if day else f"exported on {date_text(today)}"
    return f"DRAFT {when}: for review by the planning team, not for circulation"


def people_line(person: Participant, tidy: Callable[[object], str]) -> str:
    """``Name, role, organisation`` with the blank ones left out (``tidy`` is the renderer's cleaner)."""
    parts = (tidy(x).strip() for x in (person.name, person.role, person.organisation))
    return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class CoverPeople:
    """Who the cover names: the planning team, and the facilitators (flagged participants first, then
    names typed into the workshop's facilitators field that are not one of them)."""

    planning_team: list[Participant]
    facilitators: list[Participant]
    other_facilitators: list[str]


def cover_people(ws: Workshop, tidy: Callable[[object], str]) -> CoverPeople:
    """The cover's people. The facilitators field often repeats a flagged participant with their
    organisation ("Dana Ruiz, Policy Research"): such a name is listed once, as the participant."""
    flagged = [p for p in ws.participants if p.facilitator]
    known = [tidy(p.name).strip().casefold() for p in flagged if tidy(p.name).strip()]
    others = [tidy(n).strip() for n in ws.info.facilitators
              if tidy(n).strip() and not any(tidy(n).strip().casefold().startswith(k) for k in known)]
    return CoverPeople([p for p in ws.participants if p.planning_team], flagged, others)


def named_participants(ws: Workshop) -> list[Participant]:
    """The people on the participant list, facilitators left out (they ran the workshop)."""
    return [p for p in ws.participants if not p.facilitator]


def opening_sentence(ws: Workshop) -> str:
    """Why the report exists: the workshop, where and when, and what the model is."""
    where = ws.info.jurisdiction.strip() or "the community"
    when = dates_text(ws)
    return (f"This report records the Sequential Intercept Mapping workshop held for {where}"
            + (f" on {when}" if when else "") + ". The Sequential Intercept Model (Munetz and Griffin, "
            "2006) maps how people with mental illness or substance use disorders come into contact "
            "with, and move through, the criminal legal system, and where a community can step in to "
            "connect them with treatment instead.")


def people_sentence(ws: Workshop) -> str:
    """How many came and how many the list names, each as what it is; empty when neither is known."""
    attendance = ws.info.attendance
    listed = len(named_participants(ws))
    parts = []
    if attendance is not None:
        parts.append(f"{plural(attendance, 'person', 'people')} attended")
    if listed:
        if attendance is not None:
            parts.append(f"the participant list names {listed:,} of them" if listed <= attendance
                         else f"the participant list names {plural(listed, 'person', 'people')}")
        else:
            parts.append(f"The participant list names {plural(listed, 'person', 'people')}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + (" (see the appendix)." if listed else ".")


def map_counts_sentence(ws: Workshop, cross_label: str) -> str:
    """What the map holds, counted."""
    return (f"The map holds {plural(len(ws.points), 'decision point')}, "
            f"{plural(len(ws.resources()), 'resource')} and {plural(len(ws.gaps()), 'gap')} across "
            f"{plural(len(ws.scheme.intercepts), 'intercept')} and the "
            f"{cross_label.lower() or 'cross-intercept'} band.")


# ----------------------------------------------------------------------------------- priorities
def chosen(ws: Workshop, ranking: list[RankedCandidate]) -> list[RankedCandidate]:
    """The priorities for change: the top ``top_n`` that received votes, or that the workshop placed in a
    published order without counting (none before any vote or order)."""
    return [r for r in ranking if r.rank <= ws.voting.top_n
            and ((r.counted and r.votes > 0) or r.published_rank is not None)]


def vote_tables(ws: Workshop) -> list[str]:
    """The voting tables a report shows: those where any candidate's votes were counted (a table made
    from the seating plan after a total was counted elsewhere has nothing to show); all when none is."""
    counted = {table_id for c in ws.voting.candidates for table_id in c.votes}
    shown = [t.name for t in ws.voting.tables if t.id in counted]
    return shown or [t.name for t in ws.voting.tables]


def any_counted(ranking: list[RankedCandidate]) -> bool:
    """True when any candidate has a vote count (0 included)."""
    return any(r.counted for r in ranking)


def vote_cell(item: RankedCandidate, table: str | None = None) -> str:
    """A table's (or the total's) count for one candidate, or "not counted"."""
    if table is None:
        return f"{item.votes:,}" if item.counted else NOT_COUNTED
    if table in item.uncounted_tables:
        return NOT_COUNTED
    return f"{item.votes_by_table.get(table, 0):,}"


def priorities_intro(ws: Workshop, ranking: list[RankedCandidate]) -> str:
    """How the room voted and how many priorities came of it, from what the file records."""
    v = ws.voting
    tables = vote_tables(ws)
    sentences = []
    if v.votes_per_participant is not None:
        sentences.append(f"Each participant had {plural(v.votes_per_participant, 'vote')} to give.")
    if len(tables) > 1:
        sentences.append(f"Votes were counted at {len(tables)} tables ({join_words(tables)}), shown "
                         "separately.")
    picked = chosen(ws, ranking)
    if len(picked) == 1:
        sentences.append("The top candidate (shaded) became the priority for change.")
    elif picked:
        sentences.append(f"The top {len(picked)} candidates (shaded) became the priorities for change.")
    uncounted = sum(1 for r in ranking if not r.counted)
    if uncounted:
        sentences.append(f"The votes for {plural(uncounted, 'candidate')} were not counted; "
                         "they are listed after the counted ones.")
    return " ".join(sentences)


def given_order_note(ranking: list[RankedCandidate]) -> str:
    """That a published order placed candidates whose votes were not counted ("" when none was given)."""
    given = sum(1 for r in ranking if r.published_rank is not None)
    if not given:
        return ""
    if not any(r.counted for r in ranking):
        return ("The workshop published this order without vote counts: the order was given, not counted; "
                "each candidate's place in it is shown.")
    return (f"The order of {plural(given, 'candidate')} whose votes were not counted was given, not counted: "
            "the workshop published it without counts.")


NO_VOTES_YET = ("No votes have been recorded yet; the candidates are listed in the order the ranking "
                "would break ties.")


# ---------------------------------------------------------------------------------- final report
@dataclass(frozen=True)
class MissingSection:
    """A section a FINAL report needs and this workshop leaves empty, and how to fill it."""

    section: str
    why: str

    def message(self) -> str:
        return f"{self.section}: {self.why}"


def missing_for_final(ws: Workshop, ranking: list[RankedCandidate], handout: bool = False
                      ) -> list[MissingSection]:
    """The required sections a FINAL report (or handout) would print empty, in report order."""
    info = ws.info
    missing: list[MissingSection] = []
    if not handout:
        if not info.jurisdiction.strip():
            missing.append(MissingSection("cover", "no jurisdiction is recorded (set 'jurisdiction')"))
        if not info.dates:
            missing.append(MissingSection("cover", "no workshop dates are recorded (set 'dates')"))
        if not info.background.strip():
            missing.append(MissingSection("introduction", "the background text is empty (set 'background')"))
    picked = chosen(ws, ranking)
    if not picked:
        missing.append(MissingSection("priorities for change",
                                      "no candidate has any votes recorded, so there are no priorities"))
    planned = {p.candidate_id for p in ws.action_plans if p.candidate_id and p.objectives}
    for r in picked:
        if r.candidate_id not in planned:
            missing.append(MissingSection("action plans", f"priority {r.rank}, '{r.title}', has no action "
                                                          "plan with an objective"))
    if not handout and not named_participants(ws):
        missing.append(MissingSection("appendix", "no participants are listed"))
    return missing


def participants_by_sector(ws: Workshop) -> dict[str, list[Participant]]:
    """The appendix's groups (PDF and HTML): participants by sector, facilitators left out."""
    try:
        from ..model.roster import build_roster

        return build_roster(ws).participants_by_sector
    except Exception:  # noqa: BLE001 - without the roster module: group by the sector as written
        groups: dict[str, list[Participant]] = {}
        for p in ws.participants:
            if not p.facilitator:
                groups.setdefault(p.sector.strip() or "other", []).append(p)
        return groups


def sector_label(sector: str, tidy: Callable[[object], str]) -> str:
    """A sector's heading in the appendix ("Peer lived experience"); ``tidy`` drops what the output
    cannot print (each output has its own rule)."""
    try:
        from ..model.roster import SECTOR_PHRASES

        phrase = SECTOR_PHRASES.get(sector, sector)
    except ImportError:
        phrase = sector
    phrase = tidy(phrase).replace("-", " ")
    return phrase[:1].upper() + phrase[1:]
