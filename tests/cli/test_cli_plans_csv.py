"""``export --plans`` and ``import-plans``: action plans through a committee's spreadsheet and back."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.model.workshop import ActionStep

COLUMNS = ["priority", "objective", "step", "who", "when", "status", "notes"]


@pytest.fixture
def riverbend(tmp_path: Path) -> Path:
    """A copy of the bundled sample (five plans, 21 steps), to be changed."""
    path = tmp_path / "riverbend.simmap"
    path.write_bytes((SAMPLES / "riverbend.simmap").read_bytes())
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))


def all_steps(path: Path) -> list[ActionStep]:
    return [s for p in load_workshop(path).action_plans for o in p.objectives for s in o.steps]


def test_export_writes_one_row_per_step(cli, riverbend: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans.csv"
    before = snapshot(riverbend)
    assert cli("export", riverbend, "--plans", out).code == 0
    header = b"\xef\xbb\xbfpriority,objective,step,who,when,status,notes,candidate_title\r\n"
    assert out.read_bytes().startswith(header)
    rows = read_rows(out)
    steps = all_steps(riverbend)
    assert len(rows) == len(steps) == 21
    assert [r["step"] for r in rows] == [s.text for s in steps]
    assert rows[0]["priority"] == "Supportive housing for people leaving jail or on probation"
    assert (rows[0]["who"], rows[0]["when"], rows[0]["status"]) == ("Kevin Tran", "2026-05-15", "done")
    assert snapshot(riverbend) == before


def test_export_then_import_unchanged_gives_an_identical_document(cli, riverbend: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "plans.csv"
    assert cli("export", riverbend, "--plans", out).code == 0
    before = snapshot(riverbend, out)
    result = cli("import-plans", riverbend, out)
    assert result.code == 0, result.err
    assert "nothing changed" in result.out and result.err == ""
    assert snapshot(riverbend, out) == before
    assert not riverbend.with_name("riverbend.simmap.bak").exists()


def test_edited_statuses_who_when_and_notes_come_back(cli, riverbend: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans.csv"
    assert cli("export", riverbend, "--plans", out).code == 0
    original = riverbend.read_bytes()
    rows = read_rows(out)
    rows[2].update(status="Done", notes="Vouchers approved on 1 October")
    rows[5].update(status="blocked", who="Jamal Greene", when="2026-11-30")
    rows.append({"priority": rows[0]["priority"], "objective": rows[0]["objective"],
                 "step": "Report to the Council", "who": "Kevin Tran", "when": "2026-12-15",
                 "status": "not started", "notes": ""})
    write_rows(out, rows)
    csv_before = snapshot(out)
    result = cli("import-plans", riverbend, out)
    assert result.code == 0, result.err
    assert f"{riverbend}: 2 steps updated, 1 step added" in result.out
    steps = all_steps(riverbend)
    assert (steps[2].status, steps[2].notes, steps[2].drafted) == ("done", "Vouchers approved on 1 October",
                                                                   False)
    assert steps[3].text == "Report to the Council"  # added at the end of its objective
    # rows[5] was the sixth step; the added one now comes before it.
    assert (steps[6].status, steps[6].who, steps[6].when) == ("blocked", "Jamal Greene", date(2026, 11, 30))
    assert steps[3].who_participant_id == steps[0].who_participant_id  # linked to Kevin Tran
    assert riverbend.with_name("riverbend.simmap.bak").read_bytes() == original
    assert snapshot(out) == csv_before  # the CSV is only read
    assert cli("validate", riverbend).out.strip() == "OK"


def test_steps_missing_from_the_csv_are_kept_with_a_warning(cli, riverbend: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans.csv"
    assert cli("export", riverbend, "--plans", out).code == 0
    rows = read_rows(out)[:1]
    rows[0]["status"] = "blocked"
    write_rows(out, rows, ["priority", "objective", "step", "status"])  # who, when, notes left out
    result = cli("import-plans", riverbend, out)
    assert result.code == 0, result.err
    assert result.error_lines == [f"warning: {riverbend}: 20 steps of the workshop are not in {out}; "
                                  "kept as they are"]
    steps = all_steps(riverbend)
    assert len(steps) == 21
    assert (steps[0].status, steps[0].who, steps[0].when) == ("blocked", "Kevin Tran", date(2026, 5, 15))


def test_formula_cells_are_guarded_and_come_back_as_typed(cli, riverbend: Path, tmp_path: Path) -> None:
    ws = load_workshop(riverbend)
    step = ws.action_plans[0].objectives[0].steps[0]
    step.text, step.notes, step.who = '=HYPERLINK("http://x","y")', "+1 from the Council", "@housing"
    save_workshop(ws, riverbend, backup=False)
    out = tmp_path / "plans.csv"
    assert cli("export", riverbend, "--plans", out).code == 0
    row = read_rows(out)[0]
    assert row["step"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert (row["notes"], row["who"]) == ("'+1 from the Council", "'@housing")
    before = snapshot(riverbend)
    result = cli("import-plans", riverbend, out)
    assert result.code == 0 and "nothing changed" in result.out, result.err
    assert snapshot(riverbend) == before


@pytest.mark.parametrize(("cells", "line_words"), [
    ({"status": "finished"}, ":3: status: 'finished' is not a status"),
    ({"when": "31/02/2026"}, ":3: when: '31/02/2026' is not a date in the calendar"),
    ({"priority": ""}, ":3: priority: the priority is empty"),
])
def test_a_bad_row_refuses_the_whole_file(cli, riverbend: Path, tmp_path: Path, cells: dict[str, str],
                                          line_words: str) -> None:
    out = tmp_path / "plans.csv"
    assert cli("export", riverbend, "--plans", out).code == 0
    rows = read_rows(out)
    rows[0]["status"] = "blocked"  # a good edit, not applied either
    rows[1].update(cells)
    write_rows(out, rows)
    before = snapshot(riverbend, out)
    result = cli("import-plans", riverbend, out)
    assert_clean_failure(result, names=out, before=before)
    assert len(result.error_lines) == 1, result.err
    assert result.error_lines[0].startswith(f"error: {out}{line_words}"), result.err
    assert not riverbend.with_name("riverbend.simmap.bak").exists()


def test_missing_columns_and_missing_files_are_refused(cli, riverbend: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "plans.csv"
    sheet.write_text("Priority,Status\nHousing,done\n", encoding="utf-8")
    before = snapshot(riverbend, sheet)
    result = cli("import-plans", riverbend, sheet)
    assert_clean_failure(result, names=sheet, before=before)
    assert result.error_lines == [f"error: {sheet}:1: the required column 'objective' is missing",
                                  f"error: {sheet}:1: the required column 'step' is missing"]
    assert cli("import-plans", riverbend, tmp_path / "none.csv").code == 1
    assert cli("import-plans", riverbend).code == 2
    assert snapshot(riverbend, sheet) == before


def test_export_plans_never_replaces_a_workshop(cli, riverbend: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.simmap"
    other.write_bytes(riverbend.read_bytes())
    before = snapshot(riverbend, other)
    assert_clean_failure(cli("export", riverbend, "--plans", other), names=other, before=before)
