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
    "suggestion": "sg",
}


# Where an id's 48 random bits come from (tools/build_sample.py and the soak test make them repeatable).
# os.urandom, not uuid4: loading uuid (and the platform module it loads) delayed the map's first paint.
random_bytes = os.urandom


def new_id(kind: str) -> str:
    """Return a fresh id such as ``pt-3f9a1c2b7d40`` for an item of ``kind``."""
    return f"{PREFIXES[kind]}-{random_bytes(6).hex()}"
