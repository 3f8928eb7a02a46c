"""The caseworker's follow-up pages through the Django test client: the due-soon list, the follow-up page
with its plan and record forms, and the follow-ups on the case page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Role
from kompensation.cases.models import Case, CaseStatus
from kompensation.followup.models import FollowUp, FollowUpStatus
from kompensation.letters.models import Letter
from tests import factories

from .plans import first_follow_up, granted

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record_post(**overrides: str) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "held_on": today.isoformat(),
        "conclusion": "unchanged",
        "conclusion_note": "Behovet er uændret.",
        "next_form": "visit",
        "next_participants": ["person", "employer", "assistant"],
        "next_due": (today + dt.timedelta(days=200)).isoformat(),
        "next_reason": "Besøg på arbejdspladsen om et halvt år; opgaverne skal ses.",
    }
    for code in ("cvr_active", "employed", "medical_current", "tasks_hours", "assistants", "aids_considered"):
        data[f"check_{code}"] = "yes"
    data["check_next_follow_up"] = "yes"
    return data | overrides


# --- the due-soon list ----------------------------------------------------------------------------------


def test_the_due_list_shows_overdue_first_then_soon_then_later(herning_caseworker: Any) -> None:
    today = timezone.localdate()
    cases = [granted(herning_caseworker) for _ in range(3)]
    # Read-only arrangement of the list's order: one overdue, one due in 30 days, the third a year out.
    FollowUp.objects.filter(pk=first_follow_up(cases[0]).pk).update(due=today - dt.timedelta(days=3))
    FollowUp.objects.filter(pk=first_follow_up(cases[1]).pk).update(due=today + dt.timedelta(days=30))
    page = client_for(herning_caseworker).get(reverse("followup:due"))
    assert page.status_code == 200
    body = page.content.decode()
    groups = [body.index(g) for g in ("Overskredet", "Inden for 60 dage", "Senere")]
    assert groups == sorted(groups)
    names = [body.index(f"{reverse('followup:detail', args=[first_follow_up(c).pk])}") for c in cases]
    assert names == sorted(names)
    assert "3 dage over fristen" in body and "30 dage tilbage" in body
    assert cases[0].person.masked_cpr in body and cases[0].person.cpr not in body


def test_the_due_list_is_the_caseworkers_own_and_the_team_on_request(herning_caseworker: Any) -> None:
    mine = granted(herning_caseworker)
    colleague = factories.caseworker("657")
    theirs = granted(colleague)
    foreign = granted(factories.caseworker("751"))
    mine, theirs, foreign = (
        f'href="{reverse("followup:detail", args=[first_follow_up(c).pk])}"' for c in (mine, theirs, foreign)
    )
    client = client_for(herning_caseworker)
    own = client.get(reverse("followup:due")).content.decode()
    assert mine in own and theirs not in own
    team = client.get(reverse("followup:due") + "?visning=team").content.decode()
    assert mine in team and theirs in team
    assert foreign not in team
    manager = client_for(factories.user(Role.MANAGER, code="657")).get(reverse("followup:due"))
    assert theirs in manager.content.decode()


def test_the_menu_links_to_the_due_list_for_caseworkers_and_managers(herning_caseworker: Any) -> None:
    url = reverse("followup:due")
    assert f'href="{url}"' in client_for(herning_caseworker).get(reverse("cases:inbox")).content.decode()
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    assert f'href="{url}"' not in client_for(officer).get(reverse("cases:inbox")).content.decode()


# --- the follow-up page ---------------------------------------------------------------------------------


def test_the_page_shows_the_terms_the_proposal_and_the_forms(
    granted_case: Case, herning_caseworker: Any
) -> None:
    follow_up = first_follow_up(granted_case)
    page = client_for(herning_caseworker).get(reverse("followup:detail", args=[follow_up.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    legal = granted_case.grants.get().decision.follow_up_due
    assert f"{legal:%d.%m.%Y}: senest et år efter bevillingen (BEK § 15 stk. 4)" in body
    assert "7 timer pr. uge" in body
    assert "Telefonsamtale om 12 måneder, med personen, virksomheden." in body
    assert 'data-testid="plan-form"' in body and 'data-testid="record-form"' in body
    assert "Virksomheden er aktiv i CVR" in body and "Hjælpemidler er overvejet" in body
    assert 'data-testid="hint-cvr_active"' in body
    assert page.context["questionnaires"].model.__name__ == "Questionnaire"
    assert page.context["follow_up"] == follow_up
    assert AccessLog.objects.filter(
        user=herning_caseworker, case_id=granted_case.pk, action=AccessLog.Action.HEALTH
    ).exists()


def test_a_manager_reads_the_page_without_the_forms(granted_case: Case) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    url = reverse("followup:detail", args=[first_follow_up(granted_case).pk])
    body = client_for(manager).get(url).content.decode()
    assert 'data-testid="proposal"' in body and 'data-testid="record-form"' not in body
    response = client_for(manager).post(reverse("followup:record", args=[first_follow_up(granted_case).pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["employer", "citizen", "officer", "foreign"])
def test_no_one_else_finds_the_follow_up(granted_case: Case, who: str) -> None:
    user = {
        "employer": lambda: factories.employer_user(granted_case.employer.cvr),
        "citizen": lambda: factories.citizen(granted_case.person.cpr),
        "officer": lambda: factories.user(Role.PAYMENT_OFFICER, code="657"),
        "foreign": lambda: factories.caseworker("751"),
    }[who]()
    response = client_for(user).get(reverse("followup:detail", args=[first_follow_up(granted_case).pk]))
    assert response.status_code == 404
    assert granted_case.person.name.encode() not in response.content


def test_planning_on_the_page(granted_case: Case, herning_caseworker: Any) -> None:
    follow_up = first_follow_up(granted_case)
    client = client_for(herning_caseworker)
    url = reverse("followup:plan", args=[follow_up.pk])
    late = follow_up.due + dt.timedelta(days=1)
    response = client.post(url, {"form": "visit", "participants": ["person"], "due": late.isoformat()})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Der er et problem" in body and "BEK § 15 stk. 4" in body
    assert 'value="visit" class="form-radio" id="id_form_3" checked' in body  # what was chosen is kept
    due = timezone.localdate() + dt.timedelta(days=45)
    response = client.post(
        url,
        {
            "form": "visit",
            "participants": ["person", "employer"],
            "due": due.isoformat(),
            "reason": "Se opgaverne.",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.form, follow_up.due, follow_up.plan_reason) == ("visit", due, "Se opgaverne.")


def test_recording_unchanged_on_the_page_sends_no_letter(granted_case: Case, herning_caseworker: Any) -> None:
    follow_up = first_follow_up(granted_case)
    client = client_for(herning_caseworker)
    url = reverse("followup:record", args=[follow_up.pk])
    letters = Letter.objects.count()
    response = client.post(url, record_post(check_employed="no", conclusion_note="Min vurdering"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Der er et problem" in body and "Skriv hvad der er fundet, når svaret er nej" in body
    assert "Min vurdering" in body  # nothing typed is lost
    response = client.post(url, record_post(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("followup:detail", args=[follow_up.pk])
    assert "Der er ikke sendt brev" in response.content.decode()
    assert Letter.objects.count() == letters
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE and follow_up.next_follow_up.form == "visit"
    body = response.content.decode()
    assert 'data-testid="record"' in body and 'data-testid="record-form"' not in body


def test_an_empty_next_date_must_be_a_choice(granted_case: Case, herning_caseworker: Any) -> None:
    url = reverse("followup:record", args=[first_follow_up(granted_case).pk])
    response = client_for(herning_caseworker).post(url, record_post(next_due=""))
    assert response.status_code == 400
    assert (
        "Angiv datoen for næste opfølgning, eller vælg kun opfølgning ved ændringer."
        in response.content.decode()
    )


def test_recording_adjusted_leads_to_the_new_decision(granted_case: Case, herning_caseworker: Any) -> None:
    url = reverse("followup:record", args=[first_follow_up(granted_case).pk])
    response = client_for(herning_caseworker).post(url, record_post(conclusion="adjusted"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:decision", args=[granted_case.pk]
    )
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.FOLLOW_UP


def test_recording_ended_on_the_page(granted_case: Case, herning_caseworker: Any) -> None:
    url = reverse("followup:record", args=[first_follow_up(granted_case).pk])
    data = record_post(
        conclusion="ended",
        last_day=timezone.localdate().isoformat(),
        reasons="Ansættelsen er ophørt.",
        hearing_note="Egne oplysninger.",
    )
    response = client_for(herning_caseworker).post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[granted_case.pk]
    )
    assert granted_case.grants.get().status == "stopped"


def test_the_case_page_lists_the_follow_ups(granted_case: Case, herning_caseworker: Any) -> None:
    follow_up = first_follow_up(granted_case)
    body = (
        client_for(herning_caseworker).get(reverse("cases:detail", args=[granted_case.pk])).content.decode()
    )
    assert 'data-testid="case-follow-ups"' in body
    assert reverse("followup:detail", args=[follow_up.pk]) in body
    officer = factories.user(Role.PAYMENT_OFFICER, code="657")
    body = client_for(officer).get(reverse("cases:detail", args=[granted_case.pk])).content.decode()
    assert 'data-testid="case-follow-ups"' not in body
