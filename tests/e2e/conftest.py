"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.danish_text import problems as danish_problems

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


# Runs in every page and frame before its own scripts (through the DevTools protocol, so the CSP does not
# apply): hands the visible text to Python when the page has loaded and after every htmx swap.
_REPORT_TEXT = """
(() => {
  const report = () => {
    if (!document.body || typeof window.__danishText !== "function") return;
    window.__danishText(location.href, document.title + "\\n" + document.body.innerText);
  };
  window.addEventListener("load", report);
  document.addEventListener("htmx:afterSettle", report);
})();
"""


@pytest.fixture
def danish_findings() -> list[str]:
    """What the pages of this test showed in English format, filled by every context `browser` opens."""
    return []


def _watch_danish(context: Any, findings: list[str]) -> Any:
    def seen(source: Any, url: str, text: str) -> None:
        findings.extend(f"{url}: {problem}" for problem in danish_problems(text))

    context.expose_binding("__danishText", seen)
    context.add_init_script(_REPORT_TEXT)
    return context


def _flush(browser: Any) -> None:
    """A round trip to each open page, so reports its last load sent are handled before they are read."""
    for context in browser.contexts:
        for page in context.pages:
            try:
                page.wait_for_load_state("load", timeout=5_000)
                page.evaluate("0")
            except Exception:  # noqa: S110 - a closed or crashed page has nothing left to report
                pass


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Any:
    """Every page a browser test visited is checked after the test, without the test asking for it."""
    result = yield
    browser = pyfuncitem.funcargs.get("browser")
    findings = pyfuncitem.funcargs.get("danish_findings")
    if browser is not None and findings is not None:
        _flush(browser)
        assert not findings, "Sider med engelsk talformat eller Djangos standardbeskeder:\n" + "\n".join(
            dict.fromkeys(findings)
        )
    return result


@pytest.fixture
def browser(danish_findings: list[str]) -> Iterator[Any]:
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
        opened = browser.new_context
        browser.new_context = lambda **kwargs: _watch_danish(opened(**kwargs), danish_findings)
        browser.new_page = lambda **kwargs: browser.new_context(**kwargs).new_page()
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0


def assert_accessible(page: Any) -> None:
    """WCAG 2.1 A and AA as axe-core checks them; a violation fails the test with what and where.

    Also fails on numbers or dates in English format and Django's default messages on the page (every
    loaded page is checked after the test too; here the failure points at the step).

    Also fails on anything the Content Security Policy blocked or a script error on the page, so the
    design system's script is seen to run under the policy in a real browser.
    """
    page.wait_for_load_state("load")
    shown = page.evaluate("() => document.title + '\\n' + (document.body ? document.body.innerText : '')")
    wrong = danish_problems(shown)
    assert not wrong, f"{page.url}:\n" + "\n".join(wrong)
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
