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
from kompensation.rules import deadlines, eligibility, pa
from kompensation.rules import payments as payment_rules

if TYPE_CHECKING:
    from kompensation.cases.models import Case, Decision


def danish_number(value: Decimal | int | None) -> str:
    return formats.number(value)


def danish_date(value: dt.date | None) -> str:
    """Letters write dates in full: "23. november 2026"."""
    return formats.long_date(value)


def complaint_guidance(case: Case, *, sent_on: dt.date, recipient: str = "person") -> str:
    """Fixed complaint guidance (FVL § 25; RSL §§ 66–67) with the actual last day to complain.

    The letter goes by Digital Post and to the portal, so it counts as received the day it is sent
    (`rules.deadlines.expected_receipt`); the 4 weeks run from then and move to the next working day.
    `letters.services.letter_send` composes it again on the sending day, so the frozen letter carries it.
    """
    jobcenter = case.administration
    last_day = danish_date(deadlines.complaint_deadline(deadlines.expected_receipt(sent_on)))
    sent = danish_date(sent_on)
    if recipient == "employer":
        lines = [
            "Hvis virksomheden er uenig i afgørelsen om tilskuddet, kan den klage. "
            f"Klagen skal være modtaget senest den {last_day}. Fristen er 4 uger fra den dag, virksomheden "
            f"modtager afgørelsen. Afgørelsen er sendt med Digital Post den {sent} og regnes for modtaget "
            "samme dag (retssikkerhedslovens § 67).",
            f"Virksomheden kan klage mundtligt eller skriftligt til {jobcenter}. Skriv gerne sagsnummeret "
            f"{case.reference}, og fortæl, hvorfor virksomheden er uenig.",
            f"{jobcenter} vurderer afgørelsen igen inden for 4 uger efter at have modtaget klagen. Det, "
            "jobcentret ikke ændrer, sendes sammen med jobcentrets vurdering og sagens dokumenter videre til "
            "Ankestyrelsen, og virksomheden får besked om det (retssikkerhedslovens § 66).",
        ]
    else:
        lines = [
            "Hvis du er uenig i afgørelsen, kan du klage. "
            f"Din klage skal være modtaget senest den {last_day}. "
            "Fristen er 4 uger fra den dag, du modtager afgørelsen. "
            f"Vi sender den med Digital Post den {sent} og regner med, at du modtager den samme dag "
            "(retssikkerhedslovens § 67).",
            f"Du kan klage mundtligt eller skriftligt til {jobcenter}. Skriv gerne sagsnummeret "
            f"{case.reference}, og fortæl, hvorfor du er uenig.",
            f"{jobcenter} vurderer afgørelsen igen inden for 4 uger efter at have modtaget din klage. Får du "
            "helt eller delvist medhold, får du en ny afgørelse. Det, vi ikke ændrer, sender vi sammen med "
            "vores vurdering og sagens dokumenter videre til Ankestyrelsen, og du får besked om det "
            "(retssikkerhedslovens § 66).",
        ]
        if case.employer_id is not None:
            lines.append("Virksomheden kan klage over afgørelsen om tilskuddet på samme måde.")
        if case.scheme_config.administration == "social":
            # Ankestyrelsen's social route: the same re-assessment first, then Ankestyrelsen as the appeals
            # body for Serviceloven (RSL kapitel 10).
            lines.append(
                "Ankestyrelsen behandler klager over afgørelser efter serviceloven som klagemyndighed på det "
                "sociale område (retssikkerhedslovens kapitel 10). Du kan læse mere på ast.dk."
            )
    return "\n".join(["## Klagevejledning", *lines, "Klagevejledningen gives efter forvaltningslovens § 25."])


def _period_text(start: dt.date | None, end: dt.date | None) -> str:
    if end is None:
        return f"fra den {danish_date(start)} og indtil videre"
    return f"fra den {danish_date(start)} til og med den {danish_date(end)}"


