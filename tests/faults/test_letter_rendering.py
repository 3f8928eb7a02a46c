"""WeasyPrint fails as a decision is sent: the decision stands, no file is left, the sweep renders later."""

from __future__ import annotations

import io
import logging
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kompensation.cases.models import Case, CaseStatus, EventType, Grant
from kompensation.letters import services as letters
from kompensation.letters.models import Letter
from tests import factories

from .helpers import client_for, stored_files

pytestmark = pytest.mark.django_db


def weasyprint_fails() -> Any:
    return mock.patch(
        "kompensation.letters.services.render_letter_pdf", side_effect=RuntimeError("Fontconfig error")
    )


def send_decision(case: Case, django_capture_on_commit_callbacks: Any) -> Any:
    decision = factories.grant_draft(case)
    client = client_for(case.caseworker)
    # The renderer is patched outside the capture, so it still fails when the captured callbacks run.
    with weasyprint_fails(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:decision_send", args=[case.pk]), {}, follow=True)
    return decision, client, response


def test_decision_is_sent_when_the_pdf_fails_and_the_sweep_renders_it(
    investigated_case: Case, django_capture_on_commit_callbacks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    files = stored_files()
    with caplog.at_level(logging.ERROR, logger="kompensation.letters.services"):
        decision, _, response = send_decision(investigated_case, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Afgørelsen er sendt til personen og virksomheden." in page
    assert "Brevet dannes som PDF i baggrunden" in page  # the caseworker is told, not shown an error
    assert 'data-testid="letter-pending"' in page
    assert any("kunne ikke dannes som PDF" in r.getMessage() for r in caplog.records)

    investigated_case.refresh_from_db()
    letter = Letter.objects.get(pk=decision.letter.pk)
    assert investigated_case.status == CaseStatus.DECIDED and Grant.objects.filter(decision=decision).exists()
    assert letter.is_sent and not letter.pdf and letter.sha256 == ""
    assert stored_files() == files  # no half-written or orphaned PDF

    not_ready = client_for(investigated_case.caseworker).get(reverse("letters:pdf", args=[letter.pk]))
    assert not_ready.status_code == 503 and not_ready["Retry-After"] == "30"
    assert "Brevet er ved at blive dannet" in not_ready.content.decode()

    # Sent a minute ago: the sweep leaves it to the task already queued, unless told otherwise.
    assert letters.letters_missing_pdf() == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("letters_render_missing", "--min-age-minutes", "0", stdout=io.StringIO())
    letter.refresh_from_db()
    assert letter.pdf and len(letter.sha256) == 64
    rendered = investigated_case.events.get(type=EventType.LETTER_RENDERED, payload__letter_id=letter.pk)
    assert rendered.payload == {"letter_id": letter.pk, "sha256": letter.sha256}
    served = client_for(investigated_case.caseworker).get(reverse("letters:pdf", args=[letter.pk]))
    assert served.status_code == 200
    text = PdfReader(io.BytesIO(b"".join(served.streaming_content))).pages[0].extract_text()
    sent_on = timezone.localdate(letter.sent_at)
    assert "7 timer" in text and factories.long_date(sent_on) in text  # dated the day it was sent


def test_rendering_twice_renders_once(
    investigated_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    decision, _, _ = send_decision(investigated_case, django_capture_on_commit_callbacks)
    assert letters.letter_render(letter_id=decision.letter.pk) is True
    first = Letter.objects.get(pk=decision.letter.pk)
    assert letters.letter_render(letter_id=decision.letter.pk) is False
    again = Letter.objects.get(pk=decision.letter.pk)
    assert (again.pdf.name, again.sha256) == (first.pdf.name, first.sha256)
    assert investigated_case.events.filter(type=EventType.LETTER_RENDERED).count() == 1


def test_a_letter_the_citizen_cannot_fetch_yet_is_listed_without_a_link(
    investigated_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    from tests import factories

    decision, _, _ = send_decision(investigated_case, django_capture_on_commit_callbacks)
    citizen = client_for(factories.citizen(investigated_case.person.cpr))
    page = citizen.get(reverse("portal:home")).content.decode()
    assert "brevet dannes som PDF" in page
    assert reverse("letters:pdf", args=[decision.letter.pk]) not in page


def test_a_rolled_back_render_leaves_no_file(
    investigated_case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    decision, _, _ = send_decision(investigated_case, django_capture_on_commit_callbacks)
    files = stored_files()
    with (
        mock.patch("kompensation.cases.services.events.CaseEvent.objects.create", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        letters.letter_render(letter_id=decision.letter.pk)
    assert not Letter.objects.get(pk=decision.letter.pk).pdf and stored_files() == files
