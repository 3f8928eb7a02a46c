"""Storing an uploaded document on an application or a case.

Every upload is checked before anything is written; the file is written under its hash inside
`file_writes()`, so a transaction that does not commit leaves no file behind.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from kompensation.accounts.models import User
from kompensation.files import WrittenFiles, file_writes

from ..documents import CheckedFile, check_document
from ..models import (
    Application,
    Case,
    Document,
    DocumentType,
    EventType,
    confidentiality_of,
    document_path,
)
from .events import _event


def document_check(*, upload: UploadedFile, doc_type: str, field: str = "file") -> CheckedFile:
    """The upload as a document we accept, or ValidationError naming `field` (nothing is stored)."""
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": "Vælg hvilken slags dokument det er."})
    return check_document(upload, field=field)


def _document_save(
    *,
    files: WrittenFiles,
    user: User,
    checked: CheckedFile,
    doc_type: str,
    application: Application | None,
    case: Case | None,
    confidentiality: str | None = None,
) -> Document:
    """Write the file and its row; call inside the caller's `file_writes()` and transaction."""
    document = Document(
        application=application,
        case=case or (application.case if application else None),
        doc_type=doc_type,
        confidentiality=confidentiality or confidentiality_of(doc_type),
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=user,
    )
    document.file.name = files.write(document_path(document, checked.name), checked.content)
    document.save()
    if document.case is not None:
        _event(
            document.case,
            EventType.DOCUMENT_ADDED,
            user,
            document_id=document.pk,
            doc_type=doc_type,
            name=checked.name,
        )
    return document


def document_store(
    *,
    user: User,
    upload: UploadedFile,
    doc_type: str,
    application: Application | None = None,
    case: Case | None = None,
    field: str = "file",
    confidentiality: str | None = None,
) -> Document:
    """Check and store an upload; `confidentiality` overrides the class its type implies (a complaint's
    letter is the person's health class, or the subsidy class when the employer complains)."""
    checked = document_check(upload=upload, doc_type=doc_type, field=field)
    with file_writes() as files, transaction.atomic():
        return _document_save(
            files=files,
            user=user,
            checked=checked,
            doc_type=doc_type,
            application=application,
            case=case,
            confidentiality=confidentiality,
        )
