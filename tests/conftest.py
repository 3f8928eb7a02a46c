from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from kompensation.accounts.models import Role
from kompensation.cases import services
from kompensation.cases.models import Case
from kompensation.payments.models import PaymentSettings, RateKind, RateRow
from kompensation.registers.models import OfflineIncomeRecord

from . import factories

# CI machines run two workers on two cores: a property test's timing says nothing about the code there.
hypothesis_settings.register_profile(
    "kompensation", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("kompensation")


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
    services.case_record_active_step(
        case=opened_case, user=user, kind="workplace_visit", on=timezone.localdate()
    )
    factories.investigate(opened_case, user)
    opened_case.refresh_from_db()
    return opened_case


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media() -> Any:
    """Uploaded files and letters of the test run go in a temporary folder, removed afterwards."""
    yield
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def granted_case(investigated_case: Case, herning_caseworker: Any) -> Case:
    """A grant of 7 hours a week from the start of the previous quarter to the end of next year."""
    today = timezone.localdate()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = (quarter_start - dt.timedelta(days=1)).replace(day=1)
    start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
    Case.objects.filter(pk=investigated_case.pk).update(received_on=start)
    investigated_case.refresh_from_db()
    decision = services.decision_draft(
        case=investigated_case,
        user=herning_caseworker,
        assistant_ids=[a.pk for a in investigated_case.application.assistants.all()],
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("7"),
            "start_date": start,
            "end_date": dt.date(today.year + 1, 12, 31),
            "period_type": "time_limited",
            "period_reason": "Vurderes igen",
            "rate_type": "standard",
            "reasons": "Behov for oplæsning",
        },
    )
    services.decision_send(decision=decision, user=herning_caseworker)
    investigated_case.refresh_from_db()
    return investigated_case


@pytest.fixture
def officer(db: None) -> Any:
    return factories.user(Role.PAYMENT_OFFICER, code="657")


@pytest.fixture
def rates(officer: Any) -> None:
    RateRow.objects.create(
        kind=RateKind.STANDARD_HOURLY,
        valid_from=dt.date(2020, 4, 1),
        value=Decimal("127.86"),
        entered_by=officer,
        source="Eksempel",
    )
    RateRow.objects.create(
        kind=RateKind.STANDARD_PERCENTAGE,
        valid_from=dt.date(2020, 4, 1),
        value=Decimal("25"),
        entered_by=officer,
        source="Eksempel",
    )


@pytest.fixture
def employer(granted_case: Any) -> Any:
    return factories.employer_user(granted_case.employer.cvr)


@pytest.fixture
def wages(granted_case: Any) -> None:
    """eIndkomst: the person received wages from the employer every month of the last two years."""
    today = timezone.localdate()
    for back in range(24):
        index = today.year * 12 + today.month - 1 - back
        year, month = divmod(index, 12)
        OfflineIncomeRecord.objects.create(
            cvr=granted_case.employer.cvr,
            cpr=granted_case.person.cpr,
            month=dt.date(year, month + 1, 1),
            amount=Decimal("31000"),
        )


@pytest.fixture
def simplified(granted_case: Any) -> None:
    PaymentSettings.objects.update_or_create(
        municipality=granted_case.municipality, defaults={"mode": "simplified"}
    )
