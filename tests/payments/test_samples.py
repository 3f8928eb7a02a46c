"""The monthly sample check: who is drawn, the amount they are asked about, and what an answer does."""

from __future__ import annotations

import datetime as dt
import io
import types
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import CaseEvent, Deadline, DeadlineKind, EventType
from kompensation.payments import services
from kompensation.payments.models.interpreting import SampleAnswer, SampleAnswerStatus, SampleCheck
from kompensation.payments.services import samples
from tests import factories
from tests.payments.sample_world import OCTOBER, grant, paid, sample_size

pytestmark = pytest.mark.django_db

# Monday 23 November 2026; ten working days later (no public holidays in between): 24–27 Nov (4),
# 30 Nov–4 Dec (5), 7 Dec (10).
MONDAY = dt.date(2026, 11, 23)
TEN_WORKING_DAYS_LATER = dt.date(2026, 12, 7)


@pytest.fixture
def on_monday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        samples, "timezone", types.SimpleNamespace(localdate=lambda: MONDAY, now=timezone.now)
    )


def _october_grants(caseworker: Any, count: int) -> list[Any]:
    grants = []
    for k in range(count):
        g = grant(caseworker, last_name=f"Person{k}")
        paid(g, dt.date(2026, 10, 1), dt.date(2026, 10, 31), "1000")
        grants.append(g)
    return grants


def test_the_sample_has_the_configured_size_and_only_eligible_grants(herning_caseworker: Any) -> None:
    grants = _october_grants(herning_caseworker, 5)
    municipality = herning_caseworker.municipality
    sample_size(municipality, 3)
    sample = services.sample_draw(municipality=municipality, month=OCTOBER, seed="s1")
    drawn = set(sample.answers.values_list("grant_id", flat=True))
    assert sample.size == 3
    assert len(drawn) == 3
    assert drawn <= {g.pk for g in grants}
    assert sample.seed == "s1" and sample.month == OCTOBER and sample.drawn_by is None


def test_the_sample_is_reproducible_for_a_seed(herning_caseworker: Any) -> None:
    _october_grants(herning_caseworker, 6)
    municipality = herning_caseworker.municipality
    sample_size(municipality, 3)
    first = services.sample_draw(municipality=municipality, month=OCTOBER, seed="frø-42")
    drawn = sorted(first.answers.values_list("grant_id", flat=True))
    SampleAnswer.objects.filter(sample=first).delete()
    first.delete()
    again = services.sample_draw(municipality=municipality, month=OCTOBER, seed="frø-42")
    assert sorted(again.answers.values_list("grant_id", flat=True)) == drawn
    # Another seed draws the same way from the same ids: the pure pick, over 20 ids, differs for some seed.
    ids = list(range(1, 21))
    assert samples.pick(ids, size=3, seed="a") == samples.pick(ids, size=3, seed="a")
    assert any(samples.pick(ids, size=3, seed=s) != samples.pick(ids, size=3, seed="a") for s in "bcdef")


def test_all_are_asked_when_fewer_than_the_size(herning_caseworker: Any) -> None:
    grants = _october_grants(herning_caseworker, 2)
    sample = services.sample_draw(municipality=herning_caseworker.municipality, month=OCTOBER)
    assert sample.size == 5  # the default
    assert set(sample.answers.values_list("grant_id", flat=True)) == {g.pk for g in grants}
    assert len(sample.seed) == 16  # a random seed, stored


def test_only_payouts_in_the_month_and_the_paid_total(herning_caseworker: Any) -> None:
    september_only = grant(herning_caseworker, last_name="September")
    paid(september_only, dt.date(2026, 9, 1), dt.date(2026, 9, 30), "900")
    overlapping = grant(herning_caseworker, last_name="Overlap")
    paid(overlapping, dt.date(2026, 9, 15), dt.date(2026, 10, 14), "1000")
    paid(overlapping, dt.date(2026, 10, 15), dt.date(2026, 11, 14), "234.50")
    submitted = grant(herning_caseworker, last_name="Indsendt")
    paid(submitted, dt.date(2026, 10, 1), dt.date(2026, 10, 31), "500", status="submitted", payout=False)
    sample = services.sample_draw(municipality=herning_caseworker.municipality, month=OCTOBER)
    answer = sample.answers.get()
    assert answer.grant == overlapping
    # Both payouts cover days in October: 1.000,00 + 234,50 = 1.234,50 kr., for 15.09.–14.11.
    assert answer.paid_total == Decimal("1234.50")
    assert (answer.period_start, answer.period_end) == (dt.date(2026, 9, 15), dt.date(2026, 11, 14))


def test_only_the_municipalitys_grants(herning_caseworker: Any) -> None:
    ours = _october_grants(herning_caseworker, 1)[0]
    other_caseworker = factories.caseworker("751")
    theirs = _october_grants(other_caseworker, 1)[0]
    herning = services.sample_draw(municipality=herning_caseworker.municipality, month=OCTOBER)
    assert list(herning.answers.values_list("grant_id", flat=True)) == [ours.pk]
    other = services.sample_draw(municipality=other_caseworker.municipality, month=OCTOBER)
    assert list(other.answers.values_list("grant_id", flat=True)) == [theirs.pk]


