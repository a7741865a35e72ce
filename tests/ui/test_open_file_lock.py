"""The open-file lock and the crash-copy check ask "is that process still running?" the same way on
every system: a lock or copy left by a process that has exited is stale, a live process's is not, and
``os.kill`` (which on Windows terminates the process it is asked about) is used nowhere."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intercept_mapper.model import own_temporaries
from intercept_mapper.running_processes import is_running, this_process_started
from intercept_mapper.ui.files import open_file_lock
from intercept_mapper.ui.files.open_file_lock import OpenFileLock
from intercept_mapper.ui.files.recovery_copies import find_recovery_copies

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "intercept_mapper"

# A child process that takes the lock on a file and then either waits (alive) or exits without
# releasing it (as a crash does).
_HOLD = """
import sys
from pathlib import Path
from intercept_mapper.ui.files.open_file_lock import OpenFileLock
lock = OpenFileLock(Path(sys.argv[1]))
lock.acquire(sys.argv[2])
print("HELD", flush=True)
if sys.argv[3] == "wait":
    sys.stdin.readline()
import os
os._exit(0)  # no release, no clean-up: the lock stays on disk
"""


def _child(*args: str, wait: bool) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, "-c", _HOLD, *args, "wait" if wait else "exit"], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "HELD"
    return child


@pytest.fixture
def no_os_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows, where os.kill(pid, 0) would end the process: a call from our code fails the test.

    psutil may call it: that is its POSIX implementation (on Windows it asks OpenProcess instead).
    """
    real_kill = os.kill

    def refuse(pid: int, sig: int) -> None:
        caller = sys._getframe(1).f_code.co_filename
        if f"{os.sep}psutil{os.sep}" not in caller:
            raise AssertionError(f"os.kill({pid}, {sig}) called from {caller}: on Windows it terminates")
        real_kill(pid, sig)

    monkeypatch.setattr(os, "kill", refuse)


def test_a_lock_left_by_a_process_that_exited_is_stale_and_removed(tmp_path: Path, no_os_kill: None) -> None:
    folder, workshop = tmp_path / "locks", tmp_path / "county.simmap"
    child = _child(str(folder), str(workshop), wait=False)
    child.wait(timeout=30)
    assert len(list(folder.glob("*.lock"))) == 1  # the crash left it behind
    assert not is_running(child.pid)
    assert OpenFileLock(folder).others(workshop) == []
    assert list(folder.glob("*.lock")) == []  # ignored, then removed


def test_a_live_other_process_lock_is_named_until_it_exits(tmp_path: Path, no_os_kill: None) -> None:
    folder, workshop = tmp_path / "locks", tmp_path / "county.simmap"
    child = _child(str(folder), str(workshop), wait=True)
    try:
        mine = OpenFileLock(folder)
        others = mine.acquire(workshop)
        assert [(h.pid, h.same_process) for h in others] == [(child.pid, False)]
        assert f"process {child.pid} on this computer" in others[0].describe()
    finally:
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=30)
    assert mine.others(workshop) == []
    assert [p.name for p in folder.glob("*.lock")] == [mine._lock_file(workshop.absolute(), mine.token).name]
    mine.release()
    assert list(folder.glob("*.lock")) == []


def test_two_windows_of_one_process_are_told_apart_by_token(tmp_path: Path, no_os_kill: None) -> None:
    folder, workshop = tmp_path / "locks", tmp_path / "county.simmap"
    first, second = OpenFileLock(folder), OpenFileLock(folder)
    assert first.acquire(workshop) == []
    holders = second.acquire(workshop)
    assert [(h.pid, h.same_process) for h in holders] == [(os.getpid(), True)]
    assert holders[0].describe() == "another window of this Intercept Mapper"
    # A window that went away without closing: its token is no longer live, so its lock is stale.
    open_file_lock._LIVE_TOKENS.discard(first.token)
    assert second.others(workshop) == []
    assert len(list(folder.glob("*.lock"))) == 1
    second.release()