def _lower_first(text: str) -> str:
    """A reason typed to follow «fordi» ends the sentence; the caseworker's wording is kept as typed."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


INTERPRETING_RATES = "bekendtgørelsens § 24, som ændret ved BEK nr. 1317 af 08/09/2020"


def _is_interpreting(decision: Decision) -> bool:
    from kompensation.cases.grant_kinds import GrantKindCode

    return decision.grant_kind == GrantKindCode.INTERPRETING


def _interpreting_kind(decision: Decision) -> str:
    """«tegnsprogstolkning», «taktil tolkning (mund-hånd)» or «skrivetolkning», as a letter writes it."""
    return decision.get_interpreting_type_display().lower() if decision.interpreting_type else "tolkning"


def _agency_names(decision: Decision) -> list[str]:
    return [f"{a.name} (CVR {a.cvr})" for a in decision.agencies.order_by("name")]


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _interpreting_terms(decision: Decision, *, to_person: bool) -> list[str]:
    """What an interpreting grant means for who provides, invoices, is paid and must declare (BEK §§ 12,
    24–25): the same terms for the person and the employer, addressed to each."""
    agencies = _agency_names(decision)
    which = "tolkebureauet" if len(agencies) == 1 else "tolkebureauerne"
    you = "du" if to_person else decision.case.person.first_name
    approved = danish_date(decision.agency_choice_approved_on)
    parties = [you]
    if decision.case.employer_id:
        parties.append("din arbejdsgiver" if to_person else "virksomheden")
    parties += [
        which,
        "hver tolk, der tolker for " + ("dig" if to_person else decision.case.person.first_name),
    ]
    return [
        f"Tolkningen leveres af {_and_list(agencies)}. "
        f"{you[:1].upper()}{you[1:]} godkendte valget af {which} den {approved} "
        "(bekendtgørelsens § 12 stk. 5–6).",
        f"{which[:1].upper()}{which[1:]} fakturerer kommunen direkte. Der betales pr. tolkning efter "
        f"satserne i {INTERPRETING_RATES}. "
        + (
            "Du og din arbejdsgiver skal ikke betale for tolkningen."
            if to_person
            else "Virksomheden skal ikke betale for tolkningen og får ikke udbetalt tilskud."
        ),
        f"Før der kan betales for tolkning, skal {_and_list(parties)}, hver især erklære på tro og love, at "
        f"hverken de selv eller deres nærmeste pårørende har økonomisk interesse i {which} "
        "(bekendtgørelsens § 25). Erklæringerne underskrives i portalen. Der betales ikke, før alle "
        "erklæringer er underskrevet.",
    ]


def _tasks_table(decision: Decision) -> str:
    tasks = list(decision.case.dialog_tasks.all())
    if not tasks:
        return "Der er ikke udfyldt et dialogskema i sagen."
    helper, need = ("Tolken", "tolkning") if _is_interpreting(decision) else ("Assistenten", "assistance")
    lines = []
    for task in tasks:
        line = (
            f"- {task.task}: {task.minutes_per_week} minutter pr. uge – {task.get_ability_display().lower()}"
        )
        if task.assistant_does:
            line += f". {helper}: {task.assistant_does}"
        lines.append(line)
    supported = [t.minutes_per_week for t in tasks if t.needs_assistance]
    lines.append(
        f"Opgaver med behov for {need} udgør i alt {sum(supported)} minutter pr. uge, "
        f"svarende til {danish_number(pa.proposed_weekly_hours(supported))} timer pr. uge "
        "(oprundet til nærmeste halve time)."
    )
    return "\n".join(lines)


def _decided_again(case: Case) -> list[str]:
    """A decision made again after a complaint or a remand says so in its opening (RSL §§ 66–67)."""
    from kompensation.cases.models import CaseStatus
    from kompensation.complaints.models import AppealsOutcome, Complainant, ComplaintStatus

    if case.status == CaseStatus.COMPLAINT:
        complaint = case.complaints.filter(status=ComplaintStatus.OPEN).select_related("decision").first()
        if complaint is None:
            return []
        whose = "virksomhedens klage" if complaint.complainant == Complainant.EMPLOYER else "din klage"
        earlier = complaint.decision.sent_at or complaint.decision.created_at
        return [
            f"Vi har genvurderet din sag efter {whose} af {danish_date(complaint.received_on)} over "
            f"afgørelsen af {danish_date(earlier)} (retssikkerhedslovens § 66). Denne afgørelse er en ny "
            "afgørelse og træder i stedet for den tidligere."
        ]
    if case.status == CaseStatus.REMANDED:
        complaint = (
            case.complaints.filter(appeals_outcome=AppealsOutcome.REMANDED)
            .order_by("-appeals_decided_on", "-pk")
            .first()
        )
        if complaint is None:
            return []
        return [
            f"Ankestyrelsen har den {danish_date(complaint.appeals_decided_on)} hjemvist din sag til fornyet "
            "behandling i kommunen, og vi har behandlet den igen. Denne afgørelse er en ny afgørelse og "
            "træder i stedet for den tidligere."
        ]
    return []


def decision_letter(*, decision: Decision, hearing_held: bool) -> tuple[str, str]:
    from kompensation.cases.models import MEDICAL_DOCUMENT_TYPES, Outcome, RateType

    case = decision.case
    application = getattr(case, "application", None)
    investigation = getattr(case, "investigation", None)
    person = case.person
    interpreting = _is_interpreting(decision)
    what = "tolkning (personlig assistance)" if interpreting else "personlig assistance"
    outcome_title = {
        Outcome.GRANT: f"Bevilling af {what}",
        Outcome.PARTIAL_GRANT: f"Delvis bevilling af {what}",
        Outcome.REFUSAL: f"Afslag på {what}",
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
        f"{case.administration} har nu truffet afgørelse i sagen.",
        *_decided_again(case),
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
        grounds = eligibility.refusal_grounds(decision.refusal_grounds or [])
        parts.append("Du får afslag på personlig assistance, fordi:")
        parts += [f"- {g.letter_text} ({g.legal_basis})." for g in grounds]
        parts.append("Begrundelsen fremgår af punkt 4.")
        parts.append(f"Anden hjælp, vi har overvejet: {decision.other_help}")
    else:
        assert decision.hours_per_week is not None and investigation is not None
        granted_period = _period_text(decision.start_date, decision.end_date)
        if decision.outcome == Outcome.PARTIAL_GRANT and application is not None:
            sought_period = _period_text(
                application.period_from, None if application.until_further_notice else application.period_to
            )
            parts.append(
                f"Du søgte om {danish_number(application.hours_sought)} timer om ugen {sought_period}. "
                f"Du får bevilget {danish_number(decision.hours_per_week)} timer om ugen {granted_period}, "
                f"fordi {_lower_first(decision.partial_reason)}"
            )
            parts.append(
                "Det, du ikke får bevilget, er et afslag. Du kan klage over det som beskrevet i "
                "klagevejledningen."
            )
        elif interpreting:
            parts.append(
                f"Du får bevilget {_interpreting_kind(decision)} i {danish_number(decision.hours_per_week)} "
                f"timer om ugen {granted_period}. Tolkningen er personlig assistance i form af tolkning "
                "(bekendtgørelsens § 12 stk. 4)."
            )
        else:
            parts.append(
                f"Du får bevilget personlig assistance i {danish_number(decision.hours_per_week)} timer om "
                "ugen "
                f"{granted_period}."
            )
        if interpreting and decision.outcome == Outcome.PARTIAL_GRANT:
            parts.append(f"Bevillingen gælder {_interpreting_kind(decision)} (bekendtgørelsens § 12 stk. 4).")
        parts.append(
            "Timerne er et gennemsnit pr. kvartal (bekendtgørelsens § 15). Grænsen for timer med assistance "
            "er "
            f"for dig {danish_number(investigation.hours_limit)} timer om ugen, når du arbejder "
            f"{danish_number(investigation.working_hours)} timer om ugen."
        )
        parts.append(f"Begrundelse for perioden: {decision.period_reason}")
        earliest = pa.earliest_start(case.received_on)
        if decision.start_date and decision.start_date < case.received_on:
            parts.append(
                f"Bevillingen gælder fra før den {danish_date(case.received_on)}, hvor vi modtog din "
                "ansøgning. "
                f"Der kan bevilges for højst 3 måneder før, dvs. tidligst fra den {danish_date(earliest)} "
                "(bekendtgørelsens § 25 stk. 5)."
            )
        if interpreting:
            parts += _interpreting_terms(decision, to_person=True)
        else:
            rate = "studentertimelønssatsen trin 3, stedtillæg IV (standardsatsen)"
            if decision.rate_type == RateType.RAISED:
                rate = f"en forhøjet sats, fordi {_lower_first(decision.rate_reason)}"
            parts.append(f"Tilskuddet udbetales til virksomheden efter {rate} (bekendtgørelsens §§ 22–23).")
            assistants = ", ".join(str(a) for a in decision.assistants.all())
            parts.append(f"Assistent: {assistants}.")
        follow_up = decision.follow_up_due or pa.first_follow_up_due(decision.created_at.date())
        parts.append(
            f"Vi vurderer bevillingen igen senest den {danish_date(follow_up)} "
            "(bekendtgørelsens § 15 stk. 4). Du og virksomheden skal straks fortælle jobcentret om "
            "ændringer, "
            "der kan have betydning for tilskuddet (bekendtgørelsens § 29)."
        )
    return f"{outcome_title} – sag {case.reference}", "\n".join(parts)


def employer_decision_letter(*, decision: Decision) -> tuple[str, str]:
    """The employer's own version: the subsidy's terms only (hours, period, rate, assistants, payment).

    The employer is a party to the subsidy, not to the person's health: this text is composed from the
    decision's terms alone and never from the impairment, the documents, the assessment or the hearing.
    """
    from kompensation.cases.models import Outcome, RateType

    case = decision.case
    employer = case.employer
    person = case.person
    jobcenter = case.administration
    parts = [f"Til {employer.name if employer else 'virksomheden'}"]
    if _is_interpreting(decision):
        return _employer_interpreting_letter(decision, parts)
    if decision.outcome == Outcome.REFUSAL:
        parts += [
            f"{jobcenter} har givet {person.name} afslag på personlig assistance (kompensationsloven). "
            "Der udbetales derfor ikke tilskud til virksomheden. Begrundelsen er sendt til "
            f"{person.first_name}, fordi den bygger på personlige oplysninger.",
        ]
        return f"Afgørelse om tilskud til personlig assistance – sag {case.reference}", "\n".join(parts)
    period = _period_text(decision.start_date, decision.end_date)
    rate = "studentertimelønssats trin 3, stedtillæg IV (standardsatsen)"
    if decision.rate_type == RateType.RAISED:
        rate = "en forhøjet timesats efter en konkret vurdering"
    assistants = ", ".join(a.name for a in decision.assistants.all()) or "ikke angivet"
    application = getattr(case, "application", None)
    parts += [
        f"{jobcenter} har bevilget personlig assistance til {person.name}. Virksomheden får tilskud til "
        "løn til assistenten (kompensationsloven og bekendtgørelsens §§ 22–23).",
        "## Bevillingen",
        f"- Timer: {danish_number(decision.hours_per_week)} timer om ugen som gennemsnit pr. kvartal "
        "(bekendtgørelsens § 15)",
        f"- Periode: {period}",
        f"- Sats: {rate}",
        f"- Assistent: {assistants}",
    ]
    if decision.outcome == Outcome.PARTIAL_GRANT and application is not None:
        # The application's hours and period are the employer's own co-signed figures; the reason is not.
        sought = _period_text(
            application.period_from, None if application.until_further_notice else application.period_to
        )
        parts.append(
            f"Der blev søgt om {danish_number(application.hours_sought)} timer om ugen {sought}. Bevillingen "
            f"er mindre end det søgte. Begrundelsen er sendt til {person.first_name}, fordi den bygger på "
            "personlige oplysninger."
        )
    parts += ["## Sådan anmoder virksomheden om udbetaling", *_payment_guidance(decision)]
    parts.append(
        "Virksomheden skal straks fortælle jobcentret om ændringer, der kan have betydning for tilskuddet, "
        "fx hvis ansættelsen ophører eller assistenten skifter (bekendtgørelsens § 29)."
    )
    return f"Afgørelse om tilskud til personlig assistance – sag {case.reference}", "\n".join(parts)


def _employer_interpreting_letter(decision: Decision, parts: list[str]) -> tuple[str, str]:
    """The employer's version of an interpreting decision: the terms (kind, hours, period, agencies, who
    invoices and who declares), never the impairment, the assessment or the reasons (they are health data)."""
    from kompensation.cases.models import Outcome

    case = decision.case
    person = case.person
    jobcenter = case.administration
    subject = f"Afgørelse om tolkning på arbejdspladsen – sag {case.reference}"
    if decision.outcome == Outcome.REFUSAL:
        parts.append(
            f"{jobcenter} har givet {person.name} afslag på tolkning som personlig assistance "
            "(kompensationsloven). Begrundelsen er sendt til "
            f"{person.first_name}, fordi den bygger på personlige oplysninger."
        )
        return subject, "\n".join(parts)
    period = _period_text(decision.start_date, decision.end_date)
    parts += [
        f"{jobcenter} har bevilget tolkning på arbejdspladsen til {person.name} som personlig assistance "
        "(kompensationsloven og bekendtgørelsens § 12 stk. 4).",
        "## Bevillingen",
        f"- Ydelse: {_interpreting_kind(decision)[:1].upper()}{_interpreting_kind(decision)[1:]}",
        f"- Timer: {danish_number(decision.hours_per_week)} timer om ugen som gennemsnit pr. kvartal "
        "(bekendtgørelsens § 15)",
        f"- Periode: {period}",
        f"- Tolkebureau: {_and_list(_agency_names(decision))}",
    ]
    application = getattr(case, "application", None)
    if decision.outcome == Outcome.PARTIAL_GRANT and application is not None:
        sought = _period_text(
            application.period_from, None if application.until_further_notice else application.period_to
        )
        parts.append(
            f"Der blev søgt om {danish_number(application.hours_sought)} timer om ugen {sought}. Bevillingen "
            f"er mindre end det søgte. Begrundelsen er sendt til {person.first_name}, fordi den bygger på "
            "personlige oplysninger."
        )
    parts += ["## Betaling og erklæringer på tro og love", *_interpreting_terms(decision, to_person=False)]
    parts.append(
        "Virksomheden skal straks fortælle jobcentret om ændringer, der kan have betydning for bevillingen, "
        "fx hvis ansættelsen ophører, eller hvis virksomheden får en økonomisk forbindelse til tolkebureauet "
        "(bekendtgørelsens §§ 25 og 29)."
    )
    return subject, "\n".join(parts)


def _payment_guidance(decision: Decision) -> list[str]:
    """How and when to request payment, with the dates of the grant's first quarter (BEK §§ 25, 27)."""
    case = decision.case
    assert decision.start_date is not None
    year, quarter = payment_rules.quarter_of(decision.start_date)
    _, quarter_end = payment_rules.quarter_bounds(year, quarter)
    deadline = payment_rules.request_deadline(quarter_end)
    earliest = payment_rules.earliest_payable(case.received_on)
    return [
        "Anmod om udbetaling i portalen eller fra lønsystemet (API), for et kvartal eller en måned ad "
        "gangen. Anmodningen skal være modtaget senest ved udgangen af kvartalet efter det kvartal, den "
        f"gælder (bekendtgørelsens § 27). Anmodningen for {quarter}. kvartal {year} skal være modtaget "
        f"senest den {danish_date(deadline)}. Kommer en anmodning for sent, vurderer jobcentret, om "
        "der alligevel kan udbetales.",
        "Oplys timer pr. assistent, og vedhæft lønsedler for assistenten for perioden. Tilskuddet dækker "
        "assistentens løn efter satsen og de tillæg, virksomheden betaler af den faktiske løn: "
        "feriegodtgørelse, ferietillæg, sygeløn, der ikke refunderes af en anden myndighed, ATP, AUB, "
        "pension, 1.–3. ledighedsdag, AUF-bidrag og lovpligtig forsikring (bekendtgørelsens § 23).",
        "Der gives ikke tilskud for perioder mere end 3 måneder før, jobcentret modtog ansøgningen "
        f"(bekendtgørelsens § 25 stk. 5): der betales ikke for tiden før den {danish_date(earliest)}.",
        "Rejseudgifter for assistenten refunderes kun for arbejdsrejser, som jobcentret har godkendt. Søg om "
        "hver rejse for sig, før rejsen, med formål, de anslåede udgifter og fx et konferenceprogram. "
        "Jobcentret refunderer de dokumenterede, rimelige udgifter.",
        "Jobcentret udbetaler senest 14 dage efter at have modtaget en fuldstændig anmodning.",
    ]


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
            f"Send dine bemærkninger senest den {danish_date(response_due)}. Du kan svare skriftligt eller "
            "ringe til din sagsbehandler; telefon og e-mail står øverst i brevet. Hører vi ikke fra dig "
            "inden "
            "fristen, træffer vi afgørelse ud fra de oplysninger, vi har.",
        ]
    )
    return f"Partshøring – sag {case.reference}", body


def late_notice_letter(
    *, case: Case, target: dt.date, expected_on: dt.date, reason: str, target_weeks: int
) -> tuple[str, str]:
    """RSL § 3 stk. 2: when the decision will not come by the date given, say when to expect it, and why."""
    jobcenter = case.administration
    body = "\n".join(
        [
            f"Kære {case.person.name}",
            f"Du har den {danish_date(case.received_on)} søgt om personlig assistance. {jobcenter} "
            f"træffer normalt afgørelse i sager om personlig assistance inden for {target_weeks} uger.",
            f"Vi kan ikke nå at træffe afgørelse inden den {danish_date(target)}. Du kan forvente en "
            f"afgørelse senest den {danish_date(expected_on)}, fordi {_lower_first(reason)}",
            "Vi skriver til dig, fordi kommunen skal give dig besked, når en sag ikke kan afgøres inden for "
            "den frist, kommunen har fastsat (retssikkerhedslovens § 3 stk. 2). Har du spørgsmål, er du "
            "velkommen til at kontakte din sagsbehandler; telefon og e-mail står øverst i brevet.",
        ]
    )
    return f"Din afgørelse bliver forsinket – sag {case.reference}", body


def _kr(amount: Decimal) -> str:
    return formats.amount(amount)
