"""A process killed (SIGKILL, from outside) at random moments while saving a 3,000-item workshop or
writing its recovery copy: the file on disk is always the old or the new document, never a mix, and
the recovery copy restores the latest edits."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from big_map import big_workshop, version

from intercept_mapper.model import Workshop
from intercept_mapper.model.atomic_write import backup_path
from intercept_mapper.model.simmap_file import load_workshop, save_workshop
from intercept_mapper.ui.files.document_session import DocumentSession
from intercept_mapper.ui.files.recovery import RecoveryWriter, find_recovery_copies, restore_copy

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("save_loop_child.py")
SAVE_KILLS = int(os.environ.get("FAULT_KILLS", "20"))
RECOVERY_KILLS = max(1, SAVE_KILLS // 2)


def _run_until_killed(mode: str, path: Path, rng: random.Random, word: str) -> int:
    """Start the child, kill it at a random moment after READY; the last ``word n`` it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, str(CHILD), mode, str(path)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        ready = child.stdout.readline().strip()
        assert ready == "READY", (ready, child.stderr.read() if child.poll() is not None else "")
        time.sleep(rng.uniform(0.0, 0.3))  # somewhere in a save: serialising, writing, syncing, renaming
    finally:
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=20)
    assert child.returncode == -signal.SIGKILL, err
    done = [int(line.split()[1]) for line in out.splitlines() if line.startswith(word)]
    return done[-1] if done else 0


def _which_version(ws: Workshop, candidates: list[int]) -> int:
    for n in candidates:
        if ws == version(n):
            return n
    raise AssertionError(f"the file is none of versions {candidates}: title {ws.info.title!r}")


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    rng = random.Random(20260601)
    path = tmp_path / "county.simmap"
    save_workshop(big_workshop(), path)
    previous = 0  # the version on disk before each child starts
    mid_loop = 0
    for _ in range(SAVE_KILLS):
        last = _run_until_killed("save", path, rng, "SAVED")
        on_disk = load_workshop(path)  # always loads: never half written
        # The child restarts from version 0 each time, so the file holds the previous run's version
        # (killed before its first save completed), the last reported one, or the one being written.
        found = _which_version(on_disk, sorted({previous if last == 0 else last, last + 1}))
        mid_loop += last > 0
        if backup_path(path).exists():
            load_workshop(backup_path(path))  # the kept previous version is whole too
        previous = found
        # Temporary files of an interrupted save are hidden next to the target; they are never taken
        # for the document. Clear them so that they cannot pile up across the runs of this test.
        for litter in tmp_path.glob(".county.simmap*.tmp"):
            litter.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county.simmap", "county.simmap.bak"]
    assert mid_loop >= SAVE_KILLS // 2  # most kills landed in the middle of the loop of saves


def test_a_recovery_write_killed_at_any_moment_restores_the_latest_edits(qtbot, tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "county.simmap"
    save_workshop(big_workshop(), path)
    original = path.read_bytes()
    for _ in range(RECOVERY_KILLS):
        last = _run_until_killed("recovery", path, rng, "COPIED")
        copies = find_recovery_copies()
        if last == 0 and not copies:
            continue  # killed before the first copy: there was nothing to lose yet
        assert len(copies) == 1, copies
        copy = copies[0]
        restored = copy.load()  # never a half-written copy
        found = _which_version(restored, [last, last + 1])
        assert found >= last  # everything the child reported as copied is there
        session = DocumentSession()
        writer = RecoveryWriter(session, folder=copy.copy_path.parent)
        assert restore_copy(session, writer, copy) == ""
        assert session.document.workshop == version(found) and session.is_modified()
        assert copy.original_path == path and copy.pid is not None  # the sidecar is never missing
        copy.discard()
        writer.dispose()
        session.close()
    assert path.read_bytes() == original  # recovery never touches the user's file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county.simmap"]


def test_the_next_save_clears_temporary_files_a_killed_save_left(qtbot, monkeypatch, tmp_path: Path) -> None:
    from tests.ui.window_helpers import make_window

    path = tmp_path / "county [1].simmap"  # glob characters in the name must not matter
    save_workshop(big_workshop(300), path)
    old = [tmp_path / ".county [1].simmap.k1ll3d_x.tmp", tmp_path / ".county [1].simmap.bak.k1ll3d_y.tmp"]
    fresh = tmp_path / ".county [1].simmap.fr3sh_zz.tmp"  # perhaps another instance saving right now
    other = tmp_path / ".other.simmap.k1ll3d_z.tmp"
    for temp in [*old, fresh, other]:
        temp.write_bytes(b"half a file")
    hours_ago = time.time() - 2 * 3600
    for temp in [*old, other]:
        os.utime(temp, (hours_ago, hours_ago))
    window = make_window(qtbot, monkeypatch)
    assert window.open_path(path)
    window.undo_stack.resetClean()
    assert window.files.save()
    assert not any(t.exists() for t in old)
    assert fresh.exists() and other.exists()


def test_leftovers_of_killed_recovery_writes_are_cleared_an_hour_on() -> None:
    from intercept_mapper import paths

    folder = paths.recovery_dir()
    folder.mkdir(parents=True)
    old_temp = folder / ".abc.simmap.k1ll3d.tmp"
    orphan = folder / "def.recovery.json"  # its copy was never written
    kept_sidecar = folder / "ghi.recovery.json"
    copy = folder / "ghi.simmap"
    fresh_temp = folder / ".jkl.simmap.wr1t1ng.tmp"  # another instance writing right now
    for path in (old_temp, orphan, kept_sidecar, fresh_temp):
        path.write_text("{}", encoding="utf-8")
    save_workshop(big_workshop(300), copy)
    hours_ago = time.time() - 2 * 3600
    for path in (old_temp, orphan, kept_sidecar, copy):
        os.utime(path, (hours_ago, hours_ago))
    assert [c.copy_path for c in find_recovery_copies()] == [copy]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [fresh_temp.name, kept_sidecar.name, copy.name])
