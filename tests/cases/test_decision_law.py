"""The decision as a lawyer reads it: partial grants, refusal grounds, complaint guidance, late decisions.

Services on PostgreSQL; letters are read from their PDF (pypdf). Dates are pinned where the letter must
carry a concrete date, and the expected date is worked out by hand in a comment.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kompensation.cases import selectors, services
from kompensation.cases.models import (
    Application,
    Case,
    CaseworkSettings,
    DeadlineKind,
    EventType,
)
from kompensation.letters.models import Letter
from kompensation.letters.services import letter_render
from tests import factories
from tests.factories import long_date

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOUGHT_END = TODAY + dt.timedelta(days=365)  # factories.paper_data: 7 hours a week, today to a year on


@contextmanager
def on(day: dt.date) -> Iterator[None]:
    """Pin the clock: every service reads the day from django.utils.timezone.now."""
    moment = dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def text_of(letter: Letter) -> str:
    letter.refresh_from_db()
    if not letter.pdf:
        letter_render(letter_id=letter.pk)
        letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def data(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "outcome": "grant",
        "hours_per_week": Decimal("7"),
        "start_date": TODAY,
        "end_date": SOUGHT_END,
        "period_type": "time_limited",
        "period_reason": "Behovet vurderes igen, når du er oplært.",
        "rate_type": "standard",
        "rate_reason": "",
        "reasons": "Opgaverne kræver oplæsning og sortering af post.",
    }
    values.update(overrides)
    return values


def draft(case: Case, user: Any, **overrides: Any) -> Any:
    return services.decision_draft(
        case=case,
        user=user,
        data=data(**overrides),
        assistant_ids=[a.pk for a in case.application.assistants.all()],
    )


def heard(case: Case, user: Any) -> None:
    hearing = services.hearing_send(case=case, user=user, facts="Dialogskemaet viser et behov på 5 timer.")
    services.hearing_record_response(
        hearing=hearing, user=user, received_on=TODAY, response="Jeg har brug for mere hjælp til post."
    )
    case.refresh_from_db()


PARTIAL_REASON = (
    "dialogskemaet viser et behov på 5 timer om ugen; bogføringen klarer du selv med skærmlæseren."
)


class TestPartialGrant:
    def test_fewer_hours_than_sought_cannot_be_called_a_grant(
        self, investigated_case: Case, herning_caseworker: Any
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            draft(investigated_case, herning_caseworker, hours_per_week=Decimal("6"))
        message = " ".join(exc.value.message_dict["outcome"])
        assert "«Delvis bevilling»" in message and "partshør" in message
        assert "søgt: 7 timer om ugen" in message and "bevilget: 6 timer om ugen" in message
        assert not investigated_case.decisions.exists()

    def test_a_shorter_period_than_sought_is_a_partial_grant_too(
        self, investigated_case: Case, herning_caseworker: Any
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            draft(investigated_case, herning_caseworker, end_date=TODAY + dt.timedelta(days=180))
        assert "«Delvis bevilling»" in " ".join(exc.value.message_dict["outcome"])

    def test_a_partial_grant_of_everything_sought_is_refused(
        self, investigated_case: Case, herning_caseworker: Any
    ) -> None:
        heard(investigated_case, herning_caseworker)
        with pytest.raises(ValidationError) as exc:
            draft(investigated_case, herning_caseworker, outcome="partial_grant", partial_reason="x")
        assert "Vælg «Bevilling»" in " ".join(exc.value.message_dict["outcome"])

    def test_partial_grant_needs_the_hearing_and_its_reason(
        self, investigated_case: Case, herning_caseworker: Any
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            draft(investigated_case, herning_caseworker, outcome="partial_grant", hours_per_week=Decimal("5"))
        errors = exc.value.message_dict
        assert "forvaltningsloven § 19" in " ".join(errors["outcome"])
        assert "fordi" in " ".join(errors["partial_reason"])

    def test_the_letter_says_what_was_sought_what_is_granted_and_why(
        self, investigated_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        heard(investigated_case, herning_caseworker)
        decision = draft(
            investigated_case,
            herning_caseworker,
            outcome="partial_grant",
            hours_per_week=Decimal("5"),
            partial_reason=PARTIAL_REASON,
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        period = f"fra den {long_date(TODAY)} til og med den {long_date(SOUGHT_END)}"
        person = text_of(decision.letter)
        assert (
            f"Du søgte om 7 timer om ugen {period}. Du får bevilget 5 timer om ugen {period}, "
            f"fordi {PARTIAL_REASON}"
        ) in person
        assert "Det, du ikke får bevilget, er et afslag" in person
        employer = text_of(decision.employer_letter)
        assert f"Der blev søgt om 7 timer om ugen {period}" in employer and "5 timer om ugen" in employer
        # The reason is the person's (here: a screen reader, an aid for the impairment), not the employer's.
        assert "skærmlæser" not in employer and "dialogskema" not in employer


class TestRefusal:
    def test_refusal_needs_its_grounds_and_the_other_help_considered(
        self, investigated_case: Case, herning_caseworker: Any
    ) -> None:
        heard(investigated_case, herning_caseworker)
        with pytest.raises(ValidationError) as exc:
            draft(investigated_case, herning_caseworker, outcome="refusal")
        assert set(exc.value.message_dict) >= {"refusal_grounds", "other_help"}
        with pytest.raises(ValidationError) as exc:
            draft(
                investigated_case,
                herning_caseworker,
                outcome="refusal",
                refusal_grounds=["paragraf_99"],
                other_help="Fleksjob",
            )
        assert "paragraf_99" in " ".join(exc.value.message_dict["refusal_grounds"])

    def test_refusal_letter_cites_the_specific_rules_and_quotes_the_other_help(
        self, investigated_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        heard(investigated_case, herning_caseworker)
        other_help = "Skærmlæser, fleksjob og en mentor i oplæringen; de dækker ikke behovet."
        decision = draft(
            investigated_case,
            herning_caseworker,
            outcome="refusal",
            refusal_grounds=["hours_not_within_limit", "job_not_compatible"],
            other_help=other_help,
        )
        assert decision.refusal_grounds == ["job_not_compatible", "hours_not_within_limit"]
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        text = text_of(decision.letter)
        assert "kompensationslovens § 6 stk. 3 og bekendtgørelsens § 14" in text
        assert "(bekendtgørelsens § 15)" in text
        assert "§§ 4–6" not in text
        assert f"Anden hjælp, vi har overvejet: {other_help}" in text


class TestComplaintGuidance:
    def test_the_sent_letter_carries_the_last_day_counted_from_sending(
        self, investigated_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        with on(dt.date(2026, 11, 20)):
            decision = draft(investigated_case, herning_caseworker)
        with on(dt.date(2026, 11, 27)), django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        # Sent (and by Digital Post received) Friday 27.11.2026; + 4 weeks = Friday 25.12 (juledag),
        # 26.12 2. juledag, 27.12 Sunday → Monday 28 December 2026. The draft's 20.11 would give 18.12.
        text = text_of(decision.letter)
        assert "Din klage skal være modtaget senest den 28. december 2026" in text
        assert "18. december 2026" not in text
        for phrase in (
            "retssikkerhedslovens § 67",
            "retssikkerhedslovens § 66",
            "forvaltningslovens § 25",
            "inden for 4 uger",
            "Det, vi ikke ændrer, sender vi",
            "Ankestyrelsen",
            "mundtligt eller skriftligt",
        ):
            assert phrase in text, phrase
        employer = text_of(decision.employer_letter)
        assert "Klagen skal være modtaget senest den 28. december 2026" in employer
        assert "Hvis du er uenig" not in employer  # the company is addressed as the company throughout

    def test_first_follow_up_is_a_date_and_matches_the_deadline(
        self, investigated_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        with on(dt.date(2026, 11, 20)):
            decision = draft(investigated_case, herning_caseworker)
        with on(dt.date(2026, 11, 23)), django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        # Drafted 20.11.2026 → a year later is Saturday 20.11.2027; the deadline binds the jobcentre, so it
        # is the last working day before: Friday 19.11.2027 (within a year of sending on 23.11.2026).
        text = text_of(decision.letter)
        assert "Vi vurderer bevillingen igen senest den 19. november 2027" in text
        assert "1 år fra i dag" not in text
        due = investigated_case.deadlines.get(kind=DeadlineKind.FIRST_FOLLOW_UP).due
        assert due == dt.date(2027, 11, 19)


class TestLetterTexts:
    def test_contact_terms_and_payment_dates(
        self, investigated_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        herning_caseworker.first_name, herning_caseworker.last_name = "Mette", "Kjær"
        herning_caseworker.phone, herning_caseworker.email = "99 99 10 01", "mette.kjaer@herning.example"
        herning_caseworker.save()
        Case.objects.filter(pk=investigated_case.pk).update(received_on=dt.date(2027, 1, 10))
        Application.objects.filter(case=investigated_case).update(
            period_from=dt.date(2027, 1, 15), period_to=dt.date(2027, 12, 31)
        )
        investigated_case.refresh_from_db()
        decision = draft(
            investigated_case,
            herning_caseworker,
            start_date=dt.date(2027, 1, 15),
            end_date=dt.date(2027, 12, 31),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_send(decision=decision, user=herning_caseworker)
        person = text_of(decision.letter)
        for phrase in (
            "Sagsbehandler: Mette Kjær",
            "Direkte telefon: 99 99 10 01",
            "E-mail: mette.kjaer@herning.example",
            "studentertimelønssatsen trin 3, stedtillæg IV",
            # 37 working hours, standard tier: 20 × 37 / 37 = 20 hours a week.
            "Grænsen for timer med assistance er for dig 20 timer om ugen, når du arbejder 37 timer om ugen",
        ):
            assert phrase in person, phrase
        for wrong in ("elevsats", "Grænsen for din arbejdstid", "1 år fra i dag", "senest 4 uger efter"):
            assert wrong not in person, wrong
        employer = text_of(decision.employer_letter)
        for phrase in (
            "Direkte telefon: 99 99 10 01",
            "studentertimelønssats trin 3, stedtillæg IV",
            # Start 15.01.2027 is in Q1 2027; the following quarter ends Wednesday 30.06.2027 (BEK § 27).
            "Anmodningen for 1. kvartal 2027 skal være modtaget senest den 30. juni 2027",
            # Received 10.01.2027: nothing is paid for the time before 10.10.2026 (BEK § 25 stk. 5).
            "der betales ikke for tiden før den 10. oktober 2026",
            "vedhæft lønsedler",
            "som jobcentret har godkendt",
            "senest 14 dage",
        ):
            assert phrase in employer, phrase


class TestLateDecision:
    def _open(self, caseworker: Any, received: dt.date) -> Case:
        return services.application_register_paper(
            user=caseworker,
            data=factories.paper_data(
                cpr=factories.register_person(), cvr=factories.register_company(), received_on=received
            ),
            assistants=factories.ASSISTANT,
            uploads=[(factories.pdf(), "gp")],
        )

    def test_a_case_two_days_from_its_target_is_flagged_and_the_letter_gives_dates(
        self, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        today = dt.date(2026, 11, 23)
        with on(today):
            late = self._open(herning_caseworker, dt.date(2026, 10, 28))  # 4 weeks minus 2 days ago
            fresh = self._open(herning_caseworker, dt.date(2026, 11, 20))
            # 28.10 + 28 days = Wednesday 25.11.2026: 2 days left. 20.11 + 28 days = 18.12: 25 days left.
            flagged = selectors.cases_with_decision_delay(today=today)
            assert [(d.case.pk, d.promised, d.days_left) for d in flagged] == [
                (late.pk, dt.date(2026, 11, 25), 2)
            ]
            out = io.StringIO()
            call_command("decision_delays", stdout=out)
            assert late.reference in out.getvalue() and fresh.reference not in out.getvalue()

            with pytest.raises(ValidationError) as exc:
                services.late_decision_notify(
                    case=late, expected_on=dt.date(2026, 11, 25), reason="", user=herning_caseworker
                )
            assert set(exc.value.message_dict) == {"expected_on", "reason"}
            with django_capture_on_commit_callbacks(execute=True):
                letter = services.late_decision_notify(
                    case=late,
                    expected_on=dt.date(2026, 12, 14),
                    reason="vi venter på en udtalelse fra din læge.",
                    user=herning_caseworker,
                )
            assert (letter.kind, letter.confidentiality, letter.recipient) == (
                "late_notice",
                "case",
                "person",
            )
            event = late.events.get(type=EventType.LATE_NOTICE_SENT)
            assert event.payload["expected_on"] == "2026-12-14" and event.payload["target"] == "2026-11-25"
            assert selectors.cases_with_decision_delay(today=today) == []  # told: 14.12 is 21 days away
        # Six days before the announced date the flag comes back: that date will be missed too.
        again = selectors.cases_with_decision_delay(today=dt.date(2026, 12, 8))
        assert [(d.case.pk, d.promised) for d in again] == [(late.pk, dt.date(2026, 12, 14))]
        text = text_of(letter)
        assert "Vi kan ikke nå at træffe afgørelse inden den 25. november 2026" in text
        assert (
            "Du kan forvente en afgørelse senest den 14. december 2026, fordi vi venter på en udtalelse "
            "fra din læge."
        ) in text
        assert "retssikkerhedslovens § 3 stk. 2" in text and "inden for 4 uger" in text

    def test_the_decision_meets_the_announced_date_and_a_decided_case_gets_no_notice(
        self, investigated_case: Case, herning_caseworker: Any
    ) -> None:
        promised = services.decision_promised_date(investigated_case)
        services.late_decision_notify(
            case=investigated_case,
            expected_on=promised + dt.timedelta(days=14),
            reason="vi venter på lægen.",
            user=herning_caseworker,
        )
        services.decision_send(decision=draft(investigated_case, herning_caseworker), user=herning_caseworker)
        announced = investigated_case.deadlines.get(kind=DeadlineKind.ANNOUNCED_DECISION)
        assert announced.met_at is not None
        investigated_case.refresh_from_db()
        with pytest.raises(ValidationError, match="mens afgørelsen ikke er truffet"):
            services.late_decision_notify(
                case=investigated_case,
                expected_on=promised + dt.timedelta(days=30),
                reason="x",
                user=herning_caseworker,
            )

    def test_the_caseworker_sends_it_from_the_case_page_and_the_employer_never_sees_it(
        self, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
    ) -> None:
        case = self._open(herning_caseworker, TODAY - dt.timedelta(days=26))
        client = Client()
        client.force_login(herning_caseworker)
        assert (
            'data-testid="decision-delay"'
            in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        )
        assert 'data-testid="delay-flag"' in client.get(reverse("cases:inbox")).content.decode()
        expected = TODAY + dt.timedelta(days=30)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("cases:late_notice", args=[case.pk]),
                {"expected_on": expected.isoformat(), "reason": "vi venter på en udtalelse fra din læge."},
            )
        assert response.status_code == 302
        letter = case.letters.get(kind="late_notice")
        assert (
            'data-testid="decision-delay"'
            not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        )
        employer = Client()
        employer.force_login(factories.employer_user(case.employer.cvr))
        assert employer.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404
        citizen = Client()
        citizen.force_login(factories.citizen(case.person.cpr))
        assert citizen.get(reverse("letters:pdf", args=[letter.pk])).status_code == 200


class TestPublishedTarget:
    def test_the_municipal_target_is_published_and_used_for_new_cases(self, herning_caseworker: Any) -> None:
        page = Client().get("/sagsbehandlingsfrister/")
        assert page.status_code == 200
        assert "<td>Herning Kommune</td><td>4 uger</td>" in page.content.decode()
        CaseworkSettings.objects.create(municipality=herning_caseworker.municipality, decision_target_weeks=6)
        assert (
            "<td>Herning Kommune</td><td>6 uger</td>"
            in Client().get("/sagsbehandlingsfrister/").content.decode()
        )
        with on(dt.date(2026, 11, 23)):
            case = TestLateDecision()._open(herning_caseworker, dt.date(2026, 11, 2))
        deadline = case.deadlines.get(kind=DeadlineKind.DECISION)
        # 2.11.2026 + 6 weeks = Monday 14.12.2026.
        assert deadline.due == dt.date(2026, 12, 14) and "6 uger" in deadline.rule
