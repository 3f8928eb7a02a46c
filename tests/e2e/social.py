"""What the social schemes' browser tests do the way a caseworker does it: the personal circle, a row of the
measurement, the decision form, the shared letter and send pages, and the letter as the person gets it."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urljoin

from pypdf import PdfReader

from kompensation.rules.social import CIRCLE
from tests.e2e.conftest import assert_accessible


def assess_circle(page: Any, scheme: str, unmet: tuple[str, ...] = ()) -> None:
    """Every criterion answered with its reasoning, on the personal-circle page."""
    for criterion in CIRCLE[scheme]:  # type: ignore[index]
        met = "no" if criterion.code in unmet else "yes"
        page.check(f"input[name='{criterion.code}_met'][value='{met}']")
        page.fill(
            f"[name='{criterion.code}_reasoning']", f"Oplyst ved hjemmebesøget: {criterion.label.lower()}."
        )
    page.click("button:has-text('Gem vurderingen')")


def add_activity(
    page: Any,
    *,
    category: str,
    name: str,
    minutes: int,
    times: str,
    per: str,
    reason: str,
    standby: bool = False,
    covered_by: str = "",
) -> None:
    form = page.locator("[data-testid=activity-form]")
    form.locator("[name=category]").select_option(category)
    form.locator("[name=name]").fill(name)
    form.locator("[name=minutes]").fill(str(minutes))
    form.locator("[name=occurrences]").fill(times)
    form.locator(f"input[name=per][value={per}]").check()
    form.locator(f"input[name=hour_kind][value={'standby' if standby else 'actual'}]").check()
    form.locator("[name=reason]").fill(reason)
    if covered_by:
        form.locator("[name=covered_by]").fill(covered_by)
    page.click("button:has-text('Tilføj aktiviteten')")


def send_decision(page: Any) -> None:
    """From the shared letter page: on to the send page, and send."""
    assert_accessible(page)
    page.click("button:has-text('Gem og gå til afsendelse')")
    page.click("button:has-text('Send afgørelsen')")
    assert "Afgørelsen er sendt" in page.locator("main").inner_text()


def pdf_text(page: Any, link: str) -> str:
    """The letter's PDF behind the link `link` (fetched in the user's session), as one line of words."""
    href = page.locator(link).first.get_attribute("href")
    response = page.context.request.get(urljoin(page.url, href))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
