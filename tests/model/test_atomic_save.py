"""Atomic saves: a failure at any step leaves the old file or the new one, whole, and no temp file."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from intercept_mapper.model import DecisionPoint, Workshop, new_workshop, simmap_file
from intercept_mapper.model import atomic_write as aw
from intercept_mapper.model.atomic_write import atomic_write_bytes, atomic_write_text, backup_path
from intercept_mapper.model.simmap_file import dumps_workshop, load_workshop, save_workshop


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _workshop(title: str, points: int = 3) -> Workshop:
    ws = new_workshop(title=title)
    for n in range(points):
        ws.points.append(DecisionPoint(id=f"pt-{n}", intercept="1", title=f"{title} point {n}" * 50))
    return ws


# ----------------------------------------------------------------------------- plain behaviour
def test_writes_a_new_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    atomic_write_bytes(target, b"a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    assert _names(tmp_path) == ["out.csv"]


def test_text_is_written_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "Crisis & care \u5371\u673a \U0001f4de\r\nline two\n")
    assert target.read_bytes() == "Crisis & care \u5371\u673a \U0001f4de\r\nline two\n".encode()


def test_text_with_a_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    atomic_write_text(target, "first \u00e9", backup=True)
    atomic_write_text(target, "second", backup=True)
    assert backup_path(target).read_bytes() == "first \u00e9".encode()
    atomic_write_text(target, "third")  # no backup asked: the .bak stays as it was
    assert backup_path(target).read_bytes() == "first \u00e9".encode()


def test_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    target = tmp_path / "map.simmap"
    atomic_write_bytes(target, b"first", backup=True)
    assert _names(tmp_path) == ["map.simmap"]  # nothing to back up yet
    atomic_write_bytes(target, b"second", backup=True)
    atomic_write_bytes(target, b"third", backup=True)
    assert target.read_bytes() == b"third"
    assert backup_path(target).read_bytes() == b"second"
    assert _names(tmp_path) == ["map.simmap", "map.simmap.bak"]


def test_without_backup_no_bak_file_is_made(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert _names(tmp_path) == ["out.pdf"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_of_the_replaced_file_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "shared.simmap"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new", backup=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert stat.S_IMODE(backup_path(target).stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_file_is_not_private_to_the_owner(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    atomic_write_bytes(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~aw._umask()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_saving_through_a_symbolic_link_updates_the_linked_file(tmp_path: Path) -> None:
    real = tmp_path / "real.simmap"
    real.write_bytes(b"old")
    link = tmp_path / "link.simmap"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new", backup=True)
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert (tmp_path / "real.simmap.bak").read_bytes() == b"old"


def test_a_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_bytes(tmp_path / "no" / "such" / "out.csv", b"x")
    assert _names(tmp_path) == []


# ----------------------------------------------------------------------------- read-only folder
def test_a_read_only_folder_raises_and_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.simmap"
    target.write_bytes(b"original")
    if os.name == "posix" and os.geteuid() != 0:
        tmp_path.chmod(0o555)
        try:
            with pytest.raises(PermissionError):
                atomic_write_bytes(target, b"new", backup=True)
        finally:
            tmp_path.chmod(0o755)
    else:  # root ignores folder permissions: simulate what the file system would say

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        with pytest.raises(PermissionError):
            atomic_write_bytes(target, b"new", backup=True)
    assert target.read_bytes() == b"original"
    assert _names(tmp_path) == ["map.simmap"]


# ----------------------------------------------------------------------------- interrupted saves
class _Crash(OSError):
    """The injected failure (a subclass of OSError, as a full disk or I/O error would be)."""


@contextmanager
def _failing_at(step: int, *, exc: type[BaseException] = _Crash) -> Iterator[list[str]]:
    """Make the ``step``-th file-system call made by a save fail (counting from 0); yields the calls seen.

    A failing ``os.write`` first writes half of what it was given, as a disk filling up would.
    """
    calls: list[str] = []
    real = {name: getattr(os, name) for name in ("write", "fsync", "replace", "open", "close")}
    real_mkstemp = tempfile.mkstemp

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def faulty(*args: Any, **kwargs: Any) -> Any:
            n = len(calls)
            calls.append(name)
            if n == step:
                if name == "write" and len(args[1]) > 1:
                    real["write"](args[0], args[1][: len(args[1]) // 2])
                if name == "close":
                    real["close"](*args)
                raise exc(errno.ENOSPC, f"injected failure in {name}")
            return func(*args, **kwargs)

        return faulty

    for name, func in real.items():
        setattr(os, name, wrap(name, func))
    tempfile.mkstemp = wrap("mkstemp", real_mkstemp)
    try:
        yield calls
    finally:
        for name, func in real.items():
            setattr(os, name, func)
        tempfile.mkstemp = real_mkstemp


def _every_interruption(tmp_path: Path, save: Callable[[Path], None], old: bytes, new: bytes,
                        older: bytes | None, exc: type[BaseException] = _Crash) -> int:
    """Interrupt ``save`` at each file-system call in turn; check the disk after each. Returns the steps."""
    target = tmp_path / "map.simmap"
    bak = backup_path(target)
    step = 0
    while True:
        for leftover in tmp_path.iterdir():
            leftover.unlink()
        if older is not None:
            bak.write_bytes(older)
        target.write_bytes(old)
        with _failing_at(step, exc=exc) as calls:
            try:
                save(target)
            except exc:
                failed = True
            else:
                failed = False
        on_disk = target.read_bytes()
        assert on_disk in (old, new), f"step {step} ({calls[-1]}): a mix of old and new is on disk"
        names = _names(tmp_path)
        assert names in (["map.simmap"], ["map.simmap", "map.simmap.bak"]), f"step {step}: left {names}"
        if bak.exists():
            assert bak.read_bytes() in ({old, older} if older is not None else {old})
        if not failed:
            assert on_disk == new
            assert bak.read_bytes() == old if older is not None else not bak.exists()
            return step
        step += 1
        assert step < 100


def test_a_save_interrupted_at_any_step_leaves_old_or_new_and_no_temp_file(tmp_path: Path) -> None:
    old_ws, new_ws = _workshop("Old", 40), _workshop("New", 60)
    old, new = dumps_workshop(old_ws).encode(), dumps_workshop(new_ws).encode()
    steps = _every_interruption(tmp_path, lambda p: save_workshop(new_ws, p), old, new, older=b"older")
    # temp file, write, fsync, close; backup copy: temp, write, fsync, close, replace; replace; sync folder
    assert steps >= 10
    assert load_workshop(tmp_path / "map.simmap") == new_ws
    assert load_workshop(tmp_path / "map.simmap.bak") == old_ws


def test_interruptions_without_a_backup(tmp_path: Path) -> None:
    steps = _every_interruption(tmp_path, lambda p: atomic_write_bytes(p, b"N" * 5000), b"O" * 3000,
                                b"N" * 5000, older=None)
    assert steps >= 5


def test_a_keyboard_interrupt_mid_save_also_cleans_up(tmp_path: Path) -> None:
    _every_interruption(tmp_path, lambda p: atomic_write_bytes(p, b"new", backup=True), b"old", b"new",
                        older=b"older", exc=KeyboardInterrupt)


# ------------------------------------------------------------------------- what reaches the disk, in order
class _DiskLog:
    """Each write, sync and rename a save makes, by inode (whatever path or descriptor it went through).

    At each sync of a file it keeps the file's bytes then, so a test can tell which bytes were on disk
    before a rename made them the target. ``shutil.copyfile`` or ``open(path, "wb")`` write without
    ``os.write``; the checks below still see it: the target's inode was then never synced or renamed.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, int, Any]] = []
        real_write, real_fsync, real_replace, real_rename = os.write, os.fsync, os.replace, os.rename
        real_fdatasync = getattr(os, "fdatasync", None)

        def write(fd: int, data: Any) -> int:
            self.events.append(("write", os.fstat(fd).st_ino, None))
            return real_write(fd, data)

        def sync(real: Callable[[int], None]) -> Callable[[int], None]:
            def synced(fd: int) -> None:
                real(fd)
                info = os.fstat(fd)
                if stat.S_ISDIR(info.st_mode):
                    self.events.append(("folder sync", info.st_ino, None))
                else:
                    self.events.append(("sync", info.st_ino, os.pread(fd, info.st_size + 1, 0)))
            return synced

        def rename(real: Callable[..., None]) -> Callable[..., None]:
            def renamed(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
                ino = os.lstat(src).st_ino
                real(src, dst, *args, **kwargs)
                self.events.append(("rename", ino, os.path.abspath(dst)))
            return renamed

        monkeypatch.setattr(os, "write", write)
        if hasattr(os, "writev"):  # pieces (``atomic_write_bytes(path, [b"...", ...])``) go through here
            real_writev = os.writev

            def writev(fd: int, buffers: Any) -> int:
                self.events.append(("write", os.fstat(fd).st_ino, None))
                return real_writev(fd, buffers)

            monkeypatch.setattr(os, "writev", writev)
        monkeypatch.setattr(os, "fsync", sync(real_fsync))
        if real_fdatasync is not None:
            monkeypatch.setattr(os, "fdatasync", sync(real_fdatasync))
        monkeypatch.setattr(os, "replace", rename(real_replace))
        monkeypatch.setattr(os, "rename", rename(real_rename))

    def check_synced_then_renamed(self, path: Path) -> int:
        """``path``'s bytes were synced, then renamed into place (not written since); index of the rename."""
        ino = os.stat(path).st_ino
        renames = [n for n, (kind, i, dst) in enumerate(self.events)
                   if kind == "rename" and i == ino and dst == str(path.absolute())]
        assert renames, f"{path.name} was not renamed into place: its bytes were written where it is"
        moved = renames[-1]
        syncs = [n for n, (kind, i, _) in enumerate(self.events[:moved]) if kind == "sync" and i == ino]
        assert syncs, f"{path.name}'s data was never synced before the rename"
        last = syncs[-1]
        assert self.events[last][2] == path.read_bytes(), f"{path.name} changed after its data sync"
        assert not [e for e in self.events[last:] if e[0] == "write" and e[1] == ino]
        return moved

    def check_folder_synced_after(self, folder: Path, index: int) -> None:
        ino = os.stat(folder).st_ino
        assert [e for e in self.events[index + 1:] if e[:2] == ("folder sync", ino)], (
            "the folder was not synced after the rename")


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="folders can be synced on POSIX only")
def test_the_data_is_synced_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.simmap"
    save_workshop(_workshop("Older"), target)
    save_workshop(_workshop("Old"), target)
    log = _DiskLog(monkeypatch)
    save_workshop(_workshop("New", 20), target, backup=True)
    assert load_workshop(target) == _workshop("New", 20)
    moved = log.check_synced_then_renamed(target)
    log.check_folder_synced_after(tmp_path, moved)
    backup_moved = log.check_synced_then_renamed(backup_path(target))
    assert backup_moved < moved  # the previous version is kept before the new one takes its place
    assert load_workshop(backup_path(target)) == _workshop("Old")


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="folders can be synced on POSIX only")
def test_a_first_save_is_synced_and_renamed_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    log = _DiskLog(monkeypatch)
    atomic_write_bytes(target, b"a,b\r\n" * 1000)
    log.check_folder_synced_after(tmp_path, log.check_synced_then_renamed(target))


