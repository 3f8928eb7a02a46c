"""Storing an uploaded document on an application or a case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from kompensation.accounts.models import User

from ..documents import check_document
from ..models import (
    Application,
    Case,
    Document,
    DocumentType,
    EventType,
    confidentiality_of,
)
from .events import _event


def document_store(
    *,
    user: User,
    upload: UploadedFile,
    doc_type: str,
    application: Application | None = None,
    case: Case | None = None,
    field: str = "file",
) -> Document:
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": "Vælg hvilken slags dokument det er."})
    checked = check_document(upload, field=field)
    with transaction.atomic():
        document = Document(
            application=application,
            case=case or (application.case if application else None),
            doc_type=doc_type,
            confidentiality=confidentiality_of(doc_type),
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=user,
        )
        document.file.save(checked.sha256, ContentFile(checked.content), save=False)
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
