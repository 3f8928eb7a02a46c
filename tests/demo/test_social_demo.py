"""The social schemes' demo (demo/social.py): every scheme, Ankestyrelsen's three examples, the letters
with their measurement tables, and money paid once. Expected figures are worked out by hand from the rows."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from kompensation.cases.models import Case, CaseStatus
from kompensation.payments.models import PaymentRequest
from kompensation.social.decisions import decision_errors
from kompensation.social.selectors import measurement_for
from tests.demo.test_generator import demo  # noqa: F401  (the module's generated demo)

pytestmark = pytest.mark.django_db


def social_cases() -> Any:
    return Case.objects.exclude(scheme="pa").filter(municipality__code="657")


def test_every_scheme_has_cases_in_several_stages(demo: Any) -> None:  # noqa: F811
    assert Counter(social_cases().values_list("scheme", flat=True)) == {
        "bpa": 3,
        "cash": 3,
        "aid": 2,
        "consumer_good": 1,
    }
    statuses = set(social_cases().values_list("status", flat=True))
    assert {CaseStatus.RECEIVED, CaseStatus.INVESTIGATING, CaseStatus.DECIDED} <= statuses
    now = timezone.now()
    for case in social_cases():
        assert all(event.at <= now for event in case.events.all()), case


def test_the_round_the_clock_case_is_granted_168_actual_hours(demo: Any) -> None:  # noqa: F811
    decided = [c for c in social_cases().filter(scheme="bpa", status=CaseStatus.DECIDED)]
    hours = sorted(c.grants.get().decision.hours_per_week for c in decided)
    # 168: round the clock without an emergency call. 20,5: the toilet case, 27,5 h measured
    # (90×7 + 15×4×7 + 120×2 + 180×2 = 1,650 min) less the 7 h the washing-drying toilet covers.
    assert hours == [Decimal("20.5"), Decimal("168.0")]
    toilet = next(c for c in decided if c.grants.get().decision.hours_per_week == Decimal("20.5"))
    body = toilet.decisions.get().letter.body
    assert "| I alt |  |  |  | 27,5 |  |" in body
    assert "SEL § 112 (vaske-/tørretoilet)" in body


def test_the_56_hour_case_waits_and_21_hours_without_an_explanation_is_refused(demo: Any) -> None:  # noqa: F811
    waiting = social_cases().get(scheme="cash", status=CaseStatus.INVESTIGATING)
    assert not waiting.decisions.exists()
    assert measurement_for(case=waiting, today=timezone.localdate()).need_hours == Decimal(56)
    data = {
        "outcome": "grant",
        "hours_per_week": Decimal(21),
        "start_date": timezone.localdate(),
        "period_type": "until_further_notice",
        "reasons": "Udmålt ved hjemmebesøget.",
        "coverage": "21 timer af tilskuddet.",
        "employer_role": "person",
    }
    errors = decision_errors(waiting, data)
    assert "behovet er udmålt til 56 timer" in errors["below_need_reason"]


def test_plans_and_suppliers_are_paid_once_per_month(demo: Any) -> None:  # noqa: F811
    plan = PaymentRequest.objects.filter(
        kind__in=("bpa", "cash_allowance"), grant__case__municipality__code="657"
    )
    months = Counter((r.grant_id, r.period_start.year, r.period_start.month) for r in plan)
    assert months and max(months.values()) == 1
    # A whole 30-day month of the round-the-clock grant: 168 × 30/7 = 720 h × 215,40 = 155.088,00 plus the
    # administration contribution 720 × 12,50 = 9.000,00.
    assert Decimal("164088.00") in {r.approved_total for r in plan}
    aids = PaymentRequest.objects.filter(kind="aid", grant__case__municipality__code="657")
    # § 112 the whole price 18.950,00; § 113 half of 21.999,00 = 10.999,50.
    assert sorted(r.approved_total for r in aids) == [Decimal("10999.50"), Decimal("18950.00")]
