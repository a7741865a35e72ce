"""One voting table's tally sheet (``intercept-mapper votes FILE --table NAME TALLY.csv``).

The sheet has the columns ``candidate`` (a candidate priority's title or id) and ``votes`` (a whole
number, or blank for "not counted"), as CSV (any encoding and delimiter the worksheet accepts) or as an
Excel workbook (its first sheet). Recording it sets that table's count of each listed candidate: a
number (0 included) is a count, a blank cell removes the count (the candidate is "not counted" there).
Candidates the sheet does not list keep what they had. Every row is checked before anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .candidate_edits import table_budget_warning, table_key
from .csv_guard import unguard_cell
from .csv_text import Columns
from .limits import MAX_COUNT, MAX_ERRORS, MAX_ITEMS, MAX_SHORT_TEXT, text_problem
from .problems import InputError, Problem, summarised
from .table_input import input_table, read_input_file
from .workshop import Candidate, VotingTable, Workshop

COLUMNS = ("candidate", "votes")
READ_COLUMNS = Columns.of(COLUMNS, {"title": "candidate", "priority": "candidate", "gap": "candidate",
                                    "dots": "votes", "count": "votes", "tally": "votes"})


@dataclass(frozen=True)
class TallyRow:
    """One checked row: the candidate as written and its count (None: not counted)."""

    line: int
    candidate: str
    votes: int | None


@dataclass
class TallyFile:
    """The rows of a tally sheet and the warnings met reading it."""

    rows: list[TallyRow]
    warnings: list[Problem] = field(default_factory=list)


def read_tally(path: str | Path) -> TallyFile:
    """Read and check a tally file (see ``parse_tally``)."""
    return parse_tally(read_input_file(path), str(path))


def parse_tally(data: bytes, source: str) -> TallyFile:
    """Check every row of a tally sheet (CSV, or a workbook's sheet 'tally', else its first); raises
    ``InputError`` with one problem per bad row or column."""
    table = input_table(data, source, "tally", READ_COLUMNS, needed_by="tally")
    table.check_columns(COLUMNS)
    if len(table.rows) > MAX_ITEMS:
        raise InputError(Problem(f"the file has {len(table.rows):,} rows; at most {MAX_ITEMS:,} are allowed "
                                 "(see Limits in the README)", file=table.source))
    problems: list[Problem] = []
    rows: list[TallyRow] = []
    for row in table.rows:
        name = unguard_cell(row.get("candidate"))
        text = unguard_cell(row.get("votes"))
        found: list[Problem] = []
        if not name:
            found.append(Problem("the candidate is empty (write its title or id)", file=table.source,
                                 line=row.line, field="candidate"))
        why = text_problem(name, MAX_SHORT_TEXT)
        if why:
            found.append(Problem(f"the candidate {why}", file=table.source, line=row.line, field="candidate"))
        votes = None
        if text:
            if text.startswith("-") and text[1:].isdecimal():
                found.append(Problem(f"'{text}' is negative: votes are a whole number of 0 or more (leave "
                                     "the cell blank when they were not counted)", file=table.source,
                                     line=row.line, field="votes"))
            elif not (text.isascii() and text.isdecimal()) or int(text) > MAX_COUNT:
                found.append(Problem(f"'{text}' is not a whole number of votes (leave the cell blank when "
                                     "they were not counted)", file=table.source, line=row.line,
                                     field="votes"))
            else:
                votes = int(text)
        problems.extend(found)
        if not found:
            rows.append(TallyRow(line=row.line, candidate=" ".join(name.split()), votes=votes))
    if problems:
        raise InputError(summarised(problems, MAX_ERRORS))
    return TallyFile(rows=rows, warnings=list(table.warnings))


@dataclass
class TallyResult:
    """The workshop with a table's tally recorded, and what changed."""

    workshop: Workshop
    table: VotingTable
    counted: int = 0
    not_counted: int = 0
    changed: int = 0
    not_in_file: list[Candidate] = field(default_factory=list)
    over_budget: str | None = None


def find_table(ws: Workshop, name: str, source: str) -> VotingTable:
    """The voting table ``name`` names (ignoring case, spaces and a trailing "table"), else an error."""
    key = table_key(name)
    match = next((t for t in ws.voting.tables if table_key(t.name) == key), None)
    if match is None:
        known = ", ".join(f"'{t.name}'" for t in ws.voting.tables) or "none"
        raise InputError(Problem(f"the workshop has no voting table '{name}' (its tables: {known})",
                                 file=source, field="table"))
    return match


def apply_tally(ws: Workshop, table_name: str, tally: TallyFile, source: str, tally_source: str
                ) -> TallyResult:
    """A copy of ``ws`` with the tally recorded at ``table_name`` (``ws`` itself is left as it was).

    Raises ``InputError`` for an unknown table (naming ``source``, the workshop file) or candidate, a title
    that names several candidates, or a candidate listed twice (naming ``tally_source``, with the line).
    """
    new = ws.model_copy(deep=True)
    table = find_table(new, table_name, source)
    by_id = {c.id: c for c in new.voting.candidates}
    by_title: dict[str, list[Candidate]] = {}
    for cand in new.voting.candidates:
        by_title.setdefault(" ".join(cand.title.split()).casefold(), []).append(cand)
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    counts: dict[str, int | None] = {}
    for row in tally.rows:
        cand = by_id.get(row.candidate)
        if cand is None:
            matches = by_title.get(row.candidate.casefold(), [])
            if len(matches) > 1:
                ids = ", ".join(c.id for c in matches)
                problems.append(Problem(f"'{row.candidate}' is the title of {len(matches)} candidates: write "
                                        f"the id of the one meant ({ids})", file=tally_source, line=row.line,
                                        field="candidate"))
                continue
            if not matches:
                problems.append(Problem(f"no candidate priority is titled '{row.candidate}' (nor has that "
                                        "id)", file=tally_source, line=row.line, field="candidate"))
                continue
            cand = matches[0]
        if cand.id in first_line:
            problems.append(Problem(f"'{cand.title}' is already on line {first_line[cand.id]}",
                                    file=tally_source, line=row.line, field="candidate"))
            continue
        first_line[cand.id] = row.line
        counts[cand.id] = row.votes
    if problems:
        raise InputError(summarised(problems, MAX_ERRORS))
    result = TallyResult(workshop=new, table=table)
    for cand in new.voting.candidates:
        if cand.id not in counts:
            result.not_in_file.append(cand)
            continue
        votes = dict(cand.votes)
        count = counts[cand.id]
        if count is None:
            votes.pop(table.id, None)
            result.not_counted += 1
        else:
            votes[table.id] = count
            result.counted += 1
        if votes != cand.votes:
            cand.votes = votes
            result.changed += 1
    result.over_budget = table_budget_warning(new, table)
    return result
