"""Fault injection: what the user sees, and what is left in the database and on disk, when a part fails."""

from __future__ import annotations

from typing import Any

import pytest

from kompensation.cases.models import Case


@pytest.fixture
def ready(granted_case: Case, employer: Any, rates: None, wages: None, simplified: None) -> dict[str, Any]:
    """A grant with rates, wages in eIndkomst and the simplified calculation: ready for a payment request."""
    return {"case": granted_case, "employer": employer, "grant": granted_case.grants.get()}