def test_a_failing_folder_sync_after_the_rename_reports_the_error_with_the_new_file_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.simmap"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "I/O error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="I/O error"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _names(tmp_path) == ["map.simmap"]


def test_file_systems_that_cannot_sync_folders_are_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write_bytes(tmp_path / "out.csv", b"x")
    assert (tmp_path / "out.csv").read_bytes() == b"x"


@pytest.mark.parametrize("broken", ["model_dump", "json.dumps", "encode"])
def test_a_serialiser_that_fails_never_touches_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    target = tmp_path / "map.simmap"
    old_ws = _workshop("Old")
    save_workshop(old_ws, target)
    before = target.read_bytes()

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("serialiser exploded")

    if broken == "model_dump":
        monkeypatch.setattr(Workshop, "model_dump", boom)
    elif broken == "json.dumps":
        monkeypatch.setattr(simmap_file.json, "dumps", boom)
    else:
        monkeypatch.setattr(simmap_file, "dumps_workshop", lambda ws: _Unencodable())
    with pytest.raises(ValueError, match="serialiser exploded"):
        save_workshop(_workshop("New"), target)
    assert target.read_bytes() == before
    assert _names(tmp_path) == ["map.simmap"]


class _Unencodable(str):
    def encode(self, *args: Any, **kwargs: Any) -> bytes:  # type: ignore[override]
        raise ValueError("serialiser exploded")


