"""Change reports: the caseworker's mail about a new report, sent after commit by the task worker."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from .models import ChangeReport


@task()
def mail_change_report(report_id: int) -> int:
    """Tell the case's caseworker that a change was reported; returns mails sent.

    E-mail is not a secure channel: the mail names the case and the deadline only, never the change.
    """
    report = (
        ChangeReport.objects.select_related("case__caseworker", "case__municipality", "deadline")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.case.caseworker is None or not report.case.caseworker.email:
        return 0
    due = f" Fristen for at tage stilling er {report.deadline.due:%d.%m.%Y}." if report.deadline else ""
    return send_mail(
        subject=f"Ny ændringsanmeldelse i sag {report.case.reference}",
        message=(
            f"Der er anmeldt en ændring i sag {report.case.reference}.{due} "
            "Log ind på Kompensation, og se anmeldelsen under «Ændringer»."
        ),
        from_email=None,
        recipient_list=[report.case.caseworker.email],
    )
