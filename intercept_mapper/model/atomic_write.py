"""Write a file so that a crash, a full disk or an error at any moment leaves the old file or the new one.

Every output of the product (``.simmap``, CSV, PDF, images) goes through here: the bytes go to a
temporary file in the same folder, are flushed to disk, and only then replace the target in one
``os.replace``. The folder is synced afterwards so that the rename itself survives a power cut.
Temporaries are named as ours (``own_temporaries``); a write first removes those a killed writer left in
its folder. Only regular files are replaced: a device, pipe, socket or folder at the target is refused.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from .own_temporaries import TEMP_SUFFIX, remove_stale_temporaries, temp_prefix

BACKUP_SUFFIX = ".bak"

Data = bytes | Sequence[bytes]  # one bytes object, or pieces written one after another (never joined)
# Pieces per ``writev`` call: POSIX guarantees 16; Linux, macOS and the BSDs take 1,024.
_IOV_MAX = os.sysconf("SC_IOV_MAX") if hasattr(os, "sysconf") and "SC_IOV_MAX" in os.sysconf_names else 16

# Errors from syncing a folder that only mean "this file system cannot sync folders" (some network
# and FAT file systems, Windows): the file itself is already safely on disk, so they are not failures.
_UNSUPPORTED_DIR_SYNC = {errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES, errno.EISDIR}


def _umask() -> int:
    # Python offers no way to read the umask without setting it; done once, at import.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()


class NotRegularFileError(OSError):
    """The target (or its backup) exists and is not a regular file: it is never replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file (a device, pipe, socket or folder)", str(path))


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where ``atomic_write_bytes(..., backup=True)`` keeps the previous version of ``path``."""
    target = Path(path)
    return target.with_name(target.name + BACKUP_SUFFIX)


def atomic_write_bytes(path: str | os.PathLike[str], data: Data, *, backup: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically; with ``backup``, keep the previous file as ``<name>.bak``.

    ``data`` may be a sequence of byte pieces: the file is their concatenation, written with ``writev``
    where the system has it, so that no joined copy is made (the recovery writer's thread then holds the
    interpreter lock for no copying at all).

    On failure the temporary file is removed, the target is untouched, and the ``OSError`` is raised
    (``NotRegularFileError`` when the target or its backup is not a regular file).
    """
    target = _resolve_target(Path(path))
    folder = target.parent
    exists = _require_regular_or_missing(target)
    if backup and exists:
        _require_regular_or_missing(backup_path(target))
    mode = _mode_for(target)
    remove_stale_temporaries(folder)
    temp = _write_temp(folder, target.name, data, mode)
    try:
        if backup and exists:
            _write_backup(target, mode)
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    _sync_folder(folder)


# Linux's renameat2 (glibc 2.28): swap two names in one step. Errors that mean "not here" (a kernel,
# a libc or a file system without it), after which the caller writes the usual way.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def atomic_exchange_bytes(path: str | os.PathLike[str], spare: str | os.PathLike[str], data: Data) -> bool:
    """Replace the regular file ``path`` with ``data`` through ``spare``: the spare is overwritten in
    place (created if missing), truncated, synced, then the two names are swapped in one step and the
    folder synced; ``spare`` then holds the previous content, to be overwritten next time.

    As atomic as ``atomic_write_bytes`` (``path`` is at every moment the old file or the new one, whole)
    for about a third of the work when the same file is written again and again (the recovery copy):
    no new file is made and none given back, the spare's pages and blocks are reused. False, with
    ``path`` untouched and no spare left, where it cannot be done: not Linux, a file system that cannot
    swap names, ``path`` missing or not a regular file; then use ``atomic_write_bytes``. Other failures
    raise ``OSError`` with ``path`` untouched and the spare removed.
    """
    exchange = _renameat2()
    if exchange is None:
        return False
    target, spare = os.fspath(path), os.fspath(spare)
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return False
    except FileNotFoundError:
        return False
    try:
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, _NEW_FILE_MODE)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotRegularFileError(Path(spare))
            _write_all(fd, data)
            os.ftruncate(fd, os.lseek(fd, 0, os.SEEK_CUR))  # a longer previous copy is cut to this one
            os.fsync(fd)
        finally:
            os.close(fd)
        if exchange(_AT_FDCWD, os.fsencode(spare), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE):
            code = ctypes.get_errno()
            if code in _NO_EXCHANGE:
                _remove_quietly(Path(spare))
                return False
            raise OSError(code, os.strerror(code), target)
    except BaseException:
        _remove_quietly(Path(spare))
        raise
    _sync_folder(Path(target).parent)
    return True


def atomic_write_text(path: str | os.PathLike[str], text: str, *, backup: bool = False) -> None:
    """Replace ``path`` with ``text`` encoded as UTF-8, atomically (see ``atomic_write_bytes``)."""
    atomic_write_bytes(path, text.encode("utf-8"), backup=backup)


# ----------------------------------------------------------------------------- internals
def _resolve_target(target: Path) -> Path:
    # Saving through a symbolic link updates the file it points to rather than replacing the link.
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _require_regular_or_missing(path: Path) -> bool:
    """True when ``path`` is a regular file, False when nothing is there; else NotRegularFileError."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path)
    return True


def _mode_for(target: Path) -> int:
    # Keep the permissions of the file being replaced; a new file gets the usual umask-based mode
    # (mkstemp alone would make it private to the owner).
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return _NEW_FILE_MODE


def _write_temp(folder: Path, name: str, data: Data, mode: int) -> Path:
    """Write ``data`` to a new hidden file in ``folder``, synced to disk; returns its path."""
    fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(name), suffix=TEMP_SUFFIX, dir=folder)
    temp = Path(temp_name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):  # permissions are a nicety; never fail a save over them
            os.chmod(temp, mode)
    except BaseException:
        _remove_quietly(temp)
        raise
    return temp


def _write_all(fd: int, data: Data) -> None:
    pieces = [memoryview(data)] if isinstance(data, (bytes, bytearray, memoryview)) else [
        memoryview(piece) for piece in data]
    pieces = [piece.cast("B") for piece in pieces if piece.nbytes]
    while pieces:
        if hasattr(os, "writev") and len(pieces) > 1:
            written = os.writev(fd, pieces[:_IOV_MAX])
        else:  # (Windows has no writev)
            written = os.write(fd, pieces[0])
        while written:  # a short write: what is left of the piece it stopped in goes first next time
            if written >= len(pieces[0]):
                written -= len(pieces.pop(0))
            else:
                pieces[0] = pieces[0][written:]
                written = 0


def _write_backup(target: Path, mode: int) -> None:
    # The backup is a copy (not a rename), so the target stays in place until the new file replaces it.
    previous = target.read_bytes()
    temp = _write_temp(target.parent, target.name + BACKUP_SUFFIX, previous, mode)
    try:
        os.replace(temp, backup_path(target))
    except BaseException:
        _remove_quietly(temp)
        raise


def _sync_folder(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a folder to sync it
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        if exc.errno in _UNSUPPORTED_DIR_SYNC:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED_DIR_SYNC:
            raise
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
