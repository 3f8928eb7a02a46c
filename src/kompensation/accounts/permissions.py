"""The one permission model: role predicates, and the decorator that puts a rule on every view.

Object rules live in each app's `permissions.py` as `rules` predicates, next to the queryset filters
(`*_scope`) that select the same objects, so a page, the API and a list can never disagree. Every routed
view carries a rule (`permission_required`) or is marked `public`; the permission-matrix test walks the URL
resolver and fails on a route without one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

import rules

from .models import Role

ViewFunc = Callable[..., Any]


def predicate(check: Callable[..., bool]) -> Any:
    """`rules.predicate`, typed as Any so predicates combine with `&`, `|` and `~` under mypy."""
    return rules.predicate(check)


def _role(*roles: str) -> Any:
    def check(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in roles)

    return rules.predicate(check, name="role:" + "|".join(roles))


is_caseworker = _role(Role.CASEWORKER)
is_payment_officer = _role(Role.PAYMENT_OFFICER)
is_manager = _role(Role.MANAGER)
is_employer = _role(Role.EMPLOYER)
is_citizen = _role(Role.CITIZEN)
is_national = _role(Role.NATIONAL)
is_data_protection_officer = _role(Role.DATA_PROTECTION)
is_agency = _role(Role.INTERPRETER_AGENCY)
is_interpreter = _role(Role.INTERPRETER)
is_municipal_staff = _role(Role.CASEWORKER, Role.PAYMENT_OFFICER, Role.MANAGER)


# The queryset filter that selects nothing: a scope's answer for a user with no rows to see.
NOTHING = Q(pk__in=[])


def is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def same_municipality(user: Any, obj: Any) -> bool:
    if obj is None or user.municipality_id is None:
        return False
    return bool(user.municipality_id == obj.municipality_id)


def has(perm: str, user: Any, obj: Any = None) -> bool:
    """The one check: only the rules registered here decide (never Django's model permissions)."""
    return bool(rules.has_perm(perm, user, obj))


def permission_required(
    perm: str,
    *,
    obj: Callable[..., Any] | None = None,
    not_found: str = "Siden findes ikke, eller du har ikke adgang til den.",
) -> Callable[[ViewFunc], ViewFunc]:
    """Anonymous users go to the login page; others need `perm` (on the object `obj(request, **kwargs)`)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            target = obj(request, **kwargs) if obj is not None else None
            if not has(perm, request.user, target):
                if target is not None and not _may_see(request.user, target):
                    # Outside the user's scope the object does not exist for them (never confirm it does).
                    raise Http404(not_found)
                raise PermissionDenied("Du har ikke adgang til denne side.")
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]

        wrapped.permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


# The read rule of each kind of object: denied a page on an object the user may read, it is a 403 (e.g. a
# manager on a caseworker's form); on one the user may not even read, a 404.
READ_RULES: dict[str, str] = {
    "Case": "cases.read_case",
    "Application": "portal.read_application",
    "Document": "cases.read_document",
    "Letter": "letters.read_letter",
    "PaymentRequest": "payments.read_request",
    "RepaymentClaim": "payments.read_claim",
    "Complaint": "complaints.see_complaint",
    "FollowUp": "followup.read_follow_up",
    "Questionnaire": "followup.read_questionnaire",
    "ChangeReport": "followup.read_change_report",
    "InspectionVisit": "followup.read_visit",
}


def _may_see(user: Any, target: Any) -> bool:
    rule = READ_RULES.get(type(target).__name__)
    return rule is not None and has(rule, user, target)


def public(view: ViewFunc) -> ViewFunc:
    """Marks a view open to anyone (the login page); the matrix test accepts it without a rule."""
    view.permission = None  # type: ignore[attr-defined]
    return view


rules.add_perm("accounts.home", rules.is_authenticated)
rules.add_perm("accounts.read_access_log", is_data_protection_officer)
rules.add_perm("portal.read_own_access_log", is_citizen)
