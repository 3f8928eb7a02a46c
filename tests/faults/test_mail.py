"""Mails leave only after the transaction that decided to send them has committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from kompensation.cases import services
from tests import factories
from tests.portal.test_forms import _awaiting

pytestmark = pytest.mark.django_db


def test_reminder_of_a_rolled_back_run_is_never_mailed(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    cvr = factories.register_company()
    application = _awaiting(cvr)
    employer = factories.employer_user(cvr)
    employer.email = "hr@firma.invalid"
    employer.save()
    later = timezone.now() + dt.timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert services.application_send_cosign_reminders(now=later) == 1
        assert mailoutbox == []  # queued for after commit, not sent from inside the transaction
        transaction.set_rollback(True)
    assert callbacks == [] and mailoutbox == []
    application.refresh_from_db()
    assert application.cosign_reminded_at is None  # so the next run reminds again
    with django_capture_on_commit_callbacks(execute=True):
        assert services.application_send_cosign_reminders(now=later) == 1
    assert [m.to for m in mailoutbox] == [["hr@firma.invalid"]]
