from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kompensation.cases import services
from kompensation.cases.models import Case

from . import factories


@pytest.fixture(autouse=True)
def _no_axes_lockout(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 1000


@pytest.fixture
def herning_caseworker(db: None) -> Any:
    return factories.caseworker("657")


@pytest.fixture
def opened_case(herning_caseworker: Any) -> Case:
    """A paper application registered in Herning: status 'received'."""
    cpr = factories.register_person()
    cvr = factories.register_company()
    return services.application_register_paper(
        user=herning_caseworker,
        data=factories.paper_data(cpr=cpr, cvr=cvr),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )


@pytest.fixture
def investigated_case(opened_case: Case, herning_caseworker: Any) -> Case:
    """Active step, investigation and dialog form done; ready for a decision."""
    user = herning_caseworker
    services.case_record_active_step(case=opened_case, user=user, kind="workplace_visit", on=dt.date.today())
    services.investigation_save(
        case=opened_case,
        user=user,
        data={
            "working_hours": Decimal("37"),
            "impairment_type": "physical",
            "no_documentation_reason": "",
            "compatibility_assessment": "Personen udfører selv kerneopgaverne.",
            "aids_considered": "Skærmlæser",
            "flex_job_compensation": "",
            "pa_covers": "",
            "tier": "standard",
            "concrete_assessment": "",
        },
    )
    services.dialog_form_save(
        case=opened_case,
        user=user,
        rows=[
            {
                "task": "Læsning af bilag",
                "minutes_per_week": 300,
                "ability": "support",
                "assistant_does": "Læser op",
            },
            {"task": "Bogføring", "minutes_per_week": 900, "ability": "alone", "assistant_does": ""},
            {"task": "Post", "minutes_per_week": 100, "ability": "cannot", "assistant_does": "Sorterer post"},
        ],
    )
    opened_case.refresh_from_db()
    return opened_case


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media() -> Any:
    """Uploaded files and letters of the test run go in a temporary folder, removed afterwards."""
    yield
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
