"""The interpreting agency's pages on Mine sider: its users, its invoices, and the invoice form.

The invoice is entered in four short steps — the user (grant), the period and invoice number, the lines, and
«Tjek fakturaen», where the product prices every line next to what the agency claims. What the agency has
typed lives in the session until the invoice is sent, so nothing is lost between the steps or on an error.
`payments.services.invoice_submit` decides; the agency sees its messages in the error summary.

The agency sees the user's name and the grant's terms, never health data: no impairment, no documents.
"""

from __future__ import annotations

import datetime as dt
import types
import uuid
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record, access_log_record_cases
from kompensation.cases.models import Grant
from kompensation.payments import selectors, services
from kompensation.payments.models import Agency, CorrectionStatus, Interpreter, PaymentRequest, RequestSource

from .agency_forms import (
    MAX_ROWS,
    GrantChoiceForm,
    LineForm,
    PeriodForm,
    SubmitInvoiceForm,
    line_forms,
    row_is_blank,
    rows_from_post,
)

SESSION_KEY = "agency_invoice"
STEPS = [
    ("bruger", "Tolkebruger", "portal:agency_invoice_grant"),
    ("periode", "Periode og fakturanummer", "portal:agency_invoice_period"),
    ("linjer", "Linjer", "portal:agency_invoice_lines"),
    ("tjek", "Tjek fakturaen", "portal:agency_invoice_check"),
]
NOT_FOUND = "Fakturaen findes ikke, eller du har ikke adgang til den."


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _agency(request: HttpRequest) -> Agency:
    agency = selectors.agency_of_user(_user(request))
    if agency is None:
        raise Http404("Tolkebureauet er ikke registreret. Kontakt kommunen.")
    return agency


def _invoice(request: HttpRequest, pk: int, **kwargs: Any) -> PaymentRequest:
    """Any invoice by pk, for the rule to judge; another agency's is then a 404."""
    invoice = (
        PaymentRequest.objects.select_related("agency", "employer", "grant__decision").filter(pk=pk).first()
    )
    if invoice is None or not invoice.is_invoice:
        raise Http404(NOT_FOUND)
    return invoice


def _interpreters_url() -> str | None:
    """The agency's interpreter registry, built elsewhere; a plain text until its route exists."""
    try:
        return reverse("portal:agency_interpreters")
    except NoReverseMatch:
        return None


def _log_invoice(request: HttpRequest, invoice: PaymentRequest, what: str) -> None:
    case = invoice.grant.case
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{what} {invoice.reference} (faktura {invoice.invoice_number})",
        request=request,
    )


# --- start page and invoices -----------------------------------------------------------------------


@permission_required("payments.use_agency_portal")
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    grants = list(selectors.grants_of_agency(user))
    invoices = list(selectors.invoices_of_agency(user)[:10])
    access_log_record_cases(user=user, cases={g.case.pk: g.case for g in grants}.values(), request=request)
    return render(
        request,
        "portal/agency/home.html",
        {
            "agency": selectors.agency_of_user(user),
            "grants": grants,
            "invoices": invoices,
            "interpreters_url": _interpreters_url(),
        },
    )


@permission_required("payments.use_agency_portal")
def invoices(request: HttpRequest) -> HttpResponse:
    """Every invoice of the agency, searchable by invoice number or the user's name."""
    user = _user(request)
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.invoices_of_agency(user)
    if query:
        # The name is stored as first and last name: every word typed must be in one of them.
        by_name = Q()
        for word in query.split():
            by_name &= Q(grant__case__person__first_name__icontains=word) | Q(
                grant__case__person__last_name__icontains=word
            )
        rows = rows.filter(Q(invoice_number__icontains=query) | by_name)
    page = Paginator(rows, 25).get_page(request.GET.get("side"))
    access_log_record_cases(
        user=user, cases={i.grant.case.pk: i.grant.case for i in page}.values(), request=request
    )
    return render(request, "portal/agency/invoices.html", {"page": page, "q": query})


