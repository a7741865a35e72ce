"""The worksheet CSV (contracts.md section 3): a whole map as rows of points, resources and gaps.

Import checks every row and reports every problem with its line before anything is built, so an
invalid worksheet never yields a partial workshop. Each gap also becomes a candidate priority carrying
the votes of its ``votes`` cell. Export writes the same columns back in map order.

Round trip: every cell is trimmed of surrounding whitespace on import (inner tabs and newlines are
kept). An empty ``votes`` cell gives a candidate with no votes recorded (``{}``) and ``0`` gives
``{DEFAULT_TABLE_ID: 0}``: both total 0, and export writes them back as empty and ``0`` respectively,
so a worksheet comes back cell for cell (intercepts as their ids, kinds and themes lower-cased).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .auto_layout import apply_layout
from .candidate_edits import table_key
from .csv_guard import guard_cell, unguard_cell
from .csv_text import Columns, CsvRow, CsvTable, read_csv_table, write_csv_text
from .flow_graph import flow_order
from .ids import new_id
from .intercept_presets import PRESETS, scheme_from_preset
from .limits import (
    MAX_COUNT,
    MAX_ERRORS,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    text_limit,
    text_problem,
    too_many_items,
)
from .plans_csv import PlansFile
from .problems import InputError, Problem, summarised
from .workshop import (
    CROSS_INTERCEPT,
    DEFAULT_TABLE_ID,
    Candidate,
    DecisionPoint,
    Finding,
    Flow,
    InterceptScheme,
    Participant,
    VotingTable,
    Workshop,
)

COLUMNS = (
    "intercept", "kind", "title", "description", "follows", "at_point", "organisation", "votes", "theme",
)
REQUIRED_COLUMNS = ("intercept", "kind", "title")
RANK_COLUMN = "rank"
VOTES_PREFIX = "votes:"
DEFAULT_TABLE_NAME = "All participants"
# Header spellings besides the column names themselves (compared without case, spaces, '_' or '-').
HEADER_ALIASES = {"organization": "organisation", "org": "organisation", "agency": "organisation"}
READ_COLUMNS = Columns.of((*COLUMNS, RANK_COLUMN), HEADER_ALIASES, prefixed=("votes",))
INTERCEPT_SEPARATOR = ";"
UTF8_BOM = "\ufeff"
KINDS = {"point": "point", "decision point": "point", "decision-point": "point", "resource": "resource",
         "gap": "gap"}
CROSS_WORDS = ("x", "cross", "cross-intercept", "cross intercept", "crossintercept")
FOLLOWS_SEPARATOR = ";"
# Counts as the file may hold them (limits.MAX_COUNT), so what export writes always imports again.
_MAX_VOTE_DIGITS = len(str(MAX_COUNT))
_INTERCEPT_WORD = re.compile(r"^intercept[\s_-]*(\S+)$")
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r" ?/ ?")


@dataclass
class WorksheetImport:
    """An imported workshop and the warnings (unknown columns, ignored cells) met on the way.

    ``participants``: from a workbook's ``participants`` sheet, with their warnings (None: no such sheet,
    or a CSV worksheet); they are not yet in the workshop, so that a participants file given beside the
    worksheet may take their place.
    """

    workshop: Workshop
    warnings: list[Problem]
    participants: tuple[list[Participant], list[Problem]] | None = None
    # A workbook's ``plans`` sheet, checked (a ``plans_csv.PlansFile``), for ``plans_csv.apply_plans``.
    plans: PlansFile | None = None


@dataclass
class _Row:
    """A worksheet row whose own cells are valid; references are resolved in a second pass."""

    line: int
    intercept: str
    kind: str
    title: str
    description: str
    follows: str
    at_point: str
    organisation: str
    votes: dict[str, int]  # voting table id -> votes counted there (a blank cell: not counted)
    theme: str
    rank: int | None = None
    intercepts: tuple[str, ...] = ()  # a gap at several intercepts: all of them, the first its place


# --- reading ---------------------------------------------------------------------------------------


def read_worksheet(path: str | Path, preset: str = "samhsa") -> WorksheetImport:
    """Import a worksheet CSV or Excel workbook (``.xlsx``) from disk (see ``parse_worksheet``)."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a byte past the limit tells; no need to read it all
    except OSError as exc:
        raise InputError(Problem(f"cannot read the file: {exc.strerror or exc}", file=source)) from None
    return parse_worksheet(data, source, preset)


