"""Management information: processing time per step (Ankestyrelsen's Tabel 4.1 and 4.3) as pages and CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from kompensation import formats
from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import permission_required

from . import selectors
from .forms import ProcessingTimeFilterForm, default_period

PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _filters(request: HttpRequest) -> tuple[ProcessingTimeFilterForm, selectors.ReportFilters, str]:
    """The filter form bound to the query string; on the first visit, the last 12 months."""
    data = request.GET.copy()
    if "date_from" not in data and "date_to" not in data:
        start, end = default_period(timezone.localdate())
        data["date_from"], data["date_to"] = start.isoformat(), end.isoformat()
    form = ProcessingTimeFilterForm(data, user=_user(request))
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    municipality = cleaned.get("municipality")
    filters = selectors.ReportFilters(
        scheme=cleaned.get("scheme", ""),
        date_from=None if "date_from" in form.errors else cleaned.get("date_from"),
        date_to=None if "date_to" in form.errors else cleaned.get("date_to"),
        municipality_id=municipality.pk if municipality else None,
        only_complaints=bool(cleaned.get("only_complaints")),
    )
    keep = {k: str(v) for k, v in data.items() if k in form.fields and v}
    query = urlencode(keep)
    return form, filters, query


@permission_required("insights.read_processing_time")
def processing_time(request: HttpRequest) -> HttpResponse:
    """Tabel 4.1: one row per case, one column per step, the total; averages over every filtered case."""
    if request.GET.get("format") == "csv":
        return _processing_time_csv(request)
    form, filters, query = _filters(request)
    user = _user(request)
    report = selectors.processing_time_report(user=user, filters=filters)
    page = Paginator(report.rows, PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "insights/processing_time.html",
        {
            "form": form,
            "report": report,
            "page": page,
            "averages": selectors.average_cells(report),
            "query": query,
            "national": user.role == Role.NATIONAL,
            "link_cases": user.role in (Role.CASEWORKER, Role.MANAGER),
        },
    )


@permission_required("insights.read_processing_time")
def processing_time_years(request: HttpRequest) -> HttpResponse:
    """Tabel 4.3: per year of the first decision, the average weeks of each step, total and cases."""
    form, filters, query = _filters(request)
    steps, years = selectors.processing_time_years(user=_user(request), filters=filters)
    return render(
        request,
        "insights/processing_time_years.html",
        {"form": form, "steps": steps, "years": years, "query": query},
    )


def _weeks(value: Decimal | None) -> str:
    """Excel-DK: a decimal comma, no thousands separator; empty for a step the case never reached."""
    return "" if value is None else str(value).replace(".", ",")


def _csv(name: str, header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8 (æ, ø, å)
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return response


@permission_required("insights.read_processing_time")
def processing_time_csv(request: HttpRequest) -> HttpResponse:
    """Tabel 4.1 as CSV for Excel (semicolons, decimal commas), the averages as the last row."""
    return _processing_time_csv(request)


def _processing_time_csv(request: HttpRequest) -> HttpResponse:
    _, filters, _ = _filters(request)
    user = _user(request)
    report = selectors.processing_time_report(user=user, filters=filters)
    national = user.role == Role.NATIONAL
    header = [
        "Sag",
        *(["Kommune"] if national else []),
        "Første afgørelse",
        *(s.label_da for s in report.steps),
        "I alt",
    ]

    def rows() -> Iterable[list[str]]:
        for row in report.rows:
            yield [
                row.reference,
                *([row.municipality] if national else []),
                formats.date(row.times.first_decision),
                *(_weeks(cell.weeks if cell else None) for cell in row.cells),
                _weeks(row.times.total_weeks),
            ]
        yield [
            "Gennemsnit",
            *([""] if national else []),
            "",
            *(_weeks(v) for v in selectors.average_cells(report)),
            _weeks(report.averages.total),
        ]

    return _csv("sagsbehandlingstid", header, rows())


@permission_required("insights.read_processing_time")
def processing_time_years_csv(request: HttpRequest) -> HttpResponse:
    _, filters, _ = _filters(request)
    steps, years = selectors.processing_time_years(user=_user(request), filters=filters)
    header = ["År", *(s.label_da for s in steps), "I alt", "Antal sager"]
    rows: list[list[Any]] = [
        [str(y.year), *(_weeks(v) for v in y.cells), _weeks(y.averages.total), str(y.averages.cases)]
        for y in years
    ]
    return _csv("sagsbehandlingstid-aar", header, rows)
