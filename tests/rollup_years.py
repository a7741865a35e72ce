"""A state program that repeats workshops: two yearly files of one county and a five-intercept county."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intercept_mapper.model.simmap_file import save_workshop
from tests.rollup_communities import community


def write_program(folder: Path) -> dict[str, Path]:
    """adams-2025 and adams-2026 (one county, two years), and clark (five intercepts, report date only)."""
    folder.mkdir(parents=True, exist_ok=True)
    older = community("Adams County", [
        ("0", "No mobile crisis at night", "crisis-services", 9),
        ("5", "Probation officers not trained", "community-supervision", 3),
        ("X", "Lack of supportive housing", "housing", 5),
    ])
    older.info.dates = [date(2025, 3, 4), date(2025, 3, 5)]
    newer = community("  ADAMS county ", [  # the same county spelled otherwise
        ("0", "No mobile crisis at night", "crisis-services", 4),
        ("X", "Lack of supportive housing", "housing", 8),
        ("X", "Caseloads too large", "community-supervision", 2),
        ("X", "Court calendar is slow", "", 1),
    ])
    newer.info.dates = [date(2026, 4, 1)]
    clark = community("Clark County", [
        ("1", "Deputies not trained", "training", 2),
        ("5", "Technical violations", "community-supervision", 1),
    ], preset="five-intercept")
    clark.info.report_date = date(2026, 6, 1)
    paths = {}
    # Written newest first, so that the file order is not what decides which one counts.
    for name, ws in (("adams-2026", newer), ("adams-2025", older), ("clark", clark)):
        paths[name] = folder / f"{name}.simmap"
        save_workshop(ws, paths[name], backup=False)
    return paths
