"""Anonymous tips: registered against a grant, an agency or an interpreter; closed with an outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import CaseEvent, Deadline, DeadlineKind, EventType
from kompensation.payments import services
from kompensation.payments.models.interpreting import Tip
from tests import factories, interpreting
from tests.payments.sample_world import grant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _register(user: Any, **kwargs: Any) -> Tip:
    data: dict[str, Any] = {
        "municipality": user.municipality,
        "received_on": TODAY,
        "channel": "Telefon",
        "content": "Tolken var der ikke.",
    }
    return services.tip_register(user=user, **(data | kwargs))


def test_a_tip_needs_a_target_and_content(herning_caseworker: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _register(herning_caseworker)
    assert "grant" in error.value.message_dict
    agency, _ = interpreting.agency()
    with pytest.raises(ValidationError) as error:
        _register(herning_caseworker, agency=agency, content="   ")
    assert "content" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _register(herning_caseworker, agency=agency, received_on=TODAY + dt.timedelta(days=1))
    assert "received_on" in error.value.message_dict
    assert not Tip.objects.exists()


def test_a_tip_about_a_grant_opens_a_control_task(herning_caseworker: Any) -> None:
    g = grant(herning_caseworker)
    tip = _register(herning_caseworker, grant=g)
    task = Deadline.objects.get(case=g.case, kind=DeadlineKind.CONTROL_TASK)
    event = CaseEvent.objects.get(case=g.case, type=EventType.TIP_REGISTERED)
    assert event.payload == {"tip_id": tip.pk, "control_task_id": task.pk}
    # Anonymous: the event and the tip name nobody but the staff member who registered it.
    assert {f.name for f in Tip._meta.get_fields()}.isdisjoint({"name", "tipper", "email", "phone", "cpr"})


def test_a_tip_about_an_agency_or_interpreter_opens_no_case_task(herning_caseworker: Any) -> None:
    agency, _ = interpreting.agency()
    anne = interpreting.interpreter(agency)
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    manager = factories.user(Role.MANAGER, code="657")
    _register(officer, agency=agency)
    _register(manager, interpreter=anne)
    assert Tip.objects.count() == 2
    assert not Deadline.objects.filter(kind=DeadlineKind.CONTROL_TASK).exists()


def test_a_grant_of_another_municipality_is_refused(herning_caseworker: Any) -> None:
    foreign = grant(factories.caseworker("751"))
    with pytest.raises(ValidationError) as error:
        _register(herning_caseworker, grant=foreign)
    assert "grant" in error.value.message_dict


def test_only_the_municipalitys_staff_register_and_close(herning_caseworker: Any) -> None:
    agency, _ = interpreting.agency()
    for outsider in (
        factories.citizen(factories.register_person()),
        factories.user(Role.NATIONAL, code=None),
    ):
        with pytest.raises(PermissionDenied):
            services.tip_register(
                user=outsider,
                municipality=herning_caseworker.municipality,
                agency=agency,
                received_on=TODAY,
                channel="Brev",
                content="x",
            )
    tip = _register(herning_caseworker, agency=agency)
    with pytest.raises(PermissionDenied):
        services.tip_close(user=factories.caseworker("751"), tip=tip, outcome="Intet")
    with pytest.raises(ValidationError):
        services.tip_close(user=herning_caseworker, tip=tip, outcome=" ")
    closed = services.tip_close(user=herning_caseworker, tip=tip, outcome="Tolkene var til stede.")
    assert closed.closed_at is not None and closed.outcome == "Tolkene var til stede."
    with pytest.raises(ValidationError):
        services.tip_close(user=herning_caseworker, tip=tip, outcome="Igen")


def test_register_a_tip_on_the_page_by_person_name(herning_caseworker: Any) -> None:
    g = grant(herning_caseworker, first_name="Karen", last_name="Blixen")
    client = Client()
    client.force_login(herning_caseworker)
    response = client.post(
        reverse("payments:tip_new"),
        {
            "grant": "karen blixen",
            "received_on": TODAY.isoformat(),
            "channel": "Brev",
            "content": "Ingen hjælp.",
        },
    )
    tip = Tip.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("payments:tip", args=[tip.pk])
    assert tip.grant == g and tip.registered_by == herning_caseworker
    # Nothing chosen: the error summary, and what was typed is kept.
    response = client.post(
        reverse("payments:tip_new"), {"received_on": TODAY.isoformat(), "channel": "Brev", "content": "Noget"}
    )
    assert response.status_code == 400
    assert "Der er et problem" in response.content.decode()
    assert "Vælg hvad tippet handler om" in response.content.decode() and "Noget" in response.content.decode()


def test_another_municipality_cannot_see_the_tips(herning_caseworker: Any) -> None:
    g = grant(herning_caseworker, first_name="Hemmelig", last_name="Person")
    tip = _register(herning_caseworker, grant=g, content="Særligt indhold")
    own, foreign = Client(), Client()
    own.force_login(herning_caseworker)
    foreign.force_login(factories.caseworker("751"))
    assert "Særligt indhold" in own.get(reverse("payments:tip", args=[tip.pk])).content.decode()
    assert "Hemmelig" in own.get(reverse("payments:tips")).content.decode()
    assert foreign.get(reverse("payments:tip", args=[tip.pk])).status_code in (403, 404)
    listing = foreign.get(reverse("payments:tips"))
    assert listing.status_code == 200 and "Hemmelig" not in listing.content.decode()
    # Search finds by the grant's reference.
    found = own.get(reverse("payments:tips"), {"q": g.reference}).content.decode()
    assert "Hemmelig" in found
    assert "Hemmelig" not in own.get(reverse("payments:tips"), {"q": "findesikke"}).content.decode()
