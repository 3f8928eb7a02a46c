"""The monthly payment plan of a BPA or cash-allowance grant (helper 4 builds it)."""

from __future__ import annotations

from kompensation.accounts.models import User
from kompensation.cases.models import Grant


def plan_open(*, grant: Grant, user: User) -> None:
    """Called by `decision_send` when a § 95 or § 96 decision opens a grant."""
