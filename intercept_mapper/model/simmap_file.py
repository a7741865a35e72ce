"""Read and write ``.simmap`` workshop files: indented UTF-8 JSON with a format marker and a schema version.

Writing serialises the whole workshop in memory first and then replaces the file atomically, keeping
the previous version as ``<name>.bak``, so a failure never truncates the user's file. Reading turns
every way a file can be damaged into an ``InputError`` that names the file and the line or field.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .atomic_write import atomic_write_bytes
from .collector import collector_paused
from .limits import (
    LONG_TEXT_FIELDS,
    MAX_COUNT,
    MAX_ERRORS,
    MAX_FILE_BYTES,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    MAX_VALUES,
    might_hold_forbidden,
    number_problem,
    text_limit,
    text_problem,
    too_many_items,
)
from .migrations import migrate
from .problems import InputError, Problem
from .validation import short_repr, validate_workshop
from .workshop import FORMAT_MARKER, Workshop

SUFFIX = ".simmap"
_BOM = "\ufeff"
# A garbage file can produce thousands of validation errors; past this many, more help no one.
MAX_PROBLEMS = MAX_ERRORS


# ----------------------------------------------------------------------------- writing
def dumps_workshop(ws: Workshop) -> str:
    """The file text of ``ws``: indented, fields in model order, dict keys sorted, trailing newline."""
    data = ws.model_dump(mode="json")
    _sort_dict_fields(data, Workshop)
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        # A position that is not a number (a glitch while dragging) must not make the work unsaveable:
        # it is written as 0, which the map shows at the corner, instead of refusing the save.
        text = json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False)
    return text + "\n"


def save_workshop(ws: Workshop, path: str | os.PathLike[str], *, backup: bool = True) -> None:
    """Write ``ws`` to ``path`` atomically (previous file kept as ``<name>.bak``); raises ``OSError``."""
    # Fully in memory before the file is touched. The loader and the app's editors keep lone surrogates
    # out (limits.py); should one arrive some other way, "backslashreplace" writes it as its JSON escape
    # instead of losing the save, and the loader then names it.
    data = dumps_workshop(ws).encode("utf-8", "backslashreplace")
    atomic_write_bytes(path, data, backup=backup)


@cache
def _dict_fields(model: type[BaseModel]) -> tuple[tuple[str, str, type[BaseModel] | None], ...]:
    """For each field of ``model``: (name, "dict" | "model" | "models", nested model class)."""
    plan = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is dict:
            plan.append((name, "dict", None))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            plan.append((name, "model", annotation))
        elif origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            plan.append((name, "models", args[0]))
        elif origin in (typing.Union, types.UnionType) and any(typing.get_origin(a) is dict for a in args):
            plan.append((name, "dict", None))
    return tuple(plan)


def _sort_dict_fields(data: dict[str, Any], model: type[BaseModel]) -> None:
    """Sort the keys of every dict-valued field in dumped ``data`` (in place), so saves are stable."""
    for name, kind, nested in _dict_fields(model):
        value = data.get(name)
        if kind == "dict" and isinstance(value, dict):
            data[name] = dict(sorted(value.items()))
        elif kind == "model" and isinstance(value, dict) and nested is not None:
            _sort_dict_fields(value, nested)
        elif kind == "models" and isinstance(value, list) and nested is not None:
            for item in value:
                _sort_dict_fields(item, nested)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return 0.0
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


# ----------------------------------------------------------------------------- reading
def load_workshop(path: str | os.PathLike[str], *, check_references: bool = True) -> Workshop:
    """Read a ``.simmap`` file; an unreadable or damaged file raises ``InputError`` naming it."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            # One byte past the limit is enough to know the file is too large, without reading it all.
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem("no such file", file=source)) from None
    except IsADirectoryError:
        raise InputError(Problem("is a folder, not a workshop file", file=source)) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot be read ({exc.strerror or exc})", file=source)) from None
    return loads_workshop(data, source, check_references=check_references)


