"""The permission matrix's social objects: one function per part of the social schemes, each returning the
targets (route arguments) of its own routes. `targets` is called from the matrix's world fixture.

`w` holds the world's caseworker, officer and citizen (the citizen is the person of the world's PA case and
of a BPA case registered here, `w["social_case"]`, with its circle assessed and its need measured).
"""

from __future__ import annotations

from typing import Any

from tests import social_cases


def _base(w: dict[str, Any]) -> dict[str, Any]:
    case = social_cases.social_case("bpa", w["caseworker"], cpr=w["citizen"].cpr)
    social_cases.assess_circle(case, w["caseworker"])
    social_cases.measure(case, w["caseworker"])
    return {**w, "social_case": case}


# --- intake -------------------------------------------------------------------------------------------
def _intake(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from kompensation.social.services import social_application_submit

    # The citizen's own application on Mine sider (an aid, so it opens a case of its own).
    application = social_application_submit(
        user=w["citizen"],
        data={"scheme": "aid", "product": "Badestol", "declaration": True},
    )
    return {"social_case": {"pk": w["social_case"].pk}, "social_application": {"pk": application.pk}}


# --- personal circle and measurement ------------------------------------------------------------------
def _circle_measurement(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # A case of its own for the rows: the matrix's caseworker POST on «slet» deletes one, and the other
    # parts' targets keep `social_case`'s measurement as it is.
    case = social_cases.social_case("bpa", w["caseworker"], cpr=w["citizen"].cpr)
    social_cases.measure(case, w["caseworker"], rows=social_cases.BPA_ROWS[:1])
    row = case.activities.get()
    return {"social_activity": {"pk": case.pk, "activity_pk": row.pk}}


# --- decision and letter ------------------------------------------------------------------------------
def _decision(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # The world's BPA case, assessed and measured: a stage that decides.
    return {"social_decision": {"pk": w["social_case"].pk}}


# --- BPA money and the monthly payment plan -----------------------------------------------------------
def _plans(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- aids: trial, supplier and price ------------------------------------------------------------------
def _aids(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An aid case (§ 112) of the world's citizen with an open trial of a product from a supplier."""
    import datetime as dt

    from django.utils import timezone

    from kompensation.social import aids
    from tests import factories

    case = social_cases.social_case("aid", w["caseworker"], cpr=w["citizen"].cpr)
    trial = aids.trial_start(
        case=case,
        user=w["caseworker"],
        data={
            "product": "Vaske-/tørretoilet",
            "supplier_cvr": factories.register_company(name="Hjælpemiddelhuset ApS"),
            "started_on": timezone.localdate(),
            "planned_end": timezone.localdate() + dt.timedelta(days=14),
        },
    )
    return {
        "aid_case": {"pk": case.pk},
        "aid_trial": {"pk": case.pk, "trial_pk": trial.pk},
    }


def targets(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    w = _base(w)
    return {**_intake(w), **_circle_measurement(w), **_decision(w), **_plans(w), **_aids(w)}