def parse_worksheet(data: bytes, source: str, preset: str = "samhsa") -> WorksheetImport:
    """Build a laid-out workshop from worksheet CSV bytes, or an Excel workbook's (its sheet named
    ``worksheet``, else the first); raises ``InputError`` listing every bad row."""
    if preset not in PRESETS:
        known = ", ".join(PRESETS)
        raise InputError(Problem(f"unknown preset '{preset}' (known presets: {known})", field="preset"))
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Problem(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than "
                                 "any workshop needs (see Limits in the README)", file=source))
    people = plans = None
    if is_workbook(data):
        from .participants_csv import READ_COLUMNS as PEOPLE_COLUMNS
        from .participants_csv import participants_from_table
        from .plans_csv import READ_COLUMNS as PLAN_COLUMNS
        from .plans_csv import plans_from_table
        from .xlsx_tables import read_workbook

        book = read_workbook(data, source, {"worksheet": READ_COLUMNS, "participants": PEOPLE_COLUMNS,
                                            "plans": PLAN_COLUMNS}, first="worksheet")
        table = book["worksheet"]
        problems: list[Problem] = []
        try:
            result = worksheet_from_table(table, table.source, preset)  # problems name the sheet
        except InputError as exc:
            problems.extend(exc.problems)
        # Every sheet is checked before giving up, so one run reports the problems of each.
        other = {name: sheet for name, sheet in book.items()
                 if name != "worksheet" and sheet.source != table.source}  # not the map's sheet again
        try:
            if "participants" in other:
                people = participants_from_table(other["participants"], other["participants"].source)
        except InputError as exc:
            problems.extend(exc.problems)
        try:
            if "plans" in other:
                plans = plans_from_table(other["plans"])
        except InputError as exc:
            problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
    else:
        result = worksheet_from_table(read_csv_table(data, source, READ_COLUMNS), source, preset)
    result.participants, result.plans = people, plans
    return result


def is_workbook(data: bytes) -> bool:
    """True when ``data`` is a zip archive, as an Excel workbook is (a CSV file never starts so)."""
    return data.startswith(b"PK\x03\x04")


def worksheet_from_table(table: CsvTable, source: str, preset: str = "samhsa") -> WorksheetImport:
    """Build a laid-out workshop from a worksheet read into rows (from CSV or a workbook's sheet)."""
    table.check_columns(REQUIRED_COLUMNS)
    too_many = too_many_items(len(table.rows))
    if too_many:
        raise InputError(Problem(too_many, file=source))
    warnings = list(table.warnings)
    errors: list[Problem] = []
    ws = Workshop(scheme=scheme_from_preset(preset))
    intercepts = _InterceptNames(ws.scheme)
    vote_columns = _vote_tables(table, source)

    if not table.rows:
        warnings.append(
            Problem("the worksheet has a header but no rows", file=source, line=table.header_line))
    rows = [r for r in (_read_row(row, source, intercepts, vote_columns, errors, warnings)
                        for row in table.rows) if r]
    points = _build_points(rows, source, errors)
    flows, findings = _resolve_references(rows, points, source, errors)
    if errors:
        raise InputError(summarised(sorted(errors, key=lambda p: p.line or 0), MAX_ERRORS))

    ws.points = [point for point, _ in points.values()]
    ws.flows = flows
    ws.findings = [finding for finding, _ in findings]
    if vote_columns:
        ws.voting.tables = list({t.id: t for _, t in vote_columns}.values())
    ws.voting.candidates = [
        Candidate(
            id=new_id("candidate"),
            title=finding.title,
            gap_ids=[finding.id],
            intercepts=list(row.intercepts) if len(row.intercepts) > 1 else [],
            votes=row.votes,
            rank=row.rank,
        )
        for finding, row in findings
        if finding.kind == "gap"
    ]
    apply_layout(ws)
    return WorksheetImport(workshop=ws, warnings=warnings)


