"""Files that belong to rows: written under their SHA-256, and never left behind by a write that fails.

A file cannot be part of a database transaction. Writing it after commit is not safe either (a kill between
commit and write leaves a row without its file), so the file is written first, inside `file_writes()`, and
deleted again if the transaction around it does not commit. What a kill leaves behind (a file, no row) is
removed by `files_sweep`, run from cron (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.db.transaction import TransactionManagementError
from django.utils import timezone

logger = logging.getLogger(__name__)

# Every file field whose files live in SWEPT_DIRS; a file no row of these names is an orphan.
FILE_FIELDS = (
    ("cases.Document", "file"),
    ("payments.Payslip", "file"),
    ("letters.Letter", "pdf"),
    ("complaints.Complaint", "package"),
)
SWEPT_DIRS = ("documents", "payslips", "letters", "complaints")
# A request that has written its file but not yet committed its row must not lose the file to the sweep.
SWEEP_MIN_AGE = dt.timedelta(hours=1)

_local = threading.local()


def _sha256_of(name: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _touch(name: str) -> None:
    """A reused file counts as new, so the sweep does not take it while the row that reuses it commits."""
    with suppress(NotImplementedError, OSError):
        os.utime(default_storage.path(name))


class WrittenFiles:
    """The files one block of work created; `file_writes` deletes them if the block fails."""

    def __init__(self) -> None:
        self.created: list[str] = []

    def write(self, name: str, content: bytes) -> str:
        """Store `content` as `name` (a name derived from its hash) and return the stored name.

        The same content is stored once: an existing file with the right hash is reused. One with the
        wrong hash is a torn write from a killed process and is replaced.
        """
        if default_storage.exists(name):
            if _sha256_of(name) == hashlib.sha256(content).hexdigest():
                _touch(name)
                return name
            logger.warning("Filen %s havde forkert indhold og skrives igen.", name)
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(content))
        self.created.append(stored)
        return stored


def _stack() -> list[WrittenFiles]:
    if not hasattr(_local, "stack"):
        _local.stack = []
    stack: list[WrittenFiles] = _local.stack
    return stack


@contextmanager
def file_writes() -> Iterator[WrittenFiles]:
    """Put it outside the transaction: `with file_writes() as files, transaction.atomic(): ...`.

    If the block raises, the transaction has rolled back by the time this exits, and every file the block
    created that no row references is deleted. Nested inside another `file_writes`, the outer one decides:
    an API call that stores payslips and then fails its submit removes the payslips' files too.
    """
    stack = _stack()
    written = WrittenFiles()
    stack.append(written)
    try:
        yield written
    except BaseException:
        stack.pop()
        files_discard(written.created)
        raise
    stack.pop()
    if stack:
        stack[-1].created.extend(written.created)


def _referenced(names: list[str]) -> set[str]:
    found: set[str] = set()
    for label, field in FILE_FIELDS:
        model = apps.get_model(label)
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            found.update(
                model._default_manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True)
            )
    return found


def files_discard(names: list[str]) -> list[str]:
    """Delete the files no row references; if the database cannot say, leave them for the sweep."""
    if not names:
        return []
    try:
        keep = _referenced(names)
    except (DatabaseError, TransactionManagementError):
        logger.warning(
            "Kunne ikke kontrollere %d fil(er) efter en fejl; files_sweep fjerner dem.", len(names)
        )
        return []
    removed = [name for name in names if name not in keep]
    for name in removed:
        default_storage.delete(name)
    if removed:
        logger.info("Fjernede %d fil(er) fra en skrivning, der ikke blev gemt.", len(removed))
    return removed


def _walk(folder: str) -> Iterator[str]:
    try:
        dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, SuspiciousFileOperation):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _walk(f"{folder}/{sub}")


def files_sweep(*, now: dt.datetime | None = None, min_age: dt.timedelta = SWEEP_MIN_AGE) -> list[str]:
    """Remove files under the swept folders (SWEPT_DIRS) that no row references and are old enough."""
    cutoff = (now or timezone.now()) - min_age
    candidates = [
        name
        for folder in SWEPT_DIRS
        for name in _walk(folder)
        if default_storage.get_modified_time(name) <= cutoff
    ]
    keep = _referenced(candidates) if candidates else set()
    removed = [name for name in candidates if name not in keep]
    for name in removed:
        default_storage.delete(name)
    if removed:
        logger.warning("files_sweep fjernede %d fil(er), som ingen række henviser til.", len(removed))
    return removed
