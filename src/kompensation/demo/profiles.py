"""Dealing the case mix: each case's stage, person, job, need, assistants and dialog form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from kompensation.accounts.models import Municipality, User
from kompensation.cases.models import Ability, AssistantKind, Channel, EmploymentForm
from kompensation.rules import pa

from .base import T
from .clock import _days, _half_hours
from .names import _ASSISTANCE_AGENCIES, _TRADES
from .records import GRANT, HEARING, INVESTIGATING, PARTIAL, RECEIVED, REFUSAL, _Company, _Profile
from .registers import _towns
from .texts import _IMPAIRMENT_TEXTS, _PARTIAL_CUTS, _TASKS
from .users import _Users

# --- the case mix (shared/domain/case-mix.md, BDO Bilag 2 tabel 1; columns: mental, physical, both) -----

_IMPAIRMENT_WEIGHTS = {"mental": 74, "physical": 195, "both": 16}
_COLUMN = {"mental": 0, "physical": 1, "both": 2}
_MALE_FEMALE = {"mental": (53, 20), "physical": (114, 81), "both": (7, 9)}
_AGE_BRACKETS = ((18, 29), (30, 39), (40, 49), (50, 59), (60, 69))
_AGE_WEIGHTS = {"mental": (25, 21, 14, 7, 7), "physical": (9, 22, 39, 66, 59), "both": (3, 6, 1, 5, 1)}
# Education (§ 5 stk. 2; 3 of 285, unemployed without an employer) is left out of the demo.
_EMPLOYMENT_WEIGHTS = {
    "mental": {"flex_job": 30, "ordinary": 26, "self_employed": 4, "pensioner": 10},
    "physical": {"flex_job": 29, "ordinary": 95, "self_employed": 62, "pensioner": 5},
    "both": {"flex_job": 7, "ordinary": 6, "self_employed": 2, "pensioner": 1},
}
_UNTIL_FURTHER_NOTICE = {"mental": (61, 12), "physical": (163, 31), "both": (15, 1)}  # (limited, ufn)
_HOURS_BRACKETS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, 26))
_HOURS_WEIGHTS = {"mental": (27, 24, 10, 10, 1), "physical": (50, 51, 35, 52, 5), "both": (9, 0, 3, 4, 0)}
_TYPE_WEIGHTS = {
    "relief": (0, 107, 7),
    "secretarial": (6, 32, 3),
    "structuring": (56, 20, 13),
    "reading": (2, 14, 0),
    "sign": (0, 44, 0),
    "driving": (0, 13, 1),
    "support": (33, 4, 3),
    "introduction": (18, 3, 2),
    "retention": (26, 0, 4),
    "other": (13, 9, 0),
}


class _Profiles(_Users):
    """The case mix dealt into profiles: one `_Profile` per case to build."""

    # -- profiles

    def stages(self, n: int) -> list[str]:
        counts = {RECEIVED: round(0.15 * n), INVESTIGATING: round(0.20 * n), HEARING: round(0.10 * n)}
        if n >= 8:
            counts = {stage: max(1, count) for stage, count in counts.items()}
        decided = n - sum(counts.values())
        partial = round(0.12 * decided)
        refusal = round(0.12 * decided)
        if decided >= 6:
            partial, refusal = max(1, partial), max(1, refusal)
        stages = [stage for stage, count in counts.items() for _ in range(count)]
        stages += [PARTIAL] * partial + [REFUSAL] * refusal + [GRANT] * (decided - partial - refusal)
        self.rng.shuffle(stages)
        return stages

    def deck(self, weights: Mapping[T, int], n: int) -> list[T]:
        """`n` values in the proportions of `weights` (largest remainder), shuffled.

        Dealing from a deck instead of drawing each case on its own keeps a small caseload (25 or 60
        cases) close to the audit's shares, e.g. 84/16 time-limited against until further notice.
        """
        weights = {key: weight for key, weight in weights.items() if weight > 0}
        total = sum(weights.values())
        exact = {key: n * weight / total for key, weight in weights.items()}
        counts = {key: int(value) for key, value in exact.items()}
        by_remainder = sorted(weights, key=lambda key: exact[key] - counts[key], reverse=True)
        for key in by_remainder[: n - sum(counts.values())]:
            counts[key] += 1
        values = [key for key in weights for _ in range(counts[key])]
        self.rng.shuffle(values)
        return values

    def mix(self, stages: Sequence[str]) -> list[dict[str, Any]]:
        """Each case's impairment, gender, age, employment form, hours and period, dealt from decks.

        The impairment is dealt over all cases; gender, age, employment form and hours within each
        impairment group from that group's column of the case mix; the period over the (partial) grants.
        """
        n = len(stages)
        options: list[dict[str, Any]] = [{"impairment": value} for value in self.deck(_IMPAIRMENT_WEIGHTS, n)]
        for impairment in _IMPAIRMENT_WEIGHTS:
            group = [i for i in range(n) if options[i]["impairment"] == impairment]
            male, female = _MALE_FEMALE[impairment]
            columns: dict[str, Mapping[Any, int]] = {
                "male": {True: male, False: female},
                "age_bracket": dict(enumerate(_AGE_WEIGHTS[impairment])),
                "form": _EMPLOYMENT_WEIGHTS[impairment],
                "hours_bracket": dict(enumerate(_HOURS_WEIGHTS[impairment])),
            }
            for key, weights in columns.items():
                for index, value in zip(group, self.deck(weights, len(group)), strict=True):
                    options[index][key] = value
        granting = [i for i, stage in enumerate(stages) if stage in (GRANT, PARTIAL)]
        limited, ufn = (sum(column) for column in zip(*_UNTIL_FURTHER_NOTICE.values(), strict=True))
        for index, value in zip(granting, self.deck({False: limited, True: ufn}, len(granting)), strict=True):
            options[index]["until_further_notice"] = value
        return options

    def assistance_types(self, impairment: str) -> list[str]:
        column = _COLUMN[impairment]
        pool = {kind: weights[column] for kind, weights in _TYPE_WEIGHTS.items() if weights[column] > 0}
        chosen: list[str] = []
        for _ in range(self.weighted({1: 60, 2: 33, 3: 7})):
            kind = self.weighted(pool)
            chosen.append(kind)
            del pool[kind]
        # A deaf person's need is interpreting; the audit counts those cases on their own.
        return ["sign"] if "sign" in chosen else chosen

    def impairment_text(self, impairment: str, types: Sequence[str]) -> str:
        if "sign" in types:
            return self.pick(_IMPAIRMENT_TEXTS["deaf"])
        if impairment == "physical" and "reading" in types:
            return self.pick(_IMPAIRMENT_TEXTS["sight"])
        if impairment == "physical" and "driving" in types:
            return self.pick(_IMPAIRMENT_TEXTS["no_driving"])
        return self.pick(_IMPAIRMENT_TEXTS[impairment])

    def profile(
        self,
        stage: str,
        municipality: Municipality,
        *,
        registrar: User | None = None,
        impairment: str | None = None,
        male: bool | None = None,
        age_bracket: int | None = None,
        types: list[str] | None = None,
        form: str | None = None,
        hours_bracket: int | None = None,
        until_further_notice: bool | None = None,
        company: _Company | None = None,
        channel: str | None = None,
        received_window: tuple[int, int] = (1, 45),
        decided_window: tuple[int, int] | None = None,
    ) -> _Profile:
        r = self.rng
        impairment = impairment or self.weighted(_IMPAIRMENT_WEIGHTS)
        if male is None:
            male_weight, female_weight = _MALE_FEMALE[impairment]
            male = self.weighted({True: male_weight, False: female_weight})
        if age_bracket is None:
            age_bracket = self.weighted(dict(enumerate(_AGE_WEIGHTS[impairment])))
        low, high = _AGE_BRACKETS[age_bracket]
        age = r.randint(low, high)
        types = types or self.assistance_types(impairment)
        form = form or self.weighted(_EMPLOYMENT_WEIGHTS[impairment])
        if until_further_notice is None:
            limited, ufn = _UNTIL_FURTHER_NOTICE[impairment]
            until_further_notice = self.weighted({False: limited, True: ufn})
        bracket = (
            hours_bracket
            if hours_bracket is not None
            else self.weighted(dict(enumerate(_HOURS_WEIGHTS[impairment])))
        )
        low, high = _HOURS_BRACKETS[bracket]
        top = high * 2 if bracket >= len(_HOURS_BRACKETS) - 2 else high * 2 + 1
        hours = _half_hours(r.randint(max(low * 2, 2), top))
        if "sign" in types:
            hours = min(hours, Decimal(8))  # interpreting is booked for meetings and courses, not all day

        person = self.new_person(municipality, male=male, age=age)
        office_only = "reading" in types
        if form == EmploymentForm.SELF_EMPLOYED:
            trades = [t for t in _TRADES if t[3] == "office"] if office_only else list(_TRADES)
            trade, job, core, tag = self.pick(trades)
            name = self.pick(
                [f"{person.last_name}s {trade}", f"{trade} v/{person.name}", f"{trade} {person.last_name}"]
            )
            town = self.weighted({t: t.weight for t in _towns(municipality)})
            company = self.new_company(
                name=name,
                tag=tag,
                postcode=town.postcode,
                city=town.city,
                street=self.pick(town.streets),
                jobs=((job, core),),
                founded=self.today - _days(r.randint(3 * 365, 25 * 365)),
            )
            working_hours = Decimal(self.pick([37, 37, 40, 45]))
        else:
            if company is None:
                candidates = self.companies[municipality.code]
                if office_only:
                    candidates = [c for c in candidates if c.tag == "office"] or candidates
                company = self.pick(candidates)
            job, core = self.pick(company.jobs)
            if form == EmploymentForm.FLEX_JOB:
                working_hours = Decimal(r.randint(12, 25))
            elif form == EmploymentForm.PENSIONER:
                working_hours = Decimal(self.pick([12, 15, 18, 20, 25, 30]))
            else:
                working_hours = Decimal(self.pick([37, 37, 37, 37, 37, 32, 30, 25]))
        # Assistance never reaches the working hours: the person does the core of the job alone.
        if hours > working_hours - 2:
            if form in (EmploymentForm.FLEX_JOB, EmploymentForm.PENSIONER):
                working_hours = min(Decimal(37), hours + r.randint(4, 10))
            hours = min(hours, working_hours - 2)
        hours = max(hours, Decimal(1))
        # Most part-time applications stay within the proportional standard limit (20 × hours / 37);
        # above it needs a concrete assessment, which the audit saw rarely.
        standard_limit = pa.weekly_hours_limit(working_hours, "standard")
        if hours > standard_limit and bracket < len(_HOURS_BRACKETS) - 1 and r.random() < 0.8:
            hours = max(standard_limit, Decimal(1))

        plans_refusal = stage == REFUSAL or (stage == HEARING and r.random() < 0.5)
        plans_partial = stage == PARTIAL or (stage == HEARING and not plans_refusal)
        reheard = stage == INVESTIGATING and r.random() < 0.2
        has_gp = r.random() < 0.75
        profile = _Profile(
            stage=stage,
            municipality=municipality,
            registrar=registrar
            or self.weighted({self.users["sagsbehandler"]: 7, self.users["sagsbehandler2"]: 3}),
            person=person,
            impairment=impairment,
            impairment_text=self.impairment_text(impairment, types),
            types=types,
            form=form,
            company=company,
            job=job,
            core_task=core,
            hours=hours,
            granted=hours,
            working_hours=working_hours,
            until_further_notice=until_further_notice,
            channel=channel or self.weighted({Channel.PAPER: 65, Channel.ONLINE: 25, Channel.EMAIL: 10}),
            has_gp=has_gp,
            reheard=reheard,
            received_window=received_window,
            decided_window=decided_window,
            hearing_answered=stage != REFUSAL or r.random() < 0.5,
            raised_rate=r.random() < 0.1,
            travel=r.random() < 0.1,
        )
        if plans_refusal:
            reasons = ["incompatible"]
            if has_gp:
                reasons.append("not_permanent")
            if "relief" in types:
                reasons.append("aids")
            profile.refusal_reason = self.pick(reasons)
        if plans_partial or reheard:
            if profile.hours < 3:
                profile.hours = _half_hours(r.randint(6, 12))
                profile.working_hours = max(profile.working_hours, profile.hours + 4)
            cut_units = max(1, round(int(profile.hours * 2) * r.uniform(0.2, 0.4)))
            profile.granted = profile.hours - _half_hours(cut_units)
            cut_kind = next((k for k in ("sign", "reading") if k in types), None) or (
                "mental" if impairment == "mental" else "physical"
            )
            profile.cut = self.pick(_PARTIAL_CUTS[cut_kind])
        profile.assistants = self.assistants(profile)
        profile.rows = self.dialog_rows(profile)
        return profile

    def assistants(self, p: _Profile) -> list[dict[str, str]]:
        if "sign" in p.types:
            return [{"kind": AssistantKind.EXTERNAL, "name": self.interpreter_agency.name, "cpr": ""}]
        if p.form == EmploymentForm.SELF_EMPLOYED or self.rng.random() < 0.35:
            return [{"kind": AssistantKind.EXTERNAL, "name": self.pick(_ASSISTANCE_AGENCIES), "cpr": ""}]
        result = []
        for _ in range(self.weighted({1: 80, 2: 20})):
            colleague = self.new_person(
                p.municipality, male=self.rng.random() < 0.5, age=self.rng.randint(22, 60)
            )
            result.append({"kind": AssistantKind.INTERNAL, "name": colleague.name, "cpr": colleague.cpr})
        return result

    def dialog_rows(self, p: _Profile) -> list[dict[str, Any]]:
        r = self.rng
        supported: list[tuple[str, str]] = []
        for kind in p.types:
            key = f"relief:{p.company.tag}" if kind == "relief" else kind
            pool = [t for t in _TASKS[key] if t not in supported]
            supported += r.sample(pool, min(len(pool), self.weighted({1: 60, 2: 40})))
        units = int(p.granted * 2)  # half hours the assistance tasks add up to
        supported = supported[: max(1, units)]
        cuts = sorted(r.sample(range(1, units), len(supported) - 1)) if len(supported) > 1 else []
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        rows: list[dict[str, Any]] = [
            {
                "task": task,
                "minutes_per_week": share * 30,
                "ability": self.weighted({Ability.SUPPORT: 2, Ability.CANNOT: 1}),
                "assistant_does": does,
            }
            for (task, does), share in zip(supported, shares, strict=True)
        ]
        if p.cut is not None:
            minutes = int((p.hours - p.granted) * 60)
            rows.append({"task": p.cut[0], "minutes_per_week": minutes, "ability": Ability.ALONE})
        alone = int((p.working_hours - p.hours) * 60) // 15 * 15
        if alone > 0:
            other = (
                "Kundekontakt og tilbud" if p.form == EmploymentForm.SELF_EMPLOYED else "Møder med kolleger"
            )
            meetings = min(alone // 4 // 15 * 15, 180)
            rows.append({"task": p.core_task, "minutes_per_week": alone - meetings, "ability": Ability.ALONE})
            if meetings:
                rows.append({"task": other, "minutes_per_week": meetings, "ability": Ability.ALONE})
        for row in rows:
            row.setdefault("assistant_does", "")
        return rows
