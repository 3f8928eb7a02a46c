"""Recording a follow-up: Copenhagen's seven checks and the conclusion (the audit, Bilag 1 boks 3).

* unchanged: no new decision and no letter — a journal note with the checks and the assessment, and the
  next follow-up planned (the audit's point: no yearly re-grant by habit);
* adjusted: the case goes back for a new decision through the normal decision flow, whose new grant gets
  its own first follow-up (BEK § 15 stk. 4);
* ended: a decision with letters and complaint guidance ends the grant (`cases.services.grant_end`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases.models import Case, CaseStatus, EventType, GrantStatus
from kompensation.cases.services import (
    case_event_record,
    case_transition,
    grant_end,
    grant_end_errors,
    journal_note_add,
    require_caseworker,
)
from kompensation.cases.validators import sane_date_errors
from kompensation.rules import followup as rules

from ..models import Conclusion, FollowUp, FollowUpForm, FollowUpStatus, Participant
from .plans import PlanChoice, follow_up_next_open, plan_check

CHECK_NOTE_MAX = 1000


def follow_up_record(
    *,
    user: User,
    follow_up: FollowUp,
    held_on: dt.date | None,
    checks: Mapping[str, Mapping[str, str]],
    conclusion: str,
    conclusion_note: str,
    next_plan: Mapping[str, Any] | None = None,
    ending: Mapping[str, Any] | None = None,
) -> FollowUp:
    """Record a held follow-up with its seven checks and conclusion; once (the row is locked, so a second
    submit of the same form is refused). ``checks``: {code: {"answer": "yes"|"no", "note": str}};
    ``next_plan`` (unchanged): form, participants, due (None: only on a change), risk_factors, reason;
    ``ending`` (ended): last_day, reasons, hearing_note."""
    require_caseworker(user, follow_up.case)
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("grant__decision", "grant__case", "case", "deadline")
            .get(pk=follow_up.pk)
        )
        if follow_up.status != FollowUpStatus.PLANNED:
            raise ValidationError(
                "Opfølgningen er allerede registreret."
                if follow_up.status == FollowUpStatus.DONE
                else "Opfølgningen er bortfaldet, fordi bevillingen er ophørt eller afgjort på ny."
            )
        case = Case.objects.select_for_update().get(pk=follow_up.case_id)
        grant = follow_up.grant
        answers = {
            code: (
                str((checks.get(code) or {}).get("answer", "")),
                str((checks.get(code) or {}).get("note", "")),
            )
            for code in rules.CHECK_CODES
        }
        errors = _record_errors(follow_up, case, held_on, answers, conclusion, conclusion_note)
        plan: PlanChoice | None = None
        if conclusion == Conclusion.UNCHANGED:
            plan_errors, plan = _next_plan(follow_up, held_on, next_plan or {})
            errors |= plan_errors
        elif conclusion == Conclusion.ENDED:
            ending = ending or {}
            errors |= grant_end_errors(
                grant=grant,
                last_day=ending.get("last_day"),
                reasons=str(ending.get("reasons") or ""),
                hearing_note=str(ending.get("hearing_note") or ""),
            )
        if errors:
            raise ValidationError(errors)
        assert held_on is not None
        now = timezone.now()
        follow_up.held_on = held_on
        follow_up.checks = {code: {"answer": a, "note": n.strip()} for code, (a, n) in answers.items()}
        follow_up.conclusion = conclusion
        follow_up.conclusion_note = conclusion_note.strip()
        follow_up.status = FollowUpStatus.DONE
        follow_up.recorded_by = user
        follow_up.recorded_at = now
        # Done before anything else: the next plan needs the grant's one planned slot, and ending the
        # grant cancels only what is still planned.
        follow_up.save()
        if follow_up.deadline is not None and follow_up.deadline.met_at is None:
            follow_up.deadline.met_at = now
            follow_up.deadline.save(update_fields=["met_at"])
        follow_up.journal_note = journal_note_add(case=case, user=user, text=_journal_text(follow_up, plan))
        if plan is not None and plan.due is not None:
            follow_up.next_follow_up = follow_up_next_open(user=user, grant=grant, plan=plan)
        follow_up.save(update_fields=["journal_note", "next_follow_up"])
        case_event_record(
            case,
            EventType.FOLLOW_UP_RECORDED,
            user,
            follow_up_id=follow_up.pk,
            grant_id=grant.pk,
            held_on=str(held_on),
            form=follow_up.form,
            conclusion=conclusion,
            # The answers, not the notes: a note may describe the person's health.
            checks={code: a for code, (a, _) in answers.items()},
            next_follow_up_id=follow_up.next_follow_up_id,
            next_due=str(plan.due) if plan and plan.due else None,
        )
        if conclusion == Conclusion.ADJUSTED:
            case_transition(case, CaseStatus.FOLLOW_UP)
        elif conclusion == Conclusion.ENDED:
            assert ending is not None
            follow_up.decision = grant_end(
                user=user,
                grant=grant,
                last_day=ending.get("last_day"),
                reasons=str(ending.get("reasons") or ""),
                hearing_note=str(ending.get("hearing_note") or ""),
            )
            follow_up.save(update_fields=["decision"])
    return follow_up


def _record_errors(
    follow_up: FollowUp,
    case: Case,
    held_on: dt.date | None,
    answers: dict[str, tuple[str, str]],
    conclusion: str,
    conclusion_note: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    granted_on = timezone.localdate(follow_up.grant.decision.sent_at or timezone.now())
    if held_on is None:
        errors["held_on"] = "Angiv datoen, hvor opfølgningen blev holdt."
    elif sane_date_errors(held_on=held_on):
        errors |= sane_date_errors(held_on=held_on)
    elif held_on > today:
        errors["held_on"] = "Datoen ligger i fremtiden. Registrér opfølgningen, når den er holdt."
    elif held_on < granted_on:
        errors["held_on"] = f"Opfølgningen kan ikke være holdt før bevillingen ({granted_on:%d.%m.%Y})."
    errors |= {f"check_{code}": message for code, message in rules.check_errors(answers).items()}
    for code, (_, note) in answers.items():
        if len(note) > CHECK_NOTE_MAX:
            errors.setdefault(f"check_{code}_note", f"Noten må højst være {CHECK_NOTE_MAX} tegn.")
    if conclusion not in Conclusion.values:
        errors["conclusion"] = "Vælg konklusionen: uændret, justeres eller ophører."
    elif follow_up.grant.status != GrantStatus.ACTIVE:
        errors["conclusion"] = f"Bevillingen er {follow_up.grant.get_status_display().lower()}."
    elif conclusion == Conclusion.ADJUSTED and case.status != CaseStatus.DECIDED:
        errors["conclusion"] = (
            f"Sagen er «{CaseStatus(case.status).label}». En ny afgørelse efter opfølgningen kan først "
            "begynde, når det forløb er afsluttet."
        )
    if not conclusion_note.strip():
        errors["conclusion_note"] = (
            "Skriv den samlede vurdering: hvad opfølgningen viste, og hvad det betyder."
        )
    return errors


def _next_plan(
    follow_up: FollowUp, held_on: dt.date | None, next_plan: Mapping[str, Any]
) -> tuple[dict[str, str], PlanChoice]:
    """«Unchanged»: the next follow-up, counted from the day this one was held."""
    base = held_on or timezone.localdate()
    return plan_check(
        grant=follow_up.grant,
        first=False,
        base=base,
        earliest=base + dt.timedelta(days=1),
        form=str(next_plan.get("form") or ""),
        participants=list(next_plan.get("participants") or []),
        due=next_plan.get("due"),
        risk_factors=list(next_plan.get("risk_factors") or []),
        reason=str(next_plan.get("reason") or ""),
        prefix="next_",
    )


def _journal_text(follow_up: FollowUp, plan: PlanChoice | None) -> str:
    """The follow-up's record as a journal note: the checks, the assessment and what comes next."""
    participants = ", ".join(Participant(p).label.lower() for p in follow_up.participants)
    lines = [
        f"Opfølgning holdt {follow_up.held_on:%d.%m.%Y} ({FollowUpForm(follow_up.form).label.lower()}; "
        f"deltagere: {participants or '–'}).",
        f"Konklusion: {Conclusion(follow_up.conclusion).label}.",
        "",
        "Opfølgningstjek:",
    ]
    for check in rules.SEVEN_CHECKS:
        entry = follow_up.checks[check.code]
        answer = "ja" if entry["answer"] == "yes" else "nej"
        lines.append(f"- {check.label}: {answer}" + (f" – {entry['note']}" if entry["note"] else ""))
    lines += ["", f"Samlet vurdering: {follow_up.conclusion_note}"]
    if plan is not None:
        if plan.due is None:
            lines.append("Næste opfølgning: når person eller virksomhed anmelder en ændring (BEK § 29).")
        else:
            who = ", ".join(Participant(p).label.lower() for p in plan.participants)
            lines.append(
                f"Næste opfølgning: {FollowUpForm(plan.form).label.lower()} senest {plan.due:%d.%m.%Y} "
                f"(deltagere: {who})."
            )
        if plan.risk_factors:
            lines.append(
                "Risikoprofil: " + "; ".join(rules.factor_label(c).lower() for c in plan.risk_factors) + "."
            )
        lines.append(f"Begrundelse: {plan.reason}")
    elif follow_up.conclusion == Conclusion.ADJUSTED:
        lines.append("Bevillingen justeres ved en ny afgørelse; den nye bevilling får sin egen opfølgning.")
    else:
        lines.append("Bevillingen ophører ved afgørelse med brev til personen og virksomheden.")
    return "\n".join(lines)
