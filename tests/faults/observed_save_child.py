"""Run by test_save_observed.py: watch saves from outside the saving code, through the file system.

``read FOLDER``: read ``FOLDER/map.simmap`` over and over until ``FOLDER/stop`` exists; every read must
be one of the whole documents ``FOLDER/allowed-*`` (a missing file, an empty one or a mix counts as
bad). Prints ``READY`` after the first read, then one JSON line: reads made and the bad ones.

``kill FOLDER``: for step 0, 1, 2, ...: put the old file (and an older ``.bak``) in place, fork, and
in the forked process save the new document with ``save_workshop(..., backup=True)``, killing itself
with SIGKILL just before its ``step``-th call into the operating system or the io layer (every C
function of ``posix`` or ``io``, and every method of an open file: ``os.write``, ``os.replace``,
``os.sendfile``, ``open``, ``file.write``, ``os.fstat``, ...). Whatever way the save writes, the kill
lands between any two of its calls. Prints one JSON line per step: the call it was killed before and
what is on disk afterwards; the last line is the step where the save ran to its end.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sys
import time
from pathlib import Path

TARGET = "map.simmap"


def read_loop(folder: Path) -> None:
    allowed = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in folder.glob("allowed-*")}
    target, stop = folder / TARGET, folder / "stop"
    reads, bad = 0, []
    while not stop.exists():
        try:
            with open(target, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            bad.append("missing")
            continue
        reads += 1
        if hashlib.sha256(data).hexdigest() not in allowed:
            bad.append(f"{len(data)} bytes, none of the whole documents")
        if reads == 1:
            print("READY", flush=True)
        time.sleep(0)
    print(json.dumps({"reads": reads, "bad": bad[:10], "bad_count": len(bad)}), flush=True)


def _is_system_call(func: object) -> bool:
    if getattr(func, "__module__", None) in ("posix", "nt", "io", "_io"):
        return True
    return isinstance(getattr(func, "__self__", None), io.IOBase)


def _save_killed_before(step: int, folder: Path, new: object, report_fd: int) -> None:
    """In the forked process: save ``new``; SIGKILL just before the ``step``-th system call."""
    from intercept_mapper.model.simmap_file import save_workshop

    seen = [0]

    def hook(frame: object, event: str, arg: object) -> None:
        if event != "c_call" or not _is_system_call(arg):
            return
        if seen[0] == step:
            os.write(report_fd, (getattr(arg, "__qualname__", None) or repr(arg)).encode())
            os.kill(os.getpid(), signal.SIGKILL)
        seen[0] += 1

    sys.setprofile(hook)
    save_workshop(new, folder / TARGET, backup=True)  # type: ignore[arg-type]
    sys.setprofile(None)
    os._exit(0)


def _what(path: Path, versions: dict[bytes, str]) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "missing"
    return versions.get(data, f"a mix ({len(data)} bytes)")


def kill_loop(folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from big_map import big_workshop, make_version

    from intercept_mapper.model.atomic_write import backup_path
    from intercept_mapper.model.simmap_file import dumps_workshop

    target = folder / TARGET
    bak = backup_path(target)
    ws = big_workshop(300)
    older = dumps_workshop(ws).encode()
    make_version(ws, 1)
    old = dumps_workshop(ws).encode()
    make_version(ws, 2)
    new = dumps_workshop(ws).encode()
    versions = {older: "older", old: "old", new: "new"}
    for step in range(1000):
        for leftover in folder.iterdir():
            leftover.unlink()
        bak.write_bytes(older)
        target.write_bytes(old)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                _save_killed_before(step, folder, ws, write_end)
            finally:
                os._exit(3)  # the save raised: neither killed nor done
        os.close(write_end)
        _, status = os.waitpid(pid, 0)
        call = os.read(read_end, 200).decode()
        os.close(read_end)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        done = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        print(json.dumps({"step": step, "call": call, "killed": killed, "done": done,
                          "target": _what(target, versions), "bak": _what(bak, versions),
                          "names": sorted(p.name for p in folder.iterdir())}), flush=True)
        if not killed:
            return


if __name__ == "__main__":
    {"read": read_loop, "kill": kill_loop}[sys.argv[1]](Path(sys.argv[2]))