def _vote_tables(table: CsvTable, source: str) -> list[tuple[str, VotingTable]]:
    """The vote columns of a worksheet and the voting table each counts for, in column order: ``votes``
    is the default table; ``votes:NAME`` the table NAME (``votes:All participants`` the default too)."""
    found: list[tuple[str, VotingTable]] = []
    by_key: dict[str, tuple[str, VotingTable]] = {}
    problems: list[Problem] = []
    default_key = table_key(DEFAULT_TABLE_NAME)
    for column in table.columns:
        if column == "votes":
            name = DEFAULT_TABLE_NAME
        elif column.startswith(VOTES_PREFIX):
            name = column[len(VOTES_PREFIX):]
            if not name:
                problems.append(Problem("the column 'votes:' names no table (write votes:TABLE, such as "
                                        "votes:system)", file=source, line=table.header_line))
                continue
            why = text_problem(name, text_limit("name"))
            if why:
                problems.append(Problem(f"the table name of the column '{column[:60]}' {why}",
                                        file=source, line=table.header_line))
                continue
        else:
            continue
        key = table_key(name)
        if key in by_key:
            problems.append(Problem(f"the columns '{by_key[key][0]}' and '{column}' count votes at the same "
                                    "table", file=source, line=table.header_line))
            continue
        voting_table = VotingTable(id=DEFAULT_TABLE_ID if key == default_key else new_id("table"), name=name)
        by_key[key] = (column, voting_table)
        found.append((column, voting_table))
    if problems:
        raise InputError(problems)
    return found


class _InterceptNames:
    """Every way a worksheet may name an intercept of this scheme, and of the other presets."""

    def __init__(self, scheme: InterceptScheme) -> None:
        self.scheme = scheme
        self.names: dict[str, str] = {_fold(w): CROSS_INTERCEPT for w in CROSS_WORDS}
        self.names[_fold(scheme.cross_label)] = CROSS_INTERCEPT
        for intercept in scheme.intercepts:
            self.names[_fold(intercept.id)] = intercept.id
            self.names[_fold(intercept.label)] = intercept.id
        # Names that belong to some preset but not this one, to say "not in this preset" precisely.
        self.elsewhere: dict[str, str] = {}
        for _, rows in PRESETS.values():
            for intercept_id, label in rows:
                if not scheme.has(intercept_id):
                    self.elsewhere[_fold(intercept_id)] = intercept_id
                    self.elsewhere.setdefault(_fold(label), intercept_id)

    def lookup(self, text: str) -> str | None:
        """The intercept id named by ``text``, or None."""
        folded = _fold(text)
        match = _INTERCEPT_WORD.match(folded)
        if match and match.group(1) in self.names:
            return self.names[match.group(1)]
        return self.names.get(folded)

    def problem(self, text: str) -> str:
        """Why ``text`` names no intercept of this scheme."""
        folded = _fold(text)
        match = _INTERCEPT_WORD.match(folded)
        other = self.elsewhere.get(match.group(1) if match else folded)
        ids = self.scheme.ids()
        span = f"{ids[0]} to {ids[-1]}" if ids else "none"
        if other is not None:
            return (f"intercept {other} is not in the {self.scheme.preset} preset "
                    f"(its intercepts are {span} and X)")
        return f"'{text}' is not an intercept (use {span}, X, 'Intercept N' or an intercept's label)"


def _fold(text: str) -> str:
    """Text as compared for intercept names and kinds: trimmed, case-folded, single spaces, and no
    spaces around a slash (labels are typed both ways)."""
    return _SLASH.sub("/", _SPACES.sub(" ", text.strip())).casefold()


