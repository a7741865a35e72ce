"""Issue 14's "done when": a county's report made only by commands, from its own data: import-worksheet
with --set, info --set, import-plans, then export --final to PDF and HTML. Every sentence checked here
comes from what the commands were given; nothing is a placeholder or a default."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from intercept_mapper.resources import SAMPLES_DIR
from tests.export.report_helpers import all_text

SHARED = SAMPLES_DIR  # the Riverbend CSVs (copies of shared/samples), shipped with the package


def _plans_csv(path: Path, priorities: list[str]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["priority", "objective", "step", "who", "when", "status", "notes"])
    for n, title in enumerate(priorities, start=1):
        writer.writerow([title, f"Objective {n} agreed by the room", f"First step for priority {n}",
                         "Dana Whitfield", "2026-09-30", "not-started", ""])
        writer.writerow([title, f"Objective {n} agreed by the room", f"Second step for priority {n}",
                         "Priya Raman", "2026-12-31", "in-progress", "Funding asked for"])
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_county_report_made_headless_is_complete_and_true(cli, tmp_path: Path) -> None:
    workshop = tmp_path / "county.simmap"
    background = tmp_path / "background.txt"
    background.write_text("The county asked for a map of where people with mental illness meet the "
                          "justice system.\n\nThe planning team met three times.", encoding="utf-8")
    made = cli("import-worksheet", SHARED / "riverbend-worksheet.csv", "--participants",
               SHARED / "riverbend-participants.csv", "-o", workshop,
               "--set", "title=Riverbend County SIM Workshop Report",
               "--set", "jurisdiction=Riverbend County",
               "--set", "dates=2016-04-12,2016-05-03")
    assert made.code == 0, made.err
    info = cli("info", workshop, "--set", "attendance=38", "--set", "report_date=2016-06-01",
               "--set", f"background=@{background}", "--set", "prepared_by=Riverbend CJCC",
               "--set", "recommendations=Fund the crisis unit.", "--set", "votes_per_participant=3")
    assert info.code == 0, info.err
    priorities = json.loads(cli("plan", workshop, "--json").out)["priorities"]
    top = [p["title"] for p in priorities[:5] if p["votes"] > 0]
    plans = tmp_path / "plans.csv"
    _plans_csv(plans, top)
    imported = cli("import-plans", workshop, plans)
    assert imported.code == 0, imported.err

    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    result = cli("export", workshop, "--pdf", pdf, "--html", html, "--final")
    assert result.code == 0, result.err  # nothing required is empty: FINAL is not refused

    pdf_text = all_text(pdf.read_bytes())
    html_text = " ".join(re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8")).split())
    for text in (pdf_text, html_text):
        assert "Riverbend County SIM Workshop Report" in text
        assert "FINAL REPORT, June 1, 2016" in text  # the report's own date, not today
        assert "April 12, 2016 and May 3, 2016" in text
        assert "38 people attended; the participant list names 12 of them" in text
        assert "Each participant had 3 votes to give." in text
        assert f"The top {len(top)} candidates (shaded) became the priorities for change." in text
        assert "The planning team met three times." in text and "Fund the crisis unit." in text
        for title in top:
            assert title.replace("&", "&amp;") in text or title in text
        for untrue in ("DRAFT", "took part", "No action plans have been written yet", "None listed",
                       "No participants are recorded", "exported on", "not counted"):
            assert untrue not in text, untrue
