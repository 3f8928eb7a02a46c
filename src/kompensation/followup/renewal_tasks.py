"""Renewal reminders leave after commit, in the task worker: Digital Post to the person, e-mail to the
employer's users. The letters themselves are on Mine sider and the company's page; the message says so."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from kompensation.accounts.models import Role, User
from kompensation.registers.digital_post import DigitalPostMessage, digital_post
from kompensation.rules import followup as rules

from .models import RenewalReminder


@task()
def renewal_reminder_notify(reminder_id: int) -> int:
    """Tell the person and the employer that a reminder letter waits for them; returns messages sent."""
    reminder = (
        RenewalReminder.objects.select_related(
            "grant__case__person",
            "grant__case__employer",
            "grant__case__municipality",
            "grant__decision",
            "person_letter",
            "employer_letter",
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return 0
    grant = reminder.grant
    case = grant.case
    end = grant.end_date
    assert end is not None
    due = rules.renewal_application_due(end)
    jobcenter = case.administration
    sent = 0
    if reminder.person_letter is not None:
        digital_post().send(
            DigitalPostMessage(
                cpr=case.person.cpr,
                subject=reminder.person_letter.subject,
                body=(
                    f"{jobcenter} minder dig om, at din bevilling ({grant.reference}) udløber den "
                    f"{end:%d.%m.%Y}. Søg om fornyelse senest den {due:%d.%m.%Y}: log ind på Mine sider "
                    "med MitID, og vælg «Søg om fornyelse». Brevet ligger på Mine sider."
                ),
            )
        )
        sent += 1
    if reminder.employer_letter is not None and case.employer is not None:
        recipients = sorted(
            set(
                User.objects.filter(role=Role.EMPLOYER, cvr=case.employer.cvr, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        if recipients:
            sent += send_mail(
                subject=reminder.employer_letter.subject,
                message=(
                    f"{jobcenter}: bevillingen af tilskud til {case.person.first_name} ({grant.reference}) "
                    f"udløber den {end:%d.%m.%Y}. Personen søger om fornyelse senest den {due:%d.%m.%Y}, og "
                    "virksomheden underskriver derefter ansøgningen. Brevet ligger på virksomhedens side i "
                    "Kompensation."
                ),
                from_email=None,
                recipient_list=recipients,
            )
    return sent
