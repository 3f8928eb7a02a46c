"""What the person, the employer and the caseworker see of a complaint's course: «Min sag»'s timeline and
status in plain Danish, the staff timeline's dated facts, the new decision's headings, and never a word of
the person's health on the employer's side (pages and API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kompensation.cases import services
from kompensation.cases.models import Case, EventType
from kompensation.cases.selectors import (
    _PERSON_APPEALS,
    _PERSON_REASSESSMENT,
    _STAFF_APPEALS,
    _STAFF_REASSESSMENT,
    case_timeline_for_person,
)
from kompensation.complaints import services as complaints
from kompensation.complaints.models import AppealsOutcome, Complaint, ReassessmentOutcome
from tests import factories

pytestmark = pytest.mark.django_db

# A word only the person's health data holds: their complaint, the re-assessment, the new information.
HEALTH_WORD = "sklerosetræthed"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dk(on: Any) -> str:
    return on.strftime("%d.%m.%Y")


def employer_complaint_withdrawn(case: Case, employer: Any) -> Complaint:
    decision = case.decisions.get()
    complaint = complaints.complaint_file_in_portal(
        user=employer, decision=decision, text="Satsen er for lav."
    )
    return complaints.complaint_withdraw(
        user=case.caseworker, complaint=complaint, on=timezone.localdate(), note="Virksomheden ringede."
    )


def person_complaint_forwarded(case: Case) -> Complaint:
    person = factories.citizen(case.person.cpr)
    cw = case.caseworker
    complaint = complaints.complaint_file_in_portal(
        user=person, decision=case.decisions.get(), text=f"Min {HEALTH_WORD} er værre, end I skriver."
    )
    complaints.complaint_reassess(
        user=cw,
        complaint=complaint,
        outcome=ReassessmentOutcome.UPHELD,
        reasons=f"Lægens erklæring om {HEALTH_WORD} ændrer ikke behovet.",
        new_information=f"Speciallægeerklæring om {HEALTH_WORD}.",
    )
    return complaints.complaint_forward(user=cw, complaint=complaint)


def test_labels_cover_every_outcome() -> None:
    """The timelines' wording must follow the complaint's outcomes (cases cannot import complaints)."""
    assert set(_PERSON_REASSESSMENT) == set(_STAFF_REASSESSMENT) == set(ReassessmentOutcome.values)
    assert set(_PERSON_APPEALS) == set(_STAFF_APPEALS) == set(AppealsOutcome.values)


def test_min_sag_tells_the_complaints_course_in_plain_danish(granted_case: Case, employer: Any) -> None:
    case = granted_case
    cw = case.caseworker
    today = timezone.localdate()
    employer_complaint_withdrawn(case, employer)
    complaint = person_complaint_forwarded(case)
    complaints.complaint_appeals_received(user=cw, complaint=complaint, on=today, reference="25-1")
    complaints.complaint_appeals_decided(
        user=cw, complaint=complaint, on=today, outcome="remanded", upload=factories.pdf("hjemvisning.pdf")
    )
    case.refresh_from_db()
    services.decision_send(decision=factories.grant_draft(case), user=cw)

    texts = [e.text for e in case_timeline_for_person(case=case)]
    on = dk(today)
    # Newest first: the new decision, the remand, Ankestyrelsen's decision, forwarding (with the last
    # re-assessment, upheld), the person's complaint, the employer's withdrawn complaint, its receipt.
    assert texts[:8] == [
        "Du fik en afgørelse: bevilling.",
        f"Jobcentret modtog sagen tilbage fra Ankestyrelsen og træffer en ny afgørelse ({on}).",
        "Ankestyrelsen har sendt sagen tilbage til jobcentret (hjemvist), som skal træffe en ny afgørelse "
        f"({on}).",
        f"Jobcentret sendte klagen og sagens dokumenter til Ankestyrelsen ({on}).",
        "Jobcentret har genvurderet klagen og fastholder afgørelsen. Klagen sendes til Ankestyrelsen "
        f"({on}).",
        f"Jobcentret modtog din klage over afgørelsen ({on}).",
        f"Klagen blev trukket tilbage ({on}). Afgørelsen gælder som før.",
        f"Jobcentret modtog virksomhedens klage over afgørelsen om tilskud ({on}).",
    ]
    # Ankestyrelsen's receipt is the office's bookkeeping, not news for the person.
    assert not any("modtog klagen" in t for t in texts)
    page = login(factories.citizen(case.person.cpr)).get(reverse("portal:case", args=[case.pk]))
    html = page.content.decode()
    for text in texts[:8]:
        assert text in html
    # The timeline itself carries no health data (the person's own complaint text is on its receipt).
    assert not any(HEALTH_WORD in t for t in texts)

    # The caseworker's case page: every complaint step with its facts and the day it happened.
    staff = login(cw).get(reverse("cases:detail", args=[case.pk])).content.decode()
    for detail in (
        f"Klager: virksomheden (om tilskuddet), via Mine sider, rettidig, den {on}",
        f"Klager: personen, via Mine sider, rettidig, den {on}",
        f"Afgørelsen fastholdes, sendes til Ankestyrelsen, den {on}",
        f"Resultat: hjemvist, den {on}",
    ):
        assert detail in staff
    assert staff.count(f"den {on}") >= 8  # received ×2, withdrawn, re-assessed, forwarded, AST ×2, remand


def test_an_unforwarded_upheld_reassessment_is_not_news_yet(granted_case: Case) -> None:
    """Until forwarded the re-assessment may be recorded again; the person learns of it with the letter."""
    person = factories.citizen(granted_case.person.cpr)
    complaint = complaints.complaint_file_in_portal(
        user=person, decision=granted_case.decisions.get(), text="Uenig."
    )
    complaints.complaint_reassess(
        user=granted_case.caseworker, complaint=complaint, outcome="upheld", reasons="Behovet er uændret."
    )
    texts = [e.text for e in case_timeline_for_person(case=granted_case)]
    assert not any("genvurderet" in t for t in texts)
    assert texts[0] == f"Jobcentret modtog din klage over afgørelsen ({dk(timezone.localdate())})."


def test_late_complaint_refused_is_told_without_its_reasons(granted_case: Case) -> None:
    from tests.complaints.test_intake_pages import backdate

    cw = granted_case.caseworker
    # Sent 60 days ago and received then: the 4 weeks ran out a month ago.
    decision = backdate(granted_case, 60)
    old = timezone.localdate(decision.sent_at)
    complaint = complaints.complaint_register(
        user=cw,
        decision=decision,
        complainant="person",
        channel="letter",
        received_on=timezone.localdate(),
        text="Uenig.",
        decision_received_on=old,
    )
    complaints.complaint_assess_late(
        user=cw, complaint=complaint, accept=False, reason=f"Ingen {HEALTH_WORD}"
    )
    texts = [e.text for e in case_timeline_for_person(case=granted_case)]
    on = dk(timezone.localdate())
    assert texts[0] == f"Klagen kom for sent og bliver ikke behandlet ({on}). Begrundelsen står i brevet."
    assert texts[1].endswith(
        "Klagen kom efter klagefristen; jobcentret vurderer, om den alligevel kan behandles."
    )
    assert not any(HEALTH_WORD in t for t in texts)


def test_min_sag_status_names_the_employers_complaint(granted_case: Case, employer: Any) -> None:
    person = login(factories.citizen(granted_case.person.cpr))
    url = reverse("portal:case", args=[granted_case.pk])
    complaint = complaints.complaint_file_in_portal(
        user=employer, decision=granted_case.decisions.get(), text="Satsen er for lav."
    )
    html = person.get(url).content.decode()
    assert "Virksomheden har klaget over afgørelsen om tilskud" in html
    assert "modtaget din klage" not in html
    complaints.complaint_reassess(
        user=granted_case.caseworker, complaint=complaint, outcome="upheld", reasons="Satsen er rigtig."
    )
    complaints.complaint_forward(user=granted_case.caseworker, complaint=complaint)
    html = person.get(url).content.decode()
    assert "Virksomhedens klage er sendt til Ankestyrelsen" in html
    assert "sendt din klage" not in html


def test_min_sag_status_for_the_persons_own_complaint(granted_case: Case) -> None:
    person = factories.citizen(granted_case.person.cpr)
    complaints.complaint_file_in_portal(user=person, decision=granted_case.decisions.get(), text="Uenig.")
    html = login(person).get(reverse("portal:case", args=[granted_case.pk])).content.decode()
    assert "Jobcentret har modtaget din klage" in html


def test_new_decision_pages_say_after_a_complaint_or_a_remand(granted_case: Case) -> None:
    case = granted_case
    cw = case.caseworker
    client = login(cw)
    person = factories.citizen(case.person.cpr)
    complaint = complaints.complaint_file_in_portal(user=person, decision=case.decisions.get(), text="Uenig.")
    case.refresh_from_db()
    factories.grant_draft(case)
    letter_page = client.get(reverse("cases:decision_letter", args=[case.pk])).content.decode()
    send_page = client.get(reverse("cases:decision_send", args=[case.pk])).content.decode()
    assert '<p class="h5" data-testid="new-decision-heading">Ny afgørelse efter klage</p>' in letter_page
    assert '<h1 data-testid="send-heading">Send ny afgørelse efter klage</h1>' in send_page

    case.decisions.filter(sent_at__isnull=True).delete()
    case.refresh_from_db()
    complaints.complaint_reassess(user=cw, complaint=complaint, outcome="upheld", reasons="Uændret.")
    complaint = complaints.complaint_forward(user=cw, complaint=complaint)
    complaints.complaint_appeals_decided(
        user=cw,
        complaint=complaint,
        on=timezone.localdate(),
        outcome="remanded",
        upload=factories.pdf("hjemvisning.pdf"),
    )
    case.refresh_from_db()
    factories.grant_draft(case)
    letter_page = client.get(reverse("cases:decision_letter", args=[case.pk])).content.decode()
    send_page = client.get(reverse("cases:decision_send", args=[case.pk])).content.decode()
    assert "Ny afgørelse efter hjemvisning" in letter_page
    assert '<h1 data-testid="send-heading">Send ny afgørelse efter hjemvisning</h1>' in send_page


def test_first_decision_pages_keep_their_headings(investigated_case: Case) -> None:
    factories.grant_draft(investigated_case)
    client = login(investigated_case.caseworker)
    letter_page = client.get(reverse("cases:decision_letter", args=[investigated_case.pk])).content.decode()
    send_page = client.get(reverse("cases:decision_send", args=[investigated_case.pk])).content.decode()
    assert "new-decision-heading" not in letter_page
    assert '<h1 data-testid="send-heading">Send afgørelsen</h1>' in send_page


def test_the_employer_never_sees_the_persons_health(granted_case: Case, employer: Any) -> None:
    """Every complaint page the employer can open, and its API, for a case whose person complained with
    health details, re-assessed with them, forwarded and decided by Ankestyrelsen."""
    case = granted_case
    own = employer_complaint_withdrawn(case, employer)
    persons = person_complaint_forwarded(case)
    complaints.complaint_appeals_decided(
        user=case.caseworker,
        complaint=persons,
        on=timezone.localdate(),
        outcome="upheld",
        upload=factories.pdf("ankestyrelsen.pdf"),
    )
    client = login(employer)
    pages = {
        "home": client.get(reverse("portal:home")),
        "own receipt": client.get(reverse("portal:complaint_receipt", args=[own.pk])),
        "person's receipt": client.get(reverse("portal:complaint_receipt", args=[persons.pk])),
        "person's complaint (staff page)": client.get(reverse("complaints:detail", args=[persons.pk])),
    }
    assert pages["home"].status_code == 200 and pages["own receipt"].status_code == 200
    assert own.text.encode() in pages["own receipt"].content  # the page does show the employer's own text
    assert pages["person's receipt"].status_code == 404
    assert pages["person's complaint (staff page)"].status_code == 404
    api = APIClient()
    api.force_authenticate(user=employer)
    pages["api grants"] = api.get(reverse("api:grants"))
    assert pages["api grants"].status_code == 200
    for name, response in pages.items():
        assert HEALTH_WORD.encode() not in response.content, name
    # The complaints are not in the API at all.
    assert b"complaint" not in api.get(reverse("api:schema")).content.lower()
    # The person, by contrast, reads their own complaint text on its receipt.
    mine = login(factories.citizen(case.person.cpr)).get(
        reverse("portal:complaint_receipt", args=[persons.pk])
    )
    assert HEALTH_WORD.encode() in mine.content
    assert EventType.APPEALS_DECIDED in case.events.values_list("type", flat=True)
