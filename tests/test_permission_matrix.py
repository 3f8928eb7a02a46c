"""The permission matrix, generated from the URL resolver: every route × every role × own/foreign scope ×
GET/POST. A route without a rule, or without a row in EXPECTED, fails the build.

EXPECTED is written by hand from the roles' duties (design.md "Who sees what"), not read from the code's
rules: a staff page for staff of the case's municipality, a subsidy page for the case's employer, and so on.
"""

from __future__ import annotations

import datetime as dt
import types
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kompensation.accounts.models import Role
from kompensation.cases import services as case_services
from kompensation.cases.models import Case
from kompensation.payments import services as payment_services
from kompensation.payments.models import PaymentRequest
from tests import factories, followup_world, interpreting, social_world
from tests.factories import previous_quarter

pytestmark = pytest.mark.django_db

CW, PO, MGR = Role.CASEWORKER, Role.PAYMENT_OFFICER, Role.MANAGER
EMP, CIT, AGENCY, NAT = Role.EMPLOYER, Role.CITIZEN, Role.INTERPRETER_AGENCY, Role.NATIONAL
DPO, INTP = Role.DATA_PROTECTION, Role.INTERPRETER
ROLES = [CW, PO, MGR, EMP, CIT, AGENCY, INTP, NAT, DPO]
STAFF = {CW, PO, MGR}
PAY = {PO, MGR}
EVERYONE = set(ROLES)
SKIPPED_NAMESPACES = {"admin"}  # Django's admin: is_staff superusers only, a flag no role carries

