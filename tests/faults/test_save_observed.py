"""Saves proven atomic by watching the file system from outside the saving code.

``tests/model/test_atomic_save.py`` injects failures into the ``os`` calls it knows of; a save that
wrote the target in place some other way (``shutil.copyfile``, ``open(path, "wb")``) would slip past
it. Here another process reads the file while it is saved again and again, and a save is killed just
before each of its calls into the system, whatever they are (``observed_save_child.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from big_map import big_workshop, make_version

from intercept_mapper.model.simmap_file import dumps_workshop, save_workshop

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("observed_save_child.py")
ENV = dict(os.environ, PYTHONPATH=str(REPO))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork and SIGKILL")


def test_another_process_reading_during_saves_sees_only_whole_documents(tmp_path: Path) -> None:
    ws = big_workshop(1500)
    versions = []
    for n in range(3):
        make_version(ws, n)
        versions.append(ws.model_copy(deep=True))
    for n, version in enumerate(versions):
        (tmp_path / f"allowed-{n}").write_bytes(dumps_workshop(version).encode())
    target = tmp_path / "map.simmap"
    save_workshop(versions[0], target)
    reader = subprocess.Popen([sys.executable, str(CHILD), "read", str(tmp_path)], env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "READY", reader.stderr.read()
        for n in range(60):
            save_workshop(versions[1 + n % 2], target)  # ~1 MB each, alternately
    finally:
        (tmp_path / "stop").write_bytes(b"")
        out, err = reader.communicate(timeout=30)
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["bad_count"] == 0, summary
    assert summary["reads"] >= 20, summary  # the reader really read while the saves ran


def test_a_save_killed_before_each_of_its_system_calls_leaves_old_or_new(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(CHILD), "kill", str(tmp_path)], env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    steps = [json.loads(line) for line in done.stdout.splitlines()]
    assert steps[-1]["done"], steps[-1]  # the last run saved to the end, unkilled
    assert all(s["killed"] for s in steps[:-1])
    # temp file, write, sync, close; backup: read, temp, write, sync, close, rename; rename; folder sync
    assert len(steps) > 12
    for s in steps:
        where = f"killed before call {s['step']} ({s['call']})"
        assert s["target"] in ("old", "new"), f"{where}: the file is {s['target']}"
        # The previous version is kept before the new one takes its place: never lost to a kill.
        assert s["bak"] == ("old" if s["target"] == "new" else s["bak"]), f"{where}: .bak is {s['bak']}"
        assert s["bak"] in ("older", "old"), f"{where}: .bak is {s['bak']}"
        # A kill leaves at most hidden temporary files (the next save clears old ones).
        others = [n for n in s["names"] if n not in ("map.simmap", "map.simmap.bak")]
        assert all(n.startswith(".map.simmap.") and n.endswith(".tmp") for n in others), where
        assert "map.simmap" in s["names"] and "map.simmap.bak" in s["names"], where
    assert steps[-1]["target"] == "new" and steps[-1]["bak"] == "old"
    assert steps[-1]["names"] == ["map.simmap", "map.simmap.bak"]
    assert any(s["target"] == "old" for s in steps) and any(s["target"] == "new" for s in steps[:-1])
