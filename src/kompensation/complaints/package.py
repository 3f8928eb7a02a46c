"""The forwarding package for Ankestyrelsen (RSL § 66): one PDF bundle with a table of contents.

In order: the complaint (its text, and the complaint letter if there is one), the re-assessment, the
decision complained about, any new decision, and every document on the case. Each item's pages follow the
table of contents (PDF originals as they are; JPEG and PNG on a page of their own; anything else on a page
saying it is attached as the original file), and every original file is embedded in the PDF as an
attachment and offered in the ZIP download, named by its title.

Pure assembly: reads rows and files, writes nothing. `services.forwarding.complaint_package_build` stores
the result. WeasyPrint and pypdf are imported lazily, like the letters' renderer.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from kompensation.cases.models import Document
from kompensation.letters.models import Letter
from kompensation.letters.pdf import render_letter_pdf
from kompensation.letters.services import letter_context

from .casework_letters import decision_date
from .models import Complaint

IMAGE_TYPES = ("image/jpeg", "image/png")
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass
class Original:
    filename: str
    content: bytes
    content_type: str
    sha256: str


@dataclass
class Item:
    title: str
    kind: str
    type_label: str
    date: dt.date
    pdf: bytes = b""
    original: Original | None = None
    ids: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    start_page: int = 0


def _safe(name: str) -> str:
    cleaned = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", name).strip(" .")
    return cleaned[:120] or "dokument"


STYLESHEET = Path(__file__).resolve().parent / "templates" / "complaints" / "package.css"


def _html_pdf(template: str, context: dict[str, object], attachments: list[object] | None = None) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_identifier=False, attachments=attachments or []
    )
    return pdf


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception:  # an original we cannot read is attached, not shown
        return 0


def _letter_pdf(letter: Letter) -> bytes:
    """The sent letter's stored PDF, or rendered now from its frozen text (its own render may be queued)."""
    if letter.pdf:
        with letter.pdf.open("rb") as handle:
            stored: bytes = handle.read()
        return stored
    sent_on = timezone.localdate(letter.sent_at) if letter.sent_at else None
    return render_letter_pdf(context=letter_context(letter, sent_on=sent_on))


def case_documents(complaint: Complaint) -> list[Document]:
    """Every document on the case (also those uploaded with the application), oldest first."""
    case = complaint.case
    application = getattr(case, "application", None)
    scope = Q(case=case) | (Q(application=application) if application is not None else Q(pk__in=[]))
    documents = Document.objects.filter(scope).distinct().order_by("uploaded_at", "pk")
    return [d for d in documents if d.pk != complaint.document_id]


def _document_item(document: Document, *, title: str, kind: str) -> Item:
    item = Item(
        title=title,
        kind=kind,
        type_label=document.get_doc_type_display(),
        date=timezone.localdate(document.uploaded_at),
        ids={"document_id": document.pk},
    )
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        content = b""
    if content:
        extension = EXTENSIONS.get(document.content_type, "")
        stem = _safe(title.replace(": ", " - "))
        item.original = Original(
            filename=stem if stem.lower().endswith(extension) else f"{stem}{extension}",
            content=content,
            content_type=document.content_type,
            sha256=document.sha256,
        )
    if content and document.content_type == "application/pdf" and _page_count(content) > 0:
        item.pdf = content
    elif content and document.content_type in IMAGE_TYPES:
        data = base64.b64encode(content).decode("ascii")
        item.pdf = _html_pdf(
            "complaints/package_page.html",
            {"item": item, "image": f"data:{document.content_type};base64,{data}"},
        )
    else:
        item.pdf = _html_pdf(
            "complaints/package_page.html",
            {"item": item, "attached": bool(content), "original_name": document.original_name},
        )
    return item


def _letter_item(letter: Letter, *, title: str, kind: str, type_label: str) -> Item:
    sent = timezone.localdate(letter.sent_at) if letter.sent_at else timezone.localdate()
    return Item(
        title=title,
        kind=kind,
        type_label=type_label,
        date=sent,
        pdf=_letter_pdf(letter),
        ids={"letter_id": letter.pk},
    )


