"""``atomic_exchange_bytes`` where it must refuse or fail, and pieces handed to ``writev`` (bench/README.md,
"Mutation testing", sixth run (mutI)): what the recovery copy's writer promises beyond the happy path."""

from __future__ import annotations

import ctypes
import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from intercept_mapper.model import atomic_write as aw
from intercept_mapper.model.atomic_write import atomic_write_bytes
from tests.model.test_atomic_save import writev_calls

needs_exchange = pytest.mark.skipif(aw._renameat2() is None, reason="renameat2 is Linux's (glibc 2.28)")


def test_without_a_name_swap_nothing_is_touched_and_the_caller_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system cannot swap two names (not Linux), the answer is False: ``path`` as it was, no
    spare made, so the caller writes the usual way."""
    target, spare = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp"
    target.write_bytes(b"old")
    monkeypatch.setattr(aw, "_renameat2", lambda: None)
    assert aw.atomic_exchange_bytes(target, spare, b"new") is False
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.simmap"]


@needs_exchange
def test_a_new_spare_gets_the_usual_mode_not_an_executable_one(tmp_path: Path) -> None:
    target, spare = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp"
    target.write_bytes(b"old")
    assert aw.atomic_exchange_bytes(target, spare, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~aw._umask()  # the spare's, swapped in


@needs_exchange
def test_a_spare_that_is_a_link_is_never_followed(tmp_path: Path) -> None:
    """A link planted at the spare's name must not make the writer overwrite the file it points to."""
    target, spare, victim = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp", tmp_path / "victim.txt"
    target.write_bytes(b"old")
    victim.write_bytes(b"not yours")
    spare.symlink_to(victim)
    with pytest.raises(OSError) as caught:
        aw.atomic_exchange_bytes(target, spare, b"new")
    assert caught.value.errno == errno.ELOOP
    assert victim.read_bytes() == b"not yours" and target.read_bytes() == b"old"
    assert not spare.is_symlink() and not spare.exists()  # the link is removed with the failed spare


@needs_exchange
def test_a_spare_that_is_no_regular_file_is_refused_by_name(tmp_path: Path) -> None:
    target, spare = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp"
    target.write_bytes(b"old")
    os.mkfifo(spare)
    reader = os.open(spare, os.O_RDONLY | os.O_NONBLOCK)  # so that opening it to write does not wait
    try:
        with pytest.raises(aw.NotRegularFileError) as caught:
            aw.atomic_exchange_bytes(target, spare, b"new")
    finally:
        os.close(reader)
    assert caught.value.filename == str(spare)
    assert caught.value.errno == errno.EINVAL
    assert target.read_bytes() == b"old" and not spare.exists()


@needs_exchange
def test_a_failed_swap_raises_its_own_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A swap refused for a reason other than "not here" (here: permission) is an error, said whole,
    with ``path`` untouched and the spare removed."""
    target, spare = tmp_path / "copy.simmap", tmp_path / ".copy.spare.tmp"
    target.write_bytes(b"old")

    def refused(*args: Any) -> int:
        ctypes.set_errno(errno.EACCES)
        return -1

    monkeypatch.setattr(aw, "_renameat2", lambda: refused)
    with pytest.raises(OSError) as caught:
        aw.atomic_exchange_bytes(target, spare, b"new")
    error = caught.value
    assert (type(error), error.errno, error.strerror, error.filename) == (
        PermissionError, errno.EACCES, os.strerror(errno.EACCES), str(target))
    assert str(error) == f"[Errno {errno.EACCES}] {os.strerror(errno.EACCES)}: '{target}'"
    assert target.read_bytes() == b"old" and not spare.exists()


@pytest.mark.skipif(not hasattr(os, "writev"), reason="writev is POSIX")
def test_two_pieces_go_to_writev_in_one_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = writev_calls(monkeypatch)
    atomic_write_bytes(tmp_path / "out", [b"head ", b"tail"])
    assert calls == [[b"head ", b"tail"]]
    assert (tmp_path / "out").read_bytes() == b"head tail"
