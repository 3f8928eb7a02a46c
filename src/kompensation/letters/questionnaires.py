"""The letter that asks the person or the employer to answer the follow-up questionnaire on Mine sider.

Not a decision: no complaint guidance. The person's letter names what they are asked about, the impairment
included; the employer's names only the job, the hours and the assistance, never the person's health, and
says that the person's answers are not shared with it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .compose import danish_date

if TYPE_CHECKING:
    from kompensation.cases.models import Grant


def questionnaire_letter(*, grant: Grant, due: dt.date) -> tuple[str, str]:
    case = grant.case
    parts = [
        f"Kære {case.person.name}",
        f"{case.administration} følger op på din bevilling af personlig assistance (bevilling "
        f"{grant.reference}). Vi vil gerne høre, hvordan det går, så hjælpen passer til dit behov.",
        "## Det spørger vi om",
        "- om der er sket ændringer i dit job, dine opgaver eller din arbejdstid",
        "- om din funktionsnedsættelse har ændret sig",
        "- om assistancen fungerer godt, som den er tilrettelagt",
        "- om et hjælpemiddel eller teknologi kan erstatte en del af assistancen",
        "## Sådan svarer du",
        "Log ind på Mine sider med MitID, og besvar skemaet under «Opfølgning» senest den "
        f"{danish_date(due)}. Det tager omkring 10 minutter.",
        "Kan du ikke svare digitalt, så ring eller skriv til din sagsbehandler, så finder vi en anden måde.",
    ]
    if case.employer is not None:
        parts.append(
            f"{case.employer.name} får sit eget skema om jobbet og assistancen. "
            "Virksomheden ser ikke dine svar."
        )
    return f"Opfølgning på din personlige assistance – svar senest {danish_date(due)}", "\n".join(parts)


def employer_questionnaire_letter(*, grant: Grant, due: dt.date) -> tuple[str, str]:
    case = grant.case
    employer = case.employer
    assert employer is not None
    parts = [
        f"Til {employer.name}",
        f"{case.administration} følger op på tilskuddet til personlig assistance til "
        f"{case.person.name} (bevilling {grant.reference}). Vi vil gerne høre virksomhedens vurdering.",
        "## Det spørger vi om",
        "- om der er sket ændringer i medarbejderens job, opgaver eller arbejdstid",
        "- om assistancen fungerer godt, som den er tilrettelagt",
        "- om et hjælpemiddel eller teknologi kan erstatte en del af assistancen",
        "## Sådan svarer I",
        "Log ind på virksomhedens side i Kompensation med MitID Erhverv, og besvar skemaet under "
        f"«Opfølgning» senest den {danish_date(due)}. Det tager omkring 10 minutter.",
        f"{case.person.first_name} får sit eget skema. Virksomheden ser ikke svarene fra "
        f"{case.person.first_name}, og virksomheden bliver ikke spurgt om helbredsforhold.",
    ]
    return (
        f"Opfølgning på tilskud til personlig assistance – svar senest {danish_date(due)}",
        "\n".join(parts),
    )
