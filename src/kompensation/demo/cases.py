"""Building the cases: the day plan of each case, its steps through the case services, the caseload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kompensation.cases import services
from kompensation.cases.models import Case, Channel, DocumentType, EmploymentForm
from kompensation.rules import deadlines

from .clock import _days, _next_workday, _previous_workday
from .paperwork import _Paperwork
from .records import AWAITING, GRANT, HEARING, INVESTIGATING, RECEIVED, _Plan, _Profile
from .texts import _ACTIVE_STEP_NOTES, _HEARING_ANSWERS_PARTIAL, _HEARING_ANSWERS_REFUSAL, _JOURNAL_NOTES

TENANCY_CASES = 3  # Aarhus cases besides the `cases` of the main municipality


class _Generator(_Paperwork):
    """The whole generator: plans each case's days and builds it step by step through the services."""

    # -- the plan: on which days each step happens

    def plan(self, p: _Profile) -> _Plan:
        r, today = self.rng, self.today

        def back(day: dt.date, low: int, high: int) -> dt.date:
            return _previous_workday(day - _days(r.randint(low, high)))

        def forward(day: dt.date, low: int, high: int) -> dt.date:
            return min(_next_workday(day + _days(r.randint(low, high))), self.last_day)

        if p.stage in (RECEIVED, AWAITING):
            plan = _Plan(received=back(today, *p.received_window))
        elif p.stage == INVESTIGATING:
            plan = _Plan(received=today)
            if p.reheard:
                plan.response = back(today, 1, 4)
                plan.hearing = back(plan.response, 4, 10)
                plan.dialog = back(plan.hearing, 0, 3)
            else:
                plan.dialog = back(today, 1, 20)
            plan.active = back(plan.dialog, 0, 6)
            plan.received = back(plan.active, 2, 12)
        elif p.stage == HEARING:
            plan = _Plan(received=today, hearing=back(today, 1, 11))
            assert plan.hearing is not None
            plan.dialog = back(plan.hearing, 0, 4)
            plan.active = back(plan.dialog, 0, 6)
            plan.received = back(plan.active, 2, 12)
        elif p.decided_window is not None:
            # A decided case with a known history after its decision (the complaints): plan back from it.
            plan = _Plan(received=today, decision=back(today, *p.decided_window))
            assert plan.decision is not None
            if p.stage == GRANT:
                plan.dialog = back(plan.decision, 1, 9)
            else:
                if p.hearing_answered:
                    plan.response = back(plan.decision, 1, 5)
                    plan.hearing = back(plan.response, 3, 12)
                else:
                    plan.hearing = back(plan.decision, 15, 20)
                    while deadlines.hearing_deadline(plan.hearing) >= plan.decision:
                        plan.hearing = _previous_workday(plan.hearing - _days(1))
                plan.dialog = back(plan.hearing, 1, 4)
            plan.active = back(plan.dialog, 0, 4)
            plan.received = back(plan.active, 1, 8)
        else:
            received = _next_workday(today - _days(r.randint(45, 425)))
            plan = _Plan(received=received, active=forward(received, 1, 8))
            assert plan.active is not None
            plan.dialog = forward(plan.active, 0, 4)
            if p.stage == GRANT:
                late = r.randint(8, 25) if r.random() < 0.18 else 0  # 81 % are decided within 4 weeks
                plan.decision = forward(plan.dialog, 1 + late, 9 + late)
            else:
                plan.hearing = forward(plan.dialog, 1, 4)
                if p.hearing_answered:
                    plan.response = forward(plan.hearing, 3, 12)
                    plan.decision = forward(plan.response, 1, 5)
                else:
                    plan.decision = forward(deadlines.hearing_deadline(plan.hearing), 1, 4)
        first_step = plan.active or self.last_day
        plan.registered = max(
            plan.received, min(_next_workday(plan.received + _days(r.choice([0, 0, 1, 2]))), first_step)
        )
        # The citizen signs online a few days before the employer co-signs (the case opens on receipt).
        plan.submitted = plan.received if p.stage == AWAITING else plan.received - _days(r.randint(1, 6))
        return plan

    # -- building a case

    def open_online(self, p: _Profile, plan: _Plan) -> Case | None:
        citizen = self.citizen_user(p.person)
        assert plan.submitted is not None
        self.at(plan.submitted)
        application = services.application_start(user=citizen)
        fields = self.application_fields(p, plan)
        services.application_update(
            application=application, user=citizen, data=fields | {"employer_cvr": p.company.cvr}
        )
        services.application_set_assistants(
            application=application, user=citizen, assistants=p.assistants, approved=True
        )
        if p.has_gp:
            services.document_store(
                user=citizen,
                upload=self.gp_statement(p, plan.submitted),
                doc_type=DocumentType.GP,
                application=application,
            )
        services.application_submit(application=application, user=citizen, declaration=True)
        if p.stage == AWAITING:
            return None
        employer_data = self.employer_fields(p, plan)
        signer = self.employer_user(p.company, contact=employer_data["employer_contact_name"])
        self.at(plan.received)
        upload, doc_type = self.contract(p, employer_data)
        services.document_store(user=signer, upload=upload, doc_type=doc_type, application=application)
        return services.application_cosign(
            application=application, user=signer, data=employer_data, declaration=True
        )

    def open_paper(self, p: _Profile, plan: _Plan) -> Case:
        assert plan.registered is not None
        self.at(plan.registered)
        data = {
            "cpr": p.person.cpr,
            "employer_cvr": p.company.cvr,
            "received_on": plan.received,
            "channel": p.channel,
            **self.application_fields(p, plan),
            **self.employer_fields(p, plan),
        }
        uploads = [(self.gp_statement(p, plan.received), DocumentType.GP)] if p.has_gp else []
        return services.application_register_paper(
            user=p.registrar, data=data, assistants=p.assistants, uploads=uploads
        )

    def build(self, p: _Profile) -> Case | None:
        self.cursor = None
        plan = self.plan(p)
        case = self.open_online(p, plan) if p.channel == Channel.ONLINE else self.open_paper(p, plan)
        if case is None or p.stage == RECEIVED:
            return case
        user = p.registrar
        assert plan.active is not None and plan.dialog is not None
        self.at(plan.active)
        kind = self.pick(list(_ACTIVE_STEP_NOTES))
        services.case_record_active_step(
            case=case, user=user, kind=kind, on=plan.active, note=_ACTIVE_STEP_NOTES[kind]
        )
        self.at(plan.dialog)
        services.investigation_save(case=case, user=user, data=self.investigation_data(p))
        services.dialog_form_save(case=case, user=user, rows=p.rows)
        if self.rng.random() < 0.35:
            services.journal_note_add(case=case, user=user, text=self.pick(_JOURNAL_NOTES))
        if p.stage == INVESTIGATING and not p.reheard:
            return case
        if plan.hearing is not None:
            self.at(plan.hearing)
            hearing = services.hearing_send(case=case, user=user, facts=self.hearing_facts(p, plan.active))
            if plan.response is not None:
                self.at(plan.response)
                answers = _HEARING_ANSWERS_REFUSAL if p.plans_refusal else _HEARING_ANSWERS_PARTIAL
                services.hearing_record_response(
                    hearing=hearing, user=user, received_on=plan.response, response=self.pick(answers)
                )
        if not p.decided:
            return case
        assert plan.decision is not None
        self.at(plan.decision)
        case.refresh_from_db()
        decision = services.decision_draft(
            case=case,
            user=user,
            data=self.decision_data(p, case),
            assistant_ids=list(case.application.assistants.values_list("pk", flat=True)),
            agency_ids=[self.agency.pk] if "sign" in p.types else [],
        )
        services.decision_send(decision=decision, user=user)
        return case

    # -- the whole caseload

    def run(self, cases: int) -> None:
        self.register_companies()
        self.create_users()
        main, caseworker2 = self.main, self.users["sagsbehandler2"]
        stages = self.stages(cases)
        grants = [i for i, stage in enumerate(stages) if stage == GRANT]
        received = [i for i, stage in enumerate(stages) if stage == RECEIVED]
        # Slots forced so every screen has something to show, whatever the seed.
        forced: dict[int, dict[str, Any]] = {}
        showcase = [
            # The demo employer's decided case: `virksomhed` sees the decision letter.
            {
                "company": self.demo_employer,
                "form": EmploymentForm.ORDINARY,
                "channel": Channel.ONLINE,
                "hours_bracket": 1,
            },
            # More than 20 hours a week: tier "extended" with a concrete assessment.
            {
                "impairment": "both",
                "types": ["relief", "structuring"],
                "form": EmploymentForm.ORDINARY,
                "hours_bracket": 4,
            },
            # Flex job: what the flex job compensates for, and what personal assistance covers.
            {"form": EmploymentForm.FLEX_JOB, "hours_bracket": 0},
            # Sign-language interpreting by the interpreter agency, until further notice.
            {"impairment": "physical", "types": ["sign"], "until_further_notice": True, "hours_bracket": 0},
        ]
        for index, overrides in zip(grants, showcase, strict=False):
            forced[index] = overrides
        if received:
            # A fresh paper application in the second caseworker's inbox.
            forced[received[0]] = {
                "registrar": caseworker2,
                "channel": Channel.PAPER,
                "received_window": (1, 5),
            }
        if len(received) > 1:
            forced[received[1]] = {"received_window": (30, 45)}  # overdue: past the 4-week target
        mix = self.mix(stages)
        for index, stage in enumerate(stages):
            self.build(self.profile(stage, main, **(mix[index] | forced.get(index, {}))))
        # An online application waiting for the demo employer's signature (no case until it signs).
        waiting = self.profile(
            AWAITING,
            main,
            company=self.demo_employer,
            form=EmploymentForm.ORDINARY,
            channel=Channel.ONLINE,
            received_window=(3, 6),
        )
        self.build(waiting)
        # A few cases in Aarhus: the `aarhus` caseworker sees these and never Herning's.
        if self.other.pk != main.pk:
            aarhus = self.users["aarhus"]
            for stage in [RECEIVED, INVESTIGATING, GRANT][:TENANCY_CASES]:
                self.build(self.profile(stage, self.other, registrar=aarhus, channel=Channel.PAPER))
