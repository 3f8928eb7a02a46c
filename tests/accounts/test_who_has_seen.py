""" "Hvem har set denne person?": the data-protection officer's lookup and the citizen's own page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.forms import CprLookupForm
from kompensation.accounts.models import AccessLog, Role
from kompensation.accounts.services import access_log_record
from kompensation.cases import services
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/tilsyn/adgangslog/"
CSV = "/tilsyn/adgangslog/csv/"
NOT_HERE = "Vi har ingen sager om denne person i kommunen."


@pytest.fixture
def dpo(db: None) -> Any:
    return factories.user(Role.DATA_PROTECTION, username="karen", code="657", last_name="Lauridsen")


@pytest.fixture
def aarhus_case(db: None) -> Any:
    cpr = factories.register_person(code="751", first_name="Ole", last_name="Aarhusen")
    return services.application_register_paper(
        user=factories.caseworker("751"),
        data=factories.paper_data(cpr=cpr, cvr=factories.register_company()),
        assistants=factories.ASSISTANT,
        uploads=[],
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls_in(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def _assert_no_cpr(cpr: str, *texts: str) -> None:
    for text in texts:
        assert cpr not in text and f"{cpr[:6]}-{cpr[6:]}" not in text


def test_officer_sees_who_opened_the_case(investigated_case: Any, herning_caseworker: Any, dpo: Any) -> None:
    person = investigated_case.person
    _client(herning_caseworker).get(reverse("cases:detail", args=[investigated_case.pk]))
    client = _client(dpo)

    lookup = client.post(PAGE, {"cpr": f"{person.cpr[:6]}-{person.cpr[6:]}"})
    assert lookup.status_code == 302 and lookup["Location"] == PAGE
    page = client.get(lookup["Location"])
    html = page.content.decode()

    assert page.status_code == 200
    assert person.name in html and f"{person.cpr[:6]}-xxxx" in html
    name = re.escape(herning_caseworker.display_name)
    row = re.search(rf"<tr><td>[^<]+</td><td>{name}</td>.*?</tr>", html)  # the caseworker's row
    assert row is not None, html
    for cell in ("Sagsbehandler", "Herning Kommune", "Helbredsoplysninger læst", investigated_case.reference):
        assert f"<td>{cell}</td>" in row.group(0)
    # The lookup is itself logged, names the person, and is the newest row on the page.
    own = AccessLog.objects.filter(user=dpo).get()
    assert (own.action, own.person_id, own.case_id) == (AccessLog.Action.VIEW, person.pk, None)
    assert html.index("Karen Lauridsen</td>") < html.index(row.group(0))
    _assert_no_cpr(person.cpr, lookup["Location"], *_urls_in(html), html)


def test_rows_come_fifty_to_a_page_and_paging_keeps_the_cpr_out_of_urls(
    investigated_case: Any, herning_caseworker: Any, dpo: Any
) -> None:
    person = investigated_case.person
    for _ in range(60):
        access_log_record(
            user=herning_caseworker,
            action=AccessLog.Action.VIEW,
            person_id=person.pk,
            case_id=investigated_case.pk,
            object_repr="Testvisning",
        )
    client = _client(dpo)
    client.post(PAGE, {"cpr": person.cpr})
    first = client.get(PAGE).content.decode()
    # 61 rows: the officer's own lookup (newest) and 49 test rows on page 1, the last 11 on page 2.
    assert first.count("<td>Testvisning</td>") == 49 and "Side 1 af 2" in first
    assert '<a href="?side=2">Næste</a>' in first
    second = client.get(PAGE + "?side=2").content.decode()
    assert second.count("<td>Testvisning</td>") == 11
    _assert_no_cpr(person.cpr, *_urls_in(first), *_urls_in(second), first, second)


def test_a_person_without_a_case_here_is_refused(aarhus_case: Any, dpo: Any) -> None:
    client = _client(dpo)
    response = client.post(PAGE, {"cpr": aarhus_case.person.cpr})
    html = response.content.decode()
    assert response.status_code == 400 and NOT_HERE in html
    assert aarhus_case.person.name not in html
    assert not AccessLog.objects.filter(user=dpo).exists()
    assert aarhus_case.person.name not in client.get(PAGE).content.decode()


def test_a_bad_cpr_number_gets_a_danish_message(investigated_case: Any, dpo: Any) -> None:
    client = _client(dpo)
    for bad in ("3213901234", "12345", "abcdefghij", ""):
        response = client.post(PAGE, {"cpr": bad})
        html = response.content.decode()
        assert response.status_code == 400, bad
        expected = CprLookupForm.INVALID if bad else "Skriv personens CPR-nummer."
        assert expected in html, bad
        assert "Der er et problem" in html
    assert not AccessLog.objects.filter(user=dpo).exists()


def test_csv_export_lists_the_rows_and_is_logged(
    investigated_case: Any, herning_caseworker: Any, dpo: Any
) -> None:
    person = investigated_case.person
    _client(herning_caseworker).get(reverse("cases:investigation", args=[investigated_case.pk]))
    access_log_record(
        user=herning_caseworker,
        action=AccessLog.Action.DOWNLOAD,
        person_id=person.pk,
        case_id=investigated_case.pk,
        object_repr="=1+1",
    )
    client = _client(dpo)
    assert client.post(CSV)["Location"] == PAGE  # nobody looked up yet: back to the form
    client.post(PAGE, {"cpr": person.cpr})
    response = client.post(CSV)
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "Tidspunkt;Bruger;Rolle;Arbejdssted;Handling;Hvad;Sag"
    caseworker_line = next(line for line in lines if "sagsoplysning" in line)
    assert caseworker_line.split(";")[1:] == [
        herning_caseworker.display_name,
        "Sagsbehandler",
        "Herning Kommune",
        "Helbredsoplysninger læst",
        f"{investigated_case}: sagsoplysning",
        investigated_case.reference,
    ]
    assert ";'=1+1;" in text  # a spreadsheet shows it as text instead of computing it
    assert list(AccessLog.objects.filter(user=dpo).order_by("pk").values_list("action", flat=True)) == [
        "view",
        "download",
    ]
    _assert_no_cpr(person.cpr, response["Content-Disposition"], text)


def test_only_the_data_protection_officer_opens_the_page(investigated_case: Any, dpo: Any) -> None:
    others = {
        "caseworker": factories.caseworker("657"),
        "manager": factories.user(Role.MANAGER, code="657"),
        "payment officer": factories.user(Role.PAYMENT_OFFICER, code="657"),
        "employer": factories.employer_user(investigated_case.employer.cvr),
        "citizen": factories.citizen(investigated_case.person.cpr),
        "national": factories.user(Role.NATIONAL, code=None),
    }
    for label, user in others.items():
        client = _client(user)
        assert client.get(PAGE).status_code == 403, label
        assert client.post(PAGE, {"cpr": investigated_case.person.cpr}).status_code == 403, label
        assert client.post(CSV).status_code == 403, label
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "/log-ind/" in anonymous["Location"]


def test_the_officer_lands_on_the_page_and_sees_no_cases_or_payments(
    investigated_case: Any, dpo: Any
) -> None:
    client = _client(dpo)
    assert client.get("/")["Location"] == PAGE
    assert client.get(reverse("cases:detail", args=[investigated_case.pk])).status_code in (403, 404)
    assert client.get(reverse("cases:inbox")).status_code == 403
    assert client.get(reverse("payments:queue")).status_code == 403
    assert client.get(reverse("portal:home")).status_code == 403


def test_citizen_sees_who_saw_their_data_and_nobody_elses(
    investigated_case: Any, herning_caseworker: Any, aarhus_case: Any
) -> None:
    citizen = factories.citizen(investigated_case.person.cpr)
    citizen_client = _client(citizen)
    citizen_client.get(reverse("portal:home"))  # their own visit: not listed
    _client(herning_caseworker).get(reverse("cases:detail", args=[investigated_case.pk]))
    aarhus_caseworker = aarhus_case.caseworker or factories.caseworker("751")
    _client(aarhus_caseworker).get(reverse("cases:detail", args=[aarhus_case.pk]))

    home = citizen_client.get(reverse("portal:home")).content.decode()
    assert 'href="/portal/mine-oplysninger/adgang/"' in home
    response = citizen_client.get("/portal/mine-oplysninger/adgang/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<tr><td>") == 1  # exactly the Herning caseworker's opening of the case
    for cell in (
        herning_caseworker.display_name,
        "Sagsbehandler",
        "Herning Kommune",
        "Helbredsoplysninger læst",
    ):
        assert f"<td>{cell}</td>" in html
    assert aarhus_caseworker.display_name not in html and aarhus_case.reference not in html
    assert citizen.display_name not in html.split("<table")[1]

    employer = _client(factories.employer_user(investigated_case.employer.cvr))
    assert employer.get("/portal/mine-oplysninger/adgang/").status_code == 403
