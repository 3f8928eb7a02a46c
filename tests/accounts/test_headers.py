"""Response headers: a Content Security Policy without inline script on every page, and pages with
personal data (and the login page) never stored by the browser or a proxy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

import kompensation
from kompensation.accounts.models import Role
from kompensation.cases.models import Case
from tests import factories

pytestmark = pytest.mark.django_db


def policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.fixture
def pages(opened_case: Case, herning_caseworker: Any) -> list[tuple[Any, str]]:
    """(user or None, url): a page of every kind, for every kind of user."""
    citizen = factories.citizen(opened_case.person.cpr)
    employer = factories.employer_user(opened_case.employer.cvr)
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    national = factories.user(Role.NATIONAL, code=None)
    return [
        (None, reverse("accounts:login")),
        (herning_caseworker, reverse("cases:inbox")),
        (herning_caseworker, reverse("cases:detail", args=[opened_case.pk])),
        (herning_caseworker, reverse("cases:new")),
        (herning_caseworker, "/sager/999999999/"),  # 404 page
        (citizen, reverse("portal:home")),
        (employer, reverse("portal:home")),
        (employer, reverse("payments:employer_list")),
        (officer, reverse("payments:queue")),
        (national, reverse("accounts:no_access")),
    ]


def get(user: Any, url: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_every_page_has_a_policy_without_inline_script(pages: list[tuple[Any, str]]) -> None:
    for user, url in pages:
        response = get(user, url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        csp = policy(response)
        assert csp["script-src"] == ["'self'"], url
        assert csp["style-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert csp["default-src"] == ["'self'"]
        assert csp["img-src"] == ["'self'", "data:"]
        assert csp["font-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]


def test_every_page_for_a_logged_in_user_and_the_login_page_is_not_stored(
    pages: list[tuple[Any, str]],
) -> None:
    for user, url in pages:
        cache_control = {part.strip() for part in get(user, url)["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control, url


def test_redirect_after_login_is_not_stored_either(herning_caseworker: Any) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": herning_caseworker.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_anonymous_pages_other_than_login_keep_normal_caching() -> None:
    response = Client().get(reverse("accounts:no_access"))
    assert "Cache-Control" not in response


def test_static_files_keep_their_caching(settings: Any, herning_caseworker: Any) -> None:
    settings.WHITENOISE_USE_FINDERS = True  # serve from the source folders, as `collectstatic` would
    client = Client()
    client.force_login(herning_caseworker)
    response = client.get("/static/ui/init.js")
    assert response.status_code == 200
    assert "DKFDS.init()" in b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "no-store" not in response.get("Cache-Control", "")


# --- templates: nothing inline for the policy to block -----------------------------------------------

SOURCE = Path(kompensation.__file__).resolve().parent
# Rendered only into PDF by WeasyPrint, never sent to a browser; its <style> block stays.
PDF_ONLY = {SOURCE / "letters/templates/letters/letter.html"}

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def inline_problems(text: str) -> list[str]:
    checks = {
        "inline <script>": INLINE_SCRIPT,
        "on...= attribute": EVENT_HANDLER,
        "style= attribute": STYLE_ATTRIBUTE,
        "<style> element": STYLE_ELEMENT,
        "javascript: URL": JAVASCRIPT_URL,
    }
    return [name for name, pattern in checks.items() if pattern.search(text)]


def test_the_template_check_catches_each_kind_of_inline_code() -> None:
    assert inline_problems('<script src="/static/x.js"></script>') == []
    assert inline_problems('<form class="k-inline" method="post">') == []
    assert inline_problems("<p>Opfølgning onsdag = i morgen</p>") == []
    assert inline_problems("<script>DKFDS.init();</script>") == ["inline <script>"]
    assert inline_problems('<button\n  onclick="go()">') == ["on...= attribute"]
    assert inline_problems('<form style="display:inline">') == ["style= attribute"]
    assert inline_problems("<style>p{}</style>") == ["<style> element"]
    assert inline_problems('<a href="javascript:void(0)">') == ["javascript: URL"]


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    templates = sorted(SOURCE.glob("*/templates/**/*.html"))
    assert len(templates) > 20  # the walk finds the product's templates
    found = {
        str(path.relative_to(SOURCE)): problems
        for path in templates
        if path not in PDF_ONLY and (problems := inline_problems(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_base_template_starts_the_design_system_from_a_file() -> None:
    base = (SOURCE / "ui/templates/ui/base.html").read_text(encoding="utf-8")
    assert "{% static 'ui/init.js' %}" in base
    assert (SOURCE / "ui/static/ui/init.js").read_text(encoding="utf-8").strip().endswith("DKFDS.init();")
