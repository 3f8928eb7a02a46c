"""Views: change reports (BEK § 29).

Portal: the person or the employer reports a change on a case (form, «Tjek og send», receipt). Staff: the
municipality's open reports, oldest deadline first; the report page, where the caseworker handles it (and
may stop the grant with a decision); and registering a change told by phone or letter.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Role, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record, access_log_record_cases
from kompensation.cases import selectors as case_selectors
from kompensation.cases.models import Case, Confidentiality
from kompensation.rules import deadlines
from kompensation.rules import followup as law

from .. import change_selectors as selectors
from ..change_forms import ChangeReportForm, ChangeReportHandleForm, ChangeReportRegisterForm
from ..models import ChangeHandling, ChangeReport, ChangeReportStatus, Reporter, ReportSource
from ..services import changes as services

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    case = Case.objects.select_related("person", "employer", "municipality").filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def _report(request: HttpRequest, pk: int, **kwargs: Any) -> ChangeReport:
    report = (
        ChangeReport.objects.select_related("case", "case__person", "case__employer").filter(pk=pk).first()
    )
    if report is None:
        raise Http404(selectors.NOT_FOUND)
    return report


def _log(request: HttpRequest, case: Case, what: str, *, health: bool = False) -> None:
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: {what}",
        request=request,
        health=health,
    )


# --- portal -----------------------------------------------------------------------------------------


@permission_required("followup.report_change", obj=_case)
def change_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    """«Anmeld en ændring»: what, when and how, then «Tjek og send»; nothing is kept until it is sent."""
    user = _user(request)
    case = case_selectors.case_get_visible(user=user, pk=pk)
    reporter = Reporter.PERSON if user.role == Role.CITIZEN else Reporter.EMPLOYER
    _log(request, case, "anmeld en ændring")
    posted = request.method == "POST"
    form = ChangeReportForm(request.POST if posted else None, reporter=reporter)
    context: dict[str, Any] = {
        "case": case,
        "form": form,
        "step": "form",
        "employer": reporter == Reporter.EMPLOYER,
        "grant": services.case_active_grant(case),
    }
    if not posted:
        return render(request, "followup/change_report_new.html", context)
    if "edit" in request.POST:
        # «Ret anmeldelsen» on the check page: back to the form, as typed.
        context["form"] = ChangeReportForm(initial=request.POST.dict(), reporter=reporter)
        return render(request, "followup/change_report_new.html", context)
    if not form.is_valid():
        return render(request, "followup/change_report_new.html", context, status=400)
    if "send" not in request.POST:
        context |= {"step": "check", "kind_label": law.change_kind(form.cleaned_data["kind"]).label}
        return render(request, "followup/change_report_new.html", context)
    data = form.cleaned_data
    try:
        report = services.change_report_submit(
            user=user,
            case=case,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            description=data["description"],
            source=ReportSource.PORTAL,
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return render(request, "followup/change_report_new.html", context, status=400)
    return redirect("followup:change_report_receipt", pk=report.pk)


@permission_required("followup.read_own_change_report", obj=_report, not_found=selectors.NOT_FOUND)
def change_report_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.change_report_get_visible(user=_user(request), pk=pk)
    _log(request, report.case, f"kvittering for ændringsanmeldelse {report.pk}")
    return render(
        request,
        "followup/change_report_receipt.html",
        {"report": report, "case": report.case, "status_text": selectors.change_report_status_text(report)},
    )


# --- staff ------------------------------------------------------------------------------------------


@permission_required("followup.list_change_reports")
def change_reports(request: HttpRequest) -> HttpResponse:
    """The municipality's change reports: a caseworker's own by default, or the whole team's."""
    user = _user(request)
    mine = request.GET.get("vis", "mine" if user.role == Role.CASEWORKER else "alle") == "mine"
    handled = request.GET.get("status") == "behandlet"
    reports = selectors.change_report_worklist(user=user, mine=mine, handled=handled)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("side"))
    access_log_record_cases(user=user, cases=[r.case for r in page], request=request)
    today = timezone.localdate()
    rows = [
        {
            "report": r,
            "days_left": deadlines.days_remaining(r.deadline.due, today) if r.deadline else None,
        }
        for r in page
    ]

    def query(**changes: str) -> str:
        params = {"vis": "mine" if mine else "alle", "status": "behandlet" if handled else "aabne"}
        return urlencode(params | changes)

    return render(
        request,
        "followup/change_reports.html",
        {
            "page": page,
            "rows": rows,
            "mine": mine,
            "handled": handled,
            "query": query(),
            "views": [
                {"label": "Mine sager", "query": query(vis="mine"), "current": mine},
                {"label": "Hele teamet", "query": query(vis="alle"), "current": not mine},
            ],
            "tabs": [
                {"label": "Til behandling", "query": query(status="aabne"), "current": not handled},
                {"label": "Behandlede", "query": query(status="behandlet"), "current": handled},
            ],
        },
    )


