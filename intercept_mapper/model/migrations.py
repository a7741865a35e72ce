"""Upgrade the raw JSON of an older ``.simmap`` file to the schema this program reads.

Each released schema version ``n`` that is not the newest has one small function in ``MIGRATIONS``
that turns a version-``n`` dict into a version-``n+1`` dict. ``migrate`` runs them in order on a copy,
so a migration that fails leaves nothing half-done: the caller gets an ``InputError`` and the raw data
it passed in is untouched. Version 1 is the first release.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .problems import InputError, Problem
from .validation import short_repr
from .workshop import SCHEMA_VERSION

CURRENT_VERSION = SCHEMA_VERSION
FIRST_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds fields that are absent in version 1 and mean "not recorded" there:
    ``info.attendance``, ``info.report_date``, ``drafted`` on objectives and steps (absent: written by a
    person), a step's ``when_text``, a participant's ``counts_for_sector``, a candidate's published
    ``rank``, an anonymous ballot's ``device_key`` and the room's ``inbox``. It also lets a ballot have
    no participant (room voting), and a participant's ``lived_experience`` and
    ``voting.votes_per_participant`` be unset. A version-1 file always wrote those two, set or not, so
    they are kept as written (a "no" stays "no", a budget of 3 stays 3): the file cannot say which were
    asked (clear them in the app or with ``info --set``)."""
    return data


# version n -> function that upgrades a version-n dict to version n+1. Never edit a released one.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}


def schema_version_of(raw: dict[str, Any], source: str = "") -> int:
    """The file's integer ``schema_version``, or an ``InputError`` saying what is wrong with it."""
    if "schema_version" not in raw:
        raise InputError(Problem("is missing, so the version of this file is unknown", file=source,
                                 field="schema_version"))
    version = raw["schema_version"]
    # bool is an int in Python, but `true` is no version number.
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(Problem(f"must be a whole number, not {short_repr(version)}",
                                 file=source, field="schema_version"))
    return version


def migrate(raw: dict[str, Any], source: str = "") -> dict[str, Any]:
    """Return ``raw`` upgraded to ``CURRENT_VERSION`` (a new dict when upgraded; ``raw`` is never changed).

    Refuses a newer version than this program reads, an unknown older one, and a failing migration.
    """
    # Read the module globals at call time so that tests can register a pretend future version.
    current = CURRENT_VERSION
    version = schema_version_of(raw, source)
    if version > current:
        raise InputError(Problem(
            f"this file was written by a newer Intercept Mapper (file schema version {version}; this version "
            f"reads up to {current}): update Intercept Mapper to open it",
            file=source))
    if version < FIRST_VERSION:
        raise InputError(Problem(
            f"is {version}, a version no Intercept Mapper ever wrote "
            f"(versions start at {FIRST_VERSION})", file=source, field="schema_version"))
    if version == current:
        return raw
    data = copy.deepcopy(raw)
    for step in range(version, current):
        upgrade = MIGRATIONS.get(step)
        if upgrade is None:
            raise InputError(Problem(
                f"this file cannot be upgraded from schema version {step} to {step + 1}: this program has no "
                "migration for it", file=source))
        try:
            upgraded = upgrade(data)
        except Exception as exc:  # a migration meeting data it does not expect must not crash the app
            raise InputError(Problem(
                f"this file could not be upgraded from schema version {step} to {step + 1} "
                f"({type(exc).__name__}: {exc}); the file was not changed", file=source)) from exc
        if not isinstance(upgraded, dict):
            raise InputError(Problem(
                f"this file could not be upgraded from schema version {step} to {step + 1} "
                "(the migration returned no document); the file was not changed", file=source))
        upgraded["schema_version"] = step + 1
        data = upgraded
    return data

