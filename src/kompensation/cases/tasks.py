"""Case work that runs after commit, in the task worker: mails, and the sweep of orphaned files."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from kompensation.accounts.models import Role, User
from kompensation.files import files_sweep as sweep_files

from .models import Application


@task()
def mail_cosign_reminder(application_id: int) -> int:
    """Remind the employer's users of a co-signature that has waited 14 days; returns mails sent."""
    application = Application.objects.select_related("employer", "person").filter(pk=application_id).first()
    if application is None or application.employer is None:
        return 0
    recipients = list(
        User.objects.filter(role=Role.EMPLOYER, cvr=application.employer.cvr, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    return send_mail(
        subject="Påmindelse: ansøgning om personlig assistance venter på jeres underskrift",
        message=(
            f"{application.person.first_name} har bedt {application.employer.name} om at underskrive en "
            "ansøgning om personlig assistance for 14 dage siden. Log ind på Kompensation, og udfyld "
            "virksomhedens del."
        ),
        from_email=None,
        recipient_list=recipients,
    )


@task()
def files_sweep() -> int:
    """Remove files under documents/, payslips/ and letters/ that no row references (older than 1 hour)."""
    return len(sweep_files())
