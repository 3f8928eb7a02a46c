"""Forwarding to Ankestyrelsen and its package: one PDF with a table of contents, originals attached."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.cases import services
from kompensation.cases.models import Case, CaseEvent, CaseStatus, DeadlineKind, EventType
from kompensation.complaints.models import ComplaintStatus
from kompensation.complaints.services import complaint_forward, complaint_package_build, complaint_reassess
from kompensation.letters.models import Letter, LetterKind, Recipient
from tests import factories

from .casework import docx, open_complaint, pdf_with_pages, png, send_new_decision, upload

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> tuple[Any, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_forwarding_needs_an_upheld_or_partly_changed_reassessment(
    granted_case: Case, herning_caseworker: Any
) -> None:
    complaint = open_complaint(granted_case, herning_caseworker)
    with pytest.raises(ValidationError, match="Genvurdér klagen først"):
        complaint_forward(user=herning_caseworker, complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.OPEN and complaint.forwarded_on is None


def test_a_late_complaint_not_accepted_is_not_forwarded(granted_case: Case, herning_caseworker: Any) -> None:
    complaint = open_complaint(
        granted_case, herning_caseworker, in_time=False, late_accepted=None, reassessment_outcome="upheld"
    )
    with pytest.raises(ValidationError, match="efter klagefristen"):
        complaint_forward(user=herning_caseworker, complaint=complaint)


def test_upheld_and_forwarded_with_the_package(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cw = herning_caseworker
    case = granted_case
    # Documents of every kind on the case: the application's GP certificate (PDF without pages) is there.
    three_pages = pdf_with_pages(3)
    services.document_store(
        user=cw,
        upload=upload("speciallaege.pdf", three_pages, "application/pdf"),
        doc_type="specialist",
        case=case,
    )
    services.document_store(
        user=cw, upload=upload("foto.png", png(), "image/png"), doc_type="other", case=case
    )
    services.document_store(
        user=cw,
        upload=upload(
            "notat.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        doc_type="other",
        case=case,
    )
    complaint = open_complaint(case, cw)
    complaint_reassess(user=cw, complaint=complaint, outcome="upheld", reasons="Behovet er uændret.")
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_forward(user=cw, complaint=complaint)

    today = timezone.localdate()
    case.refresh_from_db()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED
    assert complaint.forwarded_on == today
    assert case.status == CaseStatus.FORWARDED
    assert case.deadlines.get(kind=DeadlineKind.REASSESSMENT).met_at is not None
    assert complaint.reassessment_letter.is_sent
    letter = complaint.forwarding_letter
    assert letter.kind == LetterKind.COMPLAINT_FORWARDED and letter.recipient == Recipient.PERSON
    assert f"er sendt til Ankestyrelsen den {factories.long_date(today)}" in letter.body
    assert "Ankestyrelsen skriver til dig" in letter.body
    # The application's GP certificate and the three uploaded here.
    assert "Sagens dokumenter (4 dokumenter)" in letter.body
    event = CaseEvent.objects.get(case=case, type=EventType.COMPLAINT_FORWARDED)
    assert event.payload == {"on": today.isoformat(), "complaint_id": complaint.pk, "round": 1}
    # The person only complained: no letter to the employer about it.
    assert not Letter.objects.filter(
        case=case, kind=LetterKind.COMPLAINT_FORWARDED, recipient="employer"
    ).exists()

    # The package was built after commit.
    assert complaint.package and complaint.package_sha256
    content = complaint.package.read()
    assert hashlib.sha256(content).hexdigest() == complaint.package_sha256
    reader, text = _pdf_text(content)
    documents = list(case.documents.order_by("uploaded_at", "pk"))
    titles = [m["title"] for m in complaint.package_manifest]
    decided = case.decisions.get().sent_at.date()
    assert titles[:3] == [
        f"Klagen af {today:%d.%m.%Y}",
        f"Genvurdering af afgørelsen af {decided:%d.%m.%Y}",
        f"Afgørelsen af {decided:%d.%m.%Y}, som der klages over",
    ]
    assert titles[3:] == [f"{d.get_doc_type_display()}: {d.original_name}" for d in documents]
    contents = text.split("Originalfilerne er vedhæftet")[0]
    assert "Indholdsfortegnelse" in contents
    for title in [
        "Klagen af",
        "Genvurdering af afgørelsen",
        "Afgørelsen af",
        *[d.original_name for d in documents],
    ]:
        assert title in contents
    # The complaint's own page and the re-assessment's letter are in the bundle.
    assert "Jeg klager over antallet af timer." in text
    assert "Behovet er uændret." in text
    # Pages: the contents, then at least one page per item; the 3-page PDF keeps its 3 pages.
    pages = {m["title"]: m["pages"] for m in complaint.package_manifest}
    assert pages["Speciallægeerklæring: speciallaege.pdf"] == 3
    assert len(reader.pages) >= 1 + sum(pages.values())
    starts = [m["start_page"] for m in complaint.package_manifest]
    assert starts == sorted(starts) and starts[0] >= 2
    assert starts[-1] + complaint.package_manifest[-1]["pages"] - 1 == len(reader.pages)
    # A Word file cannot be shown: its page says so, and the original is attached.
    assert "Vedlagt som originalfil" in text
    # Every original is embedded, byte for byte.
    attachments = reader.attachments
    # (pypdf lists a non-ASCII name twice, by its /F and its /UF spelling; the files are the same.)
    for document in documents:
        assert any(document.original_name in name for name in attachments), document.original_name
    embedded = {hashlib.sha256(data[0]).hexdigest() for data in attachments.values()}
    assert embedded == {d.sha256 for d in documents}

    client = Client()
    client.force_login(cw)
    response = client.get(reverse("complaints:package", args=[complaint.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == complaint.package_sha256
    response = client.get(reverse("complaints:package_zip", args=[complaint.pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        originals = {
            hashlib.sha256(archive.read(n)).hexdigest() for n in names if n.startswith("Originaler/")
        }
        bundle = [n for n in names if not n.startswith("Originaler/")]
        assert (
            len(bundle) == 1
            and hashlib.sha256(archive.read(bundle[0])).hexdigest() == complaint.package_sha256
        )
    assert originals == {d.sha256 for d in documents}
    assert any("speciallaege.pdf" in n for n in names)

    # Idempotent: a second run (the sweep, a retried task) leaves the package alone.
    assert complaint_package_build(complaint_id=complaint.pk) is False


def test_partly_changed_forwards_with_the_new_decision_and_renders_unrendered_letters(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cw = herning_caseworker
    complaint = open_complaint(granted_case, cw)
    new = send_new_decision(granted_case, cw)
    complaint_reassess(user=cw, complaint=complaint, outcome="partly_changed", reasons="Delvist medhold.")
    # The package task runs before the letters are rendered (their tasks have not run).
    complaint = complaint_forward(user=cw, complaint=complaint)
    assert not Letter.objects.get(pk=complaint.reassessment_letter_id).pdf
    assert complaint_package_build(complaint_id=complaint.pk) is True
    complaint.refresh_from_db()
    kinds = [m["kind"] for m in complaint.package_manifest]
    assert kinds[:4] == ["complaint", "reassessment", "decision", "new_decision"]
    assert complaint.package_manifest[3]["letter_id"] == new.letter_id
    _, text = _pdf_text(complaint.package.read())
    assert "Vi ændrer afgørelsen delvist" in text
    assert "Vi har genvurderet din sag efter din klage" in text  # the new decision's opening
    assert "Den nye afgørelse af" in complaint.forwarding_letter.body


def test_the_package_page_waits_while_it_is_built(granted_case: Case, herning_caseworker: Any) -> None:
    cw = herning_caseworker
    complaint = open_complaint(granted_case, cw)
    complaint_reassess(user=cw, complaint=complaint, outcome="upheld", reasons="Uændret.")
    complaint_forward(user=cw, complaint=complaint)  # on_commit callbacks never run in this test
    client = Client()
    client.force_login(factories.user("manager", code="657"))
    response = client.get(reverse("complaints:package", args=[complaint.pk]))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "ved at blive dannet" in response.content.decode()


def test_the_employer_gets_a_letter_without_health_data_and_never_the_package(
    granted_case: Case, herning_caseworker: Any, employer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cw = herning_caseworker
    complaint = open_complaint(
        granted_case, cw, complainant="employer", text="Tilskuddet dækker ikke assistentens løn."
    )
    complaint_reassess(
        user=cw, complaint=complaint, outcome="upheld", reasons="Synsnedsættelsen kræver kun 7 timer."
    )
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_forward(user=cw, complaint=complaint)
    letter = Letter.objects.get(case=granted_case, kind=LetterKind.COMPLAINT_FORWARDED, recipient="employer")
    assert letter.confidentiality == "subsidy"
    assert f"sendt til Ankestyrelsen den {factories.long_date(timezone.localdate())}" in letter.body
    application = granted_case.application
    health_words = [
        application.impairment_description,  # "Nedsat syn"
        "Synsnedsættelsen",
        "syn",
        "Fysisk",
        "Lægeattest",
        "funktionsnedsættelse",
        "helbred",
        "Behov for oplæsning",
    ]
    for word in health_words:
        assert word.lower() not in letter.body.lower(), word
    client = Client()
    client.force_login(employer)
    for name in ("complaints:package", "complaints:package_zip", "complaints:detail"):
        assert client.get(reverse(name, args=[complaint.pk])).status_code in (403, 404)
    # Through the letters app the employer reads its own letter, not the person's.
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 200
    assert client.get(reverse("letters:pdf", args=[complaint.forwarding_letter_id])).status_code in (403, 404)
    assert client.get(reverse("letters:pdf", args=[complaint.reassessment_letter_id])).status_code in (
        403,
        404,
    )
