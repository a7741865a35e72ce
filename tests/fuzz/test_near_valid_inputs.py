"""Near-valid inputs, mutated where tests/model's byte-level fuzzing does not reach: whole JSON items
duplicated, dropped, re-typed or pointed at each other in the real Riverbend file; worksheet and
participant cells swapped for awkward values; and recovery copies of any shape. Each ends in a result
or a clean ``InputError`` naming the file, never another exception. Whatever loads can be edited:
deleting everything and undoing it gives the file back exactly.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercept_mapper.model import Document, InputError
from intercept_mapper.model.document import COLLECTIONS
from intercept_mapper.model.participants_csv import parse_participants
from intercept_mapper.model.simmap_file import dumps_workshop, loads_workshop
from intercept_mapper.model.worksheet_csv import parse_worksheet
from intercept_mapper.resources import SAMPLE_WORKSHOP
from intercept_mapper.ui.files.recovery import RecoveryCopy
from tests.conftest import SAMPLES

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SAMPLE = json.loads(SAMPLE_WORKSHOP.read_text(encoding="utf-8"))
LISTS = [("points",), ("flows",), ("findings",), ("participants",), ("voting", "tables"),
         ("voting", "candidates"), ("voting", "ballots"), ("action_plans",)]
AWKWARD = ["", " ", "X", "9", "Intercept 2", "gap", "point", "resource", ";", "a;b;;c", '"', "\n", "-1",
           "1e9", "0x10", "yes", "no", "maybe", "\ufeff", "\u202e", "=1+1", "x" * 300, "Decision point 1"]


OPS = ["duplicate", "drop", "point-elsewhere", "drop-field", "retype", "swap-ids"]


def _list(raw: dict[str, Any], where: tuple[str, ...]) -> list[Any]:
    node: Any = raw
    for part in where:
        node = node[part]
    return node


@st.composite
def mutated_sample(draw: st.DrawFn) -> dict[str, Any]:
    """The Riverbend file with a few item-level changes that still parse as JSON."""
    raw = copy.deepcopy(SAMPLE)
    all_ids = [item["id"] for where in LISTS for item in _list(raw, where)]
    for _ in range(draw(st.integers(1, 3))):
        items = _list(raw, draw(st.sampled_from(LISTS)))
        if not items:
            continue
        n = draw(st.integers(0, len(items) - 1))
        op = draw(st.sampled_from(OPS))
        if op == "duplicate":  # the same id twice
            items.insert(draw(st.integers(0, len(items))), copy.deepcopy(items[n]))
        elif op == "drop":  # whatever referred to it now dangles
            del items[n]
        elif op == "point-elsewhere":  # a reference field at another kind of item, or at nothing
            refs = [k for k, v in items[n].items() if k != "id" and (k.endswith("_id") or k in (
                "source", "target")) and (v is None or isinstance(v, str))]
            if refs:
                items[n][draw(st.sampled_from(refs))] = draw(st.sampled_from([*all_ids, "nothing", None]))
        elif op == "drop-field":
            keys = [k for k in items[n] if k != "id"]
            if keys:
                del items[n][draw(st.sampled_from(keys))]
        elif op == "retype":
            keys = list(items[n])
            items[n][draw(st.sampled_from(keys))] = draw(st.sampled_from([None, 0, -3, 2.5, True, "", [], {},
                                                                          "X", "pt-x"]))
        else:
            m = draw(st.integers(0, len(items) - 1))
            items[n]["id"], items[m]["id"] = items[m]["id"], items[n]["id"]
    return raw


@FUZZ
@given(mutated_sample())
def test_item_level_changes_to_a_real_file_load_or_say_where(raw: dict[str, Any]) -> None:
    text = json.dumps(raw, indent=2, ensure_ascii=False)
    try:
        ws = loads_workshop(text.encode("utf-8"), "county.simmap")
    except InputError as error:
        assert error.problems and all(p.file == "county.simmap" for p in error.problems)
        lines = text.count("\n") + 1
        assert all(p.line is None or 1 <= p.line <= lines for p in error.problems)
        return
    # It loaded: it must also survive editing. Delete everything, then undo it exactly.
    before = ws.model_dump(mode="json")
    doc = Document(ws)
    record = doc.delete([item.id for name in COLLECTIONS for item in doc.items(name)])
    assert all(not doc.items(name) for name in COLLECTIONS)
    doc.revert(record)
    assert doc.workshop.model_dump(mode="json") == before
    assert loads_workshop(dumps_workshop(doc.workshop)) == doc.workshop


@FUZZ
@given(st.one_of(st.binary(max_size=400), mutated_sample().map(lambda r: json.dumps(r).encode("utf-8")),
                 st.sampled_from([b"", b"\xff\xfe", b"{", b"null", b'{"format": "intercept-mapper"}'])))
def test_any_recovery_copy_restores_or_is_refused_cleanly(tmp_path_factory, data: bytes) -> None:
    folder: Path = tmp_path_factory.mktemp("recovery")
    copy_path = folder / "abc.simmap"
    copy_path.write_bytes(data)
    found = RecoveryCopy("abc", copy_path, None, None, None)
    try:
        found.load()
    except InputError as error:
        assert error.problems and str(copy_path) in str(error)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


WORKSHEET_ROWS = _rows((SAMPLES / "riverbend-worksheet.csv").read_bytes())
PARTICIPANT_ROWS = _rows((SAMPLES / "riverbend-participants.csv").read_bytes())


@st.composite
def cell_mutations(draw: st.DrawFn, rows: list[list[str]]) -> bytes:
    """A real CSV with a few cells (header included) replaced by awkward values, or cells moved."""
    rows = [list(r) for r in rows]
    titles = [r[2] for r in rows[1:] if len(r) > 2]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        if not rows[r]:
            continue
        c = draw(st.integers(0, len(rows[r]) - 1))
        op = draw(st.sampled_from(["awkward", "another-title", "short-row", "long-row"]))
        if op == "awkward":
            rows[r][c] = draw(st.sampled_from(AWKWARD))
        elif op == "another-title" and titles:  # follows / at_point naming the wrong thing
            rows[r][c] = draw(st.sampled_from(titles))
        elif op == "short-row":
            del rows[r][c:]
        else:
            rows[r].append(draw(st.sampled_from(AWKWARD)))
    return _csv(rows)


@FUZZ
@given(cell_mutations(WORKSHEET_ROWS), st.sampled_from(["samhsa", "five-intercept", "texas"]))
def test_worksheets_with_awkward_cells_import_or_name_the_line(data: bytes, preset: str) -> None:
    try:
        result = parse_worksheet(data, "county.csv", preset)
    except InputError as error:
        assert error.problems and all(p.file == "county.csv" for p in error.problems)
    else:
        assert result.workshop.points or result.workshop.findings or result.warnings


@FUZZ
@given(cell_mutations(PARTICIPANT_ROWS))
def test_participant_lists_with_awkward_cells_import_or_name_the_line(data: bytes) -> None:
    try:
        parse_participants(data, "people.csv")
    except InputError as error:
        assert error.problems and all(p.file == "people.csv" for p in error.problems)
