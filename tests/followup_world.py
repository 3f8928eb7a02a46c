"""The permission matrix's follow-up objects: one function per part of follow-up, each returning the
targets (route arguments) of its own routes. `targets` is called from the matrix's world fixture.

`w` holds the world's case (a Herning case with a running grant), its grant, decision, caseworker,
employer user and citizen user.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kompensation.followup.services.questionnaires import questionnaire_answer, questionnaire_send


# --- plans and records --------------------------------------------------------------------------------
def _plans(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"follow_up": {"pk": w["grant"].follow_ups.get(first=True).pk}}


# --- questionnaires -----------------------------------------------------------------------------------
def _questionnaires(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The grant's first follow-up with a questionnaire to each party; the person has answered (so the
    employer is refused a page that holds the person's health answers), the employer has not."""
    follow_up = w["grant"].follow_ups.get(first=True)
    person, employer = questionnaire_send(
        user=w["caseworker"], follow_up=follow_up, parties=["person", "employer"]
    )
    questionnaire_answer(
        user=w["citizen"],
        questionnaire=person,
        answers={
            "job": {"answer": "no"},
            "tasks": {"answer": "no"},
            "hours": {"answer": "no"},
            "impairment": {"answer": "yes", "detail": "Min sclerose er blevet værre."},
            "organised": {"answer": "yes"},
            "aid": {"answer": "no"},
            "other": {"detail": ""},
        },
    )
    return {
        "follow_up": {"pk": follow_up.pk},
        "person_questionnaire": {"pk": person.pk},
        "employer_questionnaire": {"pk": employer.pk},
    }


# --- renewals -----------------------------------------------------------------------------------------
def _renewals(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # The world's grant is time-limited (to 31.12 next year); its person (the own CIT) may start the renewal.
    return {"renewal_grant": {"pk": w["grant"].pk}}


# --- change reports -----------------------------------------------------------------------------------
def _changes(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A change the person reported on Mine sider (health class) and one the employer reported."""

    from kompensation.followup.services.changes import change_report_submit

    today = timezone.localdate()
    person = change_report_submit(
        user=w["citizen"],
        case=w["case"],
        kind="impairment",
        occurred_on=today,
        description="Mit syn er blevet dårligere.",
        source="portal",
    )
    employer = change_report_submit(
        user=w["employer"],
        case=w["case"],
        kind="hours",
        occurred_on=today,
        description="Arbejdstiden er sat ned til 30 timer.",
        source="portal",
    )
    return {"person_change_report": {"pk": person.pk}, "employer_change_report": {"pk": employer.pk}}


# --- inspection visits --------------------------------------------------------------------------------
def _visits(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An unannounced visit planned to the case's company about its grant."""
    # Imported here, in this part's section, so the parts share no import lines.
    import datetime as dt

    from kompensation.followup.services.visits import visit_plan

    visit = visit_plan(
        user=w["caseworker"],
        employer=w["case"].employer,
        grants=[w["grant"]],
        announced=False,
        planned_on=timezone.localdate() + dt.timedelta(days=14),
        purpose="Se at assistancen gives som bevilget.",
    )
    return {"inspection_visit": {"pk": visit.pk}}


def targets(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**_plans(w), **_questionnaires(w), **_renewals(w), **_changes(w), **_visits(w)}