def loads_workshop(data: bytes | str, source: str = "", *, check_references: bool = True) -> Workshop:
    """Parse file content into a ``Workshop``, migrating older versions; raises ``InputError``.

    With ``check_references`` (the default) a file whose references do not resolve is refused too,
    with every broken reference listed.
    """
    with collector_paused():  # every object made here is kept: the collector's passes find nothing
        return _loads_workshop(data, source, check_references)


def _loads_workshop(data: bytes | str, source: str, check_references: bool) -> Workshop:
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Problem(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than any workshop needs "
            "(see Limits in the README)", file=source))
    text = _decode(data, source)
    raw = _parse_json(text, source)
    if not isinstance(raw, dict):
        raise InputError(Problem(
            f"this is not an Intercept Mapper file (it holds a JSON {_json_kind(raw)}, not an object)",
            file=source))
    _check_format(raw, source)
    too_many = too_many_items(count_items(raw))
    if too_many:
        raise InputError(Problem(too_many, file=source))
    problems = check_values(raw, source, text)
    if problems:
        raise InputError(_with_lines(_capped(problems, source), text))
    parsed = raw
    raw = migrate(raw, source)
    # Field paths of a migrated file describe the upgraded data, so only an unmigrated file gets lines.
    lines_from = text if raw is parsed else ""
    try:
        # Strict: JSON types as written, so `true` is no number and "3" no count. Through JSON text,
        # because strict JSON validation still reads ISO dates from strings.
        ws = Workshop.model_validate_json(text if raw is parsed else json.dumps(raw), strict=True)
    except ValidationError as exc:
        raise InputError(_with_lines(_validation_problems(exc, source), lines_from)) from None
    except RecursionError:
        raise InputError(_too_deep(source)) from None
    if check_references:
        problems = validate_workshop(ws, source)
        if problems:
            raise InputError(_with_lines(_capped(problems, source), lines_from))
    return ws


def _parse_json(text: str, source: str) -> Any:
    if not text.strip():
        raise InputError(Problem("the file is empty", file=source))
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated"):
            what = "the file ends too early (it is truncated or damaged)"
        elif exc.pos == 0:
            what = "this is not an Intercept Mapper file (it is not JSON text)"
        else:
            what = "the file is damaged (it is not valid JSON)"
        # Some of json's messages end in "at" ("Unterminated string starting at"): say the place once.
        said = exc.msg.removesuffix(" at")
        raise InputError(Problem(f"{what}: {said} at line {exc.lineno}, column {exc.colno}",
                                 file=source, line=exc.lineno)) from None
    except RecursionError:
        raise InputError(_too_deep(source)) from None
    except ValueError as exc:  # NaN/Infinity, a key written twice, or a number too long to convert
        detail = "a number is too long" if "digits" in str(exc) else str(exc)
        raise InputError(Problem(f"the file is damaged (it is not valid JSON): {detail}",
                                 file=source)) from None


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(
            f"this is not an Intercept Mapper file (it is not UTF-8 text: byte {exc.start} cannot be read)",
            file=source)) from None
    return text.removeprefix(_BOM)


def check_workshop(ws: Workshop, source: str = "") -> list[Problem]:
    """What the loader would refuse in ``ws`` once saved: a command checks this before writing a file."""
    raw = ws.model_dump(mode="json")
    problems = check_values(raw, source)
    too_many = too_many_items(count_items(raw))
    if too_many:
        problems.append(Problem(too_many, file=source))
    return _capped(problems + validate_workshop(ws, source), source)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; a key written twice (JSON readers disagree on which wins) is refused."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"the key {short_repr(twice)} appears twice in one object")
    return result


# Collections whose entries count as items (paths into the raw file data).
_ITEM_LISTS = (("points",), ("flows",), ("findings",), ("participants",), ("voting", "tables"),
               ("voting", "candidates"), ("voting", "ballots"), ("action_plans",))


