"""An export killed in the middle of writing: SIGTERM and SIGHUP remove its temporary at once; after
SIGKILL (which cannot be caught) the next write into that folder removes it. Temporaries that are not
ours, or whose writer may still be at work, are never touched."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intercept_mapper.model import own_temporaries
from intercept_mapper.model.own_temporaries import host_tag, is_ours
from intercept_mapper.resources import SAMPLE_WORKSHOP

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("export_child.py")
SAMPLE = SAMPLE_WORKSHOP


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env.pop("INTERCEPT_MAPPER_DEBUG", None)
    return env


def _start_held_export(*args: str | Path, hold: float = 60, **popen: object) -> subprocess.Popen[str]:
    """The real export in a child, stopped half-way through writing its output for ``hold`` seconds."""
    env = dict(_env(), EXPORT_CHILD_HOLD=str(hold))
    child = subprocess.Popen([sys.executable, str(CHILD), *map(str, args)], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]
    line = child.stdout.readline().strip()
    if line != "WRITING":
        child.kill()
        raise AssertionError((line, child.communicate(timeout=20)))
    return child


def _export(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intercept_mapper", "export", *map(str, args)],
                          env=_env(), capture_output=True, text=True, timeout=120)


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    source = tmp_path / "riverbend.simmap"
    shutil.copyfile(SAMPLE, source)
    return source


def test_kill_9_during_export_leaves_no_temporary_after_the_next_run(tmp_path: Path, workshop: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    svg = out / "map.svg"
    child = _start_held_export("export", workshop, "--svg", svg)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=20)
    assert child.returncode == -signal.SIGKILL
    left = _temporaries(out)
    assert len(left) == 1 and is_ours(left[0]) and left[0].startswith(".map.svg."), left
    assert not svg.exists()  # never half a file under the real name

    result = _export(workshop, "--svg", svg)
    assert result.returncode == 0, result.stderr
    assert _temporaries(out) == []
    assert svg.read_bytes().lstrip().startswith(b"<")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_signal_during_export_removes_the_temporary_at_once(tmp_path: Path, workshop: Path,
                                                                  stop: signal.Signals) -> None:
    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.csv"
    report.write_bytes(b"last year's worksheet\n")
    child = _start_held_export("export", workshop, "--worksheet", report)
    child.send_signal(stop)
    _, err = child.communicate(timeout=20)
    assert child.returncode == 1, err
    assert err.startswith("error: ") and "Traceback" not in err, err
    assert sorted(p.name for p in out.iterdir()) == ["report.csv"]
    assert report.read_bytes() == b"last year's worksheet\n"  # the old file, untouched


def test_under_nohup_a_hangup_lets_the_export_finish(tmp_path: Path, workshop: Path) -> None:
    svg = tmp_path / "map.svg"
    child = _start_held_export("export", workshop, "--svg", svg, hold=1,
                               preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    child.send_signal(signal.SIGHUP)  # ignored, as nohup set it up
    _, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert svg.read_bytes().rstrip().endswith(b"</svg>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.svg", "riverbend.simmap"]


def test_only_our_temporaries_whose_writer_is_gone_are_removed(tmp_path: Path, workshop: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead_pid = int(gone.stdout)  # a process that has ended (its pid is not reused within this test)
    host = host_tag()
    other_host = "000000" if host != "000000" else "ffffff"
    removed = [f".map.svg.im-{host}-{dead_pid}-k1ll3d_a.tmp",  # killed on this computer
               f".notes.txt.im-{host}-{dead_pid}-k1ll3d_b.tmp",  # any output's, not only this one's
               f".map.svg.im-{other_host}-{os.getpid()}-0ld0ld0l.tmp"]  # an hour old, from anywhere
    kept = [f".map.svg.im-{host}-{os.getpid()}-r1ght_n0.tmp",  # its writer is alive: still writing
            f".map.svg.im-{other_host}-{dead_pid}-r3m0t3_x.tmp",  # another computer's, recent
            ".map.svg.abcd1234.tmp",  # not named as ours
            ".map.svg.im-12-34-abcdefgh.tmp.keep", "map.svg.im-" + host + "-1-abcdefgh.tmp"]
    for name in removed + kept:
        (out / name).write_bytes(b"half a file")
    hours_ago = time.time() - own_temporaries.STALE_SECONDS - 60
    os.utime(out / removed[2], (hours_ago, hours_ago))
    assert all(is_ours(name) for name in removed + kept[:2])

    result = _export(workshop, "--svg", out / "map.svg")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([*kept, "map.svg"])
