"""The decision letter under Serviceloven, in the five numbered parts the shared letter editor works on.

Ankestyrelsen's review (`seeds/004_…`) found decisions that did not explain how the hours were measured, task
by task, or how the whole need is covered. This letter makes the explanation the by-product of the work: the
measurement the decision froze is printed as a table (activity, time, frequency, hours per week, reason) with
its total, and the assessment says how the whole need is covered, why fewer hours are granted if they are,
and — on refusal — which other help was considered (RSL § 5) and whether training was offered (SEL § 85).
The complaint guidance is the shared fixed footer (it names Ankestyrelsen's social route).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from kompensation import formats
from kompensation.cases.models import Outcome
from kompensation.letters.compose import _decided_again, _lower_first, danish_date, danish_number
from kompensation.letters.pdf import table_row
from kompensation.payments.models import PaymentSettings, RateKind
from kompensation.payments.services.rates import rates_for
from kompensation.rules import social as rules
from kompensation.rules.payments import rate_on

from .models import SocialTerms, TrainingOffer
from .selectors import circle_rows, measurement_from_snapshot

if TYPE_CHECKING:
    from kompensation.cases.models import Case, Decision

# What the person applied for, as the letter's sentences name it.
WHAT: dict[str, str] = {
    "bpa": "borgerstyret personlig assistance (BPA)",
    "cash": "kontant tilskud til hjælpere",
    "aid": "støtte til et hjælpemiddel",
    "consumer_good": "støtte til et forbrugsgode",
}
LEGAL: dict[str, str] = {
    "bpa": "servicelovens § 96",
    "cash": "servicelovens § 95",
    "aid": "servicelovens § 112",
    "consumer_good": "servicelovens § 113",
}
TABLE_HEADER = ("Aktivitet", "Kategori", "Tid pr. gang", "Hyppighed", "Timer pr. uge", "Begrundelse")
TRAINING_TEXT: dict[str, str] = {
    TrainingOffer.OFFERED: "Vi har tilbudt dig oplæring i at være arbejdsleder og arbejdsgiver for dine "
    "hjælpere (servicelovens § 85).",
    TrainingOffer.ACCEPTED: "Du har fået tilbudt og modtaget oplæring i at være arbejdsleder og arbejdsgiver "
    "for dine hjælpere (servicelovens § 85).",
    TrainingOffer.DECLINED: "Vi har tilbudt dig oplæring i at være arbejdsleder og arbejdsgiver for dine "
    "hjælpere (servicelovens § 85), men du har takket nej.",
    TrainingOffer.NOT_RELEVANT: "Oplæring i at være arbejdsleder og arbejdsgiver (servicelovens § 85) er "
    "ikke relevant, fordi afgørelsen ikke bygger på din evne til at være arbejdsleder.",
}


def _hours(value: Decimal | None) -> str:
    return danish_number(value)


def _frequency(activity: rules.Activity) -> str:
    times = "gang" if activity.occurrences == 1 else "gange"
    return f"{danish_number(activity.occurrences)} {times} {rules.PER_LABELS[activity.per]}"


def measurement_table(measurement: rules.Measurement) -> list[str]:
    """The measurement as the letter's table: one row per activity, then the total (`letters.pdf.blocks`)."""
    lines = [table_row(TABLE_HEADER)]
    for a in measurement.activities:
        name = a.name
        if a.hour_kind == "standby":
            name += " (rådighedstimer)"
        if a.night:
            name += " (om natten)"
        reason = a.reason
        if a.covered_by:
            reason = f"{reason} Dækkes efter {a.covered_by}."
        lines.append(
            table_row(
                (
                    name,
                    rules.CATEGORY_LABELS[a.category],
                    f"{a.minutes} min.",
                    _frequency(a),
                    _hours(a.weekly_hours),
                    reason,
                )
            )
        )
    lines.append(table_row(("I alt", "", "", "", _hours(measurement.total_hours), "")))
    return lines


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if end is None:
        return f"fra den {danish_date(start)} og indtil videre"
    return f"fra den {danish_date(start)} til og med den {danish_date(end)}"


def _application_part(case: Case) -> list[str]:
    scheme = case.scheme_config
    application = getattr(case, "application", None)
    lines = ["## 1. Din ansøgning"]
    if application is not None:
        lines.append(f"Du har søgt om hjælp til: {application.tasks_description}")
        if application.hours_sought:
            lines.append(f"Du har søgt om {_hours(application.hours_sought)} timer om ugen.")
        if application.impairment_description:
            lines.append(
                f"Du har beskrevet din funktionsnedsættelse sådan: {application.impairment_description}"
            )
    facts = getattr(case, "measurement_facts", None)
    if facts is not None and facts.person_participation:
        lines.append(f"Dine egne oplysninger og ønsker til hjælpen: {facts.person_participation}")
    lines.append(
        f"Vi har behandlet ansøgningen efter {scheme.legal_basis.replace('Serviceloven', 'servicelovens')}. "
        f"Afgørelsen er truffet af {case.administration}."
    )
    return lines


