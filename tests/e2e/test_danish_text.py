"""The check every browser test runs on every page: does it catch English formats and Django's messages?"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.danish_text import problems


@pytest.mark.parametrize(
    "text",
    [
        "Beløb i alt: 1,234.50 kr.",
        "Dette felt er påkrævet.",
        "This field is required.",
        "Denne værdi skal være mindre end eller lig 20.",
        "Marker en gyldig valgmulighed. 7 er ikke en af de tilgængelige valgmuligheder.",
        "Indtast en gyldig dato.",
        "Timer: 7.5 om ugen",
        "Beløb: 1234.50 kr.",
        "Fra 2026-11-23",
        "November 23, 2026",
    ],
)
def test_english_formats_and_django_messages_are_caught(text: str) -> None:
    assert problems(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Beløb i alt: 1.234,50 kr.",
        "Sendt 23. november 2026",
        "Modtaget 23.11.2026 kl. 14.30",
        "Timer: 7,5 om ugen. Grænse: 20 timer",
        "Feltet skal udfyldes.",
        "Indtast en gyldig dato, fx 01.02.2026.",
        "§ 25 stk. 5 og § 6 stk. 3",
        "## 1. Din funktionsnedsættelse",
        "udbetaling-2026-11-23.csv",
        "PA-2026-000031, Q2026-4",
    ],
)
def test_danish_text_passes(text: str) -> None:
    assert problems(text) == []


def test_every_loaded_page_is_checked_without_the_test_asking(
    browser: Any, danish_findings: list[str]
) -> None:
    page = browser.new_context(locale="da-DK").new_page()
    html = "<title>Prøve</title><main><p>Beløb: 1,234.50 kr.</p><p>Dette felt er påkrævet.</p></main>"
    page.goto("data:text/html;charset=utf-8," + quote(html))
    page.evaluate("0")
    assert any("1,234.50" in f for f in danish_findings), danish_findings
    assert any("Dette felt er påkrævet." in f for f in danish_findings), danish_findings
    danish_findings.clear()  # seen; the check after the test would otherwise fail this test
