"""Sending the follow-up questionnaire and answering it: the services, their refusals, and what the
employer may never see or be asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import Case, CaseEvent, Confidentiality, EventType
from kompensation.followup.models import FollowUpStatus, Questionnaire
from kompensation.followup.questions import questions_for, steps_for
from kompensation.followup.services.plans import follow_ups_cancel
from kompensation.followup.services.questionnaires import questionnaire_answer, questionnaire_send
from kompensation.letters.models import LetterKind, Recipient
from kompensation.letters.selectors import letter_queryset_visible_to
from kompensation.registers.digital_post import OfflineDigitalPost
from tests import factories

from .questionnaire_helpers import (
    EMPLOYER_ANSWERS,
    PERSON_ANSWERS,
    employer_user,
    first_follow_up,
    on_day,
    person_user,
)

pytestmark = pytest.mark.django_db

# Thursday 10.12.2026: 14 days is Thursday 24.12.2026 (juleaftensdag), then juledag, 2. juledag and the
# weekend, so the answer is due Monday 28.12.2026.
SENT = dt.date(2026, 12, 10)
DUE = dt.date(2026, 12, 28)


@pytest.fixture(autouse=True)
def _empty_outboxes() -> Any:
    OfflineDigitalPost.outbox.clear()
    yield
    OfflineDigitalPost.outbox.clear()


def _send(
    case: Case, caseworker: Any, parties: tuple[str, ...] = ("person", "employer")
) -> list[Questionnaire]:
    with on_day(SENT):
        return questionnaire_send(user=caseworker, follow_up=first_follow_up(case), parties=parties)


def test_sending_makes_one_questionnaire_and_one_letter_per_party(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    employer_user(granted_case)
    with django_capture_on_commit_callbacks(execute=True):
        person, employer = _send(granted_case, herning_caseworker)
    assert (person.party, employer.party) == ("person", "employer")
    assert person.sent_on == employer.sent_on == SENT
    assert person.due == employer.due == DUE
    assert person.letter is not None and employer.letter is not None
    assert person.letter.kind == employer.letter.kind == LetterKind.FOLLOW_UP_QUESTIONNAIRE
    assert (person.letter.recipient, person.letter.confidentiality) == (
        Recipient.PERSON,
        Confidentiality.CASE,
    )
    assert (employer.letter.recipient, employer.letter.confidentiality) == (
        Recipient.EMPLOYER,
        Confidentiality.SUBSIDY,
    )
    assert person.letter.is_sent and employer.letter.is_sent
    assert "28. december 2026" in person.letter.body and "Mine sider" in person.letter.body
    assert "28. december 2026" in employer.letter.body
    # Not a decision: no complaint guidance.
    assert person.letter.fixed_footer == ""
    events = CaseEvent.objects.filter(case=granted_case, type=EventType.QUESTIONNAIRE_SENT)
    assert sorted(e.payload["party"] for e in events) == ["employer", "person"]
    assert {e.payload["on"] for e in events} == {"2026-12-28"}
    # After commit: Digital Post to the person, e-mail to the employer's login.
    assert [m.cpr for m in OfflineDigitalPost.outbox] == [granted_case.person.cpr]
    assert "28. december 2026" in OfflineDigitalPost.outbox[0].body
    assert [tuple(m.to) for m in mail.outbox] == [("chef@example.dk",)]
    # Sending does not touch the follow-up.
    assert first_follow_up(granted_case).status == FollowUpStatus.PLANNED


def test_the_employer_is_never_asked_about_the_impairment(
    granted_case: Case, herning_caseworker: Any
) -> None:
    assert "impairment" in [q.code for q in questions_for("person")]
    assert "impairment" not in [q.code for q in questions_for("employer")]
    assert "funktionsnedsaettelse" not in [s.slug for s in steps_for("employer")]
    _, employer = _send(granted_case, herning_caseworker)
    assert employer.letter is not None
    body = employer.letter.body.lower()
    assert "funktionsnedsættelse" not in body and "ikke spurgt om helbred" in body
    employer_login = employer_user(granted_case)
    with pytest.raises(ValidationError) as refused:
        questionnaire_answer(
            user=employer_login,
            questionnaire=employer,
            answers={**EMPLOYER_ANSWERS, "impairment": {"answer": "yes", "detail": "Han har det værre."}},
        )
    assert refused.value.message_dict["impairment"] == [
        "Virksomheden bliver ikke spurgt om personens helbred."
    ]


def test_sending_again_to_a_party_is_refused_in_danish(granted_case: Case, herning_caseworker: Any) -> None:
    _send(granted_case, herning_caseworker, ("person",))
    with pytest.raises(ValidationError) as refused:
        _send(granted_case, herning_caseworker, ("person", "employer"))
    assert refused.value.message_dict["parties"] == [
        "Skemaet til denne opfølgning er allerede sendt til personen. Det sendes kun én gang."
    ]
    # Nothing half-sent: the employer got nothing either, and may still be sent one.
    assert Questionnaire.objects.count() == 1
    (employer,) = _send(granted_case, herning_caseworker, ("employer",))
    assert employer.party == "employer"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PAYMENT_OFFICER])
def test_only_a_caseworker_of_the_municipality_sends(granted_case: Case, role: str) -> None:
    for user in (factories.user(role, code="657"), factories.caseworker("751")):
        with pytest.raises(PermissionDenied):
            _send(granted_case, user)
    assert not Questionnaire.objects.exists()


def test_sending_is_refused_without_parties_for_a_case_without_employer_and_when_not_planned(
    granted_case: Case, herning_caseworker: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        _send(granted_case, herning_caseworker, ())
    assert refused.value.message_dict["parties"] == ["Vælg hvem skemaet skal sendes til."]
    Case.objects.filter(pk=granted_case.pk).update(employer=None)
    granted_case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _send(granted_case, herning_caseworker, ("employer",))
    assert "ingen virksomhed" in refused.value.message_dict["parties"][0]
    follow_ups_cancel(grant=granted_case.grants.get(), at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        _send(granted_case, herning_caseworker, ("person",))
    assert "ikke længere planlagt" in refused.value.messages[0]


def test_the_person_answers_once_and_the_follow_up_stays_open(
    granted_case: Case, herning_caseworker: Any
) -> None:
    person, _ = _send(granted_case, herning_caseworker)
    citizen = person_user(granted_case)
    with on_day(dt.date(2026, 12, 21)):
        answered = questionnaire_answer(user=citizen, questionnaire=person, answers=PERSON_ANSWERS)
    assert answered.answers["hours"] == {"answer": "yes", "detail": "32.5"}
    assert answered.answers["job"] == {"answer": "no", "detail": ""}
    assert answered.answers["impairment"]["detail"] == "Synet er blevet dårligere siden foråret."
    assert answered.answered_by == citizen
    event = CaseEvent.objects.get(case=granted_case, type=EventType.QUESTIONNAIRE_ANSWERED)
    assert event.payload["party"] == "person" and event.payload["late"] is False
    # The timeline holds no answers (the person's may describe their health).
    assert "Synet" not in str(event.payload) and "kundemøder" not in str(event.payload)
    assert first_follow_up(granted_case).status == FollowUpStatus.PLANNED
    with pytest.raises(ValidationError) as again:
        questionnaire_answer(user=citizen, questionnaire=person, answers=PERSON_ANSWERS)
    assert again.value.messages == ["Skemaet er allerede besvaret. Det kan kun besvares én gang."]


def test_an_answer_after_the_due_date_is_taken_and_marked_late(
    granted_case: Case, herning_caseworker: Any
) -> None:
    _, employer = _send(granted_case, herning_caseworker)
    with on_day(dt.date(2026, 12, 29)):
        questionnaire_answer(
            user=employer_user(granted_case), questionnaire=employer, answers=EMPLOYER_ANSWERS
        )
    event = CaseEvent.objects.get(case=granted_case, type=EventType.QUESTIONNAIRE_ANSWERED)
    assert event.payload["late"] is True and event.payload["party"] == "employer"


def test_only_the_party_itself_answers(granted_case: Case, herning_caseworker: Any) -> None:
    person, employer = _send(granted_case, herning_caseworker)
    employer_login = employer_user(granted_case)
    strangers = [
        employer_login,  # the employer, on the person's questionnaire
        factories.citizen(factories.register_person()),
        herning_caseworker,
        factories.user(Role.INTERPRETER_AGENCY, cvr=granted_case.employer.cvr),  # same CVR, not the employer
    ]
    for user in strangers:
        with pytest.raises(PermissionDenied):
            questionnaire_answer(user=user, questionnaire=person, answers=PERSON_ANSWERS)
    with pytest.raises(PermissionDenied):
        questionnaire_answer(user=person_user(granted_case), questionnaire=employer, answers=EMPLOYER_ANSWERS)
    assert not Questionnaire.objects.filter(answered_at__isnull=False).exists()


def test_answers_are_checked_question_by_question(granted_case: Case, herning_caseworker: Any) -> None:
    person, _ = _send(granted_case, herning_caseworker)
    answers = {
        "job": {"answer": "yes", "detail": "  "},
        "tasks": {"answer": "perhaps"},
        "hours": {"answer": "yes", "detail": "7,25"},
        "impairment": {"answer": "no", "detail": "skrevet før svaret blev nej"},
        "aid": {"answer": "maybe"},
        "other": {"detail": "x" * 2001},
    }
    with pytest.raises(ValidationError) as refused:
        questionnaire_answer(user=person_user(granted_case), questionnaire=person, answers=answers)
    errors = {k: v[0] for k, v in refused.value.message_dict.items()}
    assert errors == {
        "job_detail": "Beskriv ændringen i jobbet.",
        "tasks": "Vælg Ja eller Nej.",
        "hours_detail": "Skriv antal timer om ugen i hele eller halve timer, fx 32,5 (højst 168).",
        "organised": "Vælg Ja, Delvist eller Nej.",
        "aid_detail": "Skriv, hvilket hjælpemiddel eller hvilken teknologi det kunne være.",
        "other": "Teksten må højst være 2000 tegn.",
    }


def test_the_employer_reads_neither_the_persons_letter_nor_answers(
    granted_case: Case, herning_caseworker: Any
) -> None:
    person, employer = _send(granted_case, herning_caseworker)
    questionnaire_answer(user=person_user(granted_case), questionnaire=person, answers=PERSON_ANSWERS)
    employer_login = employer_user(granted_case)
    letters = letter_queryset_visible_to(employer_login).filter(kind=LetterKind.FOLLOW_UP_QUESTIONNAIRE)
    assert [letter.pk for letter in letters] == [employer.letter_id]
    citizen_letters = letter_queryset_visible_to(person_user(granted_case)).filter(
        kind=LetterKind.FOLLOW_UP_QUESTIONNAIRE
    )
    assert [letter.pk for letter in citizen_letters] == [person.letter_id]