def _read_row(
    row: CsvRow, source: str, intercepts: _InterceptNames, vote_columns: list[tuple[str, VotingTable]],
    errors: list[Problem], warnings: list[Problem],
) -> _Row | None:
    """Check one row's own cells, adding problems to ``errors``; None when it cannot be placed at all."""
    found: list[Problem] = []

    def bad(column: str, message: str) -> None:
        found.append(Problem(message, file=source, line=row.line, field=column))

    def cell(column: str) -> str:
        # Trimmed, and the guard an export puts before a formula-like cell taken off again.
        return unguard_cell(row.get(column))

    kind_text = cell("kind")
    kind = KINDS.get(_fold(kind_text))
    if kind is None:
        bad("kind", f"'{kind_text}' is not a kind (use point, resource or gap)" if kind_text
            else "the kind is empty (use point, resource or gap)")

    intercept_text = cell("intercept")
    places = _intercepts_of(intercept_text, kind, intercepts, bad)
    intercept = places[0] if places else None

    title = cell("title")
    if not title:
        bad("title", "the title is empty")
    for column in COLUMNS:
        if column == "votes":
            continue  # checked as a number below
        # The same limits as the file the import becomes, so what imports also opens.
        why = text_problem(cell(column), text_limit("description" if column == "follows" else column))
        if why:
            bad(column, f"the {column} {why}")

    if kind == "point" and intercept == CROSS_INTERCEPT:
        bad("intercept", "a decision point belongs to an intercept, not to the cross-intercept band")
    if kind in ("resource", "gap") and cell("follows"):
        bad("follows", "only decision points follow other points (resources and gaps use at_point)")
    if kind == "point" and cell("at_point"):
        bad("at_point", "a decision point has no at_point (use follows for the points that lead to it)")

    votes: dict[str, int] = {}
    for column, table in vote_columns:
        count = _whole_number(cell(column), column, kind, "votes", bad)
        if count is not None:
            votes[table.id] = count
    rank = _whole_number(cell(RANK_COLUMN), RANK_COLUMN, kind, "a rank", bad)
    if rank == 0:
        bad(RANK_COLUMN, "the rank is 0: ranks start at 1 (the first priority)")
        rank = None

    theme = cell("theme").lower()
    if kind == "point" and theme:
        warnings.append(Problem("a decision point has no theme; the theme is ignored",
                                file=source, line=row.line, field="theme"))
        theme = ""

    errors.extend(found)
    if intercept is None or kind is None:
        return None
    # A row with other problems still takes part in the reference checks, so that one run reports
    # everything wrong with it and a bad cell on a point does not make its followers look orphaned.
    return _Row(
        line=row.line, intercept=intercept, kind=kind, title=title, description=cell("description"),
        follows=cell("follows"), at_point=cell("at_point"), organisation=cell("organisation"),
        votes=votes, theme=theme, rank=rank, intercepts=tuple(places),
    )


def _intercepts_of(text: str, kind: str | None, intercepts: _InterceptNames,
                   bad: Callable[[str, str], None]) -> list[str]:
    """The intercepts an ``intercept`` cell names: one, or for a gap several separated by ``;`` (the gap
    sits at the first and its candidate priority concerns them all); [] after reporting a problem."""
    if not text:
        bad("intercept", "the intercept is empty")
        return []
    whole = intercepts.lookup(text)
    if whole is not None or INTERCEPT_SEPARATOR not in text:
        if whole is None:
            bad("intercept", intercepts.problem(text))
            return []
        return [whole]
    pieces = [piece.strip() for piece in text.split(INTERCEPT_SEPARATOR) if piece.strip()]
    found: list[str] = []
    for piece in pieces:
        named = intercepts.lookup(piece)
        if named is None:
            bad("intercept", intercepts.problem(piece))
            return []
        if named not in found:
            found.append(named)
    if len(found) > 1 and kind != "gap":
        what = {"point": "a decision point", "resource": "a resource"}.get(kind or "", "this row")
        bad("intercept", f"'{text}' names several intercepts, but {what} sits at one (only a gap may "
            "concern several: its priority then counts for each)")
        return []
    if len(found) > 1 and CROSS_INTERCEPT in found:
        bad("intercept", f"'{text}' lists X with other intercepts: X alone already means every intercept")
        return []
    return found