@permission_required("followup.read_change_report_casework", obj=_report, not_found=selectors.NOT_FOUND)
def change_report(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: what was reported, and the caseworker's handling (a stop is a decision with letters)."""
    user = _user(request)
    report = selectors.change_report_get_visible(user=user, pk=pk)
    may_handle = has("followup.handle_change_report", user, report)
    form: ChangeReportHandleForm | None = None
    status = 200
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied("Kun en sagsbehandler i sagens kommune kan behandle anmeldelsen.")
        form = ChangeReportHandleForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.change_report_handle(
                    user=user,
                    report=report,
                    handling=form.cleaned_data["handling"],
                    note=form.cleaned_data["note"],
                    ending=form.ending(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _handled_message(form.cleaned_data["handling"]))
                return redirect("followup:change_report", pk=report.pk)
    elif may_handle and report.status == ChangeReportStatus.OPEN:
        form = ChangeReportHandleForm(
            initial=services.change_report_ending_defaults(report=report, today=timezone.localdate())
        )
    _log(
        request,
        report.case,
        f"ændringsanmeldelse {report.pk}",
        health=report.confidentiality == Confidentiality.HEALTH,
    )
    today = timezone.localdate()
    return render(
        request,
        "followup/change_report.html",
        {
            "report": report,
            "case": report.case,
            "form": form,
            "grant": report.grant,
            "days_left": deadlines.days_remaining(report.deadline.due, today) if report.deadline else None,
        },
        status=status,
    )


def _handled_message(handling: str) -> str:
    return {
        ChangeHandling.NOTED: "Ændringen er noteret.",
        ChangeHandling.FOLLOW_UP: "Der er planlagt en opfølgning inden 4 uger.",
        ChangeHandling.REASSESS: "Sagen vurderes igen. Træf den nye afgørelse på sagen.",
        ChangeHandling.STOPPED: (
            "Bevillingen er standset, og afgørelsen er sendt til personen og virksomheden. "
            "Udbetaling for tiden efter den sidste dag er blokeret."
        ),
    }[ChangeHandling(handling)]


@permission_required("followup.register_change_report", obj=_case)
def change_report_register(request: HttpRequest, pk: int) -> HttpResponse:
    """A change told by phone or letter, registered by the caseworker with who told it."""
    user = _user(request)
    case = case_selectors.case_get_visible(user=user, pk=pk)
    posted = request.method == "POST"
    form = ChangeReportRegisterForm(request.POST if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.change_report_submit(
                user=user,
                case=case,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                source=ReportSource.CASEWORKER,
                reporter=data["reporter"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, "Ændringen er registreret. Tag stilling til den nu eller inden fristen."
            )
            return redirect("followup:change_report", pk=report.pk)
    _log(request, case, "registrér en ændring")
    return render(
        request,
        "followup/change_report_register.html",
        {"case": case, "form": form},
        status=400 if posted else 200,
    )
