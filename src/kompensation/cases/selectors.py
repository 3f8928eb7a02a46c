"""Reads. Every query of cases goes through `case_queryset_visible_to`, the one scoping helper."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from kompensation.accounts.models import Municipality, Role, User
from kompensation.accounts.permissions import has
from kompensation.rules import deadlines
from kompensation.rules.followup import FOLLOW_UP_INBOX_DAYS

from .lifecycle import (
    AWAITING_DECISION_STATUSES,
    COMPLAINT_DEADLINE_KINDS,
    COMPLAINT_STATUSES,
    OPEN_STATUSES,
    can_investigate,
)
from .models import (
    DECISION_DEADLINE_KINDS,
    Application,
    Case,
    CaseEvent,
    CaseStatus,
    CaseworkSettings,
    Deadline,
    DeadlineKind,
    Decision,
    Document,
    EventType,
    Hearing,
    Outcome,
)
from .permissions import application_scope, case_scope, document_scope

# A deadline in a list of cases, in a word or two (the inbox's "Næste frist" column).
DEADLINE_LABELS: dict[str, str] = {
    DeadlineKind.DECISION: "Afgørelse",
    DeadlineKind.HEARING_RESPONSE: "Svarfrist",
    DeadlineKind.ANNOUNCED_DECISION: "Varslet afgørelse",
    DeadlineKind.FIRST_FOLLOW_UP: "Opfølgning",
    DeadlineKind.REASSESSMENT: "Genvurdering af klage",
    DeadlineKind.REMAND_DECISION: "Ny afgørelse efter hjemvisning",
    DeadlineKind.INVOICE_DISPUTE: "Afviste tolkesessioner",
    DeadlineKind.FOLLOW_UP: "Opfølgning",
    DeadlineKind.CHANGE_REPORT: "Ændringsanmeldelse",
}

# The inbox's «Fristtype» choices that stand for more than one kind of deadline: «Opfølgning» is the first
# reassessment (BEK § 15 stk. 4) and every later follow-up of the plan.
FOLLOW_UPS = "opfoelgning"
FOLLOW_UP_DEADLINE_KINDS = (DeadlineKind.FIRST_FOLLOW_UP, DeadlineKind.FOLLOW_UP)
DEADLINE_KIND_GROUPS: dict[str, tuple[str, ...]] = {FOLLOW_UPS: FOLLOW_UP_DEADLINE_KINDS}


def deadline_kinds(kind: str) -> tuple[str, ...]:
    """The deadline kinds an inbox «Fristtype» choice stands for."""
    return DEADLINE_KIND_GROUPS.get(kind, (kind,))


def case_queryset_visible_to(user: User) -> QuerySet[Case]:
    """Staff see their municipality's cases; an employer its own CVR's; a citizen their own CPR's."""
    return Case.objects.select_related("person", "employer", "municipality", "caseworker").filter(
        case_scope(user)
    )


def case_get_visible(*, user: User, pk: int) -> Case:
    case = case_queryset_visible_to(user).filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def case_can_edit(*, user: User, case: Case) -> bool:
    return has("cases.change_case", user, case)


def application_queryset_visible_to(user: User) -> QuerySet[Application]:
    """Applications before they become cases: the citizen's own, and those sent to the employer's CVR."""
    return Application.objects.select_related("person", "employer", "case").filter(application_scope(user))


def document_queryset_visible_to(user: User) -> QuerySet[Document]:
    return Document.objects.select_related("case", "application").filter(document_scope(user))


ALL_STATUSES = "alle"
# The complaints tab: cases in the complaint's course, and a remanded case already back under investigation.
COMPLAINTS = "klager"


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""  # "" the open cases, ALL_STATUSES every case, COMPLAINTS, or one CaseStatus
    deadline: str = ""  # "", "overdue", "week"
    q: str = ""
    mine: bool = True
    # "" any deadline, or one DeadlineKind (or FOLLOW_UPS): only cases with that deadline open, by its date
    kind: str = ""
    # "" every scheme, or one SchemeCode: only that scheme's cases (PA, BPA, § 95, § 112, § 113)
    scheme: str = ""


