"""The social schemes' core: registration as a case of its scheme, the circle, the measurement's totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.cases.models import CaseEvent, CaseStatus
from kompensation.social.selectors import circle_rows, measurement_for
from tests import social_cases as social

pytestmark = pytest.mark.django_db


def test_a_registered_bpa_application_is_a_bpa_case_of_the_social_administration(
    herning_caseworker: Any,
) -> None:
    case = social.social_case("bpa", herning_caseworker)
    assert case.scheme == "bpa"
    assert case.reference.startswith(f"BPA-{timezone.localdate().year}-")
    assert case.administration == "Socialforvaltningen i Herning Kommune"
    assert case.employer is None
    assert case.application.scheme == "bpa"
    assert CaseEvent.objects.filter(case=case, type="case_opened").exists()


def test_the_measurement_totals_the_rows_by_hand(herning_caseworker: Any) -> None:
    case = social.social_case("bpa", herning_caseworker)
    social.measure(case, herning_caseworker)
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    m = measurement_for(case=case, today=timezone.localdate())
    # 60×7 + 30×3×7 + 120×2 + 180×2 = 420 + 630 + 240 + 360 = 1,650 minutes = 27.5 hours a week.
    assert m.total_hours == Decimal("27.50")
    assert m.need_hours == Decimal("27.5")
    assert m.hours_by_category["personal_care"] == Decimal("17.50")
    assert m.warnings == ()


def test_a_circle_answer_without_reasoning_is_refused(herning_caseworker: Any) -> None:
    from kompensation.social.services import circle_assess

    case = social.social_case("bpa", herning_caseworker)
    with pytest.raises(ValidationError) as exc:
        circle_assess(case=case, user=herning_caseworker, answers={"impairment": (True, " ")})
    assert "begrundelsen" in exc.value.message_dict["impairment"][0]
    social.assess_circle(case, herning_caseworker, unmet=["work_supervisor"])
    rows, result = circle_rows(case=case)
    assert result.in_circle is False
    assert [c.code for c in result.unmet] == ["work_supervisor"]
    assert len(rows) == 5
