"""Spreadsheets at the command line (issue 17): what Excel writes imports, workbooks go both ways, votes
per table travel, and ``votes FILE --table NAME TALLY.csv`` records one table's tally."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from cli_support import assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop

WORKSHEET = (
    "intercept,kind,title,organization,votes:System,votes:Community,rank\n"
    "1,point,Patrol,Riverbend PD,,,\n"
    "1,gap,No CIT,NAMI,5,,\n"
    "2,gap,No interpreter,Court,0,3,\n"
    '"0;1",gap,No shared crisis data,911,,,\n'
    "X,gap,Housing,,,,\n"
)
PEOPLE = "name,table,facilitator\nAnn,system,no\nBob,system,no\nCy,community,no\nDee,,yes\n"


@pytest.fixture
def workshop(cli, tmp_path: Path) -> Path:
    """A workshop with a system and a community table, imported from a worksheet and a participants list."""
    sheet, people, out = tmp_path / "w.csv", tmp_path / "p.csv", tmp_path / "ws.simmap"
    sheet.write_text(WORKSHEET, encoding="utf-8")
    people.write_text(PEOPLE, encoding="utf-8")
    result = cli("import-worksheet", sheet, "--participants", people, "-o", out)
    assert result.code == 0 and result.err == "", result.err
    return out


def plan(cli, path: Path) -> dict[str, dict]:
    result = cli("plan", path, "--json")
    assert result.code == 0, result.err
    return {p["title"]: p for p in json.loads(result.out)["priorities"]}


def test_organization_fills_the_organisation(workshop):
    ws = load_workshop(workshop)
    assert [p.organisation for p in ws.points] == ["Riverbend PD"]
    assert [g.organisation for g in ws.gaps()] == ["NAMI", "Court", "911", ""]


def test_tables_from_the_worksheet_and_the_seating_are_the_same_tables(cli, workshop):
    ws = load_workshop(workshop)
    assert [t.name for t in ws.voting.tables] == ["System", "Community"]
    priorities = plan(cli, workshop)
    assert priorities["No CIT"]["votes_by_table"] == {"System": 5, "Community": 0}
    assert priorities["No CIT"]["uncounted_tables"] == ["Community"]
    assert priorities["No interpreter"]["votes_by_table"] == {"System": 0, "Community": 3}
    assert priorities["No shared crisis data"]["intercepts"] == ["0", "1"]
    assert priorities["Housing"]["counted"] is False


def test_excel_cp1252_semicolons_import_with_one_warning(cli, tmp_path):
    sheet = tmp_path / "excel.csv"
    sheet.write_bytes("Intercept;Kind;Title;Agency\r\n1;point;Patrouille;Département\r\n".encode("cp1252"))
    out = tmp_path / "out.simmap"
    result = cli("import-worksheet", sheet, "-o", out)
    assert result.code == 0
    assert len(result.error_lines) == 1 and result.error_lines[0].startswith(f"warning: {sheet}: ")
    assert "cp1252" in result.error_lines[0]
    assert load_workshop(out).points[0].organisation == "Département"


def test_worksheet_csv_export_has_a_bom_and_votes_per_table(cli, workshop, tmp_path):
    out = tmp_path / "back.csv"
    assert cli("export", workshop, "--worksheet", out).code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfintercept,kind,title,")
    assert "votes:System,votes:Community" in data.decode("utf-8-sig").splitlines()[0]
    again = tmp_path / "again.simmap"
    assert cli("import-worksheet", out, "-o", again).code == 0
    assert plan(cli, again)["No interpreter"]["votes_by_table"] == {"System": 0, "Community": 3}


def test_xlsx_export_and_import_round_trip(cli, workshop, tmp_path):
    out = tmp_path / "back.xlsx"
    result = cli("export", workshop, "--worksheet", out)
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["worksheet", "participants", "plans"]
    again = tmp_path / "again.simmap"
    result = cli("import-worksheet", out, "-o", again)
    assert result.code == 0 and result.err == "", result.err
    before, after = plan(cli, workshop), plan(cli, again)
    assert {t: (p["votes_by_table"], p["uncounted_tables"], p["intercepts"]) for t, p in before.items()} == \
        {t: (p["votes_by_table"], p["uncounted_tables"], p["intercepts"]) for t, p in after.items()}
    # The workbook's participants sheet came along (names, tables, the facilitator).
    assert [(p.name, p.table, p.facilitator) for p in load_workshop(again).participants] == [
        ("Ann", "system", False), ("Bob", "system", False), ("Cy", "community", False), ("Dee", "", True)]


def test_include_contacts_goes_with_pdf_or_a_workbook(cli, workshop, tmp_path):
    assert cli("export", workshop, "--worksheet", tmp_path / "a.csv", "--include-contacts").code == 2
    assert cli("export", workshop, "--worksheet", tmp_path / "a.xlsx", "--include-contacts").code == 0


def test_a_published_order_in_plan_json(cli, tmp_path):
    sheet, out = tmp_path / "w.csv", tmp_path / "o.simmap"
    sheet.write_text("intercept,kind,title,rank\nX,gap,Data,\n1,gap,Beds,2\n2,gap,Screening,1\n",
                     encoding="utf-8")
    assert cli("import-worksheet", sheet, "-o", out).code == 0
    result = cli("plan", out, "--json")
    priorities = json.loads(result.out)["priorities"]
    assert [(p["title"], p["published_rank"]) for p in priorities] == [
        ("Screening", 1), ("Beds", 2), ("Data", None)]
    assert "the order was given, not counted" in priorities[0]["reason"]


# --- votes FILE --table NAME TALLY.csv --------------------------------------------------------------

def tally(tmp_path: Path, text: str, name: str = "tally.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_votes_records_one_tables_tally(cli, workshop, tmp_path):
    sheet = tally(tmp_path, "candidate,votes\nno cit,2\nNo interpreter,\nHousing,0\n")
    result = cli("votes", workshop, "--table", "community table", sheet)
    assert result.code == 0, result.err
    assert result.out.strip() == f"{workshop}: Community: 2 counts recorded, 1 not counted"
    assert result.error_lines == [f"warning: {sheet}: 1 candidate of the workshop is not in the tally; its "
                                  "count at 'Community' kept as it is"]
    assert Path(f"{workshop}.bak").exists()
    priorities = plan(cli, workshop)
    assert priorities["No CIT"]["votes_by_table"] == {"System": 5, "Community": 2}
    assert priorities["No interpreter"]["uncounted_tables"] == ["Community"]  # blank: not counted
    assert priorities["Housing"]["counted"] is True and priorities["Housing"]["votes"] == 0


def test_votes_matches_a_candidate_by_id(cli, workshop, tmp_path):
    cand = next(c for c in load_workshop(workshop).voting.candidates if c.title == "Housing")
    sheet = tally(tmp_path, f"Candidate;Votes\n{cand.id};4\n")
    assert cli("votes", workshop, "--table", "System", sheet).code == 0
    assert plan(cli, workshop)["Housing"]["votes_by_table"]["System"] == 4


@pytest.mark.parametrize(("text", "table", "expected"), [
    ("candidate,votes\nNo CIT,1\n", "kitchen",
     "error: {file}: table: the workshop has no voting table 'kitchen' (its tables: 'System', 'Community')"),
    ("candidate,votes\nNo CIT,1\nNo beds,2\n", "System",
     "error: {tally}:3: candidate: no candidate priority is titled 'No beds' (nor has that id)"),
    ("candidate,votes\nNo CIT,1\nno  cit,2\n", "System",
     "error: {tally}:3: candidate: 'No CIT' is already on line 2"),
    ("candidate,votes\nNo CIT,-1\n", "System",
     "error: {tally}:2: votes: '-1' is negative: votes are a whole number of 0 or more (leave the cell blank "
     "when they were not counted)"),
    ("title,count\n", "System", None),
    ("candidate\nNo CIT\n", "System", "error: {tally}:1: the required column 'votes' is missing"),
])
def test_votes_refusals_change_nothing(cli, workshop, tmp_path, text, table, expected):
    sheet = tally(tmp_path, text)
    before = snapshot(workshop, sheet)
    result = cli("votes", workshop, "--table", table, sheet)
    if expected is None:  # an empty tally (aliases for both columns): nothing to do, nothing written
        assert result.code == 0 and "nothing changed" in result.out
        assert snapshot(workshop, sheet) == before
        return
    assert_clean_failure(result, names=sheet if "{tally}" in expected else workshop, before=before)
    assert result.error_lines == [expected.format(file=workshop, tally=sheet)]


def test_an_ambiguous_title_asks_for_the_id(cli, tmp_path):
    sheet, out = tmp_path / "w.csv", tmp_path / "o.simmap"
    sheet.write_text("intercept,kind,title\n1,gap,Same\n2,gap,Same\n", encoding="utf-8")
    assert cli("import-worksheet", sheet, "-o", out).code == 0
    ids = ", ".join(c.id for c in load_workshop(out).voting.candidates)
    result = cli("votes", out, "--table", "All participants", tally(tmp_path, "candidate,votes\nSame,1\n"))
    assert result.code == 1
    assert result.error_lines == [f"error: {tmp_path / 'tally.csv'}:2: candidate: 'Same' is the title of 2 "
                                  f"candidates: write the id of the one meant ({ids})"]


def test_over_budget_is_refused_unless_forced(cli, workshop, tmp_path):
    assert cli("info", workshop, "--set", "votes_per_participant=2").code == 0
    sheet = tally(tmp_path, "candidate,votes\nNo CIT,2\nNo interpreter,2\nHousing,1\n")  # 5 > 1 x 2
    before = snapshot(workshop, sheet)
    result = cli("votes", workshop, "--table", "Community", sheet)
    assert_clean_failure(result, names=sheet, before=before)
    assert result.error_lines == [
        f"error: {sheet}: Table 'Community' has 5 votes but only 2 to give (1 participant \u00d7 2 votes "
        "each). Nothing was written: check the tally (--force records it as it is)"]
    forced = cli("votes", workshop, "--table", "Community", sheet, "--force")
    assert forced.code == 0
    assert any("Recorded as it is (--force)" in line for line in forced.error_lines)
    assert plan(cli, workshop)["No CIT"]["votes_by_table"]["Community"] == 2


def test_votes_needs_a_table(cli, workshop, tmp_path):
    assert cli("votes", workshop, tally(tmp_path, "candidate,votes\n")).code == 2


def test_the_sample_comes_back_whole_from_its_workbook(cli, tmp_path):
    from cli_support import SAMPLES

    from intercept_mapper.model.participants_csv import participant_rows
    from intercept_mapper.model.plans_csv import plan_rows
    from intercept_mapper.model.worksheet_csv import format_worksheet

    sample = load_workshop(SAMPLES / "riverbend.simmap")
    book, again = tmp_path / "riverbend.xlsx", tmp_path / "again.simmap"
    assert cli("export", SAMPLES / "riverbend.simmap", "--worksheet", book, "--include-contacts").code == 0
    result = cli("import-worksheet", book, "-o", again)
    assert result.code == 0 and result.err == "", result.err
    back = load_workshop(again)
    assert format_worksheet(back) == format_worksheet(sample)
    assert participant_rows(back.participants) == participant_rows(sample.participants)
    assert plan_rows(back) == plan_rows(sample)
