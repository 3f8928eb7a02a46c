"""Load check: payroll systems hammer the API; every accepted submission must be stored exactly once.

A bounded locust run on loopback against gunicorn (2 workers) + PostgreSQL: employers submit payment
requests for quarters and months of their grants, overlapping on purpose, and retry a quarter of their calls
with the same Idempotency-Key. Afterwards the database is checked: one live request per accepted answer, no
overlapping live periods, identical answers to every retry, no server errors. Writes bench/results/load.json.
    BENCH_LOAD_GRANTS=30 BENCH_LOAD_USERS=10 BENCH_LOAD_SECONDS=20 .venv/bin/python bench/load.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.request import urlopen

from common import setup_fresh_django, write_result

from payments import build

GRANTS = int(os.environ.get("BENCH_LOAD_GRANTS", "30"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "10"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scenario(grant_ids: list[int], quarter: tuple[object, object]) -> dict[str, object]:
    from kompensation.accounts.models import Role, User
    from kompensation.api.services import api_token_issue
    from kompensation.cases.models import Grant
    from kompensation.rules import payments as rules

    employers: dict[str, dict[str, object]] = {}
    for grant in Grant.objects.filter(pk__in=grant_ids).select_related("case__employer", "decision"):
        cvr = grant.case.employer.cvr  # type: ignore[union-attr]
        if cvr not in employers:
            user = User.objects.create(username=f"loen-{cvr}", role=Role.EMPLOYER, cvr=cvr)
            _, secret = api_token_issue(user=user, name="belastningstest")
            employers[cvr] = {"token": secret, "grants": []}
        assistant = grant.decision.assistants.first().name  # type: ignore[union-attr]
        employers[cvr]["grants"].append({"id": grant.pk, "assistant": assistant})  # type: ignore[attr-defined]
    start, end = quarter
    months = [rules.month_bounds(start.year, start.month + m) for m in range(3)]  # type: ignore[attr-defined]
    periods = [(start.isoformat(), end.isoformat())] + [(a.isoformat(), b.isoformat()) for a, b in months]  # type: ignore[attr-defined]
    return {"employers": list(employers.values()), "periods": periods}


def main() -> int:
    setup_fresh_django("kompensation_load")
    from django.db import connection

    from kompensation.payments.models import LIVE_STATUSES, PaymentRequest
    from kompensation.rules import payments as rules

    year, q = rules.quarter_of(dt.date.today())
    index = year * 4 + q - 2
    quarter = rules.quarter_bounds(index // 4, index % 4 + 1)
    os.environ["BENCH_GRANTS"] = str(GRANTS)
    grant_ids = build(quarter)
    work = Path(tempfile.mkdtemp(prefix="kompensation-load-"))
    (work / "scenario.json").write_text(json.dumps(scenario(grant_ids, quarter)))
    answers = work / "answers.jsonl"
    answers.touch()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kompensation.settings.test",
        "PYTHONPATH": str(BENCH.parent / "src"),
        "KOMPENSATION_API_RATE": "1000000/hour",
        "LOAD_SCENARIO": str(work / "scenario.json"),
        "LOAD_ANSWERS": str(answers),
    }
    binary = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn on loopback
        [
            str(binary / "gunicorn"),
            "kompensation.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urlopen(f"http://127.0.0.1:{port}/api/v1/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [
                str(binary / "locust"),
                "-f",
                str(BENCH / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--exit-code-on-error",
                "0",
            ],
            env=env,
            check=True,
        )
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = [json.loads(line) for line in answers.read_text().splitlines() if line]
    by_key: dict[str, list[dict[str, object]]] = defaultdict(list)
    for line in lines:
        by_key[line["key"]].append(line)
    accepted = {line["body"]["id"] for line in lines if line["status"] == 201}
    live = set(PaymentRequest.objects.filter(status__in=LIVE_STATUSES).values_list("pk", flat=True))
    retries_differing = sum(
        1
        for answers_ in by_key.values()
        if len({json.dumps([a["status"], a["body"]], sort_keys=True) for a in answers_}) > 1
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM payments_paymentrequest a JOIN payments_paymentrequest b "
            "ON a.grant_id = b.grant_id AND a.id < b.id AND a.period_start <= b.period_end "
            "AND b.period_start <= a.period_end WHERE a.status IN ('submitted','approved','paid') "
            "AND b.status IN ('submitted','approved','paid')"
        )
        overlaps = cursor.fetchone()[0]
    conflicts = [line for line in lines if line["status"] == 409]
    refs = set(PaymentRequest.objects.filter(pk__in=live).values_list("id", flat=True))
    conflict_refs_known = all(
        int(str(c["body"].get("existing_request", "UDB-0"))[4:]) in refs for c in conflicts
    )
    server_errors = sum(1 for line in lines if int(line["status"]) >= 500)
    ok = (
        accepted == live
        and overlaps == 0
        and retries_differing == 0
        and server_errors == 0
        and conflict_refs_known
    )
    write_result(
        "load",
        {
            "benchmark": "load: payroll API under locust, every accepted submission stored exactly once",
            "machine": {
                "platform": platform.platform(),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            },
            "server": "gunicorn, 2 workers, PostgreSQL",
            "users": USERS,
            "seconds": round(elapsed, 1),
            "requests": len(lines),
            "requests_per_second": round(len(lines) / elapsed, 1),
            "accepted": len(accepted),
            "conflicts_409": len(conflicts),
            "retried_keys": sum(1 for answers_ in by_key.values() if len(answers_) > 1),
            "retries_with_a_different_answer": retries_differing,
            "live_requests_in_database": len(live),
            "overlapping_live_requests": overlaps,
            "server_errors": server_errors,
            "exactly_once": ok,
        },
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
