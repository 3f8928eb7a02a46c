"""Complaint intake pages with the Django test client: the portal's two steps and receipt, the employer's
complaint about the subsidy, and the caseworker's registration and late assessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.cases.models import Case, CaseStatus, Decision
from kompensation.complaints.models import Complaint
from kompensation.letters.models import Letter
from tests import factories
from tests.factories import long_date

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def backdate(case: Case, days: int) -> Decision:
    decision = case.decisions.get(sent_at__isnull=False)
    when = timezone.now() - dt.timedelta(days=days)
    Decision.objects.filter(pk=decision.pk).update(sent_at=when)
    Letter.objects.filter(pk__in=[decision.letter_id, decision.employer_letter_id]).update(sent_at=when)
    return Decision.objects.get(pk=decision.pk)


def test_min_sag_offers_a_complaint_with_the_last_day(granted_case: Case) -> None:
    client = login(factories.citizen(granted_case.person.cpr))
    page = client.get(reverse("portal:case", args=[granted_case.pk])).content.decode()
    # The decision was sent today by Digital Post: 4 weeks from today, moved past any closed day; the
    # page writes it as a long date. Which day that is depends on today, so read it back from the offer
    # and check it is a long Danish date 28–33 days on.
    today = timezone.localdate()
    candidates = [today + dt.timedelta(days=n) for n in range(28, 34)]
    assert any(f'data-testid="complaint-last-day">{long_date(d)}<' in page for d in candidates)
    assert reverse("portal:complaint_new", args=[granted_case.pk]) in page


def test_portal_complaint_check_and_send(granted_case: Case) -> None:
    url = reverse("portal:complaint_new", args=[granted_case.pk])
    client = login(factories.citizen(granted_case.person.cpr))
    assert "Trin 1 af 2" in client.get(url).content.decode()

    # An empty complaint: a Danish error, with the error summary, status 400.
    response = client.post(url, {"text": "  ", "check": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Der er et problem" in page and "Feltet skal udfyldes." in page

    # Step 2 shows the text to check; «Ret klagen» brings it back as typed.
    text = "Jeg er uenig i timetallet.\nJeg har brug for 10 timer."
    page = client.post(url, {"text": text, "check": "1"}).content.decode()
    assert "Trin 2 af 2" in page and "Jeg er uenig i timetallet.<br>Jeg har brug for 10 timer." in page
    page = client.post(url, {"text": text, "edit": "1"}).content.decode()
    assert "Jeg er uenig i timetallet.\nJeg har brug for 10 timer.</textarea>" in page

    # A file that is not a document: the error is beside the file, the text is kept, nothing is saved.
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("klage.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(url, {"text": text, "send": "1", "document": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ikke et dokument, vi kan bruge" in page
    assert "Jeg er uenig i timetallet." in page
    assert not Complaint.objects.exists()

    response = client.post(url, {"text": text, "send": "1", "document": factories.pdf("bilag.pdf")})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:complaint_receipt", args=[complaint.pk])
    assert complaint.text == text.replace("\n", "\r\n") or complaint.text == text
    receipt = client.get(response["Location"]).content.decode()
    assert f"KL-{complaint.received_on.year}-{complaint.pk:06d}" in receipt
    assert long_date(timezone.localdate()) in receipt
    assert long_date(complaint.reassessment_due) in receipt

    # «Min sag» now shows the complaint's status in plain Danish, and no new complaint button.
    page = client.get(reverse("portal:case", args=[granted_case.pk])).content.decode()
    assert "Jobcentret ser på afgørelsen igen" in page
    assert url not in page


def test_late_portal_complaint_warns_and_is_still_accepted(granted_case: Case) -> None:
    backdate(granted_case, 40)  # 28 days + at most 5 holiday days < 40: late on any day
    url = reverse("portal:complaint_new", args=[granted_case.pk])
    client = login(factories.citizen(granted_case.person.cpr))
    page = client.get(url).content.decode()
    assert 'data-testid="late-warning"' in page and "Fristen for at klage er overskredet" in page
    response = client.post(url, {"text": "Jeg var syg.", "send": "1"})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.in_time is False
    receipt = client.get(response["Location"]).content.decode()
    assert "Klagen kom efter fristen" in receipt


def test_employer_complains_about_the_subsidy_and_sees_only_its_own(
    granted_case: Case, employer: Any
) -> None:
    client = login(employer)
    home = client.get(reverse("portal:home")).content.decode()
    url = reverse("portal:employer_complaint_new", args=[granted_case.pk])
    assert url in home
    page = client.get(url).content.decode()
    assert "Klag over tilskuddet" in page
    # Only the subsidy: never the person's impairment.
    assert granted_case.application.impairment_description not in page
    response = client.post(url, {"text": "Satsen er for lav.", "send": "1"})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.complainant == "employer"
    receipt = client.get(response["Location"]).content.decode()
    assert "Satsen er for lav." in receipt and "tilskuddet" in receipt

    # The person's later complaint is not the employer's to read, and its page says only that one exists.
    caseworker = granted_case.caseworker
    from kompensation.complaints import services

    services.complaint_withdraw(user=caseworker, complaint=complaint, on=timezone.localdate(), note="Brev")
    person = factories.citizen(granted_case.person.cpr)
    theirs = services.complaint_file_in_portal(
        user=person, decision=granted_case.decisions.get(), text="Min ryg er blevet værre."
    )
    assert client.get(reverse("portal:complaint_receipt", args=[theirs.pk])).status_code == 404
    page = client.get(url).content.decode()
    assert "Min ryg" not in page and "allerede en klage" in page
    home = client.get(reverse("portal:home")).content.decode()
    assert "Min ryg" not in home


def test_caseworker_registers_a_letter_and_refuses_it_as_late(
    granted_case: Case, herning_caseworker: Any
) -> None:
    decision = granted_case.decisions.get()
    Decision.objects.filter(pk=decision.pk).update(
        sent_at=dt.datetime(2026, 3, 6, 10, tzinfo=timezone.get_default_timezone())
    )
    Letter.objects.filter(pk=decision.letter_id).update(
        sent_at=dt.datetime(2026, 3, 6, 10, tzinfo=timezone.get_default_timezone())
    )
    client = login(herning_caseworker)
    case_page = client.get(reverse("cases:detail", args=[granted_case.pk])).content.decode()
    url = reverse("complaints:register", args=[granted_case.pk])
    assert url in case_page and "Registrér klage" in case_page
    form = client.get(url).content.decode()
    assert 'value="2026-03-06"' in form  # the Digital Post delivery date, prefilled
    data = {
        "decision": str(decision.pk),
        "complainant": "person",
        "channel": "letter",
        "received_on": "08.04.2026",  # the day after the deadline of Tuesday 7 April 2026 (Easter)
        "text": "",
        "decision_received_on": "06.03.2026",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Feltet skal udfyldes." in response.content.decode()
    assert "08.04.2026" in response.content.decode() or "2026-04-08" in response.content.decode()
    data["text"] = "Jeg klager over timerne."
    response = client.post(url, data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:detail", args=[complaint.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="late-assessment"' in page
    assert "07.04.2026" in page  # the deadline

    assess = reverse("complaints:assess_late", args=[complaint.pk])
    response = client.post(assess, {"accept": "nej", "reason": ""})
    assert response.status_code == 400 and "Feltet skal udfyldes." in response.content.decode()
    response = client.post(assess, {"accept": "nej", "reason": "Ingen særlig grund"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "rejected_late"
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.DECIDED


def test_foreign_caseworker_cannot_see_or_register(granted_case: Case) -> None:
    person = factories.citizen(granted_case.person.cpr)
    from kompensation.complaints import services

    complaint = services.complaint_file_in_portal(
        user=person, decision=granted_case.decisions.get(), text="Uenig."
    )
    foreign = login(factories.caseworker("751"))
    assert foreign.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert foreign.get(reverse("complaints:register", args=[granted_case.pk])).status_code == 404
    assert foreign.post(reverse("complaints:withdraw", args=[complaint.pk]), {}).status_code == 404
    # The municipality's manager reads the complaint but may not handle it.
    manager = login(factories.user("manager", code="657"))
    assert manager.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    # Allowed to read it, refused the action: 403, not "it does not exist" (accounts READ_RULES).
    assert manager.post(reverse("complaints:withdraw", args=[complaint.pk]), {}).status_code == 403
    assert manager.post(reverse("complaints:reassess", args=[complaint.pk]), {}).status_code == 403
    assert manager.get(reverse("complaints:assess_late", args=[complaint.pk])).status_code == 403
    # The person reads their own complaint on Mine sider, but the caseworker's pages are not theirs: 403.
    assert login(person).get(reverse("complaints:withdraw", args=[complaint.pk])).status_code == 403
    # The employer may not know the person's complaint exists: 404 on its pages and on the receipt.
    employer = login(factories.employer_user(granted_case.employer.cvr))
    assert employer.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert employer.get(reverse("portal:complaint_receipt", args=[complaint.pk])).status_code == 404
    # Another municipality's manager: 404 as well.
    outsider = login(factories.user("manager", code="751"))
    assert outsider.post(reverse("complaints:withdraw", args=[complaint.pk]), {}).status_code == 404