def _whole_number(text: str, column: str, kind: str | None, what: str,
                  bad: Callable[[str, str], None]) -> int | None:
    """A gap's whole-number cell (votes or rank), or None when blank or after reporting a problem."""
    if not text:
        return None
    if kind is not None and kind != "gap":
        bad(column, f"only gaps carry {what}")
    elif text.startswith("-") and text[1:].isdecimal():
        bad(column, f"'{text}' is negative: {'votes are' if what == 'votes' else 'a rank is'} a whole number"
            f" of {'0' if what == 'votes' else '1'} or more")
    elif not (text.isascii() and text.isdecimal()):
        bad(column, f"'{text}' is not a whole number")
    elif len(text.lstrip("0")) > _MAX_VOTE_DIGITS or int(text) > MAX_COUNT:
        bad(column, f"'{text}' is too many votes" if what == "votes" else f"'{text}' is too large a rank")
    else:
        return int(text)
    return None


def _build_points(
    rows: list[_Row], source: str, errors: list[Problem]
) -> dict[tuple[str, str], tuple[DecisionPoint, _Row]]:
    """Decision points keyed by (intercept, title), with their rows; duplicates become errors."""
    points: dict[tuple[str, str], tuple[DecisionPoint, _Row]] = {}
    for row in rows:
        if row.kind != "point" or not row.title:
            continue
        key = (row.intercept, row.title)
        if key in points:
            first = points[key][1].line
            errors.append(Problem(
                f"a decision point titled '{row.title}' is already in intercept {row.intercept} "
                f"(line {first}); titles must differ within an intercept",
                file=source, line=row.line, field="title",
            ))
            continue
        point = DecisionPoint(id=new_id("point"), intercept=row.intercept, title=row.title,
                              description=row.description, organisation=row.organisation)
        points[key] = (point, row)
    return points


class _PointTitles:
    """Finds the decision point a ``follows`` or ``at_point`` title names."""

    def __init__(self, points: dict[tuple[str, str], tuple[DecisionPoint, _Row]]) -> None:
        self.by_title: dict[str, list[DecisionPoint]] = {}
        for point, _ in points.values():
            self.by_title.setdefault(point.title, []).append(point)
        # Titles that contain ";", as a tree of their pieces, so a cell is read in one pass.
        self.joined = _PieceTree()
        for title in self.by_title:
            if FOLLOWS_SEPARATOR in title:
                self.joined.add(title.split(FOLLOWS_SEPARATOR))

    def find(self, title: str, own_intercept: str) -> tuple[DecisionPoint | None, str]:
        """The point titled ``title`` (preferring the row's own intercept), or None and the reason."""
        matches = self.by_title.get(title, [])
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, f"no decision point is titled '{title}'"
        own = [p for p in matches if p.intercept == own_intercept]
        if len(own) == 1:
            return own[0], ""
        where = " and ".join(sorted(p.intercept for p in matches))
        return None, (f"'{title}' is ambiguous: decision points in intercepts {where} have that title "
                      f"(rename one, or put this row in the intercept of the one meant)")


    def split_follows(self, text: str) -> list[str]:
        """The titles in a ``follows`` cell; a title that itself contains ``;`` is kept whole.

        Each piece is looked at once per piece of the longest title it may start, so a cell of n
        pieces takes O(n) steps when no title holds a ``;`` (trying every run of pieces was cubic).
        """
        pieces = text.split(FOLLOWS_SEPARATOR)
        titles: list[str] = []
        start = 0
        while start < len(pieces):
            # Longest run of pieces that names a point, so "Probation; parole office" survives.
            end = self.joined.longest(pieces, start)
            if end > start + 1:
                candidate = FOLLOWS_SEPARATOR.join(pieces[start:end]).strip()
            else:
                candidate, end = pieces[start].strip(), start + 1
            if candidate:
                titles.append(candidate)
            start = end
        return titles


class _PieceTree:
    """Titles split at ``;``: the first piece as written after leading spaces, middle pieces exactly,
    the last piece before trailing spaces (so a run of cell pieces matches as its stripped join)."""

    def __init__(self) -> None:
        self.next: dict[str, _PieceTree] = {}
        self.ends: set[str] = set()

    def add(self, pieces: list[str]) -> None:
        """Remember one title's pieces (at least two)."""
        node = self
        for piece in pieces[:-1]:
            node = node.next.setdefault(piece, _PieceTree())
        node.ends.add(pieces[-1])

    def longest(self, pieces: list[str], start: int) -> int:
        """The end of the longest run ``pieces[start:end]`` (two pieces or more) that is a title, else 0."""
        node = self.next.get(pieces[start].lstrip())
        best, at = 0, start + 1
        while node is not None and at < len(pieces):
            if pieces[at].rstrip() in node.ends:
                best = at + 1
            node = node.next.get(pieces[at])
            at += 1
        return best


