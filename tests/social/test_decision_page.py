"""The decision page of a social case through the Django test client: the form the scheme needs, the
measurement beside it, the 56-vs-21 refusal on the page with the input kept, the way on to the shared letter
page and the sending, and who may post."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kompensation.accounts.models import Role
from kompensation.cases.models import Case
from kompensation.social.decisions import social_decision_draft
from kompensation.social.models import Activity
from tests import factories
from tests.social.test_decisions import TODAY, aid_case, bpa_case, bpa_grant, cash_case

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def post_data(**changes: str) -> dict[str, str]:
    return {
        "outcome": "grant",
        "hours_per_week": "56",
        "standby_hours_per_week": "0",
        "start_date": TODAY.isoformat(),
        "period_type": "until_further_notice",
        "employer_role": "person",
        "coverage": "Hele behovet dækkes af tilskuddet.",
        "reasons": "Behovet er udmålt sammen med borgeren og moren.",
        **changes,
    }


def url(case: Case) -> str:
    return reverse("social:decision", kwargs={"pk": case.pk})


def test_the_page_asks_what_bpa_needs_prefilled_from_the_measurement(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    response = client_for(herning_caseworker).get(url(case))
    assert response.status_code == 200
    text = page_text(response)
    # The proposal: the hours the scheme pays (27,5 by hand in test_core), no stand-by rows.
    assert 'name="hours_per_week" value="27,5"' in text
    assert 'name="standby_hours_per_week" value="0"' in text
    assert "Arbejdsgiverrollen varetages af" in text and "En godkendt privat virksomhed" in text
    assert "Oplæring i at være arbejdsleder og arbejdsgiver (SEL § 85)" in text
    # Nothing of personal assistance's form, nothing of an aid's.
    for pa_field in ('name="assistants"', 'name="rate_type"', 'name="interpreting_type"', 'name="price"'):
        assert pa_field not in text
    # The measurement beside the form.
    assert "Grundlaget for afgørelsen" in text
    assert "Morgenpleje: bad, påklædning" in text
    assert "Alle betingelser er opfyldt." in text


def test_the_cash_and_aid_pages_ask_their_own_questions(herning_caseworker: Any) -> None:
    cash = page_text(client_for(herning_caseworker).get(url(cash_case(herning_caseworker))))
    assert "Tilskuddet udbetales til" in cash and 'name="payee_cpr"' in cash
    assert 'name="payee_cvr"' not in cash and "En forening" not in cash
    aid = page_text(client_for(herning_caseworker).get(url(aid_case(herning_caseworker))))
    for field in ('name="product"', 'name="supplier_cvr"', 'name="price"', "Støtten gælder fra"):
        assert field in aid
    for field in ('name="hours_per_week"', 'name="employer_role"', 'name="training_offered"'):
        assert field not in aid


def test_21_of_56_hours_without_an_explanation_is_refused_on_the_page_and_keeps_the_input(
    herning_caseworker: Any,
) -> None:
    case = cash_case(herning_caseworker)
    response = client_for(herning_caseworker).post(url(case), post_data(hours_per_week="21"))
    assert response.status_code == 400
    text = page_text(response)
    assert (
        "Der bevilges 21 timer om ugen, men behovet er udmålt til 56 timer. Forklar, hvordan resten af "
        in (text)
    )
    assert 'name="hours_per_week" value="21"' in text
    assert "Behovet er udmålt sammen med borgeren og moren." in text
    assert not case.decisions.exists()


def test_with_the_explanation_the_draft_goes_on_to_the_shared_letter_page_and_is_sent(
    herning_caseworker: Any,
) -> None:
    case = cash_case(herning_caseworker)
    client = client_for(herning_caseworker)
    response = client.post(
        url(case),
        post_data(
            hours_per_week="21",
            below_need_reason="de øvrige 35 timer dækkes af hjemmeplejen efter § 83 og aflastning efter § 84",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:decision_letter", kwargs={"pk": case.pk})
    letter_page = client.get(response["Location"])
    assert letter_page.status_code == 200
    text = page_text(letter_page)
    # The preview shows the measurement as a table, and the letter is signed by the social administration.
    preview = text[text.index('id="letter-preview"') :]
    preview = preview[: preview.index("</section>")]
    assert '<th scope="col">Timer pr. uge</th>' in preview
    assert "Med venlig hilsen<br>Socialforvaltningen i Herning Kommune" in preview
    assert "Jobcenter" not in preview
    send_page = client.get(reverse("cases:decision_send", kwargs={"pk": case.pk}))
    assert send_page.status_code == 200
    assert "virksomhedens version" not in page_text(send_page)
    sent = client.post(reverse("cases:decision_send", kwargs={"pk": case.pk}), follow=True)
    assert "Afgørelsen er sendt til personen." in page_text(sent)
    assert case.grants.get().decision.grant_kind == "cash_allowance"


def test_the_shared_decision_address_leads_a_social_case_here(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    response = client_for(herning_caseworker).get(reverse("cases:decision", kwargs={"pk": case.pk}))
    assert response.status_code == 302 and response["Location"] == url(case)


def test_a_manager_may_neither_see_nor_post_the_decision_page(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    manager = client_for(factories.user(Role.MANAGER, code="657"))
    assert manager.get(url(case)).status_code == 403
    assert manager.post(url(case), post_data(hours_per_week="27.5")).status_code == 403
    assert not case.decisions.exists()
    assert client_for(factories.caseworker("751")).get(url(case)).status_code == 404


def test_the_case_page_shows_the_decision_as_it_was_measured(herning_caseworker: Any) -> None:
    case = bpa_case(herning_caseworker)
    social_decision_draft(
        case=case, user=herning_caseworker, data=bpa_grant(standby_hours_per_week=Decimal(6))
    )
    # A row changed after drafting does not change the decision's frozen measurement.
    Activity.objects.filter(case=case).update(minutes=1)
    text = page_text(client_for(herning_caseworker).get(reverse("cases:detail", kwargs={"pk": case.pk})))
    assert "Afgørelse (udkast)" in text
    assert "27,5, heraf 6 rådighedstimer" in text
    assert "Udmålt behov</dt><dd>27,5 timer om ugen; ordningen dækker 27,5" in text
    assert "Borgeren selv" in text
