"""Letters as tagged PDF (PDF/UA-1), Danish, with embedded fonts. WeasyPrint is imported lazily."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "p", "li" or "table"
    text: str
    # A table's rows, the first being the header: what a measurement is printed as (social.letters).
    rows: tuple[tuple[str, ...], ...] = ()


def table_row(cells: list[str] | tuple[str, ...]) -> str:
    """One row of a table in the letter format; a cell may not hold the separator."""
    return "| " + " | ".join(c.replace("|", "/").strip() for c in cells) + " |"


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def blocks(body: str) -> list[Block]:
    """The plain text format caseworkers edit: '## ' starts a heading, '- ' a list item, and consecutive
    lines starting with '|' make a table whose first line is the header."""
    result: list[Block] = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("|"):
            if result and result[-1].kind == "table":
                last = result.pop()
                result.append(Block("table", "", (*last.rows, _cells(line))))
            else:
                result.append(Block("table", "", (_cells(line),)))
        elif line.startswith("## "):
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