def _circle_part(case: Case) -> tuple[list[str], rules.CircleResult]:
    rows, result = circle_rows(case=case)
    lines = [
        "## 2. Personkredsen",
        f"For at få {WHAT[case.scheme]} skal betingelserne nedenfor være opfyldt. Vi har vurderet dem sådan:",
    ]
    for row in rows:
        answer = row.answer
        if answer is None or answer.met is None:
            verdict, reasoning = "Ikke vurderet", ""
        else:
            verdict = "Opfyldt" if answer.met else "Ikke opfyldt"
            reasoning = f" {answer.reasoning}"
        lines.append(f"- {row.criterion.label} ({row.criterion.basis}): {verdict}.{reasoning}")
    if any(row.criterion.group for row in rows):
        lines.append("Det er nok, at én af betingelserne om væsentlig betydning (nr. 1–3) er opfyldt.")
    if result.in_circle:
        lines.append("Du er derfor i personkredsen.")
    elif result.in_circle is False:
        lines.append("Du er derfor ikke i personkredsen.")
    return lines, result


def _measured_part(case: Case, measurement: rules.Measurement | None) -> list[str]:
    lines = ["## 3. Udmåling af hjælpen"]
    if measurement is None or not measurement.activities:
        lines.append("Vi har ikke udmålt dit behov for hjælp, fordi betingelserne i punkt 2 ikke er opfyldt.")
        return lines
    lines.append(
        "Vi har udmålt dit behov for hjælp aktivitet for aktivitet. Tabellen viser, hvor lang tid hver "
        "aktivitet tager, hvor ofte den skal udføres, hvor mange timer om ugen det giver, og hvorfor:"
    )
    lines += measurement_table(measurement)
    lines.append("Timer om ugen pr. kategori:")
    lines += [
        f"- {rules.CATEGORY_LABELS[category]}: {_hours(hours)} timer"  # type: ignore[index]
        for category, hours in measurement.hours_by_category.items()
    ]
    lines.append(rules.need_statement(measurement, case.scheme))  # type: ignore[arg-type]
    if measurement.qualifying_hours is not None:
        lines.append(
            f"Efter servicelovens § 95 stk. 2 tæller {_hours(measurement.qualifying_hours)} timer om ugen "
            "med i vurderingen af, om behovet er på mere end 20 timer om ugen (personlig hjælp og pleje og "
            "praktisk hjælp). Afløsning og aflastning tæller ikke med."
        )
    elsewhere = [a for a in measurement.activities if a.covered_by]
    if elsewhere:
        lines.append("Disse dele af behovet dækkes efter andre bestemmelser:")
        lines += [
            f"- {a.name}: {_hours(a.weekly_hours)} timer om ugen efter {a.covered_by}" for a in elsewhere
        ]
    facts = getattr(case, "measurement_facts", None)
    if case.scheme == "cash" and facts is not None and facts.carer_declines_relief:
        lines.append(
            "Afløsning og aflastning er ikke udmålt, fordi tilskudsmodtageren ikke ønsker det: "
            f"{facts.relief_declined_note}"
        )
    if facts is not None and facts.round_the_clock and not facts.can_call_for_help:
        lines.append(
            "Du har brug for hjælp hele døgnet og kan ikke selv tilkalde hjælp. Hjælpen er derfor udmålt som "
            "egentlige timer hele døgnet."
        )
    return lines


def _aid_part(case: Case, terms: SocialTerms | None) -> list[str]:
    lines = ["## 3. Udmåling af hjælpen"]
    if terms is not None and terms.product:
        lines.append(f"Produkt: {terms.product}.")
    for trial in case.aid_trials.select_related("supplier").all():
        until = trial.ended_on or trial.planned_end
        text = (
            f"- Afprøvning af {trial.product} fra den {danish_date(trial.started_on)} "
            f"til den {danish_date(until)}"
        )
        if trial.supplier:
            text += f" (leverandør {trial.supplier.name})"
        text += (
            f": {trial.get_result_display().lower()}."
            if trial.result
            else ": afprøvningen er ikke afsluttet."
        )
        if trial.findings:
            text += f" {trial.findings}"
        lines.append(text)
    if terms is not None and terms.supplier is not None and terms.price is not None:
        lines.append(
            f"Leverandør: {terms.supplier.name} (CVR {terms.supplier.cvr}). Pris: {_kr(terms.price)}"
        )
        if case.scheme == "consumer_good":
            lines.append(
                "Til et forbrugsgode ydes støtte med 50 procent af prisen på et almindeligt standardprodukt "
                f"(servicelovens § 113 stk. 3): 50 procent af {_kr(terms.price)} er "
                f"{_kr(terms.support_amount)}"
            )
        else:
            lines.append(
                f"Til et hjælpemiddel ydes støtte til hele prisen (servicelovens § 112 stk. 1): "
                f"{_kr(terms.support_amount)}"
            )
    if len(lines) == 1:
        lines.append("Der er ikke udmålt støtte, fordi betingelserne i punkt 2 ikke er opfyldt.")
    return lines


