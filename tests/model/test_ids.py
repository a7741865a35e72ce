"""Ids are a kind's short prefix and 48 random bits as 12 hex digits (``pt-3f9a1c2b7d40``), as the
.simmap files people diff hold them. See bench/README.md, "Mutation testing", fifth run (mutD): an id of
56 bits passed every test."""

from __future__ import annotations

import re

from intercept_mapper.model import ids
from intercept_mapper.model.ids import PREFIXES, new_id


def test_an_id_is_its_kinds_prefix_and_twelve_hex_digits() -> None:
    for kind, prefix in PREFIXES.items():
        assert re.fullmatch(rf"{prefix}-[0-9a-f]{{12}}", new_id(kind)), kind
    assert len({new_id("point") for _ in range(100)}) == 100


def test_an_id_takes_six_bytes_from_its_source(monkeypatch) -> None:  # noqa: ANN001
    asked: list[int] = []

    def counted(n: int) -> bytes:
        asked.append(n)
        return bytes(range(1, n + 1))

    monkeypatch.setattr(ids, "random_bytes", counted)
    assert new_id("flow") == "fl-010203040506"
    assert asked == [6]
