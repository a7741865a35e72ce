"""Action plans as CSV (contracts.md section 5): exported for a committee's spreadsheet, imported back.

One row per step with the columns ``priority`` (the plan's title), ``objective``, ``step``, ``who``,
``when`` (YYYY-MM-DD, or the words of a target that is not a date, such as ``Q3 2026``), ``status`` and
``notes``; an objective with no steps is one row with an empty step, a plan with no objectives one row
with an empty objective. Export writes UTF-8 with a byte-order mark and guards formula-like cells
(``csv_guard``).

Import updates the workshop from such a file. Plans are matched by title, objectives by text within
their plan and steps by text within their objective (spaces collapsed; steps with the same text are
matched in order). A "when" cell takes the forms the app takes (``model.when_text``: ``9/30/2026``,
``Sep 30, 2026``, ... or words kept as a target). A matched step takes the row's who, when, status and
notes; a column left out of the file changes nothing, and an empty status leaves the step's status as
it is. A row that matches nothing adds its step (and its objective, and its plan, linked to the
candidate priority of that title when that candidate has no plan yet). Nothing absent from the file is
deleted. Every row is checked before anything is changed: any bad row refuses the whole file.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .csv_guard import guard_cell, unguard_cell
from .csv_text import Columns, CsvRow, CsvTable, write_csv_text
from .document_constants import STEP_STATUSES
from .ids import new_id
from .limits import MAX_ERRORS, MAX_ITEMS, MAX_LONG_TEXT, MAX_SHORT_TEXT, text_problem
from .problems import InputError, Problem, summarised
from .table_input import input_table, read_input_file
from .when_text import WhenError, format_when, parse_when
from .workshop import ActionPlan, ActionStep, Objective, Participant, Workshop

# ``candidate_title`` (an extension of the contract's seven): the candidate priority a plan is for, as
# it was voted, when the plan's own title says it in other words; it keeps that link through a round trip.
COLUMNS = ("priority", "objective", "step", "who", "when", "status", "notes", "candidate_title")
REQUIRED_COLUMNS = ("priority", "objective", "step")
OPTIONAL_COLUMNS = ("who", "when", "status", "notes")
UTF8_BOM = "\ufeff"
# Header names as a spreadsheet user may write them, compared without case, spaces, '_' or '-'.
HEADER_ALIASES: dict[str, str] = {
    **{name: name for name in COLUMNS},
    "plan": "priority", "actionplan": "priority", "prioritytitle": "priority", "candidate": "priority",
    "goal": "objective",
    "actionstep": "step", "action": "step", "task": "step",
    "owner": "who", "responsible": "who", "lead": "who", "assignedto": "who",
    "due": "when", "duedate": "when", "date": "when", "bywhen": "when", "deadline": "when",
    "targetdate": "when",
    "state": "status",
    "note": "notes", "comment": "notes", "comments": "notes",
    "candidatetitle": "candidate_title", "votedas": "candidate_title", "candidatepriority": "candidate_title",
}
# Limits of the fields each column fills (limits.py): plan titles and names are short text.
_CELL_LIMITS = {"priority": MAX_SHORT_TEXT, "objective": MAX_LONG_TEXT, "step": MAX_LONG_TEXT,
                "who": MAX_SHORT_TEXT, "when": MAX_SHORT_TEXT, "notes": MAX_LONG_TEXT,
                "candidate_title": MAX_SHORT_TEXT}
READ_COLUMNS = Columns(HEADER_ALIASES)  # for finding the delimiter, and the same names as below
# A bare number of five digits or more in "when" is a spreadsheet's date serial (46295), not a target.
_DATE_SERIAL = re.compile(r"\d{5,}(?:\.\d+)?")
_HEADER_NOISE = re.compile(r"[\s_\-]+")


def fold_header(name: str) -> str:
    """A header cell as compared with ``HEADER_ALIASES``: lower-case, no spaces, '_' or '-'."""
    return _HEADER_NOISE.sub("", name.strip().lower())


def status_word(text: str) -> str | None:
    """The step status ``text`` names (``In progress``, ``in_progress``, ``in-progress``), or None."""
    word = _HEADER_NOISE.sub("-", text.strip().lower())
    return word if word in STEP_STATUSES else None


def one_line(text: str) -> str:
    """Text with every run of spaces, tabs and line breaks made one space, and trimmed."""
    return " ".join(text.split())


# ----------------------------------------------------------------------------- export
def plan_rows(ws: Workshop) -> list[dict[str, str]]:
    """The action plans as CSV rows, plan by plan, objective by objective, step by step."""
    rows: list[dict[str, str]] = []
    titles = {c.id: c.title for c in ws.voting.candidates}
    for plan in ws.action_plans:
        voted = titles.get(plan.candidate_id or "", "")
        voted = "" if one_line(voted) == one_line(plan.title) else voted  # said once is enough
        if not plan.objectives:
            rows.append(_row(voted, plan.title))
        for objective in plan.objectives:
            if not objective.steps:
                rows.append(_row(voted, plan.title, objective.text))
            for step in objective.steps:
                rows.append(_row(voted, plan.title, objective.text, step.text, step.who,
                                 format_when(step.when, step.when_text), step.status, step.notes))
    return rows


def _row(candidate_title: str, *cells: str) -> dict[str, str]:
    row = {name: guard_cell(cell) for name, cell in zip(COLUMNS, cells, strict=False)}
    row["candidate_title"] = guard_cell(candidate_title)
    return row


def format_plans(ws: Workshop) -> str:
    """The plans CSV text: a header row and one row per step (CRLF line ends, no byte-order mark)."""
    return write_csv_text(list(COLUMNS), plan_rows(ws))


def plans_csv_bytes(ws: Workshop) -> bytes:
    """The plans CSV file as written: UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8."""
    return (UTF8_BOM + format_plans(ws)).encode("utf-8")


# ----------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class PlanRow:
    """One checked row: where it sits and, for the optional columns present, the value each gives."""

    line: int
    priority: str
    objective: str
    step: str
    # Only the columns the file has: "who" and "notes" as text, "when" a date or None with "when_text"
    # the words of a target that is not a date, "status" a status word or None (an empty cell: left as
    # it is).
    values: dict[str, Any] = field(default_factory=dict)
    candidate_title: str = ""  # the candidate priority a new plan is for, when its title differs


@dataclass
class PlansFile:
    """The rows of a plans CSV and the warnings met reading it (unknown columns)."""

    rows: list[PlanRow]
    warnings: list[Problem]


def read_plans(path: str | Path) -> PlansFile:
    """Read and check a plans CSV file (see ``parse_plans``)."""
    return parse_plans(read_input_file(path), str(path))


def parse_plans(data: bytes, source: str) -> PlansFile:
    """Check every row of plans CSV bytes (or a workbook's sheet 'plans', else its first); raises
    ``InputError`` with one problem per bad row or column."""
    return plans_from_table(input_table(data, source, "plans", READ_COLUMNS, needed_by="workshop"))


def plans_from_table(table: CsvTable) -> PlansFile:
    """Check every row of a plans table read from CSV or a workbook's sheet (see ``parse_plans``)."""
    source = table.source
    warnings = list(table.warnings)
    columns: dict[str, str] = {}  # canonical name -> the column as the file names it
    problems: list[Problem] = []
    for name in table.columns:
        if not name:
            continue
        canonical = HEADER_ALIASES.get(fold_header(name))  # the reader named known columns already
        if canonical is None:
            warnings.append(Problem(f"unknown column '{name}' ignored", file=source, line=table.header_line))
        elif canonical in columns:
            problems.append(Problem(f"the columns '{columns[canonical]}' and '{name}' both mean "
                                    f"'{canonical}'", file=source, line=table.header_line))
        else:
            columns[canonical] = name
    problems += [Problem(f"the required column '{name}' is missing", file=source, line=table.header_line)
                 for name in REQUIRED_COLUMNS if name not in columns]
    if problems:
        raise InputError(problems)
    if len(table.rows) > MAX_ITEMS:
        raise InputError(Problem(f"the file has {len(table.rows):,} rows; at most {MAX_ITEMS:,} are allowed "
                                 "(see Limits in the README)", file=source))
    rows: list[PlanRow] = []
    for row in table.rows:
        checked = _check_row(row, columns, source, problems)
        if checked is not None:
            rows.append(checked)
    if problems:
        raise InputError(summarised(problems, MAX_ERRORS))
    return PlansFile(rows=rows, warnings=warnings)


def _check_row(row: CsvRow, columns: dict[str, str], source: str, problems: list[Problem]) -> PlanRow | None:
    found: list[Problem] = []

    def cell(name: str) -> str:
        text = row.raw(columns[name]) if name in columns else ""
        # Spaces off first, then the guard, as every other importer reads a cell: a hand-typed
        # "  '=SUM(A1)" reads "=SUM(A1)" here too. A note's inner line breaks stay.
        return unguard_cell(text.strip())

    def bad(name: str, message: str) -> None:
        found.append(Problem(message, file=source, line=row.line, field=name))

    texts = {name: cell(name) for name in COLUMNS}
    for name, limit in _CELL_LIMITS.items():
        why = text_problem(texts[name], limit)
        if why:
            bad(name, f"the {name} {why}")
    priority, objective, step = (one_line(texts[n]) for n in REQUIRED_COLUMNS)
    if not priority:
        bad("priority", "the priority is empty (it is the title of the action plan)")
    if step and not objective:
        bad("objective", "the objective is empty: a step belongs to an objective")

    values: dict[str, Any] = {}
    if "who" in columns:
        values["who"] = one_line(texts["who"])
    if "notes" in columns:
        values["notes"] = texts["notes"].replace("\r\n", "\n")
    if "when" in columns:
        when = texts["when"]
        if _DATE_SERIAL.fullmatch(when):
            bad("when", f"'{when}' looks like a spreadsheet's date number, not a date: format the column "
                "as text (or as a date), e.g. 2026-06-30")
        else:
            try:
                values["when"], values["when_text"] = parse_when(when)
            except WhenError as exc:
                bad("when", str(exc))
    if "status" in columns:
        status_text = texts["status"]
        values["status"] = status_word(status_text) if status_text else None
        if status_text and values["status"] is None:
            bad("status", f"'{status_text}' is not a status (use {', '.join(STEP_STATUSES)})")
    if not step and any(texts[n].strip() for n in OPTIONAL_COLUMNS):
        filled = ", ".join(n for n in OPTIONAL_COLUMNS if texts[n].strip())
        bad("step", f"the step is empty but {filled} is filled in (they describe a step: write its text)")
    problems.extend(found)
    if found:
        return None
    return PlanRow(line=row.line, priority=priority, objective=objective, step=step, values=values,
                   candidate_title=one_line(texts["candidate_title"]))


# ----------------------------------------------------------------------------- applying
@dataclass
class PlansImport:
    """The workshop after an import, and what the import did."""

    workshop: Workshop
    steps_updated: int = 0
    steps_added: int = 0
    objectives_added: int = 0
    plans_added: int = 0
    steps_not_in_file: int = 0

    @property
    def changed(self) -> bool:
        """True when the import changed anything."""
        return bool(self.steps_updated or self.steps_added or self.objectives_added or self.plans_added)


def apply_plans(ws: Workshop, rows: list[PlanRow]) -> PlansImport:
    """A copy of ``ws`` with the rows applied (``ws`` itself is left as it was)."""
    result = PlansImport(workshop=ws.model_copy(deep=True))
    new = result.workshop
    steps: dict[tuple[str, str, str], deque[ActionStep]] = {}
    objectives: dict[tuple[str, str], Objective] = {}
    plans: dict[str, ActionPlan] = {}
    total_steps = 0
    for plan in new.action_plans:
        plans.setdefault(one_line(plan.title), plan)
        for objective in plan.objectives:
            objectives.setdefault((one_line(plan.title), one_line(objective.text)), objective)
            for step in objective.steps:
                key = (one_line(plan.title), one_line(objective.text), one_line(step.text))
                steps.setdefault(key, deque()).append(step)
                total_steps += 1
    planned = {plan.candidate_id for plan in new.action_plans if plan.candidate_id}
    people = new.participants
    matched = 0

    # A new plan is linked to the candidate it names (candidate_title), else to one of its own title.
    voted_for = {row.priority: row.candidate_title for row in rows if row.candidate_title}

    def plan_for(title: str) -> ActionPlan:
        plan = plans.get(title)
        voted = voted_for.get(title, "")
        if plan is None:
            candidate = next((c for c in new.voting.candidates
                              if one_line(c.title) == (voted or title) and c.id not in planned), None)
            plan = ActionPlan(id=new_id("plan"), title=title,
                              candidate_id=candidate.id if candidate else None)
            if candidate is not None:
                planned.add(candidate.id)
            new.action_plans.append(plan)
            plans[title] = plan
            result.plans_added += 1
        return plan

    def objective_for(title: str, text: str) -> Objective:
        objective = objectives.get((title, text))
        if objective is None:
            objective = Objective(id=new_id("objective"), text=text)
            plan_for(title).objectives.append(objective)
            objectives[(title, text)] = objective
            result.objectives_added += 1
        return objective

    for row in rows:
        if not row.objective:
            plan_for(row.priority)
            continue
        if not row.step:
            objective_for(row.priority, row.objective)
            continue
        queue = steps.get((row.priority, row.objective, row.step))
        if queue:
            matched += 1
            if _update_step(queue.popleft(), row.values, people):
                result.steps_updated += 1
            continue
        who = row.values.get("who", "")
        objective_for(row.priority, row.objective).steps.append(ActionStep(
            id=new_id("step"), text=row.step, who=who, who_participant_id=_person_id(who, people),
            when=row.values.get("when"), when_text=row.values.get("when_text", ""),
            status=row.values.get("status") or "not-started",
            notes=row.values.get("notes", ""),
        ))
        result.steps_added += 1
    result.steps_not_in_file = total_steps - matched
    if not result.changed:
        result.workshop = ws  # the very same document: nothing to save
    return result


def _update_step(step: ActionStep, values: dict[str, Any], people: list[Participant]) -> bool:
    """Set the row's values on a matched step; True (and no longer a draft) when anything differs."""
    changed = False
    if "who" in values and values["who"] != one_line(step.who):
        step.who = values["who"]
        step.who_participant_id = _person_id(step.who, people)
        changed = True
    # The target as the step shows it: its date, else its words (stale words beside a date are not read).
    if "when" in values and format_when(values["when"], values["when_text"]) != format_when(step.when,
                                                                                            step.when_text):
        step.when, step.when_text = values["when"], values["when_text"]
        changed = True
    if values.get("status") is not None and values["status"] != step.status:
        step.status = values["status"]
        changed = True
    if "notes" in values and values["notes"] != step.notes.replace("\r\n", "\n").strip():
        step.notes = values["notes"]
        changed = True
    if changed:
        step.drafted = False  # a person edited it
    return changed


def _person_id(who: str, people: list[Participant]) -> str | None:
    """The participant ``who`` names, as the app links them: their name, or ``Name (Organisation)``."""
    key = who.casefold()
    if not key:
        return None
    for person in people:
        label = f"{person.name} ({person.organisation})" if person.organisation else person.name
        if key in (person.name.casefold(), label.casefold()):
            return person.id
    return None
