"""Helpers for the fault-injection tests: files on disk, unique uploads, logged-in clients."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import PDF_BYTES

STORED = ("documents", "payslips", "letters")


def stored_files() -> set[str]:
    """Every file under the folders documents, payslips and letters are written to."""
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for folder in STORED for p in (root / folder).rglob("*") if p.is_file()}


def unique_pdf(name: str = "bilag.pdf") -> SimpleUploadedFile:
    """A PDF no other test has stored, so a new file on disk can only come from this test."""
    content = PDF_BYTES + f"\n% {uuid.uuid4().hex}\n".encode()
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def text_file(name: str = "noter.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Bare tekst, ikke et dokument", content_type="text/plain")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
