"""Demo interpreting: agencies and interpreters, declarations, a quarter of invoices and planted anomalies.

Runs inside `generate` under the stand-in clock, after the cases (whose deaf applicants got interpreting
grants with the demo agency approved) and the payments. Everything goes through the services: the agency
submits its invoices month by month, the users attest their sessions, the payment officer approves the
clean ones and exports them; the latest month waits in the queue with one planted anomaly of each kind the
controls look for, so the officer's queue shows them flagged first:

* the same interpreter in two overlapping sessions for two users;
* a remote session invoiced with a zone supplement;
* two zone supplements for one interpreter on one day (two users' invoices);
* an amount claimed that differs from the computed one (billed per quarter hour instead of half hour);
* more hours than the grant's quarterly average;
* an interpreter whose declaration of no economic interest is missing;
* a line already invoiced on an earlier invoice (duplicate);
* an interpreter with a registered economic link to the user.

One user disputes a session (routed to the caseworker); one invoice has waited more than 14 days for the
user's confirmation (the reminder job's case).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Grant, GrantStatus
from kompensation.payments import services
from kompensation.payments.models import (
    Agency,
    DeclarationParty,
    EconomicLink,
    Interpreter,
    PaymentRequest,
    RequestStatus,
)
from kompensation.payments.services.invoices import SessionLine, price_lines
from kompensation.rules.deadlines import public_holidays

from .users import DEMO_PASSWORD

INTERPRETERS = [
    ("T-1001", "Ditte Bach"),
    ("T-1002", "Morten Friis"),
    ("T-1003", "Helle Kragh"),
    ("T-1004", "Rasmus Bundgaard"),
    ("T-1005", "Signe Lauritsen"),
]
PLACES = ["7400", "7400", "7400", "7430", "7451", "7500"]


def _weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    holidays = public_holidays(start.year) | public_holidays(end.year)
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _months_back(today: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The `count` whole months before today's month, oldest first."""
    months = []
    first = today.replace(day=1)
    for _ in range(count):
        end = first - dt.timedelta(days=1)
        first = end.replace(day=1)
        months.append((first, end))
    return list(reversed(months))


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


