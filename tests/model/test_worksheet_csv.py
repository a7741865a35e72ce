"""Worksheet CSV import and export (contracts.md section 3)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from intercept_mapper.model import DEFAULT_TABLE_ID, Candidate, InputError, new_workshop
from intercept_mapper.model.worksheet_csv import (
    COLUMNS,
    format_worksheet,
    parse_worksheet,
    read_worksheet,
    worksheet_rows,
)
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "riverbend-worksheet.csv"
HEADER = "intercept,kind,title,description,follows,at_point,organisation,votes,theme"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    """A worksheet from CSV lines (header first), LF line ends."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def errors_of(data: bytes, preset: str = "samhsa") -> list[str]:
    """The problems an import raises, as printed (``file:line: field: message``)."""
    with pytest.raises(InputError) as caught:
        parse_worksheet(data, "w.csv", preset)
    return [str(p) for p in caught.value.problems]


def normalised(rows: list[dict[str, str]]) -> Counter:
    """Rows as comparable values: every column, trimmed; intercept ids, kinds and themes as stored."""
    return Counter(
        tuple(row.get(c, "").strip().lower() if c in ("kind", "theme") else row.get(c, "").strip()
              for c in COLUMNS)
        for row in rows
    )


def rows_of_text(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{k.strip().lower(): v for k, v in row.items()} for row in reader]


# --- the sample -------------------------------------------------------------------------------------


def test_sample_imports_points_flows_findings_and_candidates():
    result = read_worksheet(SAMPLE)
    ws = result.workshop
    assert result.warnings == []
    assert len(ws.points) == 15
    assert len(ws.flows) == 16
    assert len(ws.resources()) == 10
    assert len(ws.gaps()) == 15
    titles = {p.id: p.title for p in ws.points}
    probation = next(p for p in ws.points if p.title == "Probation")
    assert probation.intercept == "5"
    assert {titles[f.source] for f in ws.flows if f.target == probation.id} == {
        "Jail reentry planning", "Dispositional court"}
    gap = next(f for f in ws.findings if f.title == "No MOUD induction in jail")
    assert gap.intercept == "3" and titles[gap.point_id] == "County jail"
    housing = next(f for f in ws.findings if f.title == "Lack of supportive housing")
    assert housing.intercept == "X" and housing.point_id is None
    # Every gap is a candidate priority carrying its counted votes.
    by_gap = {c.gap_ids[0]: c for c in ws.voting.candidates}
    assert len(ws.voting.candidates) == 15 and set(by_gap) == {g.id for g in ws.gaps()}
    assert by_gap[housing.id].votes == {DEFAULT_TABLE_ID: 15}
    assert by_gap[housing.id].title == "Lack of supportive housing"


def test_sample_round_trip_keeps_every_row():
    original = rows_of_text(SAMPLE.read_text(encoding="utf-8"))
    exported = format_worksheet(read_worksheet(SAMPLE).workshop)
    assert normalised(rows_of_text(exported)) == normalised(original)
    # And a second trip is a fixed point, byte for byte.
    again = format_worksheet(parse_worksheet(exported.encode(), "again.csv").workshop)
    assert again == exported


def test_export_is_in_map_order():
    rows = worksheet_rows(read_worksheet(SAMPLE).workshop)
    assert [r["intercept"] for r in rows] == sorted(
        (r["intercept"] for r in rows), key=lambda i: "012345X".index(i))
    first_lane = [(r["kind"], r["title"]) for r in rows if r["intercept"] == "1"]
    assert first_lane[:3] == [("point", "911 dispatch"), ("point", "Co-responder team"),
                              ("point", "Patrol officers")]
    assert [k for k, _ in first_lane] == ["point"] * 3 + ["resource"] * 2 + ["gap"] * 3
    assert format_worksheet(new_workshop()).splitlines() == [HEADER]


def test_import_lays_points_out_in_their_lanes():
    ws = read_worksheet(SAMPLE).workshop
    crisis = next(p for p in ws.points if p.title == "Crisis line / 988")
    jail = next(p for p in ws.points if p.title == "County jail")
    assert crisis.x < jail.x
    assert len({(p.x, p.y) for p in ws.points}) == len(ws.points)


# --- hostile but valid text -------------------------------------------------------------------------

HOSTILE = [
    'AT&T <b>bold</b> & "quoted"',
    "Crisis 🚑 line",
    "مركز الأزمات",
    "危机干预中心",
    "tab\there and\nnew line",
    "Probation; parole office",
    "x" * 980,  # near the title limit, with room for the suffixes the tests add
]


