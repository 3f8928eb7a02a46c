"""Tables on a phone (375 px): the page itself never scrolls sideways; a wide table scrolls in its box."""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.e2e import test_payments
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_pa_journey import login
from tests.e2e.test_payments import employer_requests

PHONE = {"width": 375, "height": 740}
setting = test_payments.setting  # the granted case, the employer and the payment officer


def page_overflow(page: Any) -> int:
    """How many pixels the page is wider than the screen (0 when nothing sticks out)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def test_inbox_and_payment_queue_fit_a_phone(
    live_server: Any,
    browser: Any,
    setting: dict[str, Any],
    tmp_path: Any,
) -> None:
    employer_requests(browser, live_server.url, setting, "60", tmp_path)
    caseworker = setting["case"].caseworker
    caseworker.set_password(factories.PASSWORD)
    caseworker.save()

    for username, path, table in (
        (caseworker.username, "/sager/?mine=false", "inbox"),
        ("hanne", "/udbetaling/", "queue"),
    ):
        page = login(browser, live_server.url, username)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + path)
        assert page.locator(f"[data-testid={table}] tbody tr").count() >= 1
        assert page_overflow(page) == 0, f"{path} er {page_overflow(page)} px for bred på 375 px"
        # The table's box scrolls instead, and can be reached and scrolled with the keyboard.
        box = page.locator(f"[data-testid={table}]").locator("xpath=..")
        assert box.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")
        assert_accessible(page)
