"""Fixtures for the room voting tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .room_support import Room, start_room, voting_workshop


@pytest.fixture
def room() -> Iterator[Room]:
    """A room serving a three-candidate, two-table workshop with 3 dots a phone."""
    served = start_room(voting_workshop())
    yield served
    served.thread.stop()
