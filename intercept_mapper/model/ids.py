"""Stable identifiers for everything in a workshop document."""

import os

# One short prefix per kind keeps ids readable in a diff of two .simmap files.
PREFIXES = {
    "point": "pt",
    "flow": "fl",
    "finding": "fd",
    "participant": "pp",
    "table": "tb",
    "candidate": "cd",
    "ballot": "bl",
    "plan": "ap",
    "objective": "ob",
    "step": "st",
}


def new_id(kind: str) -> str:
    """Return a fresh id such as ``pt-3f9a1c2b7d40`` for an item of ``kind``."""
    # 48 random bits, as the first 12 hex digits of a uuid4 were; os.urandom spares loading uuid (and
    # the platform module it loads) before the map's first paint.
    return f"{PREFIXES[kind]}-{os.urandom(6).hex()}"
