"""Spreadsheet formula guard for CSV exports (contracts.md section 5).

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to a spreadsheet, which may run it when
the file is opened ("CSV injection"). Exports write such a cell with a leading ``'`` and imports take it
off again. A cell that already starts with ``'`` before one of those characters gets one more, so that
what a person typed comes back exactly: ``unguard(guard(text)) == text`` for every text.
"""

from __future__ import annotations

import re

FORMULA_STARTS = "=+-@"
GUARD = "'"
_NEEDS_GUARD = re.compile(r"'*[=+\-@]")
_GUARDED = re.compile(r"'+[=+\-@]")


def guard_cell(text: str) -> str:
    """``text`` as an export writes it: a leading ``'`` when a spreadsheet would read a formula."""
    return GUARD + text if _NEEDS_GUARD.match(text) else text


def unguard_cell(text: str) -> str:
    """A cell as an import reads it: the ``'`` an export put before a formula character removed."""
    return text[1:] if _GUARDED.match(text) else text