def _open_complaint_step() -> Exists:
    return Exists(
        Deadline.objects.filter(case=OuterRef("pk"), kind__in=COMPLAINT_DEADLINE_KINDS, met_at__isnull=True)
    )


# Control tasks on a granted case: they bring it back into the caseworker's open work until met.
CONTROL_DEADLINE_KINDS = (DeadlineKind.INVOICE_DISPUTE, DeadlineKind.CONTROL_TASK)


def _work_on_decided_case(today: dt.date) -> Exists:
    """A decided case is open work again while a control task on it runs, while a follow-up is due within
    30 days or overdue (`rules.followup.FOLLOW_UP_INBOX_DAYS`), and while a change report waits."""
    soon = today + dt.timedelta(days=FOLLOW_UP_INBOX_DAYS)
    work = (
        Q(kind__in=CONTROL_DEADLINE_KINDS)
        | Q(kind__in=FOLLOW_UP_DEADLINE_KINDS, due__lte=soon)
        | Q(kind=DeadlineKind.CHANGE_REPORT)
    )
    return Exists(Deadline.objects.filter(work, case=OuterRef("pk"), met_at__isnull=True))


def inbox_cases(*, user: User, filters: InboxFilters, today: dt.date) -> QuerySet[Case]:
    """Open cases with their next open deadline, overdue first, then soonest.

    With a deadline kind chosen, only cases with such a deadline open, and that deadline is the one shown;
    on the complaints tab the complaint's own deadlines (re-assessment, new decision after a remand)."""
    open_deadlines = Deadline.objects.filter(case=OuterRef("pk"), met_at__isnull=True)
    if filters.kind:
        open_deadlines = open_deadlines.filter(kind__in=deadline_kinds(filters.kind))
    elif filters.status == COMPLAINTS:
        open_deadlines = open_deadlines.filter(kind__in=COMPLAINT_DEADLINE_KINDS)
    soonest = open_deadlines.order_by("due", "pk")
    cases = case_queryset_visible_to(user).annotate(
        next_due=Subquery(soonest.values("due")[:1]), next_kind=Subquery(soonest.values("kind")[:1])
    )
    if filters.mine and user.role == Role.CASEWORKER:
        cases = cases.filter(Q(caseworker=user) | Q(caseworker__isnull=True))
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status == COMPLAINTS:
        cases = cases.filter(Q(status__in=COMPLAINT_STATUSES) | _open_complaint_step())
    elif filters.status:
        cases = cases.filter(status=filters.status)
    else:
        # A decided case is open work again while a control task, a follow-up or a change report is due.
        cases = cases.filter(Q(status__in=OPEN_STATUSES) | _work_on_decided_case(today))
    if filters.kind:
        cases = cases.filter(next_due__isnull=False)
    if filters.scheme:
        cases = cases.filter(scheme=filters.scheme)
    if filters.deadline == "overdue":
        cases = cases.filter(next_due__lt=today)
    elif filters.deadline == "week":
        cases = cases.filter(next_due__lte=today + dt.timedelta(days=7))
    if filters.q:
        cases = cases.filter(_search(filters.q))
    # Cases without an open deadline last, on PostgreSQL and SQLite alike.
    return cases.order_by(F("next_due").asc(nulls_last=True), "received_on", "pk")


def status_filter_label(status: str) -> str:
    labels = {"": "Alle åbne", ALL_STATUSES: "Alle, også afgjorte", COMPLAINTS: "Klager"}
    return labels.get(status) or CaseStatus(status).label


@dataclass(frozen=True)
class HiddenMatches:
    """Cases the search matches that a filter keeps off the list; `without` is that filter switched off."""

    count: int
    filter_label: str
    without: InboxFilters


