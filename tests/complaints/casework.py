"""Shared setup for the re-assessment, forwarding and Ankestyrelsen tests (not a conftest: the intake
helper's tests have their own)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kompensation.cases import services
from kompensation.cases.models import Case, Deadline, DeadlineKind
from tests import factories


def open_complaint(case: Case, user: Any, *, decision: Any = None, **fields: Any) -> Any:
    """A complaint received today about the case's sent decision, with its re-assessment deadline row."""
    decision = decision or case.decisions.filter(sent_at__isnull=False).order_by("-sent_at").first()
    complaint = factories.complaint(decision=decision, user=user, **fields)
    Deadline.objects.create(
        case=case, kind=DeadlineKind.REASSESSMENT, due=complaint.reassessment_due, rule="RSL § 66"
    )
    case.refresh_from_db()
    return complaint


def send_new_decision(case: Case, user: Any, reasons: str = "Ny vurdering efter klagen") -> Any:
    decision = factories.grant_draft(case, user=user, reasons=reasons)
    return services.decision_send(decision=decision, user=user)


def pdf_with_pages(pages: int, text: str = "Side") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png() -> bytes:
    """A 1×1 PNG, built by hand (signature, IHDR, IDAT, IEND)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def docx() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


TODAY = dt.date.today
