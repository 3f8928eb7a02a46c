"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def municipalities(transactional_db: None) -> None:
    """Transactional tests flush the tables, so the tenants the migration loaded are reloaded here."""
    from kompensation.accounts.models import Municipality

    if Municipality.objects.exists():
        return
    path = Path(__file__).resolve().parents[2] / "src/kompensation/accounts/data/municipalities.csv"
    with path.open(encoding="utf-8") as handle:
        Municipality.objects.bulk_create(
            Municipality(code=r["code"], name=r["name"], region=r["region"]) for r in csv.DictReader(handle)
        )


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium mangler på {CHROMIUM}: installér Debians pakke 'chromium'.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0


def assert_accessible(page: Any) -> None:
    """WCAG 2.1 A and AA as axe-core checks them; a violation fails the test with what and where.

    Also fails on anything the Content Security Policy blocked or a script error on the page, so the
    design system's script is seen to run under the policy in a real browser.
    """
    blocked = [m.text for m in page.console_messages() if "Content Security Policy" in m.text]
    assert not blocked, f"{page.url}:\n" + "\n".join(blocked)
    errors = [str(e) for e in page.page_errors()]
    assert not errors, f"{page.url}:\n" + "\n".join(errors)
    # Evaluated through the DevTools protocol: a <script> tag (add_script_tag) is inline script, which
    # the policy rightly refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
