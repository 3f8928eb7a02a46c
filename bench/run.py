"""Benchmarks on PostgreSQL: build a caseload with the demo generator, time what caseworkers wait for.

Writes bench/results/foundation.json. Targets live here, not in timed tests.
    make bench                     # 1,000 cases
    BENCH_CASES=5000 make bench
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import psycopg

CASES = int(os.environ.get("BENCH_CASES", "1000"))
ADMIN_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompensation")
RESULTS = Path(__file__).resolve().parent / "results"


def fresh_database() -> str:
    parsed = urlparse(ADMIN_URL)
    name = "kompensation_bench"
    with psycopg.connect(ADMIN_URL.replace(parsed.path, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.replace(parsed.path, f"/{name}")


def timed(fn: Callable[[], object], repeat: int = 20) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(samples), 2), "max_ms": round(max(samples), 2)}


def main() -> int:
    os.environ["DATABASE_URL"] = fresh_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompensation.settings.test")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kompensation.accounts.models import User
    from kompensation.cases import selectors
    from kompensation.demo.generator import generate

    call_command("migrate", verbosity=0)
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
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "foundation.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
