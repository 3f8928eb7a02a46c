"""A decision letter's body in Herning's five parts, so the caseworker edits one part at a time.

The composed body (`compose.decision_letter`) is an opening (greeting, what was applied for) followed by
the headings "## 1. …" to "## 5. …". The headings are fixed: the editor shows each as the label of its
part and puts them back when the parts are joined, so a letter always keeps the five-part structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PART_COUNT = 5
_HEADING = re.compile(r"^## ([1-9])\.\s")


@dataclass(frozen=True)
class Part:
    number: int
    heading: str  # without the "## " marker: "1. Din funktionsnedsættelse og dokumentation"
    text: str


@dataclass(frozen=True)
class LetterParts:
    opening: str
    parts: tuple[Part, ...]


def _clean(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def split(body: str) -> LetterParts | None:
    """The opening and the five parts, or None when the body does not have exactly headings 1 to 5."""
    opening: list[str] = []
    headings: list[tuple[int, str]] = []
    texts: list[list[str]] = []
    for line in body.splitlines():
        match = _HEADING.match(line.strip())
        if match:
            headings.append((int(match.group(1)), line.strip()[3:]))
            texts.append([])
        elif texts:
            texts[-1].append(line)
        else:
            opening.append(line)
    if [number for number, _ in headings] != list(range(1, PART_COUNT + 1)):
        return None
    return LetterParts(
        opening=_clean(opening),
        parts=tuple(
            Part(number=n, heading=h, text=_clean(t)) for (n, h), t in zip(headings, texts, strict=True)
        ),
    )


def join(opening: str, parts: list[Part] | tuple[Part, ...]) -> str:
    """The body again, in the plain-text format the PDF reads (`pdf.blocks`)."""
    lines = [_clean(opening.splitlines())]
    for part in parts:
        lines += [f"## {part.heading}", _clean(part.text.splitlines())]
    return "\n".join(line for line in lines if line)


def has_part_heading(text: str) -> bool:
    """A part's own text may have sub-headings, but not another part's numbered heading."""
    return any(_HEADING.match(line.strip()) for line in text.splitlines())