def inbox_hidden_matches(*, user: User, filters: InboxFilters, today: dt.date) -> list[HiddenMatches]:
    """For a search: how many more cases match once the status filter, or the 'mine' filter, is off."""
    if not filters.q:
        return []
    shown = inbox_cases(user=user, filters=filters, today=today).count()
    hidden = []
    if filters.status != ALL_STATUSES:
        wider = replace(filters, status=ALL_STATUSES)
        hidden.append(HiddenMatches(0, f"Status: {status_filter_label(filters.status)}", wider))
    if filters.mine and user.role == Role.CASEWORKER:
        hidden.append(HiddenMatches(0, "Kun mine og ufordelte sager", replace(filters, mine=False)))
    counted = [
        replace(h, count=inbox_cases(user=user, filters=h.without, today=today).count() - shown)
        for h in hidden
    ]
    return [h for h in counted if h.count > 0]


# A case number as shown ("PA-2026-000031"), or only its running number ("31", "000031").
_CASE_NUMBER = re.compile(r"(?:(?P<scheme>[a-z]{2,8})-(?P<year>\d{4})-)?(?P<number>\d{1,9})", re.IGNORECASE)


def _case_number(q: str) -> Q | None:
    match = _CASE_NUMBER.fullmatch(q)
    if match is None:
        return None
    condition = Q(pk=int(match["number"]))
    if match["scheme"]:
        condition &= Q(scheme__iexact=match["scheme"], received_on__year=int(match["year"]))
    return condition


def _search(q: str) -> Q:
    """Search by case number, by name, by the masked CPR as shown (ddmmyy or ddmmyy-xxxx) or by CVR;
    never by full CPR."""
    q = q.strip()
    digits = q.replace("-", "").replace("x", "").replace("X", "").replace(" ", "")
    condition = Q(person__first_name__icontains=q) | Q(person__last_name__icontains=q)
    if (number := _case_number(q)) is not None:
        condition |= number
    parts = q.split()
    if len(parts) >= 2:
        condition |= Q(person__first_name__icontains=parts[0], person__last_name__icontains=parts[-1])
    if digits.isdigit() and len(digits) == 6:
        condition |= Q(person__cpr__startswith=digits)
    if digits.isdigit() and len(digits) == 8:
        condition |= Q(employer__cvr=digits)
    condition |= Q(employer__name__icontains=q)
    return condition


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def case_first_active_step(*, case: Case) -> CaseEvent | None:
    return case.events.filter(type=EventType.ACTIVE_STEP).order_by("at").first()


def case_next_deadline(*, case: Case) -> Deadline | None:
    return case.deadlines.filter(met_at__isnull=True).order_by("due").first()


# --- the person's own view («Min sag») ----------------------------------------------------------------


@dataclass(frozen=True)
class PersonEvent:
    at: dt.datetime
    text: str


def _person_event_text(event: CaseEvent) -> str | None:
    """What an event means to the person, in plain Danish; None for the office's own work (notes,
    drafts, the dialog form, payments between employer and municipality), which the page leaves out."""
    p = event.payload
    texts = {
        EventType.CASE_OPENED: "Jobcentret modtog din ansøgning.",
        EventType.CASEWORKER_ASSIGNED: f"{p.get('caseworker') or 'En sagsbehandler'} blev din sagsbehandler.",
        EventType.ACTIVE_STEP: f"{p.get('label', 'Jobcentret gik i gang')} ({_iso_dk(p.get('on'))}).",
        EventType.HEARING_SENT: (
            f"Jobcentret sendte dig en partshøring. Svarfrist: {_iso_dk(p.get('response_due'))}."
        ),
        EventType.HEARING_RESPONSE: "Jobcentret modtog dit svar på partshøringen.",
        EventType.DECISION_SENT: f"Du fik en afgørelse: {_outcome_label(p.get('outcome'))}.",
        EventType.GRANT_STOPPED: "Bevillingen blev standset.",
    }
    if event.type in COMPLAINT_EVENT_TYPES:
        return _person_complaint_text(event)
    return texts.get(EventType(event.type)) if event.type in EventType.values else None


