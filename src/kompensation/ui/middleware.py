"""A database that drops the connection gets a clear Danish page, not a bare server error."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

SAVE_FAILED = "Systemet kunne ikke gemme lige nu. Intet er gemt. Prøv igen om lidt."
READ_FAILED = "Systemet kan ikke hente oplysningerne lige nu. Prøv igen om lidt."


class DatabaseUnavailableMiddleware:
    """Every write is one transaction, so a dropped connection has rolled the whole write back: say so.

    The page is rendered without the request's context (no user, session or messages), since those
    need the database that just failed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Databasefejl under %s %s", request.method, request.path, exc_info=exception)
        message = READ_FAILED if request.method in ("GET", "HEAD") else SAVE_FAILED
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"errors": {"request": [message]}}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = "30"
        return response
