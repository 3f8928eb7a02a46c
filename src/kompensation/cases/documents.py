"""What counts as a document: PDF, Word (DOCX), JPEG or PNG, judged by content, not by name."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ACCEPTED_DESCRIPTION = "PDF, Word (DOCX), JPG eller PNG"


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    sha256: str
    name: str


def _sniff(head: bytes, content: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(content)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        except zipfile.BadZipFile:
            return None
    return None


def check_document(upload: UploadedFile, *, field: str = "file") -> CheckedFile:
    name = (upload.name or "dokument")[-200:]
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: f"Filen «{name}» er for stor. Den må højst fylde 10 MB."})
    content = upload.read()
    if not content:
        raise ValidationError({field: f"Filen «{name}» er tom."})
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: f"Filen «{name}» er for stor. Den må højst fylde 10 MB."})
    content_type = _sniff(content[:16], content)
    if content_type is None:
        raise ValidationError(
            {
                field: f"Filen «{name}» er ikke et dokument, vi kan bruge. "
                f"Vedhæft en fil som {ACCEPTED_DESCRIPTION}."
            }
        )
    return CheckedFile(content, content_type, hashlib.sha256(content).hexdigest(), name)