def _line_rows(invoice: PaymentRequest) -> list[dict[str, Any]]:
    """Each line with what was paid for it and why anything was corrected or rejected."""
    paid = invoice.calculation.get("lines", [])
    corrections: dict[int, list[Any]] = {}
    for correction in invoice.corrections.filter(status=CorrectionStatus.CONFIRMED):
        if correction.line_code.isdigit():
            corrections.setdefault(int(correction.line_code) + 1, []).append(correction)
    rows = []
    for line in invoice.invoice_lines.select_related("interpreter"):
        entry = paid[line.position - 1] if line.position - 1 < len(paid) else {}
        rows.append(
            {
                "line": line,
                "paid": Decimal(entry["amount"]) if "amount" in entry else None,
                "corrections": corrections.get(line.position, []),
            }
        )
    return rows


@permission_required("payments.read_agency_invoice", obj=_invoice, not_found=NOT_FOUND)
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoices_of_agency(_user(request)).filter(pk=pk).first()
    if invoice is None:
        raise Http404(NOT_FOUND)
    _log_invoice(request, invoice, "Faktura")
    claimed, computed = services.invoices.claimed_versus_computed(invoice)
    payout = getattr(invoice, "payout", None)
    return render(
        request,
        "portal/agency/invoice.html",
        {
            "invoice": invoice,
            "rows": _line_rows(invoice),
            "claimed": claimed,
            "computed": computed,
            "total": services.payment_request_total(invoice),
            "general_corrections": [c for c in invoice.confirmed_corrections if not c.line_code.isdigit()],
            "payout": payout,
            "paid_on": payout.batch.created_at if payout is not None and payout.batch else None,
        },
    )


@permission_required("payments.read_agency_invoice", obj=_invoice, not_found=NOT_FOUND)
def invoice_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoices_of_agency(_user(request)).filter(pk=pk).first()
    if invoice is None:
        raise Http404(NOT_FOUND)
    _log_invoice(request, invoice, "Kvittering for faktura")
    claimed, computed = services.invoices.claimed_versus_computed(invoice)
    return render(
        request,
        "portal/agency/receipt.html",
        {"invoice": invoice, "claimed": claimed, "computed": computed},
    )


# --- the invoice form ------------------------------------------------------------------------------


def _draft(request: HttpRequest) -> dict[str, Any]:
    draft = request.session.get(SESSION_KEY)
    if not isinstance(draft, dict):
        draft = {"grant": "", "period_start": "", "period_end": "", "invoice_number": "", "lines": []}
    draft.setdefault("key", uuid.uuid4().hex)
    return draft


