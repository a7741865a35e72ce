"""``import-worksheet``: good worksheets become workshop files; every bad one fails cleanly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cli_support import SAMPLES, assert_clean_failure, snapshot

from intercept_mapper.model.simmap_file import load_workshop

HEADER = "intercept,kind,title,description,follows,at_point,organisation,votes\n"
GOOD_ROWS = (
    "1,point,911 dispatch,County PSAP,,,County Communications,\n"
    "1,point,Patrol officers,,911 dispatch,,Police,\n"
    "1,gap,No transfer from 911 to 988,,,911 dispatch,,4\n"
    "X,resource,Coordinating council,Meets monthly,,,County,\n"
)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    """Write a test input file (text as UTF-8) and return its path."""
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# (case, worksheet content, preset, line the error must name or None, a word the message must contain)
BAD_WORKSHEETS = [
    ("missing required column", "intercept,title\n1,Dispatch\n", "samhsa", None, "kind"),
    ("intercept outside the preset", HEADER + "1,point,Patrol,,,,,\n0,point,Crisis line,,,,,\n",
     "five-intercept", 3, "0"),
    ("unknown kind", HEADER + "1,box,Something,,,,,\n", "samhsa", 2, "box"),
    ("two points with one title in one intercept",
     HEADER + "1,point,Patrol,,,,,\n1,point,Patrol,,,,,\n", "samhsa", 3, "Patrol"),
    ("at_point naming no point", HEADER + "1,point,Patrol,,,,,\n1,gap,No CIT,,,Nowhere,,2\n",
     "samhsa", 3, "Nowhere"),
    ("follows naming no point", HEADER + "1,point,Patrol,,Nowhere,,,\n", "samhsa", 2, "Nowhere"),
    ("negative votes", HEADER + "X,gap,No housing,,,,,-3\n", "samhsa", 2, "votes"),
    ("non-numeric votes", HEADER + "X,gap,No housing,,,,,many\n", "samhsa", 2, "votes"),
    ("empty title", HEADER + "1,point,   ,,,,,\n", "samhsa", 2, "title"),
    ("empty file", "", "samhsa", None, ""),
    ("binary garbage", bytes((n * 37 + 11) % 256 for n in range(4096)), "samhsa", None, ""),
]


@pytest.mark.parametrize(("case", "content", "preset", "line", "word"), BAD_WORKSHEETS,
                         ids=[c[0] for c in BAD_WORKSHEETS])
def test_bad_worksheet_fails_cleanly(cli, tmp_path: Path, out_dir: Path, case: str, content: str | bytes,
                                     preset: str, line: int | None, word: str) -> None:
    sheet = write(tmp_path, "sheet.csv", content)
    before = snapshot(sheet)
    result = cli("import-worksheet", sheet, "--preset", preset, "-o", out_dir / "out.simmap")
    assert_clean_failure(result, names=sheet, before=before, out_dir=out_dir)
    if line is not None:
        assert any(f"{sheet}:{line}" in err for err in result.error_lines), result.err
    assert word in result.err


def test_every_bad_row_is_reported_not_just_the_first(cli, tmp_path: Path, out_dir: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER + "1,box,A,,,,,\n1,point,B,,,,,\nX,gap,C,,,,,-1\n")
    result = cli("import-worksheet", sheet, "-o", out_dir / "out.simmap")
    assert_clean_failure(result, names=sheet, before=snapshot(sheet), out_dir=out_dir)
    assert any(f"{sheet}:2" in e for e in result.error_lines)
    assert any(f"{sheet}:4" in e for e in result.error_lines)


def test_imports_the_sample_with_participants(cli, tmp_path: Path) -> None:
    sheet, people = SAMPLES / "riverbend-worksheet.csv", SAMPLES / "riverbend-participants.csv"
    before = snapshot(sheet, people)
    out = tmp_path / "riverbend.simmap"
    result = cli("import-worksheet", sheet, "--participants", people, "-o", out)
    assert result.code == 0, result.err
    assert snapshot(sheet, people) == before
    ws = load_workshop(out)
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    assert len(ws.points) == sum(r["kind"] == "point" for r in rows)
    assert len(ws.findings) == sum(r["kind"] in ("resource", "gap") for r in rows)
    assert len(ws.participants) == 12
    assert {p.name for p in ws.participants} >= {"Dana Whitfield", "Jamal Greene"}
    # Automatic layout: points of a later intercept sit to the right of every point of an earlier one.
    xs = {i: [p.x for p in ws.points if p.intercept == i] for i in ws.scheme.ids()}
    assert max(xs["0"]) < min(xs["1"]) and max(xs["4"]) < min(xs["5"])
    assert cli("validate", out).out.strip() == "OK"


def test_unknown_column_is_a_warning_and_the_file_is_written(cli, tmp_path: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER.rstrip("\n") + ",colour\n1,point,911 dispatch,,,,,,red\n")
    out = tmp_path / "out.simmap"
    result = cli("import-worksheet", sheet, "-o", out)
    assert result.code == 0, result.err
    assert any(line.startswith("warning: ") and "colour" in line for line in result.error_lines)
    assert [p.title for p in load_workshop(out).points] == ["911 dispatch"]


def test_five_intercept_preset_has_no_intercept_zero(cli, tmp_path: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER + GOOD_ROWS)
    out = tmp_path / "out.simmap"
    assert cli("import-worksheet", sheet, "--preset", "five-intercept", "-o", out).code == 0
    assert load_workshop(out).scheme.ids() == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("which", ["worksheet", "participants"])
def test_refuses_to_write_over_an_input(cli, tmp_path: Path, which: str) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER + GOOD_ROWS)
    people = write(tmp_path, "people.csv", "name,sector\nAna,courts\n")
    before = snapshot(sheet, people)
    target = sheet if which == "worksheet" else people
    # Spell the output differently from the input: the check is on the file, not the text.
    result = cli("import-worksheet", sheet, "--participants", people, "-o", tmp_path / "." / target.name)
    assert_clean_failure(result, names=target.name, before=before)
    assert "input" in result.err


def test_bad_participants_file_fails_cleanly(cli, tmp_path: Path, out_dir: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER + GOOD_ROWS)
    people = write(tmp_path, "people.csv", "organisation,sector\nCourt,courts\n")  # no name column
    before = snapshot(sheet, people)
    result = cli("import-worksheet", sheet, "--participants", people, "-o", out_dir / "out.simmap")
    assert_clean_failure(result, names=people, before=before, out_dir=out_dir)


def test_missing_input_and_missing_output_folder(cli, tmp_path: Path, out_dir: Path) -> None:
    result = cli("import-worksheet", tmp_path / "nope.csv", "-o", out_dir / "out.simmap")
    assert_clean_failure(result, names="nope.csv", before={}, out_dir=out_dir)
    sheet = write(tmp_path, "sheet.csv", HEADER + GOOD_ROWS)
    result = cli("import-worksheet", sheet, "-o", tmp_path / "no-such-folder" / "out.simmap")
    assert_clean_failure(result, names="out.simmap", before=snapshot(sheet))


def test_usage_errors_exit_2(cli, tmp_path: Path, out_dir: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER + GOOD_ROWS)
    assert cli("import-worksheet", sheet).code == 2  # no -o
    result = cli("import-worksheet", sheet, "--preset", "ohio", "-o", out_dir / "x.simmap")
    assert result.code == 2
    assert all(name in result.err for name in ("samhsa", "five-intercept", "texas"))
    assert list(out_dir.iterdir()) == []


def test_existing_output_is_replaced_whole_with_force(cli, tmp_path: Path) -> None:
    sheet = write(tmp_path, "sheet.csv", HEADER + GOOD_ROWS)
    out = tmp_path / "out.simmap"
    assert cli("new", out, "--title", "Old").code == 0
    assert cli("import-worksheet", sheet, "-o", out).code == 1  # an existing workshop needs --force
    assert cli("import-worksheet", sheet, "-o", out, "--force").code == 0
    assert len(load_workshop(out).points) == 2
    assert load_workshop(out.with_name("out.simmap.bak")).info.title == "Old"


TRICKY = [
    "Police & Fire <joint> \"co-responder\" 'unit'",
    "Crisis line \U0001f4de / 988 \u2705",
    "\u05de\u05e8\u05db\u05d6 \u05de\u05e9\u05d1\u05e8 (right-to-left) \u0645\u0631\u0643\u0632",
    "\u7cbe\u795e\u5065\u5eb7\u6cd5\u5ead",
    "tab\there, newline\nthere, and a CRLF\r\nline",
    "L" * 980,  # near the title limit, with room for the suffixes the test adds
]


def test_tricky_text_imports_and_round_trips_unchanged(cli, tmp_path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["intercept", "kind", "title", "description", "follows", "at_point", "organisation",
                     "votes"])
    for n, text in enumerate(TRICKY):
        writer.writerow(["1", "point", text, f"about: {text}", TRICKY[n - 1] if n else "", "", text, ""])
        writer.writerow(["1", "gap", f"gap {n}: {text}", text, "", text, text, str(n)])
        writer.writerow(["X", "resource", f"resource {n}: {text}", text, "", "", text, ""])
    sheet = write(tmp_path, "tricky.csv", "\ufeff" + buf.getvalue())  # with a BOM, as Excel writes
    before = snapshot(sheet)
    out, back = tmp_path / "tricky.simmap", tmp_path / "back.csv"

    assert cli("import-worksheet", sheet, "-o", out).code == 0
    ws = load_workshop(out)
    assert [p.title for p in ws.points] == TRICKY
    assert [p.organisation for p in ws.points] == TRICKY
    assert {f.description for f in ws.findings} == set(TRICKY)

    result = cli("export", out, "--worksheet", back)
    assert result.code == 0, result.err
    assert snapshot(sheet) == before

    def rows(path: Path) -> list[tuple[str, ...]]:
        keys = ("intercept", "kind", "title", "description", "follows", "at_point", "organisation")
        with path.open(encoding="utf-8-sig", newline="") as f:
            return sorted(tuple(r.get(k, "") or "" for k in keys) + ((r.get("votes") or "0")
                          if r["kind"] == "gap" else "",) for r in csv.DictReader(f))

    assert rows(back) == rows(sheet)