def test_hostile_text_round_trips_unchanged():
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for n, title in enumerate(HOSTILE):
        follows = HOSTILE[n - 1] if n else ""
        writer.writerow(["2", "point", title, f"desc {title}", follows, "", f"org {title}", "", ""])
        writer.writerow(["2", "gap", f"gap {title}", title, "", title, title, str(n), f"Theme {title}"])
    writer.writerow(["X", "resource", HOSTILE[0], HOSTILE[4], "", HOSTILE[5], "", "", ""])
    data = out.getvalue().encode("utf-8")
    ws = parse_worksheet(data, "hostile.csv").workshop
    assert sorted(p.title for p in ws.points) == sorted(HOSTILE)
    parole = next(p for p in ws.points if p.title == "Probation; parole office")
    assert [f.source for f in ws.flows if f.target == parole.id] == [
        next(p.id for p in ws.points if p.title == HOSTILE[4])]
    exported = format_worksheet(ws)
    assert normalised(rows_of_text(exported)) == normalised(rows_of_text(data.decode("utf-8")))


def test_bom_crlf_header_case_and_spaces():
    data = b"\xef\xbb\xbf Intercept ,KIND,Title\r\n1,Point,  Patrol  \r\n\r\n1,GAP,No CIT\r\n"
    ws = parse_worksheet(data, "w.csv").workshop
    assert [p.title for p in ws.points] == ["Patrol"]
    assert [g.title for g in ws.gaps()] == ["No CIT"]


@pytest.mark.parametrize(
    "text", ["2", "Intercept 2", "intercept  2", "INITIAL DETENTION / initial court hearings",
             "Initial Detention/Initial Court Hearings"])
def test_intercept_forms(text):
    ws = parse_worksheet(csv_bytes(f'"{text}",point,Arrest'), "w.csv").workshop
    assert ws.points[0].intercept == "2"


@pytest.mark.parametrize("text", ["X", "x", "cross", "Cross-intercept", "cross intercept"])
def test_cross_intercept_forms(text):
    ws = parse_worksheet(csv_bytes(f"{text},gap,No housing"), "w.csv").workshop
    assert ws.findings[0].intercept == "X"


def test_texas_labels_under_texas_preset():
    data = csv_bytes('"Mobile Crisis Outreach Teams / Co-Response",point,MCOT')
    assert parse_worksheet(data, "w.csv", "texas").workshop.points[0].intercept == "0"


def test_votes_zero_and_empty_come_back_as_written():
    data = csv_bytes("1,gap,A,,,,,0,", "1,gap,B,,,,,,", "1,gap,C,,,,,007,")
    ws = parse_worksheet(data, "w.csv").workshop
    votes = {c.title: c.votes for c in ws.voting.candidates}
    assert votes == {"A": {DEFAULT_TABLE_ID: 0}, "B": {}, "C": {DEFAULT_TABLE_ID: 7}}
    rows = {r["title"]: r["votes"] for r in worksheet_rows(ws)}
    assert rows == {"A": "0", "B": "", "C": "7"}


def test_votes_of_a_merged_candidate_are_not_written_on_a_gap():
    ws = parse_worksheet(csv_bytes("1,gap,A,,,,,4,", "1,gap,B,,,,,2,"), "w.csv").workshop
    a, b = ws.gaps()
    ws.voting.candidates = [Candidate(id="cd-m", title="A and B", gap_ids=[a.id, b.id],
                                      votes={DEFAULT_TABLE_ID: 6})]
    assert {r["title"]: r["votes"] for r in worksheet_rows(ws)} == {"A": "", "B": ""}


def test_theme_is_lower_cased_and_unknown_columns_warn():
    data = csv_bytes("1,gap,No CIT,,,,,,Training", header=HEADER + ",Notes")
    result = parse_worksheet(data, "w.csv")
    assert result.workshop.findings[0].theme == "training"
    assert [str(w) for w in result.warnings] == ["w.csv:1: unknown column 'notes' ignored"]


def test_follows_prefers_the_point_in_its_own_intercept():
    data = csv_bytes("1,point,Screening", "2,point,Screening", "2,point,Booking,,Screening",
                     "1,gap,G,,,Screening")
    ws = parse_worksheet(data, "w.csv").workshop
    intercept_of = {p.id: p.intercept for p in ws.points}
    assert [intercept_of[f.source] for f in ws.flows] == ["2"]
    assert intercept_of[ws.findings[0].point_id] == "1"


# --- errors -----------------------------------------------------------------------------------------


def test_missing_required_column_is_named():
    assert errors_of(b"intercept,title\n1,Patrol\n") == ["w.csv:1: the required column 'kind' is missing"]


