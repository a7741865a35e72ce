"""Constants of the workshop document, in a module that loads nothing else.

``workshop.py`` (pydantic) re-exports them; modules that must load before the pydantic classes are
built (the map's first paint, ``map_preview.py``) import them from here.
"""

FORMAT_MARKER = "intercept-mapper"
SCHEMA_VERSION = 2
CROSS_INTERCEPT = "X"
STEP_STATUSES: tuple[str, ...] = ("not-started", "in-progress", "done", "blocked")
DEFAULT_TABLE_ID = "tb-all"
