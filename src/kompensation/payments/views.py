"""Payment pages: the employer's request in the portal, the payment officer's queue and batches."""

from __future__ import annotations

import copy
import uuid
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from kompensation.accounts.models import AccessLog, Role, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record
from kompensation.letters.repayment import repayment_hearing_letter
from kompensation.rules import repayment as repayment_rules

from . import selectors, services
from .forms import (
    ApproveForm,
    BpaAdminModeForm,
    CorrectionForm,
    HoursForm,
    PeriodForm,
    RateRowForm,
    RejectForm,
    RepaymentAnswerRecordForm,
    RepaymentClaimForm,
    RepaymentDecideForm,
    RepaymentDropForm,
    RepaymentEmployerAnswerForm,
    RepaymentHearingForm,
    SubmitForm,
    SupplementFormSet,
    TripForm,
)
from .models import (
    MUNICIPAL_RATE_KINDS,
    NATIONAL_RATE_KINDS,
    CalculationMode,
    ClaimStatus,
    ControlStatus,
    CorrectionStatus,
    PaymentRequest,
    PaymentSettings,
    PayoutBatch,
    RepaymentClaim,
    RequestStatus,
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _payment(request: HttpRequest, pk: int, **kwargs: Any) -> PaymentRequest:
    """Any request by pk, for the rule to judge; outside the user's scope it is then refused."""
    payment = PaymentRequest.objects.select_related("employer", "grant__decision").filter(pk=pk).first()
    if payment is None:
        raise Http404("Anmodningen findes ikke, eller du har ikke adgang til den.")
    return payment


def _case(request: HttpRequest, case_pk: int, **kwargs: Any) -> Any:
    from kompensation.cases.selectors import case_get_visible

    return case_get_visible(user=_user(request), pk=case_pk)


def _log_view(request: HttpRequest, payment: PaymentRequest) -> None:
    """The request names the person and their hours and pay: a view of personal data."""
    case = payment.grant.case
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: anmodning om udbetaling {payment.reference}",
        request=request,
    )


# --- employer --------------------------------------------------------------------------------------


@permission_required("payments.request_payment")
def employer_requests(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "payments/employer_list.html",
        {
            "grants": selectors.grants_of_employer(user),
            "requests": selectors.payment_requests_visible_to(user).order_by("-created_at")[:100],
            "claims": selectors.repayment_claims_visible_to(user)[:100],
        },
    )


@permission_required("payments.request_payment")
def employer_request_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    grants = selectors.grants_of_employer(user)
    period_form = PeriodForm(request.GET or request.POST or None, grants=grants)
    hours_form = None
    supplements: Any = None
    status = 200
    if period_form.is_bound and period_form.is_valid():
        grant = period_form.cleaned_data["grant"]
        start, end = period_form.bounds()
        assistants = [str(a.name) for a in grant.decision.assistants.all()]
        hours_form = HoursForm(
            request.POST or None,
            request.FILES or None,
            assistants=assistants,
            parts=services.period_parts(start, end),
            trips=grant.trips.filter(start__lte=end, end__gte=start) if grant.trips.exists() else None,
            steps=services.seniority_steps(),
        )
        if services.municipality_mode(grant.case.municipality) == CalculationMode.DETAILED:
            supplements = SupplementFormSet(
                request.POST or None, prefix="supplement", form_kwargs={"assistants": assistants}
            )
        if request.method == "POST":
            status = 400
            if hours_form.is_valid() & (supplements is None or supplements.is_valid()):
                rows = [f.row for f in supplements if f.row] if supplements is not None else []
                try:
                    # One call: every upload is checked first, and draft, payslips and files are saved
                    # together, so a refused upload leaves no half-saved draft behind.
                    draft = services.payment_request_save_draft(
                        user=user,
                        grant=grant,
                        period_start=start,
                        period_end=end,
                        hours=hours_form.rows(),
                        supplements=rows,
                        expenses=hours_form.expenses(),
                        payslips=hours_form.payslips(),
                        receipts=hours_form.receipts(),
                    )
                except services.PeriodAlreadyRequested as error:
                    # Requested meanwhile (another tab, the API): back to the first step, which says so.
                    period_form = PeriodForm(request.POST, grants=grants)
                    period_form.is_valid()
                    period_form.add_service_errors(error)
                    hours_form, supplements = None, None
                except ValidationError as error:
                    hours_form.add_service_errors(error)
                    if hours_form.payslips() or hours_form.receipts():
                        # A browser never sends a file twice: say so, since the typed values are kept.
                        hours_form.add_error(
                            None,
                            "Intet er gemt endnu. Ret fejlen, og vedhæft lønsedler og kvitteringer igen.",
                        )
                else:
                    return redirect("payments:employer_request", pk=draft.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "payments/employer_new.html",
        {"period_form": period_form, "hours_form": hours_form, "supplements": supplements},
        status=status,
    )


