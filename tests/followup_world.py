"""The permission matrix's follow-up objects: one function per part of follow-up, each returning the
targets (route arguments) of its own routes. `targets` is called from the matrix's world fixture.

`w` holds the world's case (a Herning case with a running grant), its grant, decision, caseworker,
employer user and citizen user.
"""

from __future__ import annotations

from typing import Any


# --- plans and records --------------------------------------------------------------------------------
def _plans(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- questionnaires -----------------------------------------------------------------------------------
def _questionnaires(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- renewals -----------------------------------------------------------------------------------------
def _renewals(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- change reports -----------------------------------------------------------------------------------
def _changes(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A change the person reported on Mine sider (health class) and one the employer reported."""
    import datetime as dt

    from kompensation.followup.services.changes import change_report_submit

    today = dt.date.today()
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
    return {}


def targets(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**_plans(w), **_questionnaires(w), **_renewals(w), **_changes(w), **_visits(w)}
