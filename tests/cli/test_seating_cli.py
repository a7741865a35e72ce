"""import-worksheet with a participants list makes the voting tables it names; roster shows them."""

from __future__ import annotations

import json
from pathlib import Path

from intercept_mapper.model.simmap_file import load_workshop
from intercept_mapper.resources import SAMPLES_DIR

SHARED = SAMPLES_DIR  # the Riverbend CSVs (copies of shared/samples), shipped with the package


def test_the_participants_table_column_makes_the_voting_tables(cli, tmp_path: Path) -> None:
    out = tmp_path / "w.simmap"
    result = cli("import-worksheet", SHARED / "riverbend-worksheet.csv", "--participants",
                 SHARED / "riverbend-participants.csv", "-o", out)
    assert result.code == 0, result.err
    ws = load_workshop(out)
    names = [t.name for t in ws.voting.tables]
    # The worksheet's counted votes stay on the table they were counted at; the named ones are added.
    assert names == ["All participants", "System table", "Community table"]
    roster = json.loads(cli("roster", out, "--json").out)
    assert roster["tables"] == {"System table": 7, "Community table": 5}
    assert roster["lived_experience"] == 2 and roster["lived_experience_unknown"] == 0
    text = cli("roster", out).out
    assert "Tables: System table 7, Community table 5" in text
