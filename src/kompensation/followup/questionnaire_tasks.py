"""The notice that a follow-up questionnaire waits on Mine sider; leaves after commit, in the task worker.

The person gets it by Digital Post, the employer by e-mail to its active logins. The notice names no
answers and no health data: only that there is a questionnaire and by when to answer.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db.models import Q
from django_tasks import task

from kompensation.accounts.models import Role, User
from kompensation.letters.compose import danish_date
from kompensation.registers.digital_post import DigitalPostMessage, digital_post

from .models import Questionnaire, QuestionnaireParty


def _text(questionnaire: Questionnaire) -> tuple[str, str]:
    case = questionnaire.follow_up.case
    due = danish_date(questionnaire.due)
    if questionnaire.party == QuestionnaireParty.PERSON:
        return (
            "Svar på spørgsmål om din personlige assistance",
            f"{case.administration} følger op på din personlige assistance. Log ind på Mine "
            f"sider med MitID, og besvar skemaet under «Opfølgning» senest den {due}. Du kan læse mere i "
            "brevet, som ligger på Mine sider.",
        )
    return (
        "Svar på spørgsmål om tilskud til personlig assistance",
        f"{case.administration} følger op på tilskuddet til personlig assistance til "
        f"{case.person.name}. Log ind på Kompensation med MitID Erhverv, og besvar skemaet under "
        f"«Opfølgning» senest den {due}.",
    )


@task()
def questionnaire_notice_send(questionnaire_id: int) -> int:
    """Tell the party a questionnaire waits; nothing if it is answered already. Returns messages sent."""
    questionnaire = (
        Questionnaire.objects.select_related(
            "follow_up__case__person", "follow_up__case__employer", "follow_up__case__municipality"
        )
        .filter(pk=questionnaire_id, answered_at__isnull=True)
        .first()
    )
    if questionnaire is None:
        return 0
    case = questionnaire.follow_up.case
    subject, body = _text(questionnaire)
    if questionnaire.party == QuestionnaireParty.PERSON:
        digital_post().send(DigitalPostMessage(cpr=case.person.cpr, subject=subject, body=body))
        return 1
    if case.employer is None:
        return 0
    recipients = sorted(
        set(
            User.objects.filter(role=Role.EMPLOYER, cvr=case.employer.cvr, is_active=True)
            .exclude(Q(email="") | Q(email__isnull=True))
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return 0
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
