"""Minimal PDFs for the demo: attachments, contracts and stand-in letters, built by hand."""

from __future__ import annotations

from collections.abc import Sequence

# --- a minimal PDF ---------------------------------------------------------------------------------


def demo_pdf(lines: Sequence[str]) -> bytes:
    """A one-page PDF 1.4 with the lines in Helvetica (WinAnsi, so æøå work); built by hand, no library."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 12 Tf", "16 TL", "72 790 Td"]
    ops += [f"({text(line)}) '" for line in lines]
    ops.append("ET")
    content = "\n".join(ops).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    out += b"%%EOF\n"
    return bytes(out)


def _quick_letter_pdf(*, context: dict[str, object]) -> bytes:
    """Stands in for WeasyPrint when letters are off (`with_letters=False`): a tiny PDF per letter."""
    letter = context.get("letter")
    subject = str(getattr(letter, "subject", "Brev"))
    number = getattr(letter, "pk", "")
    return demo_pdf(["FIKTIVT DEMOBREV - uden layout (demodata uden breve)", subject, f"Brev nr. {number}"])


def _quick_package_pdf(template: str, context: dict[str, object], attachments: object = None) -> bytes:
    """Stands in for WeasyPrint in the forwarding package's own pages (contents, complaint) when letters are
    off: a tiny PDF per page; the package still bundles the letters' and documents' PDFs."""
    item = context.get("item")
    title = str(getattr(item, "title", "Indholdsfortegnelse"))
    return demo_pdf(["FIKTIV OVERSENDELSESSIDE - uden layout (demodata uden breve)", title])
