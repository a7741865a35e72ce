"""Stable identifiers for everything in a workshop document."""

import uuid

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
    return f"{PREFIXES[kind]}-{uuid.uuid4().hex[:12]}"