def count_items(raw: dict[str, Any]) -> int:
    """The number of items in raw file data (see ``limits.MAX_ITEMS``); malformed parts count 0."""
    total = 0
    for path in _ITEM_LISTS:
        value: Any = raw
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            total += len(value)
    plans = raw.get("action_plans")
    for plan in plans if isinstance(plans, list) else ():
        objectives = plan.get("objectives") if isinstance(plan, dict) else None
        for objective in objectives if isinstance(objectives, list) else ():
            total += 1
            steps = objective.get("steps") if isinstance(objective, dict) else None
            total += len(steps) if isinstance(steps, list) else 0
    return total


def check_values(raw: Any, source: str = "", text: str | None = None) -> list[Problem]:
    """Every string in raw file data that is too long or holds what text cannot (see ``limits``).

    Also refuses a file with more values than ``limits.MAX_VALUES``. Walks without recursion. Given the
    JSON ``text`` it was read from, a quick pass settles the usual case of a sound file first.
    """
    if text is not None and not might_hold_forbidden(text) and _sizes_fit(raw):
        return []
    problems: list[Problem] = []
    stack: list[tuple[Any, str, str]] = [(raw, "", "")]
    count = 0
    while stack:
        value, path, name = stack.pop()
        count += 1
        if count > MAX_VALUES:
            return [Problem(f"the file holds more than {MAX_VALUES:,} values, more than any workshop "
                            "needs (see Limits in the README)", file=source)]
        if isinstance(value, str):
            why = text_problem(value, text_limit(name))
            if why:
                problems.append(Problem(f"the text {why}", file=source, field=path))
        elif isinstance(value, float | int) and not isinstance(value, bool):
            why = number_problem(value)
            if why:
                problems.append(Problem(f"the number {why}", file=source, field=path))
        elif isinstance(value, dict):
            # Pushed in reverse, so problems come out in the order of the file.
            for key, item in reversed(value.items()):
                child = f"{path}.{key}" if path else key
                stack.append((item, child, key))
                why = text_problem(key, text_limit(""))
                if why:
                    problems.append(Problem(f"a key {why}", file=source, field=child))
        elif isinstance(value, list):
            stack.extend((value[n], f"{path}[{n}]", name) for n in reversed(range(len(value))))
    return problems


def _sizes_fit(raw: Any) -> bool:
    """Whether every string, number and the count of values in ``raw`` is within the limits (no paths
    are built: this runs on every file opened, ``check_values`` names the places when it is not).

    Written for speed (opening a 5,000-item file pays it): ``type() is`` tests, keys measured with
    ``max(map(len, ...))``, numbers compared inline.
    """
    if type(raw) is not dict and type(raw) is not list:
        return False  # a lone value: the full walk looks at it
    stack = [(raw, "")]
    count = 0
    short, long_, biggest = MAX_SHORT_TEXT, MAX_LONG_TEXT, MAX_COUNT
    while stack:
        value, name = stack.pop()
        if type(value) is dict:
            count += len(value)
            if value and max(map(len, value)) > short:
                return False
            for key, item in value.items():
                kind = type(item)
                if kind is str:
                    if len(item) > short and (key not in LONG_TEXT_FIELDS or len(item) > long_):
                        return False
                elif kind is dict or kind is list:
                    stack.append((item, key))
                elif (kind is int or kind is float) and not -biggest <= item <= biggest:
                    return False
        else:
            count += len(value)
            limit = long_ if name in LONG_TEXT_FIELDS else short
            for item in value:
                kind = type(item)
                if kind is str:
                    if len(item) > limit:
                        return False
                elif kind is dict or kind is list:
                    stack.append((item, name))
                elif (kind is int or kind is float) and not -biggest <= item <= biggest:
                    return False
        if count > MAX_VALUES:
            return False
    return True


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_kind(value: Any) -> str:
    kinds = {list: "list", str: "string", bool: "true/false value", type(None): "null", int: "number",
             float: "number"}
    return kinds.get(type(value), type(value).__name__)


