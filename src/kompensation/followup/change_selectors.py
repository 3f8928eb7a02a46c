"""Reads of change reports, always through the user's scope (`permissions.change_report_scope`).

The employer reads only the reports it made itself: the person's may tell of their health.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Case, GrantStatus
from kompensation.cases.selectors import case_queryset_visible_to

from .models import ChangeHandling, ChangeReport, ChangeReportStatus, Reporter
from .permissions import change_report_scope

NOT_FOUND = "Ændringsanmeldelsen findes ikke, eller du har ikke adgang til den."
PORTAL_LIMIT = 20


def change_reports_visible_to(*, user: User) -> QuerySet[ChangeReport]:
    return ChangeReport.objects.filter(change_report_scope(user)).select_related(
        "case", "case__person", "case__employer", "case__caseworker", "grant", "deadline", "decision"
    )


def change_report_get_visible(*, user: User, pk: int) -> ChangeReport:
    report = change_reports_visible_to(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404(NOT_FOUND)
    return report


def change_report_worklist(*, user: User, mine: bool, handled: bool) -> QuerySet[ChangeReport]:
    """The municipality's reports: open ones with the oldest deadline first; handled ones newest first.
    ``mine``: only cases assigned to the user (a caseworker's own work), else the whole team's."""
    reports = change_reports_visible_to(user=user)
    if mine:
        reports = reports.filter(case__caseworker=user)
    if handled:
        return reports.filter(status=ChangeReportStatus.HANDLED).order_by("-handled_at", "-pk")
    return reports.filter(status=ChangeReportStatus.OPEN).order_by("deadline__due", "received_at", "pk")


def case_change_reports(*, case: Case) -> list[ChangeReport]:
    """The case's reports, newest first (the caller has already been allowed to read the case)."""
    return list(case.change_reports.select_related("deadline", "decision", "reported_by"))


def portal_change_report_cases(*, user: User) -> list[Case]:
    """The cases the logged-in person or employer can report a change on: those with a running grant."""
    if user.role not in (Role.CITIZEN, Role.EMPLOYER):
        return []
    return list(
        case_queryset_visible_to(user)
        .filter(grants__status=GrantStatus.ACTIVE)
        .distinct()
        .order_by("-received_on", "-pk")
    )


def portal_change_reports(*, user: User) -> list[ChangeReport]:
    """The party's own reports, newest first."""
    if user.role not in (Role.CITIZEN, Role.EMPLOYER):
        return []
    return list(change_reports_visible_to(user=user)[:PORTAL_LIMIT])


def employer_api_reports(*, user: User) -> QuerySet[ChangeReport]:
    """What a payroll system lists: the employer's own reports (the token's CVR)."""
    if user.role != Role.EMPLOYER:
        return ChangeReport.objects.none()
    return change_reports_visible_to(user=user).order_by("-received_at", "-pk")


def change_report_status_text(report: ChangeReport) -> str:
    """The report's status in the reporter's words."""
    if report.status == ChangeReportStatus.OPEN:
        if report.deadline is not None:
            return f"Jobcentret tager stilling til ændringen senest {report.deadline.due:%d.%m.%Y}."
        return "Jobcentret tager stilling til ændringen."
    you = "dig" if report.reporter == Reporter.PERSON else "jer"
    texts = {
        ChangeHandling.NOTED: "Jobcentret har noteret ændringen. Den har ikke betydning for bevillingen.",
        ChangeHandling.FOLLOW_UP: f"Jobcentret følger op på ændringen og kontakter {you}.",
        ChangeHandling.REASSESS: "Jobcentret vurderer sagen igen og træffer en ny afgørelse.",
        ChangeHandling.STOPPED: "Bevillingen er standset. Afgørelsen er sendt som brev.",
    }
    return texts.get(ChangeHandling(report.handling), report.get_handling_display())