def test_a_pipe_or_folder_is_never_replaced_nor_a_pipe_as_backup(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for target in (pipe, folder):
        with pytest.raises(aw.NotRegularFileError):
            atomic_write_bytes(target, b"new", backup=True)
    target = tmp_path / "x.simmap"
    target.write_bytes(b"old")
    os.mkfifo(backup_path(target))
    with pytest.raises(aw.NotRegularFileError):
        atomic_write_bytes(target, b"new", backup=True)  # reading a pipe for the backup would hang
    assert target.read_bytes() == b"old"
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and stat.S_ISFIFO(os.lstat(backup_path(target)).st_mode)
    assert _names(tmp_path) == sorted(["pipe.csv", "folder.csv", "x.simmap", "x.simmap.bak"])


def test_temporaries_are_named_as_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from intercept_mapper.model.own_temporaries import is_ours

    seen: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(aw.os, "replace", lambda a, b: (seen.append(Path(a).name), real_replace(a, b)))
    atomic_write_bytes(tmp_path / "out.csv", b"x")
    atomic_write_bytes(tmp_path / "out.csv", b"y", backup=True)
    assert len(seen) == 3 and all(is_ours(name) for name in seen), seen
    assert seen[0].startswith(".out.csv.im-") and seen[1].startswith(".out.csv.bak.im-")
    assert f"-{os.getpid()}-" in seen[0]


def test_a_name_near_the_file_system_limit_still_gets_a_temporary(tmp_path: Path) -> None:
    for name in ("n" * 250 + ".csv", "\u00e9" * 125 + ".pdf"):  # 254 and 254 bytes
        atomic_write_bytes(tmp_path / name, b"x", backup=False)
        atomic_write_bytes(tmp_path / name, b"y", backup=False)
        assert (tmp_path / name).read_bytes() == b"y"
    assert len(_names(tmp_path)) == 2


# ----------------------------------------------------------------------------- where and how the bytes go
def test_temporaries_are_made_in_the_targets_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beside the target, never in the system's temporary folder: a rename across file systems fails."""
    made: list[Path] = []
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        made.append(Path(name))
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    folder = tmp_path / "maps"
    folder.mkdir()
    atomic_write_bytes(folder / "map.simmap", b"first")
    atomic_write_bytes(folder / "map.simmap", b"second", backup=True)
    assert len(made) == 3 and all(path.parent == folder for path in made), made
    assert _names(folder) == ["map.simmap", "map.simmap.bak"] and _names(tmp_path) == ["maps"]


def test_a_short_write_goes_on_until_every_byte_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``os.write`` may write less than it was given (a signal, a pipe-like file system): write the rest."""
    real_write = os.write
    sizes: list[int] = []

    def short_write(fd: int, data: Any) -> int:
        sizes.append(real_write(fd, bytes(data[:7])))
        return sizes[-1]

    monkeypatch.setattr(os, "write", short_write)
    data = bytes(range(256)) * 3
    atomic_write_bytes(tmp_path / "out.pdf", data)
    assert (tmp_path / "out.pdf").read_bytes() == data
    assert len(sizes) == -(-len(data) // 7)


def test_pieces_are_written_one_after_another_into_one_file(tmp_path: Path) -> None:
    target = tmp_path / "copy.simmap"
    pieces = [b'{"points":[', b"", b'{"id":"p1"}' * 5000, bytearray(b","), memoryview(b'{"id":"p2"}]}')]
    atomic_write_bytes(target, pieces)
    assert target.read_bytes() == b"".join(pieces)
    atomic_write_bytes(target, [])  # no pieces: an empty file, as b"" gives
    assert target.read_bytes() == b"" and _names(tmp_path) == ["copy.simmap"]


def writev_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[bytes]]:
    """Every ``os.writev`` call's buffers from now on, as bytes (the calls still write)."""
    real_writev = os.writev
    calls: list[list[bytes]] = []

    def noted(fd: int, buffers: Any) -> int:
        calls.append([bytes(b) for b in buffers])
        return real_writev(fd, buffers)

    monkeypatch.setattr(os, "writev", noted)
    return calls


@pytest.mark.skipif(not hasattr(os, "writev"), reason="writev is POSIX")
def test_pieces_go_to_the_system_as_they_are_never_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = writev_calls(monkeypatch)
    pieces = [b"a" * 100_000, b"b" * 3, b"c" * 200_000]
    atomic_write_bytes(tmp_path / "out", pieces)
    assert calls == [pieces]  # one call, three buffers: no joined copy was made


@pytest.mark.skipif(not hasattr(os, "writev"), reason="writev is POSIX")
def test_short_writes_of_pieces_go_on_from_where_they_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``writev`` may write less than it was given, stopping inside a piece; and it takes at most
    ``_IOV_MAX`` buffers a call."""
    counts: list[int] = []

    def short_writev(fd: int, buffers: Any) -> int:
        counts.append(len(buffers))
        return os.write(fd, b"".join(bytes(b) for b in buffers)[:5])  # at most 5 bytes a call

    monkeypatch.setattr(os, "writev", short_writev)
    monkeypatch.setattr(aw, "_IOV_MAX", 3)
    pieces = [b"first", b"-", b"second piece", b"", b"x" * 11, b"end"]
    atomic_write_bytes(tmp_path / "out", pieces)
    assert (tmp_path / "out").read_bytes() == b"".join(pieces)
    assert counts[0] == 3 and max(counts) == 3 and len(counts) > 1  # capped, and went on after each


def test_pieces_are_written_where_there_is_no_writev(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "writev", raising=False)  # as on Windows
    pieces = [b"one ", b"two " * 1000, b"three"]
    atomic_write_bytes(tmp_path / "out", pieces)
    assert (tmp_path / "out").read_bytes() == b"".join(pieces)


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="folders can be synced on POSIX only")
def test_pieces_are_synced_before_the_rename_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "copy.simmap"
    atomic_write_bytes(target, b"old")
    log = _DiskLog(monkeypatch)
    atomic_write_bytes(target, [b"new ", b"pieces"])
    assert target.read_bytes() == b"new pieces"
    log.check_folder_synced_after(tmp_path, log.check_synced_then_renamed(target))


# ----------------------------------------------------------------------------- a spare swapped in
needs_exchange = pytest.mark.skipif(aw._renameat2() is None, reason="renameat2 is Linux's (glibc 2.28)")


@needs_exchange
def test_a_spare_is_overwritten_then_swapped_with_the_file(tmp_path: Path) -> None:
    target, spare = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp"
    atomic_write_bytes(target, b"first, the longest of them all")
    first_inode = target.stat().st_ino
    assert aw.atomic_exchange_bytes(target, spare, [b"second", b" copy"])
    assert target.read_bytes() == b"second copy"
    assert spare.read_bytes() == b"first, the longest of them all" and spare.stat().st_ino == first_inode
    assert aw.atomic_exchange_bytes(target, spare, b"third")  # over the first's file, cut to length
    assert target.read_bytes() == b"third" and target.stat().st_ino == first_inode
    assert spare.read_bytes() == b"second copy"
    assert _names(tmp_path) == [".copy.spare.tmp", "copy.simmap"]


@needs_exchange
def test_the_spare_is_synced_before_the_swap_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, spare = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp"
    atomic_write_bytes(target, b"old")
    events: list[tuple[str, Any]] = []
    real_fsync, real_exchange = os.fsync, aw._renameat2()

    def fsync(fd: int) -> None:
        real_fsync(fd)
        info = os.fstat(fd)
        events.append(("folder sync", None) if stat.S_ISDIR(info.st_mode) else
                      ("sync", spare.read_bytes()))  # (the spare is open for writing only)

    def exchange(*args: Any) -> int:
        events.append(("swap", None))
        return real_exchange(*args)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(aw, "_renameat2", lambda: exchange)
    assert aw.atomic_exchange_bytes(target, spare, [b"new ", b"bytes"])
    assert events == [("sync", b"new bytes"), ("swap", None), ("folder sync", None)]


def test_no_swap_without_a_regular_file_to_swap_with(tmp_path: Path) -> None:
    spare = tmp_path / ".spare.tmp"
    assert not aw.atomic_exchange_bytes(tmp_path / "missing.simmap", spare, b"data")
    (tmp_path / "folder.simmap").mkdir()
    assert not aw.atomic_exchange_bytes(tmp_path / "folder.simmap", spare, b"data")
    assert _names(tmp_path) == ["folder.simmap"] and not any((tmp_path / "folder.simmap").iterdir())


@needs_exchange
def test_a_file_system_that_cannot_swap_names_says_so_and_leaves_no_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctypes

    def unsupported(*_args: Any) -> int:
        ctypes.set_errno(errno.EINVAL)
        return -1

    monkeypatch.setattr(aw, "_renameat2", lambda: unsupported)
    target = tmp_path / "copy.simmap"
    atomic_write_bytes(target, b"old")
    assert not aw.atomic_exchange_bytes(target, tmp_path / ".spare.tmp", b"new")
    assert target.read_bytes() == b"old" and _names(tmp_path) == ["copy.simmap"]


@needs_exchange
def test_a_failed_spare_write_leaves_the_file_and_no_spare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, spare = tmp_path / "copy.simmap", tmp_path / ".spare.tmp"
    atomic_write_bytes(target, b"old")
    assert aw.atomic_exchange_bytes(target, spare, b"kept as the spare")

    def full(_fd: int, _data: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(aw, "_write_all", full)
    with pytest.raises(OSError, match="No space left"):
        aw.atomic_exchange_bytes(target, spare, b"never written")
    assert target.read_bytes() == b"kept as the spare" and _names(tmp_path) == ["copy.simmap"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_file_system_that_refuses_permissions_still_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions are a nicety (a FAT or network drive may refuse chmod): never fail a save over them."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    target = tmp_path / "map.simmap"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "chmod", refuse)
    atomic_write_bytes(target, b"new", backup=True)
    assert target.read_bytes() == b"new" and backup_path(target).read_bytes() == b"old"
    assert _names(tmp_path) == ["map.simmap", "map.simmap.bak"]


def test_the_error_that_stopped_a_save_is_the_one_raised_even_if_cleaning_up_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def cannot_unlink(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    target = tmp_path / "map.simmap"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", full)
    monkeypatch.setattr(os, "unlink", cannot_unlink)
    with pytest.raises(OSError) as caught:
        atomic_write_bytes(target, b"new")
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old"


def test_a_target_that_is_not_a_regular_file_is_named_in_the_error(tmp_path: Path) -> None:
    folder = tmp_path / "out.csv"
    folder.mkdir()
    with pytest.raises(aw.NotRegularFileError) as caught:
        atomic_write_bytes(folder, b"x")
    error = caught.value
    assert (error.errno, error.filename) == (errno.EINVAL, str(folder))
    why = "not a regular file (a device, pipe, socket or folder)"
    assert str(error) == f"[Errno {errno.EINVAL}] {why}: '{folder}'"


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="folders can be synced on POSIX only")
def test_a_folder_that_cannot_be_opened_for_syncing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is in place either way; "cannot sync folders here" is fine, any other error is reported."""
    real_open = os.open
    failure = [errno.EACCES]

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.isdir(path):
            raise OSError(failure[0], os.strerror(failure[0]))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    target = tmp_path / "out.csv"
    atomic_write_bytes(target, b"one")
    assert target.read_bytes() == b"one"
    failure[0] = errno.EIO
    with pytest.raises(OSError) as caught:
        atomic_write_bytes(target, b"two")
    assert caught.value.errno == errno.EIO and target.read_bytes() == b"two"
    assert _names(tmp_path) == ["out.csv"]


def test_a_write_removes_the_temporaries_a_killed_writer_left_in_its_folder(tmp_path: Path) -> None:
    from intercept_mapper.model.own_temporaries import STALE_SECONDS, temp_prefix

    left = tmp_path / (temp_prefix("map.simmap") + "k1ll3d00.tmp")  # as a writer killed mid-save leaves it
    left.write_bytes(b"half a map")
    an_hour_ago = left.stat().st_mtime - STALE_SECONDS - 60
    os.utime(left, (an_hour_ago, an_hour_ago))
    someone_elses = tmp_path / ".map.simmap.swp"
    someone_elses.write_bytes(b"an editor's")
    atomic_write_bytes(tmp_path / "other.csv", b"x")
    assert _names(tmp_path) == [".map.simmap.swp", "other.csv"]