def _resolve_references(
    rows: list[_Row],
    points: dict[tuple[str, str], tuple[DecisionPoint, _Row]],
    source: str,
    errors: list[Problem],
) -> tuple[list[Flow], list[tuple[Finding, _Row]]]:
    """Flows from ``follows`` and findings placed by ``at_point``, adding unresolved names to errors."""
    titles = _PointTitles(points)
    # Items besides flows: each row, and a candidate for each gap. Flows are counted as they are made,
    # since a few long follows cells could otherwise ask for hundreds of millions.
    budget = MAX_ITEMS - len(rows) - sum(row.kind == "gap" for row in rows)
    flows: list[Flow] = []
    findings: list[tuple[Finding, _Row]] = []
    for row in rows:
        if row.kind == "point":
            entry = points.get((row.intercept, row.title))
            if entry is None or entry[1] is not row:
                continue  # a duplicate, already reported
            target = entry[0]
            sources: dict[str, None] = {}  # in order, each once (a set for the lookups: 30,000 titles)
            for title in titles.split_follows(row.follows):
                upstream, why = titles.find(title, row.intercept)
                if upstream is None:
                    errors.append(Problem(why, file=source, line=row.line, field="follows"))
                elif upstream.id == target.id:
                    errors.append(Problem(f"'{title}' cannot follow itself",
                                          file=source, line=row.line, field="follows"))
                else:
                    sources[upstream.id] = None
            flows.extend(Flow(id=new_id("flow"), source=s, target=target.id) for s in sources)
            if len(flows) > budget:
                raise InputError(Problem(too_many_items(MAX_ITEMS - budget + len(flows)) or "", file=source,
                                         line=row.line, field="follows"))
        else:
            point_id = None
            if row.at_point:
                point, why = titles.find(row.at_point, row.intercept)
                if point is None:
                    errors.append(Problem(why, file=source, line=row.line, field="at_point"))
                    continue
                point_id = point.id
            finding = Finding(id=new_id("finding"), kind=row.kind, intercept=row.intercept,
                              title=row.title, description=row.description,
                              organisation=row.organisation, point_id=point_id, theme=row.theme)
            findings.append((finding, row))
    return flows, findings


# --- writing ---------------------------------------------------------------------------------------


def vote_headers(ws: Workshop) -> list[tuple[str, str]]:
    """The vote columns an export writes, with the table each counts: ``votes`` alone when the workshop
    has only the default table (or none), else ``votes:NAME`` for each voting table in order."""
    tables = ws.voting.tables
    if not tables or (len(tables) == 1 and tables[0].id == DEFAULT_TABLE_ID
                      and table_key(tables[0].name) == table_key(DEFAULT_TABLE_NAME)):
        return [("votes", tables[0].id if tables else DEFAULT_TABLE_ID)]
    return [(VOTES_PREFIX + t.name, t.id) for t in tables]


def _gap_candidates(ws: Workshop) -> dict[str, Candidate]:
    """The candidate that is each gap alone (the first such), by gap id: its votes and rank are the row's."""
    found: dict[str, Candidate] = {}
    for candidate in ws.voting.candidates:
        if len(candidate.gap_ids) == 1:
            found.setdefault(candidate.gap_ids[0], candidate)
    return found


def worksheet_columns(ws: Workshop) -> list[str]:
    """The header an export writes: ``COLUMNS`` with one vote column per table in place of ``votes``, and
    ``rank`` after them when a gap's candidate has a published rank."""
    votes = [name for name, _ in vote_headers(ws)]
    ranked = any(c.rank is not None for c in _gap_candidates(ws).values())
    at = COLUMNS.index("votes")
    return [*COLUMNS[:at], *votes, *([RANK_COLUMN] if ranked else []), *COLUMNS[at + 1:]]