# The complaint's course as the person reads it: dates and outcomes only, never what the complaint, the
# re-assessment or Ankestyrelsen's decision says (those hold health data; the letters carry them).
_PERSON_REASSESSMENT = {
    "changed": "Jobcentret har genvurderet klagen og ændret afgørelsen. Du har fået en ny afgørelse",
    "partly_changed": "Jobcentret har genvurderet klagen og ændret afgørelsen delvist. Resten af klagen "
    "sendes til Ankestyrelsen",
    "upheld": "Jobcentret har genvurderet klagen og fastholder afgørelsen. Klagen sendes til Ankestyrelsen",
}
_PERSON_APPEALS = {
    "upheld": "Ankestyrelsen har truffet afgørelse i klagesagen: afgørelsen er stadfæstet (den gælder)",
    "changed": "Ankestyrelsen har truffet afgørelse i klagesagen: afgørelsen er ændret",
    "remanded": "Ankestyrelsen har sendt sagen tilbage til jobcentret (hjemvist), som skal træffe en ny "
    "afgørelse",
    "dismissed": "Ankestyrelsen har afvist klagen",
}
_STAFF_COMPLAINANT = {"person": "personen", "employer": "virksomheden (om tilskuddet)"}
_STAFF_CHANNEL = {"portal": "Mine sider", "letter": "brev", "email": "e-mail", "oral": "mundtligt"}
_STAFF_REASSESSMENT = {
    "changed": "ændres fuldt ud",
    "partly_changed": "ændres delvist, resten til Ankestyrelsen",
    "upheld": "fastholdes, sendes til Ankestyrelsen",
}
_STAFF_APPEALS = {"upheld": "stadfæstet", "changed": "ændret", "remanded": "hjemvist", "dismissed": "afvist"}


def _person_complaint_text(event: CaseEvent) -> str | None:
    p = event.payload
    on = _iso_dk(p.get("on"))
    whose = (
        "virksomhedens klage over afgørelsen om tilskud"
        if p.get("complainant") == "employer"
        else "din klage over afgørelsen"
    )
    match event.type:
        case EventType.COMPLAINT_RECEIVED:
            late = (
                " Klagen kom efter klagefristen; jobcentret vurderer, om den alligevel kan behandles."
                if p.get("in_time") is False
                else ""
            )
            return f"Jobcentret modtog {whose} ({on}).{late}"
        case EventType.COMPLAINT_LATE_ASSESSED:
            if p.get("accepted"):
                return f"Jobcentret behandler klagen, selv om den kom efter klagefristen ({on})."
            return f"Klagen kom for sent og bliver ikke behandlet ({on}). Begrundelsen står i brevet."
        case EventType.COMPLAINT_WITHDRAWN:
            return f"Klagen blev trukket tilbage ({on}). Afgørelsen gælder som før."
        case EventType.COMPLAINT_REASSESSED:
            text = _PERSON_REASSESSMENT.get(str(p.get("outcome")))
            return f"{text} ({on})." if text else None
        case EventType.COMPLAINT_FORWARDED:
            return f"Jobcentret sendte klagen og sagens dokumenter til Ankestyrelsen ({on})."
        case EventType.APPEALS_DECIDED:
            text = _PERSON_APPEALS.get(
                str(p.get("outcome")), "Ankestyrelsen har truffet afgørelse i klagesagen"
            )
            return f"{text} ({on})."
        case EventType.REMAND_RECEIVED:
            return f"Jobcentret modtog sagen tilbage fra Ankestyrelsen og træffer en ny afgørelse ({on})."
    return None


