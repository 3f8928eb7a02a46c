"""«Fik du den hjælp, der er betalt for?» on Mine sider, and the staff's sample pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role
from kompensation.cases.models import Deadline, DeadlineKind
from kompensation.payments import services
from kompensation.payments.models import PaymentSettings
from kompensation.payments.models.interpreting import SampleAnswer, SampleAnswerStatus, SampleCheck
from tests import factories
from tests.payments.sample_world import OCTOBER, grant, paid, sample_size

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(herning_caseworker: Any) -> tuple[SampleAnswer, Client]:
    g = grant(herning_caseworker)
    paid(g, dt.date(2026, 10, 1), dt.date(2026, 10, 31), "1234.5")
    person = factories.citizen(g.case.person.cpr)
    answer = services.sample_draw(municipality=herning_caseworker.municipality, month=OCTOBER).answers.get()
    client = Client()
    client.force_login(person)
    return answer, client


def test_the_person_answers_no_after_checking(asked: tuple[SampleAnswer, Client]) -> None:
    answer, client = asked
    assert answer.channel == "portal"
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:sample_answer", args=[answer.pk]) in home
    url = reverse("portal:sample_answer", args=[answer.pk])
    page = client.get(url).content.decode()
    assert "1.234,50 kr." in page and "1. oktober 2026" in page and "31. oktober 2026" in page
    check = client.post(url, {"received": "no", "comment": "Kun halvdelen af timerne."})
    assert check.status_code == 200 and "Tjek og send" in check.content.decode()
    assert SampleAnswer.objects.get(pk=answer.pk).status == SampleAnswerStatus.ASKED  # not sent yet
    sent = client.post(url, {"received": "no", "comment": "Kun halvdelen af timerne.", "send": "1"})
    assert sent.status_code == 302 and sent["Location"] == reverse("portal:sample_receipt", args=[answer.pk])
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.NO and answer.comment == "Kun halvdelen af timerne."
    assert Deadline.objects.filter(case=answer.grant.case, kind=DeadlineKind.CONTROL_TASK).count() == 1
    receipt = client.get(sent["Location"]).content.decode()
    assert "Tak for dit svar" in receipt and "sagsbehandler ser på udbetalingerne" in receipt
    # Answered: the question leads to the receipt, and the link leaves Mine sider.
    assert client.get(url)["Location"] == sent["Location"]
    assert url not in client.get(reverse("portal:home")).content.decode()


def test_yes_opens_no_task(asked: tuple[SampleAnswer, Client]) -> None:
    answer, client = asked
    url = reverse("portal:sample_answer", args=[answer.pk])
    client.post(url, {"received": "yes", "comment": "", "send": "1"})
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.YES
    assert not Deadline.objects.filter(kind=DeadlineKind.CONTROL_TASK).exists()


def test_no_choice_shows_the_error_summary_and_keeps_the_comment(asked: tuple[SampleAnswer, Client]) -> None:
    answer, client = asked
    response = client.post(reverse("portal:sample_answer", args=[answer.pk]), {"comment": "Min tekst"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Der er et problem" in page and "Vælg Ja eller Nej." in page and "Min tekst" in page


def test_other_citizens_are_refused(asked: tuple[SampleAnswer, Client]) -> None:
    answer, _ = asked
    other = Client()
    other.force_login(factories.citizen(factories.register_person()))
    for name in ("portal:sample_answer", "portal:sample_receipt"):
        assert other.get(reverse(name, args=[answer.pk])).status_code in (403, 404)
    response = other.post(reverse("portal:sample_answer", args=[answer.pk]), {"received": "yes", "send": "1"})
    assert response.status_code in (403, 404)
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.ASKED


def test_staff_see_their_sample_and_record_a_paper_answer(herning_caseworker: Any) -> None:
    g = grant(herning_caseworker, first_name="Bodil", last_name="Papir")
    paid(g, dt.date(2026, 10, 1), dt.date(2026, 10, 31), "500")
    officer = Client()
    officer.force_login(factories.user(Role.PAYMENT_OFFICER, code="657"))
    listing = reverse("payments:control_samples")
    assert "Træk stikprøven nu" in officer.get(listing, {"maaned": "2026-10"}).content.decode()
    drawn = officer.post(listing, {"maaned": "2026-10"})
    assert drawn.status_code == 302
    answer = SampleAnswer.objects.get()
    page = officer.get(listing, {"maaned": "2026-10"}).content.decode()
    assert "Bodil Papir" in page and "500,00 kr." in page
    caseworker = Client()
    caseworker.force_login(herning_caseworker)
    record = reverse("payments:sample_answer_record", args=[answer.pk])
    assert caseworker.post(record, {}).status_code == 400
    assert caseworker.post(record, {"received": "no", "comment": "Brev modtaget"}).status_code == 302
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.NO and answer.recorded_by == herning_caseworker
    # Another municipality sees neither the sample nor the answer.
    foreign = Client()
    foreign.force_login(factories.user(Role.PAYMENT_OFFICER, code="751"))
    assert "Bodil Papir" not in foreign.get(listing, {"maaned": "2026-10"}).content.decode()
    assert foreign.get(record).status_code in (403, 404)


def test_the_manager_sets_the_sample_size(herning_caseworker: Any) -> None:
    manager = Client()
    manager.force_login(factories.user(Role.MANAGER, code="657"))
    url = reverse("payments:control_settings")
    assert manager.post(url, {"sample_size": "-1"}).status_code == 400
    assert manager.post(url, {"sample_size": "2"}).status_code == 302
    assert PaymentSettings.objects.get(municipality=herning_caseworker.municipality).sample_size == 2
    for k in range(3):
        paid(grant(herning_caseworker, last_name=f"P{k}"), OCTOBER, dt.date(2026, 10, 31), "100")
    sample = services.sample_draw(municipality=herning_caseworker.municipality, month=OCTOBER)
    assert sample.answers.count() == 2 and SampleCheck.objects.get().size == 2
    sample_size(herning_caseworker.municipality, 5)  # the helper used elsewhere writes the same field
    assert PaymentSettings.objects.get(municipality=herning_caseworker.municipality).sample_size == 5
