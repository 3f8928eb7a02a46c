"""Session hygiene: staff are logged out when idle, and pages with personal data are never cached."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from .models import Role

LAST_ACTIVITY_KEY = "kompensation_last_activity"
# Writing the session on every request costs a database write each time; a minute's precision is enough.
_TOUCH_EVERY_SECONDS = 60


def _has_idle_limit(user: object) -> bool:
    """Staff and national read access see many people's data; citizens and employers see only their own."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (
            getattr(user, "is_municipal_staff", False)
            or getattr(user, "role", "") == Role.NATIONAL
            or getattr(user, "is_staff", False)
        )
    )


def idle_message(minutes: int) -> str:
    return f"Du er logget ud, fordi du ikke har været aktiv i {minutes} minutter."


class StaffIdleTimeoutMiddleware:
    """Ends a staff session after KOMPENSATION_STAFF_IDLE_MINUTES without a request.

    The time of the last request is kept in the session, so the limit holds across browser tabs and
    server processes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now().timestamp()
        if _has_idle_limit(request.user):
            minutes = settings.KOMPENSATION_STAFF_IDLE_MINUTES
            last = request.session.get(LAST_ACTIVITY_KEY)
            if isinstance(last, int | float) and now - last > minutes * 60:
                return self._logged_out(request, minutes)
        response = self.get_response(request)
        # After the view, so the login request itself starts the clock.
        if _has_idle_limit(request.user):
            last = request.session.get(LAST_ACTIVITY_KEY)
            if not isinstance(last, int | float) or now - last >= _TOUCH_EVERY_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = int(now)
        return response

    @staticmethod
    def _logged_out(request: HttpRequest, minutes: int) -> HttpResponse:
        logout(request)
        messages.info(request, idle_message(minutes))
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(login_url)
        next_url = request.get_full_path() if request.method == "GET" else ""
        if next_url:
            return redirect_to_login(next_url, login_url)
        return redirect_to_login(resolve_url(settings.LOGIN_REDIRECT_URL), login_url)


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response to a logged-in user and on the login page.

    Pages for logged-in users carry personal data; neither the browser's back button cache nor a proxy
    may keep them. Static files are served by WhiteNoise before this runs and keep their caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path == resolve_url(settings.LOGIN_URL):
            add_never_cache_headers(response)
        return response
