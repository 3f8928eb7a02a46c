"""Demo follow-up: inspection visits (see `followup.py`).

Announced and unannounced visits, held (with findings and the documents seen) and planned, and one
cancelled: to the demo company (the «virksomhed» login, which must never see them) and to the two other
companies with the most grants. Each visit concerns the grants the company had on the day it was planned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from kompensation.cases.models import Employer, Grant
from kompensation.followup.models import InspectionVisit
from kompensation.followup.services.visits import visit_cancel, visit_plan, visit_record
from kompensation.followup.visit_selectors import visit_grants_eligible

if TYPE_CHECKING:
    from .followup import FollowUpDemo


@dataclass(frozen=True)
class _Held:
    visitors: str
    met: str
    findings: str
    documents_seen: str
    follow_up_needed: bool


def add(demo: FollowUpDemo) -> None:
    demo_cvr = demo.users["virksomhed"].cvr
    home = Employer.objects.filter(cvr=demo_cvr).first()
    others = _busiest_employers(demo, exclude=demo_cvr)
    caseworker = demo.users["sagsbehandler"]
    visitors = f"{caseworker.display_name} og {demo.users['sagsbehandler2'].display_name}"
    today = demo.today

    def days(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    if home is not None:
        _visit(
            demo,
            home,
            announced=True,
            planned=(days(-75), days(-60)),
            purpose="Årligt besøg: se at assistancen gives som bevilget, og tal med lederen og assistenten.",
            held=_Held(
                visitors=visitors,
                met="Lederen, de ansatte med bevilling og deres assistenter",
                findings="Assistancen gives som bevilget. Assistenterne læser op og sorterer post i de "
                "aftalte timer; arbejdsplanen hænger i kontoret. Ingen bemærkninger.",
                documents_seen="Timesedler for de seneste tre måneder, lønsedler for assistenterne, "
                "arbejdsplan",
                follow_up_needed=False,
            ),
        )
        _visit(
            demo,
            home,
            announced=False,
            planned=(days(-3), days(12)),
            purpose="Uanmeldt besøg: er assistenten til stede i de timer, der anmodes om udbetaling for?",
        )
    if others:
        _visit(
            demo,
            others[0],
            announced=False,
            planned=(days(-40), days(-21)),
            purpose="Uanmeldt besøg efter en ændring i timesedlerne: tjek fremmøde og opgaver.",
            held=_Held(
                visitors=caseworker.display_name,
                met="Produktionschefen og en af de ansatte med bevilling",
                findings="Den ene assistent var ikke til stede; ifølge produktionschefen har hun været "
                "sygemeldt i tre uger, men timesedlerne for perioden er fulde. Forholdet skal afklares i "
                "sagen, før næste udbetaling godkendes.",
                documents_seen="Timesedler for de seneste to måneder, vagtplan",
                follow_up_needed=True,
            ),
        )
    if len(others) > 1:
        cancelled = _visit(
            demo,
            others[1],
            announced=True,
            planned=(days(-30), days(-10)),
            purpose="Anmeldt besøg: gennemgang af arbejdsopgaver og assistance.",
        )
        if cancelled is not None:
            demo.at(days(-12))
            visit_cancel(
                user=caseworker,
                visit=cancelled,
                reason="Virksomheden bad om en ny dato: lederen er på kursus. Besøget er flyttet.",
            )
            _visit(
                demo,
                others[1],
                announced=True,
                planned=(days(-12), days(20)),
                purpose="Anmeldt besøg (flyttet fra tidligere dato): arbejdsopgaver og assistance.",
            )


def _busiest_employers(demo: FollowUpDemo, *, exclude: str, count: int = 2) -> list[Employer]:
    """The companies (other than the demo company) with the most grants in the municipality."""
    grants: dict[int, int] = {}
    for employer_id in Grant.objects.filter(case__municipality=demo.municipality).values_list(
        "case__employer", flat=True
    ):
        if employer_id is not None:
            grants[employer_id] = grants.get(employer_id, 0) + 1
    employers = Employer.objects.filter(pk__in=grants).exclude(cvr=exclude)
    return sorted(employers, key=lambda e: (-grants[e.pk], e.name))[:count]


def _visit(
    demo: FollowUpDemo,
    employer: Employer,
    *,
    announced: bool,
    planned: tuple[dt.date, dt.date],
    purpose: str,
    held: _Held | None = None,
) -> InspectionVisit | None:
    """Plan on the first day for the second; record it then when ``held`` is given. Nothing if the company
    had no grant a visit could concern on the day it was planned."""
    planned_at, planned_on = planned
    grants = [
        g
        for g in visit_grants_eligible(
            municipality_id=demo.municipality.pk, employer=employer, today=planned_at
        ).select_related("decision")
        # Decided by then, and running on the day (not one a later decision had already replaced).
        if g.decision.sent_at is not None
        and timezone.localdate(g.decision.sent_at) <= planned_at
        and g.covers(planned_at)
    ]
    if not grants:
        return None
    caseworker = demo.users["sagsbehandler"]
    demo.at(planned_at)
    visit = visit_plan(
        user=caseworker,
        employer=employer,
        grants=grants,
        announced=announced,
        planned_on=planned_on,
        purpose=purpose,
    )
    if held is None:
        return visit
    demo.at(planned_on)
    return visit_record(
        user=caseworker,
        visit=visit,
        held_on=planned_on,
        visitors=held.visitors,
        met=held.met,
        findings=held.findings,
        documents_seen=held.documents_seen,
        follow_up_needed=held.follow_up_needed,
    )