@permission_required("payments.read_employer_request", obj=_payment)
def employer_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    form = SubmitForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.payment_request_submit(
                    user=user,
                    request=payment,
                    declaration=form.cleaned_data["declaration"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    need_unchanged=form.cleaned_data["need_unchanged"],
                    need_change=form.cleaned_data["need_change"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    f"Anmodningen er sendt ({payment.reference}). "
                    f"Vi udbetaler senest {payment.payout_due:%d.%m.%Y}."
                    + (
                        " Jobcentret har fået jeres svar om, at behovet har ændret sig, og vender tilbage."
                        if form.cleaned_data["need_unchanged"] is False
                        else ""
                    ),
                )
                return redirect("payments:employer_request", pk=payment.pk)
    _log_view(request, payment)
    return render(
        request,
        "payments/employer_request.html",
        {
            "payment": payment,
            "form": form,
            "corrections": payment.confirmed_corrections,
            "total": services.payment_request_total(payment),
            "payout": getattr(payment, "payout", None),
        },
        status=status,
    )


@permission_required("payments.delete_draft", obj=_payment)
def employer_request_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The employer deletes a draft after confirming; a sent request cannot be deleted."""
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get("confirm") == "yes":
            try:
                services.payment_request_delete_draft(user=user, request=payment)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Kladden for {payment.period_name} er slettet.")
                return redirect("payments:employer_list")
    return render(
        request,
        "payments/employer_delete.html",
        {"payment": payment},
        status=status,
    )


# --- payment officer -------------------------------------------------------------------------------


@permission_required("payments.use_queue")
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows: list[dict[str, Any]] = [
        {
            "payment": p,
            "days_left": selectors.days_left(p.payout_due, today),
            "total": services.payment_request_total(p),
        }
        for p in selectors.payment_queue(user=_user(request)).select_related("agency")
    ]
    # Flagged invoices first (their flags are what the officer must look at); otherwise the queue's order.
    rows.sort(key=lambda r: not (r["payment"].is_invoice and (r["payment"].failed or r["payment"].unknown)))
    return render(
        request,
        "payments/queue.html",
        {
            "rows": rows,
            "ready": sum(
                1 for r in rows if not (r["payment"].failed or r["payment"].unknown or r["payment"].late)
            ),
            "claims": selectors.open_repayment_claims(user=_user(request)),
            "today": today,
        },
    )


@permission_required("payments.handle_request", obj=_payment)
def officer_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    if payment.is_invoice:
        return redirect("payments:invoice", pk=payment.pk)
    return _officer_page(request, payment)


def _officer_page(
    request: HttpRequest, payment: PaymentRequest, status: int = 200, **forms: Any
) -> HttpResponse:
    controls = sorted(payment.controls.all(), key=lambda c: {"fail": 0, "unknown": 1, "pass": 2}[c.status])
    _log_view(request, payment)
    return render(
        request,
        "payments/officer_request.html",
        {
            "payment": payment,
            "controls": controls,
            "corrections": payment.corrections.select_related("by", "confirmed_by"),
            "pending": payment.corrections.filter(status=CorrectionStatus.PENDING).select_related("by"),
            "total": services.payment_request_total(payment),
            "payslips": payment.payslips.all(),
            "correction_form": forms.get("correction_form")
            or CorrectionForm(choices=services.correctable_lines(payment)),
            "approve_form": forms.get("approve_form") or ApproveForm(payment=payment),
            "reject_form": forms.get("reject_form") or RejectForm(),
            "all_pass": all(c.status == ControlStatus.PASS for c in controls),
            "claims": payment.grant.repayment_claims.all(),
            "payout": getattr(payment, "payout", None),
        },
        status=status,
    )


def _officer_action(
    request: HttpRequest,
    pk: int,
    make_form: Callable[[PaymentRequest], Any],
    key: str,
    action: Callable[[User, PaymentRequest, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    form = make_form(payment)
    if form.is_valid():
        try:
            action(user, payment, form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success)
            if request.POST.get("next") == "queue":
                return redirect("payments:queue")
            return redirect("payments:officer_request", pk=payment.pk)
    return _officer_page(request, payment, status=400, **{key: form})


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _officer_action(
        request,
        pk,
        lambda p: ApproveForm(request.POST, payment=p),
        "approve_form",
        lambda u, p, d: services.payment_request_approve(
            user=u,
            request=p,
            late_reason=d.get("late_reason") or "",
            override_reason=d.get("override_reason") or "",
        ),
        "Anmodningen er godkendt og kommer med i næste udbetalingsfil.",
    )


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _officer_action(
        request,
        pk,
        lambda p: CorrectionForm(request.POST, choices=services.correctable_lines(p)),
        "correction_form",
        lambda u, p, d: services.payment_request_correct(
            user=u, request=p, new_total=d["new_total"], reason=d["reason"], line=d["line"]
        ),
        "Rettelsen er gemt. En rettelse til mere end det beregnede beløb gælder først, når en anden "
        "ydelsesmedarbejder har godkendt den; virksomheden ser den, når den gælder.",
    )


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def correction_confirm(request: HttpRequest, pk: int, correction_pk: int) -> HttpResponse:
    """A second payment officer lets a correction above the computed amount count."""
    return _settle_correction(request, pk, correction_pk, confirm=True)


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def correction_refuse(request: HttpRequest, pk: int, correction_pk: int) -> HttpResponse:
    return _settle_correction(request, pk, correction_pk, confirm=False)


def _settle_correction(request: HttpRequest, pk: int, correction_pk: int, *, confirm: bool) -> HttpResponse:
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    correction = payment.corrections.filter(pk=correction_pk).first()
    if correction is None:
        raise Http404("Rettelsen findes ikke.")
    action = services.correction_confirm if confirm else services.correction_refuse
    try:
        action(user=user, correction=correction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _officer_page(request, payment, status=400)
    messages.success(
        request,
        "Rettelsen er godkendt og indgår nu i beløbet." if confirm else "Rettelsen er afvist og indgår ikke.",
    )
    return redirect("payments:officer_request", pk=payment.pk)


@permission_required("payments.settle_request", obj=_payment)
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _officer_action(
        request,
        pk,
        lambda p: RejectForm(request.POST),
        "reject_form",
        lambda u, p, d: services.payment_request_reject(user=u, request=p, reason=d["reason"]),
        "Anmodningen er afvist.",
    )


@permission_required("payments.handle_request", obj=_payment)
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # type: ignore[arg-type]  # typed for views of one argument
def payslip(request: HttpRequest, pk: int, payslip_pk: int) -> FileResponse:
    """A payslip shown inside the officer's page: inline, framed only by our own pages, access-logged."""
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    slip = payment.payslips.filter(pk=payslip_pk).first()
    if slip is None:
        raise Http404("Lønsedlen findes ikke.")
    case = payment.grant.case
    access_log_record(
        user=user,
        action=AccessLog.Action.DOWNLOAD,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: lønseddel «{slip.original_name}» til {payment.reference}",
        request=request,
    )
    return FileResponse(
        slip.file.open("rb"), content_type=slip.content_type, filename=slip.original_name, as_attachment=False
    )


@permission_required("payments.read_batches")
def batches(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        if not has("payments.create_batch", user):
            raise PermissionDenied("Kun ydelsesmedarbejdere kan danne en udbetalingsfil.")
        batch = services.payout_batch_create(user=user)
        if batch is None:
            messages.info(request, "Der er ingen godkendte udbetalinger at sende.")
        else:
            messages.success(request, f"Udbetalingsfil dannet: {batch.payouts.count()} udbetalinger.")
        return redirect("payments:batches")
    assert user.municipality is not None
    return render(
        request,
        "payments/batches.html",
        {
            "batches": PayoutBatch.objects.filter(municipality=user.municipality)[:50],
            "refund": services.refund_claim_totals(municipality=user.municipality),
            "waiting": PaymentRequest.objects.filter(
                municipality=user.municipality, status=RequestStatus.APPROVED, payout__batch__isnull=True
            ).count(),
        },
    )


@permission_required("payments.read_batches")
def batch_csv(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    batch = PayoutBatch.objects.filter(pk=pk, municipality=user.municipality).first()
    if batch is None:
        raise Http404("Filen findes ikke.")
    response = HttpResponse(batch.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="udbetaling-{batch.pk}.csv"'
    return response


@permission_required("payments.read_rates")
def rates(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kinds = sorted(NATIONAL_RATE_KINDS if user.role == Role.NATIONAL else MUNICIPAL_RATE_KINDS)
    form = RateRowForm(request.POST or None, kinds=kinds)
    affected: list[Any] | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                row = services.rate_row_add(user=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Satsen er gemt.")
                affected = services.requests_affected_by(row)
                if user.role == Role.NATIONAL:
                    # STAR sees how many requests a national rate reaches, not the requests themselves.
                    counts = Counter(p.municipality.name for p in affected)
                    affected = sorted(counts.items())
                form = RateRowForm(kinds=kinds)
                status = 200
    return render(
        request,
        "payments/rates.html",
        {
            "rows": services.rate_rows_visible_to(user),
            "form": form,
            "affected": affected,
            "admin_form": _bpa_admin_form(user),
        },
        status=status,
    )


def _bpa_admin_form(user: User, data: Any = None) -> BpaAdminModeForm | None:
    """The municipality's officer chooses how BPA's administration contribution is paid; STAR does not."""
    if not has("payments.set_bpa_admin_mode", user):
        return None
    current = PaymentSettings.objects.filter(municipality=user.municipality).first()
    return BpaAdminModeForm(
        data, initial={"bpa_admin_mode": current.bpa_admin_mode if current else "per_hour"}
    )


@permission_required("payments.set_bpa_admin_mode")
@require_POST
def bpa_admin_mode(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = _bpa_admin_form(user, request.POST)
    assert form is not None  # the rule above
    if form.is_valid() and form.run_service(
        lambda: services.bpa_admin_mode_set(user=user, mode=form.cleaned_data["bpa_admin_mode"])
    ):
        messages.success(
            request, "Valget af administrationsbidrag til BPA er gemt. Det gælder de næste måneder."
        )
        return redirect("payments:rates")
    return render(
        request,
        "payments/rates.html",
        {"rows": services.rate_rows_visible_to(user), "form": RateRowForm(), "admin_form": form},
        status=400,
    )


@permission_required("payments.claim_repayment", obj=_payment)
def repayment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft repayment claim on the grant of request `pk`, computed per paid request of the grant."""
    user = _user(request)
    payment = selectors.payment_request_get(user=user, pk=pk)
    earlier = services.earlier_claimed(payment.grant)
    rows = [
        {"request": r, "earlier": earlier.get(r.pk, Decimal(0))}
        for r in services.paid_requests(payment.grant)
    ]
    form = RepaymentClaimForm(request.POST or None, payments=rows)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                claim = services.repayment_claim_create(
                    user=user,
                    grant=payment.grant,
                    condition=form.cleaned_data["condition"],
                    facts=form.cleaned_data["facts"],
                    should_have_been=form.should_have_been(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    "Kravet er gemt som kladde. Læs partshøringen igennem, og send den til virksomheden.",
                )
                return redirect("payments:repayment", pk=claim.pk)
    _log_view(request, payment)
    return render(
        request,
        "payments/repayment_new.html",
        {"payment": payment, "form": form, "rows": rows},
        status=status,
    )


def _claim(request: HttpRequest, pk: int, **kwargs: Any) -> RepaymentClaim:
    """Any claim by pk, for the rule to judge; outside the user's scope it is then refused."""
    claim = (
        RepaymentClaim.objects.select_related(
            "grant__case__employer", "grant__case__person", "grant__case__municipality"
        )
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("Kravet findes ikke, eller du har ikke adgang til det.")
    return claim


def _log_claim_view(request: HttpRequest, claim: RepaymentClaim) -> None:
    case = claim.grant.case
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: tilbagebetalingskrav {claim.reference}",
        request=request,
    )


def _hearing_preview(claim: RepaymentClaim) -> str:
    """The hearing letter as it would go out today, so the officer reads it before sending it."""
    draft = copy.copy(claim)
    draft.response_due = repayment_rules.hearing_deadline(timezone.localdate())
    return repayment_hearing_letter(claim=draft)[1]


def _claim_page(request: HttpRequest, claim: RepaymentClaim, status: int = 200, **forms: Any) -> HttpResponse:
    _log_claim_view(request, claim)
    today = timezone.localdate()
    may_decide = claim.status == ClaimStatus.HEARING and repayment_rules.may_decide(
        response_due=claim.response_due or today, answered=claim.answered, today=today
    )
    return render(
        request,
        "payments/repayment.html",
        {
            "claim": claim,
            "case": claim.grant.case,
            "preview": _hearing_preview(claim) if claim.status == ClaimStatus.DRAFT else "",
            "may_decide": may_decide,
            "offsets": claim.offsets.select_related("payout__request"),
            "hearing_form": forms.get("hearing_form") or RepaymentHearingForm(),
            "answer_form": forms.get("answer_form") or RepaymentAnswerRecordForm(),
            "decide_form": forms.get("decide_form") or RepaymentDecideForm(),
            "drop_form": forms.get("drop_form") or RepaymentDropForm(),
        },
        status=status,
    )


@permission_required("payments.handle_claim", obj=_claim)
def repayment(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's page of one claim: computation, hearing, answer, decision or dropping."""
    return _claim_page(request, _claim(request, pk))


def _claim_action(
    request: HttpRequest,
    pk: int,
    form: Any,
    key: str,
    action: Callable[[User, RepaymentClaim, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    claim = _claim(request, pk)
    if form.is_valid():
        try:
            action(_user(request), claim, form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, success)
            return redirect("payments:repayment", pk=claim.pk)
    claim.refresh_from_db()
    return _claim_page(request, claim, status=400, **{key: form})


@permission_required("payments.settle_claim", obj=_claim)
@require_POST
def repayment_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(
        request,
        pk,
        RepaymentHearingForm(request.POST),
        "hearing_form",
        lambda u, c, d: services.repayment_hearing_send(user=u, claim=c, response_days=d["response_days"]),
        "Partshøringen er sendt til virksomheden. Du kan træffe afgørelse, når virksomheden har svaret, "
        "eller fristen er udløbet.",
    )


@permission_required("payments.settle_claim", obj=_claim)
@require_POST
def repayment_answer_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(
        request,
        pk,
        RepaymentAnswerRecordForm(request.POST),
        "answer_form",
        lambda u, c, d: services.repayment_answer(
            user=u, claim=c, answer=d["answer"], received_on=d["received_on"]
        ),
        "Virksomhedens svar er registreret.",
    )


@permission_required("payments.settle_claim", obj=_claim)
@require_POST
def repayment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(
        request,
        pk,
        RepaymentDecideForm(request.POST),
        "decide_form",
        lambda u, c, d: services.repayment_decide(
            user=u,
            claim=c,
            assessment=d.get("assessment") or "",
            settlement=d["settlement"],
            payment_account=d.get("payment_account") or "",
            payment_due=d.get("payment_due"),
        ),
        "Afgørelsen er truffet, og brevet er sendt til virksomheden.",
    )


@permission_required("payments.settle_claim", obj=_claim)
@require_POST
def repayment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_action(
        request,
        pk,
        RepaymentDropForm(request.POST),
        "drop_form",
        lambda u, c, d: services.repayment_drop(user=u, claim=c, reason=d["dropped_reason"]),
        "Kravet er opgivet.",
    )


@permission_required("payments.answer_claim", obj=_claim)
def employer_repayment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The employer reads the hearing on a claim and answers it (FVL § 19)."""
    user = _user(request)
    claim = _claim(request, pk)
    form = RepaymentEmployerAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.repayment_answer(user=user, claim=claim, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    "Tak. Jobcentret har modtaget jeres svar og inddrager det, før det træffer afgørelse.",
                )
                return redirect("payments:employer_repayment_answer", pk=claim.pk)
    _log_claim_view(request, claim)
    return render(
        request,
        "payments/employer_repayment.html",
        {"claim": claim, "case": claim.grant.case, "form": form},
        status=status,
    )


@permission_required("payments.approve_trip", obj=_case)
def trip_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The caseworker approves a work trip on the case's active grant."""
    from kompensation.cases.selectors import case_get_visible

    user = _user(request)
    case = case_get_visible(user=user, pk=case_pk)
    grant = case.grants.filter(status="active").first()
    if grant is None:
        raise Http404("Sagen har ingen aktiv bevilling.")
    form = TripForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.trip_approve(user=user, grant=grant, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, "Rejsen er godkendt. Virksomheden kan nu søge refusion af udgifterne."
                )
                return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "payments/trip_new.html",
        {"case": case, "grant": grant, "form": form, "trips": grant.trips.all()},
        status=status,
    )