# route (or route@target) -> (roles allowed to GET, roles allowed to POST), on their own objects.
# Target names the object the route's arguments point at; None for routes without one.
EXPECTED: dict[str, tuple[str | None, set[str], set[str]]] = {
    "accounts:home": (None, EVERYONE, EVERYONE),
    "accounts:login": (None, EVERYONE, EVERYONE),
    "casework_targets": (None, EVERYONE, EVERYONE),  # published decision targets (RSL § 3 stk. 2)
    "accounts:logout": (None, EVERYONE, EVERYONE),
    "accounts:no_access": (None, set(), set()),  # the "no access" page itself: always 403, to everyone
    "accounts:access_log": (None, {DPO}, {DPO}),
    "accounts:access_log_csv": (None, {DPO}, {DPO}),
    "portal:access_log": (None, {CIT}, {CIT}),
    "cases:inbox": (None, STAFF, STAFF),
    # Complaints: the municipality's caseworkers handle them, its managers supervise them.
    "complaints:detail": ("complaint", {CW, MGR}, {CW, MGR}),
    "complaints:register": ("case", {CW}, {CW}),
    "complaints:assess_late": ("complaint", {CW}, {CW}),
    "complaints:withdraw": ("complaint", {CW}, {CW}),
    # Complaining on Mine sider: the person about their own case, the employer about its subsidy; each
    # reads only the complaints it may (the employer never the person's).
    "portal:complaint_new": ("case", {CIT}, {CIT}),
    "portal:employer_complaint_new": ("case", {EMP}, {EMP}),
    "portal:complaint_receipt@person": ("complaint", {CIT}, {CIT}),
    "portal:complaint_receipt@employer": ("employer_complaint", {CIT, EMP}, {CIT, EMP}),
    "complaints:reassess": ("complaint", {CW}, {CW}),
    "complaints:forward": ("complaint", {CW}, {CW}),
    # Ankestyrelsen's steps are recorded by the caseworker on a forwarded complaint.
    "complaints:appeals_received": ("forwarded_complaint", {CW}, {CW}),
    "complaints:appeals_assigned": ("forwarded_complaint", {CW}, {CW}),
    "complaints:appeals_decided": ("forwarded_complaint", {CW}, {CW}),
    "complaints:appeals_correct": ("forwarded_complaint", {CW}, {CW}),
    # The package holds every document on the case (health data): the municipality's staff who handle
    # and supervise complaints; never the employer or the portal. (GET only: POST answers 405.)
    "complaints:package": ("forwarded_complaint", {CW, MGR}, {CW, MGR}),
    "complaints:package_zip": ("forwarded_complaint", {CW, MGR}, {CW, MGR}),
    "cases:new": (None, {CW}, {CW}),
    "cases:overview": (None, {MGR}, {MGR}),
    # Processing time per step: the municipality's managers and caseworkers, STAR for every municipality.
    "insights:processing_time": (None, {CW, MGR, NAT}, {CW, MGR, NAT}),
    "insights:processing_time_csv": (None, {CW, MGR, NAT}, {CW, MGR, NAT}),
    "insights:processing_time_years": (None, {CW, MGR, NAT}, {CW, MGR, NAT}),
    "insights:processing_time_years_csv": (None, {CW, MGR, NAT}, {CW, MGR, NAT}),
    "cases:detail": ("case", STAFF, STAFF),
    "cases:reveal_cpr": ("case", STAFF, STAFF),
    "cases:active_step": ("case", {CW}, {CW}),
    "cases:investigation": ("case", {CW}, {CW}),
    "cases:dialog_form": ("case", {CW}, {CW}),
    "cases:hearing": ("case", {CW}, {CW}),
    "cases:hearing_response": ("hearing", {CW}, {CW}),
    "cases:decision": ("case", {CW}, {CW}),
    "cases:decision_letter": ("case", {CW}, {CW}),
    "cases:late_notice": ("case", {CW}, {CW}),
    "cases:decision_letter_preview": ("case", {CW}, {CW}),
    "cases:decision_send": ("case", {CW}, {CW}),
    "cases:assign": ("case", {CW}, {CW}),
    "cases:grant_stop": ("case", {CW}, {CW}),
    "cases:journal_note": ("case", {CW}, {CW}),
    "cases:document_upload": ("case", {CW}, {CW}),
    "cases:document@health": ("health_document", STAFF | {CIT}, STAFF | {CIT}),
    "cases:document@subsidy": ("contract_document", STAFF | {CIT, EMP}, STAFF | {CIT, EMP}),
    "letters:pdf@person": ("person_letter", STAFF | {CIT}, STAFF | {CIT}),
    "letters:pdf@hearing": ("hearing_letter", STAFF | {CIT}, STAFF | {CIT}),
    "letters:pdf@employer": ("employer_letter", STAFF | {EMP}, STAFF | {EMP}),
    "portal:home": (None, {CIT, EMP}, {CIT, EMP}),
    "portal:start": (None, {CIT}, {CIT}),
    "portal:step": ("draft", {CIT}, {CIT}),
    "portal:submit": ("draft", {CIT}, {CIT}),
    "portal:cosign": ("awaiting", {EMP}, {EMP}),
    # The receipt: the person who sent the application and the employer who signed it; no health data.
    "portal:receipt": ("submitted", {CIT, EMP}, {CIT, EMP}),
    # «Min sag»: the person only; the case holds their health data (hearing, answers).
    "portal:case": ("case", {CIT}, {CIT}),
    "payments:queue": (None, PAY, PAY),
    "payments:officer_request": ("payment", PAY, PAY),
    "payments:approve": ("payment", {PO}, {PO}),
    "payments:correct": ("payment", {PO}, {PO}),
    "payments:reject": ("payment", {PO}, {PO}),
    "payments:payslip": ("payslip", PAY, PAY),
    "payments:repayment_new": ("payment", {PO}, {PO}),
    "payments:repayment": ("claim", PAY, PAY),
    "payments:repayment_hearing": ("claim", {PO}, {PO}),
    "payments:repayment_answer_record": ("claim", {PO}, {PO}),
    "payments:repayment_decide": ("claim", {PO}, {PO}),
    "payments:repayment_drop": ("claim", {PO}, {PO}),
    "payments:employer_repayment_answer": ("claim", {EMP}, {EMP}),  # a claim in hearing, for its employer
    "payments:correction_confirm": ("correction", {PO}, {PO}),
    "payments:correction_refuse": ("correction", {PO}, {PO}),
    "payments:trip_new": ("case", {CW}, {CW}),
    "payments:batches": (None, PAY, {PO}),
    "payments:batch_csv": ("batch", PAY, PAY),
    "payments:rates": (None, PAY | {NAT}, PAY | {NAT}),
    "payments:employer_list": (None, {EMP}, {EMP}),
    "payments:employer_new": (None, {EMP}, {EMP}),
    "payments:employer_request": ("payment", {EMP}, {EMP}),
    "payments:employer_delete": ("payment_draft", {EMP}, {EMP}),
    "api:schema": (None, EVERYONE, set()),
    "api:not_found": (None, set(), set()),  # the JSON 404 for any other address under /api/v1/
    # The API answers 405 for a method a route does not have, and that counts as refused there.
    "api:grants": (None, {EMP}, set()),
    "api:payment_requests": (None, set(), {EMP}),
    "api:payment_request": ("payment", {EMP}, set()),
    # Interpreting: samples and tips. The municipality's staff read the «Kontrol» pages and register tips;
    # the payment officer draws a sample; caseworkers and payment officers record a paper answer; the
    # manager sets the sample size. The question on Mine sider is for the person it was put to only.
    "payments:control_samples": (None, STAFF, {PO}),
    "payments:sample_answer_record": ("sample_answer", {CW, PO}, {CW, PO}),
    "payments:tips": (None, STAFF, STAFF),
    "payments:tip_new": (None, STAFF, STAFF),
    "payments:tip": ("tip", STAFF, STAFF),
    "payments:control_settings": (None, {MGR}, {MGR}),
    "portal:sample_answer": ("sample_answer", {CIT}, {CIT}),
    "portal:sample_receipt": ("sample_answer", {CIT}, {CIT}),
    # Interpreting: decision and declarations panel. A caseworker of the case's municipality revokes a
    # declaration (BEK § 25); POST only, so the caseworker's GET answers 405 (not a refusal).
    "payments:declaration_revoke": ("declaration", {CW}, {CW}),
    # Interpreting: agency portal — the agency's start page, its invoices and the invoice form (a draft in
    # its session, so no object); an invoice only for its own agency (another agency: 404).
    "portal:agency_home": (None, {AGENCY}, {AGENCY}),
    "portal:agency_invoices": (None, {AGENCY}, {AGENCY}),
    "portal:agency_invoice": ("invoice", {AGENCY}, {AGENCY}),
    "portal:agency_invoice_receipt": ("invoice", {AGENCY}, {AGENCY}),
    "portal:agency_invoice_grant": (None, {AGENCY}, {AGENCY}),
    "portal:agency_invoice_period": (None, {AGENCY}, {AGENCY}),
    "portal:agency_invoice_lines": (None, {AGENCY}, {AGENCY}),
    "portal:agency_invoice_check": (None, {AGENCY}, {AGENCY}),
    # Interpreting: declarations and registry. Each party signs in the portal on its own page; the registry
    # is national (agencies serve users in any municipality), read by staff, written by CW and PO.
    "portal:declarations": (None, {CIT, EMP}, {CIT, EMP}),
    "portal:agency_declarations": (None, {AGENCY}, {AGENCY}),
    "portal:agency_interpreters": (None, {AGENCY}, {AGENCY}),
    "portal:interpreter_home": (None, {INTP}, {INTP}),
    "payments:agencies": (None, STAFF, STAFF),
    "payments:agency_new": (None, {CW, PO}, {CW, PO}),
    "payments:agency": ("agency", STAFF, STAFF),
    "payments:interpreters": (None, STAFF, STAFF),
    "payments:interpreter_new": (None, {CW, PO}, {CW, PO}),
    "payments:interpreter": ("interpreter", STAFF, STAFF),
    "payments:economic_link_new": ("interpreter", {CW, PO}, {CW, PO}),
    # Interpreting: OIOUBL and API — the agency sends invoices (JSON or OIOUBL file) and reads its own.
    "api:invoices": (None, {AGENCY}, {AGENCY}),
    "api:invoice": ("invoice", {AGENCY}, set()),
    # Interpreting: officer — the invoice page for the municipality's payment staff; rejecting a line and
    # approving for its payment officer (GET on the POST-only routes answers 405, not a refusal).
    "payments:invoice": ("invoice", PAY, PAY),
    "payments:invoice_approve": ("invoice", {PO}, {PO}),
    "payments:invoice_line_reject": ("invoice_line", {PO}, {PO}),
    # Interpreting: attestation. The list shows each party what waits for it. The statement is answered by
    # the interpreting case's person only; the own CIT is the FIRST case's person, so it is refused too
    # (hence no CIT below). The interpreter and the agency sign only their own statement.
    "portal:attestations": (None, {CIT, INTP, AGENCY}, {CIT, INTP, AGENCY}),
    "portal:attestation": ("statement", set(), set()),
    "portal:attestation_interpreter": ("statement", {INTP}, {INTP}),
    "portal:attestation_agency": ("statement", {AGENCY}, {AGENCY}),
    # Interpreting: the agency's OIOUBL upload in the portal (its own agency only, no object).
    "portal:agency_oioubl_upload": (None, {AGENCY}, {AGENCY}),
    # --- Follow-up: plans and records ---
    # The due-soon list: the municipality's caseworkers (their own cases, or the team) and managers. The
    # follow-up page holds the risk profile and the record (health data): staff who work on and supervise
    # follow-up, not the payment officer, never the person or the employer. Only the caseworker plans and
    # records (POST only: the caseworker's GET answers 405, not a refusal).
    "followup:due": (None, {CW, MGR}, {CW, MGR}),
    "followup:detail": ("follow_up", {CW, MGR}, {CW, MGR}),
    "followup:plan": ("follow_up", {CW}, {CW}),
    "followup:record": ("follow_up", {CW}, {CW}),
    # --- Follow-up: questionnaires ---
    # The follow-up's questionnaires: the municipality's caseworkers send, its managers read (the person's
    # answers may hold health data: no payment officer). The party answers its own questionnaire and reads
    # its receipt; the employer never the person's, the person never the employer's.
    "followup:questionnaire_send": ("follow_up", {CW, MGR}, {CW}),
    "followup:questionnaire_answer@person": ("person_questionnaire", {CIT}, {CIT}),
    "followup:questionnaire_answer@employer": ("employer_questionnaire", {EMP}, {EMP}),
    "followup:questionnaire_receipt@person": ("person_questionnaire", {CIT}, {CIT}),
    "followup:questionnaire_receipt@employer": ("employer_questionnaire", {EMP}, {EMP}),
    # --- Follow-up: renewals ---
    # Only the person the grant is for starts its renewal on Mine sider (POST only: their GET answers 405);
    # the employer co-signs the application afterwards through the ordinary co-signature.
    "followup:renewal_start": ("renewal_grant", {CIT}, {CIT}),
    # --- Follow-up: change reports ---
    # The municipality's caseworkers handle change reports, its managers read them (a manager's POST on the
    # report page is refused). The person reports on their own case, the employer on its CVR's case; each
    # reads only its own receipt (the employer never the person's report). Payroll systems use the API.
    "followup:change_reports": (None, {CW, MGR}, {CW, MGR}),
    "followup:change_report@person": ("person_change_report", {CW, MGR}, {CW}),
    "followup:change_report@employer": ("employer_change_report", {CW, MGR}, {CW}),
    "followup:change_report_register": ("case", {CW}, {CW}),
    "followup:change_report_new": ("case", {CIT, EMP}, {CIT, EMP}),
    "followup:change_report_receipt@person": ("person_change_report", {CIT}, {CIT}),
    "followup:change_report_receipt@employer": ("employer_change_report", {EMP}, {EMP}),
    "api:change_reports": (None, {EMP}, {EMP}),
    # --- Follow-up: inspection visits ---
    # «Tilsyn»: the municipality's caseworkers plan, record and cancel; its managers read. Never the employer
    # (an unannounced visit must not be known beforehand) nor the person. The list is GET only (a POST
    # answers 405, not a refusal); the visit page's POST records or cancels: the caseworker only.
    "followup:visits": (None, {CW, MGR}, {CW, MGR}),
    "followup:visit_new": (None, {CW}, {CW}),
    "followup:visit": ("inspection_visit", {CW, MGR}, {CW}),
    # --- Social schemes: intake ---
    # The social administration's caseworker registers a paper application; the citizen applies for
    # themselves on Mine sider and reads only their own receipt.
    "social:new": (None, {CW}, {CW}),
    "social:apply": (None, {CIT}, {CIT}),
    "social:apply_need": (None, {CIT}, {CIT}),
    "social:apply_check": (None, {CIT}, {CIT}),
    "social:apply_receipt": ("social_application", {CIT}, {CIT}),
    # --- Social schemes: personal circle and measurement ---
    # The municipality's staff read them like the rest of the case (the officer pays the hours measured, the
    # manager supervises); only its caseworkers change them. The employer is no party to a social case; the
    # person follows it on «Min sag», not on these working pages.
    "social:circle": ("social_case", STAFF, {CW}),
    "social:measurement": ("social_case", STAFF, {CW}),
    "social:activity": ("social_activity", STAFF, {CW}),
    "social:activity_delete": ("social_activity", {CW}, {CW}),
    # --- Social schemes: decision and letter ---
    # The decision page is the caseworker's work page (the shared letter and send pages follow it).
    "social:decision": ("social_decision", {CW}, {CW}),
    # --- Social schemes: BPA money and the monthly payment plan ---
    # The plan is read like the rest of the case (GET only: POST answers 405); the payment officer alone
    # chooses how BPA's administration contribution is paid (POST only: GET answers 405 to the officer).
    "social:plan": ("social_case", STAFF, STAFF),
    "payments:bpa_admin_mode": (None, {PO}, {PO}),
    # --- Social schemes: aids (trial, supplier and price) ---
    # The trial page: the municipality's staff read it (GET only: POST answers 405); its caseworkers start
    # and end a trial (POST only: GET answers 405). Never the employer (a supplier is not a party).
    "social:trial": ("aid_case", STAFF, STAFF),
    "social:trial_start": ("aid_case", {CW}, {CW}),
    "social:trial_end": ("aid_trial", {CW}, {CW}),
}
# Routes on a national object (the interpreting registry): staff of another municipality are not "foreign".
NATIONAL_TARGETS = {"payments:agency", "payments:interpreter", "payments:economic_link_new"}


def walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    routes: list[tuple[str, URLPattern]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            if (entry.namespace or "") in SKIPPED_NAMESPACES:
                continue
            routes += walk(entry.url_patterns, inner or namespace)
        else:
            routes.append((f"{namespace}:{entry.name}" if namespace else str(entry.name), entry))
    return routes


_MISSING = object()


def rule_of(pattern: URLPattern) -> object:
    """The rule a route's view carries: `permission` on a function view, `rule` on an API view."""
    callback = pattern.callback
    rule = getattr(callback, "permission", _MISSING)
    if rule is _MISSING:
        rule = getattr(getattr(callback, "cls", None), "rule", _MISSING)
    return rule


def unruled(patterns: list[Any]) -> list[str]:
    return [name for name, pattern in walk(patterns) if rule_of(pattern) is _MISSING]


def test_every_route_carries_a_rule_and_a_row_in_the_matrix() -> None:
    routes = walk(get_resolver().url_patterns)
    assert unruled(get_resolver().url_patterns) == []
    expected_routes = {key.split("@")[0] for key in EXPECTED}
    assert {name for name, _ in routes} == expected_routes


def test_a_new_route_without_a_rule_fails_the_check() -> None:
    def forgotten(request: Any) -> HttpResponse:
        return HttpResponse("personal data")

    urlconf = types.ModuleType("forgotten_urls")
    urlconf.urlpatterns = [*get_resolver().url_patterns, path("glemt/", forgotten, name="forgotten")]  # type: ignore[attr-defined]
    assert unruled(urlconf.urlpatterns) == ["forgotten"]  # type: ignore[attr-defined]


@pytest.fixture
def world(investigated_case: Case, herning_caseworker: Any, rates: None, officer: Any) -> dict[str, Any]:
    """A Herning case with a hearing, a grant, letters for the person and the employer, documents of
    both classes, a submitted and a paid payment request (with payslips), an employer's payment draft, a
    citizen's draft and an application awaiting the employer; plus the people who own them and their
    foreign twins."""
    case, caseworker = investigated_case, herning_caseworker
    hearing = case_services.hearing_send(case=case, user=caseworker, facts="Behovet er 7 timer.")
    case_services.hearing_record_response(
        hearing=hearing, user=caseworker, received_on=timezone.localdate(), response="Enig."
    )
    contract = case_services.document_store(
        user=caseworker, upload=factories.pdf("kontrakt.pdf"), doc_type="contract", case=case
    )
    start, _ = previous_quarter()
    start = start.replace(month=3 * ((start.month - 1) // 3) + 1)
    Case.objects.filter(pk=case.pk).update(received_on=start)
    case.refresh_from_db()
    decision = case_services.decision_draft(
        case=case,
        user=caseworker,
        assistant_ids=[a.pk for a in case.application.assistants.all()],
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("7"),
            "start_date": start,
            "end_date": dt.date(timezone.localdate().year + 1, 12, 31),
            "period_type": "time_limited",
            "period_reason": "Vurderes igen",
            "rate_type": "standard",
            "reasons": "Behov for oplæsning",
        },
    )
    decision = case_services.decision_send(decision=decision, user=caseworker)
    employer = factories.employer_user(case.employer.cvr)
    grant = case.grants.get()
    payments = []
    _, end = previous_quarter()
    assistant = case.application.assistants.first().name
    # A draft the employer may still delete, for the same days as the first request (drafts hold no days).
    payment_draft = payment_services.payment_request_save_draft(
        user=employer,
        grant=grant,
        period_start=start,
        period_end=start + dt.timedelta(days=27),
        hours=[{"assistant": assistant, "hours": Decimal("5")}],
    )
    for period_start, period_end in (
        (start, start + dt.timedelta(days=27)),
        (start + dt.timedelta(days=28), end),
    ):
        draft = payment_services.payment_request_save_draft(
            user=employer,
            grant=grant,
            period_start=period_start,
            period_end=period_end,
            hours=[{"assistant": assistant, "hours": Decimal("5")}],
        )
        payment_services.payslip_add(
            user=employer, request=draft, upload=factories.pdf("loenseddel.pdf"), assistant=assistant
        )
        payments.append(
            payment_services.payment_request_submit(
                user=employer, request=draft, declaration=True, idempotency_key=uuid.uuid4().hex
            )
        )
    payment_services.payment_request_approve(
        user=officer, request=payments[0], late_reason="Test", override_reason="Test"
    )
    batch = payment_services.payout_batch_create(user=officer)
    claim = payment_services.repayment_claim_create(
        user=officer,
        grant=grant,
        condition="conditions_not_met",
        facts="Assistenten var fratrådt.",
        should_have_been={payments[0].pk: Decimal("0")},
    )
    claim = payment_services.repayment_hearing_send(user=officer, claim=claim)
    colleague = factories.user(PO, code="657")  # a raise needs a second officer: the own officer confirms
    correction = payment_services.payment_request_correct(
        user=colleague,
        request=payments[1],
        new_total=payments[1].requested_total + 100,
        reason="Overtid efter aftale",
    )
    complaint = factories.complaint(decision=decision, user=caseworker)
    # An earlier complaint from the employer about the subsidy, withdrawn (only one can be live at a time).
    employer_complaint = factories.complaint(
        decision=decision, user=caseworker, complainant="employer", status="withdrawn"
    )
    # An earlier complaint on the same case that went to Ankestyrelsen (a bare row, package not built).
    forwarded_complaint = factories.complaint(
        decision=decision,
        user=caseworker,
        status="appeals_decided",
        reassessment_outcome="upheld",
        forwarded_on=timezone.localdate(),
    )
    interpreting_world = _interpreting(caseworker)
    citizen = factories.citizen(case.person.cpr)
    draft_application = case_services.application_start(user=citizen)
    awaiting = factories.awaiting_application(case.employer.cvr)
    targets = {
        "case": {"pk": case.pk},
        "hearing": {"pk": case.pk, "hearing_pk": hearing.pk},
        "health_document": {"pk": case.documents.get(doc_type="gp").pk},
        "contract_document": {"pk": contract.pk},
        "person_letter": {"pk": decision.letter.pk},
        "hearing_letter": {"pk": hearing.letter.pk},
        "employer_letter": {"pk": decision.employer_letter.pk},
        "draft": {"pk": draft_application.pk, "step": "om-dig"},
        "awaiting": {"pk": awaiting.pk},
        "submitted": {"pk": case.application.pk},
        "payment": {"pk": payments[1].pk},
        "payslip": {"pk": payments[1].pk, "payslip_pk": payments[1].payslips.get().pk},
        "payment_draft": {"pk": payment_draft.pk},
        "batch": {"pk": batch.pk},
        "correction": {"pk": payments[1].pk, "correction_pk": correction.pk},
        "claim": {"pk": claim.pk},
        "complaint": {"pk": complaint.pk},
        "employer_complaint": {"pk": employer_complaint.pk},
        "forwarded_complaint": {"pk": forwarded_complaint.pk},
        **interpreting_world["targets"],
        **followup_world.targets(
            {
                "case": case,
                "grant": grant,
                "decision": decision,
                "caseworker": caseworker,
                "employer": employer,
                "citizen": citizen,
            }
        ),
        **social_world.targets({"caseworker": caseworker, "officer": officer, "citizen": citizen}),
    }
    own = {
        CW: caseworker,
        PO: officer,
        MGR: factories.user(MGR, code="657"),
        EMP: employer,
        CIT: citizen,
        AGENCY: interpreting_world["agency_user"],
        INTP: interpreting_world["interpreter"].user,
        NAT: factories.user(NAT, code=None),
        DPO: factories.user(DPO, code="657"),
    }
    foreign = {
        CW: factories.caseworker("751"),
        PO: factories.user(PO, code="751"),
        MGR: factories.user(MGR, code="751"),
        EMP: factories.employer_user(factories.register_company(name="Fremmed ApS")),
        CIT: factories.citizen(factories.register_person(code="751")),
        AGENCY: interpreting.agency("Fremmed Tolkning ApS")[1],
        INTP: interpreting.interpreter(interpreting.agency("Andet Bureau ApS")[0], "Fremmed Tolk").user,
        NAT: own[NAT],
        DPO: factories.user(DPO, code="751"),
    }
    return {"case": case, "targets": targets, "own": own, "foreign": foreign}


def _interpreting(caseworker: Any) -> dict[str, Any]:
    """A second case in Herning with an interpreting grant, its agency, interpreter, declarations signed by
    everyone but the interpreter, and one submitted invoice awaiting the user's attestation."""
    other = case_services.application_register_paper(
        user=caseworker,
        # Its own user name: the agency sees this user, never the first case's person (the matrix checks).
        data=factories.paper_data(
            cpr=factories.register_person(first_name="Tolke", last_name="Brugersen"),
            cvr=factories.register_company(),
        ),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    case_services.case_record_active_step(
        case=other, user=caseworker, kind="workplace_visit", on=timezone.localdate()
    )
    factories.investigate(other, caseworker)
    interpreting.seed_rates()
    agency, agency_user = interpreting.agency()
    anne = interpreting.interpreter(agency, "Anne Holm")
    grant = interpreting.interpreting_case(other, caseworker, [agency])
    interpreting.zones(grant.case)
    for party in ("user", "employer", "agency"):
        payment_services.declaration_sign(
            user=interpreting.party_user(grant, party, agency), grant=grant, agency=agency, party=party
        )
    invoice = interpreting.submit(
        agency_user,
        agency,
        grant,
        [interpreting.line(interpreting.a_weekday(), "09:00", "10:00", anne, "650", remote=True)],
    )
    line = invoice.invoice_lines.get()
    # Samples and tips: the month of the first case's paid request is drawn (its person is the own CIT);
    # a tip about the interpreting grant.
    paid = PaymentRequest.objects.filter(payout__isnull=False).earliest("period_start")
    sample = payment_services.sample_draw(
        municipality=grant.case.municipality, month=paid.period_start, seed="matrix"
    )
    tip = payment_services.tip_register(
        user=caseworker,
        municipality=grant.case.municipality,
        grant=grant,
        received_on=timezone.localdate(),
        channel="Telefon",
        content="Tolken mødte ikke op.",
    )
    return {
        "agency_user": agency_user,
        "interpreter": anne,
        "targets": {
            "interpreting_case": {"pk": grant.case.pk},
            "interpreting_grant": {"pk": grant.pk},
            "invoice": {"pk": invoice.pk},
            "invoice_line": {"pk": invoice.pk, "line_pk": line.pk},
            "agency": {"pk": agency.pk},
            "interpreter": {"pk": anne.pk},
            "statement": {"pk": invoice.pk, "interpreter_pk": anne.pk},
            "sample_answer": {"pk": sample.answers.get(grant=paid.grant).pk},
            "tip": {"pk": tip.pk},
            "declaration": {"pk": grant.declarations.get(party="agency").pk},
        },
    }


def _url(route: str, target: str | None, world: dict[str, Any]) -> str:
    name = route.split("@")[0]
    kwargs = {} if target is None else dict(world["targets"][target])
    if name in ("payments:trip_new", "complaints:register"):
        kwargs = {"case_pk": kwargs["pk"]}
    accepted = dict(walk(get_resolver().url_patterns))[name].pattern.converters
    return reverse(name, kwargs={k: v for k, v in kwargs.items() if k in accepted})


def _client(user: Any, api: bool) -> Any:
    if api:
        client = APIClient()
        client.force_authenticate(user=user)
        client.force_login(user)
        return client
    client = Client()
    client.force_login(user)
    return client


DENIED = {401, 403, 404}
API_DENIED = DENIED | {405}


def test_permission_matrix(world: dict[str, Any]) -> None:
    """Every route × role × own/foreign × GET/POST answers as EXPECTED; outsiders never see the person."""
    name = world["case"].person.name.encode()
    failures: list[str] = []
    for route, (target, get_roles, post_roles) in EXPECTED.items():
        url = _url(route, target, world)
        api = route.startswith("api:")
        for scope in ("own", "foreign"):
            for role in ROLES:
                user = world[scope][role]
                for method, allowed_roles in (("GET", get_roles), ("POST", post_roles)):
                    client = _client(user, api)
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    # On a foreign object every role is refused; routes without an object are the user's own.
                    allowed = role in allowed_roles and (
                        scope == "own" or target is None or route in NATIONAL_TARGETS
                    )
                    denied = response.status_code in (API_DENIED if api else DENIED)
                    if allowed == denied:
                        failures.append(f"{route} {method} {scope} {role}: {response.status_code}")
                    visible_to = STAFF | {CIT, EMP}
                    if (scope == "foreign" or role not in visible_to) and name in response.content:
                        failures.append(f"{route} {method} {scope} {role}: shows the person's name")
        anonymous = APIClient() if api else Client()
        response = anonymous.get(url)
        public_routes = {
            "accounts:login",
            "accounts:logout",
            "accounts:no_access",
            "api:not_found",
            "api:schema",
            "casework_targets",
        }
        if route not in public_routes and not (
            response.status_code in (401, 403) or "/log-ind/" in response.get("Location", "")
        ):
            failures.append(f"{route} GET anonymous: {response.status_code}")
    assert failures == [], "\n".join(failures)