def event_detail(event: CaseEvent) -> str:
    """A complaint event's facts on the staff case timeline, in one line: what happened, and the day (the
    payload's ISO date as a Danish date); an inspection visit's step likewise; empty for other events."""
    if event.type == EventType.INSPECTION_RECORDED:
        return _visit_detail(event.payload)
    if event.type not in COMPLAINT_EVENT_TYPES and event.type not in (
        EventType.APPEALS_RECEIVED,
        EventType.APPEALS_ASSIGNED,
    ):
        return ""
    p = event.payload
    parts: list[str] = []
    match event.type:
        case EventType.COMPLAINT_RECEIVED:
            parts.append(f"Klager: {_STAFF_COMPLAINANT.get(str(p.get('complainant')), '–')}")
            if p.get("channel") in _STAFF_CHANNEL:
                parts.append(f"via {_STAFF_CHANNEL[str(p['channel'])]}")
            parts.append("rettidig" if p.get("in_time") is not False else "efter klagefristen")
        case EventType.COMPLAINT_LATE_ASSESSED:
            parts.append("behandles alligevel" if p.get("accepted") else "afvist som for sen")
        case EventType.COMPLAINT_REASSESSED:
            parts.append(f"Afgørelsen {_STAFF_REASSESSMENT.get(str(p.get('outcome')), 'genvurderet')}")
        case EventType.APPEALS_DECIDED:
            parts.append(f"Resultat: {_STAFF_APPEALS.get(str(p.get('outcome')), '–')}")
    if p.get("on"):
        parts.append(f"den {_iso_dk(p.get('on'))}")
    if p.get("corrected"):
        parts.append(f"rettet dato. Begrundelse: {p.get('reason') or '–'}")
    if int(p.get("round") or 1) > 1:
        parts.append(f"klagerunde {p['round']}")
    return ", ".join(parts)


_VISIT_STEPS = {"planned": "planlagt til", "held": "holdt", "cancelled": "aflyst"}


def _visit_detail(p: dict[str, object]) -> str:
    """«Uanmeldt tilsynsbesøg nr. 7 planlagt til 05.12.2026»: never the findings (they stay on the visit)."""
    kind = "Anmeldt" if p.get("announced") else "Uanmeldt"
    step = _VISIT_STEPS.get(str(p.get("status")), "registreret")
    return f"{kind} tilsynsbesøg nr. {p.get('visit_id')} {step} {_iso_dk(p.get('on'))}"


def _iso_dk(value: object) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return "–"


def _outcome_label(value: object) -> str:
    return Outcome(str(value)).label.lower() if value in Outcome.values else "se brevet"


def case_timeline_for_person(*, case: Case) -> list[PersonEvent]:
    """The events meant for the person, newest first; internal notes and working steps never appear.

    A re-assessment that upholds the decision (in full or in part) may be recorded again until the complaint
    is forwarded, and the person hears of it with the forwarding: it is shown once forwarded, the last one."""
    events = list(case.events.filter(type__in=PERSON_EVENT_TYPES).order_by("-at", "-id"))
    forwarded = {e.payload.get("complaint_id") for e in events if e.type == EventType.COMPLAINT_FORWARDED}
    shown: list[PersonEvent] = []
    reassessed: set[object] = set()
    for e in events:
        if e.type == EventType.COMPLAINT_REASSESSED and e.payload.get("outcome") != "changed":
            complaint_id = e.payload.get("complaint_id")
            if complaint_id not in forwarded or complaint_id in reassessed:
                continue
            reassessed.add(complaint_id)
        if text := _person_event_text(e):
            shown.append(PersonEvent(at=e.at, text=text))
    return shown


COMPLAINT_EVENT_TYPES = (
    EventType.COMPLAINT_RECEIVED,
    EventType.COMPLAINT_LATE_ASSESSED,
    EventType.COMPLAINT_WITHDRAWN,
    EventType.COMPLAINT_REASSESSED,
    EventType.COMPLAINT_FORWARDED,
    EventType.APPEALS_DECIDED,
    EventType.REMAND_RECEIVED,
)


PERSON_EVENT_TYPES = (
    EventType.CASE_OPENED,
    EventType.CASEWORKER_ASSIGNED,
    EventType.ACTIVE_STEP,
    EventType.HEARING_SENT,
    EventType.HEARING_RESPONSE,
    EventType.DECISION_SENT,
    EventType.GRANT_STOPPED,
    *COMPLAINT_EVENT_TYPES,
)


@dataclass(frozen=True)
class PersonDeadline:
    title: str
    due: dt.date
    text: str
    days_left: int


