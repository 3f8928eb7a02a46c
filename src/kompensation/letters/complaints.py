"""Letters about a complaint at intake: the receipt (RSL § 66) and the refusal of a late complaint (§ 67).

Compose functions return (subject, body) in the plain-text format of `letters.pdf.blocks`. A letter to the
employer concerns the subsidy only: it never repeats the person's complaint or anything about their health.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compose import danish_date

if TYPE_CHECKING:
    from kompensation.complaints.models import Complaint


def _salutation(complaint: Complaint) -> str:
    case = complaint.case
    if complaint.complainant == "employer" and case.employer is not None:
        return f"Til {case.employer.name}"
    return f"Kære {case.person.name}"


def _you(complaint: Complaint) -> tuple[str, str]:
    """How the letter addresses the complainant: ("du", "din") or ("virksomheden", "virksomhedens")."""
    if complaint.complainant == "employer":
        return "virksomheden", "virksomhedens"
    return "du", "din"


def complaint_receipt_letter(*, complaint: Complaint) -> tuple[str, str]:
    """The receipt: when the complaint came, the 4 weeks to re-assess, and what happens then (RSL § 66)."""
    case = complaint.case
    jobcenter = case.administration
    you, your = _you(complaint)
    subject_of = "afgørelsen om tilskud" if complaint.complainant == "employer" else "afgørelsen"
    decided = danish_date(complaint.decision.sent_at)
    parts = [
        _salutation(complaint),
        f"{jobcenter} har den {danish_date(complaint.received_on)} modtaget {your} klage over {subject_of} "
        f"af {decided} i sag {case.reference}.",
        "## Det sker nu",
        f"Jobcentret vurderer afgørelsen igen inden for 4 uger efter at have modtaget klagen, det vil sige "
        f"senest den {danish_date(complaint.reassessment_due)} (retssikkerhedslovens § 66).",
        f"- Giver jobcentret {you} helt eller delvist medhold, får {you} en ny afgørelse.",
        "- Det, jobcentret ikke ændrer, sendes sammen med jobcentrets vurdering og sagens dokumenter til "
        f"Ankestyrelsen, som træffer afgørelse i klagesagen. {you.capitalize()} får besked, når klagen er "
        "sendt.",
    ]
    if not complaint.in_time:
        parts += [
            "## Klagen kom efter fristen",
            f"Fristen for at klage var den {danish_date(complaint.complaint_deadline)}: 4 uger fra den dag, "
            f"afgørelsen blev modtaget ({danish_date(complaint.decision_received_on)}). Klagen er modtaget "
            "efter fristen. Jobcentret vurderer derfor først, om klagen alligevel kan behandles, fx fordi "
            "der er en særlig grund til, at den kom for sent (retssikkerhedslovens § 67). "
            f"{you.capitalize()} får besked om det.",
        ]
    parts.append(
        f"Har {you} nye oplysninger til sagen, eller spørgsmål, er {you} velkommen til at kontakte "
        "sagsbehandleren; telefon og e-mail står øverst i brevet."
    )
    return f"Kvittering for klage – sag {case.reference}", "\n".join(parts)


def complaint_rejected_letter(*, complaint: Complaint, reason: str) -> tuple[str, str]:
    """A late complaint the jobcentre will not handle: the deadline, the date it came, and why (RSL § 67)."""
    case = complaint.case
    jobcenter = case.administration
    _, your = _you(complaint)
    decided = danish_date(complaint.decision.sent_at)
    parts = [
        _salutation(complaint),
        f"{jobcenter} har den {danish_date(complaint.received_on)} modtaget {your} klage over afgørelsen af "
        f"{decided} i sag {case.reference}.",
        "## Afgørelse",
        "Jobcentret behandler ikke klagen, fordi den er kommet for sent.",
        "## Begrundelse",
        f"En klage skal være modtaget senest 4 uger efter, at afgørelsen er modtaget "
        "(retssikkerhedslovens § 67). Afgørelsen blev modtaget den "
        f"{danish_date(complaint.decision_received_on)}, "
        f"så fristen var den {danish_date(complaint.complaint_deadline)}. Klagen blev modtaget den "
        f"{danish_date(complaint.received_on)}.",
        "Jobcentret har vurderet, om klagen alligevel kan behandles, og er kommet frem til, at det ikke er "
        f"tilfældet, fordi {_sentence(reason)}",
        f"Afgørelsen af {decided} gælder derfor uændret.",
    ]
    return f"{your.capitalize()} klage kan ikke behandles – sag {case.reference}", "\n".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
