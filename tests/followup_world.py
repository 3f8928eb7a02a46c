"""The permission matrix's follow-up objects: one function per part of follow-up, each returning the
targets (route arguments) of its own routes. `targets` is called from the matrix's world fixture.

`w` holds the world's case (a Herning case with a running grant), its grant, decision, caseworker,
employer user and citizen user.
"""

from __future__ import annotations

from typing import Any


# --- plans and records --------------------------------------------------------------------------------
def _plans(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"follow_up": {"pk": w["grant"].follow_ups.get(first=True).pk}}


# --- questionnaires -----------------------------------------------------------------------------------
def _questionnaires(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- renewals -----------------------------------------------------------------------------------------
def _renewals(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- change reports -----------------------------------------------------------------------------------
def _changes(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


# --- inspection visits --------------------------------------------------------------------------------
def _visits(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {}


def targets(w: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**_plans(w), **_questionnaires(w), **_renewals(w), **_changes(w), **_visits(w)}
