"""BEK § 15 over the quarter and the 14-day payout, through the services and the database.

The grant here is 10 hours a week from 1.1.2026. Q1 2026 has 90 days: 10 × 90 / 7 = 128.57 → 128.5 hours
(rounded down to the half hour). The standard rate is 127.86 kr. an hour, the simplified supplement 25 %.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.cases.models import Case, Decision
from kompensation.payments import services
from kompensation.payments.models import PaymentRequest, PaymentSettings
from kompensation.rules import payments as rules
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal
JAN, FEB, MAR = rules.month_bounds(2026, 1), rules.month_bounds(2026, 2), rules.month_bounds(2026, 3)


@pytest.fixture
def q1(granted_case: Any, employer: Any, rates: None, wages: None, simplified: None) -> dict[str, Any]:
    grant = granted_case.grants.get()
    Decision.objects.filter(pk=grant.decision_id).update(start_date=dt.date(2026, 1, 1), hours_per_week=D(10))
    Case.objects.filter(pk=granted_case.pk).update(received_on=dt.date(2026, 1, 1))
    grant = granted_case.grants.select_related("decision").get()
    return {
        "employer": employer,
        "grant": grant,
        "assistant": granted_case.application.assistants.first().name,
    }


def _draft(q1: dict[str, Any], month: tuple[dt.date, dt.date], hours: str, **kwargs: Any) -> PaymentRequest:
    request = services.payment_request_save_draft(
        user=q1["employer"],
        grant=q1["grant"],
        period_start=month[0],
        period_end=month[1],
        hours=[{"assistant": q1["assistant"], "hours": D(hours)}],
        **kwargs,
    )
    services.payslip_add(
        user=q1["employer"], request=request, upload=factories.pdf("loen.pdf"), assistant=q1["assistant"]
    )
    return request


def _submit(q1: dict[str, Any], request: PaymentRequest) -> PaymentRequest:
    return services.payment_request_submit(
        user=q1["employer"], request=request, declaration=True, idempotency_key=uuid.uuid4().hex
    )


def test_60_30_30_quarter_is_paid_in_full(q1: dict[str, Any]) -> None:
    """Month by month January would allow 10 × 31 / 7 = 44 hours and lose 16; the quarter allows 128.5."""
    january = _submit(q1, _draft(q1, JAN, "60"))
    february = _submit(q1, _draft(q1, FEB, "30"))
    march = _submit(q1, _draft(q1, MAR, "30"))
    # 60 × 127.86 = 7671.60, + 25 % = 1917.90 → 9589.50; 30 × 127.86 = 3835.80, + 958.95 → 4794.75.
    assert [r.requested_total for r in (january, february, march)] == [
        D("9589.50"),
        D("4794.75"),
        D("4794.75"),
    ]
    assert [D(r.calculation["hours"]) for r in (january, february, march)] == [60, 30, 30]
    for request in (january, february, march):
        control = request.controls.get(code="hours")
        assert control.status == "pass", control.evidence
        assert control.officer_decides == ""
    # What was left when each was signed: 128.5; 128.5 − 60 = 68.5; 68.5 − 30 = 38.5.
    assert "plads til 128,5 timer" in january.controls.get(code="hours").evidence
    assert "plads til 68,5 timer" in february.controls.get(code="hours").evidence
    assert "60 timer brugt af andre anmodninger" in february.controls.get(code="hours").evidence
    assert "plads til 38,5 timer" in march.controls.get(code="hours").evidence


def test_last_request_of_the_quarter_is_capped_at_what_remains(q1: dict[str, Any]) -> None:
    _submit(q1, _draft(q1, JAN, "60"))
    _submit(q1, _draft(q1, FEB, "40"))
    march = _submit(q1, _draft(q1, MAR, "40"))
    # 128.5 − 100 = 28.5 left; 11.5 of 40 hours cut: −11.5 × 127.86 = −1470.39.
    # Paid wage 5114.40 − 1470.39 = 3644.01, + 25 % = 911.0025 → 911.00; total 4555.01.
    assert D(march.calculation["hours"]) == D("28.5")
    assert march.requested_total == D("4555.01")
    control = march.controls.get(code="hours")
    assert control.status == "fail"
    assert control.action_taken == "11,5 t over gennemsnittet er trukket fra: −1.470,39 kr."
    assert "Godkend det beregnede beløb" in control.officer_decides


def test_drafts_of_one_quarter_are_held_against_it_again_at_signing(q1: dict[str, Any]) -> None:
    """Both drafts fit on their own (80 ≤ 128.5); the second signed gets what the first left: 48.5."""
    january, february = _draft(q1, JAN, "80"), _draft(q1, FEB, "80")
    assert D(february.calculation["hours"]) == 80
    _submit(q1, january)
    february = _submit(q1, february)
    # 80 − 48.5 = 31.5 hours cut: −31.5 × 127.86 = −4027.59; wage 10228.80 − 4027.59 = 6201.21,
    # + 25 % = 1550.3025 → 1550.30; total 7751.51.
    assert D(february.calculation["hours"]) == D("48.5")
    assert february.requested_total == D("7751.51")


def test_a_rejected_request_gives_its_hours_back(q1: dict[str, Any], officer: Any) -> None:
    january = _submit(q1, _draft(q1, JAN, "100"))
    services.payment_request_reject(user=officer, request=january, reason="Forkert periode.")
    february = _submit(q1, _draft(q1, FEB, "100"))
    assert D(february.calculation["hours"]) == 100


@pytest.fixture
def detailed_march(q1: dict[str, Any]) -> PaymentRequest:
    PaymentSettings.objects.filter(municipality=q1["grant"].case.municipality).update(mode="detailed")
    _submit(q1, _draft(q1, JAN, "60"))
    _submit(q1, _draft(q1, FEB, "40"))
    return _submit(
        q1,
        _draft(
            q1,
            MAR,
            "40",
            supplements=[{"kind": "holiday_pay", "assistant": q1["assistant"], "amount": D("500.00")}],
        ),
    )


def test_supplements_follow_the_subsidised_hours(detailed_march: PaymentRequest) -> None:
    lines = [(line["code"], line["amount"], line["of_line"]) for line in detailed_march.calculation["lines"]]
    # 40 × 127.86 = 5114.40; 11.5 h cut = −1470.39; 500.00 holiday pay, of which 11.5 / 40 = −143.75.
    assert lines == [
        ("wage_standard", "5114.40", None),
        ("hours_cap", "-1470.39", 0),
        ("holiday_pay", "500.00", None),
        ("supplement_cap", "-143.75", 2),
    ]
    assert detailed_march.requested_total == D("4000.26")  # 3644.01 + 356.25
    control = detailed_march.controls.get(code="hours")
    assert control.action_taken == "11,5 t over gennemsnittet er trukket fra: −1.614,14 kr."


def test_correcting_a_capped_line_does_not_deduct_the_cap_again(
    detailed_march: PaymentRequest, officer: Any
) -> None:
    choices = dict(services.correctable_lines(detailed_march))
    # The wage line starts from its amount after the cap; the deduction lines are not offered.
    assert choices["0"].endswith(": 3.644,01 kr. efter fradrag for timer ud over gennemsnittet")
    assert choices["2"].endswith(": 356,25 kr. efter fradrag for timer ud over gennemsnittet")
    assert "1" not in choices and "3" not in choices
    correction = services.payment_request_correct(
        user=officer, request=detailed_march, line="0", new_total=D("3500.00"), reason="Færre timer."
    )
    assert correction.old_amount == D("3644.01")
    # 3500.00 for the wage, 356.25 of the supplement: 3856.25 (a second cap would give 2385.86).
    assert services.payment_request_total(detailed_march) == D("3856.25")
    with pytest.raises(ValidationError) as exc:
        services.payment_request_correct(
            user=officer, request=detailed_march, line="1", new_total=D("0"), reason="x"
        )
    assert "ikke med to gange" in exc.value.message_dict["line"][0]


def test_correcting_the_total_after_a_cap_gives_the_amount_typed(
    detailed_march: PaymentRequest, officer: Any
) -> None:
    assert dict(services.correctable_lines(detailed_march))["total"] == "Samlet beløb: 4.000,26 kr."
    services.payment_request_correct(
        user=officer, request=detailed_march, new_total=D("3000.00"), reason="Aftalt med virksomheden."
    )
    assert services.payment_request_total(detailed_march) == D("3000.00")
    payout = services.payment_request_approve(
        user=officer,
        request=detailed_march,
        late_reason="Virksomheden havde skiftet lønsystem.",  # Q1 2026 is past its deadline
        override_reason="Fradraget er rigtigt.",
    )
    assert payout.gross == D("3000.00")


def test_payout_date_is_the_last_bank_day_on_or_before_day_14(
    q1: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Received Friday 11.12.2026: day 14 is Friday 25.12 (Christmas); 24.12 is closed → Wednesday 23.12."""
    request = _draft(q1, JAN, "10")
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 12, 11))
    request = _submit(q1, request)
    assert request.payout_due == dt.date(2026, 12, 23)