def test_another_computers_lock_is_never_judged_stale(tmp_path: Path, no_os_kill: None) -> None:
    folder, workshop = tmp_path / "locks", tmp_path / "county.simmap"
    other = OpenFileLock(folder)
    other.acquire(workshop)
    lock = next(folder.glob("*.lock"))
    record = json.loads(lock.read_text(encoding="utf-8"))
    lock.write_text(json.dumps(dict(record, host="clerk-laptop", pid=2**22 + 7)), encoding="utf-8")
    holders = OpenFileLock(folder).others(workshop)
    assert [h.host for h in holders] == ["clerk-laptop"] and lock.exists()
    open_file_lock._LIVE_TOKENS.discard(other.token)


def test_a_reused_process_id_is_not_the_process_that_started_earlier() -> None:
    started = this_process_started()
    assert started is not None
    assert is_running(os.getpid()) and is_running(os.getpid(), started)
    assert not is_running(os.getpid(), started - 60)  # same id, another start: another process
    assert not is_running(0) and not is_running(-5)


def _copy(folder: Path, name: str, sidecar: dict) -> None:
    from intercept_mapper.resources import SAMPLE_WORKSHOP

    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.simmap").write_bytes(SAMPLE_WORKSHOP.read_bytes())
    (folder / f"{name}.recovery.json").write_text(json.dumps(sidecar), encoding="utf-8")


def test_a_crash_copy_is_offered_once_its_writer_has_exited(tmp_path: Path, no_os_kill: None) -> None:
    folder = tmp_path / "recovery"
    exited = subprocess.Popen([sys.executable, "-c", "pass"])
    exited.wait(timeout=30)
    running = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.readline()"],
                               stdin=subprocess.PIPE, text=True)
    try:
        _copy(folder, "dead", {"original_path": None, "pid": exited.pid})
        _copy(folder, "alive", {"original_path": None, "pid": running.pid})
        # Same id as a running process, but that process started at another time: the id was reused.
        _copy(folder, "reused", {"original_path": None, "pid": running.pid, "started": time.time() - 86_400})
        assert sorted(c.recovery_id for c in find_recovery_copies(folder)) == ["dead", "reused"]
        assert len(find_recovery_copies(folder, include_running=True)) == 3
    finally:
        running.communicate("\n", timeout=30)
    assert len(find_recovery_copies(folder)) == 3


def test_a_temporary_left_by_a_writer_that_exited_is_removed(tmp_path: Path, no_os_kill: None) -> None:
    exited = subprocess.Popen([sys.executable, "-c", "pass"])
    exited.wait(timeout=30)
    tag = f"{own_temporaries.TAG}-{own_temporaries.host_tag()}-{exited.pid}"
    left = tmp_path / f".report.pdf.{tag}-abcd1234.tmp"
    left.write_bytes(b"half a report")
    assert own_temporaries.remove_stale_temporaries(tmp_path) == [left]


def test_no_module_calls_os_kill() -> None:
    """The same code path on every system: no os.kill anywhere in the package."""
    calls = []
    for source in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "kill" and \
                    isinstance(node.value, ast.Name) and node.value.id == "os":
                calls.append(f"{source.relative_to(REPO)}:{node.lineno}")
    assert calls == []


def test_one_file_under_two_spellings_is_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, workshop = tmp_path / "locks", tmp_path / "maps" / "Lake.simmap"
    workshop.parent.mkdir()
    workshop.write_text("{}", encoding="utf-8")
    (tmp_path / "shortcut").symlink_to(workshop.parent)
    first, second = OpenFileLock(folder), OpenFileLock(folder)
    first.acquire(workshop)
    assert len(second.acquire(tmp_path / "shortcut" / "Lake.simmap")) == 1  # through a link
    second.release()
    # Windows ignores case: os.path.normcase folds it there (here it is made to, as it does there).
    monkeypatch.setattr(open_file_lock.os.path, "normcase", str.lower)
    first.acquire(workshop)
    assert len(second.acquire(tmp_path / "MAPS" / "lake.SIMMAP")) == 1
    first.release()
    second.release()
