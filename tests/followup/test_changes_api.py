"""Change reports from payroll systems: `POST/GET /api/v1/aendringer/` with the employer's token."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kompensation.followup.models import ChangeReport
from kompensation.followup.services.changes import change_report_submit
from tests import factories
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/aendringer/"


@pytest.fixture
def payroll(granted_case: Any, employer: Any) -> dict[str, Any]:
    grant = granted_case.grants.get()
    return {"case": granted_case, "grant": grant, "employer": employer, "client": bearer_client(employer)}


def body(grant: Any, **changes: Any) -> dict[str, Any]:
    return {
        "grant_reference": grant.reference,
        "kind": "assistant_left",
        "occurred_on": timezone.localdate().isoformat(),
        "description": "Assistenten er fratrådt.",
    } | changes


def post(payroll: dict[str, Any], data: dict[str, Any], key: str = "aendring-1") -> Any:
    return payroll["client"].post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_payroll_system_reports_a_change_by_grant_reference_or_id(payroll: dict[str, Any]) -> None:
    grant = payroll["grant"]
    created = post(payroll, body(grant))
    assert created.status_code == 201, created.json()
    answer = created.json()
    assert answer["grant_reference"] == grant.reference and answer["kind"] == "assistant_left"
    assert answer["kind_label"] == "Assistenten er stoppet" and answer["status"] == "open"
    assert "handling_note" not in answer  # the caseworker's assessment is not the employer's to read
    report = ChangeReport.objects.get(pk=answer["id"])
    assert report.source == "api" and report.reporter == "employer" and report.confidentiality == "subsidy"
    by_id = body(grant, kind="hours", description="")
    del by_id["grant_reference"]
    assert post(payroll, by_id | {"grant": grant.pk}, key="aendring-2").status_code == 201
    assert ChangeReport.objects.count() == 2


def test_refusals_are_danish_and_name_the_field(payroll: dict[str, Any]) -> None:
    grant = payroll["grant"]
    impairment = post(payroll, body(grant, kind="impairment"), key="a")
    assert impairment.status_code == 400
    assert "Ukendt ændring «impairment»" in impairment.json()["errors"]["kind"][0]
    both = post(payroll, body(grant) | {"grant": grant.pk}, key="b")
    assert both.status_code == 400 and "enten grant" in both.json()["errors"]["grant"][0]
    wrong = post(payroll, body(grant, grant_reference="0000123"), key="c")
    assert "BEV-0000123" in wrong.json()["errors"]["grant_reference"][0]
    tasks = post(payroll, body(grant, kind="tasks", description=""), key="d")
    assert tasks.json()["errors"]["description"] == ["Beskriv, hvad der har ændret sig."]
    missing = payroll["client"].post(URL, body(grant), format="json")
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json()["errors"]
    assert not ChangeReport.objects.exists()


def test_another_employers_grant_does_not_exist(payroll: dict[str, Any]) -> None:
    other = bearer_client(factories.employer_user(factories.register_company(name="Fremmed ApS")))
    response = other.post(URL, body(payroll["grant"]), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 404
    assert response.json()["detail"] == "Bevillingen findes ikke, eller den tilhører ikke jeres CVR-nummer."
    assert not ChangeReport.objects.exists()


def test_a_repeated_key_gives_the_first_answer_and_one_report(payroll: dict[str, Any]) -> None:
    first = post(payroll, body(payroll["grant"]))
    again = post(payroll, body(payroll["grant"]))
    assert again.status_code == 201 and again.json() == first.json()
    other_body = post(payroll, body(payroll["grant"], kind="hours"))
    assert other_body.status_code == 422
    assert ChangeReport.objects.count() == 1


def test_the_list_holds_the_employers_own_reports_never_the_persons(payroll: dict[str, Any]) -> None:
    person = factories.citizen(payroll["case"].person.cpr)
    change_report_submit(
        user=person,
        case=payroll["case"],
        kind="impairment",
        occurred_on=timezone.localdate(),
        description="Mit syn er blevet dårligere.",
        source="portal",
    )
    post(payroll, body(payroll["grant"]))
    listed = payroll["client"].get(URL)
    assert listed.status_code == 200
    assert [r["kind"] for r in listed.json()] == ["assistant_left"]
    assert "syn" not in listed.content.decode()
    stranger = bearer_client(factories.employer_user(factories.register_company(name="Fremmed ApS")))
    assert stranger.get(URL).json() == []


def test_the_route_is_in_the_openapi_schema(payroll: dict[str, Any]) -> None:
    schema = payroll["client"].get("/api/v1/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/aendringer/"]
    assert {"get", "post"} <= set(operations)
    fields = schema["components"]["schemas"]["ChangeReportCreate"]["properties"]
    assert {"grant", "grant_reference", "kind", "occurred_on", "description"} <= set(fields)
    assert "impairment" not in str(schema["components"]["schemas"].get("KindEnum", {}))
