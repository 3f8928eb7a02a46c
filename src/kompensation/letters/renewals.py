"""The reminder before a time-limited grant ends: to the person, and the employer's version.

Neither decides anything (no complaint guidance): the grant lapses on its end date by its own decision. The
letter says when it ends, by when to apply for a renewal (4 weeks before, moved to the next working day),
and how: on Mine sider, with the earlier application filled in. The employer's version says the same about
the subsidy and its own part (it co-signs), never anything about the person's health.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .compose import danish_date

if TYPE_CHECKING:
    from kompensation.cases.models import Grant


def _what(grant: Grant) -> str:
    return "tolkning" if grant.is_interpreting else "personlig assistance"


def renewal_reminder_letter(*, grant: Grant, weeks: int, due: dt.date) -> tuple[str, str]:
    case = grant.case
    end = grant.end_date
    assert end is not None
    what = _what(grant)
    cosigner = case.employer.name if case.employer else "din arbejdsgiver"
    parts = [
        f"Kære {case.person.name}",
        f"Din bevilling af {what} (bevilling {grant.reference}) er tidsbegrænset og udløber den "
        f"{danish_date(end)}. Fra den {danish_date(end + dt.timedelta(days=1))} udbetales der ikke tilskud, "
        "medmindre bevillingen er fornyet.",
        "## Sådan søger du om fornyelse",
        f"Har du stadig brug for {what}, skal du søge om fornyelse senest den {danish_date(due)}, 4 uger før "
        "bevillingen udløber.",
        "- Log ind på Mine sider med MitID, og vælg «Søg om fornyelse» ved bevillingen.",
        "- Ansøgningen er udfyldt med oplysningerne fra din sidste ansøgning og bevillingen. Ret det, der "
        "har ændret sig, fx dine opgaver, timer eller assistent.",
        f"- Når du har sendt ansøgningen, udfylder og underskriver {cosigner} sin del, ligesom første gang.",
        "Jobcentret behandler ansøgningen på samme måde som den første ansøgning og sender dig en afgørelse.",
        "## Hvis du ikke længere har brug for hjælp",
        "Så skal du ikke gøre noget. Bevillingen udløber af sig selv på slutdatoen.",
        f"Dette er påmindelsen {weeks} uger før slutdatoen.",
    ]
    subject = f"Din bevilling af {what} udløber den {danish_date(end)} – søg om fornyelse"
    return subject, "\n".join(parts)


def employer_renewal_reminder_letter(*, grant: Grant, weeks: int, due: dt.date) -> tuple[str, str]:
    case = grant.case
    employer = case.employer
    end = grant.end_date
    assert employer is not None and end is not None
    what = _what(grant)
    parts = [
        f"Til {employer.name}",
        f"Bevillingen af tilskud til {what} til {case.person.name} (bevilling {grant.reference}) er "
        f"tidsbegrænset og udløber den {danish_date(end)}.",
        "## Hvad det betyder for virksomheden",
        f"- Virksomheden kan anmode om tilskud for tiden til og med den {danish_date(end)} på den sædvanlige "
        "måde.",
        f"- For tiden fra den {danish_date(end + dt.timedelta(days=1))} udbetales der kun tilskud, hvis "
        "bevillingen bliver fornyet.",
        "## Fornyelse",
        f"{case.person.first_name} søger selv om fornyelse på Mine sider, senest den {danish_date(due)}. "
        "Ansøgningen kommer derefter til virksomheden, som udfylder sin del og underskriver på virksomhedens "
        "side i Kompensation, ligesom ved den første ansøgning.",
        f"Dette er påmindelsen {weeks} uger før slutdatoen.",
    ]
    subject = f"Tilskud til {what} udløber den {danish_date(end)} – fornyelse"
    return subject, "\n".join(parts)