def package_items(complaint: Complaint) -> list[Item]:
    case = complaint.case
    decided = decision_date(complaint.decision)
    complaint_item = Item(
        title=f"Klagen af {complaint.received_on:%d.%m.%Y}",
        kind="complaint",
        type_label="Klage",
        date=complaint.received_on,
    )
    complaint_item.pdf = _html_pdf(
        "complaints/package_page.html", {"item": complaint_item, "complaint": complaint, "case": case}
    )
    items = [complaint_item]
    if complaint.document is not None:
        items.append(_document_item(complaint.document, title="Klagebrev", kind="complaint_document"))
    if complaint.reassessment_letter is not None:
        items.append(
            _letter_item(
                complaint.reassessment_letter,
                title=f"Genvurdering af afgørelsen af {decided:%d.%m.%Y}",
                kind="reassessment",
                type_label="Genvurdering",
            )
        )
    decision_letter = complaint.decision.letter
    if decision_letter is not None:
        items.append(
            _letter_item(
                decision_letter,
                title=f"Afgørelsen af {decided:%d.%m.%Y}, som der klages over",
                kind="decision",
                type_label="Afgørelse",
            )
        )
    new = complaint.new_decision
    if new is not None and new.letter is not None:
        items.append(
            _letter_item(
                new.letter,
                title=f"Ny afgørelse af {decision_date(new):%d.%m.%Y}",
                kind="new_decision",
                type_label="Afgørelse",
            )
        )
    for document in case_documents(complaint):
        items.append(
            _document_item(
                document,
                title=f"{document.get_doc_type_display()}: {document.original_name}",
                kind="document",
            )
        )
    for number, item in enumerate(items, start=1):
        item.pages = max(_page_count(item.pdf), 1)
        if item.original is not None:
            item.original.filename = f"{number:02d} {item.original.filename}"
    return items


def _toc(complaint: Complaint, items: list[Item], attachments: list[object] | None = None) -> bytes:
    return _html_pdf(
        "complaints/package_toc.html",
        {
            "complaint": complaint,
            "case": complaint.case,
            "items": items,
            "date": complaint.forwarded_on or timezone.localdate(),
        },
        attachments,
    )


def _number(items: list[Item], toc_pages: int) -> None:
    page = toc_pages + 1
    for item in items:
        item.start_page = page
        page += item.pages


def build(complaint: Complaint) -> tuple[bytes, list[dict[str, object]]]:
    """The bundle PDF and its manifest (the table of contents as data)."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import Attachment

    items = package_items(complaint)
    toc_pages = 1
    for _ in range(5):  # the contents' own length moves every start page; settle it
        _number(items, toc_pages)
        pages = _page_count(_toc(complaint, items))
        if pages == toc_pages:
            break
        toc_pages = pages
    attachments = [
        Attachment(
            file_obj=io.BytesIO(item.original.content), name=item.original.filename, description=item.title
        )
        for item in items
        if item.original is not None
    ]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_toc(complaint, items, attachments))))
    for item in items:
        try:
            reader = PdfReader(io.BytesIO(item.pdf))
            if len(reader.pages) == 0:
                raise ValueError("no pages")
        except Exception:  # shown as a page saying the original is attached
            reader = PdfReader(
                io.BytesIO(_html_pdf("complaints/package_page.html", {"item": item, "attached": True}))
            )
        writer.append(reader, import_outline=False)
    writer.add_metadata({"/Title": f"Oversendelse til Ankestyrelsen – sag {complaint.case.reference}"})
    out = io.BytesIO()
    writer.write(out)
    manifest: list[dict[str, object]] = [
        {
            "title": item.title,
            "kind": item.kind,
            "type": item.type_label,
            "date": item.date.isoformat(),
            "pages": item.pages,
            "start_page": item.start_page,
            **item.ids,
            **(
                {"file": item.original.filename, "sha256": item.original.sha256}
                if item.original is not None
                else {}
            ),
        }
        for item in items
    ]
    return out.getvalue(), manifest


def package_filename(complaint: Complaint, suffix: str) -> str:
    return f"Oversendelse til Ankestyrelsen {complaint.case.reference} runde {complaint.round}.{suffix}"


def package_zip(complaint: Complaint) -> bytes:
    """The bundle PDF and every original file, named by its title, as a ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with complaint.package.open("rb") as handle:
            archive.writestr(package_filename(complaint, "pdf"), handle.read())
        documents = {d.pk: d for d in Document.objects.filter(pk__in=_manifest_ids(complaint))}
        for entry in complaint.package_manifest:
            document = documents.get(int(entry.get("document_id", 0) or 0))
            if document is None or not entry.get("file"):
                continue
            with document.file.open("rb") as handle:
                archive.writestr(f"Originaler/{entry['file']}", handle.read())
    return buffer.getvalue()


def _manifest_ids(complaint: Complaint) -> list[int]:
    return [int(e["document_id"]) for e in complaint.package_manifest if e.get("document_id")]