def test_a_second_draw_returns_the_first(herning_caseworker: Any, officer: Any) -> None:
    _october_grants(herning_caseworker, 2)
    municipality = herning_caseworker.municipality
    first = services.sample_draw(municipality=municipality, month=dt.date(2026, 10, 17), user=officer)
    second = services.sample_draw(municipality=municipality, month=OCTOBER, seed="other")
    assert second.pk == first.pk and second.seed == first.seed
    assert SampleCheck.objects.count() == 1 and SampleAnswer.objects.count() == 2
    assert first.drawn_by == officer and first.month == OCTOBER


def test_the_person_gets_a_letter_with_the_period_and_amount(herning_caseworker: Any) -> None:
    g = grant(herning_caseworker)
    paid(g, dt.date(2026, 10, 1), dt.date(2026, 10, 31), "12345.6")
    answer = services.sample_draw(municipality=herning_caseworker.municipality, month=OCTOBER).answers.get()
    letter = answer.letter
    assert letter is not None and letter.sent_at is not None and letter.case == g.case
    assert letter.recipient == "person"
    assert "12.345,60 kr." in letter.body and g.reference in letter.body
    assert answer.channel == "letter"  # the person has no login on Mine sider


def test_only_a_payment_officer_of_the_municipality_draws(herning_caseworker: Any) -> None:
    _october_grants(herning_caseworker, 1)
    municipality = herning_caseworker.municipality
    for user in (herning_caseworker, factories.user(Role.PAYMENT_OFFICER, code="751")):
        with pytest.raises(PermissionDenied):
            services.sample_draw(municipality=municipality, month=OCTOBER, user=user)
    assert not SampleCheck.objects.exists()


def _answer(caseworker: Any) -> SampleAnswer:
    _october_grants(caseworker, 1)
    return services.sample_draw(municipality=caseworker.municipality, month=OCTOBER).answers.get()


def test_a_paper_no_opens_a_control_task_and_an_event(herning_caseworker: Any, on_monday: None) -> None:
    answer = _answer(herning_caseworker)
    services.sample_answer_record(
        user=herning_caseworker, answer=answer, received=False, comment="Assistenten kom kun to dage."
    )
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.NO and answer.recorded_by == herning_caseworker
    task = Deadline.objects.get(case=answer.grant.case, kind=DeadlineKind.CONTROL_TASK)
    assert task.due == TEN_WORKING_DAYS_LATER and task.met_at is None
    event = CaseEvent.objects.get(case=answer.grant.case, type=EventType.SAMPLE_ANSWERED)
    assert event.payload["received"] is False and event.payload["control_task_id"] == task.pk
    assert event.payload["via"] == "paper"


def test_a_yes_opens_no_task(herning_caseworker: Any, officer: Any) -> None:
    answer = _answer(herning_caseworker)
    services.sample_answer_record(user=officer, answer=answer, received=True, comment="")
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.YES
    assert not Deadline.objects.filter(case=answer.grant.case, kind=DeadlineKind.CONTROL_TASK).exists()
    assert CaseEvent.objects.filter(case=answer.grant.case, type=EventType.SAMPLE_ANSWERED).count() == 1
    with pytest.raises(ValidationError):  # answered once
        services.sample_answer_record(user=officer, answer=answer, received=False, comment="")


def test_who_may_answer(herning_caseworker: Any) -> None:
    answer = _answer(herning_caseworker)
    refused = [
        factories.citizen(factories.register_person()),  # another citizen
        factories.user(Role.MANAGER, code="657"),  # managers supervise, do not record
        factories.caseworker("751"),  # another municipality
    ]
    for user in refused:
        with pytest.raises(PermissionDenied):
            services.sample_answer_record(user=user, answer=answer, received=True)
        with pytest.raises(PermissionDenied):
            services.sample_answer(user=user, answer=answer, received=True)
    owner = factories.citizen(answer.grant.case.person.cpr)
    services.sample_answer(user=owner, answer=answer, received=True, comment="Fint")
    answer.refresh_from_db()
    assert answer.status == SampleAnswerStatus.YES and answer.recorded_by == owner


def test_the_monthly_command_draws_last_month_for_each_municipality(herning_caseworker: Any) -> None:
    g = grant(herning_caseworker)
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    paid(g, last_month, last_month + dt.timedelta(days=9), "100")
    out = io.StringIO()
    call_command("samples_draw", stdout=out)
    assert "1 spurgt" in out.getvalue()
    sample = SampleCheck.objects.get()
    assert sample.month == last_month and sample.municipality == herning_caseworker.municipality
    assert list(sample.answers.values_list("grant_id", flat=True)) == [g.pk]
    call_command("samples_draw", stdout=io.StringIO())
    assert SampleCheck.objects.count() == 1
