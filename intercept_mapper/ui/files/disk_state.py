"""What a workshop file looked like on disk when it was opened or saved, to notice another program's edits.

Size and modification time are compared first (cheap); only when they differ is the content hashed,
so a file merely touched (or copied back unchanged) is not reported as changed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DiskState:
    """Size, modification time (ns) and SHA-256 of a file's content at one moment."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> DiskState | None:
        """The state of ``path`` now, or None when it cannot be read."""
        try:
            before = os.stat(path)
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        return cls(before.st_size, before.st_mtime_ns, digest)

    def changed_on_disk(self, path: str | os.PathLike[str]) -> bool:
        """True when ``path`` now holds other content than it did (a missing file has not "changed")."""
        try:
            now = os.stat(path)
        except OSError:
            return False
        if (now.st_size, now.st_mtime_ns) == (self.size, self.mtime_ns):
            return False
        current = DiskState.of(path)
        return current is not None and current.sha256 != self.sha256
