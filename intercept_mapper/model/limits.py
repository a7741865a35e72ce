"""How large a workshop may be: the limits the loader, ``validate``, the worksheet importer and edits share.

Each limit is far above what a real workshop needs (an urban map has 100-150 items) and low enough that
every command finishes in seconds to a minute on the largest map allowed. They are checked before the
work starts, so an oversized input gets one clear ``error:`` line instead of hours of work or an
exhausted machine. README "Limits" lists them for users; change both together.
"""

from __future__ import annotations

import math
import re

# A file larger than this is refused before it is read (a map at the item limit is ~10 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
# Decision points, flows, resources, gaps, participants, voting tables, candidates, ballots, action
# plans, objectives and steps, all counted together.
MAX_ITEMS = 20_000
# Every value in the file (each list entry, each vote tally): bounds the work on lists inside items.
MAX_VALUES = 50 * MAX_ITEMS
# Titles, names, labels, ids, organisations, themes: anything shown on one line or in a box.
MAX_SHORT_TEXT = 1_000
# Descriptions, notes, the report's sections, action-step text: paragraphs of a report.
MAX_LONG_TEXT = 20_000
LONG_TEXT_FIELDS = frozenset({
    "description", "background", "data_summary", "recommendations", "further_resources", "notes", "text",
})
# Scene units either side of the origin: room for every item of a map at the item limit stacked in
# one lane, each box with the room automatic layout keeps under it (20,000 x 162: a box, the row gap and
# map_geometry.GROWTH_ROOM), so the app's own layout never places a box outside it: a file the app saves
# is always one it opens (tests/model/test_limits.py checks the sum against the geometry).
MAX_COORDINATE = 3_500_000.0
# Counts (votes, people a year, voters): a trillion is already absurd.
MAX_COUNT = 10**12
# A report longer than this stops with an error (a map at the item limit prints ~1,000 pages).
MAX_PDF_PAGES = 5_000
# Warnings printed by one import, and errors listed for one input; the rest are counted in one line.
MAX_WARNINGS = 20
MAX_ERRORS = 50

# Code points a file may not hold: lone surrogates (not encodable as UTF-8) and Unicode non-characters
# (U+FDD0..U+FDEF and the last two of every plane), which XML, and so the SVG map, forbids.
_FORBIDDEN = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


# The same code points in a file's UTF-8 bytes, or written as JSON escapes. Each pattern starts with a
# literal, which the regex engine finds fast: opening a file pays this over all of its text every time
# (a character class over the text took 40 ms for 1 MB).
_FORBIDDEN_BYTES = (
    re.compile(rb"\\u(?:[fF][dD][dDeE]|[fF]{3}[eEfF])"),  # U+FDD0..U+FDEF, U+FFFE, U+FFFF as escapes
    re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])"),  # the same in UTF-8
)
_PLANE_END = re.compile(rb"\xbf(?=[\xbe\xbf])")  # the end of U+1FFFE..U+10FFFF: F0-F4, 8F/9F/AF/BF, BF, BE/BF
# A surrogate escape: a high one with the low one after it (a pair), or either alone.
_SURROGATE_ESCAPE = re.compile(rb"\\u([dD][89abAB][0-9a-fA-F]{2})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?"
                               rb"|\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def might_hold_forbidden(json_text: str) -> bool:
    """Whether JSON text may hold a code point no file may hold, literally or as an escape (a quick
    test over the whole text: False means no string in it does)."""
    try:
        data = json_text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate itself
        return True
    return utf8_might_hold_forbidden(data)


def utf8_might_hold_forbidden(data: bytes) -> bool:
    """``might_hold_forbidden`` for the UTF-8 bytes of JSON text."""
    if any(pattern.search(data) for pattern in _FORBIDDEN_BYTES):
        return True
    # Overlapping matches (the lookahead), so F3 BF BF BE is seen at its second BF.
    if any(0xF0 <= data[m.start() - 2] <= 0xF4 and data[m.start() - 1] in b"\x8f\x9f\xaf\xbf"
           for m in _PLANE_END.finditer(data) if m.start() >= 2):
        return True
    for m in _SURROGATE_ESCAPE.finditer(data):
        high, low = m.group(1), m.group(2)
        if high is None or low is None:
            return True  # a lone surrogate
        if int(high, 16) & 0x3F == 0x3F and int(low, 16) & 0x3FE == 0x3FE:
            return True  # a pair that makes U+1FFFE, U+1FFFF ... U+10FFFF
    return False


def text_limit(field: str) -> int:
    """The most characters a text field named ``field`` may hold."""
    return MAX_LONG_TEXT if field in LONG_TEXT_FIELDS else MAX_SHORT_TEXT


def text_problem(text: str, limit: int) -> str | None:
    """Why ``text`` cannot be stored (too long, a lone surrogate, a non-character), or None."""
    if len(text) > limit:
        return f"is {len(text):,} characters long; at most {limit:,} are allowed"
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        code = ord(bad.group())
        what = "half of a surrogate pair, which no text encoding can store" if 0xD800 <= code <= 0xDFFF \
            else "a Unicode non-character, which text files may not hold"
        return f"holds U+{code:04X} at character {bad.start() + 1}: {what}"
    return None


def storable(text: str, limit: int) -> str:
    """``text`` as a field may hold it: code points no file may hold dropped, cut to ``limit`` characters."""
    return _FORBIDDEN.sub("", text)[:limit]


def coordinate_problem(value: float) -> str | None:
    """Why ``value`` is no usable map position (not a number, or beyond ``MAX_COORDINATE``), or None."""
    if not math.isfinite(value):
        return f"is {value}"
    if abs(value) > MAX_COORDINATE:
        bound = f"{MAX_COORDINATE:,.0f}"
        return f"is {value}; positions on the map lie between -{bound} and {bound}"
    return None


def number_problem(value: float) -> str | None:
    """Why a number in a file is unusable (not finite, or beyond any count or position), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"is {value}, not a finite number"
    if abs(value) > MAX_COUNT:
        return f"is too large (at most {MAX_COUNT:,})"
    return None


def too_many_items(count: int) -> str | None:
    """Why a map of ``count`` items is too large, or None."""
    if count > MAX_ITEMS:
        return f"the map has {count:,} items; at most {MAX_ITEMS:,} are allowed (see Limits in the README)"
    return None

# An Excel workbook is a zip archive: what it unpacks to is limited like a file (a zip bomb is refused
# before anything is unpacked), and so are its members and a sheet's rows and columns.
MAX_WORKBOOK_UNPACKED_BYTES = MAX_FILE_BYTES
MAX_WORKBOOK_MEMBERS = 1_000
MAX_SHEET_ROWS = 5 * MAX_ITEMS  # rows an importer looks at, blank ones included
MAX_SHEET_COLUMNS = 1_000