def case_deadlines_for_person(*, case: Case, today: dt.date) -> list[PersonDeadline]:
    """The dates that concern the person: their own hearing answer, the jobcentre's decision target, the
    first follow-up (BEK § 15 stk. 4) and the next one of the plan, and a complaint's re-assessment or new
    decision after a remand, soonest first."""
    rows: list[PersonDeadline] = []
    if can_investigate(case.status):
        for hearing in case.hearings.filter(response_received_on__isnull=True):
            rows.append(
                PersonDeadline(
                    "Dit svar på partshøringen",
                    hearing.response_due,
                    "Svar senest denne dag. Svarer du ikke, træffer jobcentret afgørelse ud fra de "
                    "oplysninger, de har.",
                    (hearing.response_due - today).days,
                )
            )
    texts = {
        DeadlineKind.DECISION: (
            "Forventet afgørelse",
            "Jobcentrets mål er at træffe afgørelse senest ca. denne dag. Du får besked, hvis det tager "
            "længere tid.",
        ),
        DeadlineKind.FIRST_FOLLOW_UP: (
            "Opfølgning på din bevilling",
            "Jobcentret ser på din bevilling igen senest denne dag.",
        ),
        DeadlineKind.FOLLOW_UP: (
            "Næste opfølgning på din bevilling",
            "Senest denne dag følger jobcentret op på, hvordan det går med hjælpen, og om dit behov har "
            "ændret sig. Du får besked før om, hvordan det foregår – fx et spørgeskema, en samtale eller et "
            "besøg. Ændrer noget sig inden da, skal du give besked med det samme.",
        ),
        DeadlineKind.REASSESSMENT: (
            "Jobcentret genvurderer din klage senest",
            "Senest denne dag giver jobcentret dig ret, eller sender klagen videre til Ankestyrelsen "
            "(retssikkerhedslovens § 66). Du får besked i begge tilfælde.",
        ),
        DeadlineKind.REMAND_DECISION: (
            "Ny afgørelse efter hjemvisning",
            "Ankestyrelsen har sendt sagen tilbage. Jobcentrets mål er at træffe den nye afgørelse senest "
            "ca. denne dag.",
        ),
    }
    for deadline in case.deadlines.filter(met_at__isnull=True, kind__in=list(texts)):
        title, text = texts[DeadlineKind(deadline.kind)]
        rows.append(PersonDeadline(title, deadline.due, text, (deadline.due - today).days))
    return sorted(rows, key=lambda row: row.due)


def case_decision_heading(*, case: Case) -> str:
    """The decision page's headline: a new decision after a complaint or a remand says so."""
    if case.status == CaseStatus.COMPLAINT:
        return "Ny afgørelse efter klage"
    # A remanded case may be back under investigation or in hearing; its remand deadline still runs.
    if (
        case.status == CaseStatus.REMANDED
        or case.deadlines.filter(kind=DeadlineKind.REMAND_DECISION, met_at__isnull=True).exists()
    ):
        return "Ny afgørelse efter hjemvisning"
    return "Træf afgørelse"


def case_open_hearing(*, case: Case) -> Hearing | None:
    """The hearing the person can still answer on «Min sag»."""
    if not can_investigate(case.status):
        return None
    return case.hearings.filter(response_received_on__isnull=True).order_by("-sent_on", "-id").first()


# --- the manager's overview ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseworkerLoad:
    name: str
    open_cases: int
    overdue: int
    oldest_overdue: dt.date | None
    follow_ups_overdue: int = 0  # first reassessments and planned follow-ups past their date
    change_reports: int = 0  # change reports waiting for the caseworker's decision (BEK § 29)


