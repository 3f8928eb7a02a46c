"""The text of the re-assessment and forwarding letters (RSL § 66), composed from the complaint.

Same plain-text format as `letters.compose` ('## ' heading, '- ' list item), dates written in full. The
employer's forwarding letter is composed from dates and the case number alone: it never quotes the
complaint, the re-assessment or anything else that can hold the person's health data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from kompensation import formats

from .models import Complainant, ReassessmentOutcome

if TYPE_CHECKING:
    from kompensation.cases.models import Decision

    from .models import Complaint


def _date(value: dt.date | None) -> str:
    return formats.long_date(value)


def decision_date(decision: Decision) -> dt.date:
    """The day a decision was sent (its letter's date), in Danish time."""
    sent = decision.sent_at or decision.created_at
    return timezone.localdate(sent)


def _who_complained(complaint: Complaint) -> str:
    if complaint.complainant == Complainant.EMPLOYER:
        employer = complaint.case.employer
        return f"{employer.name if employer else 'Virksomheden'} klagede"
    return "Du klagede"


def reassessment_letter(complaint: Complaint) -> tuple[str, str]:
    """The re-assessment: what was complained about, new information, our assessment and conclusion."""
    case = complaint.case
    decided = _date(decision_date(complaint.decision))
    jobcenter = case.administration
    new_decision = complaint.new_decision
    outcome = complaint.reassessment_outcome
    parts = [
        f"Kære {case.person.name}",
        f"{_who_complained(complaint)} den {_date(complaint.received_on)} over vores afgørelse af {decided} "
        f"om personlig assistance. {jobcenter} har vurderet afgørelsen igen.",
        f"## Genvurdering af afgørelsen af {decided}",
        "Når vi modtager en klage, skal vi vurdere afgørelsen igen, før klagen eventuelt sendes til "
        "Ankestyrelsen. Vi har gennemgået sagen med klagen og de oplysninger, der er kommet siden.",
        "## Det er der klaget over",
        complaint.text.strip() or "Klagen er ikke begrundet.",
        "## Nye oplysninger",
        complaint.new_information.strip() or "Der er ikke kommet nye oplysninger i sagen efter afgørelsen.",
        "## Vores vurdering",
        complaint.reassessment_reasons.strip(),
        "## Konklusion",
    ]
    if outcome == ReassessmentOutcome.CHANGED:
        assert new_decision is not None
        parts.append(
            "Vi ændrer afgørelsen, så klagen får fuldt medhold. Du har fået en ny afgørelse den "
            f"{_date(decision_date(new_decision))}, som erstatter afgørelsen af {decided}. Klagen sendes "
            "derfor ikke til Ankestyrelsen. Er du uenig i den nye afgørelse, kan du klage over den; "
            "klagevejledningen står i den nye afgørelse."
        )
    elif outcome == ReassessmentOutcome.PARTLY_CHANGED:
        assert new_decision is not None
        parts.append(
            "Vi ændrer afgørelsen delvist. Du har fået en ny afgørelse den "
            f"{_date(decision_date(new_decision))}. Den del af klagen, vi ikke har givet medhold i, sender "
            "vi til Ankestyrelsen sammen med denne genvurdering og sagens dokumenter."
        )
    else:
        parts.append(
            f"Vi fastholder afgørelsen af {decided}. Vi sender derfor klagen til Ankestyrelsen sammen med "
            "denne genvurdering og sagens dokumenter."
        )
    parts += [
        "## Lovgrundlag",
        "Retssikkerhedslovens § 66: kommunen skal vurdere en afgørelse igen, når den modtager en klage. "
        "Giver kommunen ikke fuldt medhold, sendes klagen til Ankestyrelsen inden for 4 uger efter, at "
        "klagen er modtaget.",
    ]
    return f"Genvurdering af din klage – sag {case.reference}", "\n".join(parts)


def forwarded_letter(complaint: Complaint, *, document_count: int) -> tuple[str, str]:
    """To the person: the complaint went to Ankestyrelsen on this day, with these papers."""
    assert complaint.forwarded_on is not None
    case = complaint.case
    decided = _date(decision_date(complaint.decision))
    whose = "Virksomhedens klage" if complaint.complainant == Complainant.EMPLOYER else "Din klage"
    sent = [
        f"- Klagen, modtaget den {_date(complaint.received_on)}",
        "- Vores genvurdering af afgørelsen (du får en kopi sammen med dette brev)",
        f"- Afgørelsen af {decided}, som der er klaget over",
    ]
    if complaint.new_decision is not None:
        sent.append(f"- Den nye afgørelse af {_date(decision_date(complaint.new_decision))}")
    sent.append(
        f"- Sagens dokumenter ({document_count} {'dokument' if document_count == 1 else 'dokumenter'})"
    )
    body = "\n".join(
        [
            f"Kære {case.person.name}",
            f"{whose} af {_date(complaint.received_on)} over afgørelsen af {decided} om personlig "
            f"assistance er sendt til Ankestyrelsen den {_date(complaint.forwarded_on)}.",
            "## Det har vi sendt til Ankestyrelsen",
            *sent,
            "## Hvad sker der nu",
            "Ankestyrelsen skriver til dig, når de har modtaget klagen, og igen når de har truffet "
            "afgørelse. Har du spørgsmål til behandlingen i Ankestyrelsen, kan du kontakte Ankestyrelsen "
            f"og oplyse vores sagsnummer {case.reference}.",
            "Klagen sendes videre efter retssikkerhedslovens § 66.",
        ]
    )
    return f"Din klage er sendt til Ankestyrelsen – sag {case.reference}", body


def forwarded_employer_letter(complaint: Complaint) -> tuple[str, str]:
    """To the employer that complained about the subsidy: dates and the case number, no health data."""
    assert complaint.forwarded_on is not None
    case = complaint.case
    employer = case.employer
    body = "\n".join(
        [
            f"Til {employer.name if employer else 'virksomheden'}",
            f"Virksomhedens klage af {_date(complaint.received_on)} over afgørelsen af "
            f"{_date(decision_date(complaint.decision))} om tilskud til personlig assistance i sag "
            f"{case.reference} er sendt til Ankestyrelsen den {_date(complaint.forwarded_on)}.",
            f"{case.administration} har vurderet afgørelsen igen og har ikke givet fuldt "
            "medhold. Sagens dokumenter og jobcentrets vurdering bygger på personlige oplysninger om "
            f"{case.person.first_name} og sendes derfor kun til Ankestyrelsen.",
            "## Hvad sker der nu",
            "Ankestyrelsen skriver til virksomheden, når de har truffet afgørelse om klagen.",
        ]
    )
    return f"Klagen over tilskuddet er sendt til Ankestyrelsen – sag {case.reference}", body