def _kr(value: Decimal | None) -> str:
    return formats.amount(value)


def _assessment_part(
    decision: Decision, terms: SocialTerms | None, measurement: rules.Measurement | None, hearing_held: bool
) -> list[str]:
    case = decision.case
    lines = ["## 4. Vurdering", decision.reasons]
    if terms is not None and terms.coverage:
        lines.append(f"Sådan dækkes hele dit behov: {terms.coverage}")
    if terms is not None and terms.below_need_reason and measurement is not None:
        lines.append(
            f"Du får bevilget {_hours(decision.hours_per_week)} timer om ugen, og det er færre end de "
            f"{_hours(measurement.payable_hours)} timer, behovet er udmålt til, fordi "
            f"{_lower_first(terms.below_need_reason)}"
        )
    if hearing_held:
        for hearing in case.hearings.all():
            answer = (
                f"Du svarede den {danish_date(hearing.response_received_on)}: {hearing.response}"
                if hearing.answered
                else "Vi har ikke modtaget dit svar inden fristen."
            )
            lines.append(
                f"Vi partshørte dig den {danish_date(hearing.sent_on)} (forvaltningslovens § 19). {answer}"
            )
    if decision.outcome != Outcome.GRANT and decision.other_help:
        lines.append(
            "Anden hjælp, vi har overvejet, og om en anden myndighed kan hjælpe (retssikkerhedslovens § 5): "
            f"{decision.other_help}"
        )
    if decision.outcome != Outcome.GRANT and terms is not None and terms.training_offered:
        lines.append(TRAINING_TEXT[terms.training_offered])
    return lines


def _payee(terms: SocialTerms) -> str:
    role = terms.employer_role
    if role == "person":
        return "dig"
    if role == "relative" and terms.payee_person is not None:
        return f"{terms.payee_person.name}, som er din nærtstående"
    if terms.payee_company is not None:
        return f"{terms.payee_company.name} (CVR {terms.payee_company.cvr})"
    return "modtageren"


def _rate(case: Case, kind: str, day: dt.date | None) -> tuple[Decimal, dt.date] | None:
    """The municipality's rate row of `kind` in force on `day`, or None when there is none."""
    try:
        rate = rate_on(rates_for(kind, municipality=case.municipality), day or timezone.localdate())
    except ValueError:
        return None
    return rate.hourly, rate.valid_from


def _money_lines(decision: Decision, terms: SocialTerms) -> list[str]:
    """Who is paid, when, and at which of the municipality's rate rows (§§ 95–96)."""
    case = decision.case
    lines: list[str] = []
    role = terms.employer_role
    if case.scheme == "bpa" and role:
        label = rules.EMPLOYER_ROLE_LABELS[role].lower()  # type: ignore[index]
        who = "dig selv" if role == "person" else _payee(terms)
        lines.append(f"Arbejdsgiverrollen varetages af {who} ({label}, servicelovens § 96 stk. 3).")
    payee = _payee(terms)
    if role and rules.payment_timing(role) == "advance":  # type: ignore[arg-type]
        lines.append(
            f"Beløbet udbetales hver måned forud til {payee}, senest sidste bankdag før måneden, så lønnen "
            "til hjælperne kan betales."
        )
    elif role:
        lines.append(
            f"Beløbet udbetales hver måned bagud til {payee}, den første bankdag efter måneden, for de timer "
            "bevillingen dækker."
        )
    start = decision.start_date
    kinds = (
        [(RateKind.BPA_HOURLY, "egentlige timer")]
        + ([(RateKind.BPA_STANDBY_HOURLY, "rådighedstimer")] if terms.standby_hours_per_week else [])
        if case.scheme == "bpa"
        else [(RateKind.CASH_HOURLY, "timerne")]
    )
    for kind, what in kinds:
        rate = _rate(case, kind, start)
        if rate is None:
            lines.append(f"Timebeløbet for {what} er kommunens gældende timebeløb.")
        else:
            lines.append(
                f"Timebeløbet for {what} er {_kr(rate[0])} pr. time efter kommunens takst fra den "
                f"{danish_date(rate[1])}."
            )
    if case.scheme == "bpa":
        settings = PaymentSettings.objects.filter(municipality=case.municipality).first()
        per_hour = settings is None or settings.bpa_admin_mode == "per_hour"
        kind = RateKind.BPA_ADMIN_PER_HOUR if per_hour else RateKind.BPA_ADMIN_MONTHLY
        rate = _rate(case, kind, start)
        # Half the municipalities pay it per hour, the rest as a sum (Ankestyrelsen): the letter says which.
        amount = f" på {_kr(rate[0])}" if rate else " efter kommunens takst"
        if per_hour:
            lines.append(f"Der udbetales et administrationsbidrag{amount} pr. time.")
        else:
            lines.append(
                f"Der udbetales et administrationsbidrag som et fast beløb{amount} pr. måned "
                "(forholdsmæssigt for en del af en måned)."
            )
    return lines


