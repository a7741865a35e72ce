"""Our temporaries (model/own_temporaries.py): names only our writes make, and which left-overs a write
removes: ours whose writer is gone (a process of this computer that no longer runs, or any writer an
hour ago), never another program's files, a live writer's, our own process's or a link."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intercept_mapper.model import own_temporaries as ot
from intercept_mapper.model.own_temporaries import (
    STALE_SECONDS,
    TEMP_SUFFIX,
    host_tag,
    is_ours,
    remove_stale_temporaries,
    temp_prefix,
)


def a_pid_that_has_ended() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def left(folder: Path, name: str, *, age: float = 0.0) -> Path:
    path = folder / name
    path.write_bytes(b"half a file")
    if age:
        when = time.time() - age
        os.utime(path, (when, when))
    return path


def test_a_temporary_name_is_ours_and_names_this_computer_and_process() -> None:
    tag = host_tag()
    assert re.fullmatch(r"[0-9a-f]{6}", tag)
    assert temp_prefix("map.simmap") == f".map.simmap.im-{tag}-{os.getpid()}-"
    assert TEMP_SUFFIX == ".tmp"
    assert is_ours(temp_prefix("map.simmap") + "abc_1234" + TEMP_SUFFIX)
    for name in ("map.simmap", ".map.simmap.swp", temp_prefix("map.simmap") + "abc_1234.tmp.bak",
                 temp_prefix("map.simmap") + "abc_123.tmp", f".m.im-{tag}-12-ABCDEFGH.tmp",
                 f"m.im-{tag}-12-abcdefgh.tmp", f".m.im-{tag[:5]}-12-abcdefgh.tmp",
                 f".m.im-{tag}-12345678901-abcdefgh.tmp", f".m.xx-{tag}-12-abcdefgh.tmp"):
        assert not is_ours(name), name


def test_a_long_or_empty_name_gives_a_prefix_short_enough_for_the_file_system() -> None:
    long = "é" * 150 + ".csv"  # 304 bytes
    prefix = temp_prefix(long)
    short = prefix.removeprefix(".").partition(".im-")[0]
    assert len(short.encode()) <= 200 and short == "é" * 100  # cut whole characters, at 200 bytes
    assert temp_prefix("a" * 300).startswith("." + "a" * 200 + ".im-")
    assert temp_prefix("") == f"._.im-{host_tag()}-{os.getpid()}-"
    assert temp_prefix("\udcff.csv").startswith("..csv.im-")  # a lone surrogate (an undecodable name) dropped


def test_only_our_temporaries_whose_writer_is_gone_are_removed(tmp_path: Path) -> None:
    gone = a_pid_that_has_ended()
    tag = host_tag()
    dead = left(tmp_path, f".a.csv.im-{tag}-{gone}-aaaaaaaa.tmp")
    mine = left(tmp_path, f".b.csv.im-{tag}-{os.getpid()}-bbbbbbbb.tmp")
    alive = left(tmp_path, f".c.csv.im-{tag}-{os.getppid()}-cccccccc.tmp")
    elsewhere = left(tmp_path, f".d.csv.im-{'0' if tag[0] != '0' else '1'}{tag[1:]}-{gone}-dddddddd.tmp")
    zero = left(tmp_path, f".e.csv.im-{tag}-0-eeeeeeee.tmp")
    not_ours = left(tmp_path, ".f.csv.swp")
    assert remove_stale_temporaries(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (mine, alive, elsewhere, zero, not_ours))


def test_any_of_our_temporaries_an_hour_old_is_removed_whoever_wrote_it(tmp_path: Path) -> None:
    tag = host_tag()
    other = "0" if tag[0] != "0" else "1"
    names = [f".a.csv.im-{other}{tag[1:]}-77-aaaaaaaa.tmp", f".b.csv.im-{tag}-{os.getpid()}-bbbbbbbb.tmp"]
    old = [left(tmp_path, name, age=STALE_SECONDS + 60) for name in names]
    recent = left(tmp_path, f".c.csv.im-{other}{tag[1:]}-77-cccccccc.tmp", age=STALE_SECONDS - 60)
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted(old)
    assert [p.name for p in tmp_path.iterdir()] == [recent.name]


def test_links_and_folders_named_like_ours_are_never_removed(tmp_path: Path) -> None:
    gone = a_pid_that_has_ended()
    tag = host_tag()
    target = left(tmp_path, "precious.csv")
    link = tmp_path / f".a.csv.im-{tag}-{gone}-aaaaaaaa.tmp"
    link.symlink_to(target)
    folder = tmp_path / f".b.csv.im-{tag}-{gone}-bbbbbbbb.tmp"
    folder.mkdir()
    assert remove_stale_temporaries(tmp_path) == []
    assert link.is_symlink() and folder.is_dir() and target.read_bytes() == b"half a file"


def test_a_folder_that_cannot_be_listed_or_a_file_that_cannot_be_removed_is_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert remove_stale_temporaries(tmp_path / "missing") == []
    gone = a_pid_that_has_ended()
    first = left(tmp_path, f".a.csv.im-{host_tag()}-{gone}-aaaaaaaa.tmp")
    second = left(tmp_path, f".b.csv.im-{host_tag()}-{gone}-bbbbbbbb.tmp")
    real_unlink = os.unlink

    def refuse_first(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if Path(path).name == first.name:
            raise PermissionError(13, "Permission denied")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(ot.os, "unlink", refuse_first)
    assert remove_stale_temporaries(tmp_path) == [second]
    assert first.exists() and not second.exists()


def test_stale_temporaries_beside_links_and_folders_named_like_ours_are_all_removed(tmp_path: Path) -> None:
    gone = a_pid_that_has_ended()
    tag = host_tag()
    for n in range(5):
        (tmp_path / f".link{n}.csv.im-{tag}-{gone}-aaaaaaa{n}.tmp").symlink_to(tmp_path / "nowhere")
        (tmp_path / f".dir{n}.csv.im-{tag}-{gone}-bbbbbbb{n}.tmp").mkdir()
    stale = [left(tmp_path, f".file{n}.csv.im-{tag}-{gone}-ccccccc{n}.tmp") for n in range(5)]
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted(stale)
    assert len(list(tmp_path.iterdir())) == 10
