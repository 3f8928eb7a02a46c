"""Demo complaints: a fixed set of cases whose decision was complained about, one per stage of a complaint.

Each journey (`JOURNEYS`) is a case of its own in the main municipality, built like the ordinary caseload
(`build`) but planned back from its first decision, which lies far enough back for the whole journey. The
journey's steps then run through the complaint services with the stand-in clock set to each step's day, so
events, deadlines, letters and processing time are the real thing: a complaint in the portal, by letter,
e-mail or orally; late complaints accepted and refused; re-assessments that change the decision fully or in
part or uphold it; forwarding; Ankestyrelsen's receipt, assignment and decision (upheld, changed, dismissed,
remanded) with its document; new decisions after a remand, a second round, and a case remanded twice.

Ankestyrelsen's real durations (Tabel 4.1/4.3: waiting 0–35 weeks, processing 1–55 weeks, the municipality
after a remand 30–57 weeks) would not fit a demo whose caseload spans ~14 months; the journeys scale them
down (waiting 1–10 weeks, processing 3–16 weeks, a new decision 5–14 weeks after a remand) and reach up to
about two years back.

The steps' gaps are drawn before the case is built; the first decision is placed so the last step lands
`tail` days before today. Every day is a working day and never after the generator's `last_day`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases import services
from kompensation.cases.models import (
    Ability,
    Case,
    Channel,
    Decision,
    DocumentType,
    EmploymentForm,
    Outcome,
    PeriodType,
)
from kompensation.complaints import services as complaints
from kompensation.complaints.models import AppealsOutcome, Complainant, Complaint, ComplaintChannel
from kompensation.complaints.models import ReassessmentOutcome as Reassessment
from kompensation.letters.models import Letter
from kompensation.letters.services import letter_render
from kompensation.rules import pa

from .cases import _Generator
from .clock import _days, _half_hours, _hours_text, _next_workday
from .pdf import demo_pdf
from .records import GRANT, PARTIAL, REFUSAL, _Profile
from .texts import (
    _APPEALS_DECISIONS,
    _COMPLAINT_TEXTS,
    _LATE_ACCEPTED,
    _LATE_REFUSED,
    _NEW_DECISION_AFTER_COMPLAINT,
    _NEW_DECISION_AFTER_REMAND,
    _NEW_INFORMATION,
    _REASSESSMENT_REASONS,
    _WITHDRAWAL_NOTES,
)

# Step kinds
COMPLAIN, ASSESS_LATE, REASSESS, NEW_DECISION, FORWARD = (
    "complain",
    "assess_late",
    "reassess",
    "new",
    "forward",
)
AST_RECEIVED, AST_ASSIGNED, AST_DECIDED, WITHDRAW = "ast_received", "ast_assigned", "ast_decided", "withdraw"
EMPLOYER_PORTAL = "employer_portal"  # the employer complains on its own Mine sider
ALL, MORE = "all", "more"  # a new decision grants all the hours sought, or more than before but not all


@dataclass(frozen=True)
class _Step:
    kind: str
    gap: tuple[int, int]  # days after the previous step (the first: after the decision)
    option: str = ""  # channel, outcome, accept/refuse, ALL/MORE


@dataclass(frozen=True)
class _Journey:
    name: str  # what the demo shows, in Danish
    stage: str  # the first decision: PARTIAL or REFUSAL
    steps: tuple[_Step, ...]
    tail: tuple[int, int]  # days from the last step to today
    caseworker: str = "sagsbehandler"
    profile: dict[str, Any] = field(default_factory=dict)


def _to_appeals(channel: str, *, assigned: bool = True) -> tuple[_Step, ...]:
    """A complaint upheld, forwarded and received by Ankestyrelsen (and assigned to a caseworker there)."""
    steps = (
        _Step(COMPLAIN, (5, 20), channel),
        _Step(REASSESS, (8, 20), Reassessment.UPHELD),
        _Step(FORWARD, (0, 3)),
        _Step(AST_RECEIVED, (3, 9)),
    )
    return (*steps, _Step(AST_ASSIGNED, (7, 70))) if assigned else steps


# Partial grants with enough hours cut to change them in part (a new decision of more hours, still not all).
_SEVERAL_HOURS = {"form": EmploymentForm.ORDINARY, "hours_bracket": 2}
_PHYSICAL = {**_SEVERAL_HOURS, "impairment": "physical", "types": ["relief", "secretarial"]}
_MENTAL = {**_SEVERAL_HOURS, "impairment": "mental", "types": ["structuring", "support"]}
_ONLINE = {"channel": Channel.ONLINE}  # the person applied online, so has a login for the portal

REMAND = _Step(AST_DECIDED, (28, 100), AppealsOutcome.REMANDED)

JOURNEYS: tuple[_Journey, ...] = (
    _Journey(
        "Klage på Mine sider, genvurderes (frist om få uger)",
        PARTIAL,
        (_Step(COMPLAIN, (6, 22), ComplaintChannel.PORTAL),),
        tail=(2, 12),
        profile=_ONLINE,
    ),
    _Journey(
        "Klage med brev, fristen for genvurdering er overskredet",
        REFUSAL,
        (_Step(COMPLAIN, (5, 20), ComplaintChannel.LETTER),),
        tail=(31, 45),
    ),
    _Journey(
        "For sen klage med e-mail, ikke vurderet endnu",
        PARTIAL,
        (_Step(COMPLAIN, (33, 50), ComplaintChannel.EMAIL),),
        tail=(2, 10),
        caseworker="sagsbehandler2",
    ),
    _Journey(
        "For sen klage afvist",
        REFUSAL,
        (_Step(COMPLAIN, (40, 70), ComplaintChannel.LETTER), _Step(ASSESS_LATE, (3, 10), "refuse")),
        tail=(20, 120),
    ),
    _Journey(
        "For sen mundtlig klage behandles alligevel, fastholdt og sendt til Ankestyrelsen",
        PARTIAL,
        (
            _Step(COMPLAIN, (30, 40), ComplaintChannel.ORAL),
            _Step(ASSESS_LATE, (2, 6), "accept"),
            _Step(REASSESS, (5, 14), Reassessment.UPHELD),
            _Step(FORWARD, (0, 4)),
        ),
        tail=(5, 40),
    ),
    _Journey(
        "Afgørelsen ændret fuldt ud ved genvurderingen",
        PARTIAL,
        (
            _Step(COMPLAIN, (7, 20), ComplaintChannel.EMAIL),
            _Step(NEW_DECISION, (8, 18), ALL),
            _Step(REASSESS, (0, 3), Reassessment.CHANGED),
        ),
        tail=(20, 200),
        profile=_PHYSICAL,
    ),
    _Journey(
        "Delvist ændret, resten sendt; Ankestyrelsen afviste",
        PARTIAL,
        (
            _Step(COMPLAIN, (5, 20), ComplaintChannel.LETTER),
            _Step(NEW_DECISION, (7, 15), MORE),
            _Step(REASSESS, (0, 3), Reassessment.PARTLY_CHANGED),
            _Step(FORWARD, (0, 3)),
            _Step(AST_RECEIVED, (2, 8)),
            _Step(AST_DECIDED, (20, 60), AppealsOutcome.DISMISSED),
        ),
        tail=(10, 150),
        profile=_MENTAL,
    ),
    _Journey(
        "Sendt til Ankestyrelsen, modtaget, ikke fordelt endnu",
        REFUSAL,
        (
            _Step(COMPLAIN, (10, 24), ComplaintChannel.PORTAL),
            _Step(REASSESS, (10, 20), Reassessment.UPHELD),
            _Step(FORWARD, (0, 4)),
            _Step(AST_RECEIVED, (3, 9)),
        ),
        tail=(5, 60),
        profile=_ONLINE,
    ),
    _Journey(
        "Hos Ankestyrelsen med sagsbehandler, afventer afgørelse",
        PARTIAL,
        _to_appeals(ComplaintChannel.LETTER),
        tail=(5, 60),
        caseworker="sagsbehandler2",
    ),
    _Journey(
        "Ankestyrelsen stadfæstede",
        REFUSAL,
        (*_to_appeals(ComplaintChannel.EMAIL), _Step(AST_DECIDED, (21, 112), AppealsOutcome.UPHELD)),
        tail=(10, 120),
    ),
    _Journey(
        "Ankestyrelsen ændrede afgørelsen",
        PARTIAL,
        (*_to_appeals(ComplaintChannel.LETTER), _Step(AST_DECIDED, (21, 100), AppealsOutcome.CHANGED)),
        tail=(10, 120),
    ),
    _Journey(
        "Hjemvist, afventer ny afgørelse",
        REFUSAL,
        (*_to_appeals(ComplaintChannel.LETTER), REMAND),
        tail=(3, 20),
    ),
    _Journey(
        "Hjemvist, ny afgørelse uden ny klage",
        REFUSAL,
        (*_to_appeals(ComplaintChannel.ORAL), REMAND, _Step(NEW_DECISION, (35, 100), ALL)),
        tail=(10, 90),
        caseworker="sagsbehandler2",
    ),
    _Journey(
        "Hjemvist, ny afgørelse, klaget igen (runde 2), stadfæstet",
        PARTIAL,
        (
            *_to_appeals(ComplaintChannel.LETTER),
            REMAND,
            _Step(NEW_DECISION, (35, 90), MORE),
            *_to_appeals(ComplaintChannel.LETTER),
            _Step(AST_DECIDED, (21, 84), AppealsOutcome.UPHELD),
        ),
        tail=(5, 40),
        profile=_PHYSICAL,
    ),
    _Journey(
        "Hjemvist to gange",
        PARTIAL,
        (
            *_to_appeals(ComplaintChannel.EMAIL),
            REMAND,
            _Step(NEW_DECISION, (35, 90), MORE),
            *_to_appeals(ComplaintChannel.PORTAL),
            REMAND,
            _Step(NEW_DECISION, (30, 70), ALL),
        ),
        tail=(5, 30),
        profile={**_MENTAL, **_ONLINE},
    ),
    _Journey(
        "Virksomhedens klage over tilskuddet på Mine sider",
        PARTIAL,
        (_Step(COMPLAIN, (5, 20), EMPLOYER_PORTAL),),
        tail=(1, 10),
        profile={"form": EmploymentForm.ORDINARY, "channel": Channel.ONLINE},
    ),
    _Journey(
        "Klage trukket tilbage",
        REFUSAL,
        (_Step(COMPLAIN, (5, 20), ComplaintChannel.ORAL), _Step(WITHDRAW, (3, 15))),
        tail=(20, 200),
    ),
)


def _sent_on(decision: Decision) -> dt.date:
    assert decision.sent_at is not None
    return timezone.localdate(decision.sent_at)


@dataclass
class _Course:
    """A journey under way: its case, profile, the caseworker, and the complaint in hand."""

    case: Case
    p: _Profile
    user: User
    complaint: Complaint | None = None

    def live(self) -> Complaint:
        assert self.complaint is not None
        return self.complaint


class _Complaints(_Generator):
    """The complaint journeys on top of the caseload, each forwarding with its package."""

    def run_complaints(self) -> None:
        for journey in JOURNEYS:
            self.journey(journey)

    def journey(self, j: _Journey) -> Case:
        r = self.rng
        gaps = [r.randint(*step.gap) for step in j.steps]
        # Ankestyrelsen's decision reaches the municipality a few days after it is made.
        notices = [r.randint(1, 5) if step.kind == AST_DECIDED else 0 for step in j.steps]
        tail = r.randint(*j.tail)
        span = sum(gaps) + sum(notices) + tail
        options = dict(j.profile)
        if any(step.option == EMPLOYER_PORTAL for step in j.steps):
            options["company"] = self.demo_employer
        user = self.users[j.caseworker]
        p = self.profile(j.stage, self.main, registrar=user, decided_window=(span, span), **options)
        case = self.build(p)
        assert case is not None
        decided = _sent_on(self._latest_decision(case))
        course = _Course(case=case, p=p, user=user)
        offset, day = 0, decided
        for step, gap, notice in zip(j.steps, gaps, notices, strict=True):
            offset += gap
            day = max(day, min(_next_workday(decided + _days(offset)), self.last_day))
            if step.kind == AST_DECIDED:
                offset += notice
                received = max(day, min(_next_workday(decided + _days(offset)), self.last_day))
                self.appeals_decided(course, day, received, step.option)
                day = received
            else:
                self.step(course, step, day)
        return case

    # -- the steps

    def step(self, c: _Course, step: _Step, day: dt.date) -> None:
        self.at(day)
        if step.kind == COMPLAIN:
            c.complaint = self.complain(c, day, step.option)
        elif step.kind == ASSESS_LATE:
            accept = step.option == "accept"
            complaint = c.live()
            late_by = (complaint.received_on - complaint.complaint_deadline).days
            reason = self.pick(_LATE_ACCEPTED if accept else _LATE_REFUSED)
            c.complaint = complaints.complaint_assess_late(
                user=c.user,
                complaint=complaint,
                accept=accept,
                reason=reason.format(days=late_by, first=c.p.person.first_name),
            )
        elif step.kind == NEW_DECISION:
            self.decide_again(c, step.option)
        elif step.kind == REASSESS:
            self.reassess(c, step.option)
        elif step.kind == FORWARD:
            c.complaint = complaints.complaint_forward(user=c.user, complaint=c.live())
            self.package(c)
        elif step.kind == AST_RECEIVED:
            reference = f"{day:%y}-{self.rng.randint(10000, 99999)}"
            c.complaint = complaints.complaint_appeals_received(
                user=c.user, complaint=c.live(), on=day, reference=reference
            )
        elif step.kind == AST_ASSIGNED:
            c.complaint = complaints.complaint_appeals_assigned(user=c.user, complaint=c.live(), on=day)
        elif step.kind == WITHDRAW:
            note = self.pick(_WITHDRAWAL_NOTES).format(first=c.p.person.first_name)
            c.complaint = complaints.complaint_withdraw(user=c.user, complaint=c.live(), on=day, note=note)
        else:  # pragma: no cover - a typo in JOURNEYS
            raise ValueError(step.kind)

    def words(self, c: _Course, **extra: object) -> dict[str, object]:
        p = c.p
        cut, aid = p.cut or ("de støttende opgaver", "hjælpemidler")
        return {
            "first": p.person.first_name,
            "hours": _hours_text(p.hours),
            "granted": _hours_text(p.granted),
            "cut": cut[0].lower() + cut[1:],
            "aid": aid,
            "job": p.job.lower(),
            "decided": f"{_sent_on(self._latest_decision(c.case)):%d.%m.%Y}",
            **extra,
        }

    def complain(self, c: _Course, day: dt.date, channel: str) -> Complaint:
        decision = self._latest_decision(c.case)
        round_two = c.case.complaints.exists()
        if channel == EMPLOYER_PORTAL:
            kind = "employer"
        elif channel == ComplaintChannel.ORAL:
            kind = "oral" if c.p.cut else "oral_refusal"
        elif round_two:
            kind = "round2"
        else:
            kind = "partial" if c.p.cut else "refusal"
        text = self.pick(_COMPLAINT_TEXTS[kind]).format(**self.words(c))
        if channel == EMPLOYER_PORTAL:
            return complaints.complaint_file_in_portal(
                user=self.users["virksomhed"], decision=decision, text=text
            )
        if channel == ComplaintChannel.PORTAL:
            return complaints.complaint_file_in_portal(user=self._citizen(c), decision=decision, text=text)
        upload = None
        if channel in (ComplaintChannel.LETTER, ComplaintChannel.EMAIL):
            heading = (
                "KLAGE - BREV (FIKTIV, demodata)"
                if channel == ComplaintChannel.LETTER
                else ("KLAGE - E-MAIL (FIKTIV, demodata)")
            )
            lines = [
                heading,
                "",
                f"Fra: {c.p.person.name}",
                f"Til: Jobcentret, {self.main.name} Kommune",
                f"Dato: {day:%d.%m.%Y}",
                "",
                *textwrap.wrap(text, 80),
            ]
            name = "klage.pdf" if channel == ComplaintChannel.LETTER else "klage-mail.pdf"
            upload = SimpleUploadedFile(name, demo_pdf(lines), content_type="application/pdf")
        return complaints.complaint_register(
            user=c.user,
            decision=decision,
            complainant=Complainant.PERSON,
            channel=channel,
            received_on=day,
            text=text,
            upload=upload,
        )

    def reassess(self, c: _Course, outcome: str) -> None:
        if outcome == Reassessment.UPHELD:
            key = "upheld_partial" if c.p.cut else "upheld_refusal"
            information = ""
        else:
            key = outcome
            information = self.pick(_NEW_INFORMATION)
        latest = self._latest_decision(c.case)
        new = _hours_text(latest.hours_per_week) if latest.hours_per_week is not None else ""
        c.complaint = complaints.complaint_reassess(
            user=c.user,
            complaint=c.live(),
            outcome=outcome,
            reasons=_REASSESSMENT_REASONS[key].format(**self.words(c, new=new)),
            new_information=information,
        )

    def appeals_decided(self, c: _Course, on: dt.date, received: dt.date, outcome: str) -> None:
        """Ankestyrelsen decided `on`; the municipality got the decision (and a remand) on `received`."""
        self.at(received)
        complaint = c.live()
        lines = [
            "ANKESTYRELSENS AFGØRELSE - FIKTIV (demodata)",
            "",
            f"Sagsnummer: {complaint.appeals_reference or '-'}",
            f"Klage over {self.main.name} Kommunes afgørelse om personlig assistance",
            f"Klager: {c.p.person.name}",
            f"Dato: {on:%d.%m.%Y}",
            "",
            f"Resultat: {AppealsOutcome(outcome).label}",
            *_APPEALS_DECISIONS[outcome],
        ]
        upload = SimpleUploadedFile(
            f"ankestyrelsen-{on:%Y%m%d}.pdf", demo_pdf(lines), content_type="application/pdf"
        )
        c.complaint = complaints.complaint_appeals_decided(
            user=c.user,
            complaint=complaint,
            on=on,
            outcome=outcome,
            upload=upload,
            remand_received_on=received if outcome == AppealsOutcome.REMANDED else None,
        )

    def decide_again(self, c: _Course, extent: str) -> Decision:
        """A new decision: after a complaint (during the re-assessment) or after a remand."""
        case, p = c.case, c.p
        case.refresh_from_db()
        after_remand = case.status == "remanded"
        cut_units = int((p.hours - p.granted) * 2)
        hours = p.hours if extent == ALL or cut_units < 2 else p.granted + _half_hours(cut_units // 2)
        q = replace(p, stage=GRANT if hours >= p.hours else PARTIAL, refusal_reason="", granted=hours)
        if after_remand:
            statement = demo_pdf(
                [
                    "SPECIALLÆGEERKLÆRING - FIKTIV (demodata)",
                    "",
                    f"Patient: {p.person.name}, født {p.person.birth:%d.%m.%Y}",
                    f"Funktionsnedsættelse: {p.impairment_text}",
                    "Tilstanden er varig. Behovet for hjælp er beskrevet i vedlagte skema.",
                    f"Dato: {timezone.localdate():%d.%m.%Y}",
                ]
            )
            services.document_store(
                user=c.user,
                upload=SimpleUploadedFile(
                    "speciallaegeerklaering.pdf", statement, content_type="application/pdf"
                ),
                doc_type=DocumentType.SPECIALIST,
                case=case,
            )
        services.investigation_save(case=case, user=c.user, data=self.investigation_data(q))
        services.dialog_form_save(case=case, user=c.user, rows=self._rows(p, hours))
        data = self.decision_data(q, case)
        prefix = _NEW_DECISION_AFTER_REMAND if after_remand else _NEW_DECISION_AFTER_COMPLAINT
        data["reasons"] = prefix + data["reasons"]
        # The kind follows what was sought (pa.decision_kind): all of it is a grant, less a partial grant.
        application = case.application
        sought_end = None if application.until_further_notice else application.period_to
        end = data["end_date"] if data["period_type"] == PeriodType.TIME_LIMITED else None
        kind = pa.decision_kind(
            application.hours_sought, hours, (application.period_from, sought_end), (data["start_date"], end)
        )
        data["outcome"] = Outcome.GRANT if kind == "grant" else Outcome.PARTIAL_GRANT
        if kind == "partial_grant" and not data["partial_reason"]:
            data["partial_reason"] = (
                "resten af opgaverne kan du selv klare med de hjælpemidler, du har, eller de falder uden for "
                "den periode, der bevilges."
            )
        decision = services.decision_draft(
            case=case,
            user=c.user,
            data=data,
            assistant_ids=list(application.assistants.values_list("pk", flat=True)),
        )
        return services.decision_send(decision=decision, user=c.user)

    @staticmethod
    def _rows(p: _Profile, hours: Decimal) -> list[dict[str, Any]]:
        """The dialog form once `hours` are granted: the cut task (or part of it) is now supported."""
        if p.cut is None:
            return p.rows
        task = p.cut[0]
        rows = [row for row in p.rows if row["task"] != task]
        supported = int((hours - p.granted) * 60)
        alone = int((p.hours - hours) * 60)
        if supported:
            rows.append(
                {
                    "task": task,
                    "minutes_per_week": supported,
                    "ability": Ability.SUPPORT,
                    "assistant_does": f"Hjælper med {task[0].lower()}{task[1:]}",
                }
            )
        if alone:
            rows.append({"task": f"{task} (resten)", "minutes_per_week": alone, "ability": Ability.ALONE})
        return rows

    def _citizen(self, c: _Course) -> User:
        found = User.objects.filter(role=Role.CITIZEN, cpr=c.case.person.cpr).order_by("pk").first()
        return found or self.citizen_user(c.p.person)

    @staticmethod
    def _latest_decision(case: Case) -> Decision:
        decision = case.decisions.filter(sent_at__isnull=False).order_by("-sent_at", "-pk").first()
        assert decision is not None
        return decision

    def package(self, c: _Course) -> None:
        """Build the forwarding package now, as the task would right after the forwarding's commit (which
        never comes inside the generator's transaction), so it holds what the case held that day. The
        case's letters are rendered first, each at the moment it was sent, as their own tasks would have
        been (queued before the package's); `_render_letters` then skips them."""
        forwarded_at = self.clock.moment
        assert forwarded_at is not None
        for letter in Letter.objects.filter(case=c.case, sent_at__isnull=False, pdf="").order_by("sent_at"):
            self.clock.moment = letter.sent_at
            letter_render(letter_id=letter.pk)
        self.cursor = forwarded_at + dt.timedelta(minutes=1)
        self.clock.moment = self.cursor
        complaints.complaint_package_build(complaint_id=c.live().pk)
