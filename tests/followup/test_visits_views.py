"""«Tilsyn»: the list, planning a visit (find the company, tick the grants), the visit page with its record
and cancel forms, the case page's panel — and neither the employer nor the person ever sees a visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Role
from kompensation.cases.models import Employer
from kompensation.followup.models import InspectionVisit, VisitStatus
from kompensation.followup.services.visits import visit_cancel, visit_plan, visit_record
from tests import factories
from tests.followup.visits_world import grant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(herning_caseworker: Any) -> dict[str, Any]:
    cvr = factories.register_company(name="Tilsynsfirma ApS")
    anne = grant(herning_caseworker, cvr, first_name="Annemarie")
    bo = grant(herning_caseworker, cvr, first_name="Bodil")
    viborg = grant(factories.caseworker("791"), cvr, first_name="Vibeke")
    other = grant(herning_caseworker, factories.register_company(name="Andetfirma ApS"), first_name="Ole")
    return {
        "cw": herning_caseworker,
        "employer": Employer.objects.get(cvr=cvr),
        "anne": anne,
        "bo": bo,
        "viborg": viborg,
        "other": other,
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plan(w: dict[str, Any], *, announced: bool = True, days: int = 10, grants: Any = None) -> InspectionVisit:
    return visit_plan(
        user=w["cw"],
        employer=w["employer"],
        grants=grants or [w["anne"]],
        announced=announced,
        planned_on=TODAY + dt.timedelta(days=days),
        purpose="Se timesedlerne.",
    )


def held(w: dict[str, Any], *, days_ago: int, announced: bool = True) -> InspectionVisit:
    visit = plan(w, announced=announced, days=-days_ago)
    return visit_record(
        user=w["cw"],
        visit=visit,
        held_on=TODAY - dt.timedelta(days=days_ago),
        visitors="Mette",
        met="Lederen",
        findings="Som bevilget.",
        documents_seen="",
        follow_up_needed=False,
    )


def test_the_list_shows_planned_first_then_held_and_filters(world: dict[str, Any]) -> None:
    late_plan = plan(world, days=20)
    soon_plan = plan(world, days=5, announced=False)
    old_visit = held(world, days_ago=30)
    recent_visit = held(world, days_ago=2, announced=False)
    cancelled = plan(world, days=3)
    visit_cancel(user=world["cw"], visit=cancelled, reason="Lukket")
    response = client_for(world["cw"]).get(reverse("followup:visits"))
    assert response.status_code == 200
    assert [v.pk for v in response.context["page"]] == [
        soon_plan.pk,
        late_plan.pk,
        recent_visit.pk,
        old_visit.pk,
        cancelled.pk,
    ]
    html = response.content.decode()
    assert "Tilsynsfirma ApS" in html and "Planlæg et tilsynsbesøg" in html
    # The list names the company, never a person.
    assert "Annemarie" not in html
    unannounced = client_for(world["cw"]).get(reverse("followup:visits") + "?type=uanmeldt")
    assert [v.pk for v in unannounced.context["page"]] == [soon_plan.pk, recent_visit.pk]
    announced = client_for(world["cw"]).get(reverse("followup:visits") + "?type=anmeldt")
    assert [v.pk for v in announced.context["page"]] == [late_plan.pk, old_visit.pk, cancelled.pk]


def test_the_list_paginates_and_keeps_the_filter(world: dict[str, Any]) -> None:
    for day in range(27):
        plan(world, days=day + 1, announced=False)
    plan(world, announced=True)
    client = client_for(world["cw"])
    html = client.get(reverse("followup:visits") + "?type=uanmeldt").content.decode()
    assert "27 besøg" in html and "Side 1 af 2" in html and "?type=uanmeldt&amp;side=2" in html
    second = client.get(reverse("followup:visits") + "?type=uanmeldt&side=2")
    assert len(second.context["page"]) == 2


def test_another_municipalitys_visits_never_show(world: dict[str, Any]) -> None:
    plan(world)
    aarhus = factories.caseworker("751")
    response = client_for(aarhus).get(reverse("followup:visits"))
    assert list(response.context["page"]) == [] and "Tilsynsfirma" not in response.content.decode()


def test_the_manager_reads_but_does_not_plan(world: dict[str, Any]) -> None:
    visit = plan(world)
    manager = client_for(factories.user(Role.MANAGER, code="657"))
    listing = manager.get(reverse("followup:visits")).content.decode()
    assert "Tilsynsfirma ApS" in listing and "Planlæg et tilsynsbesøg" not in listing
    page = manager.get(reverse("followup:visit", args=[visit.pk]))
    assert page.status_code == 200 and "Registrér besøget" not in page.content.decode()
    assert manager.post(reverse("followup:visit", args=[visit.pk]), {"handling": "aflys"}).status_code == 403
    assert manager.get(reverse("followup:visit_new")).status_code == 403


def test_find_the_company_by_name_or_cvr(world: dict[str, Any]) -> None:
    client = client_for(world["cw"])
    url = reverse("followup:visit_new")
    by_name = client.get(url + "?q=tilsyn")
    assert [(m.employer.name, m.grants) for m in by_name.context["matches"]] == [("Tilsynsfirma ApS", 2)]
    cvr = world["employer"].cvr
    by_cvr = client.get(url + f"?q={cvr[:4]}")
    assert world["employer"] in [m.employer for m in by_cvr.context["matches"]]
    assert f'href="?cvr={cvr}"' in by_cvr.content.decode()
    nothing = client.get(url + "?q=Findes+ikke")
    assert nothing.context["matches"] == [] and "Ingen virksomheder" in nothing.content.decode()
    # A company with grants in Viborg only is not Herning's to visit.
    viborg_only = factories.register_company(name="Viborgfirma ApS")
    grant(factories.caseworker("791"), viborg_only)
    assert client.get(url + "?q=Viborgfirma").context["matches"] == []
    refused = client.get(url + f"?cvr={viborg_only}")
    assert "ingen bevillinger i kommunen" in refused.content.decode()


def test_plan_a_visit_ticking_the_grants(world: dict[str, Any]) -> None:
    client = client_for(world["cw"])
    url = reverse("followup:visit_new")
    cvr = world["employer"].cvr
    form_page = client.get(url + f"?cvr={cvr}&sag={world['bo'].case_id}")
    html = form_page.content.decode()
    # The municipality's grants at this company only: not Viborg's Vibeke, not Ole at another company.
    assert "Annemarie" in html and "Bodil" in html and "Vibeke" not in html and "Ole" not in html
    assert form_page.context["form"].initial["grants"] == [world["bo"].pk]
    logged = AccessLog.objects.filter(user=world["cw"], path__startswith=url)
    assert set(logged.values_list("case_id", flat=True)) == {world["anne"].case_id, world["bo"].case_id}
    response = client.post(
        url,
        {
            "cvr": cvr,
            "grants": [world["anne"].pk, world["bo"].pk],
            "announced": "no",
            "planned_on": (TODAY + dt.timedelta(days=7)).isoformat(),
            "purpose": "Uanmeldt kontrol af fremmøde.",
        },
    )
    visit = InspectionVisit.objects.get()
    assert response.status_code == 302 and response.url == reverse("followup:visit", args=[visit.pk])
    assert visit.announced is False and set(visit.grants.all()) == {world["anne"], world["bo"]}


def test_a_bad_plan_keeps_what_was_typed(world: dict[str, Any]) -> None:
    client = client_for(world["cw"])
    response = client.post(
        reverse("followup:visit_new"),
        {"cvr": world["employer"].cvr, "announced": "yes", "planned_on": "", "purpose": "Min tekst"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Der er et problem" in html and "Vælg mindst én bevilling" in html and "Min tekst" in html
    # A grant of another company, posted by hand, is not among the choices.
    response = client.post(
        reverse("followup:visit_new"),
        {
            "cvr": world["employer"].cvr,
            "grants": [world["other"].pk],
            "announced": "yes",
            "planned_on": TODAY.isoformat(),
            "purpose": "x",
        },
    )
    assert response.status_code == 400 and not InspectionVisit.objects.exists()


def test_record_a_visit_on_its_page(world: dict[str, Any]) -> None:
    visit = plan(world, days=0, grants=[world["anne"], world["bo"]])
    client = client_for(world["cw"])
    url = reverse("followup:visit", args=[visit.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Registrér besøget" in html and "Annemarie" in html and "Bodil" in html
    assert AccessLog.objects.filter(user=world["cw"], path=url).count() == 2  # one row per case shown
    bad = client.post(
        url,
        {"handling": "registrer", "held_on": TODAY.isoformat(), "visitors": "Mette", "findings": ""},
    )
    assert bad.status_code == 400
    assert "Der er et problem" in bad.content.decode() and 'value="Mette"' in bad.content.decode()
    good = client.post(
        url,
        {
            "handling": "registrer",
            "held_on": TODAY.isoformat(),
            "visitors": "Mette Kjær",
            "met": "Lederen",
            "findings": "Timesedlerne passer.",
            "documents_seen": "Timesedler",
            "follow_up_needed": "on",
        },
    )
    assert good.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD and visit.follow_up_needed is True
    html = client.get(url).content.decode()
    assert "Timesedlerne passer." in html and "Registrér besøget" not in html


def test_cancel_a_visit_on_its_page(world: dict[str, Any]) -> None:
    visit = plan(world)
    client = client_for(world["cw"])
    url = reverse("followup:visit", args=[visit.pk])
    bad = client.post(url, {"handling": "aflys", "reason": ""})
    assert bad.status_code == 400 and "Hvorfor aflyses besøget?" in bad.content.decode()
    assert client.post(url, {"handling": "aflys", "reason": "Lederen er syg."}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert "Lederen er syg." in client.get(url).content.decode()


def test_the_case_page_lists_the_cases_visits(world: dict[str, Any]) -> None:
    visit = plan(world, announced=False)
    html = client_for(world["cw"]).get(reverse("cases:detail", args=[world["anne"].case_id])).content.decode()
    assert reverse("followup:visit", args=[visit.pk]) in html and "Uanmeldt besøg hos Tilsynsfirma" in html
    # The timeline says what happened and when, never what was found.
    planned_on = TODAY + dt.timedelta(days=10)
    assert f"Uanmeldt tilsynsbesøg nr. {visit.pk} planlagt til {planned_on:%d.%m.%Y}" in html
    # Bodil's case is not concerned by this visit.
    other = client_for(world["cw"]).get(reverse("cases:detail", args=[world["bo"].case_id])).content.decode()
    assert reverse("followup:visit", args=[visit.pk]) not in other


def test_neither_the_employer_nor_the_person_sees_a_visit(world: dict[str, Any]) -> None:
    visit = plan(world, announced=False)
    employer = client_for(factories.employer_user(world["employer"].cvr))
    home = employer.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "tilsynsbesøg" not in home.content.decode().lower() and "Uanmeldt" not in home.content.decode()
    assert employer.get(reverse("followup:visit", args=[visit.pk])).status_code == 404
    assert employer.get(reverse("followup:visits")).status_code == 403
    person = client_for(factories.citizen(world["anne"].case.person.cpr))
    for url in (reverse("portal:home"), reverse("portal:case", args=[world["anne"].case_id])):
        response = person.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "tilsynsbesøg" not in html.lower() and "Uanmeldt" not in html and "Se timesedlerne" not in html
