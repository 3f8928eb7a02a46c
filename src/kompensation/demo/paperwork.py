"""What each step writes: application and employer fields, attachments, investigation, hearing and
decision texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kompensation.cases.grant_kinds import GrantKindCode, InterpretingType
from kompensation.cases.models import (
    Ability,
    Case,
    DocumentType,
    EmploymentForm,
    EmploymentType,
    Outcome,
    PeriodType,
    RateType,
)
from kompensation.rules import pa

from .clock import _days, _hours_text
from .names import _FEMALE_NAMES_OLDER, _LAST_NAMES, _MALE_NAMES_OLDER
from .pdf import demo_pdf
from .profiles import _Profiles
from .records import INVESTIGATING, PARTIAL, REFUSAL, _Plan, _Profile
from .texts import _AIDS, _NO_DOCUMENTATION


class _Paperwork(_Profiles):
    """The fields, attachments and texts each step of a case hands to the services."""

    # -- texts

    def application_fields(self, p: _Profile, plan: _Plan) -> dict[str, Any]:
        r = self.rng
        if r.random() < 0.15:
            period_from = plan.received - _days(r.randint(10, 80))  # retroactive, within 3 months
        else:
            period_from = plan.received + _days(r.randint(0, 30))
        period_to = None
        if not p.until_further_notice:
            period_to = pa.add_months(period_from, 12 * self.weighted({1: 3, 2: 3, 3: 2})) - _days(1)
        tasks = [row["task"] for row in p.rows if row["ability"] != Ability.ALONE]
        if p.cut is not None:
            tasks.append(p.cut[0])
        employee = p.form != EmploymentForm.SELF_EMPLOYED
        return {
            "job_title": p.job,
            "phone": "",
            "email": "",
            "employment_type": EmploymentType.EMPLOYEE if employee else EmploymentType.SELF_EMPLOYED,
            "employment_form": p.form,
            "impairment_description": p.impairment_text,
            "tasks_description": "; ".join([tasks[0], *(t.lower() for t in tasks[1:])]) + ".",
            "hours_sought": p.hours,
            "hours_without_assistance": p.working_hours - p.hours,
            "period_from": period_from,
            "period_to": period_to,
            "until_further_notice": p.until_further_notice,
            "travel": p.travel,
            "travel_description": "Messer og kundemøder i Danmark 3–4 gange om året." if p.travel else "",
            "assistant_approved": True,
        }

    def employer_fields(self, p: _Profile, plan: _Plan) -> dict[str, Any]:
        if p.form == EmploymentForm.SELF_EMPLOYED:
            contact, role = p.person.name, "owner"
            start = plan.received - _days(self.rng.randint(2 * 365, 20 * 365))
        else:
            male = self.rng.random() < 0.5
            first = self.pick(_MALE_NAMES_OLDER if male else _FEMALE_NAMES_OLDER)
            contact, role = f"{first} {self.pick(_LAST_NAMES)}", self.pick(["hr", "management", "owner"])
            new_job = "introduction" in p.types
            start = plan.received - _days(self.rng.randint(5, 60) if new_job else self.rng.randint(90, 6000))
        return {
            "employer_contact_name": contact,
            "employer_contact_role": role,
            "working_hours": p.working_hours,
            "employment_start": start,
        }

    def gp_statement(self, p: _Profile, day: dt.date) -> SimpleUploadedFile:
        outlook = (
            "Tilstanden forventes bedret væsentligt inden for 6 måneder."
            if p.refusal_reason == "not_permanent"
            else "Tilstanden vurderes at være varig."
        )
        content = demo_pdf(
            [
                "LÆGEATTEST - FIKTIV (demodata)",
                "",
                f"Patient: {p.person.name}, født {p.person.birth:%d.%m.%Y}",
                f"Funktionsnedsættelse: {p.impairment_text}",
                outlook,
                f"Dato: {day:%d.%m.%Y}",
                f"Lægehuset i {p.person.city or p.municipality.name} (fiktivt)",
            ]
        )
        return SimpleUploadedFile(
            f"laegeattest-{p.person.last_name.lower()}.pdf", content, content_type="application/pdf"
        )

    def contract(self, p: _Profile, fields: Mapping[str, Any]) -> tuple[SimpleUploadedFile, str]:
        if p.form == EmploymentForm.SELF_EMPLOYED:
            lines = [
                "DOKUMENTATION FOR SELVSTÆNDIG VIRKSOMHED - FIKTIV (demodata)",
                f"{p.company.name}, CVR {p.company.cvr}, ejer {p.person.name}",
            ]
            doc_type = DocumentType.OTHER
        else:
            lines = [
                "ANSÆTTELSESKONTRAKT - FIKTIV (demodata)",
                f"{p.company.name} (CVR {p.company.cvr}) ansætter {p.person.name}",
                f"Stilling: {p.job}, {_hours_text(p.working_hours)} timer om ugen",
                f"Ansat fra {fields['employment_start']:%d.%m.%Y}",
            ]
            doc_type = DocumentType.CONTRACT
        upload = SimpleUploadedFile("kontrakt.pdf", demo_pdf(lines), content_type="application/pdf")
        return upload, doc_type

    def investigation_data(self, p: _Profile) -> dict[str, Any]:
        first = p.person.first_name
        hours = p.hours if p.stage == INVESTIGATING and not p.reheard else p.granted
        tier = "standard" if p.plans_refusal else pa.required_tier(hours, p.working_hours) or "standard"
        concrete = ""
        if tier != "standard":
            limit = pa.weekly_hours_limit(p.working_hours, "standard")
            why = (
                "flere funktionsnedsættelser, som tilsammen giver et større behov"
                if p.impairment == "both"
                else "en meget betydelig funktionsnedsættelse"
            )
            concrete = (
                f"{first} har {why} ({p.impairment_text.lower()}). Dialogskemaet viser et behov på "
                f"{_hours_text(hours)} timer om ugen, som overstiger standardgrænsen på {_hours_text(limit)} "
                f"timer ved {_hours_text(p.working_hours)} timers arbejdstid. Behovet er vurderet konkret "
                "ved virksomhedsbesøget, og det kan ikke dækkes af hjælpemidler."
            )
        if p.refusal_reason == "incompatible":
            compatibility = (
                f"Jobbet som {p.job.lower()} er ikke foreneligt med funktionsnedsættelsen: assistenten ville "
                f"skulle udføre kerneopgaven «{p.core_task.lower()}», ikke kun støttende opgaver."
            )
        else:
            compatibility = (
                f"{first} varetager selv kerneopgaven «{p.core_task.lower()}» og hovedparten af arbejdet som "
                f"{p.job.lower()}. Assistenten løser kun de støttende opgaver i dialogskemaet og bliver "
                "ikke medhjælper eller stedfortræder."
            )
        flex = pa_covers = ""
        if p.form == EmploymentForm.FLEX_JOB:
            flex = (
                f"Fleksjobbet på {_hours_text(p.working_hours)} timer om ugen kompenserer for nedsat "
                "arbejdstempo, hyppige pauser og færre timer."
            )
            supported = ", ".join(row["task"].lower() for row in p.rows if row["ability"] != Ability.ALONE)
            pa_covers = (
                f"De konkrete opgaver i dialogskemaet ({supported}), som {first} ikke kan udføre uanset "
                "tempo og arbejdstid."
            )
        no_documentation = ""
        if not p.has_gp:
            no_documentation = (
                "Døvheden er dokumenteret i en tidligere bevilling af tegnsprogstolk; ny dokumentation er "
                "ikke nødvendig."
                if "sign" in p.types
                else self.pick(_NO_DOCUMENTATION)
            )
        return {
            "working_hours": p.working_hours,
            "impairment_type": p.impairment,
            "no_documentation_reason": no_documentation,
            "compatibility_assessment": compatibility,
            "aids_considered": " ".join(_AIDS[kind] for kind in p.types),
            "flex_job_compensation": flex,
            "pa_covers": pa_covers,
            "tier": tier,
            "concrete_assessment": concrete,
        }

    def hearing_facts(self, p: _Profile, visit: dt.date) -> str:
        if p.refusal_reason == "incompatible":
            return (
                f"Ved vores besøg på arbejdspladsen den {visit:%d.%m.%Y} kom det frem, at assistenten skal "
                f"varetage {p.core_task.lower()}, som er kerneopgaven i jobbet som {p.job.lower()}. "
                "Personlig assistance kan ikke dække kerneopgaverne i et job "
                "(kompensationsloven § 6 stk. 3). Vi påtænker derfor at give afslag."
            )
        if p.refusal_reason == "aids":
            return (
                "Arbejdspladsvurderingen viser, at løftene kan klares med en vakuumløfter og et løftebord, "
                "som virksomheden har fået som hjælpemiddel. Vi påtænker derfor at give afslag, fordi der "
                "ikke er et behov for personlig assistance ud over hjælpemidlerne."
            )
        if p.refusal_reason == "not_permanent":
            return (
                "Lægeattesten fra din egen læge beskriver, at funktionsnedsættelsen forventes at blive "
                "væsentligt bedre inden for 6 måneder. Vi påtænker derfor at give afslag, fordi "
                "funktionsnedsættelsen ikke er varig (kompensationsloven § 4)."
            )
        assert p.cut is not None
        return (
            f"Dialogskemaet viser et behov for assistance på {_hours_text(p.granted)} timer om ugen. "
            f"Opgaven «{p.cut[0].lower()}» vurderer vi, at du selv kan klare med {p.cut[1]}. "
            f"Vi påtænker derfor at bevilge {_hours_text(p.granted)} timer om ugen i stedet for de "
            f"{_hours_text(p.hours)} timer, du har søgt."
        )

    def decision_data(self, p: _Profile, case: Case) -> dict[str, Any]:
        first = p.person.first_name
        if p.stage == REFUSAL:
            reasons = {
                "incompatible": (
                    f"Jobcentret vurderer, at jobbet som {p.job.lower()} ikke er foreneligt med din "
                    f"funktionsnedsættelse, fordi assistenten ville skulle varetage kerneopgaven "
                    f"«{p.core_task.lower()}». Personlig assistance gives kun til støttende opgaver, ikke "
                    "som medhjælper eller stedfortræder (kompensationsloven § 6 stk. 3 og "
                    "bekendtgørelsens § 14)."
                ),
                "aids": (
                    "Jobcentret har vurderet dit behov konkret. Løftene i jobbet klares med de hjælpemidler, "
                    "virksomheden har fået, og der er ikke et behov for personlig assistance ud over "
                    "hjælpemidlerne (kompensationsloven § 6; Ankestyrelsens principafgørelse 151-12)."
                ),
                "not_permanent": (
                    "Funktionsnedsættelsen forventes ifølge lægeattesten at blive væsentligt bedre inden "
                    "for 6 måneder. Den er derfor ikke varig, og betingelsen i kompensationsloven § 4 og "
                    "bekendtgørelsens § 10 er ikke opfyldt. Du kan søge igen, hvis tilstanden ændrer sig."
                ),
            }[p.refusal_reason]
            grounds = {
                "incompatible": ["job_not_compatible"],
                "aids": ["no_need_for_assistance"],
                "not_permanent": ["impairment_not_permanent"],
            }[p.refusal_reason]
            other_help = {
                "incompatible": "Hjælpemidler, en mentor i oplæringen og en anden opgavefordeling i jobbet.",
                "aids": "Hjælpemidler, som virksomheden har fået, og som dækker løftene.",
                "not_permanent": "Hjælpemidler og en delvis sygemelding, mens tilstanden bedres.",
            }[p.refusal_reason]
            return {
                "outcome": Outcome.REFUSAL,
                "reasons": reasons,
                "refusal_grounds": grounds,
                "other_help": other_help,
            }
        received = case.received_on
        application = case.application
        assert application.period_from is not None
        start = max(application.period_from, pa.earliest_start(received))
        supported = ", ".join(row["task"].lower() for row in p.rows if row["ability"] != Ability.ALONE)
        reasons = (
            f"{first} har en varig og betydelig funktionsnedsættelse, som er dokumenteret. {first} varetager "
            f"selv kerneopgaverne som {p.job.lower()}, og jobbet er foreneligt med funktionsnedsættelsen. "
            f"Dialogskemaet viser et behov for assistance på {_hours_text(p.granted)} timer om ugen til "
            f"{supported}. Der bevilges derfor {_hours_text(p.granted)} timer om ugen (kompensationsloven "
            "§§ 4–6 og bekendtgørelsens § 15)."
        )
        if p.stage == PARTIAL and p.cut is not None:
            reasons += (
                f" Opgaven «{p.cut[0].lower()}» kan {first} selv klare med {p.cut[1]}, og den indgår derfor "
                f"ikke. Der bevilges dermed færre timer end de {_hours_text(p.hours)} timer, der er søgt om."
            )
        period: dict[str, Any]
        if p.until_further_notice:
            period = {
                "period_type": PeriodType.UNTIL_FURTHER_NOTICE,
                "end_date": None,
                "period_reason": self.pick(
                    [
                        "Funktionsnedsættelsen er varig og stabil, og behovet for assistance forventes ikke "
                        "at ændre sig.",
                        "Behovet er uændret gennem flere år og knytter sig til faste opgaver i jobbet.",
                    ]
                ),
            }
        else:
            end = application.period_to
            if end is None or end <= start:
                end = pa.add_months(start, 12) - _days(1)
            period = {
                "period_type": PeriodType.TIME_LIMITED,
                "end_date": end,
                "period_reason": self.pick(
                    [
                        "Bevillingen er tidsbegrænset, fordi behovet forventes at ændre sig, når du er "
                        "fuldt oplært i jobbet.",
                        "Bevillingen følger den periode, der er søgt om, så behovet kan vurderes igen.",
                    ]
                    + (["Bevillingen følger fleksjobaftalens periode."] if p.form == "flex_job" else [])
                    + (
                        ["Bevillingen er tidsbegrænset, fordi ansættelsen er tidsbegrænset."]
                        if p.form != EmploymentForm.SELF_EMPLOYED
                        else []
                    )
                ),
            }
        rate: dict[str, Any] = {"rate_type": RateType.STANDARD, "rate_reason": ""}
        if p.raised_rate and "sign" not in p.types:
            rate = {
                "rate_type": RateType.RAISED,
                "rate_reason": (
                    "assistenten skal have faglig indsigt i opgaverne for at kunne kvalitetssikre dem"
                ),
            }
        return {
            "outcome": Outcome.PARTIAL_GRANT if p.stage == PARTIAL else Outcome.GRANT,
            "hours_per_week": p.granted,
            "partial_reason": (
                f"opgaven «{p.cut[0].lower()}» kan du selv klare med {p.cut[1]}."
                if p.stage == PARTIAL and p.cut is not None
                else ""
            ),
            "start_date": start,
            "reasons": reasons,
            **period,
            **rate,
            **self.interpreting_terms(p, case),
        }

    def interpreting_terms(self, p: _Profile, case: Case) -> dict[str, Any]:
        """A deaf person's grant is interpreting by the approved agency, the choice approved at the visit."""
        if "sign" not in p.types:
            return {}
        return {
            "grant_kind": GrantKindCode.INTERPRETING,
            "interpreting_type": InterpretingType.SIGN,
            "agency_choice_approved_on": min(case.received_on + _days(7), timezone.localdate()),
        }
