"""User text and paths made safe for a terminal line: control characters shown as visible escapes.

A workshop's titles, names, ids and the paths of its files are data. Printed raw, an ``ESC`` could
retitle or clear the terminal or hide text, a newline could split an ``error:`` line in two, and a
bidi override could reorder what is read. Every line a command prints with user text in it goes
through ``shown`` (or ``echo``); JSON goes through ``json_text``.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

# C0 controls, DEL, C1 controls; the bidi embeddings, overrides and isolates; line and paragraph
# separators (they break lines in some terminals and editors); lone surrogates (they cannot be encoded).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What json.dumps leaves raw with ensure_ascii=False: the same set less C0 (it escapes those itself).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """``text`` as one terminal line: every unsafe character written as ``\\x1b``, ``\\n``, ``\\u202e``."""
    return _UNSAFE.sub(_escape, str(text))


def echo(text: object = "", *, file: TextIO | None = None) -> None:
    """Print one line of user text, escaped (``print`` for lines that quote titles, names or paths)."""
    print(shown(text), file=file if file is not None else sys.stdout)


def json_text(data: Any) -> str:
    """Indented JSON whose strings hold no raw control, bidi or surrogate character (the same data)."""
    import json  # not on the app's start path, which imports this package

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
