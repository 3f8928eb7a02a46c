"""The SQLite demo serves parallel requests without "database is locked".

These tests open their own file-based SQLite database beside the test database, so they run (and mean
the same) whatever DATABASE_URL the suite uses: `make test-sqlite` runs the test database in memory,
where WAL does not exist, so the suite's own database could not show this anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.db import connections, transaction

from kompensation.accounts.models import Municipality
from kompensation.settings.base import with_sqlite_options

ALIAS = "sqlite_demo_check"
THREADS = 8
WRITES_PER_THREAD = 15


def open_sqlite(path: Path, *, tuned: bool) -> Any:
    config = dj_database_url.parse(f"sqlite:///{path}")
    if tuned:
        config = with_sqlite_options(config)
    connections.settings[ALIAS] = connections.configure_settings({"default": {}, ALIAS: config})[ALIAS]
    connection = connections[ALIAS]
    with connection.schema_editor() as editor:
        editor.create_model(Municipality)
    return connection


@pytest.fixture
def sqlite_file(tmp_path: Path, django_db_blocker: Any) -> Iterator[Path]:
    with django_db_blocker.unblock():
        yield tmp_path / "demo.sqlite3"
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def write_in_parallel() -> list[BaseException]:
    """Each thread, like a request, reads and then writes in one transaction, many times over."""
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            start.wait()
            for index in range(WRITES_PER_THREAD):
                with transaction.atomic(using=ALIAS):
                    seen = Municipality.objects.using(ALIAS).count()
                    Municipality.objects.using(ALIAS).create(
                        code=f"{number}{index:02d}", name=f"Kommune {seen}", region="Test"
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_parallel_writers_all_succeed_on_the_demo_settings(sqlite_file: Path) -> None:
    connection = open_sqlite(sqlite_file, tuned=True)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.transaction_mode == "IMMEDIATE"

    assert write_in_parallel() == []
    assert Municipality.objects.using(ALIAS).count() == THREADS * WRITES_PER_THREAD  # 120


def test_without_the_settings_parallel_writers_fail(sqlite_file: Path) -> None:
    """The control: Django's defaults (deferred transactions) give the error the settings prevent."""
    open_sqlite(sqlite_file, tuned=False)
    errors = write_in_parallel()
    assert errors, "expected 'database is locked' without WAL and IMMEDIATE"
    assert all("database is locked" in str(error) for error in errors)


def test_the_options_apply_to_sqlite_urls_only() -> None:
    sqlite = with_sqlite_options(dj_database_url.parse("sqlite:////tmp/demo.sqlite3"))
    assert sqlite["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    postgres = with_sqlite_options(dj_database_url.parse("postgres://postgres@127.0.0.1:5432/kompensation"))
    assert "init_command" not in postgres.get("OPTIONS", {})
