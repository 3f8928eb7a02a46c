"""Who may read management information: a municipality's managers and caseworkers about their own
municipality, STAR (the national role) about every municipality. The reports show case references and
durations, never names or CPR numbers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

import rules
from kompensation.accounts.models import Role
from kompensation.accounts.permissions import NOTHING, is_active_user, is_caseworker, is_manager, is_national


def insights_case_scope(user: Any) -> Q:
    """The cases a user's reports cover: their municipality's, or for the national role all."""
    if not is_active_user(user):
        return NOTHING
    if user.role in (Role.CASEWORKER, Role.MANAGER) and user.municipality_id:
        return Q(municipality_id=user.municipality_id)
    if user.role == Role.NATIONAL:
        return Q()
    return NOTHING


rules.add_perm("insights.read_processing_time", is_manager | is_caseworker | is_national)