def _decision_part(decision: Decision, terms: SocialTerms | None, circle: rules.CircleResult) -> list[str]:
    case = decision.case
    scheme = case.scheme_config
    what = WHAT[case.scheme]
    lines = ["## 5. Afgørelse"]
    if decision.outcome == Outcome.REFUSAL:
        lines.append(f"Du får afslag på {what} efter {LEGAL[case.scheme]}.")
        if circle.unmet:
            lines.append("Afslaget bygger på, at disse betingelser ikke er opfyldt:")
            lines += [f"- {c.label} ({c.basis})." for c in circle.unmet]
        lines.append("Begrundelsen fremgår af punkt 2 og 4.")
        return lines
    if scheme.measured:
        assert terms is not None
        hours = decision.hours_per_week or Decimal(0)
        standby = terms.standby_hours_per_week or Decimal(0)
        lines.append(
            f"Du får bevilget {what} i {_hours(hours)} timer om ugen "
            f"{_period(decision.start_date, decision.end_date)} ({LEGAL[case.scheme]})."
        )
        if standby:
            lines.append(
                f"Heraf er {_hours(hours - standby)} timer egentlige timer og {_hours(standby)} timer "
                "rådighedstimer."
            )
        else:
            lines.append("Alle timer er egentlige timer.")
        if decision.period_type == "time_limited" and decision.period_reason:
            lines.append(f"Bevillingen er tidsbegrænset, fordi {_lower_first(decision.period_reason)}")
        lines += _money_lines(decision, terms)
    else:
        assert terms is not None
        lines.append(
            f"Du får bevilget {what}: {terms.product}, fra den {danish_date(decision.start_date)} "
            f"({LEGAL[case.scheme]})."
        )
        if terms.supplier is not None:
            lines.append(
                f"Støtten på {_kr(terms.support_amount)} betales direkte til leverandøren, "
                f"{terms.supplier.name} (CVR {terms.supplier.cvr})."
            )
    if decision.outcome == Outcome.PARTIAL_GRANT:
        lines.append(
            f"Du får ikke alt det, du har søgt om, fordi {_lower_first(decision.partial_reason)} Det, du "
            "ikke får bevilget, er et afslag. Du kan klage over det som beskrevet i klagevejledningen."
        )
    if decision.follow_up_due:
        lines.append(
            f"Vi følger op på bevillingen senest den {danish_date(decision.follow_up_due)} (servicelovens "
            "§ 148)."
        )
    lines.append(
        "Du skal straks fortælle os om ændringer, der kan have betydning for hjælpen (retssikkerhedslovens "
        "§ 11)."
    )
    return lines


def decision_letter(*, decision: Decision, hearing_held: bool) -> tuple[str, str]:
    """(subject, body) of a decision under §§ 95, 96, 112 or 113 (`cases.schemes.Scheme.decision_letter`)."""
    case = decision.case
    what = WHAT[case.scheme]
    terms = (
        SocialTerms.objects.filter(decision=decision)
        .select_related("payee_person", "payee_company", "supplier")
        .first()
    )
    measurement = measurement_from_snapshot(terms.measurement) if terms and terms.measurement else None
    title = {
        Outcome.GRANT: f"Bevilling af {what}",
        Outcome.PARTIAL_GRANT: f"Delvis bevilling af {what}",
        Outcome.REFUSAL: f"Afslag på {what}",
    }[Outcome(decision.outcome)]
    circle_lines, circle = _circle_part(case)
    parts = [
        f"Kære {case.person.name}",
        f"Du har den {danish_date(case.received_on)} søgt om {what} efter {LEGAL[case.scheme]}. "
        f"{case.administration} har nu truffet afgørelse i sagen.",
        *_decided_again(case),
        *_application_part(case),
        *circle_lines,
        *(_measured_part(case, measurement) if case.scheme_config.measured else _aid_part(case, terms)),
        *_assessment_part(decision, terms, measurement, hearing_held),
        *_decision_part(decision, terms, circle),
    ]
    return f"{title[:1].upper()}{title[1:]} – sag {case.reference}", "\n".join(parts)
