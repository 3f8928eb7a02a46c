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
    # The world's grant is time-limited (to 31.12 next year); its person (the own CIT) may start the renewal.
    return {"renewal_grant": {"pk": w["grant"].pk}}


# --- change reports -----------------------------------------------------------------------------------
def _changes(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


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
        planned_on=dt.date.today() + dt.timedelta(days=14),
        purpose="Se at assistancen gives som bevilget.",
    )
    return {"inspection_visit": {"pk": visit.pk}}


def targets(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**_plans(w), **_questionnaires(w), **_renewals(w), **_changes(w), **_visits(w)}
