"""The access log the demo's staff would have left: one look at the case for each thing they did on it.

Derived from the case events (no randomness), so the seed gives the same data as before and the
data-protection officer's page (`dpo`) has something to show. Runs under the generator's clock.
"""

from __future__ import annotations

from kompensation.accounts.models import STAFF_ROLES, AccessLog, Municipality, Role
from kompensation.accounts.services import access_log_record
from kompensation.cases.models import CaseEvent

from .clock import _Clock


def record_demo_access(*, clock: _Clock, municipality: Municipality) -> int:
    events = (
        CaseEvent.objects.filter(case__municipality=municipality, actor__role__in=STAFF_ROLES)
        .select_related("case", "actor")
        .order_by("at", "pk")
    )
    count = 0
    for event in events:
        assert event.actor is not None
        clock.moment = event.at
        on_case_page = event.actor.role != Role.PAYMENT_OFFICER  # the officer works on the request page
        access_log_record(
            user=event.actor,
            action=AccessLog.Action.VIEW,
            person_id=event.case.person_id,
            case_id=event.case_id,
            object_repr=f"{event.case}: {'sagen' if on_case_page else 'anmodning om udbetaling'}",
            # The case page shows the application's impairment: a read of health data.
            health=on_case_page,
        )
        count += 1
    return count
