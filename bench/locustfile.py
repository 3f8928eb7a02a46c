"""Payroll systems submitting payment requests through the API, with retries of the same key.

Driven by `bench/load.py`, which writes the scenario (tokens, grants, periods) to $LOAD_SCENARIO and reads
every answer back from $LOAD_ANSWERS to check that each accepted submission is stored exactly once.
"""

from __future__ import annotations

import base64
import json
import os
import random
import threading
import uuid
from typing import Any

from locust import HttpUser, between, task

SCENARIO: dict[str, Any] = json.loads(open(os.environ["LOAD_SCENARIO"]).read())  # noqa: SIM115
PAYSLIP = base64.b64encode(
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
).decode()
_lock = threading.Lock()
_serial = iter(range(1_000_000))


def record(line: dict[str, Any]) -> None:
    with _lock, open(os.environ["LOAD_ANSWERS"], "a") as answers:
        answers.write(json.dumps(line) + "\n")


class PayrollSystem(HttpUser):
    wait_time = between(0, 0.05)

    def on_start(self) -> None:
        employer = SCENARIO["employers"][next(_serial) % len(SCENARIO["employers"])]
        self.token = employer["token"]
        self.grants = employer["grants"]
        self.last: tuple[str, dict[str, Any]] | None = None

    @task
    def submit(self) -> None:
        if self.last is not None and random.random() < 0.25:
            key, body = self.last
        else:
            grant = random.choice(self.grants)
            period_start, period_end = random.choice(SCENARIO["periods"])
            key = uuid.uuid4().hex
            body = {
                "grant": grant["id"],
                "period_start": period_start,
                "period_end": period_end,
                "hours": [{"assistant": grant["assistant"], "hours": "10"}],
                "declaration": True,
                "payslips": [
                    {"assistant": grant["assistant"], "filename": "loen.pdf", "content_base64": PAYSLIP}
                ],
            }
        self.last = (key, body)
        with self.client.post(
            "/api/v1/payment-requests/",
            json=body,
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
            name="/api/v1/payment-requests/",
            catch_response=True,
        ) as response:
            try:
                payload = response.json()
            except ValueError:
                payload = {"raw": response.text[:200]}
            record({"key": key, "status": response.status_code, "body": payload})
            if response.status_code >= 500:
                response.failure(f"server error {response.status_code}")
            else:
                response.success()
