"""Shared by the benchmarks: a fresh PostgreSQL database, Django set up against it, timing, results."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg

ADMIN_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kompensation")
RESULTS = Path(__file__).resolve().parent / "results"


def setup_fresh_django(name: str) -> None:
    """Drop and create the benchmark database, point Django at it and migrate."""
    parsed = urlparse(ADMIN_URL)
    with psycopg.connect(ADMIN_URL.replace(parsed.path, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = ADMIN_URL.replace(parsed.path, f"/{name}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompensation.settings.test")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_result(name: str, result: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