def overview_caseworkers(*, user: User, today: dt.date) -> list[CaseworkerLoad]:
    """Per caseworker of the manager's municipality: open cases, overdue open deadlines (on any of their
    cases, so an overdue follow-up on a decided case counts too), the oldest overdue date, and of those
    deadlines the overdue follow-ups, and the open change reports. Four queries, whatever the caseload."""
    cases = Case.objects.filter(case_scope(user))
    open_counts = {
        row["caseworker"]: row["n"]
        for row in cases.filter(status__in=OPEN_STATUSES).values("caseworker").annotate(n=Count("pk"))
    }
    late = Q(due__lt=today)
    deadline_rows = (
        Deadline.objects.filter(case__in=cases, met_at__isnull=True)
        .filter(late | Q(kind=DeadlineKind.CHANGE_REPORT))
        .values("case__caseworker")
        .annotate(
            n=Count("pk", filter=late),
            oldest=Min("due", filter=late),
            follow_ups=Count("pk", filter=late & Q(kind__in=FOLLOW_UP_DEADLINE_KINDS)),
            change_reports=Count("pk", filter=Q(kind=DeadlineKind.CHANGE_REPORT)),
        )
    )
    deadlines_of = {row.pop("case__caseworker"): row for row in deadline_rows}
    team = (
        User.objects.filter(role=Role.CASEWORKER, municipality_id=user.municipality_id, is_active=True)
        if user.municipality_id is not None
        else User.objects.none()
    ).order_by("first_name", "last_name", "pk")
    ids = [cw.pk for cw in team] + sorted(
        {pk for pk in (*open_counts, *deadlines_of) if pk is not None} - {cw.pk for cw in team}
    )
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}

    def load(pk: int | None, name: str) -> CaseworkerLoad:
        row = deadlines_of.get(pk, {})
        return CaseworkerLoad(
            name,
            open_counts.get(pk, 0),
            row.get("n", 0),
            row.get("oldest"),
            row.get("follow_ups", 0),
            row.get("change_reports", 0),
        )

    rows = [load(pk, names[pk]) for pk in ids]
    if None in open_counts or None in deadlines_of:
        rows.append(load(None, "Ufordelt"))
    return rows


def overview_decisions(*, user: User, start: dt.date, end: dt.date) -> dict[str, int]:
    """Decisions sent in [start, end] (Copenhagen dates) by outcome, every outcome present."""
    counts = dict.fromkeys(Outcome.values, 0)
    sent = (
        Decision.objects.filter(case__in=Case.objects.filter(case_scope(user)))
        .filter(sent_at__date__gte=start, sent_at__date__lte=end)
        .values("outcome")
        .annotate(n=Count("pk"))
    )
    for row in sent:
        counts[row["outcome"]] = row["n"]
    return counts


def decision_target_weeks(municipality: Municipality | int) -> int:
    """The municipality's published decision target in weeks (RSL § 3 stk. 2); 4 weeks unless it set one."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    weeks = (
        CaseworkSettings.objects.filter(municipality_id=municipality_id)
        .values_list("decision_target_weeks", flat=True)
        .first()
    )
    return weeks or deadlines.DECISION_TARGET_WEEKS


def casework_targets() -> list[tuple[Municipality, int]]:
    """Every municipality with its decision target, for the public page."""
    weeks = dict(CaseworkSettings.objects.values_list("municipality_id", "decision_target_weeks"))
    return [
        (m, weeks.get(m.pk, deadlines.DECISION_TARGET_WEEKS)) for m in Municipality.objects.order_by("name")
    ]


def decision_promised_dates(case_ids: list[int]) -> dict[int, dt.date]:
    """Per open case: the latest date the person was told to expect the decision by (target or notice)."""
    rows = (
        Deadline.objects.filter(
            case_id__in=case_ids,
            kind__in=DECISION_DEADLINE_KINDS,
            met_at__isnull=True,
            case__status__in=AWAITING_DECISION_STATUSES,
        )
        .values("case_id")
        .annotate(promised=Max("due"))
    )
    return {row["case_id"]: row["promised"] for row in rows}


@dataclass(frozen=True)
class DelayedDecision:
    case: Case
    promised: dt.date
    days_left: int


def cases_with_decision_delay(
    *, today: dt.date, municipality: Municipality | None = None
) -> list[DelayedDecision]:
    """Open cases whose promised decision date is near or past: the person must be told (RSL § 3 stk. 2)."""
    cases = Case.objects.filter(status__in=AWAITING_DECISION_STATUSES).select_related(
        "person", "caseworker", "municipality"
    )
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    promised = decision_promised_dates(list(cases.values_list("pk", flat=True)))
    flagged = [
        DelayedDecision(case, promised[case.pk], deadlines.days_remaining(promised[case.pk], today))
        for case in cases.filter(pk__in=promised)
        if deadlines.late_notice_due(promised[case.pk], today)
    ]
    return sorted(flagged, key=lambda d: (d.promised, d.case.pk))
