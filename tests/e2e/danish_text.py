"""What a Danish page must not show: numbers, amounts and dates in English format, or Django's default
validation messages (in Danish or English), which say what is wrong but not what to do.

Used by `tests/e2e/conftest.py` on every page a browser test loads. Pure Python, so it is tested without
a browser (`test_danish_text.py`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import django
from babel.messages.pofile import read_po

# "1,234" / "1,234.50" / "1,234,567": a comma between groups of three is the English thousands separator.
_ENGLISH_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]|\.\d)")
# "12.50", "7.5", "1234.50 kr.": a dot before one or two decimals. Dates (23.11.2026), Danish thousands
# (1.234), version-like strings (4.14.1) and times after "kl." (kl. 14.30) are left alone.
_ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])(?<!kl\. )\d+\.\d{1,2}(?!\d|\.\d)")
# 2026-11-23 as visible text (a file name such as udbetaling-2026-11-23.csv is not a date shown to read).
_ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
_ENGLISH_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2}, \d{4}\b|\b\d{1,2}:\d{2} ?[ap]\.m\.",
)

PATTERNS = {
    "engelsk tusindtalsskille": _ENGLISH_GROUPS,
    "engelsk decimalpunktum": _ENGLISH_DECIMAL,
    "ISO-dato": _ISO_DATE,
    "engelsk dato": _ENGLISH_DATE,
}

_DJANGO = Path(django.__file__).resolve().parent
_CATALOGUES = (
    _DJANGO / "conf/locale/da/LC_MESSAGES/django.po",
    _DJANGO / "contrib/auth/locale/da/LC_MESSAGES/django.po",
)
# The messages forms, fields and validators raise (not field-type names or help texts).
_VALIDATION_ID = re.compile(
    r"^(Enter |Ensure |This field |Select a valid |The submitted file|No file was submitted|Upload a valid|"
    r"Please |Value %|%\(model_name\)s with this|%\(model\)s instance|“%\(\w+\)s”|Null characters|"
    r"File extension|The two password|This password is|This account is|The number of days)"
)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}")


def _pattern(message: str) -> re.Pattern[str]:
    pieces = [re.escape(piece) for piece in _PLACEHOLDER.split(message)]
    return re.compile(r".{1,80}?".join(pieces))


@functools.cache
def django_default_messages() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Django's own validation messages, English and Danish, as patterns with the placeholders open."""
    found: dict[str, re.Pattern[str]] = {}
    for catalogue in _CATALOGUES:
        with catalogue.open("rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if not ids[0] or not _VALIDATION_ID.match(ids[0]):
                    continue
                for text in (*ids, *strings):
                    if text and len(_PLACEHOLDER.sub("", text)) >= 12:
                        found.setdefault(text, _pattern(text))
    return tuple(found.items())


def problems(text: str) -> list[str]:
    """Each English-format number or date and each Django default message in `text`, with its kind."""
    found = [f"{kind}: «{m.group(0)}»" for kind, pattern in PATTERNS.items() for m in pattern.finditer(text)]
    found += [
        f"Djangos standardbesked: «{m.group(0)}»"
        for _, pattern in django_default_messages()
        if (m := pattern.search(text))
    ]
    return found
