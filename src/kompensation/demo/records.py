"""The case stages the generator builds and the small records its steps pass around."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kompensation.accounts.models import Municipality, User

# Stages of the generated cases; the last three are decided.
RECEIVED, INVESTIGATING, HEARING = "received", "investigating", "hearing"
GRANT, PARTIAL, REFUSAL = "grant", "partial_grant", "refusal"
AWAITING = "awaiting_employer"  # an online application the employer has not signed yet: no case


@dataclass
class _Company:
    cvr: str
    name: str
    tag: str
    jobs: tuple[tuple[str, str], ...]


@dataclass
class _Person:
    cpr: str
    first_name: str
    last_name: str
    male: bool
    birth: dt.date
    postcode: str
    city: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class _Profile:
    """One case to build: who, which job, what need, and how far the case has come."""

    stage: str
    municipality: Municipality
    registrar: User  # the caseworker who registers (paper) and handles the case
    person: _Person
    impairment: str  # physical, mental, both
    impairment_text: str
    types: list[str]
    form: str  # EmploymentForm value
    company: _Company
    job: str
    core_task: str
    hours: Decimal  # sought per week
    granted: Decimal  # what the dialog form supports (less than sought for a partial grant)
    working_hours: Decimal
    until_further_notice: bool
    channel: str
    has_gp: bool
    refusal_reason: str = ""  # incompatible, aids, not_permanent
    hearing_answered: bool = True
    reheard: bool = False  # investigating again after an answered hearing
    received_window: tuple[int, int] = (1, 45)
    # Decided stages: how many days before today the (first) decision was sent; the plan then runs back
    # from it. None: the ordinary caseload's spread (received 45–425 days ago, planned forward).
    decided_window: tuple[int, int] | None = None
    raised_rate: bool = False
    travel: bool = False
    cut: tuple[str, str] | None = None  # partial grant: (task, aid) judged doable alone
    assistants: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return self.stage in (GRANT, PARTIAL, REFUSAL)

    @property
    def plans_refusal(self) -> bool:
        return bool(self.refusal_reason)


@dataclass
class _Plan:
    received: dt.date
    registered: dt.date | None = None
    submitted: dt.date | None = None
    active: dt.date | None = None
    dialog: dt.date | None = None
    hearing: dt.date | None = None
    response: dt.date | None = None
    decision: dt.date | None = None
