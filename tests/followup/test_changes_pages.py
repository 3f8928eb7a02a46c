"""Change report pages: the party's form and receipt on Mine sider, the caseworker's list, report page and
registration, the case page's section — and the employer never reading the person's report."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Role
from kompensation.cases.models import GrantStatus
from kompensation.followup.models import ChangeReport
from kompensation.followup.services.changes import change_report_handle, change_report_submit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(granted_case: Any) -> dict[str, Any]:
    return {
        "case": granted_case,
        "grant": granted_case.grants.get(),
        "person": factories.citizen(granted_case.person.cpr),
        "employer": factories.employer_user(granted_case.employer.cvr),
        "caseworker": granted_case.caseworker,
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def person_report(world: dict[str, Any]) -> ChangeReport:
    return change_report_submit(
        user=world["person"],
        case=world["case"],
        kind="impairment",
        occurred_on=timezone.localdate(),
        description="Mit syn er blevet meget dårligere.",
        source="portal",
    )


def test_the_employer_reports_in_two_steps_and_gets_a_receipt(world: dict[str, Any]) -> None:
    client = client_for(world["employer"])
    home = page(client.get(reverse("portal:home")))
    url = reverse("followup:change_report_new", args=[world["case"].pk])
    assert url in home and "Anmeld en ændring" in home
    form = page(client.get(url))
    assert "Assistenten er stoppet" in form and "Ændret funktionsnedsættelse" not in form
    today = timezone.localdate()
    typed = {"kind": "tasks", "occurred_on": today.strftime("%d.%m.%Y"), "description": ""}
    refused = client.post(url, typed)
    assert refused.status_code == 400 and "Der er et problem" in page(refused)
    assert "Beskriv, hvad der har ændret sig." in page(refused)
    assert re.search(r'value="tasks"[^>]*checked', refused.content.decode())  # nothing typed is lost
    typed |= {"kind": "assistant_left", "description": "Assistenten sagde op."}
    check = page(client.post(url, typed))
    assert "Anmeld en ændring: tjek og send" in check and "Assistenten sagde op." in check
    assert not ChangeReport.objects.exists()
    edit = page(client.post(url, {**typed, "occurred_on": today.isoformat(), "edit": "1"}))
    assert "Assistenten sagde op." in edit and "tjek og send" not in edit
    sent = client.post(url, {**typed, "occurred_on": today.isoformat(), "send": "1"})
    report = ChangeReport.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "followup:change_report_receipt", args=[report.pk]
    )
    receipt = page(client.get(sent["Location"]))
    assert "Ændringen er anmeldt" in receipt and "Assistenten er stoppet" in receipt
    assert f"senest {report.deadline.due:%d.%m.%Y}" in receipt
    assert "Assistenten er stoppet" in page(client.get(reverse("portal:home")))


def test_the_person_may_report_the_impairment(world: dict[str, Any]) -> None:
    client = client_for(world["person"])
    url = reverse("followup:change_report_new", args=[world["case"].pk])
    assert "Ændret funktionsnedsættelse" in page(client.get(url))
    today = timezone.localdate().isoformat()
    client.post(
        url, {"kind": "impairment", "occurred_on": today, "description": "Dårligere syn.", "send": "1"}
    )
    report = ChangeReport.objects.get()
    assert report.reporter == "person" and report.confidentiality == "health"


def test_the_employer_never_reads_the_persons_report(world: dict[str, Any]) -> None:
    report = person_report(world)
    employer = client_for(world["employer"])
    assert "syn" not in page(employer.get(reverse("portal:home")))
    assert employer.get(reverse("followup:change_report_receipt", args=[report.pk])).status_code == 404
    assert employer.get(reverse("followup:change_report", args=[report.pk])).status_code == 404
    # The person reads their own; a stranger nothing.
    assert (
        client_for(world["person"])
        .get(reverse("followup:change_report_receipt", args=[report.pk]))
        .status_code
        == 200
    )
    stranger = factories.citizen(factories.register_person())
    assert (
        client_for(stranger).get(reverse("followup:change_report_receipt", args=[report.pk])).status_code
        == 404
    )
    assert (
        client_for(stranger).get(reverse("followup:change_report_new", args=[world["case"].pk])).status_code
        == 404
    )


def test_caseworker_list_oldest_deadline_first_mine_or_the_team(world: dict[str, Any]) -> None:
    person_report(world)
    urgent = change_report_submit(
        user=world["employer"],
        case=world["case"],
        kind="employment_ended",
        occurred_on=timezone.localdate(),
        description="",
        source="portal",
    )
    client = client_for(world["caseworker"])
    listing = page(client.get(reverse("followup:change_reports")))
    # Urgent (2 working days) before ordinary (5): oldest deadline first.
    assert listing.index("Ansættelsen er ophørt") < listing.index("Ændret funktionsnedsættelse")
    assert "2 anmeldelser" in listing
    colleague = factories.caseworker()
    assert "0 anmeldelser" in page(client_for(colleague).get(reverse("followup:change_reports")))
    assert "2 anmeldelser" in page(
        client_for(colleague).get(reverse("followup:change_reports") + "?vis=alle")
    )
    other = factories.caseworker("751")
    assert "0 anmeldelser" in page(client_for(other).get(reverse("followup:change_reports") + "?vis=alle"))
    # Handled ones move to «Behandlede».
    change_report_handle(user=world["caseworker"], report=urgent, handling="noted", note="Ny ansættelse.")
    handled = page(client.get(reverse("followup:change_reports") + "?status=behandlet"))
    assert "1 anmeldelse." in handled and "Noteret" in handled
    manager = factories.user(Role.MANAGER)
    assert "1 anmeldelse" in page(client_for(manager).get(reverse("followup:change_reports")))


def test_the_list_pages(world: dict[str, Any]) -> None:
    for _ in range(26):
        change_report_submit(
            user=world["employer"],
            case=world["case"],
            kind="hours",
            occurred_on=timezone.localdate(),
            description="",
            source="portal",
        )
    client = client_for(world["caseworker"])
    first = page(client.get(reverse("followup:change_reports")))
    assert "Side 1 af 2" in first and "side=2" in first
    assert "Side 2 af 2" in page(client.get(reverse("followup:change_reports") + "?vis=mine&side=2"))


def test_the_report_page_stops_the_grant_with_the_prefilled_decision(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    report = change_report_submit(
        user=world["employer"],
        case=world["case"],
        kind="assistant_left",
        occurred_on=today,
        description="Assistenten sagde op.",
        source="portal",
    )
    client = client_for(world["caseworker"])
    url = reverse("followup:change_report", args=[report.pk])
    shown = page(client.get(url))
    yesterday = today - dt.timedelta(days=1)
    assert f'value="{yesterday.isoformat()}"' in shown  # the day before the change
    assert "forvaltningslovens § 19 stk. 1" in shown and "Assistenten sagde op." in shown
    refused = client.post(url, {"handling": "noted", "note": ""})
    assert refused.status_code == 400 and "Skriv din vurdering af ændringen." in page(refused)
    stopped = client.post(
        url,
        {
            "handling": "stopped",
            "note": "",
            "last_day": yesterday.isoformat(),
            "reasons": "Assistenten er stoppet, og der er ikke en ny.",
            "hearing_note": "Oplysningerne kommer fra virksomheden.",
        },
    )
    assert stopped.status_code == 302
    world["grant"].refresh_from_db()
    assert world["grant"].status == GrantStatus.STOPPED and world["grant"].ended_on == yesterday
    after = page(client.get(url))
    assert "Bevillingen er standset" in after and "Brev til virksomheden (PDF)" in after
    assert f"sidste dag med bevilling {yesterday:%d.%m.%Y}" in after
    again = client.post(url, {"handling": "noted", "note": "Igen."})
    assert again.status_code == 400 and "Ændringsanmeldelsen er allerede behandlet." in page(again)
    # A manager reads the report but does not handle it.
    manager = client_for(factories.user(Role.MANAGER))
    assert manager.get(url).status_code == 200
    assert manager.post(url, {"handling": "noted", "note": "x"}).status_code == 403


def test_the_report_page_logs_a_view_of_health_data_for_the_persons_report(world: dict[str, Any]) -> None:
    report = person_report(world)
    client_for(world["caseworker"]).get(reverse("followup:change_report", args=[report.pk]))
    assert AccessLog.objects.filter(
        user=world["caseworker"], action=AccessLog.Action.HEALTH, case_id=world["case"].pk
    ).exists()


def test_the_case_page_lists_reports_and_registers_a_phone_call(world: dict[str, Any]) -> None:
    client = client_for(world["caseworker"])
    case_url = reverse("cases:detail", args=[world["case"].pk])
    register = reverse("followup:change_report_register", args=[world["case"].pk])
    assert "Ingen ændringer anmeldt." in page(client.get(case_url)) and register in page(client.get(case_url))
    refused = client.post(
        register, {"reporter": "employer", "kind": "impairment", "occurred_on": "01.11.2026"}
    )
    assert refused.status_code == 400 and "kun anmeldes af personen selv" in page(refused)
    created = client.post(
        register,
        {
            "reporter": "person",
            "kind": "new_job",
            "occurred_on": timezone.localdate().isoformat(),
            "description": "",
        },
    )
    report = ChangeReport.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "followup:change_report", args=[report.pk]
    )
    assert report.source == "caseworker" and report.reporter == "person"
    assert "Nyt job" in page(client.get(case_url))
