"""Regenerate the README screenshots from a fresh demo database, in headless Chromium.

    PYTHONPATH=src .venv/bin/python scripts/screenshots.py [--chromium /usr/bin/chromium]

Builds a throw-away demo (SQLite in a temporary folder, `migrate` and `demo_data` as `make demo` does),
drafts one decision through the services so the letter editor has something to show, starts the demo
server on a free local port and saves:

    docs/screenshot-inbox.png    the caseworker's inbox with deadlines
    docs/screenshot-letter.png   the decision letter editor: the five parts beside the live preview

Nothing outside the temporary folder and docs/ is touched. Every person and company is fictitious.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CASEWORKER = "sagsbehandler"


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_DEBUG")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "kompensation.settings.dev",
        "KOMPENSATION_VAR": str(var),
        "PYTHONPATH": str(ROOT / "src"),
    }
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "kompensation.manage", *args]
    subprocess.run(command, env=env, check=True, cwd=ROOT)  # noqa: S603 - our own interpreter and manage.py


def _draft_a_decision() -> int:
    """A case of the demo caseworker's that can be decided, with its decision drafted from the proposal."""
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from kompensation.accounts.models import User
    from kompensation.cases import services
    from kompensation.cases.models import Case, CaseStatus

    user = User.objects.get(username=CASEWORKER)
    candidates = Case.objects.filter(
        caseworker=user, status__in=[CaseStatus.HEARING, CaseStatus.INVESTIGATING]
    ).order_by("-status", "pk")
    for case in candidates:
        application = getattr(case, "application", None)
        tasks = list(case.dialog_tasks.all())
        if application is None or not tasks:
            continue
        proposal = services.dialog_form_proposal(tasks)
        outcome = "partial_grant" if proposal < application.hours_sought else "grant"
        try:
            services.decision_draft(
                case=case,
                user=user,
                assistant_ids=[a.pk for a in application.assistants.all()],
                facts_commented=outcome == "grant",
                data={
                    "outcome": outcome,
                    "hours_per_week": proposal,
                    "start_date": application.period_from,
                    "period_type": "time_limited" if application.period_to else "until_further_notice",
                    "end_date": application.period_to,
                    "period_reason": "Behovet vurderes igen, når perioden udløber.",
                    "rate_type": "standard",
                    "reasons": "Dialogskemaet viser, hvilke opgaver der kræver assistance, og hvor lang tid "
                    "de tager om ugen. Timerne er lagt sammen og rundet op til nærmeste halve time.",
                },
            )
        except ValidationError:
            continue
        return case.pk
    raise SystemExit("Demodata har ingen sag, der kan træffes afgørelse i.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Demoserveren svarede ikke på {url}.")


def _login(browser: Any, base: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(locale="da-DK", viewport=viewport, device_scale_factor=1).new_page()
    page.goto(f"{base}/log-ind/")
    page.fill("#id_username", CASEWORKER)
    from kompensation.demo.users import DEMO_PASSWORD

    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button:has-text('Log ind')")
    page.wait_for_load_state("load")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kompensation-screenshots-") as folder:
        var = Path(folder)
        env = _env(var)
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "demo_data")
        os.environ.update(env)
        case_pk = _draft_a_decision()

        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "-m", "kompensation.manage", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/log-ind/")
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=args.chromium,
                    headless=True,
                    args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
                )
                page = _login(browser, base, {"width": 1280, "height": 860})
                page.goto(f"{base}/sager/")
                page.screenshot(path=str(DOCS / "screenshot-inbox.png"))

                page = _login(browser, base, {"width": 1600, "height": 1000})
                page.goto(f"{base}/sager/{case_pk}/afgoerelse/brev/")
                page.locator("#id_part_3").scroll_into_view_if_needed()
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(DOCS / "screenshot-letter.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("Gemt: docs/screenshot-inbox.png og docs/screenshot-letter.png")


if __name__ == "__main__":
    main()