def _save(request: HttpRequest, draft: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = draft
    request.session.modified = True


def _grant(request: HttpRequest, draft: dict[str, Any]) -> Grant | None:
    """The chosen grant, still one the agency may invoice (approved, running)."""
    pk = str(draft.get("grant", ""))
    if not pk.isdigit():
        return None
    grant = selectors.grants_of_agency(_user(request)).filter(pk=int(pk)).first()
    if grant is None or not has("payments.submit_invoice_for_grant", _user(request), grant):
        return None
    return grant


def _context(step: str, draft: dict[str, Any], grant: Grant | None, **extra: Any) -> dict[str, Any]:
    index = [s for s, _, _ in STEPS].index(step)
    return {
        "steps": STEPS,
        "step": step,
        "index": index,
        "title": STEPS[index][1],
        "draft": draft,
        "grant": grant,
        **extra,
    }


def _summary(forms: list[LineForm], errors: list[str]) -> Any:
    """The rows' errors and the table's own, as one formset-like object for `{% error_summary %}`."""
    return types.SimpleNamespace(errors=True, forms=forms, non_form_errors=lambda: errors)


def _interpreter_choices(agency: Agency) -> list[tuple[str, str]]:
    return [(i.number, f"{i.name} ({i.number})") for i in Interpreter.objects.filter(agencies=agency)]


def _period_ready(draft: dict[str, Any]) -> bool:
    form = PeriodForm({k: draft.get(k, "") for k in ("period_start", "period_end", "invoice_number")})
    return form.is_valid()


@permission_required("payments.submit_invoice")
def invoice_grant(request: HttpRequest) -> HttpResponse:
    """Step 1: which user (grant) the invoice is for."""
    draft = _draft(request)
    grants = selectors.grants_of_agency(_user(request))
    form = GrantChoiceForm(request.POST or None, grants=grants, initial={"grant": draft.get("grant")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            draft["grant"] = form.cleaned_data["grant"]
            if _grant(request, draft) is None:
                form.add_error("grant", "Bureauet kan ikke fakturere på den bevilling.")
            else:
                _save(request, draft)
                return redirect("portal:agency_invoice_period")
    return render(
        request,
        "portal/agency/invoice_step.html",
        _context("bruger", draft, _grant(request, draft), form=form, no_grants=not grants.exists()),
        status=status,
    )


@permission_required("payments.submit_invoice")
def invoice_period(request: HttpRequest) -> HttpResponse:
    """Step 2: the period the invoice covers, and the agency's invoice number."""
    draft = _draft(request)
    grant = _grant(request, draft)
    if grant is None:
        return redirect("portal:agency_invoice_grant")
    fields = ("period_start", "period_end", "invoice_number")
    form = PeriodForm(request.POST or None, initial={k: draft.get(k, "") for k in fields})
    status = 200
    if request.method == "POST":
        # Kept as typed, valid or not: going back to this step shows it again.
        draft.update({k: request.POST.get(k, "").strip() for k in fields})
        _save(request, draft)
        status = 400
        if form.is_valid():
            draft["period_start"] = form.cleaned_data["period_start"].isoformat()
            draft["period_end"] = form.cleaned_data["period_end"].isoformat()
            _save(request, draft)
            return redirect("portal:agency_invoice_lines")
    return render(
        request,
        "portal/agency/invoice_step.html",
        _context("periode", draft, grant, form=form),
        status=status,
    )


@permission_required("payments.submit_invoice")
def invoice_lines(request: HttpRequest) -> HttpResponse:
    """Step 3: the sessions. «Tilføj linje» and «Fjern» post the table and come back to it (no JavaScript)."""
    draft = _draft(request)
    grant = _grant(request, draft)
    if grant is None:
        return redirect("portal:agency_invoice_grant")
    if not _period_ready(draft):
        return redirect("portal:agency_invoice_period")
    choices = _interpreter_choices(_agency(request))
    rows: list[dict[str, str]] = draft.get("lines") or []
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            count = min(int(request.POST.get("rows", "0")), MAX_ROWS)
        except ValueError:
            count = 0
        rows = rows_from_post(request.POST, count)
        remove = request.POST.get("remove", "")
        if remove.isdigit() and int(remove) < len(rows):
            rows.pop(int(remove))
        if "add" in request.POST and len(rows) < MAX_ROWS:
            rows.append({"remote": "no", "demanding": "no"})
        draft["lines"] = rows
        _save(request, draft)
        if "add" in request.POST or remove:
            return redirect(reverse("portal:agency_invoice_lines") + f"#linje-{len(rows)}")
        filled = [r for r in rows if not row_is_blank(r)]
        forms = line_forms(filled, choices, bound=True)
        if not filled:
            errors.append("Fakturaen skal have mindst én linje. Udfyld linjen, eller vælg «Tilføj linje».")
        elif all([f.is_valid() for f in forms]):
            draft["lines"] = filled
            _save(request, draft)
            return redirect("portal:agency_invoice_check")
        status = 400
        if filled:
            draft["lines"] = filled
            _save(request, draft)
            return render(
                request,
                "portal/agency/invoice_lines.html",
                _context("linjer", draft, grant, forms=forms, summary=_summary(forms, errors)),
                status=status,
            )
    if not rows:
        rows = [{"remote": "no", "demanding": "no"}]
    forms = line_forms(rows, choices, bound=False)
    return render(
        request,
        "portal/agency/invoice_lines.html",
        _context("linjer", draft, grant, forms=forms, summary=_summary(forms, errors)),
        status=status,
    )


def _session_lines(draft: dict[str, Any], agency: Agency) -> list[services.SessionLine] | None:
    """The typed rows as the service's lines, or None when a row needs correcting first."""
    forms = line_forms(draft.get("lines") or [], _interpreter_choices(agency), bound=True)
    if not forms or not all([f.is_valid() for f in forms]):
        return None
    return [_session_line(f) for f in forms]


def _session_line(form: LineForm) -> services.SessionLine:
    data = form.cleaned_data
    return services.SessionLine(
        date=data["date"],
        start=data["start"],
        end=data["end"],
        interpreter=data["interpreter"],
        claimed=data["claimed"],
        remote=data["remote"] == "yes",
        postcode=data["postcode"],
        zone=int(data["zone"]) if data.get("zone") else None,
        demanding=data["demanding"] == "yes",
    )


def _priced(
    lines: list[services.SessionLine], grant: Grant, names: dict[str, str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each line as claimed next to what the product computes; the pricing's own message if it cannot."""
    try:
        priced = services.price_lines(lines, grant=grant)
    except (ValueError, ValidationError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        return [{"line": x, "name": names.get(x.interpreter, x.interpreter)} for x in lines], messages
    rows = [
        {
            "line": x,
            "name": names.get(x.interpreter, x.interpreter),
            "price": p,
            "computed": p.total,
            "difference": x.claimed - p.total,
            "paid": min(x.claimed, p.total),
        }
        for x, p in zip(lines, priced, strict=True)
    ]
    return rows, []


@permission_required("payments.submit_invoice")
def invoice_check(request: HttpRequest) -> HttpResponse:
    """Step 4: every line priced by the product next to the claim; «Send fakturaen» submits it once."""
    user = _user(request)
    agency = _agency(request)
    form = SubmitInvoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A second click (or a resent form) finds the invoice the first one created: shown, not sent again.
        done = PaymentRequest.objects.filter(
            agency=agency, idempotency_key=form.cleaned_data["idempotency_key"]
        ).first()
        if done is not None:
            return redirect("portal:agency_invoice_receipt", pk=done.pk)
    draft = _draft(request)
    grant = _grant(request, draft)
    if grant is None:
        return redirect("portal:agency_invoice_grant")
    if not _period_ready(draft):
        return redirect("portal:agency_invoice_period")
    lines = _session_lines(draft, agency)
    if lines is None:
        return redirect("portal:agency_invoice_lines")
    _save(request, draft)
    names = {number: name for number, name in _interpreter_choices(agency)}
    rows, pricing_errors = _priced(lines, grant, names)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invoice = services.invoice_submit(
                    user=user,
                    agency=agency,
                    grant=grant,
                    period_start=dt.date.fromisoformat(draft["period_start"]),
                    period_end=dt.date.fromisoformat(draft["period_end"]),
                    invoice_number=draft["invoice_number"],
                    lines=lines,
                    source=RequestSource.PORTAL,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                done = PaymentRequest.objects.filter(
                    agency=agency, idempotency_key=form.cleaned_data["idempotency_key"]
                ).first()
                if done is not None:  # the twin request won the race
                    return redirect("portal:agency_invoice_receipt", pk=done.pk)
                form.add_error(None, error.messages)
            else:
                request.session.pop(SESSION_KEY, None)
                return redirect("portal:agency_invoice_receipt", pk=invoice.pk)
    if not form.is_bound:
        form = SubmitInvoiceForm(initial={"idempotency_key": draft["key"]})
    claimed = sum((x.claimed for x in lines), Decimal(0))
    computed = sum((r["computed"] for r in rows if "computed" in r), Decimal(0))
    return render(
        request,
        "portal/agency/invoice_check.html",
        _context(
            "tjek",
            draft,
            grant,
            form=form,
            rows=rows,
            pricing_errors=pricing_errors,
            claimed=claimed,
            computed=computed,
            difference=claimed - computed,
            to_pay=sum((r["paid"] for r in rows if "paid" in r), Decimal(0)),
            period_start=dt.date.fromisoformat(draft["period_start"]),
            period_end=dt.date.fromisoformat(draft["period_end"]),
        ),
        status=status,
    )
