"""Demo follow-up: changes (see `followup.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .followup import FollowUpDemo


def add(demo: FollowUpDemo) -> None:
    """Filled by its part of follow-up."""
