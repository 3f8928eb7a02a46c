"""Benchmarks on PostgreSQL: build a caseload with the demo generator, time what caseworkers wait for.

Writes bench/results/foundation.json. Targets live here, not in timed tests.
    make bench                     # 1,000 cases
    BENCH_CASES=5000 make bench
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable

from common import setup_fresh_django, write_result

CASES = int(os.environ.get("BENCH_CASES", "1000"))


def timed(fn: Callable[[], object], repeat: int = 20) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(samples), 2), "max_ms": round(max(samples), 2)}


def main() -> int:
    setup_fresh_django("kompensation_bench")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kompensation.accounts.models import User
    from kompensation.cases import selectors
    from kompensation.demo.generator import generate

    start = time.perf_counter()
    generate(cases=CASES, with_letters=False)
    generate_seconds = time.perf_counter() - start

    caseworker = User.objects.get(username="sagsbehandler")
    today = dt.date.today()
    client = Client()
    client.force_login(caseworker)
    case = selectors.case_queryset_visible_to(caseworker).order_by("-pk").first()
    assert case is not None

    def inbox_first_page() -> None:
        response = client.get(reverse("cases:inbox"))
        assert response.status_code == 200

    def case_page() -> None:
        response = client.get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 200

    def search() -> None:
        list(
            selectors.inbox_cases(
                user=caseworker, filters=selectors.InboxFilters(q="Hansen", mine=False), today=today
            )[:25]
        )

    def count_queries(fn: Callable[[], object]) -> int:
        # The test client resets Django's query log per request, so count at the cursor instead.
        count = 0

        def counter(execute: Callable[..., object], *args: object) -> object:
            nonlocal count
            count += 1
            return execute(*args)

        with connection.execute_wrapper(counter):
            fn()
        return count

    result = {
        "benchmark": "foundation",
        "database": "postgresql",
        "cases": CASES,
        "generate_seconds": round(generate_seconds, 1),
        "cases_per_second": round(CASES / generate_seconds, 1),
        "inbox_page": timed(inbox_first_page) | {"queries": count_queries(inbox_first_page)},
        "case_page": timed(case_page) | {"queries": count_queries(case_page)},
        "inbox_search": timed(search),
        "targets": {"inbox_page_median_ms": 300, "case_page_median_ms": 300},
    }
    write_result("foundation", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