def test_intercept_outside_the_preset_names_the_preset():
    (error,) = errors_of(csv_bytes("1,point,Patrol", "0,point,Crisis line"), "five-intercept")
    assert error.startswith("w.csv:3: intercept: intercept 0 is not in the five-intercept preset")
    (error,) = errors_of(csv_bytes("Intercept 0,point,Crisis line"), "five-intercept")
    assert "five-intercept" in error


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("7,point,Patrol", "w.csv:2: intercept: '7' is not an intercept"),
        (",point,Patrol", "w.csv:2: intercept: the intercept is empty"),
        ("1,box,Patrol", "w.csv:2: kind: 'box' is not a kind"),
        ("1,point,  ", "w.csv:2: title: the title is empty"),
        ("1,point,Arrest,,Nowhere", "w.csv:2: follows: no decision point is titled 'Nowhere'"),
        ("1,gap,G,,,Nowhere", "w.csv:2: at_point: no decision point is titled 'Nowhere'"),
        ("1,gap,G,,,,,lots", "w.csv:2: votes: 'lots' is not a whole number"),
        ("1,gap,G,,,,,-3", "w.csv:2: votes: '-3' is negative"),
        ("1,gap,G,,,,,2.5", "w.csv:2: votes: '2.5' is not a whole number"),
        ("1,gap,G,,,,," + "9" * 5000, "w.csv:2: votes: '" + "9" * 5000 + "' is too many votes"),
        ("1,resource,R,,,,,3", "w.csv:2: votes: only gaps carry votes"),
        ("1,resource,R,,Arrest", "w.csv:2: follows: only decision points follow other points"),
        ("1,point,P,,,Arrest", "w.csv:2: at_point: a decision point has no at_point"),
        ("X,point,Council", "w.csv:2: intercept: a decision point belongs to an intercept"),
        ("1,point,Loop,,Loop", "w.csv:2: follows: 'Loop' cannot follow itself"),
    ],
)
def test_bad_row_is_reported_with_line_and_column(row, expected):
    errors = errors_of(csv_bytes(row))
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_two_points_with_one_title_in_one_intercept():
    errors = errors_of(csv_bytes("1,point,Patrol", "2,point,Patrol", "1,point,Patrol"))
    assert errors == ["w.csv:4: title: a decision point titled 'Patrol' is already in intercept 1 (line 2); "
                      "titles must differ within an intercept"]


def test_ambiguous_title_names_both_intercepts():
    (error,) = errors_of(csv_bytes("1,point,Screening", "2,point,Screening", "3,point,Jail,,Screening"))
    assert error.startswith(
        "w.csv:4: follows: 'Screening' is ambiguous: decision points in intercepts 1 and 2")


def test_every_bad_row_is_listed_in_line_order():
    data = (HEADER + '\n1,point,"Multi\nline"\n1,box,A\n1,gap,B,,,,,lots\n1,gap,,,,Nowhere\n').encode()
    errors = errors_of(data)
    assert [e.split(":")[1] for e in errors] == ["4", "5", "6", "6"]


def test_reading_a_missing_file_is_a_clean_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_worksheet(tmp_path / "nope.csv")
    assert "nope.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "w.csv: the file is empty"),
        (b"\xef\xbb\xbf \r\n", "w.csv: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "w.csv: the file is binary data"),
        (b"intercept,kind,title\n1,point,Caf\x81\n", "w.csv:2: the file is neither UTF-8 nor Windows-1252"),
        (b"\xff\xfei\x00\x00\xd8", "w.csv: the file starts as UTF-16 text but is not valid UTF-16"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "w.csv: the file is binary data"),
        (b"PK\x03\x04\x14\x00garbage", "w.csv: the file is a damaged zip archive"),
        (b'intercept,kind,title\n1,point,"open\n2,point,B\n', "w.csv:2: a quoted value starting in this row"),
        (b'intercept,kind,title\n1,point,"A"B\n', "w.csv:2: a closing '\"' must be followed"),
        (b"intercept,kind,title\n1,point,A,surprise\n", "w.csv:2: the row has 4 values"),
        (b"intercept,kind,title,Title\n", "w.csv:1: the column 'title' appears twice"),
    ],
)
def test_unreadable_input_is_a_clean_error(data, expected):
    errors = errors_of(data)
    assert errors[0].startswith(expected), errors


def test_header_only_imports_nothing_with_a_warning():
    result = parse_worksheet(csv_bytes(), "w.csv")
    assert result.workshop.points == [] and result.workshop.findings == []
    assert [str(w) for w in result.warnings] == ["w.csv:1: the worksheet has a header but no rows"]


def test_a_value_too_long_for_csv_is_a_clean_error():
    errors = errors_of(csv_bytes("1,point,Fine", "1,point," + "y" * 200_000))
    assert errors == ["w.csv:3: a value in this row is too long"]


def test_unknown_preset_is_refused():
    with pytest.raises(InputError, match="unknown preset 'nope'"):
        parse_worksheet(csv_bytes("1,point,A"), "w.csv", "nope")
