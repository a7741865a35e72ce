"""Property tests: any input ends in a result or a clean ``InputError``; valid worksheets round-trip."""

from __future__ import annotations

import csv
import io
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.model import InputError
from intercept_mapper.model.csv_guard import unguard_cell
from intercept_mapper.model.participants_csv import format_participants, parse_participants
from intercept_mapper.model.worksheet_csv import COLUMNS, format_worksheet, parse_worksheet, worksheet_rows
from tests.conftest import SAMPLES

WORKSHEET = (SAMPLES / "riverbend-worksheet.csv").read_bytes()
PARTICIPANTS = (SAMPLES / "riverbend-participants.csv").read_bytes()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to CSV, to our cell rules, or to text handling.
SPICY = st.sampled_from(['"', ",", ";", "\n", "\r", "\t", " ", "\ufeff", "\x00", "\u2028", "X", "0", "-",
                         "gap", "point", "resource", "Intercept 2", "é", "\U0001f4de", "\xff"])


def ends_cleanly(call, *args) -> None:
    """``call`` returns, or raises ``InputError`` whose problems all name the file."""
    try:
        call(*args)
    except InputError as exc:
        assert exc.problems
        assert all(p.file == args[1] for p in exc.problems), exc.problems


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The original file with a few random cuts, insertions, duplicated or swapped lines."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "insert", "duplicate", "swap", "bytes"]))
        at = draw(st.integers(0, len(data)))
        if op == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(SPICY).encode("utf-8", "surrogatepass")
        elif op == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(st.binary(max_size=600))
def test_any_bytes_as_a_worksheet(data):
    ends_cleanly(parse_worksheet, data, "fuzz.csv")


@FUZZ
@given(st.binary(max_size=600))
def test_any_bytes_as_participants(data):
    ends_cleanly(parse_participants, data, "fuzz.csv")


@FUZZ
@given(st.lists(st.one_of(SPICY, st.text(max_size=6)), max_size=60).map("".join))
def test_any_text_after_a_valid_header(text):
    readers = ((",".join(COLUMNS), parse_worksheet), ("name,lived_experience,sector", parse_participants))
    for header, parse in readers:
        ends_cleanly(parse, (header + "\n" + text).encode("utf-8", "surrogatepass"), "fuzz.csv")


@FUZZ
@given(mutated(WORKSHEET), st.sampled_from(["samhsa", "five-intercept", "texas"]))
def test_near_valid_worksheets(data, preset):
    ends_cleanly(parse_worksheet, data, "fuzz.csv", preset)


@FUZZ
@given(mutated(PARTICIPANTS))
def test_near_valid_participants(data):
    ends_cleanly(parse_participants, data, "fuzz.csv")


# --- valid worksheets round-trip -----------------------------------------------------------------

# No surrogates, controls or non-characters (Cn: U+FFFE and the like, which no file may hold).
CELL_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters=";") | \
    st.sampled_from(["\t", "\n", '"', ",", "&", "<", ">", "\u200f"])
cells = st.text(CELL_CHARS, max_size=12).map(str.strip)
titles = cells.filter(bool)


@st.composite
def worksheets(draw) -> list[list[str]]:
    """Valid worksheet rows: unique point titles, follows and at_point naming earlier points."""
    point_titles = draw(st.lists(titles, max_size=8, unique=True))
    rows: list[list[str]] = []
    placed: list[tuple[str, str]] = []
    for title in point_titles:
        intercept = draw(st.sampled_from("012345"))
        follows = draw(st.lists(st.sampled_from([t for t, _ in placed]), unique=True, max_size=2)) \
            if placed else []
        rows.append([intercept, "point", title, draw(cells), ";".join(follows), "", draw(cells), "", ""])
        placed.append((title, intercept))
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["resource", "gap"]))
        at = draw(st.sampled_from([""] + [t for t, _ in placed]))
        votes = draw(st.sampled_from(["", "0", "3", "12"])) if kind == "gap" else ""
        theme = draw(cells).lower()
        rows.append([draw(st.sampled_from("012345X")), kind, draw(titles), draw(cells), "", at, draw(cells),
                     votes, theme])
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@FUZZ
@given(worksheets())
def test_valid_worksheets_round_trip(rows):
    ws = parse_worksheet(as_csv(rows), "gen.csv").workshop
    exported = worksheet_rows(ws)
    # Import takes off the guard an export puts before a formula ("'=x" is read as "=x").
    expected = Counter(tuple(unguard_cell(cell) for cell in row) for row in rows)
    assert Counter(tuple(r[c] for c in COLUMNS) for r in exported) == expected
    again = parse_worksheet(format_worksheet(ws).encode("utf-8"), "again.csv").workshop
    assert format_worksheet(again) == format_worksheet(ws)


@FUZZ
@given(st.lists(st.tuples(titles, cells, st.booleans(), cells), max_size=6))
def test_valid_participants_round_trip(people):
    data = as_participants(people)
    parsed, _ = parse_participants(data, "gen.csv")
    again, _ = parse_participants(format_participants(parsed).encode("utf-8"), "again.csv")
    assert [p.model_dump(exclude={"id"}) for p in again] == [p.model_dump(exclude={"id"}) for p in parsed]
    assert [(p.name, p.organisation, p.lived_experience, p.email) for p in parsed] == people


def as_participants(people: list[tuple[str, str, bool, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["name", "organisation", "lived_experience", "email"])
    writer.writerows([name, org, "yes" if lived else "no", email] for name, org, lived, email in people)
    return out.getvalue().encode("utf-8")
