"""The demo shows the product's own pages: DEBUG is off unless a developer sets DJANGO_DEBUG=1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[2] / "src"
# Run in a fresh interpreter: the suite itself runs under the test settings.
SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
css = client.get("/static/ui/kompensation.css")
icon = client.get("/static/ui/favicon.svg")
missing = client.get("/findes-ikke/")
from django.test import RequestFactory
from django.views.defaults import server_error
error = server_error(RequestFactory().get("/"))  # what Django answers when a view raises, DEBUG off
print(json.dumps({
    "error": [error.status_code, error.content.decode()],
    "debug": settings.DEBUG,
    "css": [css.status_code, css.get("Content-Type", "")],
    "icon": icon.status_code,
    "missing": [missing.status_code, missing.content.decode()],
}))
"""


def demo(tmp_path: Path, **env: str) -> dict[str, Any]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DATABASE_URL")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "kompensation.settings.dev",
        "KOMPENSATION_VAR": str(tmp_path),
        "PYTHONPATH": str(SRC),
        **env,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_demo_shows_its_own_404_and_500_pages_and_serves_static_files_without_debug(tmp_path: Path) -> None:
    result = demo(tmp_path)
    assert result["debug"] is False
    assert result["css"][0] == 200 and result["css"][1].startswith("text/css")
    assert result["icon"] == 200
    status, page = result["missing"]
    assert status == 404
    assert "Siden findes ikke" in page and 'rel="icon"' in page
    assert "Traceback" not in page and "Using the URLconf" not in page  # not Django's debug page
    status, page = result["error"]
    assert status == 500 and "Der opstod en fejl" in page and "Server Error" not in page


def test_a_developer_switches_debug_on(tmp_path: Path) -> None:
    result = demo(tmp_path, DJANGO_DEBUG="1")
    assert result["debug"] is True
    assert "Using the URLconf" in result["missing"][1]