def worksheet_rows(ws: Workshop) -> list[dict[str, str]]:
    """The workshop as worksheet rows in map order: per intercept, points in flow order, then
    resources and gaps in document order; cross-intercept items last. Keys: ``worksheet_columns``."""
    scheme_ids = ws.scheme.ids()
    columns = worksheet_columns(ws)
    votes_columns = vote_headers(ws)

    def lane(intercept: str) -> tuple[int, int, str]:
        # Intercepts of the scheme in order, then any the scheme lacks, then the cross-intercept band.
        if intercept in scheme_ids:
            return (0, scheme_ids.index(intercept), "")
        return (2, 0, "") if intercept == CROSS_INTERCEPT else (1, 0, intercept)

    points = {p.id: p for p in ws.points}
    position = {point_id: n for n, point_id in enumerate(flow_order(ws))}
    upstream: dict[str, list[str]] = {}
    for flow in ws.flows:
        if flow.source in points and flow.target in points:
            upstream.setdefault(flow.target, []).append(points[flow.source].title)
    of_gap = _gap_candidates(ws)

    keyed: list[tuple[tuple, dict[str, str]]] = []
    for p in ws.points:
        row = _blank_row(columns, p.intercept, "point", p.title, p.description, p.organisation)
        row["follows"] = FOLLOWS_SEPARATOR.join(upstream.get(p.id, []))
        keyed.append(((lane(p.intercept), 0, position.get(p.id, 0)), row))
    kind_rank = {"resource": 1, "gap": 2}
    for index, f in enumerate(ws.findings):
        row = _blank_row(columns, f.intercept, f.kind, f.title, f.description, f.organisation)
        point = points.get(f.point_id) if f.point_id else None
        row["at_point"] = point.title if point else ""
        row["theme"] = f.theme
        candidate = of_gap.get(f.id) if f.kind == "gap" else None
        if candidate is not None:
            row["intercept"] = _intercept_cell(f, candidate)
            row.update(_vote_cells(candidate, votes_columns))
            if RANK_COLUMN in row and candidate.rank is not None:
                row[RANK_COLUMN] = str(candidate.rank)
        keyed.append(((lane(f.intercept), kind_rank[f.kind], index), row))
    keyed.sort(key=lambda item: item[0])
    return [row for _, row in keyed]


def _intercept_cell(gap: Finding, candidate: Candidate) -> str:
    """A gap's intercept, followed by the other intercepts its candidate concerns (``0;1``)."""
    places = list(dict.fromkeys([gap.intercept, *candidate.intercepts]))
    if len(places) == 1 or CROSS_INTERCEPT in places:
        return gap.intercept  # X already concerns every intercept
    return INTERCEPT_SEPARATOR.join(places)


def _vote_cells(candidate: Candidate, columns: list[tuple[str, str]]) -> dict[str, str]:
    """A gap's vote cells: the count at each table, blank where the table counted nothing."""
    if len(columns) == 1:  # one table: everything the candidate holds (votes of removed tables too)
        return {columns[0][0]: str(candidate.total_votes()) if candidate.votes else ""}
    return {name: str(candidate.votes[table_id]) if table_id in candidate.votes else ""
            for name, table_id in columns}


def _blank_row(columns: list[str], intercept: str, kind: str, title: str, description: str,
               organisation: str) -> dict[str, str]:
    row = dict.fromkeys(columns, "")
    row.update(intercept=intercept, kind=kind, title=title, description=description,
               organisation=organisation)
    return row


def guarded_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows with every formula-like cell guarded (``csv_guard``), as a spreadsheet file must hold them."""
    return [{name: guard_cell(cell) for name, cell in row.items()} for row in rows]


def format_worksheet(ws: Workshop) -> str:
    """The workshop as worksheet CSV text (header ``intercept,kind,title,...,theme``, CRLF line ends),
    formula-like cells guarded; without the byte-order mark ``worksheet_csv_bytes`` adds."""
    return write_csv_text(worksheet_columns(ws), guarded_rows(worksheet_rows(ws)))


def worksheet_csv_bytes(ws: Workshop) -> bytes:
    """The worksheet CSV file as export writes it: UTF-8 with a byte-order mark, so that Excel on Windows
    reads accents right."""
    return (UTF8_BOM + format_worksheet(ws)).encode("utf-8")
