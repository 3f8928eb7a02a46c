"""The digital follow-up questionnaire: the caseworker sends it, the person and the employer answer it on
Mine sider, and the answers land on the case.

One questionnaire per party and follow-up (the database enforces it). Each goes with a letter (the person's
of the case class, the employer's of the subsidy class, so neither reads the other's) and a notice after
commit: Digital Post to the person, e-mail to the employer's logins. Answering does not close the
follow-up: the caseworker reads the answers and records the follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Confidentiality, EventType
from kompensation.cases.services import case_event_record, require_caseworker
from kompensation.letters.models import LetterKind, Recipient
from kompensation.letters.questionnaires import employer_questionnaire_letter, questionnaire_letter
from kompensation.letters.services import letter_create, letter_send
from kompensation.rules import followup as rules

from ..models import FollowUp, FollowUpStatus, Questionnaire, QuestionnaireParty
from ..permissions import is_questionnaire_party
from ..questions import clean_answers

PARTY_WORDS = {QuestionnaireParty.PERSON: "personen", QuestionnaireParty.EMPLOYER: "virksomheden"}


def _enqueue_notice(questionnaire_id: int) -> None:
    from ..questionnaire_tasks import questionnaire_notice_send

    # robust: a queue that cannot take the task must not undo the letter; the letter is on Mine sider.
    transaction.on_commit(partial(questionnaire_notice_send.enqueue, questionnaire_id), robust=True)


def questionnaire_send(*, user: User, follow_up: FollowUp, parties: Iterable[str]) -> list[Questionnaire]:
    """Send the questionnaire to each chosen party of a planned follow-up, with a letter; answer within
    14 days, moved to the next working day (`rules.followup.questionnaire_due`)."""
    case = follow_up.case
    require_caseworker(user, case)
    chosen = list(dict.fromkeys(parties))
    if not chosen:
        raise ValidationError({"parties": "Vælg hvem skemaet skal sendes til."})
    if any(p not in QuestionnaireParty.values for p in chosen):
        raise ValidationError({"parties": "Skemaet kan kun sendes til personen og virksomheden."})
    sent: list[Questionnaire] = []
    with transaction.atomic():
        # The follow-up's row lock: two clicks on «Send» cannot both pass the check below.
        follow_up = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("case__person", "case__employer", "case__municipality", "grant__decision")
            .get(pk=follow_up.pk)
        )
        case = follow_up.case
        if follow_up.status != FollowUpStatus.PLANNED:
            raise ValidationError(
                "Opfølgningen er ikke længere planlagt, så der kan ikke sendes et skema til den."
            )
        if QuestionnaireParty.EMPLOYER in chosen and case.employer_id is None:
            raise ValidationError(
                {"parties": "Sagen har ingen virksomhed, så skemaet kan kun sendes til personen."}
            )
        already = set(follow_up.questionnaires.filter(party__in=chosen).values_list("party", flat=True))
        if already:
            names = " og ".join(PARTY_WORDS[QuestionnaireParty(p)] for p in chosen if p in already)
            message = f"Skemaet til denne opfølgning er allerede sendt til {names}. Det sendes kun én gang."
            raise ValidationError({"parties": message})
        today = timezone.localdate()
        due = rules.questionnaire_due(today)
        grant = follow_up.grant
        for party in chosen:
            if party == QuestionnaireParty.PERSON:
                subject, body = questionnaire_letter(grant=grant, due=due)
                confidentiality, recipient = Confidentiality.CASE, Recipient.PERSON
            else:
                subject, body = employer_questionnaire_letter(grant=grant, due=due)
                confidentiality, recipient = Confidentiality.SUBSIDY, Recipient.EMPLOYER
            letter = letter_create(
                case=case,
                kind=LetterKind.FOLLOW_UP_QUESTIONNAIRE,
                subject=subject,
                body=body,
                confidentiality=confidentiality,
                recipient=recipient,
            )
            letter = letter_send(letter=letter, user=user)
            questionnaire = Questionnaire.objects.create(
                follow_up=follow_up, party=party, sent_on=today, due=due, letter=letter, sent_by=user
            )
            case_event_record(
                case,
                EventType.QUESTIONNAIRE_SENT,
                user,
                follow_up_id=follow_up.pk,
                questionnaire_id=questionnaire.pk,
                party=party,
                label=f"Sendt til {PARTY_WORDS[QuestionnaireParty(party)]}, svarfrist",
                on=due.isoformat(),
            )
            _enqueue_notice(questionnaire.pk)
            sent.append(questionnaire)
    return sent


def questionnaire_answer(
    *, user: User, questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> Questionnaire:
    """The party's answers, validated question by question, stored once. The follow-up stays planned."""
    with transaction.atomic():
        # Locked: two tabs sending at once store one answer; the second is refused below.
        questionnaire = (
            Questionnaire.objects.select_for_update(of=("self",))
            .select_related("follow_up__case__person", "follow_up__case__employer")
            .get(pk=questionnaire.pk)
        )
        if not is_questionnaire_party(user, questionnaire):
            raise PermissionDenied("Kun den, skemaet er sendt til, kan besvare det.")
        if questionnaire.answered_at is not None:
            raise ValidationError("Skemaet er allerede besvaret. Det kan kun besvares én gang.")
        if questionnaire.follow_up.status != FollowUpStatus.PLANNED:
            raise ValidationError(
                "Jobcentret har afsluttet opfølgningen, så skemaet kan ikke længere besvares. "
                "Kontakt jobcentret, hvis du har noget at fortælle."
            )
        cleaned, errors = clean_answers(questionnaire.party, answers)
        if errors:
            raise ValidationError(errors)
        questionnaire.answers = cleaned
        questionnaire.answered_at = timezone.now()
        questionnaire.answered_by = user
        questionnaire.save(update_fields=["answers", "answered_at", "answered_by"])
        # No answers in the payload: the person's may describe their health.
        case_event_record(
            questionnaire.follow_up.case,
            EventType.QUESTIONNAIRE_ANSWERED,
            user,
            follow_up_id=questionnaire.follow_up_id,
            questionnaire_id=questionnaire.pk,
            party=questionnaire.party,
            late=timezone.localdate(questionnaire.answered_at) > questionnaire.due,
            label=f"Besvaret af {PARTY_WORDS[QuestionnaireParty(questionnaire.party)]}",
            on=timezone.localdate(questionnaire.answered_at).isoformat(),
        )
    return questionnaire