class _Interpreting:
    def __init__(
        self,
        *,
        rng: random.Random,
        at: Callable[[dt.date], None],
        agency: Agency,
        officer: User,
        today: dt.date,
    ) -> None:
        self.rng, self.at, self.agency, self.officer, self.today = rng, at, agency, officer, today
        self.numbers = iter(range(24001, 99999))
        self.team_of: dict[int, list[Interpreter]] = {}
        # Each interpreter's booked sessions, so the ordinary sessions never overlap by chance: the only
        # overlaps in the demo are the planted ones.
        self.busy: dict[tuple[str, dt.date], list[tuple[int, int]]] = {}
        # Interpreter and day with an on-site session: a second user that day gets remote interpreting, so
        # the only double zone supplement in the demo is the planted one.
        self.on_site: set[tuple[str, dt.date]] = set()
        self.duplicate_grant: Grant | None = None
        self.plant_day: dt.date | None = None

    def book(self, number: str, day: dt.date, begin: int, minutes: int) -> bool:
        booked = self.busy.setdefault((number, day), [])
        if any(begin < b_end and b_begin < begin + minutes for b_begin, b_end in booked):
            return False
        booked.append((begin, begin + minutes))
        return True

    # -- people

    def people(self) -> None:
        self.agency_user = User.objects.get(role=Role.INTERPRETER_AGENCY, cvr=self.agency.cvr)
        self.interpreters: list[Interpreter] = []
        for index, (number, name) in enumerate(INTERPRETERS):
            first, last = name.split(" ", 1)
            login = User.objects.create_user(
                username="tolken" if index == 0 else f"mitid-tolk-{number.lower()}",
                password=DEMO_PASSWORD if index == 0 else None,
                role=Role.INTERPRETER,
                first_name=first,
                last_name=last,
                email=f"{number.lower()}@tolke.example",
            )
            interpreter = Interpreter.objects.create(number=number, name=name, email=login.email, user=login)
            interpreter.agencies.add(self.agency)
            self.interpreters.append(interpreter)

    def party(self, grant: Grant, party: str) -> User:
        case = grant.case
        if party == DeclarationParty.USER:
            found = User.objects.filter(role=Role.CITIZEN, cpr=case.person.cpr).first()
            return found or User.objects.create(
                username=f"mitid-tolkebruger-{grant.pk}",
                role=Role.CITIZEN,
                cpr=case.person.cpr,
                password=make_password(None),
                first_name=case.person.first_name,
                last_name=case.person.last_name,
            )
        if party == DeclarationParty.EMPLOYER:
            assert case.employer is not None
            found = User.objects.filter(role=Role.EMPLOYER, cvr=case.employer.cvr).first()
            return found or User.objects.create(
                username=f"loen-{case.employer.cvr}",
                role=Role.EMPLOYER,
                cvr=case.employer.cvr,
                password=make_password(None),
                first_name="Lønkontor",
                last_name=case.employer.name[:120],
            )
        return self.agency_user

    def declarations(
        self, grant: Grant, interpreters: list[Interpreter], *, skip: Interpreter | None
    ) -> None:
        for required in services.declarations_missing(
            grant=grant, agency=self.agency, interpreters=interpreters
        ):
            if required.interpreter is not None and required.interpreter == skip:
                continue
            user = required.interpreter.user if required.interpreter else self.party(grant, required.party)
            assert user is not None
            services.declaration_sign(
                user=user,
                grant=grant,
                agency=self.agency,
                party=required.party,
                interpreter=required.interpreter,
            )

    # -- sessions

    def sessions(
        self, grant: Grant, start: dt.date, end: dt.date, team: list[Interpreter]
    ) -> list[SessionLine]:
        """About the grant's weekly hours, in sessions of 1–3 hours on working days, mostly on site."""
        days = [d for d in _weekdays(max(start, grant.start_date), end) if grant.covers(d)]
        target = grant.hours_per_week * Decimal(len(days)) / 5
        lines: list[SessionLine] = []
        used = Decimal(0)
        for day in sorted(self.rng.sample(days, min(len(days), max(1, int(target // 2) + 1)))):
            if used >= target:
                break
            minutes = self.rng.choice([60, 90, 120, 150, 180])
            begin = self.rng.choice([8 * 60, 9 * 60, 10 * 60 + 30, 13 * 60, 15 * 60 + 30])
            remote = self.rng.random() < 0.3
            number = self.rng.choice(team).number
            if not self.book(number, day, begin, minutes):
                continue
            if (number, day) in self.on_site:
                remote = True
            elif not remote:
                self.on_site.add((number, day))
            lines.append(
                SessionLine(
                    date=day,
                    start=_time(begin),
                    end=_time(begin + minutes),
                    interpreter=number,
                    claimed=Decimal(0),
                    remote=remote,
                    postcode="" if remote else self.rng.choice(PLACES),
                    demanding=self.rng.random() < 0.1,
                )
            )
            used += Decimal(minutes) / 60
        return lines

    def claimed_as_computed(self, grant: Grant, lines: list[SessionLine]) -> list[SessionLine]:
        priced = price_lines(lines, grant=grant)
        return [_with(line, claimed=price.total) for line, price in zip(lines, priced, strict=True)]

    def submit(self, grant: Grant, start: dt.date, end: dt.date, lines: list[SessionLine]) -> PaymentRequest:
        self.at(min(end + dt.timedelta(days=self.rng.randint(2, 6)), self.today - dt.timedelta(days=1)))
        return services.invoice_submit(
            user=self.agency_user,
            agency=self.agency,
            grant=grant,
            period_start=start,
            period_end=end,
            invoice_number=f"{end:%Y}-{next(self.numbers)}",
            lines=sorted(lines, key=lambda x: (x.date, x.start)),
        )

    def attest(self, request: PaymentRequest, *, dispute: bool = False) -> None:
        user = self.party(request.grant, DeclarationParty.USER)
        for interpreter in Interpreter.objects.filter(invoice_lines__request=request).distinct():
            lines = list(request.invoice_lines.filter(interpreter=interpreter).order_by("position"))
            answers: dict[int, tuple[bool, str]] = {line.pk: (True, "") for line in lines}
            if dispute:
                answers[lines[-1].pk] = (False, "Mødet blev aflyst, og tolken kom ikke.")
                dispute = False
            services.statement_attest(user=user, request=request, interpreter=interpreter, answers=answers)
            assert interpreter.user is not None
            services.statement_sign(
                user=interpreter.user, request=request, interpreter=interpreter, party="interpreter"
            )
            services.statement_sign(
                user=self.agency_user, request=request, interpreter=interpreter, party="agency"
            )

    # -- the whole run

    def run(self) -> int:
        grants = list(
            Grant.objects.filter(
                decision__grant_kind="interpreting", status=GrantStatus.ACTIVE, case__municipality__code="657"
            )
            .select_related("case__person", "case__employer", "decision")
            .order_by("pk")
        )
        if not grants:
            return 0
        self.people()
        # Ditte Bach (the `tolken` login) works for every user; two colleagues each from the other three.
        # Signe Lauritsen works for no one until the latest month, where she has not signed (planted).
        team_of = {g.pk: [self.interpreters[0], *self.rng.sample(self.interpreters[1:4], 2)] for g in grants}
        self.team_of = team_of
        for grant in grants:
            self.at(max(grant.start_date, self.today - dt.timedelta(days=200)))
            self.declarations(grant, team_of[grant.pk], skip=None)
        months = _months_back(self.today, 3)
        invoices = 0
        for index, (start, end) in enumerate(months):
            latest = index == len(months) - 1
            if latest:
                paid = set(
                    PaymentRequest.objects.filter(grant__in=grants, status=RequestStatus.PAID).values_list(
                        "grant_id", flat=True
                    )
                )
                # The duplicate goes to a grant with a paid invoice that carries no other planted anomaly.
                self.duplicate_grant = next((g for g in reversed(grants[3:]) if g.pk in paid), None)
                # A day every one of the first three grants covers: the planted overlap and zones meet there.
                common = [d for d in _weekdays(start, end) if all(g.covers(d) for g in grants[:3])]
                self.plant_day = common[len(common) // 2] if common else None
            for grant in grants:
                if (grant.end_date and grant.end_date < start) or grant.start_date > end:
                    continue
                lines = self.sessions(grant, start, end, team_of[grant.pk])
                if not lines:
                    continue
                lines = self.claimed_as_computed(grant, lines)
                if latest:
                    lines = self.plant(grant, grants, lines, start, end)
                request = self.submit(grant, start, end, lines)
                invoices += 1
                if latest:
                    continue
                self.attest(request)
                self.at(min(end + dt.timedelta(days=12), self.today - dt.timedelta(days=1)))
                services.payment_request_approve(
                    user=self.officer,
                    request=request,
                    override_reason=" ".join(
                        f"{c.label}: kontrolleret." for c in services.open_controls(request)
                    ),
                )
            if not latest:
                self.at(min(end + dt.timedelta(days=14), self.today - dt.timedelta(days=1)))
                services.payout_batch_create(user=self.officer)
        self.resend()
        self.attest_latest(grants)
        self.link(grants)
        self.demo_user(grants[0])
        return invoices

    def plant(
        self, grant: Grant, grants: list[Grant], lines: list[SessionLine], start: dt.date, end: dt.date
    ) -> list[SessionLine]:
        """The latest month's anomalies, one of each kind, spread over the grants in order."""
        position = grants.index(grant)
        days = [d for d in _weekdays(start, end) if grant.covers(d)]
        if not days:
            return lines
        day = self.plant_day if self.plant_day in days else days[len(days) // 2]
        ditte = self.interpreters[0]
        own = self.team_of[grant.pk][1]
        planted: list[SessionLine] = []
        claimed: list[SessionLine] = []
        if position == 0:
            # Ditte Bach on site 07:00–08:00 (zone 1), overlapped by grant 1 and zone-doubled by grant 2.
            planted.append(
                SessionLine(day, dt.time(7, 0), dt.time(8, 0), ditte.number, Decimal(0), postcode="7400")
            )
            # Remote, yet invoiced with a zone 1 supplement on top: 650 + 86 (after 17) + 275 = 1.011,00.
            claimed.append(
                SessionLine(
                    days[0], dt.time(18, 0), dt.time(19, 0), own.number, Decimal("1011.00"), remote=True
                )
            )
        elif position == 1:
            # Overlaps grant 0's 07:00–08:00 by half an hour.
            planted.append(
                SessionLine(day, dt.time(7, 30), dt.time(8, 30), ditte.number, Decimal(0), remote=True)
            )
            # 45 minutes billed per quarter hour (0,75 × 650 = 487,50) where the rule bills at least an hour
            # and the supplement before 07 (650 + 86 = 736,00).
            claimed.append(
                SessionLine(
                    days[-1], dt.time(6, 0), dt.time(6, 45), own.number, Decimal("487.50"), remote=True
                )
            )
        elif position == 2:
            # Ditte Bach on site again that day, in Holstebro: a second zone supplement for one day.
            planted.append(
                SessionLine(day, dt.time(19, 0), dt.time(20, 0), ditte.number, Decimal(0), postcode="7500")
            )
        elif position == 3:
            # More hours than the grant's quarterly average: five-hour late shifts on top.
            planted += [
                SessionLine(d, dt.time(16, 0), dt.time(22, 0), own.number, Decimal(0), remote=True)
                for d in days[:20]
                if self.book(own.number, d, 16 * 60, 360)
            ]
        elif position == len(grants) - 1:
            # Signe Lauritsen steps in without having signed her declaration (BEK § 25).
            planted.append(
                SessionLine(
                    day, dt.time(20, 0), dt.time(21, 0), self.interpreters[4].number, Decimal(0), remote=True
                )
            )
        # The odd amounts must not overlap anything by chance (only Ditte Bach's lines do).
        claimed = [c for c in claimed if self.fits(c)]
        self.on_site |= {(c.interpreter, c.date) for c in planted if not c.remote}
        return lines + (self.claimed_as_computed(grant, planted) if planted else []) + claimed

    def resend(self) -> None:
        """The agency sends a paid line again on a new invoice for the earlier month (a duplicate)."""
        grant = self.duplicate_grant
        paid = PaymentRequest.objects.filter(grant=grant, status=RequestStatus.PAID)
        earlier = paid.order_by("-period_end").first() if grant else None
        line = earlier.invoice_lines.order_by("position").first() if earlier else None
        if grant is None or earlier is None or line is None:
            return
        copy = SessionLine(
            line.date,
            line.start,
            line.end,
            line.interpreter.number,
            line.claimed,
            remote=line.remote,
            postcode=line.postcode,
            demanding=line.demanding,
        )
        self.submit(grant, earlier.period_start, earlier.period_end, [copy])

    def fits(self, line: SessionLine) -> bool:
        start = line.start.hour * 60 + line.start.minute
        end = line.end.hour * 60 + line.end.minute or 24 * 60
        return self.book(line.interpreter, line.date, start, end - start)

    def attest_latest(self, grants: list[Grant]) -> None:
        """The latest month: most users confirm; one disputes a session; one has not answered for 14 days."""
        latest = list(
            PaymentRequest.objects.filter(grant__in=grants, status=RequestStatus.SUBMITTED).order_by(
                "grant_id"
            )
        )
        for index, request in enumerate(latest):
            if index == 0:
                continue  # the `tolkebruger` login's: awaits the user, past 14 days (the reminder's case)
            self.at(min(request.period_end + dt.timedelta(days=9), self.today - dt.timedelta(days=1)))
            self.attest(request, dispute=index == 1)

    def link(self, grants: list[Grant]) -> None:
        """An economic link in the registry: an interpreter is the user's sister-in-law (planted)."""
        grant = grants[min(2, len(grants) - 1)]
        interpreter = self.team_of[grant.pk][2]
        EconomicLink.objects.create(
            interpreter=interpreter,
            person=grant.case.person,
            description="Svigerinde til tolkebrugeren (oplyst i et anonymt tip).",
            registered_by=self.officer,
        )
        services.invoice_controls_run(
            request=PaymentRequest.objects.filter(grant=grant).order_by("-period_end").first()  # type: ignore[arg-type]
        )

    def demo_user(self, grant: Grant) -> None:
        """The `tolkebruger` login: the first interpreting user, to confirm sessions on a phone."""
        person = grant.case.person
        User.objects.create_user(
            username="tolkebruger",
            password=DEMO_PASSWORD,
            role=Role.CITIZEN,
            cpr=person.cpr,
            first_name=person.first_name,
            last_name=person.last_name,
        )


def _with(line: SessionLine, **changes: Any) -> SessionLine:
    from dataclasses import replace

    return replace(line, **changes)


def generate_interpreting(
    *, rng: random.Random, at: Callable[[dt.date], None], agency: Agency, officer: User, today: dt.date
) -> int:
    return _Interpreting(rng=rng, at=at, agency=agency, officer=officer, today=today).run()
