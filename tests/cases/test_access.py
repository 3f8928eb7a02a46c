"""Nobody sees or changes a case that is not theirs: every URL this app adds, for every outsider."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Role
from kompensation.cases import services
from kompensation.cases.models import CaseEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    investigated_case: Any, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> dict[str, Any]:
    """A Herning case with a hearing and a sent letter, its citizen and employer, and a draft application."""
    case = investigated_case
    with django_capture_on_commit_callbacks(execute=True):  # the letter's PDF is rendered after commit
        hearing = services.hearing_send(case=case, user=herning_caseworker, facts="Behovet er 7 timer.")
    citizen = factories.citizen(case.person.cpr)
    employer = factories.employer_user(case.employer.cvr)
    draft_cpr = factories.register_person()
    draft_owner = factories.citizen(draft_cpr)
    draft = services.application_start(user=draft_owner)
    services.document_store(user=draft_owner, upload=factories.pdf(), doc_type="gp", application=draft)
    return {
        "case": case,
        "hearing": hearing,
        "document": case.documents.first(),
        "citizen": citizen,
        "employer": employer,
        "draft": draft,
        "draft_owner": draft_owner,
        "draft_document": draft.documents.first(),
    }


def case_urls(world: dict[str, Any]) -> list[tuple[str, str]]:
    pk = world["case"].pk
    return [
        ("GET", reverse("cases:detail", args=[pk])),
        ("POST", reverse("cases:reveal_cpr", args=[pk])),
        ("GET", reverse("cases:active_step", args=[pk])),
        ("POST", reverse("cases:active_step", args=[pk])),
        ("GET", reverse("cases:investigation", args=[pk])),
        ("POST", reverse("cases:investigation", args=[pk])),
        ("GET", reverse("cases:dialog_form", args=[pk])),
        ("POST", reverse("cases:dialog_form", args=[pk])),
        ("GET", reverse("cases:hearing", args=[pk])),
        ("POST", reverse("cases:hearing", args=[pk])),
        ("GET", reverse("cases:hearing_response", args=[pk, world["hearing"].pk])),
        ("POST", reverse("cases:hearing_response", args=[pk, world["hearing"].pk])),
        ("GET", reverse("cases:decision", args=[pk])),
        ("POST", reverse("cases:decision", args=[pk])),
        ("GET", reverse("cases:decision_letter", args=[pk])),
        ("POST", reverse("cases:decision_letter", args=[pk])),
        ("POST", reverse("cases:journal_note", args=[pk])),
        ("POST", reverse("cases:assign", args=[pk])),
        ("POST", reverse("cases:grant_stop", args=[pk])),
        ("POST", reverse("cases:document_upload", args=[pk])),
        ("GET", reverse("cases:document", args=[world["document"].pk])),
        ("GET", reverse("letters:pdf", args=[world["hearing"].letter.pk])),
    ]


def draft_urls(world: dict[str, Any]) -> list[tuple[str, str]]:
    pk = world["draft"].pk
    return [
        ("GET", reverse("portal:step", args=[pk, "om-dig"])),
        ("POST", reverse("portal:step", args=[pk, "om-dig"])),
        ("GET", reverse("portal:step", args=[pk, "assistent"])),
        ("GET", reverse("portal:step", args=[pk, "tjek"])),
        ("POST", reverse("portal:step", args=[pk, "funktionsnedsaettelse"])),
        ("POST", reverse("portal:submit", args=[pk])),
        ("GET", reverse("portal:cosign", args=[pk])),
        ("POST", reverse("portal:cosign", args=[pk])),
        ("GET", reverse("cases:document", args=[world["draft_document"].pk])),
    ]


def outsiders() -> dict[str, Any]:
    other_cpr = factories.register_person(code="751")
    return {
        "caseworker in Aarhus": factories.caseworker("751"),
        "manager in Aarhus": factories.user(Role.MANAGER, code="751"),
        "other citizen": factories.citizen(other_cpr),
        "other employer": factories.employer_user(factories.register_company(name="Fremmed ApS")),
        "interpreter agency": factories.user(Role.INTERPRETER_AGENCY, code=None),
        "national (STAR)": factories.user(Role.NATIONAL, code=None),
    }


def test_outsiders_can_neither_see_nor_change(world: dict[str, Any]) -> None:
    events_before = CaseEvent.objects.count()
    case = world["case"]
    for label, user in outsiders().items():
        client = Client()
        client.force_login(user)
        for method, url in case_urls(world) + draft_urls(world):
            response = client.get(url) if method == "GET" else client.post(url, {"text": "x", "facts": "x"})
            assert response.status_code in (403, 404), f"{label} {method} {url} -> {response.status_code}"
            assert case.person.name.encode() not in response.content, f"{label} saw the name at {url}"
    assert CaseEvent.objects.count() == events_before


def test_anonymous_is_sent_to_login(world: dict[str, Any]) -> None:
    client = Client()
    for method, url in case_urls(world) + draft_urls(world):
        response = client.get(url) if method == "GET" else client.post(url)
        assert response.status_code == 302 and "/log-ind/" in response["Location"], url


def test_lists_show_only_own_cases(world: dict[str, Any]) -> None:
    case = world["case"]
    for user in outsiders().values():
        client = Client()
        client.force_login(user)
        for url in (reverse("cases:inbox"), reverse("portal:home")):
            response = client.get(url)
            assert case.reference.encode() not in response.content
    insider = Client()
    insider.force_login(world["citizen"])
    assert case.reference.encode() in insider.get(reverse("portal:home")).content


def test_citizen_and_employer_see_only_sent_letters_and_cannot_edit(world: dict[str, Any]) -> None:
    case = world["case"]
    hearing_letter = reverse("letters:pdf", args=[world["hearing"].letter.pk])
    for user, sees_hearing in ((world["citizen"], 200), (world["employer"], 404)):
        client = Client()
        client.force_login(user)
        assert client.get(hearing_letter).status_code == sees_hearing
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code in (403, 404)
        note = client.post(reverse("cases:journal_note", args=[case.pk]), {"text": "x"})
        assert note.status_code in (403, 404)
    services.investigation_save(case=case, user=case.caseworker, data={"working_hours": Decimal("37")})
    services.hearing_record_response(
        hearing=world["hearing"],
        user=case.caseworker,
        received_on=timezone.localdate(),
        response="Ingen bemærkninger",
    )
    draft = factories.grant_draft(case)
    client = Client()
    client.force_login(world["citizen"])
    assert client.get(reverse("letters:pdf", args=[draft.letter.pk])).status_code == 404


def test_same_municipality_colleague_may_work_on_the_case(world: dict[str, Any]) -> None:
    colleague = factories.caseworker("657")
    client = Client()
    client.force_login(colleague)
    response = client.get(reverse("cases:detail", args=[world["case"].pk]))
    assert response.status_code == 200
    assert world["case"].person.cpr[:6].encode() + b"-xxxx" in response.content
    assert world["case"].person.cpr.encode() not in response.content


def test_manager_reads_but_cannot_change(world: dict[str, Any]) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    client = Client()
    client.force_login(manager)
    assert client.get(reverse("cases:detail", args=[world["case"].pk])).status_code == 200
    assert client.get(reverse("cases:decision", args=[world["case"].pk])).status_code == 403


def test_every_view_and_reveal_is_logged(world: dict[str, Any]) -> None:
    caseworker = world["case"].caseworker
    client = Client()
    client.force_login(caseworker)
    client.get(reverse("cases:detail", args=[world["case"].pk]))
    response = client.post(reverse("cases:reveal_cpr", args=[world["case"].pk]))
    assert world["case"].person.cpr[6:].encode() in response.content
    actions = list(AccessLog.objects.filter(user=caseworker).values_list("action", flat=True))
    # The case page shows the application's impairment, so opening it is logged as a health-data read.
    assert sorted(actions) == ["health", "reveal_cpr"]
