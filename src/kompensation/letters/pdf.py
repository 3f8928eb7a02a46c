"""Letters as tagged PDF (PDF/UA-1), Danish, with embedded fonts. WeasyPrint is imported lazily."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "p" or "li"
    text: str


def blocks(body: str) -> list[Block]:
    """The plain text format caseworkers edit: '## ' starts a heading, '- ' a list item."""
    result: list[Block] = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("## "):
            result.append(Block("h2", line[3:]))
        elif line.startswith("- "):
            result.append(Block("li", line[2:]))
        else:
            result.append(Block("p", line))
    return result


def render_letter_html(*, context: dict[str, object]) -> str:
    return render_to_string("letters/letter.html", context)


def render_letter_pdf(*, context: dict[str, object]) -> bytes:
    from weasyprint import HTML

    html = render_letter_html(context=context)
    pdf: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=False)
    return pdf
