"""The text of letters, composed from the case so the caseworker starts from a complete, reasoned draft.

Decision letters follow Herning's five-part decision memo (the audit's model): impairment and
documentation; workplace and tasks; assessment of assistance against the tasks; conclusion;
decision with hours and period. Reasons cite the rules (FVL § 24); complaint guidance (FVL § 25)
is fixed text the caseworker cannot remove.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from kompensation import formats
from kompensation.rules import pa

if TYPE_CHECKING:
    from kompensation.cases.models import Case, Decision
    from kompensation.payments.models import RepaymentClaim


def danish_number(value: Decimal | int | None) -> str:
    return formats.number(value)


def danish_date(value: dt.date | None) -> str:
    """Letters write dates in full: "23. november 2026"."""
    return formats.long_date(value)


def complaint_guidance(case: Case) -> str:
    jobcenter = f"Jobcenter {case.municipality.name}"
    return (
        "## Klagevejledning\n"
        "Hvis du er uenig i afgørelsen, kan du klage. Virksomheden kan klage over selve tilskuddet. "
        "Klagen skal være modtaget senest 4 uger efter, at du har modtaget denne afgørelse. "
        f"Du kan klage mundtligt eller skriftligt til {jobcenter}. Skriv gerne sagsnummeret "
        f"{case.reference}, og fortæl hvorfor du er uenig.\n"
        f"{jobcenter} genvurderer afgørelsen. Giver jobcentret dig helt eller delvist medhold, får du "
        "besked om den nye afgørelse senest 4 uger efter, at klagen er modtaget. Fastholder jobcentret "
        "afgørelsen, sendes klagen, genvurderingen og sagens dokumenter inden for 4 uger videre til "
        "Ankestyrelsen (Beskæftigelsesudvalget), og du får besked om det.\n"
        "Klagevejledningen gives efter forvaltningslovens § 25."
    )


def _tasks_table(decision: Decision) -> str:
    tasks = list(decision.case.dialog_tasks.all())
    if not tasks:
        return "Der er ikke udfyldt et dialogskema i sagen."
    lines = []
    for task in tasks:
        line = (
            f"- {task.task}: {task.minutes_per_week} minutter pr. uge – {task.get_ability_display().lower()}"
        )
        if task.assistant_does:
            line += f". Assistenten: {task.assistant_does}"
        lines.append(line)
    supported = [t.minutes_per_week for t in tasks if t.needs_assistance]
    lines.append(
        f"Opgaver med behov for assistance udgør i alt {sum(supported)} minutter pr. uge, "
        f"svarende til {danish_number(pa.proposed_weekly_hours(supported))} timer pr. uge "
        "(oprundet til nærmeste halve time)."
    )
    return "\n".join(lines)


def decision_letter(*, decision: Decision, hearing_held: bool) -> tuple[str, str]:
    from kompensation.cases.models import MEDICAL_DOCUMENT_TYPES, Outcome, PeriodType, RateType

    case = decision.case
    application = getattr(case, "application", None)
    investigation = getattr(case, "investigation", None)
    person = case.person
    outcome_title = {
        Outcome.GRANT: "Bevilling af personlig assistance",
        Outcome.PARTIAL_GRANT: "Delvis bevilling af personlig assistance",
        Outcome.REFUSAL: "Afslag på personlig assistance",
    }[Outcome(decision.outcome)]

    documents = [d for d in case.documents.all() if d.doc_type in MEDICAL_DOCUMENT_TYPES]
    if documents:
        documentation = (
            "Funktionsnedsættelsen er dokumenteret ved: "
            + "; ".join(f"{d.get_doc_type_display()} ({danish_date(d.uploaded_at)})" for d in documents)
            + "."
        )
    elif investigation and investigation.no_documentation_reason:
        documentation = (
            "Der er ikke indhentet lægelig dokumentation, fordi: " + investigation.no_documentation_reason
        )
    else:
        documentation = "Der foreligger ikke dokumentation for funktionsnedsættelsen."
    impairment = (
        investigation.get_impairment_type_display().lower()
        if investigation and investigation.impairment_type
        else "ikke angivet"
    )

    parts = [
        f"Kære {person.name}",
        f"Du har den {danish_date(case.received_on)} søgt om personlig assistance. "
        f"Jobcenter {case.municipality.name} har nu truffet afgørelse i sagen.",
        "## 1. Din funktionsnedsættelse og dokumentation",
        f"Funktionsnedsættelsens art: {impairment}. "
        + (f"Du har beskrevet den sådan: {application.impairment_description}" if application else ""),
        documentation,
        "Personlig assistance forudsætter en varig og betydelig fysisk eller psykisk funktionsnedsættelse "
        "(kompensationsloven § 4 og bekendtgørelsens § 10).",
        "## 2. Din arbejdsplads, ansættelse og arbejdsopgaver",
    ]
    if application:
        employer = case.employer.name if case.employer else "ikke oplyst"
        form = (
            application.get_employment_form_display().lower()
            if application.employment_form
            else "ikke oplyst"
        )
        working = investigation.working_hours if investigation else application.working_hours
        if application.employment_type == "self_employed":
            parts.append(
                f"Du er selvstændig erhvervsdrivende som {application.job_title or 'ikke oplyst'} "
                f"i {employer}, med en arbejdstid på {danish_number(working)} timer om ugen. "
                "Selvstændige er omfattet af kompensationsloven § 4."
            )
        else:
            parts.append(
                f"Du er ansat som {application.job_title or 'ikke oplyst'} hos {employer} ({form}), "
                f"med en arbejdstid på {danish_number(working)} timer om ugen. "
                "Ansættelsesformen er omfattet af kompensationsloven § 5."
            )
        parts.append(f"Du har søgt om assistance til: {application.tasks_description}")
    parts += ["## 3. Vurdering af behovet for personlig assistance", _tasks_table(decision)]
    if investigation:
        if investigation.compatibility_assessment:
            parts.append(
                "Jobbets forenelighed med funktionsnedsættelsen (kompensationsloven § 6 stk. 3 og "
                f"bekendtgørelsens § 14): {investigation.compatibility_assessment}"
            )
        if investigation.aids_considered:
            parts.append(f"Hjælpemidler: {investigation.aids_considered}")
        if investigation.flex_job_compensation:
            parts.append(
                f"Fleksjob: {investigation.flex_job_compensation} "
                f"Personlig assistance dækker: {investigation.pa_covers or 'ikke angivet'}"
            )
        if investigation.concrete_assessment:
            parts.append(
                f"Konkret vurdering efter bekendtgørelsens § 15: {investigation.concrete_assessment}"
            )
    if hearing_held:
        hearings = list(case.hearings.all())
        for hearing in hearings:
            answer = (
                f"Du svarede den {danish_date(hearing.response_received_on)}: {hearing.response}"
                if hearing.answered
                else "Vi har ikke modtaget dit svar inden fristen."
            )
            parts.append(
                f"Vi partshørte dig den {danish_date(hearing.sent_on)} (forvaltningslovens § 19). {answer}"
            )
    parts += ["## 4. Konklusion", decision.reasons]
    parts.append("## 5. Afgørelse")
    if decision.outcome == Outcome.REFUSAL:
        parts.append(
            "Du får afslag på personlig assistance efter kompensationsloven §§ 4–6. "
            "Begrundelsen fremgår af punkt 4."
        )
    else:
        assert decision.hours_per_week is not None and investigation is not None
        limit = investigation.hours_limit
        parts.append(
            f"Du får bevilget personlig assistance i {danish_number(decision.hours_per_week)} timer om ugen "
            f"som gennemsnit pr. kvartal (bekendtgørelsens § 15). Grænsen for din arbejdstid er "
            f"{danish_number(limit)} timer om ugen."
        )
        if decision.outcome == Outcome.PARTIAL_GRANT and application and application.hours_sought:
            parts.append(f"Du søgte om {danish_number(application.hours_sought)} timer om ugen.")
        if decision.period_type == PeriodType.TIME_LIMITED:
            period = (
                f"fra den {danish_date(decision.start_date)} til og med den {danish_date(decision.end_date)}"
            )
        else:
            period = f"fra den {danish_date(decision.start_date)} og indtil videre"
        parts.append(f"Bevillingen gælder {period}. Begrundelse for perioden: {decision.period_reason}")
        if decision.start_date and decision.start_date < case.received_on:
            parts.append(
                "Bevillingen gælder med tilbagevirkende kraft fra før ansøgningsdatoen, dog højst 3 måneder "
                "(bekendtgørelsens § 25 stk. 5)."
            )
        rate = "standardsatsen (elevsats, trin 3, stedtillæg IV)"
        if decision.rate_type == RateType.RAISED:
            rate = f"en forhøjet sats, fordi {decision.rate_reason}"
        parts.append(f"Tilskuddet udbetales til virksomheden efter {rate} (bekendtgørelsens §§ 22–23).")
        assistants = ", ".join(str(a) for a in decision.assistants.all())
        parts.append(f"Assistent: {assistants}.")
        parts.append(
            "Vi vurderer bevillingen igen senest 1 år fra i dag (bekendtgørelsens § 15 stk. 4). "
            "Du og virksomheden skal straks oplyse jobcentret om ændringer, der kan have betydning for "
            "tilskuddet (bekendtgørelsens § 29)."
        )
    return f"{outcome_title} – sag {case.reference}", "\n".join(parts)


def employer_decision_letter(*, decision: Decision) -> tuple[str, str]:
    """The employer's own version: the subsidy's terms only (hours, period, rate, assistants, payment).

    The employer is a party to the subsidy, not to the person's health: this text is composed from the
    decision's terms alone and never from the impairment, the documents, the assessment or the hearing.
    """
    from kompensation.cases.models import Outcome, PeriodType, RateType

    case = decision.case
    employer = case.employer
    person = case.person
    jobcenter = f"Jobcenter {case.municipality.name}"
    parts = [f"Til {employer.name if employer else 'virksomheden'}"]
    if decision.outcome == Outcome.REFUSAL:
        parts += [
            f"{jobcenter} har givet {person.name} afslag på personlig assistance (kompensationsloven). "
            "Der udbetales derfor ikke tilskud til virksomheden. Begrundelsen er sendt til "
            f"{person.first_name}, fordi den bygger på personlige oplysninger.",
        ]
        return f"Afgørelse om tilskud til personlig assistance – sag {case.reference}", "\n".join(parts)
    if decision.period_type == PeriodType.TIME_LIMITED:
        period = f"fra den {danish_date(decision.start_date)} til og med den {danish_date(decision.end_date)}"
    else:
        period = f"fra den {danish_date(decision.start_date)} og indtil videre"
    rate = "studentertimelønssats trin 3, stedtillæg IV (standardsatsen)"
    if decision.rate_type == RateType.RAISED:
        rate = "en forhøjet timesats efter en konkret vurdering"
    assistants = ", ".join(a.name for a in decision.assistants.all()) or "ikke angivet"
    parts += [
        f"{jobcenter} har bevilget personlig assistance til {person.name}. Virksomheden får tilskud til "
        "løn til assistenten (kompensationsloven og bekendtgørelsens §§ 22–23).",
        "## Bevillingen",
        f"- Timer: {danish_number(decision.hours_per_week)} timer om ugen som gennemsnit pr. kvartal "
        "(bekendtgørelsens § 15)",
        f"- Periode: {period}",
        f"- Sats: {rate}",
        f"- Assistent: {assistants}",
        "## Sådan anmoder virksomheden om udbetaling",
        "Anmod om udbetaling i portalen eller fra lønsystemet (API) pr. kvartal eller pr. måned. Anmodningen "
        "skal være modtaget senest ved udgangen af kvartalet efter det kvartal, den gælder "
        "(bekendtgørelsens § 27). Oplys timer pr. assistent, og vedhæft lønsedler for perioden. Der gives "
        "ikke tilskud for perioder mere end 3 måneder før ansøgningen blev modtaget (bekendtgørelsens § 25 "
        "stk. 5). Rejseudgifter refunderes kun for rejser, som jobcentret har godkendt på forhånd.",
        "Jobcentret udbetaler senest 14 dage efter at have modtaget en fuldstændig anmodning.",
        "Virksomheden skal straks oplyse jobcentret om ændringer, der kan have betydning for tilskuddet, "
        "fx hvis ansættelsen ophører eller assistenten skifter (bekendtgørelsens § 29).",
    ]
    return f"Afgørelse om tilskud til personlig assistance – sag {case.reference}", "\n".join(parts)


def hearing_letter(*, case: Case, facts: str, response_due: dt.date) -> tuple[str, str]:
    body = "\n".join(
        [
            f"Kære {case.person.name}",
            "Før vi træffer afgørelse i din sag om personlig assistance, vil vi give dig mulighed for at "
            "komme med bemærkninger til de oplysninger, som vi vil lægge vægt på, og som du ikke selv har "
            "givet os (forvaltningslovens § 19).",
            "## Oplysningerne",
            facts,
            "## Frist",
            f"Send dine bemærkninger senest den {danish_date(response_due)}. Du kan svare skriftligt, "
            f"eller ringe til Jobcenter {case.municipality.name}. Hører vi ikke fra dig inden fristen, "
            "træffer vi afgørelse på det foreliggende grundlag.",
        ]
    )
    return f"Partshøring – sag {case.reference}", body


def repayment_letter(*, claim: RepaymentClaim) -> tuple[str, str]:
    case = claim.grant.case
    employer = case.employer
    body = "\n".join(
        [
            f"Til {employer.name if employer else 'virksomheden'}",
            f"Jobcenter {case.municipality.name} har truffet afgørelse om, at virksomheden skal betale "
            f"{_kr(claim.amount)} tilbage af tilskuddet til personlig assistance for {case.person.name} "
            f"for perioden {danish_date(claim.period_start)}–{danish_date(claim.period_end)}.",
            "## Begrundelse",
            claim.reason,
            f"Hjemmel: {claim.legal_basis}.",
            "## Sådan betales beløbet",
            "Beløbet modregnes i de næste udbetalinger af tilskud på bevillingen, indtil kravet er betalt. "
            "Modregningen fremgår af hver udbetaling.",
        ]
    )
    return f"Tilbagebetalingskrav – sag {case.reference}", body


def _kr(amount: Decimal) -> str:
    return formats.amount(amount)
