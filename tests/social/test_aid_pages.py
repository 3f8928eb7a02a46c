"""The trial page of an aids case, the trial panel and button on the case page, the case page's processing
time with «KM – Afprøvning», the report, and the supplier kept out of the social case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Role
from kompensation.cases.models import Case, CaseEvent, EventType
from kompensation.payments.models import PaymentRequest
from kompensation.social import aids
from kompensation.social.models import AidTrial
from kompensation.social.selectors import case_panel
from tests import factories
from tests import social_cases as social
from tests.social.test_aids import decide

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def aid_case(caseworker: Any, scheme: str = "aid") -> Case:
    return social.social_case(scheme, caseworker, received_on=days_ago(60))


def test_the_caseworker_starts_and_ends_a_trial_on_the_page(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    client = client_for(herning_caseworker)
    url = reverse("social:trial", args=[case.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Der er ikke registreret nogen afprøvning på sagen." in html
    assert 'data-testid="trial-start-form"' in html and 'data-testid="trial-end-form"' not in html
    supplier_cvr = factories.register_company(name="Hjælpemiddelhuset ApS")
    response = client.post(
        reverse("social:trial_start", args=[case.pk]),
        {
            "product": "Vaske-/tørretoilet",
            "supplier_cvr": supplier_cvr,
            "started_on": days_ago(40).isoformat(),
            "planned_end": days_ago(10).isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    trial = AidTrial.objects.get(case=case)
    html = client.get(url).content.decode()
    assert "Vaske-/tørretoilet" in html and f"Hjælpemiddelhuset ApS (CVR {supplier_cvr})" in html
    assert "Afprøvningen er startet og står på sagens tidslinje." in html
    # One trial at a time: the start form gives way to the end form.
    assert 'data-testid="trial-start-form"' not in html and 'data-testid="trial-end-form"' in html
    end_url = reverse("social:trial_end", args=[case.pk, trial.pk])
    response = client.post(
        end_url, {"ended_on": days_ago(8).isoformat(), "result": "suitable", "findings": ""}
    )
    assert response.status_code == 400
    assert "Skriv hvad afprøvningen viste: afgørelsen skal bygge på det." in response.content.decode()
    response = client.post(
        end_url,
        {"ended_on": days_ago(8).isoformat(), "result": "suitable", "findings": "Borgeren er selvhjulpen."},
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Egnet" in html and "Borgeren er selvhjulpen." in html
    assert 'data-testid="trial-start-form"' in html
    assert (
        CaseEvent.objects.filter(case=case, type__in=[EventType.TRIAL_STARTED, EventType.TRIAL_ENDED]).count()
        == 2
    )
    # The page shows what a trial showed (health data): every view is logged.
    assert AccessLog.objects.filter(
        case_id=case.pk, object_repr__endswith="afprøvning", action=AccessLog.Action.HEALTH
    ).exists()


def test_the_service_errors_show_beside_the_fields_and_keep_what_was_typed(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    response = client_for(herning_caseworker).post(
        reverse("social:trial_start", args=[case.pk]),
        {
            "product": "Badestol",
            "supplier_cvr": "",
            "started_on": days_ago(20).isoformat(),
            "planned_end": days_ago(21).isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Den planlagte afslutning kan ikke ligge før startdatoen." in html
    assert 'value="Badestol"' in html
    empty = client_for(herning_caseworker).post(reverse("social:trial_start", args=[case.pk]), {})
    html = empty.content.decode()
    assert "Skriv hvilket produkt der afprøves." in html
    assert "Angiv hvornår afprøvningen efter planen afsluttes." in html
    assert not AidTrial.objects.filter(case=case).exists()


def test_other_staff_read_the_page_without_forms_and_other_schemes_have_none(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    aids.trial_start(
        case=case,
        user=herning_caseworker,
        data={"product": "Rollator", "started_on": days_ago(5), "planned_end": TODAY},
    )
    html = (
        client_for(factories.user(Role.PAYMENT_OFFICER, code="657"))
        .get(reverse("social:trial", args=[case.pk]))
        .content.decode()
    )
    assert "Rollator" in html and "Kommunens depot" in html
    assert "trial-start-form" not in html and "trial-end-form" not in html
    bpa = social.social_case("bpa", herning_caseworker)
    assert client_for(herning_caseworker).get(reverse("social:trial", args=[bpa.pk])).status_code == 404


def test_the_case_page_shows_the_trial_panel_and_the_processing_time_step(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    trial = aids.trial_start(
        case=case,
        user=herning_caseworker,
        data={"product": "Vaske-/tørretoilet", "started_on": days_ago(40), "planned_end": days_ago(10)},
    )
    aids.trial_end(
        trial=trial,
        user=herning_caseworker,
        data={"ended_on": days_ago(8), "result": "suitable", "findings": "Virker."},
    )
    response = client_for(herning_caseworker).get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert 'data-testid="case-trials"' in html and "Vaske-/tørretoilet" in html
    assert reverse("social:trial", args=[case.pk]) in html
    # The processing-time panel: 40 − 8 = 32 days → 32 / 7 = 4,57 → 4,6 weeks.
    assert 'data-step="km_trial"' in html
    assert "KM – Afprøvning: 4,6 uger" in html


def test_the_case_actions_offer_the_trial_for_aids_only(herning_caseworker: Any) -> None:
    for scheme, shown in (("aid", True), ("consumer_good", True), ("bpa", False)):
        case = social.social_case(scheme, herning_caseworker)
        html = render_to_string(
            "social/_case_actions_trial.html",
            {"case": case, "social": case_panel(case=case, user=herning_caseworker)},
        )
        assert ('data-testid="trial-action"' in html) is shown, scheme
        assert (">Afprøvning</a>" in html) is shown


def test_the_processing_time_report_has_the_trial_column_for_aids(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    trial = aids.trial_start(
        case=case,
        user=herning_caseworker,
        data={"product": "Badestol", "started_on": days_ago(40), "planned_end": days_ago(10)},
    )
    aids.trial_end(
        trial=trial,
        user=herning_caseworker,
        data={"ended_on": days_ago(8), "result": "suitable", "findings": "Ok"},
    )
    decide(case, herning_caseworker, price=Decimal("0"))
    response = client_for(factories.user(Role.MANAGER, code="657")).get(
        reverse("insights:processing_time"), {"scheme": "aid"}
    )
    html = response.content.decode()
    assert "KM – Afprøvning" in html
    assert case.reference in html
    # Trial 4,6 weeks (32 days); total 60 days from receipt to today's decision → 8,6 weeks.
    assert "4,6" in html and "8,6" in html


def test_the_supplier_never_sees_the_social_case_or_its_payment(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    decide(case, herning_caseworker, price=Decimal("999"), supplier_name="Hjælpemiddelhuset ApS")
    request = PaymentRequest.objects.get(grant__case=case)
    assert request.employer is not None
    supplier = factories.employer_user(request.employer.cvr)
    client = client_for(supplier)
    listing = client.get(reverse("payments:employer_list"))
    assert listing.status_code == 200
    assert case.person.last_name not in listing.content.decode()
    assert request.reference not in listing.content.decode()
    assert client.get(reverse("payments:employer_request", args=[request.pk])).status_code in (403, 404)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code in (403, 404)
    assert client.get(reverse("social:trial", args=[case.pk])).status_code in (403, 404)
