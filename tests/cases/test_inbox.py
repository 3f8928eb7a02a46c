"""The caseworker's inbox: open cases, next deadline, overdue first, filters and search."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.cases import selectors, services
from kompensation.cases.models import Case, Deadline
from tests import factories

pytestmark = pytest.mark.django_db


def register(user: Any, *, first: str, last: str, received: dt.date, company: str = "Testfirma ApS") -> Case:
    cpr = factories.register_person(first_name=first, last_name=last)
    cvr = factories.register_company(name=company)
    case = services.application_register_paper(
        user=user,
        data=factories.paper_data(cpr=cpr, cvr=cvr, received_on=received),
        assistants=factories.ASSISTANT,
    )
    return case


def test_overdue_first_then_soonest_and_filters(herning_caseworker: Any) -> None:
    today = timezone.localdate()
    late = register(herning_caseworker, first="Anders", last="Sen", received=today - dt.timedelta(days=40))
    soon = register(herning_caseworker, first="Birthe", last="Snart", received=today - dt.timedelta(days=25))
    fresh = register(herning_caseworker, first="Carl", last="Ny", received=today)
    rows = list(selectors.inbox_cases(user=herning_caseworker, filters=selectors.InboxFilters(), today=today))
    assert rows == [late, soon, fresh]
    overdue = selectors.inbox_cases(
        user=herning_caseworker, filters=selectors.InboxFilters(deadline="overdue"), today=today
    )
    assert list(overdue) == [late]
    services.case_record_active_step(case=soon, user=herning_caseworker, kind="meeting", on=today)
    investigating = selectors.inbox_cases(
        user=herning_caseworker, filters=selectors.InboxFilters(status="investigating"), today=today
    )
    assert list(investigating) == [soon]


def test_search_by_name_masked_cpr_and_cvr(herning_caseworker: Any) -> None:
    today = timezone.localdate()
    case = register(herning_caseworker, first="Dorthe", last="Kragh", received=today, company="Søgefirma A/S")
    other = register(herning_caseworker, first="Erik", last="Andersen", received=today)
    cpr = case.person.cpr

    def search(q: str) -> list[Case]:
        return list(
            selectors.inbox_cases(user=herning_caseworker, filters=selectors.InboxFilters(q=q), today=today)
        )

    assert search("Dorthe Kragh") == [case]
    assert search("kragh") == [case]
    assert search(f"{cpr[:6]}-xxxx") == [case, other]  # both fictitious people share a birth date
    assert search(case.employer.cvr) == [case]
    assert search(cpr) == []  # the full CPR number is never a search key
    assert search("Søgefirma") == [case]


def test_inbox_page_shows_days_left_and_paginates(herning_caseworker: Any) -> None:
    today = timezone.localdate()
    for index in range(27):
        register(herning_caseworker, first=f"Person{index}", last="Test", received=today)
    Deadline.objects.filter(case=Case.objects.first()).update(due=today - dt.timedelta(days=3))
    client = Client()
    client.force_login(herning_caseworker)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert "27 sager" in page and "Side 1 af 2" in page
    assert "3 dage over fristen" in page
    assert "Person" in client.get(reverse("cases:inbox") + "?side=2").content.decode()