def _check_format(raw: dict[str, Any], source: str) -> None:
    marker = raw.get("format")
    if marker == FORMAT_MARKER:
        return
    if marker is None:
        detail = f'it has no "format": "{FORMAT_MARKER}" marker'
    else:
        detail = f"its format marker is {short_repr(marker)}, not '{FORMAT_MARKER}'"
    raise InputError(Problem(f"this is not an Intercept Mapper file ({detail})", file=source))


def _too_deep(source: str) -> Problem:
    return Problem("the file is damaged: its data is nested too deeply to be a workshop file", file=source)


def field_path(loc: tuple[int | str, ...]) -> str:
    """``points[3].title`` from a pydantic error location such as ``('points', 3, 'title')``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _validation_problems(exc: ValidationError, source: str) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        kind = error["type"]
        if kind == "missing":
            message = "is missing"
        elif kind == "extra_forbidden":
            message = "is not part of the Intercept Mapper file format (a typing mistake?)"
        else:
            msg = error["msg"]
            message = f"{msg[:1].lower()}{msg[1:]} (found {short_repr(error.get('input'))})"
        problems.append(Problem(message, file=source, field=field_path(error["loc"])))
    return _capped(problems, source)


def _capped(problems: list[Problem], source: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(f"... and {rest} more problems", file=source)]


# ----------------------------------------------------------------------------- lines of fields
# Strings (with escapes), punctuation, and bare words (numbers, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def _with_lines(problems: list[Problem], text: str) -> list[Problem]:
    """``problems`` with the line of their field in ``text`` filled in (where it can be found)."""
    wanted = {p.field for p in problems if p.field and p.line is None}
    if not text or not wanted:
        return problems
    lines = field_lines(text, wanted)
    return [dataclasses.replace(p, line=lines.get(p.field)) if p.field in wanted else p for p in problems]


def field_lines(text: str, paths: set[str]) -> dict[str, int]:
    """The 1-based line of each field path in JSON ``text`` (a missing field: the line of its parent).

    Only called when there are problems to report, so a simple scan of valid JSON text is enough.
    """
    prefixes = {_parent(p, depth) for p in paths for depth in range(_depth(p) + 1)}
    found: dict[str, int] = {}
    # Each open container: [path, is_object, index or key of the current member].
    stack: list[list[Any]] = []
    expect_key = False
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        token, pos = match.group(), match.start()
        line += text.count("\n", last, pos)
        last = pos
        if token in ",:":
            if token == "," and stack:
                frame = stack[-1]
                if frame[1]:
                    expect_key = True
                else:
                    frame[2] += 1
            continue
        if token in "}]":
            stack.pop()
            expect_key = False
            continue
        if expect_key:  # an object's key: the member's line is where its key is written
            stack[-1][2] = json.loads(token)
            expect_key = False
            path = _child(stack[-1])
            if path in prefixes:
                found.setdefault(path, line)
            continue
        path = _child(stack[-1]) if stack else ""
        if stack and not stack[-1][1] and path in prefixes:
            found.setdefault(path, line)
        if token == "{":
            stack.append([path, True, None])
            expect_key = True
        elif token == "[":
            stack.append([path, False, 0])
    lines: dict[str, int] = {}
    for path in paths:
        nearest = next((q for q in _ancestors(path) if q in found), None)
        if nearest is not None:
            lines[path] = found[nearest]
    return lines


def _child(frame: list[Any]) -> str:
    path, is_object, member = frame
    if is_object:
        return f"{path}.{member}" if path else str(member)
    return f"{path}[{member}]"


_SPLIT = re.compile(r"\.|(?=\[)")


def _depth(path: str) -> int:
    return len(_SPLIT.split(path)) - 1


def _parent(path: str, depth: int) -> str:
    """``path`` with ``depth`` trailing parts removed."""
    for _ in range(depth):
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return path


def _ancestors(path: str) -> list[str]:
    """``path`` and then each of its parents, nearest first."""
    return [_parent(path, depth) for depth in range(_depth(path) + 1)]
