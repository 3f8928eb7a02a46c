"""Demo follow-up: questionnaires (see `followup.py`).

On the planned first follow-ups of the oldest personal-assistance grants with an employer: two answered by
the person and the employer (one saying an aid could replace part of the assistance), one answered by the
person while the demo company (`virksomhed`) has still to answer, one just sent, and one past its answer
date without answers. Everything goes through `followup.services.questionnaires` under the demo clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kompensation.accounts.models import Role, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.followup.models import FollowUp, FollowUpForm, FollowUpStatus
from kompensation.followup.services.questionnaires import questionnaire_answer, questionnaire_send

from .clock import _days, _previous_workday

if TYPE_CHECKING:
    from .followup import FollowUpDemo

# A grant this recent is not followed up yet: the questionnaire goes out on older ones.
MIN_GRANT_AGE_DAYS = 60


def _no(*codes: str) -> dict[str, dict[str, str]]:
    return {code: {"answer": "no"} for code in codes}


@dataclass(frozen=True)
class Scenario:
    sent_days_ago: int
    # Days after sending; None: not (yet) answered.
    person_after: int | None = None
    employer_after: int | None = None
    person: dict[str, dict[str, str]] = field(default_factory=dict)
    employer: dict[str, dict[str, str]] = field(default_factory=dict)


AID_CAN_REPLACE = Scenario(
    sent_days_ago=28,
    person_after=3,
    employer_after=6,
    person={
        **_no("job", "tasks", "hours", "impairment"),
        "organised": {"answer": "yes"},
        "aid": {
            "answer": "yes",
            "detail": "Et oplæsningsprogram på computeren kunne læse post og rapporter op for mig, "
            "så assistenten kun skal hjælpe med de håndskrevne papirer. "
            "Det svarer nok til et par timer om ugen.",
        },
        "other": {"detail": "Jeg vil gerne prøve programmet, før timerne bliver ændret."},
    },
    employer={
        **_no("job", "tasks", "hours"),
        "organised": {"answer": "yes"},
        "aid": {
            "answer": "maybe",
            "detail": "Vi har hørt om oplæsningsprogrammer og vil gerne have hjælp til at afprøve et.",
        },
        "other": {"detail": ""},
    },
)
NEW_TASKS = Scenario(
    sent_days_ago=21,
    person_after=2,
    employer_after=9,
    person={
        "job": {"answer": "no"},
        "tasks": {"answer": "yes", "detail": "Jeg er begyndt at tage kundeopkald om eftermiddagen."},
        "hours": {"answer": "yes", "detail": "32"},
        "impairment": {
            "answer": "yes",
            "detail": "Gigten i mine hænder er blevet værre, "
            "så jeg kan ikke skrive på tastaturet så længe ad gangen.",
        },
        "organised": {
            "answer": "partly",
            "detail": "Assistenten er her om formiddagen, men det er om eftermiddagen, jeg har mest brug for "
            "hjælp.",
        },
        "aid": {"answer": "no"},
        "other": {"detail": ""},
    },
    employer={
        "job": {"answer": "no"},
        "tasks": {"answer": "yes", "detail": "Hun har overtaget kundeservice om eftermiddagen."},
        "hours": {"answer": "yes", "detail": "32"},
        "organised": {
            "answer": "partly",
            "detail": "Vi vil gerne flytte assistentens timer til eftermiddagen.",
        },
        "aid": {"answer": "no"},
        "other": {"detail": ""},
    },
)
# The demo company's case: the person has answered, `virksomhed` finds its own questionnaire open.
EMPLOYER_WAITING = Scenario(
    sent_days_ago=6,
    person_after=1,
    person={
        **_no("job", "tasks", "hours", "impairment", "aid"),
        "organised": {"answer": "yes"},
        "other": {"detail": "Det går godt med assistenten."},
    },
)
JUST_SENT = Scenario(sent_days_ago=2)
# 14 days to answer have passed without an answer from either party.
OVERDUE = Scenario(sent_days_ago=30)


def _follow_ups(demo: FollowUpDemo) -> list[FollowUp]:
    """Planned follow-ups of running personal-assistance grants with an employer, old enough to follow up:
    the demo company's first, then the soonest due."""
    oldest = demo.today - _days(MIN_GRANT_AGE_DAYS)
    planned = (
        FollowUp.objects.filter(
            case__municipality=demo.municipality,
            status=FollowUpStatus.PLANNED,
            case__employer__isnull=False,
            grant__decision__sent_at__date__lte=oldest,
            questionnaires__isnull=True,
        )
        .exclude(grant__decision__grant_kind=GrantKindCode.INTERPRETING)
        .select_related("case__employer", "case__person")
        .order_by("due", "pk")
    )
    demo_cvr = demo.users["virksomhed"].cvr
    return sorted(planned, key=lambda f: f.case.employer.cvr != demo_cvr)  # type: ignore[union-attr]


def _citizen(cpr: str, name: str) -> User:
    """The person's own login (MitID in real life; no password, so not usable in the demo)."""
    user = User.objects.filter(role=Role.CITIZEN, cpr=cpr, is_active=True).first()
    if user is None:
        first, _, last = name.partition(" ")
        user = User.objects.create_user(
            username=f"mitid-borger-opf-{cpr[:6]}-{cpr[-2:]}",
            password=None,
            role=Role.CITIZEN,
            cpr=cpr,
            first_name=first,
            last_name=last,
        )
    return user


def _employer(demo: FollowUpDemo, cvr: str) -> User:
    user = (
        demo.employer_users.get(cvr)
        or User.objects.filter(role=Role.EMPLOYER, cvr=cvr, is_active=True).first()
    )
    if user is None:
        user = User.objects.create_user(
            username=f"mitid-erhverv-{cvr}", password=None, role=Role.EMPLOYER, cvr=cvr, first_name="Kontakt"
        )
        demo.employer_users[cvr] = user
    return user


def _answer_day(demo: FollowUpDemo, sent: dt.date, after: int) -> dt.date:
    return min(sent + _days(after), demo.today - _days(1))


def _play(demo: FollowUpDemo, follow_up: FollowUp, scenario: Scenario) -> None:
    caseworker = follow_up.case.caseworker or demo.users["sagsbehandler"]
    sent = _previous_workday(demo.today - _days(scenario.sent_days_ago))
    # The plans part chooses a follow-up's form; these are the follow-ups held as a digital questionnaire.
    FollowUp.objects.filter(pk=follow_up.pk).update(form=FollowUpForm.QUESTIONNAIRE)
    demo.at(sent)
    person_q, employer_q = questionnaire_send(
        user=caseworker, follow_up=follow_up, parties=["person", "employer"]
    )
    case: Any = follow_up.case
    answers = [
        (scenario.person_after, person_q, scenario.person),
        (scenario.employer_after, employer_q, scenario.employer),
    ]
    for after, questionnaire, given in sorted(answers, key=lambda a: a[0] or 0):
        if after is None:
            continue
        demo.at(_answer_day(demo, sent, after))
        if questionnaire.party == "person":
            user = _citizen(case.person.cpr, case.person.name)
        else:
            user = _employer(demo, case.employer.cvr)
        questionnaire_answer(user=user, questionnaire=questionnaire, answers=given)


def add(demo: FollowUpDemo) -> None:
    """Questionnaires on five follow-ups, each scenario once (fewer if the caseload has fewer grants)."""
    scenarios = [EMPLOYER_WAITING, AID_CAN_REPLACE, NEW_TASKS, OVERDUE, JUST_SENT]
    for follow_up, scenario in zip(_follow_ups(demo), scenarios, strict=False):
        _play(demo, follow_up, scenario)
