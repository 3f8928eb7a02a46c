"""Social cases for tests (BPA, cash allowance, aids), registered and worked through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kompensation.cases.models import Case
from kompensation.social import services
from tests import factories

# A BPA measurement of the kind Ankestyrelsen holds up as good: task by task, in and outside the home.
BPA_ROWS: tuple[dict[str, Any], ...] = (
    {
        "category": "personal_care",
        "name": "Morgenpleje: bad, påklædning",
        "minutes": 60,
        "occurrences": Decimal(1),
        "per": "day",
        "reason": "Kan ikke selv komme i og ud af badet (lammelse i begge arme).",
    },
    {
        "category": "personal_care",
        "name": "Måltider: tilberedning og hjælp til at spise",
        "minutes": 30,
        "occurrences": Decimal(3),
        "per": "day",
        "reason": "Kan ikke bruge kniv og gaffel; tre hovedmåltider.",
    },
    {
        "category": "practical",
        "name": "Rengøring og tøjvask",
        "minutes": 120,
        "occurrences": Decimal(2),
        "per": "week",
        "reason": "Kan ikke udføre rengøring eller betjene vaskemaskinen.",
    },
    {
        "category": "outside_home",
        "name": "Indkøb og fritidsaktiviteter",
        "minutes": 180,
        "occurrences": Decimal(2),
        "per": "week",
        "reason": "Ønsker at handle selv og gå til svømning; har brug for hjælp til af- og påklædning.",
    },
)


def social_case(
    scheme: str,
    caseworker: Any,
    *,
    birth: dt.date = dt.date(1985, 3, 14),
    received_on: dt.date | None = None,
    code: str = "657",
    sought: str = "Hjælp i hverdagen",
    hours_sought: Decimal | None = None,
    cpr: str | None = None,
) -> Case:
    cpr = cpr or factories.register_person(code=code, birth=birth)
    return services.social_case_register(
        user=caseworker,
        data={
            "scheme": scheme,
            "cpr": cpr,
            "received_on": received_on or timezone.localdate(),
            "channel": "paper",
            "tasks_description": sought,
            "impairment_description": "Rygmarvsskade",
            "hours_sought": hours_sought,
        },
    )


def assess_circle(case: Case, caseworker: Any, *, unmet: Iterable[str] = ()) -> None:
    from kompensation.rules.social import CIRCLE

    unmet = set(unmet)
    services.circle_assess(
        case=case,
        user=caseworker,
        answers={
            c.code: (c.code not in unmet, f"Vurderet på baggrund af samtale og lægeudtalelse ({c.code}).")
            for c in CIRCLE[case.scheme]  # type: ignore[index]
        },
    )


def measure(case: Case, caseworker: Any, rows: Iterable[Mapping[str, Any]] = BPA_ROWS, **facts: Any) -> None:
    for row in rows:
        services.activity_save(case=case, user=caseworker, data=row)
    if facts:
        services.measurement_facts_save(case=case, user=caseworker, data=facts)
