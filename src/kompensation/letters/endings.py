"""The decision that ends a running grant before its time: to the person, and the employer's version.

A grant ends early when a change removes its basis (BEK § 29: the grant may be stopped at once) or a
follow-up finds it should not continue (BEK § 15 stk. 4). Both are decisions: they say from when, why, how
the person was heard (FVL § 19), and carry complaint guidance (the fixed footer of every decision letter).
The employer's version names the terms only — the last day with subsidy — never the reasons, which may
rest on the person's health.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .compose import danish_date

if TYPE_CHECKING:
    from kompensation.cases.models import Decision, Grant


def _first_day_without(decision: Decision) -> dt.date:
    assert decision.end_date is not None
    return decision.end_date + dt.timedelta(days=1)


def ending_letter(*, decision: Decision, grant: Grant, hearing_note: str) -> tuple[str, str]:
    case = decision.case
    jobcenter = case.administration
    granted = grant.decision
    assert granted.sent_at is not None
    parts = [
        f"Kære {case.person.name}",
        f"{jobcenter} har besluttet, at din bevilling af personlig assistance ophører. Den sidste dag med "
        f"bevilling er den {danish_date(decision.end_date)}. Fra den "
        f"{danish_date(_first_day_without(decision))} udbetales der ikke tilskud.",
        "## Den bevilling, der ophører",
        f"- Afgørelse af {danish_date(granted.sent_at.date())}: "
        f"{str(granted.hours_per_week).replace('.', ',')} timer om ugen fra "
        f"{danish_date(granted.start_date)}"
        + (f" til {danish_date(granted.end_date)}" if granted.end_date else " indtil videre"),
        "## Begrundelse",
        decision.reasons,
        "Bevillingen kan ophøre, når betingelserne for den ikke længere er opfyldt. Ændringer, der har "
        "betydning for tilskuddet, skal meldes straks, og bevillingen kan standses med det samme "
        "(bekendtgørelse om kompensation til handicappede i erhverv §§ 15 og 29).",
        "## Partshøring",
        hearing_note,
        "## Hvis du stadig har brug for hjælp",
        "Får du et nyt job, eller ændrer dit behov sig igen, kan du søge om personlig assistance på ny. "
        "Du kan også kontakte jobcentret, hvis du mener, at andre former for hjælp kan komme på tale.",
    ]
    if case.employer is not None:
        parts.append(
            f"{case.employer.name} får besked om, fra hvornår tilskuddet ophører, men ikke om begrundelsen."
        )
    return f"Afgørelse om ophør af personlig assistance – sag {case.reference}", "\n".join(parts)


def employer_ending_letter(*, decision: Decision, grant: Grant) -> tuple[str, str]:
    case = decision.case
    employer = case.employer
    assert employer is not None
    parts = [
        f"Til {employer.name}",
        f"{case.administration} har besluttet, at bevillingen af personlig assistance til "
        f"{case.person.name} ophører. Den sidste dag med tilskud er den {danish_date(decision.end_date)}.",
        "## Hvad det betyder for virksomheden",
        f"- Virksomheden kan anmode om tilskud for perioden til og med den {danish_date(decision.end_date)} "
        "på den sædvanlige måde.",
        f"- For tiden fra den {danish_date(_first_day_without(decision))} udbetales der ikke tilskud, og en "
        "anmodning for den tid afvises.",
        "- Er der allerede udbetalt tilskud for tiden efter ophøret, vil jobcentret kræve det tilbage efter "
        "en partshøring.",
        f"Begrundelsen er sendt til {case.person.first_name}, fordi den kan bygge på personlige oplysninger.",
    ]
    return f"Afgørelse om ophør af tilskud til personlig assistance – sag {case.reference}", "\n".join(parts)
