"""Aids (SEL § 112) and consumer goods (SEL § 113) in a real browser, from registration to the supplier paid.

An aid has no hours to measure: what the product does for the person is measured by the trial (afprøvning),
a step of its own on the case's timeline. Mette registers the application with its product, assesses the
circle, starts and ends the trial, decides with the supplier's CVR and the price, and sends. The letter shows
the trial and the support — the whole price under § 112, half of it under § 113 — and the supplier's payment
stands on the trial page for the payment officer's next payout file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kompensation.cases.models import Case
from kompensation.payments.models import PaymentRequest
from tests import factories
from tests.e2e.conftest import assert_accessible
from tests.e2e.social import assess_circle, pdf_text, send_decision
from tests.e2e.test_pa_journey import login


@pytest.mark.parametrize(
    ("scheme", "product", "price", "support", "rule"),
    [
        # § 112: the whole price.
        ("aid", "Vaske-/tørretoilet, Geberit AquaClean", "12345,00", "12.345,00 kr.", "§ 112 stk. 1"),
        # § 113 stk. 3: 50 % of 8.999,99 = 4.499,995, rounded half up to 4.500,00.
        ("consumer_good", "Robotstøvsuger, standardmodel", "8999,99", "4.500,00 kr.", "§ 113 stk. 3"),
    ],
)
def test_an_aid_from_registration_through_the_trial_to_the_supplier_paid(
    live_server: Any,
    browser: Any,
    municipalities: None,
    scheme: str,
    product: str,
    price: str,
    support: str,
    rule: str,
) -> None:
    today = timezone.localdate()
    cpr = factories.register_person(first_name="Birthe", last_name="Holm")
    supplier_cvr = factories.register_company(name="Hjælpemiddelhuset ApS")
    factories.user("caseworker", username="mette", code="657")
    base = live_server.url

    page = login(browser, base, "mette")
    page.goto(f"{base}/social/ny/")
    page.check(f"input[name=scheme][value={scheme}]")
    page.fill("[name=cpr]", cpr)
    page.fill("[name=received_on]", (today - dt.timedelta(days=20)).isoformat())
    page.check("input[name=channel][value=paper]")
    page.fill("[name=product]", product)
    page.fill("[name=tasks_description]", "Kan ikke selv klare toiletbesøg og rengøring efter en apopleksi.")
    page.click("button:has-text('Opret sag')")
    case = Case.objects.get(person__cpr=cpr)

    page.click("a:has-text('Personkreds')")
    assess_circle(page, scheme)
    assert "Borgeren er i personkredsen" in page.locator("[data-testid=circle-result]").inner_text()

    # The trial: started, then ended with what it showed.
    page.goto(f"{base}/sager/{case.pk}/")
    page.click("a:has-text('Afprøvning')")
    start = page.locator("[data-testid=trial-start-form]")
    start.locator("[name=product]").fill(product)
    start.locator("[name=supplier_cvr]").fill(supplier_cvr)
    start.locator("[name=started_on]").fill((today - dt.timedelta(days=14)).isoformat())
    start.locator("[name=planned_end]").fill((today - dt.timedelta(days=1)).isoformat())
    page.click("button:has-text('Start afprøvningen')")
    end = page.locator("[data-testid=trial-end-form]")
    end.locator("[name=ended_on]").fill((today - dt.timedelta(days=1)).isoformat())
    end.locator("input[name=result][value=suitable]").check()
    end.locator("[name=findings]").fill("Klarer nu toiletbesøg uden hjælp.")
    page.click("button:has-text('Afslut afprøvningen')")
    assert "Egnet" in page.locator("[data-testid=trials]").inner_text()
    assert_accessible(page)

    # The decision: product, supplier and price.
    page.goto(f"{base}/sager/{case.pk}/")
    page.click("a:has-text('Træf afgørelse')")
    page.check("input[name=outcome][value=grant]")
    page.fill("[name=start_date]", today.isoformat())
    page.fill("[name=reasons]", "Produktet letter i væsentlig grad den daglige tilværelse i hjemmet.")
    page.fill("[name=product]", product)
    page.fill("[name=supplier_cvr]", supplier_cvr)
    page.fill("[name=price]", price)
    page.click("button:has-text('Gem og se brevet')")
    send_decision(page)

    page.goto(f"{base}/sager/{case.pk}/")
    text = pdf_text(page, "a:has-text('Brev (PDF)')")
    assert f"Afprøvning af {product}" in text and "egnet. Klarer nu toiletbesøg uden hjælp." in text
    assert rule in text and support in text
    assert f"betales direkte til leverandøren, Hjælpemiddelhuset ApS (CVR {supplier_cvr})" in text

    # The supplier is paid the support once, approved by the decision.
    page.click("a:has-text('Afprøvning')")
    payments = page.locator("[data-testid=aid-payments]").inner_text()
    assert "Hjælpemiddelhuset ApS" in payments and support in payments
    (request,) = PaymentRequest.objects.filter(grant__case=case)
    assert request.kind == "aid" and request.employer is not None and request.employer.cvr == supplier_cvr
