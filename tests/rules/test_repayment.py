"""The repayment rules by hand: the computation per paid request, its limits, and when to decide."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kompensation.rules import repayment as rules


def line(paid: str, due: str, earlier: str = "0.00") -> rules.Line:
    return rules.Line("UDB-0000001", Decimal(paid), Decimal(due), Decimal(earlier))


def test_the_claim_is_the_sum_of_what_was_paid_too_much() -> None:
    lines = [line("1598.25", "639.30"), line("799.13", "0.00", earlier="300.00")]
    # 1.598,25 − 639,30 = 958,95; 799,13 − 300,00 − 0 = 499,13; 958,95 + 499,13 = 1.458,08.
    assert [x.difference for x in lines] == [Decimal("958.95"), Decimal("499.13")]
    assert rules.total(lines) == Decimal("1458.08")


def test_a_line_is_never_more_than_what_was_paid_less_earlier_claims() -> None:
    assert rules.line_errors(line("1598.25", "639.30")) is None
    assert rules.line_errors(line("1598.25", "-0.01")) == "Det rigtige beløb kan ikke være negativt."
    assert rules.line_errors(line("0.00", "0.00")) == (
        "Der er ikke udbetalt noget for UDB-0000001; der er intet at kræve tilbage."
    )
    assert rules.line_errors(line("100.00", "100.00")) == (
        "Der er udbetalt 100,00 kr. for UDB-0000001. Det rigtige beløb skal være mindre end 100,00 kr., "
        "ellers er der intet at kræve tilbage."
    )
    assert rules.line_errors(line("100.00", "0.00", earlier="100.00")) == (
        "Der er udbetalt 100,00 kr. for UDB-0000001, og hele beløbet er allerede krævet tilbage."
    )


def test_the_decision_waits_until_the_day_after_the_deadline_unless_answered() -> None:
    due = date(2026, 3, 16)
    assert not rules.may_decide(response_due=due, answered=False, today=date(2026, 3, 16))
    assert rules.may_decide(response_due=due, answered=False, today=date(2026, 3, 17))
    assert rules.may_decide(response_due=due, answered=True, today=date(2026, 3, 2))


def test_deadlines_the_employer_must_meet_move_to_a_working_day() -> None:
    # Sent Friday 20 March 2026 + 14 days = Friday 3 April 2026, Good Friday (langfredag); Easter Monday
    # 6 April is a holiday too, so the deadline is Tuesday 7 April.
    assert rules.hearing_deadline(date(2026, 3, 20)) == date(2026, 4, 7)
    assert rules.payment_due(date(2030, 1, 5)) == date(2030, 1, 7)  # Saturday → Monday
    assert rules.payment_due(date(2030, 1, 8)) == date(2030, 1, 8)  # a Tuesday stays


def test_the_conditions_use_the_guidances_wording() -> None:
    assert set(rules.CONDITIONS) == {"wrong_information", "concealed", "conditions_not_met"}
    assert "mod bedre vidende" in rules.CONDITIONS["wrong_information"][1]
    assert "fortiet omstændigheder" in rules.CONDITIONS["concealed"][1]
    assert "ikke opfyldt betingelserne" in rules.CONDITIONS["conditions_not_met"][1]
